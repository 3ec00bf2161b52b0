/* test-certificate-validity.c: until the 5th birthday strictly after issuance, 23:59:59 JST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "kiosk-certificate-validity.h"
#include "kiosk-test-ca.h"

typedef struct
{
  const char *name;
  const char *birth;
  const char *issued;
  KioskLeapDayRule rule;
  const char *expiry;
} ValidityCase;

#define FEB28 KIOSK_LEAP_DAY_FEB_28
#define MAR1 KIOSK_LEAP_DAY_MAR_1

static const ValidityCase validity_cases[] = {
  /* Issued on the birthday itself: five full years. */
  { "issued-on-birthday", "1990-06-15", "2024-06-15", FEB28, "2029-06-15" },
  /* The day before: that birthday is the first of the five, so a little over four years. */
  { "issued-day-before-birthday", "1990-06-15", "2024-06-14", FEB28, "2028-06-15" },
  { "issued-day-after-birthday", "1990-06-15", "2024-06-16", FEB28, "2029-06-15" },
  { "issued-month-before-birthday", "1990-06-15", "2024-05-15", FEB28, "2028-06-15" },
  { "born-new-years-day-issued-then", "1970-01-01", "2024-01-01", FEB28, "2029-01-01" },
  { "born-new-years-eve-issued-then", "1985-12-31", "2024-12-31", FEB28, "2029-12-31" },
  { "born-new-years-eve-issued-next-day", "1985-12-31", "2025-01-01", FEB28, "2029-12-31" },
  { "born-new-years-eve-issued-day-before", "1985-12-31", "2024-12-30", FEB28, "2028-12-31" },
  /* Born on 29 February. */
  { "leap-born/issued-after/feb28", "2000-02-29", "2024-03-01", FEB28, "2029-02-28" },
  { "leap-born/issued-after/mar1", "2000-02-29", "2024-03-01", MAR1, "2029-03-01" },
  { "leap-born/issued-on-leap-birthday/feb28", "2000-02-29", "2024-02-29", FEB28, "2029-02-28" },
  { "leap-born/issued-on-leap-birthday/mar1", "2000-02-29", "2024-02-29", MAR1, "2029-03-01" },
  { "leap-born/issued-day-before/feb28", "2000-02-29", "2024-02-28", FEB28, "2028-02-29" },
  { "leap-born/issued-day-before/mar1", "2000-02-29", "2024-02-28", MAR1, "2028-02-29" },
  /* Issued on 28 February of a common year: a birthday under FEB_28, not under MAR_1. */
  { "leap-born/issued-feb28-common-year/feb28", "2000-02-29", "2023-02-28", FEB28, "2028-02-29" },
  { "leap-born/issued-feb28-common-year/mar1", "2000-02-29", "2023-02-28", MAR1, "2027-03-01" },
  { "leap-born/issued-mar1-common-year/feb28", "2000-02-29", "2025-03-01", FEB28, "2030-02-28" },
  { "leap-born/issued-mar1-common-year/mar1", "2000-02-29", "2025-03-01", MAR1, "2030-03-01" },
  /* The leap-day rule moves nobody else's birthday. */
  { "born-feb28/issued-leap-day", "1990-02-28", "2024-02-29", FEB28, "2029-02-28" },
  { "born-feb28/mar1-rule-no-effect", "1990-02-28", "2024-02-29", MAR1, "2029-02-28" },
  { "born-mar1/issued-leap-day", "1992-03-01", "2024-02-29", FEB28, "2028-03-01" },
  { "born-mar1/mar1-rule-no-effect", "1992-03-01", "2024-02-29", MAR1, "2028-03-01" },
  /* A child issued a certificate in the year of birth. */
  { "born-this-year", "2024-10-01", "2024-12-01", FEB28, "2029-10-01" },
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

static char *
format_date (const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

static void
test_expiry (gconstpointer data)
{
  const ValidityCase *c = data;
  GDate birth, issued, expiry;

  parse_date (c->birth, &birth);
  parse_date (c->issued, &issued);
  kiosk_certificate_expiry_date (&birth, &issued, c->rule, &expiry);

  g_autofree char *text = format_date (&expiry);

  g_assert_cmpstr (text, ==, c->expiry);
}

/* The last valid moment is 23:59:59 JST on the expiry date, which is 14:59:59 UTC. */
static void
test_not_after (gconstpointer data)
{
  const ValidityCase *c = data;
  GDate birth, issued;

  parse_date (c->birth, &birth);
  parse_date (c->issued, &issued);

  g_autoptr (GDateTime) not_after = kiosk_certificate_not_after (&birth, &issued, c->rule);
  g_autoptr (GDateTime) utc = g_date_time_to_utc (not_after);
  g_autofree char *local_text = g_date_time_format (not_after, "%Y-%m-%d %H:%M:%S %z");
  g_autofree char *expected_local = g_strdup_printf ("%s 23:59:59 +0900", c->expiry);
  g_autofree char *utc_text = g_date_time_format (utc, "%Y-%m-%d %H:%M:%S");
  g_autofree char *expected_utc = g_strdup_printf ("%s 14:59:59", c->expiry);

  g_assert_cmpstr (local_text, ==, expected_local);
  g_assert_cmpstr (utc_text, ==, expected_utc);
}

/* The test CA issues certificates by the same rule (its default, FEB_28). */
static void
test_test_ca_agrees (gconstpointer data)
{
  const ValidityCase *c = data;
  GDate birth, issued, ours, test_ca;

  parse_date (c->birth, &birth);
  parse_date (c->issued, &issued);
  kiosk_certificate_expiry_date (&birth, &issued, KIOSK_LEAP_DAY_FEB_28, &ours);
  kiosk_test_ca_compute_expiry (&birth, &issued, &test_ca);
  g_assert_cmpint (g_date_compare (&ours, &test_ca), ==, 0);
}

static void
test_day_boundaries (void)
{
  GDate date;

  parse_date ("2029-06-15", &date);

  g_autoptr (GDateTime) start = kiosk_certificate_start_of_day (&date);
  g_autoptr (GDateTime) end = kiosk_certificate_end_of_day (&date);
  g_autoptr (GDateTime) start_utc = g_date_time_to_utc (start);
  g_autofree char *start_text = g_date_time_format (start_utc, "%Y-%m-%d %H:%M:%S");

  /* 00:00 JST is 15:00 UTC the day before. */
  g_assert_cmpstr (start_text, ==, "2029-06-14 15:00:00");
  g_assert_cmpint (g_date_time_difference (end, start), ==, (24 * 3600 - 1) * G_TIME_SPAN_SECOND);
}

static void
test_birthday_in_year (void)
{
  GDate birth, day;

  parse_date ("2000-02-29", &birth);
  kiosk_birthday_in_year (&birth, 2027, KIOSK_LEAP_DAY_FEB_28, &day);
  g_autofree char *feb = format_date (&day);
  kiosk_birthday_in_year (&birth, 2027, KIOSK_LEAP_DAY_MAR_1, &day);
  g_autofree char *mar = format_date (&day);
  kiosk_birthday_in_year (&birth, 2028, KIOSK_LEAP_DAY_MAR_1, &day);
  g_autofree char *leap = format_date (&day);

  g_assert_cmpstr (feb, ==, "2027-02-28");
  g_assert_cmpstr (mar, ==, "2027-03-01");
  g_assert_cmpstr (leap, ==, "2028-02-29");
}

/* A signature certificate re-issued in 2026 (after a move) ends with the 2029 authentication
 * certificate, not five birthdays after its own issue. */
static void
test_reissued_sign_ends_with_auth (void)
{
  GDate birth, auth_issued, sign_reissued;

  parse_date ("1990-06-15", &birth);
  parse_date ("2024-06-15", &auth_issued);
  parse_date ("2026-04-01", &sign_reissued);

  g_autoptr (GDateTime) auth_end = kiosk_certificate_not_after (&birth, &auth_issued, FEB28);
  g_autoptr (GDateTime) auth_end_utc = g_date_time_to_utc (auth_end);
  g_autoptr (GDateTime) own_rule = kiosk_certificate_not_after (&birth, &sign_reissued, FEB28);
  g_autoptr (GDateTime) sign_end = kiosk_certificate_reissued_sign_not_after (auth_end_utc);
  g_autofree char *text = g_date_time_format (sign_end, "%Y-%m-%d %H:%M:%S %z");

  g_assert_cmpstr (text, ==, "2029-06-15 23:59:59 +0900");
  g_assert_true (g_date_time_equal (sign_end, auth_end));
  g_assert_cmpint (g_date_time_compare (sign_end, own_rule), <, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (validity_cases); i++)
    {
      const ValidityCase *c = &validity_cases[i];
      g_autofree char *expiry = g_strdup_printf ("/app/certificate-validity/expiry/%s", c->name);
      g_autofree char *moment = g_strdup_printf ("/app/certificate-validity/not-after/%s", c->name);

      g_test_add_data_func (expiry, c, test_expiry);
      g_test_add_data_func (moment, c, test_not_after);
      if (c->rule == KIOSK_LEAP_DAY_FEB_28)
        {
          g_autofree char *test_ca
              = g_strdup_printf ("/app/certificate-validity/test-ca-agrees/%s", c->name);

          g_test_add_data_func (test_ca, c, test_test_ca_agrees);
        }
    }
  g_test_add_func ("/app/certificate-validity/day-boundaries", test_day_boundaries);
  g_test_add_func ("/app/certificate-validity/birthday-in-year", test_birthday_in_year);
  g_test_add_func ("/app/certificate-validity/reissued-sign-ends-with-auth",
                   test_reissued_sign_ends_with_auth);
  return g_test_run ();
}
