/* kiosk-card-removed-screen.h: the card left mid-read: put it back to retry, or go home
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CARD_REMOVED_SCREEN (kiosk_card_removed_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskCardRemovedScreen, kiosk_card_removed_screen, KIOSK, CARD_REMOVED_SCREEN,
                      KioskScreen)

GtkWidget *kiosk_card_removed_screen_new (KioskFlow *flow);

G_END_DECLS
