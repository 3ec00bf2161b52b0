/* kiosk-lockdown.c: nothing on the resident's window leads out of the kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-lockdown.h"

void
kiosk_lockdown_prepare (void)
{
  g_unsetenv ("GTK_DEBUG");
}

guint
kiosk_lockdown_sweep (GtkWidget *root)
{
  guint changed = 0;

  g_return_val_if_fail (GTK_IS_WIDGET (root), 0);

  if (GTK_IS_LABEL (root) && gtk_label_get_selectable (GTK_LABEL (root)))
    {
      gtk_label_set_selectable (GTK_LABEL (root), FALSE);
      changed++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    changed += kiosk_lockdown_sweep (child);
  return changed;
}

/* The inspector's keybinding ends here. Returning TRUE alone is not enough in GTK 4.8: GtkWindow's
 * own handler still runs and opens the inspector (tried), so the emission is stopped. */
static gboolean
on_enable_debugging (GtkWindow *window, gboolean toggle, gpointer user_data)
{
  g_signal_stop_emission_by_name (window, "enable-debugging");
  return TRUE;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, gpointer user_data)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK | GDK_HYPER_MASK))
    return GDK_EVENT_STOP;
  if ((keyval >= GDK_KEY_F1 && keyval <= GDK_KEY_F35) || keyval == GDK_KEY_Menu)
    return GDK_EVENT_STOP;
  return GDK_EVENT_PROPAGATE;
}

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, gpointer user_data)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  /* Claiming in the capture phase keeps the press from every widget below. */
  if (button == GDK_BUTTON_SECONDARY || button == GDK_BUTTON_MIDDLE)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  else
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_fullscreened (GtkWindow *window, GParamSpec *pspec, gpointer user_data)
{
  if (gtk_window_is_fullscreen (window))
    g_object_set_data (G_OBJECT (window), "kiosk-lockdown-was-fullscreen", GINT_TO_POINTER (1));
  else if (g_object_get_data (G_OBJECT (window), "kiosk-lockdown-was-fullscreen") != NULL)
    gtk_window_fullscreen (window);
}

static void
on_screen_presented (GtkWindow *window, int state, gpointer user_data)
{
  kiosk_lockdown_sweep (GTK_WIDGET (window));
}

static void
on_map (GtkWidget *window, gpointer user_data)
{
  kiosk_lockdown_sweep (window);
}

void
kiosk_lockdown_window (GtkWindow *window)
{
  GtkEventController *keys;
  GtkGesture *clicks;
  GtkSettings *settings;

  g_return_if_fail (GTK_IS_WINDOW (window));

  g_signal_connect (window, "enable-debugging", G_CALLBACK (on_enable_debugging), NULL);

  gtk_window_set_decorated (window, FALSE);
  gtk_window_set_deletable (window, FALSE);
  g_signal_connect (window, "notify::fullscreened", G_CALLBACK (on_fullscreened), NULL);
  on_fullscreened (window, NULL, NULL);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "kiosk-lockdown-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);

  clicks = gtk_gesture_click_new ();
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (clicks), "kiosk-lockdown-clicks");
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (clicks), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (clicks), GTK_PHASE_CAPTURE);
  g_signal_connect (clicks, "pressed", G_CALLBACK (on_pressed), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), GTK_EVENT_CONTROLLER (clicks));

  settings = gtk_settings_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
  g_object_set (settings, "gtk-enable-primary-paste", FALSE, NULL);

  kiosk_lockdown_sweep (GTK_WIDGET (window));
  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
  if (g_signal_lookup ("screen-presented", G_OBJECT_TYPE (window)) != 0)
    g_signal_connect (window, "screen-presented", G_CALLBACK (on_screen_presented), NULL);
}
