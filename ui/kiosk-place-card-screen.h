/* kiosk-place-card-screen.h: where the card goes, which side up; "back"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PLACE_CARD_SCREEN (kiosk_place_card_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskPlaceCardScreen, kiosk_place_card_screen, KIOSK, PLACE_CARD_SCREEN,
                      KioskScreen)

GtkWidget *kiosk_place_card_screen_new (KioskFlow *flow);

G_END_DECLS
