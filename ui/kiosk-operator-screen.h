/* kiosk-operator-screen.h: who is at the kiosk: the holder, a legal representative or a proxy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_OPERATOR_SCREEN (kiosk_operator_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskOperatorScreen, kiosk_operator_screen, KIOSK, OPERATOR_SCREEN,
                      KioskScreen)

GtkWidget *kiosk_operator_screen_new (KioskFlow *flow);

G_END_DECLS
