/* kiosk-done-screen.c: a procedure finished on the card: what changed, take your card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-done-screen.h"

#include "kiosk-receipt-view.h"

#include <glib/gi18n.h>

struct _KioskDoneScreen
{
  KioskScreen parent_instance;

  KioskReceiptView *receipt_view;
  GtkLabel *title_label;
  GtkLabel *detail_label;
};

G_DEFINE_FINAL_TYPE (KioskDoneScreen, kiosk_done_screen, KIOSK_TYPE_SCREEN)

static void
on_finish_clicked (KioskDoneScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_FINISH);
}

/* A renewal may have renewed one certificate or both (a minor gets no signature certificate),
 * and may have kept the secrets: say exactly what the card holds now. */
static void
show_renewal (KioskDoneScreen *self, const KioskRenewalResult *result)
{
  gboolean both = result != NULL && result->sign_renewed;
  gboolean pin_set = result != NULL && result->pin_set;
  gboolean password_set = result != NULL && result->password_set;
  const char *detail;

  gtk_label_set_text (self->title_label, both ? _("Your certificates have been renewed")
                                              : _("Your user authentication certificate has "
                                                  "been renewed"));
  /* Only the secrets the card has, and only what changed (a card with the authentication
   * certificate alone has no password). */
  if (pin_set && password_set)
    detail = _("Use your new PIN and password from now on. Please take your card.");
  else if (pin_set)
    detail = _("Use your new PIN from now on. Please take your card.");
  else if (password_set)
    detail = _("Use your new signature password from now on. Please take your card.");
  else if (both)
    detail = _("Your PIN and password stay the same. Please take your card.");
  else
    detail = _("Your PIN stays the same. Please take your card.");
  gtk_label_set_text (self->detail_label, detail);
}

static void
kiosk_done_screen_enter (KioskScreen *screen, KioskFlow *flow)
{
  KioskDoneScreen *self = KIOSK_DONE_SCREEN (screen);

  /* The controller made the receipt as the flow entered DONE, before any screen was entered. */
  kiosk_receipt_view_set_desk (self->receipt_view,
                               kiosk_receipt_desk_get_attached (G_OBJECT (flow)));
  switch (kiosk_flow_get_procedure (flow))
    {
    case KIOSK_PROCEDURE_RENEW:
      show_renewal (self, kiosk_flow_get_renewal_result (flow));
      break;
    case KIOSK_PROCEDURE_REISSUE_SIGN:
      gtk_label_set_text (self->title_label, _("Your signature certificate has been re-issued"));
      gtk_label_set_text (self->detail_label,
                          _("It ends with your user authentication certificate. Please take your "
                            "card."));
      break;
    case KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD:
      gtk_label_set_text (self->title_label, _("Your signature password has been changed"));
      gtk_label_set_text (self->detail_label,
                          _("Use the new one from now on. Please take your card."));
      break;
    default:
      gtk_label_set_text (self->title_label, _("Your 4-digit PIN has been changed"));
      gtk_label_set_text (self->detail_label,
                          _("Use the new one from now on. Please take your card."));
      break;
    }
}

static void
kiosk_done_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_DONE_SCREEN);
  G_OBJECT_CLASS (kiosk_done_screen_parent_class)->dispose (object);
}

static void
kiosk_done_screen_class_init (KioskDoneScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_done_screen_dispose;
  KIOSK_SCREEN_CLASS (klass)->enter = kiosk_done_screen_enter;
  g_type_ensure (KIOSK_TYPE_RECEIPT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-done-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskDoneScreen, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDoneScreen, detail_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDoneScreen, receipt_view);
  gtk_widget_class_bind_template_callback (widget_class, on_finish_clicked);
}

static void
kiosk_done_screen_init (KioskDoneScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_done_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_DONE_SCREEN, "flow", flow, NULL);
}
