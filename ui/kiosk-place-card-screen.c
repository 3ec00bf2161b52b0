/* kiosk-place-card-screen.c: where the card goes, which side up; "back"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-place-card-screen.h"

struct _KioskPlaceCardScreen
{
  KioskScreen parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskPlaceCardScreen, kiosk_place_card_screen, KIOSK_TYPE_SCREEN)

static void
on_back_clicked (KioskPlaceCardScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_BACK);
}

static void
kiosk_place_card_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_PLACE_CARD_SCREEN);
  G_OBJECT_CLASS (kiosk_place_card_screen_parent_class)->dispose (object);
}

static void
kiosk_place_card_screen_class_init (KioskPlaceCardScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_place_card_screen_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-place-card-screen.ui");
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
}

static void
kiosk_place_card_screen_init (KioskPlaceCardScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_place_card_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_PLACE_CARD_SCREEN, "flow", flow, NULL);
}
