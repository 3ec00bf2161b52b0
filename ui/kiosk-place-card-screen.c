/* kiosk-place-card-screen.c: where the card goes (a slot or a flat reader), which side up; "back"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-place-card-screen.h"

struct _KioskPlaceCardScreen
{
  KioskScreen parent_instance;

  GtkLabel *procedure_label;
};

G_DEFINE_FINAL_TYPE (KioskPlaceCardScreen, kiosk_place_card_screen, KIOSK_TYPE_SCREEN)

static void
on_back_clicked (KioskPlaceCardScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_BACK);
}

static void
kiosk_place_card_screen_enter (KioskScreen *screen, KioskFlow *flow)
{
  KioskPlaceCardScreen *self = KIOSK_PLACE_CARD_SCREEN (screen);
  const char *procedure = kiosk_screen_get_procedure_name (screen);

  gtk_label_set_text (self->procedure_label, procedure != NULL ? procedure : "");
  gtk_widget_set_visible (GTK_WIDGET (self->procedure_label), procedure != NULL);
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
  KIOSK_SCREEN_CLASS (klass)->enter = kiosk_place_card_screen_enter;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-place-card-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskPlaceCardScreen, procedure_label);
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
