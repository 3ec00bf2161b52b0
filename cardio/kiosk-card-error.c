/* kiosk-card-error.c: the one error domain of card I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-card-error.h"

#include <gio/gio.h>

/* Spelt out rather than G_DEFINE_QUARK: clang-format would put spaces into that macro's
 * stringified name. */
GQuark
kiosk_card_error_quark (void)
{
  return g_quark_from_static_string ("kiosk-card-error-quark");
}

/* Status words with a code of their own (ISO 7816-4 §5.6, jpki-card.md §8). 63Cx is matched
 * by its high byte in kiosk_card_error_from_sw() because x is the tries counter. Everything not
 * listed is COMMAND_FAILED. */
static const struct
{
  guint16 sw;
  KioskCardError code;
  const char *message;
} sw_table[] = {
  { 0x6984, KIOSK_CARD_ERROR_BLOCKED, "reference data not usable (PIN blocked)" },
  { 0x6983, KIOSK_CARD_ERROR_BLOCKED, "authentication method blocked" },
  { 0x6982, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED, "security status not satisfied" },
  { 0x6A82, KIOSK_CARD_ERROR_NOT_FOUND, "file or application not found" },
  { 0x6B00, KIOSK_CARD_ERROR_END_OF_FILE, "wrong parameters P1-P2 (offset past the end)" },
  { 0x6700, KIOSK_CARD_ERROR_WRONG_LENGTH, "wrong length" },
};

KioskCardError
kiosk_card_error_from_sw (guint16 sw, int *tries_left)
{
  if ((sw & 0xFFF0) == 0x63C0)
    {
      int tries = sw & 0x0F;

      if (tries_left != NULL)
        *tries_left = tries;
      return tries > 0 ? KIOSK_CARD_ERROR_WRONG_PIN : KIOSK_CARD_ERROR_BLOCKED;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (sw_table); i++)
    if (sw_table[i].sw == sw)
      return sw_table[i].code;

  return KIOSK_CARD_ERROR_COMMAND_FAILED;
}

static const char *
sw_message (guint16 sw)
{
  if ((sw & 0xFFF0) == 0x63C0)
    return (sw & 0x0F) > 0 ? "verification failed" : "verification failed, no tries left";

  for (gsize i = 0; i < G_N_ELEMENTS (sw_table); i++)
    if (sw_table[i].sw == sw)
      return sw_table[i].message;

  return "command failed";
}

void
kiosk_card_error_set_from_sw (GError **error, guint16 sw, const char *command)
{
  KioskCardError code = kiosk_card_error_from_sw (sw, NULL);

  if ((sw & 0xFFF0) == 0x63C0)
    g_set_error (error, KIOSK_CARD_ERROR, code, "SW %04X: %s: %s (%u tries left)", sw,
                 command ? command : "command", sw_message (sw), (guint)(sw & 0x0F));
  else
    g_set_error (error, KIOSK_CARD_ERROR, code, "SW %04X: %s: %s", sw,
                 command ? command : "command", sw_message (sw));
}

const char *
kiosk_card_error_to_string (KioskCardError code)
{
  switch (code)
    {
    case KIOSK_CARD_ERROR_NO_SERVICE:
      return "no-service";
    case KIOSK_CARD_ERROR_NO_READER:
      return "no-reader";
    case KIOSK_CARD_ERROR_READER_GONE:
      return "reader-gone";
    case KIOSK_CARD_ERROR_REMOVED:
      return "removed";
    case KIOSK_CARD_ERROR_NO_CARD:
      return "no-card";
    case KIOSK_CARD_ERROR_UNRESPONSIVE:
      return "unresponsive";
    case KIOSK_CARD_ERROR_MALFORMED:
      return "malformed";
    case KIOSK_CARD_ERROR_NOT_JPKI:
      return "not-jpki";
    case KIOSK_CARD_ERROR_WRONG_PIN:
      return "wrong-pin";
    case KIOSK_CARD_ERROR_BLOCKED:
      return "blocked";
    case KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED:
      return "security-not-satisfied";
    case KIOSK_CARD_ERROR_NOT_FOUND:
      return "not-found";
    case KIOSK_CARD_ERROR_END_OF_FILE:
      return "end-of-file";
    case KIOSK_CARD_ERROR_WRONG_LENGTH:
      return "wrong-length";
    case KIOSK_CARD_ERROR_COMMAND_FAILED:
      return "command-failed";
    default:
      return "unknown";
    }
}

gboolean
kiosk_card_error_is_card_gone (const GError *error)
{
  return error != NULL && error->domain == KIOSK_CARD_ERROR
         && (error->code == KIOSK_CARD_ERROR_REMOVED || error->code == KIOSK_CARD_ERROR_READER_GONE
             || error->code == KIOSK_CARD_ERROR_NO_SERVICE);
}
