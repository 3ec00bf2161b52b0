/* kiosk-idle-overlay.c: "are you still there?": the idle warning over the whole panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-idle-overlay.h"

#include <glib/gi18n.h>

#include "kiosk-scaler.h"

struct _KioskIdleOverlay
{
  GtkWidget parent_instance;

  KioskIdleWatch *watch;
  GtkWidget *card;
  GtkLabel *title;
  GtkLabel *message;
  GtkLabel *countdown;
  GtkLabel *seconds;
  GtkWidget *continue_button;
};

G_DEFINE_FINAL_TYPE (KioskIdleOverlay, kiosk_idle_overlay, GTK_TYPE_WIDGET)

/* Sizes are the panel's (1080×1920): the overlay sits inside the scaler. The shade lets the
 * resident see that their screen is still there, under the question. */
static const char overlay_css[]
    = ".idle-overlay { background-color: rgba(16, 20, 26, 0.78); }\n"
      ".idle-card { background-color: #ffffff; color: #1a1a1a; border-radius: 36px;"
      "  border: 6px solid #1e3a5f; padding: 72px 64px; margin: 0 72px;"
      "  border-spacing: 48px; }\n"
      ".idle-title { font-size: 76px; font-weight: bold; }\n"
      ".idle-message { font-size: 48px; }\n"
      ".idle-countdown { font-size: 260px; font-weight: bold; color: #1e3a5f;"
      "  font-feature-settings: \"tnum\"; }\n"
      ".idle-seconds { font-size: 46px; }\n"
      "button.idle-continue { min-height: 168px; min-width: 640px; }\n"
      /* The window's accessibility modes (the top bar sets these classes on the window). */
      "window.high-contrast .idle-overlay { background-color: rgba(0, 0, 0, 0.92); }\n"
      "window.high-contrast .idle-card { background-color: #000000; color: #ffffff;"
      "  border-color: #ffffff; }\n"
      "window.high-contrast .idle-countdown { color: #ffff00; }\n"
      "window.large-text .idle-title { font-size: 88px; }\n"
      "window.large-text .idle-message, window.large-text .idle-seconds { font-size: 60px; }\n";

static void
ensure_style (GdkDisplay *display)
{
  g_autoptr (GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "kiosk-idle-style") != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, overlay_css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "kiosk-idle-style", g_steal_pointer (&provider),
                          g_object_unref);
}

static void
show_seconds (KioskIdleOverlay *self)
{
  guint seconds = kiosk_idle_watch_get_seconds_left (self->watch);
  g_autofree char *digits = g_strdup_printf ("%u", seconds);
  /* Translators: what a screen reader says for the big countdown on the idle warning */
  g_autofree char *spoken = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u second left", "%u seconds left", seconds), seconds);

  gtk_label_set_label (self->countdown, digits);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->countdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  spoken, -1);
}

/* The words, read from the catalog of the language set now: the window may have switched
 * language since the last warning (it rebuilds its screens, not this overlay). */
static void
translate (KioskIdleOverlay *self)
{
  /* Translators: the idle warning's heading, when nobody has touched the screen for a while */
  const char *title = _("Are you still there?");

  gtk_label_set_label (self->title, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  /* Translators: the idle warning's message; the countdown follows it in big digits */
  gtk_label_set_label (self->message, _("If nobody touches Continue, what was entered is erased "
                                        "and the kiosk starts over."));
  /* Translators: under the big countdown digits on the idle warning */
  gtk_label_set_label (self->seconds, _("seconds left"));
  /* Translators: the button on the idle warning that keeps the resident's session going */
  gtk_button_set_label (GTK_BUTTON (self->continue_button), _("Continue"));
}

static void
on_seconds_left (KioskIdleWatch *watch, GParamSpec *pspec, KioskIdleOverlay *self)
{
  show_seconds (self);
}

static void
on_phase (KioskIdleWatch *watch, GParamSpec *pspec, KioskIdleOverlay *self)
{
  gboolean warning = kiosk_idle_watch_get_phase (watch) == KIOSK_IDLE_PHASE_WARNING;

  if (warning && !gtk_widget_get_visible (GTK_WIDGET (self)))
    translate (self);
  show_seconds (self);
  gtk_widget_set_visible (GTK_WIDGET (self), warning);
  if (warning)
    gtk_widget_grab_focus (self->continue_button);
}

static void
on_continue (GtkButton *button, KioskIdleOverlay *self)
{
  kiosk_idle_watch_continue (self->watch);
}

static void
kiosk_idle_overlay_dispose (GObject *object)
{
  KioskIdleOverlay *self = KIOSK_IDLE_OVERLAY (object);

  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_clear_object (&self->watch);
  g_clear_pointer (&self->card, gtk_widget_unparent);
  G_OBJECT_CLASS (kiosk_idle_overlay_parent_class)->dispose (object);
}

static void
kiosk_idle_overlay_class_init (KioskIdleOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_idle_overlay_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "idleoverlay");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT_DIALOG);
}

static GtkWidget *
new_label (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
kiosk_idle_overlay_init (KioskIdleOverlay *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (GTK_WIDGET (self), "idle-overlay");
  gtk_widget_set_name (GTK_WIDGET (self), "idle-overlay");
  /* A shade over the whole panel: what is under it cannot be touched until "continue". */
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  gtk_widget_add_css_class (box, "idle-card");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (box, GTK_ALIGN_FILL);

  self->title = GTK_LABEL (new_label ("", "idle-title"));
  self->message = GTK_LABEL (new_label ("", "idle-message"));
  self->countdown = GTK_LABEL (new_label ("", "idle-countdown"));
  gtk_widget_set_name (GTK_WIDGET (self->countdown), "idle-countdown");
  self->seconds = GTK_LABEL (new_label ("", "idle-seconds"));
  self->continue_button = gtk_button_new ();
  gtk_widget_set_name (self->continue_button, "idle-continue");
  gtk_widget_add_css_class (self->continue_button, "primary");
  gtk_widget_add_css_class (self->continue_button, "idle-continue");
  g_signal_connect (self->continue_button, "clicked", G_CALLBACK (on_continue), self);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->countdown));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->seconds));
  gtk_box_append (GTK_BOX (box), self->continue_button);
  self->card = box;
  gtk_widget_set_parent (box, GTK_WIDGET (self));
  translate (self);
}

GtkWidget *
kiosk_idle_overlay_new (KioskIdleWatch *watch)
{
  KioskIdleOverlay *self;

  g_return_val_if_fail (KIOSK_IS_IDLE_WATCH (watch), NULL);

  self = g_object_new (KIOSK_TYPE_IDLE_OVERLAY, NULL);
  self->watch = g_object_ref (watch);
  g_signal_connect_object (watch, "notify::seconds-left", G_CALLBACK (on_seconds_left), self, 0);
  g_signal_connect_object (watch, "notify::phase", G_CALLBACK (on_phase), self, 0);
  on_phase (watch, NULL, self);
  return GTK_WIDGET (self);
}

KioskIdleWatch *
kiosk_idle_overlay_get_watch (KioskIdleOverlay *self)
{
  g_return_val_if_fail (KIOSK_IS_IDLE_OVERLAY (self), NULL);
  return self->watch;
}

const char *
kiosk_idle_overlay_get_countdown_text (KioskIdleOverlay *self)
{
  g_return_val_if_fail (KIOSK_IS_IDLE_OVERLAY (self), NULL);
  return gtk_label_get_label (self->countdown);
}

/* Every press, touch, key or scroll anywhere in the window, seen before any widget takes it. */
static gboolean
on_window_event (GtkEventControllerLegacy *controller, GdkEvent *event, KioskIdleWatch *watch)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_KEY_PRESS:
    case GDK_SCROLL:
      kiosk_idle_watch_touch (watch);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Wraps @content in a GtkOverlay with @overlay on top; returns the GtkOverlay. */
static GtkWidget *
wrap (GtkWidget *content, GtkWidget *overlay)
{
  GtkWidget *host = gtk_overlay_new ();

  gtk_overlay_set_child (GTK_OVERLAY (host), content);
  gtk_overlay_add_overlay (GTK_OVERLAY (host), overlay);
  return host;
}

/* The first KioskScaler at or under @root (the window's layout may wrap it in other widgets). */
static KioskScaler *
find_scaler (GtkWidget *root)
{
  if (root == NULL)
    return NULL;
  if (KIOSK_IS_SCALER (root))
    return KIOSK_SCALER (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      KioskScaler *found = find_scaler (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

KioskIdleOverlay *
kiosk_idle_overlay_attach (GtkWindow *window, KioskIdleWatch *watch)
{
  GtkWidget *overlay, *child, *content;
  KioskScaler *scaler;
  GtkEventController *controller;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (KIOSK_IS_IDLE_WATCH (watch), NULL);

  ensure_style (gtk_widget_get_display (GTK_WIDGET (window)));
  overlay = kiosk_idle_overlay_new (watch);
  child = gtk_window_get_child (window);
  scaler = find_scaler (child);
  content = scaler != NULL ? kiosk_scaler_get_child (scaler) : child;
  /* Held across the move from the old parent to the GtkOverlay. */
  if (content != NULL)
    g_object_ref (content);
  if (scaler != NULL)
    {
      kiosk_scaler_set_child (scaler, NULL);
      kiosk_scaler_set_child (scaler, wrap (content, overlay));
    }
  else
    {
      gtk_window_set_child (window, NULL);
      gtk_window_set_child (window, wrap (content, overlay));
    }
  g_clear_object (&content);

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (controller, "kiosk-idle-touch");
  g_signal_connect_object (controller, "event", G_CALLBACK (on_window_event), watch, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
  return KIOSK_IDLE_OVERLAY (overlay);
}
