/* kiosk-handoff-screen.c: the counter takes over: why, where to go and what to bring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-handoff-screen.h"

#include "kiosk-clock.h"
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

/* "When to come back" lines: dates in the resident's language by translated formats. */
static char *
format_reopening (GDateTime *when)
{
  g_autofree char *text = NULL;

  if (when == NULL)
    return g_strdup (_("Procedures that need the national system are closed now."));
  /* Translators: a day and time, for g_date_time_format(), as on the status screen. */
  text = g_date_time_format (when, _("%B %-d, %Y, %H:%M"));
  return g_strdup_printf (_("Procedures that need the national system are closed now. They "
                            "open again on %s."),
                             text);
}

static char *
format_renewal_opens (const GDate *opens)
{
  g_autoptr (GDateTime) day = NULL;
  g_autofree char *text = NULL;

  if (opens == NULL)
    return g_strdup (_("It is too early to renew your certificates."));
  day = g_date_time_new (kiosk_clock_get_time_zone (), g_date_get_year (opens),
                         g_date_get_month (opens), g_date_get_day (opens), 0, 0, 0);
  /* Translators: a day, for g_date_time_format(), as on the status screen. */
  text = g_date_time_format (day, _("%B %-d, %Y"));
  return g_strdup_printf (_("It is too early to renew your certificates. Renewal opens on %s; "
                            "please come back from that day."),
                             text);
}

static void
kiosk_handoff_screen_enter (KioskScreen *screen, KioskFlow *flow)
{
  KioskHandoffScreen *self = KIOSK_HANDOFF_SCREEN (screen);
  const char *reason = "";
  const char *bring = "";
  g_autofree char *made = NULL;

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
    case KIOSK_HANDOFF_NO_CERTIFICATES:
      reason = _("This card holds no electronic certificates. New certificates are issued at "
                 "the counter after an identity check.");
      bring = _("Bring the card and a photo ID.");
      break;
    case KIOSK_HANDOFF_EXPIRED:
      reason = _("Your certificate has expired. Expired certificates are renewed at the "
                 "counter.");
      bring = _("Bring the card. You will need your 4-digit PIN and your signature password.");
      break;
    case KIOSK_HANDOFF_RENEWAL_NOT_OPEN:
      reason = made = format_renewal_opens (kiosk_flow_get_renewal_opens (flow));
      bring = _("Your certificates stay valid until then. Nothing needs to be done today.");
      break;
    case KIOSK_HANDOFF_OUTSIDE_HOURS:
      reason = made = format_reopening (kiosk_flow_get_reopens (flow));
      bring = _("You can still check your card or change a PIN at any time.");
      break;
    case KIOSK_HANDOFF_MINOR:
      reason = _("Residents under 15 receive no signature certificate. The counter can tell "
                 "you more.");
      bring = _("Bring the card and come with a parent or guardian.");
      break;
    case KIOSK_HANDOFF_ADULT_WARD:
    case KIOSK_HANDOFF_REVOKED:
    case KIOSK_HANDOFF_NOT_ELIGIBLE:
      reason = _("The national system cannot do this procedure for your card here. The counter "
                 "will check your record with you.");
      bring = _("Bring the card and a photo ID.");
      break;
    case KIOSK_HANDOFF_SERVICE_BUSY:
      reason = _("The national system is very busy now. Nothing on your card was changed.");
      bring = _("Show this receipt at the counter, or come back later.");
      break;
    case KIOSK_HANDOFF_SERVICE_DOWN:
      reason = _("The national system is not available now. Nothing on your card was changed.");
      bring = _("Show this receipt at the counter, or come back later.");
      break;
    case KIOSK_HANDOFF_INCOMPLETE_OLD:
      reason = _("The renewal stopped before it was finished. Your card still holds your old "
                 "certificates, which you can keep using.");
      bring = _("Show this receipt at the counter with your card.");
      break;
    case KIOSK_HANDOFF_INCOMPLETE_NEW:
      reason = _("Your card now holds the new certificates, but the national system has not "
                 "confirmed them yet. The counter will finish it.");
      bring = _("Show this receipt at the counter with your card.");
      break;
    case KIOSK_HANDOFF_KIOSK_FAULT:
      reason = _("This kiosk has a problem and stopped the procedure. Nothing on your card was "
                 "changed.");
      bring = _("Show this receipt at the counter with your card.");
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
