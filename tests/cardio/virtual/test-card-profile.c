/* test-card-profile.c: card profiles, their dates, and the validity of the certificates they yield
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kiosk-test-cards.h"

static GDateTime *
asn1_time_to_date_time (const ASN1_TIME *time)
{
  struct tm tm;

  g_assert_cmpint (ASN1_TIME_to_tm (time, &tm), ==, 1);
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                              tm.tm_sec);
}

static GDateTime *
japan_date_time (const GDate *date, int hour, int minute, int second)
{
  g_autoptr (GTimeZone) japan = g_time_zone_new_identifier ("Asia/Tokyo");

  g_assert_nonnull (japan);
  return g_date_time_new (japan, g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), hour, minute, second);
}

static void
assert_date (const GDate *date, int year, int month, int day)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  g_autofree char *expected = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  g_assert_cmpstr (text, ==, expected);
}

static void
assert_date_time (GDateTime *actual, const char *expected_iso)
{
  g_autofree char *text = g_date_time_format_iso8601 (actual);

  g_assert_cmpstr (text, ==, expected_iso);
}

/* --- Shipped profiles ---------------------------------------------------------------------- */

typedef enum
{
  EXPECT_VALID_FOR_YEARS,
  EXPECT_RENEWAL_WINDOW,
  EXPECT_EXPIRED_RECENTLY,
  EXPECT_VALID,
  EXPECT_NO_CERTIFICATE,
} ExpectedValidity;

typedef struct
{
  const char *name;
  KioskCardCertificates certificates;
  guint auth_tries;
  guint sign_tries;
  guint latency_ms;
  ExpectedValidity validity;
} ShippedProfile;

static const ShippedProfile shipped[] = {
  { "expired", KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN, 3, 5, 0, EXPECT_EXPIRED_RECENTLY },
  { "minor", KIOSK_CARD_CERTIFICATES_AUTH_ONLY, 3, 5, 0, EXPECT_VALID },
  { "no-certificates", KIOSK_CARD_CERTIFICATES_NONE, 3, 5, 0, EXPECT_NO_CERTIFICATE },
  { "pin-locked", KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN, 0, 5, 0, EXPECT_VALID },
  { "pin-one-try-left", KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN, 1, 5, 0, EXPECT_VALID },
  { "renewal-window-open", KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN, 3, 5, 0, EXPECT_RENEWAL_WINDOW },
  { "sign-password-locked", KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN, 3, 0, 0, EXPECT_VALID },
  { "slow", KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN, 3, 5, 300, EXPECT_VALID },
  { "valid", KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN, 3, 5, 0, EXPECT_VALID_FOR_YEARS },
};

static void
test_list (void)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names = kiosk_card_profile_list (kiosk_test_cards_dir (), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, G_N_ELEMENTS (shipped));
  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    g_assert_cmpstr (names[i], ==, shipped[i].name);
}

/* The certificate's dates are the issuance rule applied to the profile's dates. */
static void
check_certificate_dates (KioskCardProfile *profile, GBytes *der, GDateTime **not_after_out)
{
  g_autoptr (X509) certificate = kiosk_test_parse_certificate (der);
  g_autoptr (GDateTime) not_before = asn1_time_to_date_time (X509_get0_notBefore (certificate));
  g_autoptr (GDateTime) not_after = asn1_time_to_date_time (X509_get0_notAfter (certificate));
  g_autoptr (GDateTime) issued_start
             = japan_date_time (kiosk_card_profile_get_issued (profile), 0, 0, 0);
  GDate expiry;

  kiosk_test_ca_compute_expiry (kiosk_card_profile_get_birth_date (profile),
                                kiosk_card_profile_get_issued (profile), &expiry);
  g_autoptr (GDateTime) expiry_end = japan_date_time (&expiry, 23, 59, 59);
  g_assert_true (g_date_time_equal (not_before, issued_start));
  g_assert_true (g_date_time_equal (not_after, expiry_end));
  *not_after_out = g_steal_pointer (&not_after);
}

static void
test_shipped_profile (gconstpointer data)
{
  const ShippedProfile *expected = data;
  g_autoptr (KioskCardProfile) profile = kiosk_test_cards_load_profile (expected->name);
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card (expected->name);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) not_after = NULL;
  const char *description = kiosk_card_profile_get_description (profile);

  g_assert_cmpstr (kiosk_card_profile_get_name (profile), ==, expected->name);
  /* A short English line for the demo panel. */
  g_assert_cmpuint (strlen (description), >, 10);
  g_assert_cmpuint (strlen (description), <, 80);
  g_assert_false (g_str_equal (description, expected->name));
  for (const char *p = description; *p != '\0'; p++)
    g_assert_true (g_ascii_isprint (*p));

  g_assert_cmpint (kiosk_card_profile_get_certificates (profile), ==, expected->certificates);
  g_assert_cmpuint (kiosk_card_profile_get_auth_tries (profile), ==, expected->auth_tries);
  g_assert_cmpuint (kiosk_card_profile_get_sign_tries (profile), ==, expected->sign_tries);
  g_assert_cmpuint (kiosk_card_profile_get_apdu_latency_ms (profile), ==, expected->latency_ms);
  g_assert_cmpuint (kiosk_card_profile_get_pull_at_apdu (profile), ==, 0);

  GBytes *auth = kiosk_virtual_card_get_auth_certificate (card);
  GBytes *sign = kiosk_virtual_card_get_sign_certificate (card);
  g_assert_true ((auth != NULL) == (expected->certificates != KIOSK_CARD_CERTIFICATES_NONE));
  g_assert_true ((sign != NULL)
                 == (expected->certificates == KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN));
  if (auth == NULL)
    return;

  check_certificate_dates (profile, auth, &not_after);
  if (sign != NULL)
    {
      g_autoptr (GDateTime) sign_not_after = NULL;
      check_certificate_dates (profile, sign, &sign_not_after);
      g_assert_true (g_date_time_equal (sign_not_after, not_after));
    }

  GTimeSpan left = g_date_time_difference (not_after, now);
  g_test_message ("%s: auth certificate valid for %" G_GINT64_FORMAT " more days", expected->name,
                  left / G_TIME_SPAN_DAY);
  switch (expected->validity)
    {
    case EXPECT_VALID_FOR_YEARS:
      g_assert_cmpint (left, >, 3 * 365 * G_TIME_SPAN_DAY);
      break;
    case EXPECT_RENEWAL_WINDOW: /* expiring within 3 months, not expired */
      g_assert_cmpint (left, >, 0);
      g_assert_cmpint (left, <=, 92 * G_TIME_SPAN_DAY);
      break;
    case EXPECT_EXPIRED_RECENTLY: /* a few months ago */
      g_assert_cmpint (left, <, -31 * G_TIME_SPAN_DAY);
      g_assert_cmpint (left, >, -183 * G_TIME_SPAN_DAY);
      break;
    case EXPECT_VALID:
      g_assert_cmpint (left, >, 92 * G_TIME_SPAN_DAY);
      break;
    case EXPECT_NO_CERTIFICATE:
      g_assert_not_reached ();
    }

  if (g_str_equal (expected->name, "minor"))
    {
      g_autoptr (GDateTime) fifteenth
                 = japan_date_time (kiosk_card_profile_get_birth_date (profile), 0, 0, 0);
      g_autoptr (GDateTime) turns_15 = g_date_time_add_years (fifteenth, 15);
      g_assert_cmpint (g_date_time_compare (now, turns_15), <, 0);
    }
}

/* --- The 5th-birthday rule ----------------------------------------------------------------- */

typedef struct
{
  const char *birth;
  const char *issued;
  const char *expiry;
} ExpiryCase;

static void
test_expiry_rule (gconstpointer data)
{
  const ExpiryCase *c = data;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  GDate birth, issued, expiry;

  g_assert_true (kiosk_card_profile_resolve_date (c->birth, now, &birth, NULL));
  g_assert_true (kiosk_card_profile_resolve_date (c->issued, now, &issued, NULL));
  kiosk_test_ca_compute_expiry (&birth, &issued, &expiry);
  char text[16];
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &expiry);
  g_assert_cmpstr (text, ==, c->expiry);
}

static const ExpiryCase expiry_cases[] = {
  /* Issued before this year's birthday: that birthday is the first of the five. */
  { "1990-06-15", "2020-03-01", "2024-06-15" },
  { "1990-06-15", "2020-06-14", "2024-06-15" },
  /* Issued on the birthday itself: five full years. */
  { "1990-06-15", "2020-06-15", "2025-06-15" },
  /* Issued after this year's birthday. */
  { "1990-06-15", "2020-08-01", "2025-06-15" },
  { "1990-01-01", "2020-12-31", "2025-01-01" },
  /* Born on 29 February: 28 February in common years. */
  { "1992-02-29", "2020-03-01", "2025-02-28" },
  { "1992-02-29", "2023-02-28", "2028-02-29" },
  { "1992-02-29", "2023-02-27", "2027-02-28" },
  { "1992-02-29", "2024-02-29", "2029-02-28" },
};

static void
check_issued_profile_dates (const char *text, const char *not_before, const char *not_after)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card_from_text ("dates", text);
  GBytes *certificates[] = { kiosk_virtual_card_get_auth_certificate (card),
                             kiosk_virtual_card_get_sign_certificate (card) };

  for (guint i = 0; i < G_N_ELEMENTS (certificates); i++)
    {
      g_autoptr (X509) certificate = kiosk_test_parse_certificate (certificates[i]);
      g_autoptr (GDateTime) start = asn1_time_to_date_time (X509_get0_notBefore (certificate));
      g_autoptr (GDateTime) end = asn1_time_to_date_time (X509_get0_notAfter (certificate));
      assert_date_time (start, not_before);
      assert_date_time (end, not_after);
    }
}

static void
test_certificate_issued_on_birthday (void)
{
  /* 00:00 JST on the issued day = 15:00Z the day before; 23:59:59 JST = 14:59:59Z. */
  check_issued_profile_dates ("[card]\nbirth-date=1990-06-15\nissued=2020-06-15\n",
                              "2020-06-14T15:00:00Z", "2025-06-15T14:59:59Z");
}

static void
test_certificate_born_29_february (void)
{
  check_issued_profile_dates ("[card]\nbirth-date=2000-02-29\nissued=2021-04-01\n",
                              "2021-03-31T15:00:00Z", "2026-02-28T14:59:59Z");
}

/* --- Dates --------------------------------------------------------------------------------- */

static void
test_relative_dates (void)
{
  /* 20:00Z on 31 March is already 1 April in Japan: offsets count from the Japanese date. */
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 3, 31, 20, 0, 0);
  static const struct
  {
    const char *text;
    int year, month, day;
  } cases[] = {
    { "+0d", 2026, 4, 1 },     { "-1y", 2025, 4, 1 },   { "-4y11m", 2021, 5, 1 },
    { "-70y", 1956, 4, 1 },    { "+3d", 2026, 4, 4 },   { "-1y1m1d", 2025, 2, 28 },
    { "-39y10m", 1986, 6, 1 }, { "+1m", 2026, 5, 1 },   { "2020-02-29", 2020, 2, 29 },
    { "-40y3m", 1986, 1, 1 },  { "-5y1m", 2021, 3, 1 }, { "+2y", 2028, 4, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      GDate date;
      g_test_message ("%s", cases[i].text);
      g_assert_true (kiosk_card_profile_resolve_date (cases[i].text, now, &date, &error));
      g_assert_no_error (error);
      assert_date (&date, cases[i].year, cases[i].month, cases[i].day);
    }
}

static void
test_relative_dates_clamp (void)
{
  g_autoptr (GDateTime) leap_day = g_date_time_new_utc (2024, 2, 29, 3, 0, 0);
  g_autoptr (GDateTime) end_of_january = g_date_time_new_utc (2026, 1, 31, 3, 0, 0);
  GDate date;

  g_assert_true (kiosk_card_profile_resolve_date ("-1y", leap_day, &date, NULL));
  assert_date (&date, 2023, 2, 28);
  g_assert_true (kiosk_card_profile_resolve_date ("+4y", leap_day, &date, NULL));
  assert_date (&date, 2028, 2, 29);
  g_assert_true (kiosk_card_profile_resolve_date ("+1m", end_of_january, &date, NULL));
  assert_date (&date, 2026, 2, 28);
}

static void
test_relative_dates_invalid (void)
{
  static const char *const bad[] = {
    "yesterday", "-",          "+",        "-1x",      "-1d1y",   "1y",     "-1y1y",
    "-y",        "2020-02-30", "2020-2-3", "20200203", "+99999d", "-1y 2m", "",
  };
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      GDate date;
      g_test_message ("“%s”", bad[i]);
      g_assert_false (kiosk_card_profile_resolve_date (bad[i], now, &date, &error));
      g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
    }
}

static void
test_relative_dates_in_profile (void)
{
  g_autofree char *path
      = kiosk_test_cards_write_profile ("relative", "[card]\nbirth-date=-70y\nissued=-4y11m\n");
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 7, 10, 12, 0, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardProfile) profile = kiosk_card_profile_load (path, now, &error);

  g_assert_no_error (error);
  assert_date (kiosk_card_profile_get_birth_date (profile), 1956, 7, 10);
  assert_date (kiosk_card_profile_get_issued (profile), 2021, 8, 10);
}

static void
test_defaults (void)
{
  g_autofree char *path = kiosk_test_cards_write_profile ("bare", "[card]\n");
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 7, 10, 12, 0, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardProfile) profile = kiosk_card_profile_load (path, now, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_card_profile_get_name (profile), ==, "bare");
  g_assert_cmpstr (kiosk_card_profile_get_description (profile), ==, "bare");
  g_assert_cmpstr (kiosk_card_profile_get_path (profile), ==, path);
  assert_date (kiosk_card_profile_get_birth_date (profile), 1986, 7, 10);
  assert_date (kiosk_card_profile_get_issued (profile), 2025, 7, 10);
  g_assert_cmpstr (kiosk_card_profile_get_auth_pin (profile), ==, "1234");
  g_assert_cmpstr (kiosk_card_profile_get_sign_password (profile), ==, "ABC123");
  g_assert_cmpuint (kiosk_card_profile_get_auth_tries (profile), ==, 3);
  g_assert_cmpuint (kiosk_card_profile_get_sign_tries (profile), ==, 5);
  g_assert_cmpint (kiosk_card_profile_get_certificates (profile), ==,
                   KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN);
  g_assert_cmpuint (kiosk_card_profile_get_apdu_latency_ms (profile), ==, 0);
  g_assert_cmpuint (kiosk_card_profile_get_pull_at_apdu (profile), ==, 0);
  g_assert_cmpstr (kiosk_card_profile_get_holder_name (profile), ==, "柏 花子");
  g_assert_cmpstr (kiosk_card_profile_get_holder_prefecture (profile), ==, "Chiba-ken");
  g_assert_cmpstr (kiosk_card_profile_get_holder_city (profile), ==, "Kashiwa-shi");
}

static void
test_all_keys (void)
{
  g_autofree char *path = kiosk_test_cards_write_profile (
      "full", "# comment\n[card]\ndescription = Everything set\ndescription[ja]=全部\n"
              "birth-date=1970-01-02\nissued=2024-05-06\nauth-pin=9876\n"
              "sign-password=PASS2WORD\nauth-tries=2\nsign-tries=4\ncertificates=auth\n"
              "apdu-latency-ms=5\npull-at-apdu=7\nholder-name=山田 太郎\nholder-gender=1\n"
              "holder-address=東京都千代田区永田町一丁目1番1号\nholder-prefecture=Tokyo-to\n"
              "holder-city=Chiyoda-ku\n");
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardProfile) profile = kiosk_card_profile_load (path, now, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_card_profile_get_description (profile), ==, "Everything set");
  assert_date (kiosk_card_profile_get_birth_date (profile), 1970, 1, 2);
  assert_date (kiosk_card_profile_get_issued (profile), 2024, 5, 6);
  g_assert_cmpstr (kiosk_card_profile_get_auth_pin (profile), ==, "9876");
  g_assert_cmpstr (kiosk_card_profile_get_sign_password (profile), ==, "PASS2WORD");
  g_assert_cmpuint (kiosk_card_profile_get_auth_tries (profile), ==, 2);
  g_assert_cmpuint (kiosk_card_profile_get_sign_tries (profile), ==, 4);
  g_assert_cmpint (kiosk_card_profile_get_certificates (profile), ==,
                   KIOSK_CARD_CERTIFICATES_AUTH_ONLY);
  g_assert_cmpuint (kiosk_card_profile_get_apdu_latency_ms (profile), ==, 5);
  g_assert_cmpuint (kiosk_card_profile_get_pull_at_apdu (profile), ==, 7);
  g_assert_cmpstr (kiosk_card_profile_get_holder_name (profile), ==, "山田 太郎");
  g_assert_cmpstr (kiosk_card_profile_get_holder_gender (profile), ==, "1");
  g_assert_cmpstr (kiosk_card_profile_get_holder_address (profile), ==,
                   "東京都千代田区永田町一丁目1番1号");
  g_assert_cmpstr (kiosk_card_profile_get_holder_prefecture (profile), ==, "Tokyo-to");
  g_assert_cmpstr (kiosk_card_profile_get_holder_city (profile), ==, "Chiyoda-ku");
}

/* --- Errors name the key and the line ------------------------------------------------------ */

typedef struct
{
  const char *text;
  const char *key;    /* NULL: no key to name (a file-level problem) */
  guint line;         /* 0: no line to name */
  const char *secret; /* must not appear in the message */
} BadProfile;

static const BadProfile bad_profiles[] = {
  { "[card]\ndescription=x\nauth-tries=7\n", "auth-tries", 3, NULL },
  { "[card]\nsign-tries=-1\n", "sign-tries", 2, NULL },
  { "# top\n\n[card]\n  auth-pin = 12a4\n", "auth-pin", 4, "12a4" },
  { "[card]\nauth-pin=12345\n", "auth-pin", 2, "12345" },
  { "[card]\n\n\nsign-password=abc123\n", "sign-password", 4, "abc123" },
  { "[card]\nsign-password=ABCDEFG\n", "sign-password", 2, "ABCDEFG" },
  { "[card]\ncertificates=sign\n", "certificates", 2, NULL },
  { "[card]\ncertificates=auth,auth\n", "certificates", 2, NULL },
  { "[card]\ncertificates=auth,none\n", "certificates", 2, NULL },
  { "[card]\nissued=tomorrow\n", "issued", 2, NULL },
  { "[card]\nbirth-date=2030-13-01\n", "birth-date", 2, NULL },
  { "[card]\nissued=2020-01-01\nbirth-date=2020-01-02\n", "birth-date", 3, NULL },
  { "[card]\nauth-tries=3\nauth-pn=1234\n", "auth-pn", 3, NULL },
  { "[card]\napdu-latency-ms=-5\n", "apdu-latency-ms", 2, NULL },
  { "[card]\npull-at-apdu=x\n", "pull-at-apdu", 2, NULL },
  { "[card]\nholder-gender=3\n", "holder-gender", 2, NULL },
  { "[card]\nholder-city=柏市\n", "holder-city", 2, NULL },
  { "[card]\ndescription=\n", "description", 2, NULL },
  { "[card]\nauth-tries=1\n[other]\nx=1\n", NULL, 3, NULL },
  { "# nothing but a comment\n", NULL, 0, NULL },
  { "[card]\nthis line has no equals sign\n", NULL, 0, NULL },
};

static void
test_bad_profile (gconstpointer data)
{
  const BadProfile *bad = data;
  g_autofree char *path = kiosk_test_cards_write_profile ("bad", bad->text);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardProfile) profile = kiosk_card_profile_load (path, now, &error);

  g_assert_null (profile);
  g_assert_error (error, G_KEY_FILE_ERROR, error->code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  if (bad->line != 0)
    {
      g_autofree char *where = g_strdup_printf ("%s:%u: ", path, bad->line);
      g_assert_true (g_str_has_prefix (error->message, where));
    }
  if (bad->key != NULL)
    {
      g_autofree char *named = g_strdup_printf ("key “%s”", bad->key);
      g_assert_nonnull (strstr (error->message, named));
    }
  if (bad->secret != NULL)
    g_assert_null (strstr (error->message, bad->secret));
}

static void
test_missing_profile (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardProfile) profile
             = kiosk_card_profile_load_named (kiosk_test_cards_dir (), "no-such-card", now, &error);

  g_assert_null (profile);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_named_profile_is_not_a_path (void)
{
  static const char *const names[] = { "../valid", "/etc/passwd", "", ".hidden" };
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskCardProfile) profile
                 = kiosk_card_profile_load_named (kiosk_test_cards_dir (), names[i], now, &error);
      g_assert_null (profile);
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cardio/virtual/profile/list", test_list);
  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    {
      g_autofree char *path
          = g_strdup_printf ("/cardio/virtual/profile/shipped/%s", shipped[i].name);
      g_test_add_data_func (path, &shipped[i], test_shipped_profile);
    }
  for (guint i = 0; i < G_N_ELEMENTS (expiry_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cardio/virtual/profile/expiry/born-%s-issued-%s",
                                               expiry_cases[i].birth, expiry_cases[i].issued);
      g_test_add_data_func (path, &expiry_cases[i], test_expiry_rule);
    }
  g_test_add_func ("/cardio/virtual/profile/certificate-dates/issued-on-birthday",
                   test_certificate_issued_on_birthday);
  g_test_add_func ("/cardio/virtual/profile/certificate-dates/born-29-february",
                   test_certificate_born_29_february);
  g_test_add_func ("/cardio/virtual/profile/dates/relative", test_relative_dates);
  g_test_add_func ("/cardio/virtual/profile/dates/clamp", test_relative_dates_clamp);
  g_test_add_func ("/cardio/virtual/profile/dates/invalid", test_relative_dates_invalid);
  g_test_add_func ("/cardio/virtual/profile/dates/in-profile", test_relative_dates_in_profile);
  g_test_add_func ("/cardio/virtual/profile/defaults", test_defaults);
  g_test_add_func ("/cardio/virtual/profile/all-keys", test_all_keys);
  for (guint i = 0; i < G_N_ELEMENTS (bad_profiles); i++)
    {
      g_autofree char *path
          = g_strdup_printf ("/cardio/virtual/profile/error/%u-%s", i,
                             bad_profiles[i].key != NULL ? bad_profiles[i].key : "file");
      g_test_add_data_func (path, &bad_profiles[i], test_bad_profile);
    }
  g_test_add_func ("/cardio/virtual/profile/error/missing", test_missing_profile);
  g_test_add_func ("/cardio/virtual/profile/error/name-is-not-a-path",
                   test_named_profile_is_not_a_path);

  return g_test_run ();
}
