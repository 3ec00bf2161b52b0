/* kiosk-renewal-rules.c: when a certificate may be renewed at the kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-renewal-rules.h"

#include "kiosk-clock.h"

static GDate *
local_date_of (GDateTime *time)
{
  g_autoptr (GDateTime) local = kiosk_clock_to_local (time);

  return g_date_new_dmy (g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                         g_date_time_get_year (local));
}

GDate *
kiosk_renewal_opens_for_full (GDateTime *not_after, guint months, gboolean day_after)
{
  GDate *opens;

  g_return_val_if_fail (not_after != NULL, NULL);

  /* g_date_subtract_months clamps to the month's last day (31 May - 3 months = 28/29 Feb), the
   * same reading J-LIS's calendars use. */
  opens = local_date_of (not_after);
  g_date_subtract_months (opens, months);
  if (day_after)
    g_date_add_days (opens, 1);
  return opens;
}

GDate *
kiosk_renewal_opens_for (GDateTime *not_after, guint months)
{
  return kiosk_renewal_opens_for_full (not_after, months, TRUE);
}

KioskRenewalVerdict
kiosk_renewal_verdict (GDateTime *not_after, GDateTime *now, guint months, gboolean day_after,
                       KioskExpiredPolicy policy, GDate **opens)
{
  if (opens != NULL)
    *opens = NULL;
  g_return_val_if_fail (not_after != NULL, KIOSK_RENEWAL_EXPIRED_HANDOFF);
  g_return_val_if_fail (now != NULL, KIOSK_RENEWAL_EXPIRED_HANDOFF);

  /* Valid through its last second, 23:59:59 JST included. */
  if (g_date_time_compare (now, not_after) > 0)
    return policy == KIOSK_EXPIRED_POLICY_KIOSK ? KIOSK_RENEWAL_EXPIRED_AT_KIOSK
                                                : KIOSK_RENEWAL_EXPIRED_HANDOFF;

  g_autoptr (GDate) first_day = kiosk_renewal_opens_for_full (not_after, months, day_after);
  g_autoptr (GDate) today = local_date_of (now);

  if (g_date_compare (today, first_day) >= 0)
    return KIOSK_RENEWAL_OPEN;
  if (opens != NULL)
    *opens = g_steal_pointer (&first_day);
  return KIOSK_RENEWAL_NOT_YET;
}
