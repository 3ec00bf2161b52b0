/* test-service-hours.c: open or closed in Asia/Tokyo, why, and when procedures reopen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "kiosk-service-hours.h"

typedef enum
{
  KASHIWA,   /* the default: weekdays 08:30-17:15 */
  EVERY_DAY, /* 09:00-17:00 every day, so holidays and maintenance Sundays show */
} Schedule;

typedef struct
{
  const char *name;
  Schedule schedule;
  const char *now; /* ISO 8601 with offset */
  KioskClosedReason reason;
  const char *next; /* next opening as "YYYY-MM-DD HH:MM:SS +0900", or NULL for none */
} HoursCase;

#define OPEN KIOSK_CLOSED_NONE
#define OUTSIDE KIOSK_CLOSED_OUTSIDE_HOURS
#define WEEKLY KIOSK_CLOSED_WEEKLY_CLOSED_DAY
#define HOLIDAY KIOSK_CLOSED_PUBLIC_HOLIDAY
#define YEAR_END KIOSK_CLOSED_YEAR_END
#define MAINTENANCE KIOSK_CLOSED_MAINTENANCE
#define UNKNOWN KIOSK_CLOSED_UNKNOWN_CALENDAR

/* Opening is inclusive and closing exclusive: 08:30:00 is open, 17:15:00 is closed. */
static const HoursCase hours_cases[] = {
  { "edges/before-opening", KASHIWA, "2026-11-25T08:29:59+09:00", OUTSIDE,
    "2026-11-25 08:30:00 +0900" },
  { "edges/opening", KASHIWA, "2026-11-25T08:30:00+09:00", OPEN, "2026-11-25 08:30:00 +0900" },
  { "edges/midday", KASHIWA, "2026-11-25T12:00:00+09:00", OPEN, "2026-11-25 12:00:00 +0900" },
  { "edges/last-second", KASHIWA, "2026-11-25T17:14:59+09:00", OPEN, "2026-11-25 17:14:59 +0900" },
  { "edges/closing", KASHIWA, "2026-11-25T17:15:00+09:00", OUTSIDE, "2026-11-26 08:30:00 +0900" },
  { "edges/midnight", KASHIWA, "2026-11-26T00:00:00+09:00", OUTSIDE, "2026-11-26 08:30:00 +0900" },
  { "week/friday-evening", KASHIWA, "2026-11-27T18:00:00+09:00", OUTSIDE,
    "2026-11-30 08:30:00 +0900" },
  { "week/saturday", KASHIWA, "2026-11-28T10:00:00+09:00", WEEKLY, "2026-11-30 08:30:00 +0900" },
  { "week/sunday", KASHIWA, "2026-11-29T10:00:00+09:00", WEEKLY, "2026-11-30 08:30:00 +0900" },
  /* The same moments written in UTC: the Japanese date and time decide. */
  { "utc/opening-is-previous-utc-day", KASHIWA, "2026-11-24T23:30:00Z", OPEN,
    "2026-11-25 08:30:00 +0900" },
  { "utc/before-opening", KASHIWA, "2026-11-24T23:29:59Z", OUTSIDE, "2026-11-25 08:30:00 +0900" },
  { "utc/friday-utc-is-saturday-in-japan", KASHIWA, "2026-11-27T23:30:00Z", WEEKLY,
    "2026-11-30 08:30:00 +0900" },
  { "utc/closing", KASHIWA, "2026-11-25T08:15:00Z", OUTSIDE, "2026-11-26 08:30:00 +0900" },
  { "utc/other-offset", KASHIWA, "2026-11-25T01:00:00+01:00", OPEN, "2026-11-25 09:00:00 +0900" },
  /* The year-end closure, 29 December to 3 January. */
  { "year-end/dec-28-open", KASHIWA, "2026-12-28T10:00:00+09:00", OPEN,
    "2026-12-28 10:00:00 +0900" },
  { "year-end/dec-28-after-closing", KASHIWA, "2026-12-28T17:15:00+09:00", OUTSIDE,
    "2027-01-04 08:30:00 +0900" },
  { "year-end/dec-29", KASHIWA, "2026-12-29T10:00:00+09:00", YEAR_END,
    "2027-01-04 08:30:00 +0900" },
  { "year-end/dec-31", KASHIWA, "2026-12-31T10:00:00+09:00", YEAR_END,
    "2027-01-04 08:30:00 +0900" },
  { "year-end/jan-1", KASHIWA, "2027-01-01T10:00:00+09:00", YEAR_END, "2027-01-04 08:30:00 +0900" },
  { "year-end/jan-3-sunday", KASHIWA, "2027-01-03T10:00:00+09:00", YEAR_END,
    "2027-01-04 08:30:00 +0900" },
  { "year-end/jan-4-open", KASHIWA, "2027-01-04T08:30:00+09:00", OPEN,
    "2027-01-04 08:30:00 +0900" },
  /* 4 January 2026 is a Sunday: procedures reopen on Monday the 5th. */
  { "year-end/jan-4-sunday", KASHIWA, "2025-12-29T09:00:00+09:00", YEAR_END,
    "2026-01-05 08:30:00 +0900" },
  { "year-end/every-day-schedule", EVERY_DAY, "2026-12-30T10:00:00+09:00", YEAR_END,
    "2027-01-04 09:00:00 +0900" },
  { "year-end/dec-28-utc-is-dec-29", KASHIWA, "2026-12-28T15:00:00Z", YEAR_END,
    "2027-01-04 08:30:00 +0900" },
  /* Public holidays. */
  { "holiday/substitute-2024-02-12", KASHIWA, "2024-02-12T10:00:00+09:00", HOLIDAY,
    "2024-02-13 08:30:00 +0900" },
  { "holiday/substitute-2024-09-23", KASHIWA, "2024-09-23T10:00:00+09:00", HOLIDAY,
    "2024-09-24 08:30:00 +0900" },
  { "holiday/golden-week-2025", KASHIWA, "2025-05-02T17:15:00+09:00", OUTSIDE,
    "2025-05-07 08:30:00 +0900" },
  { "holiday/substitute-2025-05-06", KASHIWA, "2025-05-06T10:00:00+09:00", HOLIDAY,
    "2025-05-07 08:30:00 +0900" },
  { "holiday/citizens-2026-09-22", KASHIWA, "2026-09-22T10:00:00+09:00", HOLIDAY,
    "2026-09-24 08:30:00 +0900" },
  { "holiday/silver-week-from-friday", KASHIWA, "2026-09-18T17:15:00+09:00", OUTSIDE,
    "2026-09-24 08:30:00 +0900" },
  { "holiday/saturday-holiday-weekly-first", EVERY_DAY, "2028-04-29T10:00:00+09:00", HOLIDAY,
    "2028-04-30 09:00:00 +0900" },
  { "holiday/saturday-holiday-kashiwa", KASHIWA, "2028-04-29T10:00:00+09:00", WEEKLY,
    "2028-05-01 08:30:00 +0900" },
  { "holiday/day-after-open", KASHIWA, "2026-11-24T08:30:00+09:00", OPEN,
    "2026-11-24 08:30:00 +0900" },
  /* The maintenance Sunday: the Sunday after the third Saturday. */
  { "maintenance/month-starts-sunday", EVERY_DAY, "2026-03-22T10:00:00+09:00", MAINTENANCE,
    "2026-03-23 09:00:00 +0900" },
  /* In a month starting on a Sunday the third Sunday (15th) is an ordinary day. */
  { "maintenance/not-third-sunday", EVERY_DAY, "2026-03-15T10:00:00+09:00", OPEN,
    "2026-03-15 10:00:00 +0900" },
  { "maintenance/month-starts-saturday", EVERY_DAY, "2026-08-16T10:00:00+09:00", MAINTENANCE,
    "2026-08-17 09:00:00 +0900" },
  { "maintenance/month-starts-friday", EVERY_DAY, "2026-05-17T10:00:00+09:00", MAINTENANCE,
    "2026-05-18 09:00:00 +0900" },
  { "maintenance/saturday-before-open", EVERY_DAY, "2026-05-16T10:00:00+09:00", OPEN,
    "2026-05-16 10:00:00 +0900" },
  { "maintenance/saturday-evening", EVERY_DAY, "2026-05-16T17:00:00+09:00", OUTSIDE,
    "2026-05-18 09:00:00 +0900" },
  { "maintenance/utc-saturday-is-sunday", EVERY_DAY, "2026-03-21T15:00:00Z", MAINTENANCE,
    "2026-03-23 09:00:00 +0900" },
  { "maintenance/utc-still-saturday", EVERY_DAY, "2026-03-21T14:59:59Z", OUTSIDE,
    "2026-03-23 09:00:00 +0900" },
  { "maintenance/kashiwa-sunday-is-weekly", KASHIWA, "2026-03-22T10:00:00+09:00", WEEKLY,
    "2026-03-23 08:30:00 +0900" },
  /* Beyond the holiday table: closed, and no opening promised. */
  { "unknown/2031", KASHIWA, "2031-02-03T10:00:00+09:00", UNKNOWN, NULL },
  { "unknown/next-opening-in-2031", KASHIWA, "2030-12-27T17:15:00+09:00", OUTSIDE, NULL },
  { "unknown/2023", KASHIWA, "2023-11-01T10:00:00+09:00", UNKNOWN, NULL },
};

static KioskServiceHours *
make_schedule (Schedule schedule)
{
  static const char *const every_day[7]
      = { "09:00-17:00", "09:00-17:00", "09:00-17:00", "09:00-17:00",
          "09:00-17:00", "09:00-17:00", "09:00-17:00" };
  g_autoptr (GError) error = NULL;
  KioskServiceHours *hours;

  if (schedule == KASHIWA)
    return kiosk_service_hours_new_default ();
  hours = kiosk_service_hours_new (every_day, &error);
  g_assert_no_error (error);
  return hours;
}

static void
test_hours (gconstpointer data)
{
  const HoursCase *c = data;
  g_autoptr (KioskServiceHours) hours = make_schedule (c->schedule);
  g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 (c->now, NULL);

  g_assert_nonnull (now);
  g_assert_cmpint (kiosk_service_hours_check (hours, now), ==, c->reason);
  g_assert_cmpint (kiosk_service_hours_is_open (hours, now), ==, c->reason == OPEN);

  g_autoptr (GDateTime) next = kiosk_service_hours_next_opening (hours, now);

  if (c->next == NULL)
    {
      g_assert_null (next);
      return;
    }
  g_assert_nonnull (next);

  g_autofree char *text = g_date_time_format (next, "%Y-%m-%d %H:%M:%S %z");

  g_assert_cmpstr (text, ==, c->next);
  /* What next_opening promises must itself be open (unless the table ends there). */
  g_assert_cmpint (kiosk_service_hours_check (hours, next), ==, OPEN);
}

typedef struct
{
  const char *text;
  gboolean ok;
  guint open_minute;
  guint close_minute;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "08:30-17:15", TRUE, 510, 1035 },
  { "closed", TRUE, 0, 0 },
  { "Closed", TRUE, 0, 0 },
  { "00:00-24:00", TRUE, 0, 1440 },
  { "09:00-09:01", TRUE, 540, 541 },
  { "", FALSE },
  { "8:30-17:15", FALSE },
  { "08:30-17:15 ", FALSE },
  { " 08:30-17:15", FALSE },
  { "08:30 - 17:15", FALSE },
  { "08:30~17:15", FALSE },
  { "08.30-17.15", FALSE },
  { "08:60-17:00", FALSE },
  { "25:00-26:00", FALSE },
  { "08:00-24:01", FALSE },
  { "24:00-24:00", FALSE },
  { "17:15-08:30", FALSE },
  { "08:30-08:30", FALSE },
  { "08:30", FALSE },
  { "open", FALSE },
  { "0a:30-17:15", FALSE },
  { "-08:30-17:1", FALSE },
};

static void
test_parse (gconstpointer data)
{
  const ParseCase *c = data;
  g_autoptr (GError) error = NULL;
  guint open = 99, close = 99;
  gboolean ok = kiosk_service_hours_parse_day (c->text, &open, &close, &error);

  if (!c->ok)
    {
      g_assert_false (ok);
      g_assert_error (error, KIOSK_SERVICE_HOURS_ERROR, KIOSK_SERVICE_HOURS_ERROR_INVALID);
      /* The message quotes what was written, so staff can find it in the file. */
      g_assert_nonnull (strstr (error->message, c->text));
      return;
    }
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (open, ==, c->open_minute);
  g_assert_cmpuint (close, ==, c->close_minute);
}

static void
test_new_names_bad_day (void)
{
  const char *const days[7]
      = { "08:30-17:15", "08:30-17:15", "9-5", "08:30-17:15", "08:30-17:15", "closed", "closed" };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskServiceHours) hours = kiosk_service_hours_new (days, &error);

  g_assert_null (hours);
  g_assert_error (error, KIOSK_SERVICE_HOURS_ERROR, KIOSK_SERVICE_HOURS_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "wednesday: "));
  g_assert_nonnull (strstr (error->message, "9-5"));
}

static void
test_new_missing_day (void)
{
  const char *const days[7] = { "08:30-17:15", "08:30-17:15", "08:30-17:15", "08:30-17:15",
                                "08:30-17:15", "closed",      NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskServiceHours) hours = kiosk_service_hours_new (days, &error);

  g_assert_null (hours);
  g_assert_error (error, KIOSK_SERVICE_HOURS_ERROR, KIOSK_SERVICE_HOURS_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "sunday: "));
}

/* A schedule with one open day: Saturday only. */
static void
test_custom_schedule (void)
{
  const char *const days[7]
      = { "closed", "closed", "closed", "closed", "closed", "10:00-12:00", "closed" };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskServiceHours) hours = kiosk_service_hours_new (days, &error);
  g_autoptr (GDateTime) monday = g_date_time_new_from_iso8601 ("2026-11-23T10:30:00+09:00", NULL);
  g_autoptr (GDateTime) saturday = g_date_time_new_from_iso8601 ("2026-11-28T10:30:00+09:00", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (kiosk_service_hours_check (hours, monday), ==, WEEKLY);
  g_assert_cmpint (kiosk_service_hours_check (hours, saturday), ==, OPEN);

  g_autoptr (GDateTime) next = kiosk_service_hours_next_opening (hours, monday);
  g_autofree char *text = g_date_time_format (next, "%Y-%m-%d %H:%M %z");

  g_assert_cmpstr (text, ==, "2026-11-28 10:00 +0900");
}

static void
test_never_open (void)
{
  const char *const days[7]
      = { "closed", "closed", "closed", "closed", "closed", "closed", "closed" };
  g_autoptr (KioskServiceHours) hours = kiosk_service_hours_new (days, NULL);
  g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-25T10:00:00+09:00", NULL);

  g_assert_cmpint (kiosk_service_hours_check (hours, now), ==, WEEKLY);
  g_assert_null (kiosk_service_hours_next_opening (hours, now));
}

typedef struct
{
  const char *date;
  gboolean maintenance;
} MaintenanceCase;

/* Every maintenance Sunday of 2026, and the days that could be mistaken for one. */
static const MaintenanceCase maintenance_cases[] = {
  { "2026-01-18", TRUE },  { "2026-02-22", TRUE },  { "2026-03-22", TRUE },
  { "2026-04-19", TRUE },  { "2026-05-17", TRUE },  { "2026-06-21", TRUE },
  { "2026-07-19", TRUE },  { "2026-08-16", TRUE },  { "2026-09-20", TRUE },
  { "2026-10-18", TRUE },  { "2026-11-22", TRUE },  { "2026-12-20", TRUE },
  { "2026-02-15", FALSE }, { "2026-03-15", FALSE }, { "2026-11-15", FALSE },
  { "2026-03-21", FALSE }, { "2026-03-23", FALSE }, { "2026-03-29", FALSE },
};

static void
test_maintenance_day (gconstpointer data)
{
  const MaintenanceCase *c = data;
  int y, m, d;

  g_assert_cmpint (sscanf (c->date, "%d-%d-%d", &y, &m, &d), ==, 3);

  g_autoptr (GDate) date = g_date_new_dmy ((GDateDay)d, (GDateMonth)m, (GDateYear)y);

  g_assert_cmpint (kiosk_service_hours_is_maintenance_day (date), ==, c->maintenance);
  if (c->maintenance)
    g_assert_cmpint (g_date_get_weekday (date), ==, G_DATE_SUNDAY);
}

/* The config's defaults are Kashiwa's hours; its [hours] keys feed the schedule. */
static void
test_from_config (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) defaults = kiosk_config_new ();
  g_autoptr (KioskServiceHours) kashiwa = kiosk_service_hours_new_from_config (defaults, &error);
  g_autoptr (GDateTime) wednesday
             = g_date_time_new_from_iso8601 ("2026-11-25T08:30:00+09:00", NULL);
  g_autoptr (GDateTime) saturday = g_date_time_new_from_iso8601 ("2026-11-28T10:00:00+09:00", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (kiosk_service_hours_check (kashiwa, wednesday), ==, OPEN);
  g_assert_cmpint (kiosk_service_hours_check (kashiwa, saturday), ==, WEEKLY);

  g_autoptr (KioskConfig) saturdays
             = kiosk_config_load_from_data ("[hours]\nsaturday=09:00-12:00\n", "test.conf", &error);

  g_assert_no_error (error);

  g_autoptr (KioskServiceHours) hours = kiosk_service_hours_new_from_config (saturdays, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kiosk_service_hours_check (hours, saturday), ==, OPEN);
}

static void
test_reason_codes (void)
{
  g_assert_cmpstr (kiosk_closed_reason_to_code (OPEN), ==, "open");
  g_assert_cmpstr (kiosk_closed_reason_to_code (YEAR_END), ==, "year-end");
  g_assert_cmpstr (kiosk_closed_reason_to_code (WEEKLY), ==, "weekly-closed-day");
  g_assert_cmpstr (kiosk_closed_reason_to_code (HOLIDAY), ==, "public-holiday");
  g_assert_cmpstr (kiosk_closed_reason_to_code (MAINTENANCE), ==, "maintenance");
  g_assert_cmpstr (kiosk_closed_reason_to_code (OUTSIDE), ==, "outside-hours");
  g_assert_cmpstr (kiosk_closed_reason_to_code (UNKNOWN), ==, "unknown-calendar");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (hours_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/app/service-hours/%s", hours_cases[i].name);
      g_test_add_data_func (path, &hours_cases[i], test_hours);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/app/service-hours/parse/%zu-%s", i,
                                               parse_cases[i].ok ? "valid" : "invalid");
      g_test_add_data_func (path, &parse_cases[i], test_parse);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (maintenance_cases); i++)
    {
      g_autofree char *path
          = g_strdup_printf ("/app/service-hours/maintenance-day/%s", maintenance_cases[i].date);
      g_test_add_data_func (path, &maintenance_cases[i], test_maintenance_day);
    }
  g_test_add_func ("/app/service-hours/new/names-bad-day", test_new_names_bad_day);
  g_test_add_func ("/app/service-hours/new/missing-day", test_new_missing_day);
  g_test_add_func ("/app/service-hours/custom-schedule", test_custom_schedule);
  g_test_add_func ("/app/service-hours/never-open", test_never_open);
  g_test_add_func ("/app/service-hours/reason-codes", test_reason_codes);
  g_test_add_func ("/app/service-hours/from-config", test_from_config);
  return g_test_run ();
}
