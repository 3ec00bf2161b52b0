/* test-status-report.c: days left, the renewal window and the advice a resident is given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-clock.h"
#include "kiosk-status-report.h"
#include "kiosk-test-certificate.h"

static GDateTime *
jst (int y, int mo, int d, int h, int mi, int s)
{
  return g_date_time_new (kiosk_clock_get_time_zone (), y, mo, d, h, mi, s);
}

/* A card whose auth certificate ends at 23:59:59 JST on the given day, as real ones do. */
static KioskCardStatus *
card_expiring (int y, int mo, int d, gboolean trusted, int auth_tries, int sign_tries)
{
  g_autoptr (GDateTime) not_before = jst (y - 5, mo, d, 0, 0, 0);
  g_autoptr (GDateTime) not_after = jst (y, mo, d, 23, 59, 59);
  g_autoptr (KioskCertificate) cert = kiosk_test_certificate_new (not_before, not_after);

  return kiosk_card_status_new (NULL, cert, trusted, trusted ? NULL : "unable to get issuer",
                                auth_tries, sign_tries);
}

static KioskStatusReport *
report_at (KioskCardStatus *status, GDateTime *now)
{
  return kiosk_status_report_new (status, now, 3);
}

static void
test_expiry_shown_in_japan_time (void)
{
  g_autoptr (KioskCardStatus) card = card_expiring (2030, 8, 15, TRUE, 3, 5);
  g_autoptr (GDateTime) now = jst (2027, 1, 10, 10, 0, 0);
  g_autoptr (KioskStatusReport) report = report_at (card, now);
  GDateTime *expires = kiosk_status_report_get_expires (report);

  g_assert_true (kiosk_status_report_has_certificate (report));
  g_assert_cmpint (g_date_time_get_utc_offset (expires), ==, 9 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_get_year (expires), ==, 2030);
  g_assert_cmpint (g_date_time_get_month (expires), ==, 8);
  g_assert_cmpint (g_date_time_get_day_of_month (expires), ==, 15);
  g_assert_cmpint (g_date_time_get_hour (expires), ==, 23);
  g_assert_cmpint (kiosk_status_report_get_validity (report), ==, KIOSK_VALIDITY_VALID);
  g_assert_cmpint (kiosk_status_report_get_advice (report), ==, KIOSK_ADVICE_ALL_GOOD);
}

static void
test_days_left (void)
{
  g_autoptr (KioskCardStatus) card = card_expiring (2030, 8, 15, TRUE, 3, 5);
  struct
  {
    GDateTime *now;
    int days;
    KioskValidity validity;
  } cases[] = {
    { jst (2030, 8, 14, 23, 59, 59), 1, KIOSK_VALIDITY_VALID },
    { jst (2030, 8, 15, 0, 0, 0), 0, KIOSK_VALIDITY_VALID }, /* the last day still counts */
    { jst (2030, 8, 15, 23, 59, 59), 0, KIOSK_VALIDITY_VALID },
    { jst (2030, 8, 16, 0, 0, 0), -1, KIOSK_VALIDITY_EXPIRED },
    /* 2030-08-15 15:00 UTC is already the 16th in Japan */
    { g_date_time_new_utc (2030, 8, 15, 15, 0, 0), -1, KIOSK_VALIDITY_EXPIRED },
    { jst (2029, 8, 15, 12, 0, 0), 365, KIOSK_VALIDITY_VALID },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (KioskStatusReport) report = report_at (card, cases[i].now);

      g_assert_cmpint (kiosk_status_report_get_days_left (report), ==, cases[i].days);
      g_assert_cmpint (kiosk_status_report_get_validity (report), ==, cases[i].validity);
      g_date_time_unref (cases[i].now);
    }
}

static void
test_renewal_window_opens_day_after_three_months_before (void)
{
  g_autoptr (KioskCardStatus) card = card_expiring (2030, 8, 15, TRUE, 3, 5);
  g_autoptr (GDateTime) before = jst (2030, 5, 15, 23, 59, 59);
  g_autoptr (GDateTime) first_day = jst (2030, 5, 16, 0, 0, 0);
  g_autoptr (GDateTime) first_day_seen_in_utc = g_date_time_new_utc (2030, 5, 15, 15, 0, 0);
  g_autoptr (KioskStatusReport) closed = report_at (card, before);
  g_autoptr (KioskStatusReport) open = report_at (card, first_day);
  g_autoptr (KioskStatusReport) open_utc = report_at (card, first_day_seen_in_utc);
  GDate *opens = kiosk_status_report_get_renewal_opens (closed);

  g_assert_cmpint (g_date_get_year (opens), ==, 2030);
  g_assert_cmpint (g_date_get_month (opens), ==, 5);
  g_assert_cmpint (g_date_get_day (opens), ==, 16);
  g_assert_false (kiosk_status_report_get_renewal_open (closed));
  g_assert_true (kiosk_status_report_get_renewal_open (open));
  g_assert_true (kiosk_status_report_get_renewal_open (open_utc));
  g_assert_cmpint (kiosk_status_report_get_advice (open), ==, KIOSK_ADVICE_RENEWAL_OPEN);
}

static void
test_renewal_window_month_end (void)
{
  /* 31 May minus three months has no 31 February: the date is the month's last day. */
  g_autoptr (GDateTime) may_end_2029 = jst (2029, 5, 31, 23, 59, 59);
  g_autoptr (GDateTime) may_end_2028 = jst (2028, 5, 31, 23, 59, 59);
  g_autoptr (GDate) opens_2029 = kiosk_renewal_opens_for (may_end_2029, 3);
  g_autoptr (GDate) opens_2028 = kiosk_renewal_opens_for (may_end_2028, 3);

  g_assert_cmpint (g_date_get_month (opens_2029), ==, 3);
  g_assert_cmpint (g_date_get_day (opens_2029), ==, 1);
  g_assert_cmpint (g_date_get_month (opens_2028), ==, 3); /* 29 Feb 2028 + 1 */
  g_assert_cmpint (g_date_get_day (opens_2028), ==, 1);
}

static void
test_renewal_months_configurable (void)
{
  g_autoptr (KioskCardStatus) card = card_expiring (2030, 8, 15, TRUE, 3, 5);
  g_autoptr (GDateTime) now = jst (2030, 6, 1, 9, 0, 0);
  g_autoptr (KioskStatusReport) three = kiosk_status_report_new (card, now, 3);
  g_autoptr (KioskStatusReport) two = kiosk_status_report_new (card, now, 2);

  g_assert_true (kiosk_status_report_get_renewal_open (three));
  g_assert_false (kiosk_status_report_get_renewal_open (two));
  g_assert_cmpint (g_date_get_day (kiosk_status_report_get_renewal_opens (two)), ==, 16);
  g_assert_cmpint (g_date_get_month (kiosk_status_report_get_renewal_opens (two)), ==, 6);
}

static void
test_expired_is_not_open_for_renewal_here (void)
{
  g_autoptr (KioskCardStatus) card = card_expiring (2026, 3, 1, TRUE, 3, 5);
  g_autoptr (GDateTime) now = jst (2026, 6, 1, 9, 0, 0);
  g_autoptr (KioskStatusReport) report = report_at (card, now);

  g_assert_false (kiosk_status_report_get_renewal_open (report));
  g_assert_cmpint (kiosk_status_report_get_advice (report), ==, KIOSK_ADVICE_EXPIRED);
}

static void
test_advice_order (void)
{
  g_autoptr (GDateTime) now = jst (2030, 7, 1, 9, 0, 0); /* in the renewal window */
  struct
  {
    gboolean trusted;
    int auth;
    int sign;
    int expiry_year;
    KioskAdvice advice;
  } cases[] = {
    { FALSE, 0, 0, 2030, KIOSK_ADVICE_UNTRUSTED }, /* an untrusted card first */
    { TRUE, 0, 0, 2029, KIOSK_ADVICE_PIN_LOCKED }, /* locked PIN before expiry */
    { TRUE, 3, 0, 2029, KIOSK_ADVICE_EXPIRED },    /* expiry before the sign password */
    { TRUE, 3, 0, 2030, KIOSK_ADVICE_SIGN_LOCKED },
    { TRUE, 1, 5, 2030, KIOSK_ADVICE_PIN_LAST_TRY },  /* a warning before renewal */
    { TRUE, 3, -1, 2030, KIOSK_ADVICE_RENEWAL_OPEN }, /* no sign certificate is fine */
    { TRUE, 2, 4, 2034, KIOSK_ADVICE_ALL_GOOD },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (KioskCardStatus) card = card_expiring (
          cases[i].expiry_year, 8, 15, cases[i].trusted, cases[i].auth, cases[i].sign);
      g_autoptr (KioskStatusReport) report = report_at (card, now);

      g_assert_cmpint (kiosk_status_report_get_advice (report), ==, cases[i].advice);
      g_assert_cmpint (kiosk_status_report_get_auth_tries_left (report), ==, cases[i].auth);
      g_assert_cmpint (kiosk_status_report_get_sign_tries_left (report), ==, cases[i].sign);
    }
}

static void
test_no_certificates (void)
{
  g_autoptr (KioskCardStatus) card = kiosk_card_status_new (NULL, NULL, FALSE, NULL, 3, -1);
  g_autoptr (GDateTime) now = jst (2030, 7, 1, 9, 0, 0);
  g_autoptr (KioskStatusReport) report = report_at (card, now);

  g_assert_false (kiosk_status_report_has_certificate (report));
  g_assert_null (kiosk_status_report_get_expires (report));
  g_assert_null (kiosk_status_report_get_renewal_opens (report));
  g_assert_false (kiosk_status_report_get_renewal_open (report));
  g_assert_cmpint (kiosk_status_report_get_advice (report), ==, KIOSK_ADVICE_NO_CERTIFICATES);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/status-report/expiry-in-japan-time", test_expiry_shown_in_japan_time);
  g_test_add_func ("/app/status-report/days-left", test_days_left);
  g_test_add_func ("/app/status-report/renewal-window-opens",
                   test_renewal_window_opens_day_after_three_months_before);
  g_test_add_func ("/app/status-report/renewal-window-month-end", test_renewal_window_month_end);
  g_test_add_func ("/app/status-report/renewal-months-configurable",
                   test_renewal_months_configurable);
  g_test_add_func ("/app/status-report/expired-not-open",
                   test_expired_is_not_open_for_renewal_here);
  g_test_add_func ("/app/status-report/advice-order", test_advice_order);
  g_test_add_func ("/app/status-report/no-certificates", test_no_certificates);
  return g_test_run ();
}
