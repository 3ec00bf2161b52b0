/* test-flow-renewal.c: renewal and re-issue in the state machine: what is asked, in which order,
 * what is held, and where each outcome of the relay leads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-card-error.h"
#include "kiosk-flow.h"
#include "kiosk-secret.h"
#include "kiosk-test-certificate.h"

#include <string.h>

typedef struct
{
  KioskClock *clock;
  KioskConfig *config;
  KioskFlow *flow;
  GArray *commands; /* KioskFlowCommand, in order */
  guint progress_notifications;
} Fixture;

static void
on_command (KioskFlow *flow, int command, gpointer user_data)
{
  Fixture *f = user_data;

  g_array_append_val (f->commands, command);
}

static void
on_progress (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  Fixture *f = user_data;

  f->progress_notifications++;
}

/* Thursday 1 April 2027, 10:00 in Tokyo: the counter is open. */
static void
fixture_set_up_with (Fixture *f, const char *config_text)
{
  g_autoptr (GDateTime) now = g_date_time_new_utc (2027, 4, 1, 1, 0, 0);
  g_autoptr (GError) error = NULL;

  f->clock = kiosk_clock_new_fixed (now);
  if (config_text != NULL)
    {
      f->config = kiosk_config_load_from_data (config_text, "test.conf", &error);
      g_assert_no_error (error);
    }
  else
    f->config = kiosk_config_new ();
  f->flow = kiosk_flow_new (f->clock, f->config);
  f->commands = g_array_new (FALSE, FALSE, sizeof (int));
  g_signal_connect (f->flow, "command", G_CALLBACK (on_command), f);
  g_signal_connect (f->flow, "notify::progress", G_CALLBACK (on_progress), f);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  fixture_set_up_with (f, data);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->flow);
  g_clear_object (&f->config);
  g_clear_object (&f->clock);
  g_array_unref (f->commands);
}

static void
assert_state (Fixture *f, KioskFlowState expected)
{
  g_assert_cmpstr (kiosk_flow_state_to_string (kiosk_flow_get_state (f->flow)), ==,
                   kiosk_flow_state_to_string (expected));
}

static void
assert_handoff (Fixture *f, KioskHandoffReason reason)
{
  assert_state (f, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpstr (kiosk_flow_handoff_reason_to_string (kiosk_flow_get_handoff_reason (f->flow)),
                   ==, kiosk_flow_handoff_reason_to_string (reason));
}

static int
last_command (Fixture *f)
{
  if (f->commands->len == 0)
    return -1;
  return g_array_index (f->commands, int, f->commands->len - 1);
}

static void
assert_no_secrets (Fixture *f)
{
  g_assert_null (kiosk_flow_get_first_new_secret (f->flow));
  for (KioskJpkiSecret kind = KIOSK_JPKI_AUTH; kind <= KIOSK_JPKI_SIGN; kind++)
    {
      g_assert_null (kiosk_flow_get_current_secret_for (f->flow, kind));
      g_assert_null (kiosk_flow_get_new_secret_for (f->flow, kind));
    }
}

static void
assert_secret (KioskSecret *secret, const char *expected)
{
  g_assert_nonnull (secret);
  g_assert_cmpuint (kiosk_secret_get_length (secret), ==, strlen (expected));
  g_assert_cmpmem (kiosk_secret_get_data (secret), kiosk_secret_get_length (secret), expected,
                   strlen (expected));
}

static void
assert_step (Fixture *f, guint expected_step, guint expected_count)
{
  guint step, count;

  kiosk_flow_get_entry_step (f->flow, &step, &count);
  g_assert_cmpuint (step, ==, expected_step);
  g_assert_cmpuint (count, ==, expected_count);
}

static void
enter (Fixture *f, const char *text)
{
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (text);

  kiosk_flow_secret_entered (f->flow, secret);
}

/* The card as read: an authentication certificate ending @days_left days after today (Tokyo)
 * at 23:59:59, or none when @days_left is G_MININT. */
static void
read_card (Fixture *f, int days_left, int auth_tries, int sign_tries)
{
  g_autoptr (KioskCertificate) certificate = NULL;
  g_autoptr (KioskCardStatus) status = NULL;

  if (days_left != G_MININT)
    {
      g_autoptr (GDateTime) last_day
                 = g_date_time_new (kiosk_clock_get_time_zone (), 2027, 4, 1, 23, 59, 59);
      g_autoptr (GDateTime) not_after = g_date_time_add_days (last_day, days_left);
      g_autoptr (GDateTime) not_before = g_date_time_add_years (not_after, -5);

      certificate = kiosk_test_certificate_new (not_before, not_after);
    }
  status = kiosk_card_status_new (NULL, certificate, TRUE, NULL, auth_tries, sign_tries);
  kiosk_flow_status_read (f->flow, status);
}

static void
choose (Fixture *f, KioskFlowInput choice)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_MENU);
  kiosk_flow_input (f->flow, choice);
}

/* Renewal of a card in its window (60 days left) with both certificates. */
static void
start_renewal (Fixture *f, int auth_tries, int sign_tries)
{
  choose (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  read_card (f, 60, auth_tries, sign_tries);
}

static void
finish_relay (Fixture *f, KioskRenewalOutcome outcome, int tries_left)
{
  KioskRenewalResult result = { 0 };

  result.outcome = outcome;
  result.cause = outcome;
  result.tries_left = tries_left;
  result.reason_code = (char *)kiosk_renewal_outcome_to_string (outcome);
  kiosk_flow_renewal_finished (f->flow, &result);
}

/* Both current secrets proven, both new ones typed twice, then the relay runs with them. */
static void
test_renew_both (Fixture *f, gconstpointer data)
{
  start_renewal (f, 3, 5);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_procedure_secret (f->flow), ==, KIOSK_JPKI_AUTH);
  g_assert_cmpint (kiosk_flow_get_tries_left (f->flow), ==, 3);
  g_assert_true (kiosk_flow_get_needs_sign_password (f->flow));
  assert_step (f, 1, 6);

  enter (f, "1234");
  assert_state (f, KIOSK_FLOW_STATE_VERIFYING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_VERIFY);
  assert_secret (kiosk_flow_get_current_secret (f->flow), "1234");
  kiosk_flow_card_work_done (f->flow);

  /* the sign password next, with its own tries */
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_procedure_secret (f->flow), ==, KIOSK_JPKI_SIGN);
  g_assert_cmpint (kiosk_flow_get_tries_left (f->flow), ==, 5);
  assert_step (f, 2, 6);
  enter (f, "ABC123");
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_VERIFY);
  assert_secret (kiosk_flow_get_current_secret (f->flow), "ABC123");
  kiosk_flow_card_work_done (f->flow);

  /* the new PIN twice, then the new password twice */
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  g_assert_cmpint (kiosk_flow_get_procedure_secret (f->flow), ==, KIOSK_JPKI_AUTH);
  assert_step (f, 3, 6);
  enter (f, "5678");
  assert_step (f, 4, 6);
  enter (f, "5678");
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  g_assert_cmpint (kiosk_flow_get_procedure_secret (f->flow), ==, KIOSK_JPKI_SIGN);
  assert_step (f, 5, 6);
  enter (f, "NEW456");
  assert_step (f, 6, 6);
  g_array_set_size (f->commands, 0);
  enter (f, "NEW456");

  assert_state (f, KIOSK_FLOW_STATE_RENEWING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_RENEW);
  g_assert_cmpuint (f->commands->len, ==, 1);
  assert_secret (kiosk_flow_get_current_secret_for (f->flow, KIOSK_JPKI_AUTH), "1234");
  assert_secret (kiosk_flow_get_current_secret_for (f->flow, KIOSK_JPKI_SIGN), "ABC123");
  assert_secret (kiosk_flow_get_new_secret_for (f->flow, KIOSK_JPKI_AUTH), "5678");
  assert_secret (kiosk_flow_get_new_secret_for (f->flow, KIOSK_JPKI_SIGN), "NEW456");

  /* the relay's progress moves the bar */
  kiosk_flow_renewal_progress (f->flow, 3, 18);
  kiosk_flow_renewal_progress (f->flow, 9, 18);
  g_assert_cmpfloat_with_epsilon (kiosk_flow_get_progress (f->flow), 0.5, 1e-9);
  g_assert_cmpuint (f->progress_notifications, ==, 2);

  finish_relay (f, KIOSK_RENEWAL_OUTCOME_DONE, -1);
  assert_state (f, KIOSK_FLOW_STATE_DONE);
  assert_no_secrets (f);
  g_assert_nonnull (kiosk_flow_get_renewal_result (f->flow));
  g_assert_cmpint (kiosk_flow_get_procedure (f->flow), ==, KIOSK_PROCEDURE_RENEW);
}

/* A card without a signature certificate renews with the PIN alone. */
static void
test_renew_auth_only (Fixture *f, gconstpointer data)
{
  start_renewal (f, 3, -1);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_false (kiosk_flow_get_needs_sign_password (f->flow));
  assert_step (f, 1, 3);
  enter (f, "1234");
  kiosk_flow_card_work_done (f->flow);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  g_assert_cmpint (kiosk_flow_get_procedure_secret (f->flow), ==, KIOSK_JPKI_AUTH);
  enter (f, "2468");
  enter (f, "2468");
  assert_state (f, KIOSK_FLOW_STATE_RENEWING);
  g_assert_null (kiosk_flow_get_current_secret_for (f->flow, KIOSK_JPKI_SIGN));
  assert_secret (kiosk_flow_get_new_secret_for (f->flow, KIOSK_JPKI_AUTH), "2468");
}

/* Keeping the current secrets: two taps instead of four entries. */
static void
test_renew_keeping_secrets (Fixture *f, gconstpointer data)
{
  start_renewal (f, 3, 5);
  enter (f, "1234");
  kiosk_flow_card_work_done (f->flow);
  enter (f, "ABC123");
  kiosk_flow_card_work_done (f->flow);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  g_assert_cmpint (kiosk_flow_get_procedure_secret (f->flow), ==, KIOSK_JPKI_SIGN);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  assert_state (f, KIOSK_FLOW_STATE_RENEWING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_RENEW);
  g_assert_null (kiosk_flow_get_new_secret_for (f->flow, KIOSK_JPKI_AUTH));
  g_assert_null (kiosk_flow_get_new_secret_for (f->flow, KIOSK_JPKI_SIGN));
  g_assert_nonnull (kiosk_flow_get_current_secret_for (f->flow, KIOSK_JPKI_SIGN));
}

/* A PIN change offers no "keep": that would change nothing. */
static void
test_keep_only_in_relay (Fixture *f, gconstpointer data)
{
  choose (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  read_card (f, 400, 3, 5);
  enter (f, "1234");
  kiosk_flow_card_work_done (f->flow);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  g_array_set_size (f->commands, 0);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  g_assert_cmpuint (f->commands->len, ==, 0);
}

/* Re-issue: both current secrets proven, only the password renewed (or kept). */
static void
test_reissue (Fixture *f, gconstpointer data)
{
  choose (f, KIOSK_FLOW_INPUT_CHOOSE_REISSUE);
  read_card (f, 900, 3, 5);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  assert_step (f, 1, 4);
  enter (f, "1234");
  kiosk_flow_card_work_done (f->flow);
  g_assert_cmpint (kiosk_flow_get_procedure_secret (f->flow), ==, KIOSK_JPKI_SIGN);
  assert_step (f, 2, 4);
  enter (f, "ABC123");
  kiosk_flow_card_work_done (f->flow);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  g_assert_cmpint (kiosk_flow_get_procedure_secret (f->flow), ==, KIOSK_JPKI_SIGN);
  assert_step (f, 3, 4);
  enter (f, "XYZ789");
  assert_step (f, 4, 4);
  enter (f, "XYZ789");
  assert_state (f, KIOSK_FLOW_STATE_RENEWING);
  g_assert_null (kiosk_flow_get_new_secret_for (f->flow, KIOSK_JPKI_AUTH));
  assert_secret (kiosk_flow_get_new_secret_for (f->flow, KIOSK_JPKI_SIGN), "XYZ789");
  finish_relay (f, KIOSK_RENEWAL_OUTCOME_DONE, -1);
  assert_state (f, KIOSK_FLOW_STATE_DONE);
}

/* What the status read decides before anything is typed. */
static void
test_reissue_without_sign_certificate (Fixture *f, gconstpointer data)
{
  choose (f, KIOSK_FLOW_INPUT_CHOOSE_REISSUE);
  read_card (f, 900, 3, -1);
  assert_handoff (f, KIOSK_HANDOFF_NO_SIGN_CERTIFICATE);
}

static void
test_renew_too_early (Fixture *f, gconstpointer data)
{
  const GDate *opens;

  choose (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  read_card (f, 400, 3, 5); /* expires 5 May 2028 */
  assert_handoff (f, KIOSK_HANDOFF_RENEWAL_NOT_OPEN);
  opens = kiosk_flow_get_renewal_opens (f->flow);
  g_assert_nonnull (opens);
  /* the day after the date three months before expiry */
  g_assert_cmpint (g_date_get_year (opens), ==, 2028);
  g_assert_cmpint (g_date_get_month (opens), ==, 2);
  g_assert_cmpint (g_date_get_day (opens), ==, 6);
}

static void
test_renew_expired_policy (Fixture *f, gconstpointer data)
{
  choose (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  read_card (f, -3, 3, 5);
  assert_handoff (f, KIOSK_HANDOFF_EXPIRED);
}

static void
test_renew_expired_at_kiosk (Fixture *f, gconstpointer data)
{
  choose (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  read_card (f, -3, 3, 5);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
}

static void
test_reissue_on_expired_card (Fixture *f, gconstpointer data)
{
  /* a signature certificate that would end with an expired one: renewal first, at the counter */
  choose (f, KIOSK_FLOW_INPUT_CHOOSE_REISSUE);
  read_card (f, -1, 3, 5);
  assert_handoff (f, KIOSK_HANDOFF_EXPIRED);
}

static void
test_renew_without_certificates (Fixture *f, gconstpointer data)
{
  choose (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  read_card (f, G_MININT, 3, -1);
  assert_handoff (f, KIOSK_HANDOFF_NO_CERTIFICATES);
}

/* Any secret the relay needs that is locked or unreadable is a handoff, never a way round. */
static void
test_renew_with_locked_secrets (void)
{
  const struct
  {
    KioskFlowInput choice;
    int auth_tries, sign_tries;
    KioskHandoffReason reason;
  } cases[] = {
    { KIOSK_FLOW_INPUT_CHOOSE_RENEW, 0, 5, KIOSK_HANDOFF_PIN_LOCKED },
    { KIOSK_FLOW_INPUT_CHOOSE_RENEW, 3, 0, KIOSK_HANDOFF_SIGN_LOCKED },
    { KIOSK_FLOW_INPUT_CHOOSE_REISSUE, 3, 0, KIOSK_HANDOFF_SIGN_LOCKED },
    { KIOSK_FLOW_INPUT_CHOOSE_REISSUE, 0, 5, KIOSK_HANDOFF_PIN_LOCKED },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f = { 0 };

      fixture_set_up (&f, NULL);
      choose (&f, cases[i].choice);
      read_card (&f, 60, cases[i].auth_tries, cases[i].sign_tries);
      assert_handoff (&f, cases[i].reason);
      g_assert_cmpint (last_command (&f), ==, KIOSK_FLOW_COMMAND_READ_STATUS);
      fixture_tear_down (&f, NULL);
    }
}

/* A wrong current password during a renewal: asked again, the proven PIN kept. */
static void
test_renew_wrong_password (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) wrong
             = g_error_new_literal (KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN, "wrong");

  start_renewal (f, 3, 2);
  enter (f, "1234");
  kiosk_flow_card_work_done (f->flow);
  enter (f, "ABC123");
  kiosk_flow_card_work_failed (f->flow, wrong, 1);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_procedure_secret (f->flow), ==, KIOSK_JPKI_SIGN);
  g_assert_cmpint (kiosk_flow_get_entry_message (f->flow), ==, KIOSK_ENTRY_MESSAGE_WRONG);
  g_assert_cmpint (kiosk_flow_get_tries_left (f->flow), ==, 1);
  assert_secret (kiosk_flow_get_current_secret_for (f->flow, KIOSK_JPKI_AUTH), "1234");
  g_assert_null (kiosk_flow_get_current_secret_for (f->flow, KIOSK_JPKI_SIGN));

  enter (f, "ABC124");
  kiosk_flow_card_work_failed (f->flow, wrong, 0);
  assert_handoff (f, KIOSK_HANDOFF_SIGN_LOCKED);
  assert_no_secrets (f);
}

/* Outside the national system's hours: renewal is closed, a PIN change is not. */
static void
test_outside_hours (Fixture *f, gconstpointer data)
{
  /* Sunday 4 April 2027, 10:00 Tokyo */
  g_autoptr (GDateTime) sunday = g_date_time_new_utc (2027, 4, 4, 1, 0, 0);
  GDateTime *reopens;

  kiosk_clock_set_fixed (f->clock, sunday);
  choose (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  assert_handoff (f, KIOSK_HANDOFF_OUTSIDE_HOURS);
  g_assert_cmpint (last_command (f), !=, KIOSK_FLOW_COMMAND_READ_STATUS);
  reopens = kiosk_flow_get_reopens (f->flow);
  g_assert_nonnull (reopens);
  /* Monday 5 April, 8:30 */
  g_assert_cmpint (g_date_time_get_day_of_month (reopens), ==, 5);
  g_assert_cmpint (g_date_time_get_hour (reopens), ==, 8);
  g_assert_cmpint (g_date_time_get_minute (reopens), ==, 30);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  assert_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  g_assert_null (kiosk_flow_get_reopens (f->flow));

  choose (f, KIOSK_FLOW_INPUT_CHOOSE_REISSUE);
  assert_handoff (f, KIOSK_HANDOFF_OUTSIDE_HOURS);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_RESET);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);

  choose (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_RESET);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);

  /* the demo may pretend the office is open, or closed */
  kiosk_flow_set_hours_mode (f->flow, KIOSK_FLOW_HOURS_ALWAYS_OPEN);
  choose (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  assert_state (f, KIOSK_FLOW_STATE_READING);
}

static void
test_hours_forced_closed (Fixture *f, gconstpointer data)
{
  GDateTime *reopens;

  kiosk_flow_set_hours_mode (f->flow, KIOSK_FLOW_HOURS_CLOSED);
  choose (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  assert_handoff (f, KIOSK_HANDOFF_OUTSIDE_HOURS);
  reopens = kiosk_flow_get_reopens (f->flow);
  g_assert_nonnull (reopens);
  /* Thursday 1 April is open, so "closed now" reopens on Friday 2 April at 8:30 */
  g_assert_cmpint (g_date_time_get_day_of_month (reopens), ==, 2);
  g_assert_cmpint (g_date_time_get_hour (reopens), ==, 8);
}

/* Drives to RENEWING with both secrets typed fresh. */
static void
drive_to_relay (Fixture *f)
{
  start_renewal (f, 3, 5);
  enter (f, "1234");
  kiosk_flow_card_work_done (f->flow);
  enter (f, "ABC123");
  kiosk_flow_card_work_done (f->flow);
  enter (f, "5678");
  enter (f, "5678");
  enter (f, "NEW456");
  enter (f, "NEW456");
  assert_state (f, KIOSK_FLOW_STATE_RENEWING);
}

/* Every outcome of the relay leads somewhere a resident and staff can act on. */
static void
test_relay_outcomes (void)
{
  const struct
  {
    KioskRenewalOutcome outcome;
    KioskIssuanceReason refusal;
    int tries_left;
    KioskFlowState state;
    KioskHandoffReason reason;
  } cases[] = {
    { KIOSK_RENEWAL_OUTCOME_DONE, 0, -1, KIOSK_FLOW_STATE_DONE, 0 },
    { KIOSK_RENEWAL_OUTCOME_PIN_WRONG, 0, 2, KIOSK_FLOW_STATE_ENTER_CURRENT, 0 },
    { KIOSK_RENEWAL_OUTCOME_SIGN_WRONG, 0, 4, KIOSK_FLOW_STATE_ENTER_CURRENT, 0 },
    { KIOSK_RENEWAL_OUTCOME_PIN_WRONG, 0, 0, KIOSK_FLOW_STATE_HANDOFF, KIOSK_HANDOFF_PIN_LOCKED },
    { KIOSK_RENEWAL_OUTCOME_PIN_LOCKED, 0, -1, KIOSK_FLOW_STATE_HANDOFF, KIOSK_HANDOFF_PIN_LOCKED },
    { KIOSK_RENEWAL_OUTCOME_SIGN_LOCKED, 0, -1, KIOSK_FLOW_STATE_HANDOFF,
      KIOSK_HANDOFF_SIGN_LOCKED },
    { KIOSK_RENEWAL_OUTCOME_REFUSED, KIOSK_ISSUANCE_REASON_MINOR, -1, KIOSK_FLOW_STATE_HANDOFF,
      KIOSK_HANDOFF_MINOR },
    { KIOSK_RENEWAL_OUTCOME_REFUSED, KIOSK_ISSUANCE_REASON_ADULT_WARD, -1, KIOSK_FLOW_STATE_HANDOFF,
      KIOSK_HANDOFF_ADULT_WARD },
    { KIOSK_RENEWAL_OUTCOME_REFUSED, KIOSK_ISSUANCE_REASON_REVOKED, -1, KIOSK_FLOW_STATE_HANDOFF,
      KIOSK_HANDOFF_REVOKED },
    { KIOSK_RENEWAL_OUTCOME_REFUSED, KIOSK_ISSUANCE_REASON_UNKNOWN_RESIDENT, -1,
      KIOSK_FLOW_STATE_HANDOFF, KIOSK_HANDOFF_NOT_ELIGIBLE },
    { KIOSK_RENEWAL_OUTCOME_NOT_APPLICABLE, 0, -1, KIOSK_FLOW_STATE_HANDOFF,
      KIOSK_HANDOFF_NO_SIGN_CERTIFICATE },
    { KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY, 0, -1, KIOSK_FLOW_STATE_SERVICE_BUSY, 0 },
    { KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN, 0, -1, KIOSK_FLOW_STATE_HANDOFF,
      KIOSK_HANDOFF_SERVICE_DOWN },
    { KIOSK_RENEWAL_OUTCOME_CARD_REMOVED, 0, -1, KIOSK_FLOW_STATE_CARD_REMOVED, 0 },
    { KIOSK_RENEWAL_OUTCOME_CARD_ERROR, 0, -1, KIOSK_FLOW_STATE_CARD_UNREADABLE, 0 },
    { KIOSK_RENEWAL_OUTCOME_WRONG_CARD, 0, -1, KIOSK_FLOW_STATE_CARD_UNREADABLE, 0 },
    { KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD, 0, -1, KIOSK_FLOW_STATE_HANDOFF,
      KIOSK_HANDOFF_INCOMPLETE_OLD },
    { KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW, 0, -1, KIOSK_FLOW_STATE_HANDOFF,
      KIOSK_HANDOFF_INCOMPLETE_NEW },
    { KIOSK_RENEWAL_OUTCOME_JOURNAL_FAILED, 0, -1, KIOSK_FLOW_STATE_HANDOFF,
      KIOSK_HANDOFF_KIOSK_FAULT },
    { KIOSK_RENEWAL_OUTCOME_SECRET_INVALID, 0, -1, KIOSK_FLOW_STATE_HANDOFF,
      KIOSK_HANDOFF_KIOSK_FAULT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f = { 0 };
      KioskRenewalResult result = { 0 };
      KioskFlowState state;

      fixture_set_up (&f, NULL);
      drive_to_relay (&f);
      result.outcome = cases[i].outcome;
      result.refusal = cases[i].refusal;
      result.tries_left = cases[i].tries_left;
      result.retry_after_seconds = 90;
      result.reason_code = (char *)"TEST";
      kiosk_flow_renewal_finished (f.flow, &result);

      state = kiosk_flow_get_state (f.flow);
      g_test_message ("%s → %s", kiosk_renewal_outcome_to_string (cases[i].outcome),
                      kiosk_flow_state_to_string (state));
      assert_state (&f, cases[i].state);
      if (state == KIOSK_FLOW_STATE_HANDOFF)
        assert_handoff (&f, cases[i].reason);
      if (state == KIOSK_FLOW_STATE_ENTER_CURRENT)
        {
          /* asked again for the refused one, with the card's count */
          g_assert_cmpint (kiosk_flow_get_entry_message (f.flow), ==, KIOSK_ENTRY_MESSAGE_WRONG);
          g_assert_cmpint (kiosk_flow_get_tries_left (f.flow), ==, cases[i].tries_left);
          g_assert_cmpint (kiosk_flow_get_procedure_secret (f.flow), ==,
                           cases[i].outcome == KIOSK_RENEWAL_OUTCOME_SIGN_WRONG ? KIOSK_JPKI_SIGN
                                                                                : KIOSK_JPKI_AUTH);
          g_assert_null (kiosk_flow_get_new_secret_for (f.flow, KIOSK_JPKI_AUTH));
        }
      else if (state == KIOSK_FLOW_STATE_SERVICE_BUSY)
        {
          /* nothing changed on the card: the secrets wait for "try again" */
          g_assert_cmpuint (kiosk_flow_get_retry_after (f.flow), ==, 90);
          g_assert_nonnull (kiosk_flow_get_current_secret_for (f.flow, KIOSK_JPKI_AUTH));
        }
      else
        assert_no_secrets (&f);
      fixture_tear_down (&f, NULL);
    }
}

static void
test_busy_then_retry (Fixture *f, gconstpointer data)
{
  drive_to_relay (f);
  finish_relay (f, KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY, -1);
  assert_state (f, KIOSK_FLOW_STATE_SERVICE_BUSY);
  g_array_set_size (f->commands, 0);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_RETRY);
  assert_state (f, KIOSK_FLOW_STATE_RENEWING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_RENEW);
  g_assert_cmpfloat (kiosk_flow_get_progress (f->flow), ==, 0.0);
  assert_secret (kiosk_flow_get_new_secret_for (f->flow, KIOSK_JPKI_SIGN), "NEW456");
  finish_relay (f, KIOSK_RENEWAL_OUTCOME_DONE, -1);
  assert_state (f, KIOSK_FLOW_STATE_DONE);
}

static void
test_busy_then_counter (Fixture *f, gconstpointer data)
{
  drive_to_relay (f);
  finish_relay (f, KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY, -1);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  assert_handoff (f, KIOSK_HANDOFF_SERVICE_BUSY);
  assert_no_secrets (f);
}

static void
test_busy_then_back_or_card_taken (Fixture *f, gconstpointer data)
{
  drive_to_relay (f);
  finish_relay (f, KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY, -1);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_BACK);
  assert_state (f, KIOSK_FLOW_STATE_MENU);
  assert_no_secrets (f);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  read_card (f, 60, 3, 5);
  enter (f, "1234");
  kiosk_flow_card_work_done (f->flow);
  enter (f, "ABC123");
  kiosk_flow_card_work_done (f->flow);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  finish_relay (f, KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY, -1);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  assert_state (f, KIOSK_FLOW_STATE_CARD_REMOVED);
  assert_no_secrets (f);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_RETRY);
  assert_state (f, KIOSK_FLOW_STATE_CARD_REMOVED);
}

/* The relay decides what a pulled card means; a reset abandons it and wipes. */
static void
test_relay_not_interrupted (Fixture *f, gconstpointer data)
{
  drive_to_relay (f);
  g_array_set_size (f->commands, 0);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_IDLE_TIMEOUT);
  assert_state (f, KIOSK_FLOW_STATE_RENEWING);
  g_assert_cmpuint (f->commands->len, ==, 0);
  g_assert_false (kiosk_flow_get_card_present (f->flow));
  finish_relay (f, KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD, -1);
  assert_handoff (f, KIOSK_HANDOFF_INCOMPLETE_OLD);
  assert_no_secrets (f);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  g_assert_null (kiosk_flow_get_renewal_result (f->flow));
}

static void
test_reset_abandons_relay (Fixture *f, gconstpointer data)
{
  drive_to_relay (f);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_RESET);
  assert_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK);
  assert_no_secrets (f);
  /* its late result changes nothing */
  finish_relay (f, KIOSK_RENEWAL_OUTCOME_DONE, -1);
  assert_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  g_assert_null (kiosk_flow_get_renewal_result (f->flow));
}

static void
test_names (void)
{
  for (int r = KIOSK_HANDOFF_NONE; r <= KIOSK_HANDOFF_KIOSK_FAULT; r++)
    {
      g_assert_cmpstr (kiosk_flow_handoff_reason_to_string (r), !=, "unknown");
      for (int s = r + 1; s <= KIOSK_HANDOFF_KIOSK_FAULT; s++)
        g_assert_cmpstr (kiosk_flow_handoff_reason_to_string (r), !=,
                         kiosk_flow_handoff_reason_to_string (s));
    }
  for (int i = KIOSK_FLOW_INPUT_START; i <= KIOSK_FLOW_INPUT_RETRY; i++)
    g_assert_cmpstr (kiosk_flow_input_to_string (i), !=, "unknown");
}

#define ADD(path, fn)                                                                              \
  g_test_add ("/app/flow/renewal/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
#define ADD_WITH(path, config, fn)                                                                 \
  g_test_add ("/app/flow/renewal/" path, Fixture, config, fixture_set_up, fn, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("renew-both", test_renew_both);
  ADD ("renew-auth-only", test_renew_auth_only);
  ADD ("renew-keeping-secrets", test_renew_keeping_secrets);
  ADD ("keep-only-in-relay", test_keep_only_in_relay);
  ADD ("reissue", test_reissue);
  ADD ("reissue-without-sign-certificate", test_reissue_without_sign_certificate);
  ADD ("renew-too-early", test_renew_too_early);
  ADD ("renew-expired-policy-handoff", test_renew_expired_policy);
  ADD_WITH ("renew-expired-policy-kiosk", "[renewal]\nexpired = kiosk\n",
            test_renew_expired_at_kiosk);
  ADD ("reissue-on-expired-card", test_reissue_on_expired_card);
  ADD ("renew-without-certificates", test_renew_without_certificates);
  g_test_add_func ("/app/flow/renewal/locked-secrets", test_renew_with_locked_secrets);
  ADD ("renew-wrong-password", test_renew_wrong_password);
  ADD ("outside-hours", test_outside_hours);
  ADD ("hours-forced-closed", test_hours_forced_closed);
  g_test_add_func ("/app/flow/renewal/relay-outcomes", test_relay_outcomes);
  ADD ("busy-then-retry", test_busy_then_retry);
  ADD ("busy-then-counter", test_busy_then_counter);
  ADD ("busy-then-back-or-card-taken", test_busy_then_back_or_card_taken);
  ADD ("relay-not-interrupted", test_relay_not_interrupted);
  ADD ("reset-abandons-relay", test_reset_abandons_relay);
  g_test_add_func ("/app/flow/renewal/names", test_names);
  return g_test_run ();
}
