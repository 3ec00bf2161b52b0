/* kiosk-card-removed-screen.c: the card left mid-read: put it back to retry, or go home
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-card-removed-screen.h"

struct _KioskCardRemovedScreen
{
  KioskScreen parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskCardRemovedScreen, kiosk_card_removed_screen, KIOSK_TYPE_SCREEN)

static void
on_home_clicked (KioskCardRemovedScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_BACK);
}

static void
kiosk_card_removed_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_CARD_REMOVED_SCREEN);
  G_OBJECT_CLASS (kiosk_card_removed_screen_parent_class)->dispose (object);
}

static void
kiosk_card_removed_screen_class_init (KioskCardRemovedScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_card_removed_screen_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-card-removed-screen.ui");
  gtk_widget_class_bind_template_callback (widget_class, on_home_clicked);
}

static void
kiosk_card_removed_screen_init (KioskCardRemovedScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_card_removed_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_CARD_REMOVED_SCREEN, "flow", flow, NULL);
}
