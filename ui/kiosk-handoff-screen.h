/* kiosk-handoff-screen.h: the counter takes over: why, where to go and what to bring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_HANDOFF_SCREEN (kiosk_handoff_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskHandoffScreen, kiosk_handoff_screen, KIOSK, HANDOFF_SCREEN, KioskScreen)

GtkWidget *kiosk_handoff_screen_new (KioskFlow *flow);

G_END_DECLS
