/* kiosk-service-busy-screen.c: the national system is congested: the wait, try again, or the
 * counter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-service-busy-screen.h"

#include <glib/gi18n.h>

struct _KioskServiceBusyScreen
{
  KioskScreen parent_instance;

  GtkLabel *wait_label;
};

G_DEFINE_FINAL_TYPE (KioskServiceBusyScreen, kiosk_service_busy_screen, KIOSK_TYPE_SCREEN)

static void
on_retry_clicked (KioskServiceBusyScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_RETRY);
}

static void
on_counter_clicked (KioskServiceBusyScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_FINISH);
}

static void
on_back_clicked (KioskServiceBusyScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_BACK);
}

/* Honest about the wait: the service's own estimate, rounded up to whole minutes. */
static void
kiosk_service_busy_screen_enter (KioskScreen *screen, KioskFlow *flow)
{
  KioskServiceBusyScreen *self = KIOSK_SERVICE_BUSY_SCREEN (screen);
  guint seconds = kiosk_flow_get_retry_after (flow);
  guint minutes = (seconds + 59) / 60;
  g_autofree char *text = NULL;

  if (seconds == 0)
    text = g_strdup (_("The national system did not say how long the wait is."));
  else
    text
        = g_strdup_printf (ngettext ("The national system asks to wait about %u minute.",
                                     "The national system asks to wait about %u minutes.", minutes),
                           minutes);
  gtk_label_set_text (self->wait_label, text);
}

static void
kiosk_service_busy_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_SERVICE_BUSY_SCREEN);
  G_OBJECT_CLASS (kiosk_service_busy_screen_parent_class)->dispose (object);
}

static void
kiosk_service_busy_screen_class_init (KioskServiceBusyScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_service_busy_screen_dispose;
  KIOSK_SCREEN_CLASS (klass)->enter = kiosk_service_busy_screen_enter;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-service-busy-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskServiceBusyScreen, wait_label);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_counter_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
}

static void
kiosk_service_busy_screen_init (KioskServiceBusyScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_service_busy_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_SERVICE_BUSY_SCREEN, "flow", flow, NULL);
}
