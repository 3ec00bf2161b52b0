/* kiosk-certificate-validity.c: the JPKI validity rule (until the 5th birthday after issuance)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-certificate-validity.h"

#define VALIDITY_BIRTHDAYS 5

/* cardio has no KioskClock (that lives in app/): Asia/Tokyo directly, with +09:00 as the fallback
 * for a system without tzdata — Japan has had no daylight saving since 1951, so they agree for
 * every date a certificate can carry. */
static GTimeZone *
tokyo (void)
{
  static gsize once;
  static GTimeZone *zone;

  if (g_once_init_enter (&once))
    {
      zone = g_time_zone_new_identifier ("Asia/Tokyo");
      if (zone == NULL)
        zone = g_time_zone_new_offset (9 * 3600);
      g_once_init_leave (&once, 1);
    }
  return zone;
}

void
kiosk_birthday_in_year (const GDate *birth, GDateYear year, KioskLeapDayRule rule, GDate *birthday)
{
  g_return_if_fail (birth != NULL && g_date_valid (birth));
  g_return_if_fail (g_date_valid_year (year));
  g_return_if_fail (birthday != NULL);

  GDateMonth month = g_date_get_month (birth);
  GDateDay day = g_date_get_day (birth);

  if (month == G_DATE_FEBRUARY && day == 29 && !g_date_is_leap_year (year))
    {
      if (rule == KIOSK_LEAP_DAY_MAR_1)
        month = G_DATE_MARCH, day = 1;
      else
        day = 28;
    }
  g_date_clear (birthday, 1);
  g_date_set_dmy (birthday, day, month, year);
}

void
kiosk_certificate_expiry_date (const GDate *birth, const GDate *issued, KioskLeapDayRule rule,
                               GDate *expiry)
{
  g_return_if_fail (birth != NULL && g_date_valid (birth));
  g_return_if_fail (issued != NULL && g_date_valid (issued));
  g_return_if_fail (expiry != NULL);

  guint found = 0;

  /* Walk the birthdays from the issue year: the one in that year counts only if it is still to
   * come (strictly after @issued), so issuing on the birthday gives five full years. */
  for (GDateYear year = g_date_get_year (issued);; year++)
    {
      GDate birthday;

      kiosk_birthday_in_year (birth, year, rule, &birthday);
      if (g_date_compare (&birthday, issued) > 0 && ++found == VALIDITY_BIRTHDAYS)
        {
          *expiry = birthday;
          return;
        }
    }
}

GDateTime *
kiosk_certificate_end_of_day (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_date_time_new (tokyo (), g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), 23, 59, 59);
}

GDateTime *
kiosk_certificate_start_of_day (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_date_time_new (tokyo (), g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), 0, 0, 0);
}

GDateTime *
kiosk_certificate_not_after (const GDate *birth, const GDate *issued, KioskLeapDayRule rule)
{
  GDate expiry;

  g_return_val_if_fail (birth != NULL && g_date_valid (birth), NULL);
  g_return_val_if_fail (issued != NULL && g_date_valid (issued), NULL);

  kiosk_certificate_expiry_date (birth, issued, rule, &expiry);
  return kiosk_certificate_end_of_day (&expiry);
}

GDateTime *
kiosk_certificate_reissued_sign_not_after (GDateTime *auth_not_after)
{
  g_return_val_if_fail (auth_not_after != NULL, NULL);

  return g_date_time_to_timezone (auth_not_after, tokyo ());
}
