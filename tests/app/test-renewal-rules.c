/* test-renewal-rules.c: when a certificate may be renewed at the kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-clock.h"
#include "kiosk-renewal-rules.h"

typedef struct
{
  const char *name;
  const char *not_after; /* ISO 8601 with offset */
  const char *now;
  guint months;
  gboolean day_after;
  KioskExpiredPolicy policy;
  KioskRenewalVerdict verdict;
  const char *opens; /* YYYY-MM-DD with NOT_YET, else NULL */
} RenewalCase;

#define END_2029 "2029-06-15T23:59:59+09:00"
#define HANDOFF KIOSK_EXPIRED_POLICY_HANDOFF
#define AT_KIOSK KIOSK_EXPIRED_POLICY_KIOSK

static const RenewalCase renewal_cases[] = {
  { "years-before", END_2029, "2027-01-10T10:00:00+09:00", 3, TRUE, HANDOFF, KIOSK_RENEWAL_NOT_YET,
    "2029-03-16" },
  /* Three months before is 15 March; renewal opens the day after. */
  { "three-months-before-exactly", END_2029, "2029-03-15T12:00:00+09:00", 3, TRUE, HANDOFF,
    KIOSK_RENEWAL_NOT_YET, "2029-03-16" },
  { "last-second-before-window", END_2029, "2029-03-15T23:59:59+09:00", 3, TRUE, HANDOFF,
    KIOSK_RENEWAL_NOT_YET, "2029-03-16" },
  { "window-first-moment", END_2029, "2029-03-16T00:00:00+09:00", 3, TRUE, HANDOFF,
    KIOSK_RENEWAL_OPEN, NULL },
  /* 15:00 UTC on 15 March is already 16 March in Japan. */
  { "window-opens-by-japan-date", END_2029, "2029-03-15T15:00:00Z", 3, TRUE, HANDOFF,
    KIOSK_RENEWAL_OPEN, NULL },
  { "utc-still-day-before", END_2029, "2029-03-15T14:59:59Z", 3, TRUE, HANDOFF,
    KIOSK_RENEWAL_NOT_YET, "2029-03-16" },
  { "last-valid-second", END_2029, "2029-06-15T23:59:59+09:00", 3, TRUE, HANDOFF,
    KIOSK_RENEWAL_OPEN, NULL },
  { "expired-handoff", END_2029, "2029-06-16T00:00:00+09:00", 3, TRUE, HANDOFF,
    KIOSK_RENEWAL_EXPIRED_HANDOFF, NULL },
  { "expired-at-kiosk", END_2029, "2029-06-16T00:00:00+09:00", 3, TRUE, AT_KIOSK,
    KIOSK_RENEWAL_EXPIRED_AT_KIOSK, NULL },
  { "expired-long-ago-at-kiosk", END_2029, "2031-01-01T10:00:00+09:00", 3, TRUE, AT_KIOSK,
    KIOSK_RENEWAL_EXPIRED_AT_KIOSK, NULL },
  { "policy-irrelevant-while-valid", END_2029, "2029-04-01T10:00:00+09:00", 3, TRUE, AT_KIOSK,
    KIOSK_RENEWAL_OPEN, NULL },
  { "expired-in-utc-terms", END_2029, "2029-06-15T15:00:00Z", 3, TRUE, HANDOFF,
    KIOSK_RENEWAL_EXPIRED_HANDOFF, NULL },
  /* "3か月前から" read without the day after. */
  { "without-day-after/opens-that-day", END_2029, "2029-03-15T09:00:00+09:00", 3, FALSE, HANDOFF,
    KIOSK_RENEWAL_OPEN, NULL },
  { "without-day-after/day-before", END_2029, "2029-03-14T09:00:00+09:00", 3, FALSE, HANDOFF,
    KIOSK_RENEWAL_NOT_YET, "2029-03-15" },
  { "one-month-window", END_2029, "2029-04-01T10:00:00+09:00", 1, TRUE, HANDOFF,
    KIOSK_RENEWAL_NOT_YET, "2029-05-16" },
  { "six-month-window", END_2029, "2029-01-01T10:00:00+09:00", 6, TRUE, HANDOFF, KIOSK_RENEWAL_OPEN,
    NULL },
  /* 31 May minus three months is clamped to the end of February. */
  { "month-end/common-year", "2029-05-31T23:59:59+09:00", "2029-02-28T10:00:00+09:00", 3, TRUE,
    HANDOFF, KIOSK_RENEWAL_NOT_YET, "2029-03-01" },
  { "month-end/leap-year", "2028-05-31T23:59:59+09:00", "2028-02-29T10:00:00+09:00", 3, TRUE,
    HANDOFF, KIOSK_RENEWAL_NOT_YET, "2028-03-01" },
  /* An expiry given in UTC is read as its Japan date. */
  { "not-after-in-utc", "2029-06-15T14:59:59Z", "2029-03-15T12:00:00+09:00", 3, TRUE, HANDOFF,
    KIOSK_RENEWAL_NOT_YET, "2029-03-16" },
};

static GDateTime *
parse_time (const char *text)
{
  GDateTime *time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return time;
}

static void
test_verdict (gconstpointer data)
{
  const RenewalCase *c = data;
  g_autoptr (GDateTime) not_after = parse_time (c->not_after);
  g_autoptr (GDateTime) now = parse_time (c->now);
  g_autoptr (GDate) opens = NULL;

  KioskRenewalVerdict verdict
      = kiosk_renewal_verdict (not_after, now, c->months, c->day_after, c->policy, &opens);

  g_assert_cmpint (verdict, ==, c->verdict);
  if (c->opens == NULL)
    {
      g_assert_null (opens);
      return;
    }
  g_assert_nonnull (opens);

  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", opens);
  g_assert_cmpstr (text, ==, c->opens);
}

/* The status report's function keeps its meaning: the day after, three months before. */
static void
test_opens_for_matches_full (void)
{
  g_autoptr (GDateTime) not_after = parse_time (END_2029);
  g_autoptr (GDate) short_form = kiosk_renewal_opens_for (not_after, 3);
  g_autoptr (GDate) full_form = kiosk_renewal_opens_for_full (not_after, 3, TRUE);
  g_autoptr (GDate) expected = g_date_new_dmy (16, G_DATE_MARCH, 2029);

  g_assert_cmpint (g_date_compare (short_form, expected), ==, 0);
  g_assert_cmpint (g_date_compare (full_form, expected), ==, 0);
}

static void
test_opens_out_may_be_null (void)
{
  g_autoptr (GDateTime) not_after = parse_time (END_2029);
  g_autoptr (GDateTime) now = parse_time ("2027-01-10T10:00:00+09:00");

  g_assert_cmpint (kiosk_renewal_verdict (not_after, now, 3, TRUE, HANDOFF, NULL), ==,
                   KIOSK_RENEWAL_NOT_YET);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (renewal_cases); i++)
    {
      g_autofree char *path
          = g_strdup_printf ("/app/renewal-rules/verdict/%s", renewal_cases[i].name);
      g_test_add_data_func (path, &renewal_cases[i], test_verdict);
    }
  g_test_add_func ("/app/renewal-rules/opens-for-matches-full", test_opens_for_matches_full);
  g_test_add_func ("/app/renewal-rules/opens-out-may-be-null", test_opens_out_may_be_null);
  return g_test_run ();
}
