/* kiosk-test-window.c: driving the real kiosk window from a test, as the screen tests share it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-test-window.h"

#include "kiosk-scaler.h"

/* A timeout that only makes g_main_context_iteration() return now and then, so the waits
 * below look at the clock even when nothing else happens. */
static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
kiosk_test_run_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  guint ticker = g_timeout_add (20, wake_up, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
}

void
kiosk_test_assert_fits_panel (KioskWindow *window)
{
  GtkWidget *scaler = gtk_window_get_child (GTK_WINDOW (window));
  GtkWidget *page = kiosk_scaler_get_child (KIOSK_SCALER (scaler));
  int width, height;

  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, KIOSK_PANEL_WIDTH, &height, NULL, NULL, NULL);
  if (width > KIOSK_PANEL_WIDTH || height > KIOSK_PANEL_HEIGHT)
    g_error ("the %s screen needs %d×%d px; the panel has %d×%d",
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (window)), width, height,
             KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
}

void
kiosk_test_wait_presented (KioskWindow *window, KioskFlow *flow, const int *presented,
                           KioskFlowState state)
{
  gint64 deadline = g_get_monotonic_time () + KIOSK_TEST_WAIT_TIMEOUT_S * G_TIME_SPAN_SECOND;
  guint ticker = g_timeout_add (50, wake_up, NULL);

  while (*presented != (int)state && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);

  if (*presented != (int)state)
    g_error ("waited %d s for the %s screen; the flow is in %s, the window shows %s",
             KIOSK_TEST_WAIT_TIMEOUT_S, kiosk_flow_state_to_string (state),
             kiosk_flow_state_to_string (kiosk_flow_get_state (flow)),
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (window)));
  g_assert_cmpint (kiosk_window_get_visible_state (window), ==, state);
  kiosk_test_assert_fits_panel (window);
}
