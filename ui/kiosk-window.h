/* kiosk-window.h: the resident's window: one screen per flow state, scaled to the panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-flow.h"

G_BEGIN_DECLS

/* The panel the layout is authored for (portrait 1080×1920); any window shows it scaled. */
#define KIOSK_PANEL_WIDTH 1080
#define KIOSK_PANEL_HEIGHT 1920

#define KIOSK_TYPE_WINDOW (kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (KioskWindow, kiosk_window, KIOSK, WINDOW, GtkApplicationWindow)

/**
 * KioskWindow:
 *
 * Presents the flow: a GtkStack holding one screen per KioskFlowState, all built when the window
 * is made (so build it after the locale is set: template strings are translated when a screen is
 * instantiated; to change language, set it and make a new window). It follows the flow's
 * "state" notify and never decides a transition; its screens only send inputs.
 *
 * The resident cannot close it: it is not deletable and "close-request" is refused until
 * kiosk_window_allow_close(). It is resizable, 540×960 by default, and shows the 1080×1920 layout
 * scaled (KioskScaler).
 *
 * Signals:
 * - "screen-presented" (int state, a KioskFlowState): emitted from the frame clock's
 *   "after-paint" of the FIRST frame that actually drew the window after the visible screen
 *   changed (including the first screen when the window is first shown). If the state changes
 *   again before that frame, only the newest state is reported. This is the moment a resident
 *   can first see the screen: the benchmark times card-to-screen with it and the smoke mode and
 *   tests wait for it before they look.
 */
KioskWindow *kiosk_window_new (GtkApplication *application, KioskFlow *flow);

KioskFlow *kiosk_window_get_flow (KioskWindow *self);
/* The screen that presents @state (transfer none). */
GtkWidget *kiosk_window_get_screen (KioskWindow *self, KioskFlowState state);
/* The state whose screen is visible now. */
KioskFlowState kiosk_window_get_visible_state (KioskWindow *self);
/* Lets the next close-request through (the application is quitting). */
void kiosk_window_allow_close (KioskWindow *self);

G_END_DECLS
