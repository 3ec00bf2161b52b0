/* kiosk-test-window.h: driving the real kiosk window from a test, as the screen tests share it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-flow.h"
#include "kiosk-window.h"

G_BEGIN_DECLS

/* How long a test waits for a screen before it fails. */
#define KIOSK_TEST_WAIT_TIMEOUT_S 20

/* Runs the main loop for @ms milliseconds. */
void kiosk_test_run_for (guint ms);

/* Everything the visible screen holds (in the words it holds them now) fits on the panel: the
 * scaler never gives more than 1080×1920, so what does not fit is cut off. */
void kiosk_test_assert_fits_panel (KioskWindow *window);

/* Runs the main loop until *@presented (set by the test's "screen-presented" handler) is
 * @state, then checks the window shows it and that it fits the panel. Other screens on the way
 * are fine (a fast read may skip the reading screen); only the last one presented counts. */
void kiosk_test_wait_presented (KioskWindow *window, KioskFlow *flow, const int *presented,
                                KioskFlowState state);

G_END_DECLS
