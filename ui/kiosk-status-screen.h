/* kiosk-status-screen.h: what the card says: the verdict and its advice first, then the facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_STATUS_SCREEN (kiosk_status_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskStatusScreen, kiosk_status_screen, KIOSK, STATUS_SCREEN, KioskScreen)

GtkWidget *kiosk_status_screen_new (KioskFlow *flow);

/* A stable, untranslated name for @advice ("all-good", "renewal-open", …), for the smoke mode's
 * output and logs. */
const char *kiosk_advice_to_string (KioskAdvice advice);

G_END_DECLS
