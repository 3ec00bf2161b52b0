/* kiosk-operator-screen.c: who is at the kiosk: the holder, a legal representative or a proxy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-operator-screen.h"

struct _KioskOperatorScreen
{
  KioskScreen parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskOperatorScreen, kiosk_operator_screen, KIOSK_TYPE_SCREEN)

static void
on_holder_clicked (KioskOperatorScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
}

static void
on_representative_clicked (KioskOperatorScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_CHOOSE_REPRESENTATIVE);
}

static void
on_proxy_clicked (KioskOperatorScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_CHOOSE_PROXY);
}

static void
on_back_clicked (KioskOperatorScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_BACK);
}

static void
kiosk_operator_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_OPERATOR_SCREEN);
  G_OBJECT_CLASS (kiosk_operator_screen_parent_class)->dispose (object);
}

static void
kiosk_operator_screen_class_init (KioskOperatorScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_operator_screen_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-operator-screen.ui");
  gtk_widget_class_bind_template_callback (widget_class, on_holder_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_representative_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_proxy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
}

static void
kiosk_operator_screen_init (KioskOperatorScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_operator_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_OPERATOR_SCREEN, "flow", flow, NULL);
}
