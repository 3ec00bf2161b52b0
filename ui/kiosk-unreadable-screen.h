/* kiosk-unreadable-screen.h: the card answered but could not be read: what to try, in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_UNREADABLE_SCREEN (kiosk_unreadable_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskUnreadableScreen, kiosk_unreadable_screen, KIOSK, UNREADABLE_SCREEN,
                      KioskScreen)

GtkWidget *kiosk_unreadable_screen_new (KioskFlow *flow);

G_END_DECLS
