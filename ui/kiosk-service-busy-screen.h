/* kiosk-service-busy-screen.h: the national system is congested: the wait, try again, or the
 * counter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SERVICE_BUSY_SCREEN (kiosk_service_busy_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskServiceBusyScreen, kiosk_service_busy_screen, KIOSK, SERVICE_BUSY_SCREEN,
                      KioskScreen)

GtkWidget *kiosk_service_busy_screen_new (KioskFlow *flow);

G_END_DECLS
