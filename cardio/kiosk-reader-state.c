/* kiosk-reader-state.c: what the reader stack looks like from the kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-reader-state.h"

/* The nicks match kiosk_reader_state_to_string(). */
G_DEFINE_ENUM_TYPE (KioskReaderState, kiosk_reader_state,
                    G_DEFINE_ENUM_VALUE (KIOSK_READER_STATE_NO_SERVICE, "no-service"),
                    G_DEFINE_ENUM_VALUE (KIOSK_READER_STATE_NO_READER, "no-reader"),
                    G_DEFINE_ENUM_VALUE (KIOSK_READER_STATE_EMPTY, "empty"),
                    G_DEFINE_ENUM_VALUE (KIOSK_READER_STATE_CARD_PRESENT, "card-present"),
                    G_DEFINE_ENUM_VALUE (KIOSK_READER_STATE_CARD_MUTE, "card-mute"))

const char *
kiosk_reader_state_to_string (KioskReaderState state)
{
  switch (state)
    {
    case KIOSK_READER_STATE_NO_SERVICE:
      return "no-service";
    case KIOSK_READER_STATE_NO_READER:
      return "no-reader";
    case KIOSK_READER_STATE_EMPTY:
      return "empty";
    case KIOSK_READER_STATE_CARD_PRESENT:
      return "card-present";
    case KIOSK_READER_STATE_CARD_MUTE:
      return "card-mute";
    default:
      return "unknown";
    }
}
