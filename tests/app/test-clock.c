/* test-clock.c: dates are Japanese dates whatever the machine's time zone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-clock.h"

static void
test_now_is_in_tokyo (void)
{
  g_autoptr (KioskClock) clock = kiosk_clock_new ();
  g_autoptr (GDateTime) now = kiosk_clock_now (clock);

  /* Japan has no daylight saving time: always UTC+9. */
  g_assert_cmpint (g_date_time_get_utc_offset (now), ==, 9 * G_TIME_SPAN_HOUR);
}

static void
test_utc_evening_is_next_day_in_tokyo (void)
{
  /* 2026-03-31 15:30 UTC is already 1 April in Japan: a kiosk box in UTC must not show the
   * previous day. */
  g_autoptr (GDateTime) utc = g_date_time_new_utc (2026, 3, 31, 15, 30, 0);
  g_autoptr (GDateTime) local = kiosk_clock_to_local (utc);

  g_assert_cmpint (g_date_time_get_month (local), ==, 4);
  g_assert_cmpint (g_date_time_get_day_of_month (local), ==, 1);
  g_assert_cmpint (g_date_time_get_hour (local), ==, 0);
}

static void
test_system_time_zone_is_ignored (void)
{
  g_autoptr (GDateTime) utc = g_date_time_new_utc (2026, 6, 1, 0, 0, 0);
  g_autoptr (GDateTime) local = NULL;

  g_setenv ("TZ", "America/New_York", TRUE);
  local = kiosk_clock_to_local (utc);
  g_assert_cmpint (g_date_time_get_hour (local), ==, 9);
  g_unsetenv ("TZ");
}

static void
test_fixed_clock (void)
{
  g_autoptr (GDateTime) fixed = g_date_time_new_utc (2030, 12, 28, 23, 0, 0);
  g_autoptr (KioskClock) clock = kiosk_clock_new_fixed (fixed);
  g_autoptr (GDateTime) now = kiosk_clock_now (clock);
  g_autoptr (GDateTime) later = NULL;

  g_assert_true (g_date_time_equal (now, fixed));
  g_assert_cmpint (g_date_time_get_day_of_month (now), ==, 29);
  g_usleep (2000);
  later = kiosk_clock_now (clock);
  g_assert_true (g_date_time_equal (later, fixed));

  kiosk_clock_set_fixed (clock, NULL);
  g_clear_pointer (&now, g_date_time_unref);
  now = kiosk_clock_now (clock);
  g_assert_cmpint (g_date_time_get_year (now), <, 2030);
}

static void
test_fake_now_from_environment (void)
{
  g_autoptr (KioskClock) clock = NULL;
  g_autoptr (GDateTime) now = NULL;

  g_setenv ("KIOSK_FAKE_NOW", "2027-01-02T08:30:00+09:00", TRUE);
  clock = kiosk_clock_new ();
  g_unsetenv ("KIOSK_FAKE_NOW");
  now = kiosk_clock_now (clock);
  g_assert_cmpint (g_date_time_get_year (now), ==, 2027);
  g_assert_cmpint (g_date_time_get_hour (now), ==, 8);
  g_assert_cmpint (g_date_time_get_minute (now), ==, 30);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/clock/now-is-in-tokyo", test_now_is_in_tokyo);
  g_test_add_func ("/app/clock/utc-evening-is-next-day", test_utc_evening_is_next_day_in_tokyo);
  g_test_add_func ("/app/clock/system-time-zone-ignored", test_system_time_zone_is_ignored);
  g_test_add_func ("/app/clock/fixed", test_fixed_clock);
  g_test_add_func ("/app/clock/fake-now-from-environment", test_fake_now_from_environment);
  return g_test_run ();
}
