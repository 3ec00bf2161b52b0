/* kiosk-card-error.h: the one error domain of card I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_CARD_ERROR (kiosk_card_error_quark ())

/**
 * KioskCardError:
 *
 * Errors of the card layer, grouped by where they arise. Cancellation is always
 * G_IO_ERROR_CANCELLED, never a code of this domain. Messages are for logs and the CLI, not
 * for the screen (ui/ writes its own translated text per code) and never hold a PIN.
 */
typedef enum
{
  /* transport: the reader stack */
  KIOSK_CARD_ERROR_NO_SERVICE,  /* pcscd is not running, or stopped under us */
  KIOSK_CARD_ERROR_NO_READER,   /* no reader matches the configured filter */
  KIOSK_CARD_ERROR_READER_GONE, /* the reader disappeared mid-command */
  /* card */
  KIOSK_CARD_ERROR_REMOVED,      /* card taken out (or pulled) mid-command */
  KIOSK_CARD_ERROR_NO_CARD,      /* asked to talk to a card while none is present */
  KIOSK_CARD_ERROR_UNRESPONSIVE, /* power-up failed, transmit failed, card mute */
  KIOSK_CARD_ERROR_MALFORMED,    /* the answer is not what the protocol allows */
  KIOSK_CARD_ERROR_NOT_JPKI,     /* no JPKI AP, or a token that is not a My Number card */
  /* command: one per status-word class */
  KIOSK_CARD_ERROR_WRONG_PIN,              /* 63Cx, x > 0: tries left in the out parameter */
  KIOSK_CARD_ERROR_BLOCKED,                /* 6984, or 63C0 */
  KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED, /* 6982 */
  KIOSK_CARD_ERROR_NOT_FOUND,              /* 6A82 */
  KIOSK_CARD_ERROR_END_OF_FILE,            /* 6B00 at offset 0: an empty EF */
  KIOSK_CARD_ERROR_WRONG_LENGTH,           /* 6700 */
  KIOSK_CARD_ERROR_COMMAND_FAILED,         /* any other status word */
} KioskCardError;

GQuark kiosk_card_error_quark (void);

/* Maps a status word other than 9000 to a code; *tries_left is set for 63Cx (else left alone). */
KioskCardError kiosk_card_error_from_sw (guint16 sw, int *tries_left);

/* Sets @error from a status word, with the word in the message ("SW 6982: …"). */
void kiosk_card_error_set_from_sw (GError **error, guint16 sw, const char *command);

const char *kiosk_card_error_to_string (KioskCardError code);

/* Removal, reader gone and no service all mean "the card is not there any more". */
gboolean kiosk_card_error_is_card_gone (const GError *error);

G_END_DECLS
