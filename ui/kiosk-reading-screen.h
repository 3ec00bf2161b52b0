/* kiosk-reading-screen.h: the card is being read: a moving bar, "do not remove your card"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_READING_SCREEN (kiosk_reading_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskReadingScreen, kiosk_reading_screen, KIOSK, READING_SCREEN, KioskScreen)

GtkWidget *kiosk_reading_screen_new (KioskFlow *flow);

G_END_DECLS
