/* kiosk-welcome-screen.c: the home screen: what the kiosk does, where the card goes, "start"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-welcome-screen.h"

struct _KioskWelcomeScreen
{
  KioskScreen parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskWelcomeScreen, kiosk_welcome_screen, KIOSK_TYPE_SCREEN)

static void
on_start_clicked (KioskWelcomeScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_START);
}

static void
kiosk_welcome_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_WELCOME_SCREEN);
  G_OBJECT_CLASS (kiosk_welcome_screen_parent_class)->dispose (object);
}

static void
kiosk_welcome_screen_class_init (KioskWelcomeScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_welcome_screen_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-welcome-screen.ui");
  gtk_widget_class_bind_template_callback (widget_class, on_start_clicked);
}

static void
kiosk_welcome_screen_init (KioskWelcomeScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_welcome_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_WELCOME_SCREEN, "flow", flow, NULL);
}
