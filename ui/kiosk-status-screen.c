/* kiosk-status-screen.c: what the card says: the verdict and its advice first, then the facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-status-screen.h"

#include "kiosk-receipt-view.h"

#include <glib/gi18n.h>

#include "kiosk-clock.h"

struct _KioskStatusScreen
{
  KioskScreen parent_instance;

  KioskReceiptView *receipt_view;
  GtkImage *verdict_icon;
  GtkLabel *headline_label;
  GtkLabel *advice_label;
  GtkWidget *validity_row;
  GtkLabel *expires_label;
  GtkLabel *days_left_label;
  GtkWidget *renewal_row;
  GtkLabel *renewal_label;
  GtkLabel *auth_tries_label;
  GtkLabel *sign_tries_label;
};

G_DEFINE_FINAL_TYPE (KioskStatusScreen, kiosk_status_screen, KIOSK_TYPE_SCREEN)

typedef enum
{
  VERDICT_OK,
  VERDICT_ATTENTION,
  VERDICT_PROBLEM,
} Verdict;

/* The verdict is told three ways at once, never by colour alone: an icon of its own shape, a
 * headline in words, and the advice under it. */
typedef struct
{
  KioskAdvice advice;
  const char *name;
  Verdict verdict;
  const char *headline;
  const char *advice_text;
} AdviceText;

static const AdviceText advice_texts[] = {
  { KIOSK_ADVICE_NO_CERTIFICATES, "no-certificates", VERDICT_ATTENTION,
    N_("This card has no electronic certificates"),
        N_("Electronic certificates can be issued at the counter.") },
    { KIOSK_ADVICE_UNTRUSTED, "untrusted", VERDICT_PROBLEM,
      N_("Your electronic certificate could not be confirmed"),
          N_("Please ask a staff member for help.") },
      { KIOSK_ADVICE_PIN_LOCKED, "pin-locked", VERDICT_PROBLEM,
        N_("Your 4-digit PIN is locked"), N_("Please go to the counter to have it reset.") },
        { KIOSK_ADVICE_EXPIRED, "expired", VERDICT_PROBLEM,
          N_("Your electronic certificate has expired"),
              N_("Please go to the counter to renew it.") },
          { KIOSK_ADVICE_SIGN_LOCKED, "sign-locked", VERDICT_PROBLEM,
            N_("Your signature password is locked"),
                N_("Please go to the counter to have it reset.") },
            { KIOSK_ADVICE_PIN_LAST_TRY, "pin-last-try", VERDICT_ATTENTION,
              N_("Your 4-digit PIN has only one try left"),
                  N_("One more wrong entry locks it. If you are not sure of your PIN, do not try it: staff at "
       "the counter can reset it.") },
              { KIOSK_ADVICE_RENEWAL_OPEN, "renewal-open", VERDICT_ATTENTION,
                N_("Your electronic certificate can be renewed now"),
                    N_("It expires soon. Please renew it before the expiry date.") },
                { KIOSK_ADVICE_ALL_GOOD, "all-good", VERDICT_OK,
                  N_("Your electronic certificate is valid"),
                      N_("Nothing needs to be done now.") },
                };

static const char *const verdict_icons[] = {
  [VERDICT_OK] = "/org/madoguchi/Kiosk/images/status-ok.svg",
  [VERDICT_ATTENTION] = "/org/madoguchi/Kiosk/images/status-attention.svg",
  [VERDICT_PROBLEM] = "/org/madoguchi/Kiosk/images/status-problem.svg",
};

static const char *const verdict_classes[] = {
  [VERDICT_OK] = "ok",
  [VERDICT_ATTENTION] = "attention",
  [VERDICT_PROBLEM] = "problem",
};

static const AdviceText *
find_advice (KioskAdvice advice)
{
  for (gsize i = 0; i < G_N_ELEMENTS (advice_texts); i++)
    if (advice_texts[i].advice == advice)
      return &advice_texts[i];
  g_return_val_if_reached (&advice_texts[G_N_ELEMENTS (advice_texts) - 1]);
}

const char *
kiosk_advice_to_string (KioskAdvice advice)
{
  return find_advice (advice)->name;
}

/* Dates go through translated format strings: the kiosk runs under C.UTF-8, whose LC_TIME knows
 * only English, so each language writes its own order and units (and should use numbers only:
 * %B is an English month name). Always Japan time, whatever the system time zone. */
static char *
format_date_time (GDateTime *time)
{
  g_autoptr (GDateTime) local = kiosk_clock_to_local (time);

  /* Translators: a certificate's last valid moment, for g_date_time_format(). Japan time.
   * Use numeric codes only (%Y %m %-m %d %-d %H %M); %B is always an English month name. */
  return g_date_time_format (local, _("%B %-d, %Y, %H:%M"));
}

static char *
format_date (GDate *date)
{
  g_autoptr (GDateTime) time
             = g_date_time_new (kiosk_clock_get_time_zone (), g_date_get_year (date),
                                g_date_get_month (date), g_date_get_day (date), 0, 0, 0);

  /* Translators: a day, for g_date_time_format(). Numeric codes only, as above. */
  return g_date_time_format (time, _("%B %-d, %Y"));
}

static char *
format_days_left (int days)
{
  if (days > 0)
    return g_strdup_printf (ngettext ("%d day left", "%d days left", days), days);
  if (days == 0)
    return g_strdup (_("Today is the last day"));
  return g_strdup_printf (ngettext ("Expired %d day ago", "Expired %d days ago", -days), -days);
}

static char *
format_tries (int tries)
{
  if (tries == 0)
    return g_strdup (_("Locked (reset at the counter)"));
  return g_strdup_printf (ngettext ("%d try left", "%d tries left", tries), tries);
}

static void
show_verdict (KioskStatusScreen *self, KioskAdvice advice)
{
  const AdviceText *text = find_advice (advice);
  GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (self));

  gtk_image_set_from_resource (self->verdict_icon, verdict_icons[text->verdict]);
  gtk_label_set_label (self->headline_label, _(text->headline));
  gtk_label_set_label (self->advice_label, _(text->advice_text));
  for (gsize i = 0; i < G_N_ELEMENTS (verdict_classes); i++)
    gtk_widget_remove_css_class (page, verdict_classes[i]);
  gtk_widget_add_css_class (page, verdict_classes[text->verdict]);
}

static void
show_validity (KioskStatusScreen *self, KioskStatusReport *report)
{
  g_autofree char *expires = NULL;
  g_autofree char *days_left = NULL;
  g_autofree char *renewal = NULL;
  GDate *opens = kiosk_status_report_get_renewal_opens (report);

  expires = format_date_time (kiosk_status_report_get_expires (report));
  if (kiosk_status_report_get_validity (report) == KIOSK_VALIDITY_NOT_YET_VALID)
    days_left = g_strdup (_("Not valid yet"));
  else
    days_left = format_days_left (kiosk_status_report_get_days_left (report));

  /* An expired certificate is renewed at the counter (the design's default); a renewal date in
   * the past would only confuse. */
  if (kiosk_status_report_get_validity (report) == KIOSK_VALIDITY_EXPIRED)
    renewal = g_strdup (_("At the counter"));
  else if (kiosk_status_report_get_renewal_open (report))
    renewal = g_strdup (_("You can renew now"));
  else if (opens != NULL)
    {
      g_autofree char *date = format_date (opens);

      /* Translators: when renewal opens, under the heading "Renewal"; %s is a date, formatted
       * as "%B %-d, %Y" above */
      renewal = g_strdup_printf (_("From %s"), date);
    }
  else
    renewal = g_strdup (_("Please ask at the counter"));

  gtk_label_set_label (self->expires_label, expires);
  gtk_label_set_label (self->days_left_label, days_left);
  gtk_label_set_label (self->renewal_label, renewal);
}

static void
kiosk_status_screen_enter (KioskScreen *screen, KioskFlow *flow)
{
  KioskStatusScreen *self = KIOSK_STATUS_SCREEN (screen);
  KioskStatusReport *report = kiosk_flow_get_report (flow);
  g_autofree char *auth_tries = NULL;
  g_autofree char *sign_tries = NULL;
  gboolean has_certificate;
  int sign_left;

  /* The flow enters STATUS only with a report; nothing to show otherwise. */
  g_return_if_fail (report != NULL);

  has_certificate = kiosk_status_report_has_certificate (report);
  show_verdict (self, kiosk_status_report_get_advice (report));
  gtk_widget_set_visible (self->validity_row, has_certificate);
  gtk_widget_set_visible (self->renewal_row, has_certificate);
  if (has_certificate)
    show_validity (self, report);

  auth_tries = format_tries (kiosk_status_report_get_auth_tries_left (report));
  sign_left = kiosk_status_report_get_sign_tries_left (report);
  if (sign_left < 0)
    sign_tries = g_strdup (_("This card has no signature certificate"));
  else
    sign_tries = format_tries (sign_left);
  gtk_label_set_label (self->auth_tries_label, auth_tries);
  gtk_label_set_label (self->sign_tries_label, sign_tries);
  kiosk_receipt_view_set_desk (self->receipt_view,
                               kiosk_receipt_desk_get_attached (G_OBJECT (flow)));
}

static void
on_done_clicked (KioskStatusScreen *self, GtkButton *button)
{
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_FINISH);
}

static void
kiosk_status_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_STATUS_SCREEN);
  G_OBJECT_CLASS (kiosk_status_screen_parent_class)->dispose (object);
}

static void
kiosk_status_screen_class_init (KioskStatusScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_status_screen_dispose;
  KIOSK_SCREEN_CLASS (klass)->enter = kiosk_status_screen_enter;
  g_type_ensure (KIOSK_TYPE_RECEIPT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-status-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskStatusScreen, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, KioskStatusScreen, headline_label);
  gtk_widget_class_bind_template_child (widget_class, KioskStatusScreen, advice_label);
  gtk_widget_class_bind_template_child (widget_class, KioskStatusScreen, validity_row);
  gtk_widget_class_bind_template_child (widget_class, KioskStatusScreen, expires_label);
  gtk_widget_class_bind_template_child (widget_class, KioskStatusScreen, days_left_label);
  gtk_widget_class_bind_template_child (widget_class, KioskStatusScreen, renewal_row);
  gtk_widget_class_bind_template_child (widget_class, KioskStatusScreen, renewal_label);
  gtk_widget_class_bind_template_child (widget_class, KioskStatusScreen, auth_tries_label);
  gtk_widget_class_bind_template_child (widget_class, KioskStatusScreen, sign_tries_label);
  gtk_widget_class_bind_template_child (widget_class, KioskStatusScreen, receipt_view);
  gtk_widget_class_bind_template_callback (widget_class, on_done_clicked);
}

static void
kiosk_status_screen_init (KioskStatusScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_status_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_STATUS_SCREEN, "flow", flow, NULL);
}
