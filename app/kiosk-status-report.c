/* kiosk-status-report.c: what the status screen tells a resident about their card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-status-report.h"

#include "kiosk-clock.h"
#include "kiosk-renewal-rules.h"

struct _KioskStatusReport
{
  GObject parent_instance;

  KioskCardStatus *status;
  KioskValidity validity;
  GDateTime *expires; /* Asia/Tokyo */
  int days_left;
  GDate *renewal_opens;
  gboolean renewal_open;
  KioskAdvice advice;
};

G_DEFINE_FINAL_TYPE (KioskStatusReport, kiosk_status_report, G_TYPE_OBJECT)

static void
kiosk_status_report_finalize (GObject *object)
{
  KioskStatusReport *self = KIOSK_STATUS_REPORT (object);

  g_clear_object (&self->status);
  g_clear_pointer (&self->expires, g_date_time_unref);
  g_clear_pointer (&self->renewal_opens, g_date_free);
  G_OBJECT_CLASS (kiosk_status_report_parent_class)->finalize (object);
}

static void
kiosk_status_report_class_init (KioskStatusReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_status_report_finalize;
}

static void
kiosk_status_report_init (KioskStatusReport *self)
{
}

static GDate *
local_date_of (GDateTime *time)
{
  g_autoptr (GDateTime) local = kiosk_clock_to_local (time);

  return g_date_new_dmy (g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                         g_date_time_get_year (local));
}

/* The most urgent thing the resident needs to know decides the advice; the order of the checks
 * is the order of KioskAdvice. */
static KioskAdvice
choose_advice (KioskStatusReport *self)
{
  int auth_tries = kiosk_card_status_get_auth_tries_left (self->status);
  int sign_tries = kiosk_card_status_get_sign_tries_left (self->status);

  if (kiosk_card_status_get_auth_certificate (self->status) == NULL)
    return KIOSK_ADVICE_NO_CERTIFICATES;
  if (!kiosk_card_status_get_auth_trusted (self->status))
    return KIOSK_ADVICE_UNTRUSTED;
  if (auth_tries == 0)
    return KIOSK_ADVICE_PIN_LOCKED;
  if (self->validity == KIOSK_VALIDITY_EXPIRED)
    return KIOSK_ADVICE_EXPIRED;
  if (sign_tries == 0)
    return KIOSK_ADVICE_SIGN_LOCKED;
  if (auth_tries == 1)
    return KIOSK_ADVICE_PIN_LAST_TRY;
  if (self->renewal_open)
    return KIOSK_ADVICE_RENEWAL_OPEN;
  return KIOSK_ADVICE_ALL_GOOD;
}

KioskStatusReport *
kiosk_status_report_new (KioskCardStatus *status, GDateTime *now, guint renewal_months)
{
  KioskStatusReport *self;
  KioskCertificate *cert;

  g_return_val_if_fail (KIOSK_IS_CARD_STATUS (status), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_STATUS_REPORT, NULL);
  self->status = g_object_ref (status);
  self->validity = KIOSK_VALIDITY_EXPIRED;
  cert = kiosk_card_status_get_auth_certificate (status);
  if (cert != NULL)
    {
      g_autoptr (GDate) today = local_date_of (now);
      g_autoptr (GDate) last_day = NULL;

      self->validity = kiosk_certificate_get_validity (cert, now);
      self->expires = kiosk_clock_to_local (kiosk_certificate_get_not_after (cert));
      last_day = local_date_of (self->expires);
      self->days_left = g_date_days_between (today, last_day);
      self->renewal_opens = kiosk_renewal_opens_for (self->expires, renewal_months);
      /* Renewal of an expired certificate is a policy question (issue 3); here it counts as
       * open only while the certificate is still valid. */
      self->renewal_open = self->validity == KIOSK_VALIDITY_VALID
                           && g_date_compare (today, self->renewal_opens) >= 0;
    }
  self->advice = choose_advice (self);
  return self;
}

KioskCardStatus *
kiosk_status_report_get_card_status (KioskStatusReport *self)
{
  g_return_val_if_fail (KIOSK_IS_STATUS_REPORT (self), NULL);
  return self->status;
}

gboolean
kiosk_status_report_has_certificate (KioskStatusReport *self)
{
  g_return_val_if_fail (KIOSK_IS_STATUS_REPORT (self), FALSE);
  return self->expires != NULL;
}

KioskValidity
kiosk_status_report_get_validity (KioskStatusReport *self)
{
  g_return_val_if_fail (KIOSK_IS_STATUS_REPORT (self), KIOSK_VALIDITY_EXPIRED);
  return self->validity;
}

GDateTime *
kiosk_status_report_get_expires (KioskStatusReport *self)
{
  g_return_val_if_fail (KIOSK_IS_STATUS_REPORT (self), NULL);
  return self->expires;
}

int
kiosk_status_report_get_days_left (KioskStatusReport *self)
{
  g_return_val_if_fail (KIOSK_IS_STATUS_REPORT (self), 0);
  return self->days_left;
}

GDate *
kiosk_status_report_get_renewal_opens (KioskStatusReport *self)
{
  g_return_val_if_fail (KIOSK_IS_STATUS_REPORT (self), NULL);
  return self->renewal_opens;
}

gboolean
kiosk_status_report_get_renewal_open (KioskStatusReport *self)
{
  g_return_val_if_fail (KIOSK_IS_STATUS_REPORT (self), FALSE);
  return self->renewal_open;
}

int
kiosk_status_report_get_auth_tries_left (KioskStatusReport *self)
{
  g_return_val_if_fail (KIOSK_IS_STATUS_REPORT (self), 0);
  return kiosk_card_status_get_auth_tries_left (self->status);
}

int
kiosk_status_report_get_sign_tries_left (KioskStatusReport *self)
{
  g_return_val_if_fail (KIOSK_IS_STATUS_REPORT (self), -1);
  return kiosk_card_status_get_sign_tries_left (self->status);
}

KioskAdvice
kiosk_status_report_get_advice (KioskStatusReport *self)
{
  g_return_val_if_fail (KIOSK_IS_STATUS_REPORT (self), KIOSK_ADVICE_ALL_GOOD);
  return self->advice;
}
