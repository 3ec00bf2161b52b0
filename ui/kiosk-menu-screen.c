/* kiosk-menu-screen.c: what the card holder can do here: check, change a secret, renew, re-issue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-menu-screen.h"

struct _KioskMenuScreen
{
  KioskScreen parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskMenuScreen, kiosk_menu_screen, KIOSK_TYPE_SCREEN)

static void
on_check_clicked (KioskMenuScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_CHOOSE_CHECK);
}

static void
on_change_pin_clicked (KioskMenuScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
}

static void
on_change_password_clicked (KioskMenuScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD);
}

static void
on_renew_clicked (KioskMenuScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_CHOOSE_RENEW);
}

static void
on_reissue_clicked (KioskMenuScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_CHOOSE_REISSUE);
}

static void
on_back_clicked (KioskMenuScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_BACK);
}

static void
kiosk_menu_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_MENU_SCREEN);
  G_OBJECT_CLASS (kiosk_menu_screen_parent_class)->dispose (object);
}

static void
kiosk_menu_screen_class_init (KioskMenuScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_menu_screen_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-menu-screen.ui");
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_change_pin_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_change_password_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_renew_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_reissue_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
}

static void
kiosk_menu_screen_init (KioskMenuScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_menu_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_MENU_SCREEN, "flow", flow, NULL);
}
