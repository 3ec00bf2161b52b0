/* kiosk-handoff-screen.c: the counter takes over: why, where to go and what to bring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-handoff-screen.h"

#include "kiosk-receipt-view.h"

#include <glib/gi18n.h>

struct _KioskHandoffScreen
{
  KioskScreen parent_instance;

  KioskReceiptView *receipt_view;
  GtkLabel *reason_label;
  GtkLabel *bring_label;
};

G_DEFINE_FINAL_TYPE (KioskHandoffScreen, kiosk_handoff_screen, KIOSK_TYPE_SCREEN)

static void
on_finish_clicked (KioskHandoffScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_FINISH);
}

static void
kiosk_handoff_screen_enter (KioskScreen *screen, KioskFlow *flow)
{
  KioskHandoffScreen *self = KIOSK_HANDOFF_SCREEN (screen);
  const char *reason = "";
  const char *bring = "";

  /* The receipt carries the reason code, so staff can pick the case up from it alone. */
  kiosk_receipt_view_set_desk (self->receipt_view,
                               kiosk_receipt_desk_get_attached (G_OBJECT (flow)));
  switch (kiosk_flow_get_handoff_reason (flow))
    {
    case KIOSK_HANDOFF_PROXY:
      if (kiosk_flow_get_operator (flow) == KIOSK_OPERATOR_REPRESENTATIVE)
        {
          reason = _("A legal representative can do card procedures only at the counter.");
          bring = _("Bring the card, your own photo ID, and a document that shows you are the "
                    "legal representative (for example a family register).");
        }
      else
        {
          reason = _("A proxy can do card procedures only at the counter. It takes two visits: "
                     "the office first sends a letter to the card holder, and you come back "
                     "with it.");
          bring = _("Bring the card, your own photo ID, and a letter of attorney from the card "
                    "holder.");
        }
      break;
    case KIOSK_HANDOFF_NO_SIGN_CERTIFICATE:
      reason = _("This card has no signature certificate, so there is no signature password "
                 "to change. A signature certificate can be issued at the counter.");
      bring = _("Bring the card and a photo ID.");
      break;
    case KIOSK_HANDOFF_PIN_LOCKED:
      reason = _("Your 4-digit PIN is locked, or the card could not tell how many tries are "
                 "left. It can be reset at the counter.");
      bring = _("Bring the card and a photo ID.");
      break;
    case KIOSK_HANDOFF_SIGN_LOCKED:
      reason = _("Your signature password is locked, or the card could not tell how many tries "
                 "are left. It can be reset at the counter.");
      bring = _("Bring the card and a photo ID.");
      break;
    case KIOSK_HANDOFF_NONE:
      break;
    }
  gtk_label_set_text (self->reason_label, reason);
  gtk_label_set_text (self->bring_label, bring);
}

static void
kiosk_handoff_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_HANDOFF_SCREEN);
  G_OBJECT_CLASS (kiosk_handoff_screen_parent_class)->dispose (object);
}

static void
kiosk_handoff_screen_class_init (KioskHandoffScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_handoff_screen_dispose;
  KIOSK_SCREEN_CLASS (klass)->enter = kiosk_handoff_screen_enter;
  g_type_ensure (KIOSK_TYPE_RECEIPT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-handoff-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskHandoffScreen, reason_label);
  gtk_widget_class_bind_template_child (widget_class, KioskHandoffScreen, bring_label);
  gtk_widget_class_bind_template_child (widget_class, KioskHandoffScreen, receipt_view);
  gtk_widget_class_bind_template_callback (widget_class, on_finish_clicked);
}

static void
kiosk_handoff_screen_init (KioskHandoffScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_handoff_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_HANDOFF_SCREEN, "flow", flow, NULL);
}
