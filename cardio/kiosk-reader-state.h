/* kiosk-reader-state.h: what the reader stack looks like from the kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * KioskReaderState:
 * @KIOSK_READER_STATE_NO_SERVICE: pcscd is not reachable (not started, stopped, restarting)
 * @KIOSK_READER_STATE_NO_READER: the service runs but no reader matches the filter
 * @KIOSK_READER_STATE_EMPTY: a matching reader is there with no card in it
 * @KIOSK_READER_STATE_CARD_PRESENT: a card is in a matching reader
 * @KIOSK_READER_STATE_CARD_MUTE: a card is there but does not answer (no ATR)
 */
typedef enum
{
  KIOSK_READER_STATE_NO_SERVICE,
  KIOSK_READER_STATE_NO_READER,
  KIOSK_READER_STATE_EMPTY,
  KIOSK_READER_STATE_CARD_PRESENT,
  KIOSK_READER_STATE_CARD_MUTE,
} KioskReaderState;

/* Registered so the state can be a signal argument and a property; the nicks are the strings of
 * kiosk_reader_state_to_string(). */
#define KIOSK_TYPE_READER_STATE (kiosk_reader_state_get_type ())
GType kiosk_reader_state_get_type (void);

const char *kiosk_reader_state_to_string (KioskReaderState state);

G_END_DECLS
