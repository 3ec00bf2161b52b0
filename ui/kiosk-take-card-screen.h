/* kiosk-take-card-screen.h: the session is over: take the card (the flow goes home when it leaves)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_TAKE_CARD_SCREEN (kiosk_take_card_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskTakeCardScreen, kiosk_take_card_screen, KIOSK, TAKE_CARD_SCREEN,
                      KioskScreen)

GtkWidget *kiosk_take_card_screen_new (KioskFlow *flow);

G_END_DECLS
