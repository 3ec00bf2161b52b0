/* kiosk-take-card-screen.c: the session is over: take the card (the flow goes home when it leaves)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-take-card-screen.h"

struct _KioskTakeCardScreen
{
  KioskScreen parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskTakeCardScreen, kiosk_take_card_screen, KIOSK_TYPE_SCREEN)

static void
kiosk_take_card_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_TAKE_CARD_SCREEN);
  G_OBJECT_CLASS (kiosk_take_card_screen_parent_class)->dispose (object);
}

static void
kiosk_take_card_screen_class_init (KioskTakeCardScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_take_card_screen_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-take-card-screen.ui");
}

static void
kiosk_take_card_screen_init (KioskTakeCardScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_take_card_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_TAKE_CARD_SCREEN, "flow", flow, NULL);
}
