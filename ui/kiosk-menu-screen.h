/* kiosk-menu-screen.h: what the card holder can do here: check the card or change a secret
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_MENU_SCREEN (kiosk_menu_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskMenuScreen, kiosk_menu_screen, KIOSK, MENU_SCREEN, KioskScreen)

GtkWidget *kiosk_menu_screen_new (KioskFlow *flow);

G_END_DECLS
