/* test-flow.c: the state machine, headless, as the card worker and the resident drive it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-card-error.h"
#include "kiosk-flow.h"
#include "kiosk-secret.h"
#include "kiosk-test-certificate.h"

typedef struct
{
  KioskClock *clock;
  KioskConfig *config;
  KioskFlow *flow;
  GArray *commands;    /* KioskFlowCommand, in order */
  guint notifications; /* "state" notifies */
} Fixture;

static void
on_command (KioskFlow *flow, int command, gpointer user_data)
{
  Fixture *f = user_data;

  g_array_append_val (f->commands, command);
}

static void
on_state_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  Fixture *f = user_data;

  f->notifications++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) now = g_date_time_new_utc (2027, 4, 1, 1, 0, 0);

  f->clock = kiosk_clock_new_fixed (now);
  f->config = kiosk_config_new ();
  f->flow = kiosk_flow_new (f->clock, f->config);
  f->commands = g_array_new (FALSE, FALSE, sizeof (int));
  g_signal_connect (f->flow, "command", G_CALLBACK (on_command), f);
  g_signal_connect (f->flow, "notify::state", G_CALLBACK (on_state_notify), f);
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

static int
last_command (Fixture *f)
{
  if (f->commands->len == 0)
    return -1;
  return g_array_index (f->commands, int, f->commands->len - 1);
}

static KioskCardStatus *
some_status (void)
{
  return kiosk_card_status_new (NULL, NULL, FALSE, NULL, 3, 5);
}

static void
read_succeeds (Fixture *f)
{
  g_autoptr (KioskCardStatus) status = some_status ();

  kiosk_flow_status_read (f->flow, status);
}

static void
read_fails (Fixture *f, KioskCardError code)
{
  g_autoptr (GError) error = g_error_new_literal (KIOSK_CARD_ERROR, code, "test");

  kiosk_flow_status_failed (f->flow, error);
}

static void
test_check_card_journey (Fixture *f, gconstpointer data)
{
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  assert_state (f, KIOSK_FLOW_STATE_OPERATOR);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  assert_state (f, KIOSK_FLOW_STATE_MENU);
  g_assert_cmpint (kiosk_flow_get_operator (f->flow), ==, KIOSK_OPERATOR_HOLDER);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_CHECK);
  assert_state (f, KIOSK_FLOW_STATE_PLACE_CARD);
  g_assert_cmpint (kiosk_flow_get_procedure (f->flow), ==, KIOSK_PROCEDURE_CHECK_CARD);
  g_assert_cmpuint (f->commands->len, ==, 0);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_READ_STATUS);
  g_assert_null (kiosk_flow_get_report (f->flow));

  read_succeeds (f);
  assert_state (f, KIOSK_FLOW_STATE_STATUS);
  g_assert_nonnull (kiosk_flow_get_report (f->flow));
  g_assert_cmpint (kiosk_status_report_get_auth_tries_left (kiosk_flow_get_report (f->flow)), ==,
                   3);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  assert_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  /* the resident's card data is gone once they leave */
  g_assert_null (kiosk_flow_get_report (f->flow));
  g_assert_cmpint (kiosk_flow_get_procedure (f->flow), ==, KIOSK_PROCEDURE_NONE);
  g_assert_cmpint (kiosk_flow_get_operator (f->flow), ==, KIOSK_OPERATOR_UNKNOWN);
  g_assert_cmpuint (f->notifications, ==, 7);
}

static void
test_card_placed_on_welcome (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_READ_STATUS);
}

static void
test_start_with_card_already_in (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  read_fails (f, KIOSK_CARD_ERROR_MALFORMED);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_BACK); /* card still in: asked to take it */
  assert_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_RESET);
  assert_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
}

static void
test_removed_mid_read (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  assert_state (f, KIOSK_FLOW_STATE_CARD_REMOVED);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK);

  /* the worker's answer arrives after the fact: dropped */
  read_succeeds (f);
  assert_state (f, KIOSK_FLOW_STATE_CARD_REMOVED);
  g_assert_null (kiosk_flow_get_report (f->flow));

  /* put back: read again */
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_READ_STATUS);
  read_succeeds (f);
  assert_state (f, KIOSK_FLOW_STATE_STATUS);
}

static void
test_read_error_card_gone (Fixture *f, gconstpointer data)
{
  const KioskCardError gone[]
      = { KIOSK_CARD_ERROR_REMOVED, KIOSK_CARD_ERROR_READER_GONE, KIOSK_CARD_ERROR_NO_SERVICE };

  for (gsize i = 0; i < G_N_ELEMENTS (gone); i++)
    {
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_RESET);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
      assert_state (f, KIOSK_FLOW_STATE_READING);
      read_fails (f, gone[i]);
      assert_state (f, KIOSK_FLOW_STATE_CARD_REMOVED);
      g_assert_error (kiosk_flow_get_last_error (f->flow), KIOSK_CARD_ERROR, (int)gone[i]);
    }
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  g_assert_null (kiosk_flow_get_last_error (f->flow));
}

static void
test_unreadable_card (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  read_fails (f, KIOSK_CARD_ERROR_NOT_JPKI);
  assert_state (f, KIOSK_FLOW_STATE_CARD_UNREADABLE);
  /* taken out: the resident is asked to place it again */
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  assert_state (f, KIOSK_FLOW_STATE_PLACE_CARD);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_READING);
}

static void
test_status_stays_when_card_taken (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  read_succeeds (f);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  assert_state (f, KIOSK_FLOW_STATE_STATUS);
  g_assert_false (kiosk_flow_get_card_present (f->flow));
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
}

static void
test_ignored_inputs (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_BACK);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_READER_READY);
  read_succeeds (f); /* a result nobody asked for */
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  g_assert_cmpuint (f->notifications, ==, 0);
  g_assert_cmpuint (f->commands->len, ==, 0);
}

/* ---- the procedures ---- */

static void
read_with_tries (Fixture *f, int auth_tries, int sign_tries)
{
  /* A certificate far from its renewal window, so a re-issue may go on. */
  g_autoptr (GDateTime) not_before = g_date_time_new_utc (2026, 1, 10, 3, 0, 0);
  g_autoptr (GDateTime) not_after = g_date_time_new_utc (2031, 1, 10, 14, 59, 59);
  g_autoptr (KioskCertificate) certificate = kiosk_test_certificate_new (not_before, not_after);
  g_autoptr (KioskCardStatus) status
             = kiosk_card_status_new (NULL, certificate, FALSE, NULL, auth_tries, sign_tries);

  kiosk_flow_status_read (f->flow, status);
}

static void
enter (Fixture *f, const char *text)
{
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (text);

  kiosk_flow_secret_entered (f->flow, secret);
}

static void
work_fails (Fixture *f, KioskCardError code, int tries_left)
{
  g_autoptr (GError) error = g_error_new_literal (KIOSK_CARD_ERROR, code, "test");

  kiosk_flow_card_work_failed (f->flow, error, tries_left);
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
  g_assert_cmpmem (kiosk_secret_get_data (secret), kiosk_secret_get_length (secret), expected,
                   strlen (expected));
}

/* Holder, card in, the procedure chosen from the menu, the card read. */
static void
start_procedure (Fixture *f, KioskFlowInput choice, int auth_tries, int sign_tries)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_MENU);
  kiosk_flow_input (f->flow, choice);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_READ_STATUS);
  read_with_tries (f, auth_tries, sign_tries);
}

static void
test_change_pin_right_first_time (Fixture *f, gconstpointer data)
{
  start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, 3, 5);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_procedure_secret (f->flow), ==, KIOSK_JPKI_AUTH);
  g_assert_cmpint (kiosk_flow_get_tries_left (f->flow), ==, 3);
  g_assert_cmpint (kiosk_flow_get_entry_message (f->flow), ==, KIOSK_ENTRY_MESSAGE_NONE);

  enter (f, "1234");
  assert_state (f, KIOSK_FLOW_STATE_VERIFYING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_VERIFY);
  assert_secret (kiosk_flow_get_current_secret (f->flow), "1234");

  kiosk_flow_card_work_done (f->flow);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  enter (f, "5678");
  assert_state (f, KIOSK_FLOW_STATE_CONFIRM_NEW);
  assert_secret (kiosk_flow_get_first_new_secret (f->flow), "5678");
  enter (f, "5678");
  assert_state (f, KIOSK_FLOW_STATE_WRITING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_CHANGE);
  assert_secret (kiosk_flow_get_current_secret (f->flow), "1234");
  assert_secret (kiosk_flow_get_new_secret (f->flow), "5678");

  kiosk_flow_card_work_done (f->flow);
  assert_state (f, KIOSK_FLOW_STATE_DONE);
  assert_no_secrets (f);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  assert_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  g_assert_cmpint (kiosk_flow_get_procedure (f->flow), ==, KIOSK_PROCEDURE_NONE);
}

static void
test_change_password_journey (Fixture *f, gconstpointer data)
{
  start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD, 3, 5);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_procedure_secret (f->flow), ==, KIOSK_JPKI_SIGN);
  g_assert_cmpint (kiosk_flow_get_tries_left (f->flow), ==, 5);
  enter (f, "ABC123");
  kiosk_flow_card_work_done (f->flow);
  enter (f, "NEWPASS9");
  enter (f, "NEWPASS9");
  assert_state (f, KIOSK_FLOW_STATE_WRITING);
  kiosk_flow_card_work_done (f->flow);
  assert_state (f, KIOSK_FLOW_STATE_DONE);
}

static void
test_wrong_current_then_right (Fixture *f, gconstpointer data)
{
  start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, 3, 5);
  enter (f, "1111");
  work_fails (f, KIOSK_CARD_ERROR_WRONG_PIN, 2);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_tries_left (f->flow), ==, 2);
  g_assert_cmpint (kiosk_flow_get_entry_message (f->flow), ==, KIOSK_ENTRY_MESSAGE_WRONG);
  assert_no_secrets (f);

  enter (f, "1234");
  assert_state (f, KIOSK_FLOW_STATE_VERIFYING);
  g_assert_cmpint (kiosk_flow_get_entry_message (f->flow), ==, KIOSK_ENTRY_MESSAGE_NONE);
  kiosk_flow_card_work_done (f->flow);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
}

static void
test_wrong_until_blocked (Fixture *f, gconstpointer data)
{
  start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, 3, 5);
  for (int left = 2; left >= 1; left--)
    {
      enter (f, "0000");
      work_fails (f, KIOSK_CARD_ERROR_WRONG_PIN, left);
      assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
      g_assert_cmpint (kiosk_flow_get_tries_left (f->flow), ==, left);
    }
  enter (f, "0000");
  work_fails (f, KIOSK_CARD_ERROR_BLOCKED, 0);
  assert_state (f, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (f->flow), ==, KIOSK_HANDOFF_PIN_LOCKED);
  assert_no_secrets (f);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  assert_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  /* the reason stays for the receipt until the next resident */
  g_assert_cmpint (kiosk_flow_get_handoff_reason (f->flow), ==, KIOSK_HANDOFF_PIN_LOCKED);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (f->flow), ==, KIOSK_HANDOFF_NONE);
}

static void
test_password_wrong_to_zero_is_sign_locked (Fixture *f, gconstpointer data)
{
  start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD, 3, 1);
  enter (f, "ABC123");
  work_fails (f, KIOSK_CARD_ERROR_WRONG_PIN, 0);
  assert_state (f, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (f->flow), ==, KIOSK_HANDOFF_SIGN_LOCKED);
}

static void
test_confirm_mismatch_then_match (Fixture *f, gconstpointer data)
{
  start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, 3, 5);
  enter (f, "1234");
  kiosk_flow_card_work_done (f->flow);
  enter (f, "5678");
  enter (f, "5679");
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  g_assert_cmpint (kiosk_flow_get_entry_message (f->flow), ==, KIOSK_ENTRY_MESSAGE_MISMATCH);
  g_assert_null (kiosk_flow_get_first_new_secret (f->flow));
  g_assert_null (kiosk_flow_get_new_secret (f->flow));
  /* the verified current PIN is still needed for the change */
  assert_secret (kiosk_flow_get_current_secret (f->flow), "1234");

  enter (f, "2468");
  enter (f, "2468");
  assert_state (f, KIOSK_FLOW_STATE_WRITING);
  assert_secret (kiosk_flow_get_new_secret (f->flow), "2468");
}

static void
test_malformed_never_reaches_card (Fixture *f, gconstpointer data)
{
  start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, 3, 5);
  g_array_set_size (f->commands, 0);
  enter (f, "12a4");
  enter (f, "123");
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_entry_message (f->flow), ==, KIOSK_ENTRY_MESSAGE_MALFORMED);
  g_assert_cmpuint (f->commands->len, ==, 0);
  assert_no_secrets (f);

  enter (f, "1234");
  kiosk_flow_card_work_done (f->flow);
  enter (f, "12345");
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  g_assert_null (kiosk_flow_get_first_new_secret (f->flow));
}

static void
test_password_without_sign_certificate (Fixture *f, gconstpointer data)
{
  start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD, 3, -1);
  assert_state (f, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (f->flow), ==, KIOSK_HANDOFF_NO_SIGN_CERTIFICATE);
}

static void
test_blocked_pin_hands_off_without_entry (Fixture *f, gconstpointer data)
{
  start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, 0, 5);
  assert_state (f, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (f->flow), ==, KIOSK_HANDOFF_PIN_LOCKED);
}

static void
test_unknown_counter_hands_off (Fixture *f, gconstpointer data)
{
  /* a counter out of range is never a way round: the counter takes over */
  start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD, 3, 9);
  assert_state (f, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (f->flow), ==, KIOSK_HANDOFF_SIGN_LOCKED);
}

static void
test_blocked_password_with_usable_pin (Fixture *f, gconstpointer data)
{
  /* the PIN procedure only looks at the PIN */
  start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, 1, 0);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_tries_left (f->flow), ==, 1);
}

static void
test_operator_not_holder (Fixture *f, gconstpointer data)
{
  const KioskFlowInput choices[]
      = { KIOSK_FLOW_INPUT_CHOOSE_REPRESENTATIVE, KIOSK_FLOW_INPUT_CHOOSE_PROXY };
  const KioskOperator operators[] = { KIOSK_OPERATOR_REPRESENTATIVE, KIOSK_OPERATOR_PROXY };

  for (gsize i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
      kiosk_flow_input (f->flow, choices[i]);
      assert_state (f, KIOSK_FLOW_STATE_HANDOFF);
      g_assert_cmpint (kiosk_flow_get_handoff_reason (f->flow), ==, KIOSK_HANDOFF_PROXY);
      g_assert_cmpint (kiosk_flow_get_operator (f->flow), ==, operators[i]);
      g_assert_cmpuint (f->commands->len, ==, 0);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
      assert_state (f, KIOSK_FLOW_STATE_WELCOME);
    }
}

static void
test_back_from_each_step (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_BACK);
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_BACK);
  assert_state (f, KIOSK_FLOW_STATE_OPERATOR);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  assert_state (f, KIOSK_FLOW_STATE_PLACE_CARD);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_BACK);
  assert_state (f, KIOSK_FLOW_STATE_MENU);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  read_with_tries (f, 3, 5);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_BACK);
  assert_state (f, KIOSK_FLOW_STATE_MENU);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  read_with_tries (f, 3, 5);
  enter (f, "1234");
  kiosk_flow_card_work_done (f->flow);
  enter (f, "5678");
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_BACK); /* confirm → type the new one again */
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  g_assert_null (kiosk_flow_get_first_new_secret (f->flow));
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_BACK);
  assert_state (f, KIOSK_FLOW_STATE_MENU);
  assert_no_secrets (f);
}

static void
test_card_work_errors (Fixture *f, gconstpointer data)
{
  start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, 3, 5);
  enter (f, "1234");
  work_fails (f, KIOSK_CARD_ERROR_REMOVED, -1);
  assert_state (f, KIOSK_FLOW_STATE_CARD_REMOVED);
  assert_no_secrets (f);
  /* put back: the same procedure starts again from the read */
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  read_with_tries (f, 3, 5);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);

  enter (f, "1234");
  kiosk_flow_card_work_done (f->flow);
  enter (f, "5678");
  enter (f, "5678");
  work_fails (f, KIOSK_CARD_ERROR_COMMAND_FAILED, -1);
  assert_state (f, KIOSK_FLOW_STATE_CARD_UNREADABLE);
  g_assert_error (kiosk_flow_get_last_error (f->flow), KIOSK_CARD_ERROR,
                  KIOSK_CARD_ERROR_COMMAND_FAILED);
  assert_no_secrets (f);
}

/* Brings a fresh flow into @state the way a resident and the reader would. */
static void
drive_to (Fixture *f, KioskFlowState state)
{
  switch (state)
    {
    case KIOSK_FLOW_STATE_WELCOME:
      break;
    case KIOSK_FLOW_STATE_PLACE_CARD:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_CHECK);
      break;
    case KIOSK_FLOW_STATE_READING:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
      break;
    case KIOSK_FLOW_STATE_STATUS:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
      read_succeeds (f);
      break;
    case KIOSK_FLOW_STATE_TAKE_CARD:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
      read_succeeds (f);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
      break;
    case KIOSK_FLOW_STATE_NO_READER:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_READER_LOST);
      break;
    case KIOSK_FLOW_STATE_CARD_UNREADABLE:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
      read_fails (f, KIOSK_CARD_ERROR_UNRESPONSIVE);
      break;
    case KIOSK_FLOW_STATE_CARD_REMOVED:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
      break;
    case KIOSK_FLOW_STATE_OPERATOR:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
      break;
    case KIOSK_FLOW_STATE_MENU:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
      break;
    case KIOSK_FLOW_STATE_HANDOFF:
      start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, 0, 5);
      break;
    case KIOSK_FLOW_STATE_ENTER_CURRENT:
      start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, 3, 5);
      break;
    case KIOSK_FLOW_STATE_VERIFYING:
      start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, 3, 5);
      enter (f, "1234");
      break;
    case KIOSK_FLOW_STATE_ENTER_NEW:
      drive_to (f, KIOSK_FLOW_STATE_VERIFYING);
      kiosk_flow_card_work_done (f->flow);
      break;
    case KIOSK_FLOW_STATE_CONFIRM_NEW:
      drive_to (f, KIOSK_FLOW_STATE_ENTER_NEW);
      enter (f, "5678");
      break;
    case KIOSK_FLOW_STATE_WRITING:
      drive_to (f, KIOSK_FLOW_STATE_CONFIRM_NEW);
      enter (f, "5678");
      break;
    case KIOSK_FLOW_STATE_DONE:
      drive_to (f, KIOSK_FLOW_STATE_WRITING);
      kiosk_flow_card_work_done (f->flow);
      break;
    case KIOSK_FLOW_STATE_RENEWING:
      /* A card with the authentication certificate only and no window check (no certificate
       * dates): the PIN, the new PIN twice, then the relay. */
      start_procedure (f, KIOSK_FLOW_INPUT_CHOOSE_REISSUE, 3, 5);
      enter (f, "1234");
      kiosk_flow_card_work_done (f->flow);
      enter (f, "PASS12");
      kiosk_flow_card_work_done (f->flow);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
      break;
    case KIOSK_FLOW_STATE_SERVICE_BUSY:
      {
        KioskRenewalResult busy = { .outcome = KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY,
                                    .retry_after_seconds = 120,
                                    .tries_left = -1,
                                    .reason_code = (char *)"SERVICE_BUSY" };

        drive_to (f, KIOSK_FLOW_STATE_RENEWING);
        kiosk_flow_renewal_finished (f->flow, &busy);
      }
      break;
    }
  assert_state (f, state);
  g_array_set_size (f->commands, 0);
}

static const KioskFlowState all_states[] = {
  KIOSK_FLOW_STATE_WELCOME,
  KIOSK_FLOW_STATE_PLACE_CARD,
  KIOSK_FLOW_STATE_READING,
  KIOSK_FLOW_STATE_STATUS,
  KIOSK_FLOW_STATE_TAKE_CARD,
  KIOSK_FLOW_STATE_NO_READER,
  KIOSK_FLOW_STATE_CARD_UNREADABLE,
  KIOSK_FLOW_STATE_CARD_REMOVED,
  KIOSK_FLOW_STATE_OPERATOR,
  KIOSK_FLOW_STATE_MENU,
  KIOSK_FLOW_STATE_HANDOFF,
  KIOSK_FLOW_STATE_ENTER_CURRENT,
  KIOSK_FLOW_STATE_VERIFYING,
  KIOSK_FLOW_STATE_ENTER_NEW,
  KIOSK_FLOW_STATE_CONFIRM_NEW,
  KIOSK_FLOW_STATE_WRITING,
  KIOSK_FLOW_STATE_DONE,
  KIOSK_FLOW_STATE_RENEWING,
  KIOSK_FLOW_STATE_SERVICE_BUSY,
};

G_STATIC_ASSERT (G_N_ELEMENTS (all_states) == KIOSK_FLOW_N_STATES);

static gboolean
card_work_state (KioskFlowState state)
{
  return state == KIOSK_FLOW_STATE_READING || state == KIOSK_FLOW_STATE_VERIFYING
         || state == KIOSK_FLOW_STATE_WRITING || state == KIOSK_FLOW_STATE_RENEWING;
}

static const KioskFlowState procedure_states[] = {
  KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_STATE_ENTER_NEW,
  KIOSK_FLOW_STATE_CONFIRM_NEW,   KIOSK_FLOW_STATE_WRITING,   KIOSK_FLOW_STATE_SERVICE_BUSY,
};

static void
test_card_removed_in_procedure (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (procedure_states); i++)
    {
      Fixture f = { 0 };

      fixture_set_up (&f, NULL);
      drive_to (&f, procedure_states[i]);
      kiosk_flow_input (f.flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
      assert_state (&f, KIOSK_FLOW_STATE_CARD_REMOVED);
      assert_no_secrets (&f);
      if (card_work_state (procedure_states[i]))
        g_assert_cmpint (last_command (&f), ==, KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK);
      /* a late answer from the card changes nothing */
      kiosk_flow_card_work_done (f.flow);
      assert_state (&f, KIOSK_FLOW_STATE_CARD_REMOVED);
      fixture_tear_down (&f, NULL);
    }
}

static void
test_reader_lost_everywhere (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (all_states); i++)
    {
      Fixture f = { 0 };

      fixture_set_up (&f, NULL);
      drive_to (&f, all_states[i]);
      kiosk_flow_input (f.flow, KIOSK_FLOW_INPUT_READER_LOST);
      assert_state (&f, KIOSK_FLOW_STATE_NO_READER);
      g_assert_false (kiosk_flow_get_card_present (f.flow));
      g_assert_null (kiosk_flow_get_report (f.flow));
      assert_no_secrets (&f);
      g_assert_cmpint (kiosk_flow_get_procedure (f.flow), ==, KIOSK_PROCEDURE_NONE);
      /* work on a card that is out of reach is abandoned */
      if (card_work_state (all_states[i]))
        g_assert_cmpint (last_command (&f), ==, KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK);
      else
        g_assert_cmpuint (f.commands->len, ==, 0);

      /* the reader comes back empty: home */
      kiosk_flow_input (f.flow, KIOSK_FLOW_INPUT_READER_READY);
      assert_state (&f, KIOSK_FLOW_STATE_WELCOME);
      fixture_tear_down (&f, NULL);
    }
}

static void
test_reader_back_with_card (Fixture *f, gconstpointer data)
{
  drive_to (f, KIOSK_FLOW_STATE_NO_READER);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_READER_READY);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_READ_STATUS);
}

static void
test_reset_and_idle_everywhere (void)
{
  const KioskFlowInput inputs[] = { KIOSK_FLOW_INPUT_RESET, KIOSK_FLOW_INPUT_IDLE_TIMEOUT };

  for (gsize n = 0; n < G_N_ELEMENTS (inputs); n++)
    for (gsize i = 0; i < G_N_ELEMENTS (all_states); i++)
      {
        Fixture f = { 0 };
        gboolean card_in;
        KioskFlowState expected;

        fixture_set_up (&f, NULL);
        drive_to (&f, all_states[i]);
        card_in = kiosk_flow_get_card_present (f.flow);
        kiosk_flow_input (f.flow, inputs[n]);
        /* The relay is never abandoned for want of a tap: it ends by itself (tested in
         * test-flow-renewal.c). */
        if (all_states[i] == KIOSK_FLOW_STATE_RENEWING
            && inputs[n] == KIOSK_FLOW_INPUT_IDLE_TIMEOUT)
          {
            assert_state (&f, KIOSK_FLOW_STATE_RENEWING);
            fixture_tear_down (&f, NULL);
            continue;
          }
        /* Home, but a card left in the reader is asked for first; with no reader the kiosk
         * keeps saying so. */
        if (all_states[i] == KIOSK_FLOW_STATE_NO_READER)
          expected = KIOSK_FLOW_STATE_NO_READER;
        else
          expected = card_in ? KIOSK_FLOW_STATE_TAKE_CARD : KIOSK_FLOW_STATE_WELCOME;
        assert_state (&f, expected);
        assert_no_secrets (&f);
        if (card_work_state (all_states[i]))
          g_assert_cmpint (last_command (&f), ==, KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK);
        if (expected == KIOSK_FLOW_STATE_TAKE_CARD)
          {
            kiosk_flow_input (f.flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
            assert_state (&f, KIOSK_FLOW_STATE_WELCOME);
          }
        g_assert_null (kiosk_flow_get_last_error (f.flow));
        fixture_tear_down (&f, NULL);
      }
}

static void
test_names (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (all_states); i++)
    g_assert_cmpstr (kiosk_flow_state_to_string (all_states[i]), !=, "unknown");
  g_assert_cmpstr (kiosk_flow_input_to_string (KIOSK_FLOW_INPUT_RESET), ==, "reset");
  for (int i = 0; i < KIOSK_FLOW_N_STATES; i++)
    for (int j = i + 1; j < KIOSK_FLOW_N_STATES; j++)
      g_assert_cmpstr (kiosk_flow_state_to_string (i), !=, kiosk_flow_state_to_string (j));
  g_assert_cmpstr (kiosk_flow_handoff_reason_to_string (KIOSK_HANDOFF_PIN_LOCKED), ==,
                   "pin-locked");
}

#define ADD(path, fn)                                                                              \
  g_test_add ("/app/flow/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("check-card-journey", test_check_card_journey);
  ADD ("card-placed-on-welcome", test_card_placed_on_welcome);
  ADD ("card-left-after-unreadable", test_start_with_card_already_in);
  ADD ("removed-mid-read", test_removed_mid_read);
  ADD ("read-error-card-gone", test_read_error_card_gone);
  ADD ("unreadable-card", test_unreadable_card);
  ADD ("status-stays-when-card-taken", test_status_stays_when_card_taken);
  ADD ("ignored-inputs", test_ignored_inputs);
  ADD ("reader-back-with-card", test_reader_back_with_card);
  ADD ("change-pin-right-first-time", test_change_pin_right_first_time);
  ADD ("change-password-journey", test_change_password_journey);
  ADD ("wrong-current-then-right", test_wrong_current_then_right);
  ADD ("wrong-until-blocked", test_wrong_until_blocked);
  ADD ("password-wrong-to-zero-is-sign-locked", test_password_wrong_to_zero_is_sign_locked);
  ADD ("confirm-mismatch-then-match", test_confirm_mismatch_then_match);
  ADD ("malformed-never-reaches-card", test_malformed_never_reaches_card);
  ADD ("password-without-sign-certificate", test_password_without_sign_certificate);
  ADD ("blocked-pin-hands-off-without-entry", test_blocked_pin_hands_off_without_entry);
  ADD ("unknown-counter-hands-off", test_unknown_counter_hands_off);
  ADD ("blocked-password-with-usable-pin", test_blocked_password_with_usable_pin);
  ADD ("operator-not-holder", test_operator_not_holder);
  ADD ("back-from-each-step", test_back_from_each_step);
  ADD ("card-work-errors", test_card_work_errors);
  g_test_add_func ("/app/flow/card-removed-in-procedure", test_card_removed_in_procedure);
  g_test_add_func ("/app/flow/reader-lost-everywhere", test_reader_lost_everywhere);
  g_test_add_func ("/app/flow/reset-and-idle-everywhere", test_reset_and_idle_everywhere);
  g_test_add_func ("/app/flow/names", test_names);
  return g_test_run ();
}
