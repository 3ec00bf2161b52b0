/* kiosk-done-screen.h: a procedure finished on the card: what changed, take your card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_DONE_SCREEN (kiosk_done_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskDoneScreen, kiosk_done_screen, KIOSK, DONE_SCREEN, KioskScreen)

GtkWidget *kiosk_done_screen_new (KioskFlow *flow);

G_END_DECLS
