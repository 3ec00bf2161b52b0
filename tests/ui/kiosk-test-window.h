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
/* The same as a question: FALSE when it does not fit; @width and @height: what the screen needs. */
gboolean kiosk_test_fits_panel (KioskWindow *window, int *width, int *height);

/* Runs the main loop until *@presented (set by the test's "screen-presented" handler) is
 * @state, then checks the window shows it and that it fits the panel. Other screens on the way
 * are fine (a fast read may skip the reading screen); only the last one presented counts. */
void kiosk_test_wait_presented (KioskWindow *window, KioskFlow *flow, const int *presented,
                                KioskFlowState state);
/* The same wait and check of the window, without the check that the screen fits the panel (for
 * a test that checks that itself). */
void kiosk_test_wait_shown (KioskWindow *window, KioskFlow *flow, const int *presented,
                            KioskFlowState state);

/* The first mapped widget under @root named @name, or (when @label is set) the first mapped
 * button whose label is @label; NULL when none. */
GtkWidget *kiosk_test_find_mapped (GtkWidget *root, const char *name, const char *label);

/* A finger on @button (@what names it in a failure): it must be on screen, at least 96 px each
 * way, sensitive, and what the panel picks under its centre; then it is released. */
void kiosk_test_press (KioskWindow *window, GtkWidget *button, const char *what);
/* Presses the mapped button named @name. */
void kiosk_test_tap (KioskWindow *window, const char *name);
/* Types @digits on the PIN pad, key by key, then OK. */
void kiosk_test_type_pin (KioskWindow *window, const char *digits);
/* Types @text on the password keyboard (keys "key-A" …), key by key, then OK. */
void kiosk_test_type_password (KioskWindow *window, const char *text);

/* The text of every mapped label in the window, one per line (transfer full). */
char *kiosk_test_dup_visible_text (KioskWindow *window);
void kiosk_test_assert_shows (KioskWindow *window, const char *text);
void kiosk_test_assert_does_not_show (KioskWindow *window, const char *text);

G_END_DECLS
