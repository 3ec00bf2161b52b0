/* kiosk-unreadable-screen.c: the card answered but could not be read: what to try, in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-unreadable-screen.h"

#include <glib/gi18n.h>

#include "kiosk-card-error.h"

struct _KioskUnreadableScreen
{
  KioskScreen parent_instance;

  GtkLabel *diagnosis_label;
};

G_DEFINE_FINAL_TYPE (KioskUnreadableScreen, kiosk_unreadable_screen, KIOSK_TYPE_SCREEN)

/* The worker's error text is for logs; the resident gets one plain sentence per kind of failure,
 * so a card that is simply not a My Number card is not sent through the cleaning routine. */
static const char *
diagnosis_for (const GError *error)
{
  if (error != NULL && error->domain == KIOSK_CARD_ERROR)
    switch ((KioskCardError)error->code)
      {
      case KIOSK_CARD_ERROR_NOT_JPKI:
      case KIOSK_CARD_ERROR_NOT_FOUND:
        return _("This card does not seem to be a My Number card, or it has no electronic "
                 "certificate function.");
      case KIOSK_CARD_ERROR_UNRESPONSIVE:
        return _("The card did not answer the reader.");
      default:
        break;
      }
  return _("The reader could not read the information on the card.");
}

static void
kiosk_unreadable_screen_enter (KioskScreen *screen, KioskFlow *flow)
{
  KioskUnreadableScreen *self = KIOSK_UNREADABLE_SCREEN (screen);

  gtk_label_set_label (self->diagnosis_label, diagnosis_for (kiosk_flow_get_last_error (flow)));
}

static void
on_home_clicked (KioskUnreadableScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_BACK);
}

static void
kiosk_unreadable_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_UNREADABLE_SCREEN);
  G_OBJECT_CLASS (kiosk_unreadable_screen_parent_class)->dispose (object);
}

static void
kiosk_unreadable_screen_class_init (KioskUnreadableScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_unreadable_screen_dispose;
  KIOSK_SCREEN_CLASS (klass)->enter = kiosk_unreadable_screen_enter;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-unreadable-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskUnreadableScreen, diagnosis_label);
  gtk_widget_class_bind_template_callback (widget_class, on_home_clicked);
}

static void
kiosk_unreadable_screen_init (KioskUnreadableScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_unreadable_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_UNREADABLE_SCREEN, "flow", flow, NULL);
}
