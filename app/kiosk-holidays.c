/* kiosk-holidays.c: Japanese public holidays 2024–2030, computed by rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-holidays.h"

#include <string.h>

/* The Act on National Holidays (国民の祝日に関する法律) as amended for 2020 onwards: fixed
 * dates, "Happy Monday" days, the two equinox days, and Article 3's two kinds of extra day off. */

typedef struct
{
  KioskHolidayKind kind;
  const char *name;
} DayInfo;

typedef struct
{
  GDateMonth month;
  GDateDay day;     /* a fixed date, or 0 for the nth Monday */
  guint nth_monday; /* with day 0: the month's 2nd or 3rd Monday */
  const char *name;
} HolidayRule;

static const HolidayRule fixed_rules[] = {
  { G_DATE_JANUARY, 1, 0, "New Year's Day" },
  { G_DATE_JANUARY, 0, 2, "Coming of Age Day" },
  { G_DATE_FEBRUARY, 11, 0, "National Foundation Day" },
  { G_DATE_FEBRUARY, 23, 0, "Emperor's Birthday" },
  { G_DATE_APRIL, 29, 0, "Showa Day" },
  { G_DATE_MAY, 3, 0, "Constitution Memorial Day" },
  { G_DATE_MAY, 4, 0, "Greenery Day" },
  { G_DATE_MAY, 5, 0, "Children's Day" },
  { G_DATE_JULY, 0, 3, "Marine Day" },
  { G_DATE_AUGUST, 11, 0, "Mountain Day" },
  { G_DATE_SEPTEMBER, 0, 3, "Respect for the Aged Day" },
  { G_DATE_OCTOBER, 0, 2, "Sports Day" },
  { G_DATE_NOVEMBER, 3, 0, "Culture Day" },
  { G_DATE_NOVEMBER, 23, 0, "Labour Thanksgiving Day" },
};

gboolean
kiosk_holiday_year_known (GDateYear year)
{
  return year >= KIOSK_HOLIDAYS_FIRST_YEAR && year <= KIOSK_HOLIDAYS_LAST_YEAR;
}

/* The equinox days are decreed each February for the next year from the National Astronomical
 * Observatory's ephemeris; this approximation (valid 1980–2099) reproduces the published and
 * predicted days for every year we claim to know. */
static GDateDay
equinox_day (GDateYear year, double base)
{
  guint since = year - 1980;

  return (GDateDay)(base + 0.242194 * since - since / 4);
}

static GDateDay
nth_monday (GDateYear year, GDateMonth month, guint nth)
{
  g_autoptr (GDate) first = g_date_new_dmy (1, month, year);
  guint to_monday = (G_DATE_MONDAY + 7 - g_date_get_weekday (first)) % 7;

  return (GDateDay)(1 + to_monday + 7 * (nth - 1));
}

/* Fills @days (indexed by day of year - 1) for a known @year. */
static void
compute_year (GDateYear year, DayInfo days[366])
{
  guint length = g_date_is_leap_year (year) ? 366 : 365;
  GDate date;

  memset (days, 0, sizeof (DayInfo) * 366);
  g_date_clear (&date, 1);

  for (gsize i = 0; i < G_N_ELEMENTS (fixed_rules); i++)
    {
      const HolidayRule *rule = &fixed_rules[i];
      GDateDay day = rule->day ? rule->day : nth_monday (year, rule->month, rule->nth_monday);

      g_date_set_dmy (&date, day, rule->month, year);
      days[g_date_get_day_of_year (&date) - 1] = (DayInfo){ KIOSK_HOLIDAY_NATIONAL, rule->name };
    }
  g_date_set_dmy (&date, equinox_day (year, 20.8431), G_DATE_MARCH, year);
  days[g_date_get_day_of_year (&date) - 1]
      = (DayInfo){ KIOSK_HOLIDAY_NATIONAL, "Vernal Equinox Day" };
  g_date_set_dmy (&date, equinox_day (year, 23.2488), G_DATE_SEPTEMBER, year);
  days[g_date_get_day_of_year (&date) - 1]
      = (DayInfo){ KIOSK_HOLIDAY_NATIONAL, "Autumnal Equinox Day" };

  /* Article 3(2): a holiday on a Sunday moves the day off to the nearest following day that is
   * not itself a holiday (so 3 May on a Sunday gives 6 May). */
  for (guint i = 0; i < length; i++)
    {
      if (days[i].kind != KIOSK_HOLIDAY_NATIONAL)
        continue;
      g_date_set_dmy (&date, 1, G_DATE_JANUARY, year);
      g_date_add_days (&date, i);
      if (g_date_get_weekday (&date) != G_DATE_SUNDAY)
        continue;
      guint next = i + 1;
      while (next < length && days[next].kind == KIOSK_HOLIDAY_NATIONAL)
        next++;
      if (next < length && days[next].kind == KIOSK_HOLIDAY_NONE)
        days[next] = (DayInfo){ KIOSK_HOLIDAY_SUBSTITUTE, "Substitute Holiday" };
    }

  /* Article 3(3): a day whose day before and day after are both national holidays (not
   * substitute days) is a day off too, e.g. 22 September 2026. */
  for (guint i = 1; i + 1 < length; i++)
    if (days[i].kind == KIOSK_HOLIDAY_NONE && days[i - 1].kind == KIOSK_HOLIDAY_NATIONAL
        && days[i + 1].kind == KIOSK_HOLIDAY_NATIONAL)
      days[i] = (DayInfo){ KIOSK_HOLIDAY_CITIZENS, "Citizens' Holiday" };
}

KioskHolidayKind
kiosk_holiday_kind (const GDate *date, const char **english_name)
{
  DayInfo days[366];

  if (english_name != NULL)
    *english_name = NULL;
  g_return_val_if_fail (date != NULL && g_date_valid (date), KIOSK_HOLIDAY_UNKNOWN_YEAR);

  GDateYear year = g_date_get_year (date);

  if (!kiosk_holiday_year_known (year))
    return KIOSK_HOLIDAY_UNKNOWN_YEAR;
  compute_year (year, days);

  const DayInfo *info = &days[g_date_get_day_of_year (date) - 1];

  if (english_name != NULL)
    *english_name = info->name;
  return info->kind;
}

gboolean
kiosk_holiday_lookup_full (const GDate *date, const char **english_name, gboolean *unknown_year)
{
  KioskHolidayKind kind = kiosk_holiday_kind (date, english_name);

  if (unknown_year != NULL)
    *unknown_year = kind == KIOSK_HOLIDAY_UNKNOWN_YEAR;
  return kind == KIOSK_HOLIDAY_NATIONAL || kind == KIOSK_HOLIDAY_SUBSTITUTE
         || kind == KIOSK_HOLIDAY_CITIZENS;
}

gboolean
kiosk_holiday_lookup (const GDate *date, const char **english_name)
{
  return kiosk_holiday_lookup_full (date, english_name, NULL);
}
