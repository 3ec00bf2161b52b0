/* kiosk-test-window.c: driving the real kiosk window from a test, as the screen tests share it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-test-window.h"

#include "kiosk-scaler.h"

#include <string.h>

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

gboolean
kiosk_test_fits_panel (KioskWindow *window, int *width, int *height)
{
  GtkWidget *scaler = gtk_window_get_child (GTK_WINDOW (window));
  GtkWidget *page = kiosk_scaler_get_child (KIOSK_SCALER (scaler));

  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, width, NULL, NULL, NULL);
  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, KIOSK_PANEL_WIDTH, height, NULL, NULL, NULL);
  return *width <= KIOSK_PANEL_WIDTH && *height <= KIOSK_PANEL_HEIGHT;
}

void
kiosk_test_assert_fits_panel (KioskWindow *window)
{
  int width, height;

  if (!kiosk_test_fits_panel (window, &width, &height))
    g_error ("the %s screen needs %d×%d px; the panel has %d×%d",
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (window)), width, height,
             KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
}

void
kiosk_test_wait_shown (KioskWindow *window, KioskFlow *flow, const int *presented,
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
}

void
kiosk_test_wait_presented (KioskWindow *window, KioskFlow *flow, const int *presented,
                           KioskFlowState state)
{
  kiosk_test_wait_shown (window, flow, presented, state);
  kiosk_test_assert_fits_panel (window);
}

GtkWidget *
kiosk_test_find_mapped (GtkWidget *root, const char *name, const char *label)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (name != NULL && g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  if (label != NULL && GTK_IS_BUTTON (root)
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kiosk_test_find_mapped (child, name, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
kiosk_test_press (KioskWindow *window, GtkWidget *button, const char *what)
{
  GtkWidget *top = GTK_WIDGET (window);
  GtkWidget *picked;
  graphene_rect_t bounds;

  if (button == NULL)
    g_error ("no \"%s\" button on the %s screen", what,
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (window)));
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpint (gtk_widget_get_height (button), >=, 96);
  g_assert_cmpint (gtk_widget_get_width (button), >=, 96);
  g_assert_true (gtk_widget_compute_bounds (button, top, &bounds));
  picked = gtk_widget_pick (top, bounds.origin.x + bounds.size.width / 2,
                            bounds.origin.y + bounds.size.height / 2, GTK_PICK_DEFAULT);
  g_assert_nonnull (picked);
  g_assert_true (picked == button || gtk_widget_is_ancestor (picked, button));
  /* What a finger's release does (gtk_widget_activate() would hold the button down for 250 ms
   * and drop the next key typed within that time). */
  g_signal_emit_by_name (button, "clicked");
}

void
kiosk_test_tap (KioskWindow *window, const char *name)
{
  kiosk_test_press (window, kiosk_test_find_mapped (GTK_WIDGET (window), name, NULL), name);
}

void
kiosk_test_type_pin (KioskWindow *window, const char *digits)
{
  for (const char *d = digits; *d != '\0'; d++)
    {
      char label[2] = { *d, '\0' };

      kiosk_test_press (window, kiosk_test_find_mapped (GTK_WIDGET (window), NULL, label), label);
    }
  kiosk_test_tap (window, "ok");
}

void
kiosk_test_type_password (KioskWindow *window, const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      g_autofree char *name = g_strdup_printf ("key-%c", *c);

      kiosk_test_tap (window, name);
    }
  kiosk_test_tap (window, "ok");
}

static void
collect_texts (GtkWidget *widget, GString *out)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

char *
kiosk_test_dup_visible_text (KioskWindow *window)
{
  GString *texts = g_string_new (NULL);

  collect_texts (GTK_WIDGET (window), texts);
  return g_string_free (texts, FALSE);
}

void
kiosk_test_assert_shows (KioskWindow *window, const char *text)
{
  g_autofree char *texts = kiosk_test_dup_visible_text (window);

  if (strstr (texts, text) == NULL)
    g_error ("the %s screen does not show \"%s\"; it shows:\n%s",
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (window)), text, texts);
}

void
kiosk_test_assert_does_not_show (KioskWindow *window, const char *text)
{
  g_autofree char *texts = kiosk_test_dup_visible_text (window);

  if (strstr (texts, text) != NULL)
    g_error ("the %s screen still shows \"%s\"",
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (window)), text);
}
