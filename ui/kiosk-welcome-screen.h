/* kiosk-welcome-screen.h: the home screen: what the kiosk does, where the card goes, "start"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_WELCOME_SCREEN (kiosk_welcome_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskWelcomeScreen, kiosk_welcome_screen, KIOSK, WELCOME_SCREEN, KioskScreen)

GtkWidget *kiosk_welcome_screen_new (KioskFlow *flow);

G_END_DECLS
