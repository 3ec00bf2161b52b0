/* test-holidays.c: every Japanese public holiday 2024–2030, and the days around them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-holidays.h"

#include <stdio.h>

typedef struct
{
  const char *date; /* YYYY-MM-DD */
  KioskHolidayKind kind;
  const char *name;
} Holiday;

#define N KIOSK_HOLIDAY_NATIONAL
#define S KIOSK_HOLIDAY_SUBSTITUTE
#define C KIOSK_HOLIDAY_CITIZENS

/* The Cabinet Office's lists (内閣府「国民の祝日」), 2024–2030, written out by hand: the table the
 * rules must reproduce, not derived from them. */
static const Holiday holidays[] = {
  { "2024-01-01", N, "New Year's Day" },
  { "2024-01-08", N, "Coming of Age Day" },
  { "2024-02-11", N, "National Foundation Day" },
  { "2024-02-12", S, "Substitute Holiday" },
  { "2024-02-23", N, "Emperor's Birthday" },
  { "2024-03-20", N, "Vernal Equinox Day" },
  { "2024-04-29", N, "Showa Day" },
  { "2024-05-03", N, "Constitution Memorial Day" },
  { "2024-05-04", N, "Greenery Day" },
  { "2024-05-05", N, "Children's Day" },
  { "2024-05-06", S, "Substitute Holiday" },
  { "2024-07-15", N, "Marine Day" },
  { "2024-08-11", N, "Mountain Day" },
  { "2024-08-12", S, "Substitute Holiday" },
  { "2024-09-16", N, "Respect for the Aged Day" },
  { "2024-09-22", N, "Autumnal Equinox Day" },
  { "2024-09-23", S, "Substitute Holiday" },
  { "2024-10-14", N, "Sports Day" },
  { "2024-11-03", N, "Culture Day" },
  { "2024-11-04", S, "Substitute Holiday" },
  { "2024-11-23", N, "Labour Thanksgiving Day" },

  { "2025-01-01", N, "New Year's Day" },
  { "2025-01-13", N, "Coming of Age Day" },
  { "2025-02-11", N, "National Foundation Day" },
  { "2025-02-23", N, "Emperor's Birthday" },
  { "2025-02-24", S, "Substitute Holiday" },
  { "2025-03-20", N, "Vernal Equinox Day" },
  { "2025-04-29", N, "Showa Day" },
  { "2025-05-03", N, "Constitution Memorial Day" },
  { "2025-05-04", N, "Greenery Day" },
  { "2025-05-05", N, "Children's Day" },
  { "2025-05-06", S, "Substitute Holiday" },
  { "2025-07-21", N, "Marine Day" },
  { "2025-08-11", N, "Mountain Day" },
  { "2025-09-15", N, "Respect for the Aged Day" },
  { "2025-09-23", N, "Autumnal Equinox Day" },
  { "2025-10-13", N, "Sports Day" },
  { "2025-11-03", N, "Culture Day" },
  { "2025-11-23", N, "Labour Thanksgiving Day" },
  { "2025-11-24", S, "Substitute Holiday" },

  { "2026-01-01", N, "New Year's Day" },
  { "2026-01-12", N, "Coming of Age Day" },
  { "2026-02-11", N, "National Foundation Day" },
  { "2026-02-23", N, "Emperor's Birthday" },
  { "2026-03-20", N, "Vernal Equinox Day" },
  { "2026-04-29", N, "Showa Day" },
  { "2026-05-03", N, "Constitution Memorial Day" },
  { "2026-05-04", N, "Greenery Day" },
  { "2026-05-05", N, "Children's Day" },
  { "2026-05-06", S, "Substitute Holiday" },
  { "2026-07-20", N, "Marine Day" },
  { "2026-08-11", N, "Mountain Day" },
  { "2026-09-21", N, "Respect for the Aged Day" },
  { "2026-09-22", C, "Citizens' Holiday" },
  { "2026-09-23", N, "Autumnal Equinox Day" },
  { "2026-10-12", N, "Sports Day" },
  { "2026-11-03", N, "Culture Day" },
  { "2026-11-23", N, "Labour Thanksgiving Day" },

  { "2027-01-01", N, "New Year's Day" },
  { "2027-01-11", N, "Coming of Age Day" },
  { "2027-02-11", N, "National Foundation Day" },
  { "2027-02-23", N, "Emperor's Birthday" },
  { "2027-03-21", N, "Vernal Equinox Day" },
  { "2027-03-22", S, "Substitute Holiday" },
  { "2027-04-29", N, "Showa Day" },
  { "2027-05-03", N, "Constitution Memorial Day" },
  { "2027-05-04", N, "Greenery Day" },
  { "2027-05-05", N, "Children's Day" },
  { "2027-07-19", N, "Marine Day" },
  { "2027-08-11", N, "Mountain Day" },
  { "2027-09-20", N, "Respect for the Aged Day" },
  { "2027-09-23", N, "Autumnal Equinox Day" },
  { "2027-10-11", N, "Sports Day" },
  { "2027-11-03", N, "Culture Day" },
  { "2027-11-23", N, "Labour Thanksgiving Day" },

  { "2028-01-01", N, "New Year's Day" },
  { "2028-01-10", N, "Coming of Age Day" },
  { "2028-02-11", N, "National Foundation Day" },
  { "2028-02-23", N, "Emperor's Birthday" },
  { "2028-03-20", N, "Vernal Equinox Day" },
  { "2028-04-29", N, "Showa Day" },
  { "2028-05-03", N, "Constitution Memorial Day" },
  { "2028-05-04", N, "Greenery Day" },
  { "2028-05-05", N, "Children's Day" },
  { "2028-07-17", N, "Marine Day" },
  { "2028-08-11", N, "Mountain Day" },
  { "2028-09-18", N, "Respect for the Aged Day" },
  { "2028-09-22", N, "Autumnal Equinox Day" },
  { "2028-10-09", N, "Sports Day" },
  { "2028-11-03", N, "Culture Day" },
  { "2028-11-23", N, "Labour Thanksgiving Day" },

  { "2029-01-01", N, "New Year's Day" },
  { "2029-01-08", N, "Coming of Age Day" },
  { "2029-02-11", N, "National Foundation Day" },
  { "2029-02-12", S, "Substitute Holiday" },
  { "2029-02-23", N, "Emperor's Birthday" },
  { "2029-03-20", N, "Vernal Equinox Day" },
  { "2029-04-29", N, "Showa Day" },
  { "2029-04-30", S, "Substitute Holiday" },
  { "2029-05-03", N, "Constitution Memorial Day" },
  { "2029-05-04", N, "Greenery Day" },
  { "2029-05-05", N, "Children's Day" },
  { "2029-07-16", N, "Marine Day" },
  { "2029-08-11", N, "Mountain Day" },
  { "2029-09-17", N, "Respect for the Aged Day" },
  { "2029-09-23", N, "Autumnal Equinox Day" },
  { "2029-09-24", S, "Substitute Holiday" },
  { "2029-10-08", N, "Sports Day" },
  { "2029-11-03", N, "Culture Day" },
  { "2029-11-23", N, "Labour Thanksgiving Day" },

  { "2030-01-01", N, "New Year's Day" },
  { "2030-01-14", N, "Coming of Age Day" },
  { "2030-02-11", N, "National Foundation Day" },
  { "2030-02-23", N, "Emperor's Birthday" },
  { "2030-03-20", N, "Vernal Equinox Day" },
  { "2030-04-29", N, "Showa Day" },
  { "2030-05-03", N, "Constitution Memorial Day" },
  { "2030-05-04", N, "Greenery Day" },
  { "2030-05-05", N, "Children's Day" },
  { "2030-05-06", S, "Substitute Holiday" },
  { "2030-07-15", N, "Marine Day" },
  { "2030-08-11", N, "Mountain Day" },
  { "2030-08-12", S, "Substitute Holiday" },
  { "2030-09-16", N, "Respect for the Aged Day" },
  { "2030-09-23", N, "Autumnal Equinox Day" },
  { "2030-10-14", N, "Sports Day" },
  { "2030-11-03", N, "Culture Day" },
  { "2030-11-04", S, "Substitute Holiday" },
  { "2030-11-23", N, "Labour Thanksgiving Day" },
};

static void
parse_date (const char *text, GDate *date)
{
  int y, m, d;

  g_assert_cmpint (sscanf (text, "%d-%d-%d", &y, &m, &d), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
  g_assert_true (g_date_valid (date));
}

static const Holiday *
find_in_table (const GDate *date)
{
  for (gsize i = 0; i < G_N_ELEMENTS (holidays); i++)
    {
      GDate listed;

      parse_date (holidays[i].date, &listed);
      if (g_date_compare (&listed, date) == 0)
        return &holidays[i];
    }
  return NULL;
}

static void
test_listed_holiday (gconstpointer data)
{
  const Holiday *holiday = data;
  GDate date;
  const char *name = NULL;
  gboolean unknown = TRUE;

  parse_date (holiday->date, &date);
  g_assert_true (kiosk_holiday_lookup_full (&date, &name, &unknown));
  g_assert_false (unknown);
  g_assert_cmpstr (name, ==, holiday->name);
  g_assert_cmpint (kiosk_holiday_kind (&date, NULL), ==, holiday->kind);
}

/* The days either side of a holiday that are not in the list are working days (weekends
 * included: a Saturday is not a holiday). */
static void
test_neighbours_not_holidays (gconstpointer data)
{
  const Holiday *holiday = data;
  GDate date;

  parse_date (holiday->date, &date);
  for (int offset = -1; offset <= 1; offset += 2)
    {
      GDate near = date;
      const char *name = "unset";

      if (offset < 0)
        g_date_subtract_days (&near, 1);
      else
        g_date_add_days (&near, 1);
      if (find_in_table (&near) != NULL || !kiosk_holiday_year_known (g_date_get_year (&near)))
        continue;
      g_assert_false (kiosk_holiday_lookup (&near, &name));
      g_assert_null (name);
      g_assert_cmpint (kiosk_holiday_kind (&near, NULL), ==, KIOSK_HOLIDAY_NONE);
    }
}

/* Every day of the year: a holiday exactly when listed. Catches a rule that adds a day. */
static void
test_whole_year (gconstpointer data)
{
  GDateYear year = (GDateYear)GPOINTER_TO_UINT (data);
  g_autoptr (GDate) day = g_date_new_dmy (1, G_DATE_JANUARY, year);
  guint found = 0, listed = 0;

  for (; g_date_get_year (day) == year; g_date_add_days (day, 1))
    {
      gboolean expected = find_in_table (day) != NULL;
      gboolean actual = kiosk_holiday_lookup (day, NULL);

      if (expected != actual)
        {
          char text[16];

          g_date_strftime (text, sizeof text, "%Y-%m-%d", day);
          g_test_message ("%s: expected %s", text, expected ? "a holiday" : "a working day");
        }
      g_assert_cmpint (expected, ==, actual);
      found += actual;
    }
  g_autofree char *prefix = g_strdup_printf ("%u-", (guint)year);

  for (gsize i = 0; i < G_N_ELEMENTS (holidays); i++)
    listed += g_str_has_prefix (holidays[i].date, prefix);
  g_assert_cmpuint (found, ==, listed);
}

static void
test_unknown_year (gconstpointer data)
{
  GDate date;
  const char *name = "unset";
  gboolean unknown = FALSE;

  parse_date (data, &date);
  g_assert_false (kiosk_holiday_lookup_full (&date, &name, &unknown));
  g_assert_true (unknown);
  g_assert_null (name);
  g_assert_cmpint (kiosk_holiday_kind (&date, NULL), ==, KIOSK_HOLIDAY_UNKNOWN_YEAR);
  g_assert_false (kiosk_holiday_year_known (g_date_get_year (&date)));
}

/* A Sunday holiday followed by another holiday: the substitute skips it (5/4 Sunday, 5/5
 * Monday → 5/6), and a Saturday holiday gets no substitute. */
static void
test_substitute_skips_holidays (void)
{
  GDate date;

  parse_date ("2025-05-04", &date);
  g_assert_cmpint (g_date_get_weekday (&date), ==, G_DATE_SUNDAY);
  parse_date ("2025-05-06", &date);
  g_assert_cmpint (kiosk_holiday_kind (&date, NULL), ==, KIOSK_HOLIDAY_SUBSTITUTE);
  parse_date ("2025-05-07", &date);
  g_assert_cmpint (kiosk_holiday_kind (&date, NULL), ==, KIOSK_HOLIDAY_NONE);
  parse_date ("2028-04-29", &date); /* Saturday */
  g_assert_cmpint (g_date_get_weekday (&date), ==, G_DATE_SATURDAY);
  parse_date ("2028-05-01", &date);
  g_assert_cmpint (kiosk_holiday_kind (&date, NULL), ==, KIOSK_HOLIDAY_NONE);
}

/* 21 September 2026 (Monday) and 23 September (Wednesday) are holidays: the Tuesday between is a
 * citizens' holiday; in 2027 the gap is two days and there is none. */
static void
test_citizens_holiday_only_between_two (void)
{
  GDate date;

  parse_date ("2026-09-22", &date);
  g_assert_cmpint (kiosk_holiday_kind (&date, NULL), ==, KIOSK_HOLIDAY_CITIZENS);
  parse_date ("2027-09-21", &date);
  g_assert_cmpint (kiosk_holiday_kind (&date, NULL), ==, KIOSK_HOLIDAY_NONE);
  parse_date ("2027-09-22", &date);
  g_assert_cmpint (kiosk_holiday_kind (&date, NULL), ==, KIOSK_HOLIDAY_NONE);
}

static const char *const unknown_dates[]
    = { "2023-12-31", "2023-01-01", "2031-01-01", "2031-05-05", "1999-01-01" };

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (holidays); i++)
    {
      g_autofree char *path = g_strdup_printf ("/app/holidays/listed/%s", holidays[i].date);
      g_autofree char *around = g_strdup_printf ("/app/holidays/around/%s", holidays[i].date);

      g_test_add_data_func (path, &holidays[i], test_listed_holiday);
      g_test_add_data_func (around, &holidays[i], test_neighbours_not_holidays);
    }
  for (guint year = KIOSK_HOLIDAYS_FIRST_YEAR; year <= KIOSK_HOLIDAYS_LAST_YEAR; year++)
    {
      g_autofree char *path = g_strdup_printf ("/app/holidays/whole-year/%u", year);

      g_test_add_data_func (path, GUINT_TO_POINTER (year), test_whole_year);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (unknown_dates); i++)
    {
      g_autofree char *path = g_strdup_printf ("/app/holidays/unknown-year/%s", unknown_dates[i]);

      g_test_add_data_func (path, unknown_dates[i], test_unknown_year);
    }
  g_test_add_func ("/app/holidays/substitute-skips-holidays", test_substitute_skips_holidays);
  g_test_add_func ("/app/holidays/citizens-holiday-only-between-two",
                   test_citizens_holiday_only_between_two);
  return g_test_run ();
}
