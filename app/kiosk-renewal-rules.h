/* kiosk-renewal-rules.h: when a certificate may be renewed at the kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

/* KioskExpiredPolicy ([renewal] expired = handoff | kiosk; default handoff) */
#include "kiosk-config.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_RENEWAL_OPEN,             /* inside the window, still valid: renew here */
  KIOSK_RENEWAL_NOT_YET,          /* the window opens on a later date */
  KIOSK_RENEWAL_EXPIRED_HANDOFF,  /* expired, and policy sends it to the counter */
  KIOSK_RENEWAL_EXPIRED_AT_KIOSK, /* expired, and policy lets the kiosk renew it */
} KioskRenewalVerdict;

/* The date renewal opens for a certificate ending at @not_after: the day after the date
 * @months months before the expiry date (J-LIS wording), in Asia/Tokyo. A date that does not
 * exist in the earlier month is clamped to its last day (31 May - 3 months = 28/29 Feb).
 * Transfer full. */
GDate *kiosk_renewal_opens_for (GDateTime *not_after, guint months);

/* The same, with the "day after" configurable: some cities read "3か月前から" as the date three
 * months before itself (@day_after FALSE). Transfer full. */
GDate *kiosk_renewal_opens_for_full (GDateTime *not_after, guint months, gboolean day_after);

/* May the certificate ending at @not_after be renewed at the kiosk at @now? A certificate is
 * valid up to and including @not_after (23:59:59 JST on its last day). With NOT_YET and
 * @opens non-NULL, *@opens receives the opening date (transfer full); otherwise it is set to
 * NULL. */
KioskRenewalVerdict kiosk_renewal_verdict (GDateTime *not_after, GDateTime *now, guint months,
                                           gboolean day_after, KioskExpiredPolicy policy,
                                           GDate **opens);

G_END_DECLS
