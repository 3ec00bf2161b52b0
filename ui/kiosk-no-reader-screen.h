/* kiosk-no-reader-screen.h: the reader is missing or its service is down; staff are needed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_NO_READER_SCREEN (kiosk_no_reader_screen_get_type ())
G_DECLARE_FINAL_TYPE (KioskNoReaderScreen, kiosk_no_reader_screen, KIOSK, NO_READER_SCREEN,
                      KioskScreen)

GtkWidget *kiosk_no_reader_screen_new (KioskFlow *flow);

G_END_DECLS
