/* kiosk-card-work-screen.h: the card checks or changes a secret: wait, do not remove the card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CARD_WORK_SCREEN (kiosk_card_work_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskCardWorkScreen, kiosk_card_work_screen, KIOSK, CARD_WORK_SCREEN,
                      KioskScreen)

/* One class for VERIFYING and WRITING: the window makes one instance per state, and enter()
 * picks the words from the flow's state. */
GtkWidget *kiosk_card_work_screen_new (KioskFlow *flow);

G_END_DECLS
