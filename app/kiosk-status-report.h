/* kiosk-status-report.h: what the status screen tells a resident about their card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-card-status.h"
#include "kiosk-renewal-rules.h" /* kiosk_renewal_opens_for */

G_BEGIN_DECLS

/* The one piece of advice the status screen leads with, most urgent first. */
typedef enum
{
  KIOSK_ADVICE_NO_CERTIFICATES, /* first issuance needs the counter */
  KIOSK_ADVICE_UNTRUSTED,       /* certificate does not chain to a trust anchor */
  KIOSK_ADVICE_PIN_LOCKED,      /* 4-digit PIN blocked: counter */
  KIOSK_ADVICE_EXPIRED,         /* renew (at the counter by default) */
  KIOSK_ADVICE_SIGN_LOCKED,     /* sign password blocked: counter */
  KIOSK_ADVICE_PIN_LAST_TRY,    /* one try left: be careful, or go to the counter */
  KIOSK_ADVICE_RENEWAL_OPEN,    /* renewal can be done now */
  KIOSK_ADVICE_ALL_GOOD,
} KioskAdvice;

#define KIOSK_TYPE_STATUS_REPORT (kiosk_status_report_get_type ())
G_DECLARE_FINAL_TYPE (KioskStatusReport, kiosk_status_report, KIOSK, STATUS_REPORT, GObject)

/* A pure function of the card's status, now and the renewal rule. */
KioskStatusReport *kiosk_status_report_new (KioskCardStatus *status, GDateTime *now,
                                            guint renewal_months);

KioskCardStatus *kiosk_status_report_get_card_status (KioskStatusReport *self);
gboolean kiosk_status_report_has_certificate (KioskStatusReport *self);
KioskValidity kiosk_status_report_get_validity (KioskStatusReport *self);
/* The auth certificate's last valid moment, in Asia/Tokyo (transfer none; NULL without one). */
GDateTime *kiosk_status_report_get_expires (KioskStatusReport *self);
/* Whole days from today (Asia/Tokyo) to the expiry date: 0 on the last day, negative after. */
int kiosk_status_report_get_days_left (KioskStatusReport *self);
/* The first day renewal is possible (Asia/Tokyo date; transfer none; NULL without one). */
GDate *kiosk_status_report_get_renewal_opens (KioskStatusReport *self);
gboolean kiosk_status_report_get_renewal_open (KioskStatusReport *self);
int kiosk_status_report_get_auth_tries_left (KioskStatusReport *self);
int kiosk_status_report_get_sign_tries_left (KioskStatusReport *self); /* -1: no sign password */
KioskAdvice kiosk_status_report_get_advice (KioskStatusReport *self);

G_END_DECLS
