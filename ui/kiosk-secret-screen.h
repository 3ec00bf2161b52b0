/* kiosk-secret-screen.h: a PIN or sign password typed on the pad or keyboard, handed to the flow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SECRET_SCREEN (kiosk_secret_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskSecretScreen, kiosk_secret_screen, KIOSK, SECRET_SCREEN, KioskScreen)

/* One class for ENTER_CURRENT, ENTER_NEW and CONFIRM_NEW: the window makes one instance per
 * state, and enter() picks the words, the pad or keyboard and the tries line from the flow. */
GtkWidget *kiosk_secret_screen_new (KioskFlow *flow);

/* Config [kiosk] shuffle-pin-pad (kiosk_config_get_shuffle_pin_pad): the PIN pad's digits in a
 * new random order each time the screen is shown. Off by default. */
void kiosk_secret_screen_set_shuffle_pin_pad (KioskSecretScreen *self, gboolean shuffle);
gboolean kiosk_secret_screen_get_shuffle_pin_pad (KioskSecretScreen *self);

G_END_DECLS
