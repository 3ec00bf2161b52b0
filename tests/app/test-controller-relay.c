/* test-controller-relay.c: renewal and re-issue end to end, headless: the flow, the controller,
 * the in-process virtual card and issuance simulator, the session journal and the receipt desk
 * together, as a resident's taps drive them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiosk-card-profile.h"
#include "kiosk-controller.h"
#include "kiosk-issuance-simulator.h"
#include "kiosk-receipt-desk.h"
#include "kiosk-session-journal.h"
#include "kiosk-test-ca.h"
#include "kiosk-test-files.h"
#include "kiosk-test-kiosk.h"
#include "kiosk-test-receipt.h"
#include "kiosk-virtual-card.h"
#include "kiosk-virtual-transport.h"

#define WAIT_TIMEOUT_S 30
#define OLD_PIN "1234"
#define OLD_PASSWORD "ABC123"
#define NEW_PIN "5678"
#define NEW_PASSWORD "NEW456"

/* The whole kiosk but its window. */
typedef KioskTestKiosk Fixture;

/* The test's own residents: shipped profiles, some with extra keys (faults, resident facts). */
static void
add_profile (Fixture *f, const char *to, const char *from, const char *extra)
{
  kiosk_test_kiosk_add_profile (f, to, from, extra);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_setenv ("LANGUAGE", "en", TRUE);
  kiosk_test_kiosk_set_up (f, "controller-relay");
  add_profile (f, "renewal-window-open", "renewal-window-open", NULL);
  add_profile (f, "valid", "valid", NULL);
  add_profile (f, "minor", "minor", NULL);
  add_profile (f, "expired", "expired", NULL);
  add_profile (f, "revoked", "renewal-window-open", "[resident]\nrevoked=true\n");
  /* data: a kiosk with no issuance service configured */
  if (data == NULL)
    kiosk_test_kiosk_restart_simulator (f);
  kiosk_controller_start (f->controller);
}

/* A new simulator reads the residents again (it knows the profiles present when it starts). */
static void
restart_simulator (Fixture *f)
{
  kiosk_test_kiosk_restart_simulator (f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  kiosk_test_kiosk_tear_down (f);
}

static void
wait_state (Fixture *f, KioskFlowState state)
{
  gint64 until = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_TIME_SPAN_SECOND;

  while (kiosk_flow_get_state (f->flow) != state && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  if (kiosk_flow_get_state (f->flow) != state)
    g_error ("waited %d s for %s; the flow is in %s", WAIT_TIMEOUT_S,
             kiosk_flow_state_to_string (state),
             kiosk_flow_state_to_string (kiosk_flow_get_state (f->flow)));
}

static void
insert_card (Fixture *f, const char *profile_name)
{
  kiosk_test_kiosk_insert_card (f, profile_name);
}

static void
enter_secret (Fixture *f, const char *text)
{
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (text);

  kiosk_flow_secret_entered (f->flow, secret);
}

/* The resident: start, the holder, the procedure, the card on the reader. */
static void
choose_with_card (Fixture *f, KioskFlowInput choice, const char *profile)
{
  wait_state (f, KIOSK_FLOW_STATE_WELCOME);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  kiosk_flow_input (f->flow, choice);
  wait_state (f, KIOSK_FLOW_STATE_PLACE_CARD);
  insert_card (f, profile);
}

/* Proves the current secrets on the card, as the screens ask for them. */
static void
prove_secrets (Fixture *f, gboolean with_password)
{
  wait_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  enter_secret (f, OLD_PIN);
  if (with_password)
    {
      gint64 until = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_TIME_SPAN_SECOND;

      /* ENTER_CURRENT again, now for the password */
      while (kiosk_flow_get_procedure_secret (f->flow) != KIOSK_JPKI_SIGN
             && g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, TRUE);
      wait_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
      enter_secret (f, OLD_PASSWORD);
    }
  wait_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
}

/* "PROCEDURE OUTCOME REASON" of the receipt on screen, verified with the kiosk's public key. */
static char *
receipt_summary (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  const char *payload = kiosk_receipt_desk_get_payload (f->desk);
  g_autofree char *description = NULL;
  g_auto (GStrv) fields = NULL;

  g_assert_nonnull (payload);
  description = kiosk_test_receipt_describe (payload, f->public_key_path, &error);
  g_assert_no_error (error);
  /* number procedure outcome reason language card-reference */
  fields = g_strsplit (description, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 6);
  g_assert_cmpstr (fields[5], !=, "NONE");
  return g_strdup_printf ("%s %s %s", fields[1], fields[2], fields[3]);
}

static void
assert_receipt (Fixture *f, const char *expected)
{
  g_autofree char *summary = receipt_summary (f);

  g_assert_cmpstr (summary, ==, expected);
  /* nothing the resident typed is in what the QR carries */
  g_assert_null (strstr (kiosk_receipt_desk_get_payload (f->desk), OLD_PIN));
  g_assert_null (strstr (kiosk_receipt_desk_get_payload (f->desk), NEW_PIN));
}

static guint
incomplete_sessions (Fixture *f)
{
  g_autoptr (GPtrArray) sessions = kiosk_session_journal_list_incomplete (f->journal);

  return sessions->len;
}

/* Takes the card out, puts it back, and reads it as a check: the status the resident would see. */
static KioskStatusReport *
read_back (Fixture *f)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_RESET);
  kiosk_virtual_transport_remove (f->reader);
  wait_state (f, KIOSK_FLOW_STATE_WELCOME);
  kiosk_virtual_transport_insert (f->reader, f->card);
  wait_state (f, KIOSK_FLOW_STATE_STATUS);
  return kiosk_flow_get_report (f->flow);
}

static void
test_renew_both (Fixture *f, gconstpointer data)
{
  GBytes *old_auth;
  g_autoptr (GBytes) old_auth_copy = NULL;
  KioskStatusReport *report;
  const KioskRenewalResult *result;
  int days_before;

  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW, "renewal-window-open");
  prove_secrets (f, TRUE);
  old_auth = kiosk_virtual_card_get_auth_certificate (f->card);
  old_auth_copy = g_bytes_new (g_bytes_get_data (old_auth, NULL), g_bytes_get_size (old_auth));
  days_before = kiosk_status_report_get_days_left (kiosk_flow_get_report (f->flow));
  enter_secret (f, NEW_PIN);
  enter_secret (f, NEW_PIN);
  wait_state (f, KIOSK_FLOW_STATE_ENTER_NEW); /* the password next */
  enter_secret (f, NEW_PASSWORD);
  enter_secret (f, NEW_PASSWORD);
  wait_state (f, KIOSK_FLOW_STATE_RENEWING);
  wait_state (f, KIOSK_FLOW_STATE_DONE);

  result = kiosk_flow_get_renewal_result (f->flow);
  g_assert_nonnull (result);
  g_assert_true (result->auth_renewed && result->sign_renewed);
  g_assert_true (result->pin_set && result->password_set);
  g_assert_cmpfloat (kiosk_flow_get_progress (f->flow), ==, 1.0);
  assert_receipt (f, "RENEW DONE NONE");
  g_assert_cmpuint (kiosk_issuance_simulator_get_committed_count (f->simulator), ==, 1);
  g_assert_cmpuint (incomplete_sessions (f), ==, 0);

  /* read back: a new, trusted certificate good for about five more years, full tries */
  report = read_back (f);
  g_assert_false (g_bytes_equal (kiosk_virtual_card_get_auth_certificate (f->card), old_auth_copy));
  g_assert_true (kiosk_card_status_get_auth_trusted (kiosk_status_report_get_card_status (report)));
  g_assert_cmpint (kiosk_status_report_get_days_left (report), >, days_before + 4 * 365);
  g_assert_cmpint (kiosk_status_report_get_auth_tries_left (report), ==, 3);
  g_assert_cmpint (kiosk_status_report_get_sign_tries_left (report), ==, 5);
}

/* The same, keeping both secrets; then the renewed card's PIN is still the old one. */
static void
test_renew_keeping_secrets (Fixture *f, gconstpointer data)
{
  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW, "renewal-window-open");
  prove_secrets (f, TRUE);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  wait_state (f, KIOSK_FLOW_STATE_DONE);
  g_assert_false (kiosk_flow_get_renewal_result (f->flow)->pin_set);
  assert_receipt (f, "RENEW DONE NONE");

  /* a PIN change on the renewed card accepts the old PIN */
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  wait_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  kiosk_virtual_transport_remove (f->reader);
  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, "renewal-window-open");
  wait_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_clear_object (&f->card);
}

/* Under 15: the authentication certificate alone, with the PIN alone. */
static void
test_renew_minor (Fixture *f, gconstpointer data)
{
  const KioskRenewalResult *result;

  /* 13 years old, the authentication certificate due in two months */
  add_profile (f, "minor-due", "minor", "issued=-4y\nbirth-date=-13y10m\n");
  restart_simulator (f);
  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW, "minor-due");
  prove_secrets (f, FALSE);
  enter_secret (f, NEW_PIN);
  enter_secret (f, NEW_PIN);
  wait_state (f, KIOSK_FLOW_STATE_DONE);
  result = kiosk_flow_get_renewal_result (f->flow);
  g_assert_true (result->auth_renewed);
  g_assert_false (result->sign_renewed);
  assert_receipt (f, "RENEW DONE NONE");
  g_assert_cmpint (kiosk_status_report_get_sign_tries_left (read_back (f)), <, 0);
}

static void
test_reissue (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) auth_before = NULL;

  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_REISSUE, "valid");
  prove_secrets (f, TRUE);
  auth_before = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (f->card));
  g_assert_cmpint (kiosk_flow_get_procedure_secret (f->flow), ==, KIOSK_JPKI_SIGN);
  enter_secret (f, NEW_PASSWORD);
  enter_secret (f, NEW_PASSWORD);
  wait_state (f, KIOSK_FLOW_STATE_DONE);
  g_assert_true (kiosk_flow_get_renewal_result (f->flow)->sign_renewed);
  g_assert_false (kiosk_flow_get_renewal_result (f->flow)->auth_renewed);
  assert_receipt (f, "REISSUE_SIGN DONE NONE");
  /* the authentication side is untouched */
  g_assert_true (g_bytes_equal (kiosk_virtual_card_get_auth_certificate (f->card), auth_before));
}

/* Busy: an honest wait, then "try again" once it is up: no entry typed twice. */
static void
test_busy_then_retry (Fixture *f, gconstpointer data)
{
  kiosk_issuance_simulator_set_mode (f->simulator, KIOSK_ISSUANCE_SIMULATOR_BUSY, 180);
  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW, "renewal-window-open");
  prove_secrets (f, TRUE);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  wait_state (f, KIOSK_FLOW_STATE_SERVICE_BUSY);
  g_assert_cmpuint (kiosk_flow_get_retry_after (f->flow), ==, 180);
  g_assert_cmpuint (incomplete_sessions (f), ==, 0);

  kiosk_issuance_simulator_set_mode (f->simulator, KIOSK_ISSUANCE_SIMULATOR_UP, 0);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_RETRY);
  wait_state (f, KIOSK_FLOW_STATE_DONE);
  assert_receipt (f, "RENEW DONE NONE");
}

static void
test_busy_to_counter (Fixture *f, gconstpointer data)
{
  kiosk_issuance_simulator_set_mode (f->simulator, KIOSK_ISSUANCE_SIMULATOR_BUSY, 60);
  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_REISSUE, "valid");
  prove_secrets (f, TRUE);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  wait_state (f, KIOSK_FLOW_STATE_SERVICE_BUSY);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  wait_state (f, KIOSK_FLOW_STATE_HANDOFF);
  assert_receipt (f, "REISSUE_SIGN HANDED_OFF SERVICE_BUSY");
}

static void
test_service_down (Fixture *f, gconstpointer data)
{
  kiosk_issuance_simulator_set_mode (f->simulator, KIOSK_ISSUANCE_SIMULATOR_DOWN, 0);
  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW, "renewal-window-open");
  prove_secrets (f, TRUE);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  wait_state (f, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (f->flow), ==, KIOSK_HANDOFF_SERVICE_DOWN);
  assert_receipt (f, "RENEW HANDED_OFF SERVICE_DOWN");
}

/* A kiosk with no issuance service configured says so the same way, at once. */
static void
test_no_service (Fixture *f, gconstpointer data)
{
  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW, "renewal-window-open");
  prove_secrets (f, TRUE);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  wait_state (f, KIOSK_FLOW_STATE_HANDOFF);
  assert_receipt (f, "RENEW HANDED_OFF SERVICE_DOWN");
}

static void
test_revoked (Fixture *f, gconstpointer data)
{
  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW, "revoked");
  prove_secrets (f, TRUE);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  wait_state (f, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (f->flow), ==, KIOSK_HANDOFF_REVOKED);
  assert_receipt (f, "RENEW HANDED_OFF REVOKED");
  g_assert_cmpuint (kiosk_issuance_simulator_get_committed_count (f->simulator), ==, 0);
}

/* Decided by the status read, before any entry: receipts for "too early" and "expired". */
static void
test_too_early_and_expired (Fixture *f, gconstpointer data)
{
  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW, "valid");
  wait_state (f, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_nonnull (kiosk_flow_get_renewal_opens (f->flow));
  assert_receipt (f, "RENEW HANDED_OFF RENEWAL_NOT_OPEN");
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  wait_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  kiosk_virtual_transport_remove (f->reader);

  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW, "expired");
  wait_state (f, KIOSK_FLOW_STATE_HANDOFF);
  assert_receipt (f, "RENEW HANDED_OFF EXPIRED_POLICY");
}

/* Chooses new secrets for both, typed twice each. */
static void
type_new_secrets (Fixture *f)
{
  enter_secret (f, NEW_PIN);
  enter_secret (f, NEW_PIN);
  wait_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  enter_secret (f, NEW_PASSWORD);
  enter_secret (f, NEW_PASSWORD);
}

/* The APDUs a whole renewal with new secrets takes through the controller, from insertion (the
 * status read and both VERIFYs included). */
static guint
count_renewal_apdus (Fixture *f)
{
  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW, "renewal-window-open");
  prove_secrets (f, TRUE);
  type_new_secrets (f);
  wait_state (f, KIOSK_FLOW_STATE_DONE);
  return kiosk_virtual_card_get_apdu_count (f->card);
}

/* Pulled at the last APDU (setting the new password, after ACTIVATE): the card is new, the record
 * is not: a FAILED receipt saying so, and the session kept for staff. Pulled during the first
 * VERIFY: nothing changed and the card-removed screen comes with a receipt only when the relay
 * was running. */
static void
test_pulled (Fixture *f, gconstpointer data)
{
  guint total = count_renewal_apdus (f);
  g_autofree char *late = g_strdup_printf ("pull-at-apdu=%u\n", total - 1);
  const KioskRenewalResult *result;

  g_test_message ("a renewal through the controller takes %u APDUs", total);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  kiosk_virtual_transport_remove (f->reader);

  add_profile (f, "pulled-late", "renewal-window-open", late);
  restart_simulator (f);
  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW, "pulled-late");
  prove_secrets (f, TRUE);
  type_new_secrets (f);
  wait_state (f, KIOSK_FLOW_STATE_HANDOFF);
  result = kiosk_flow_get_renewal_result (f->flow);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_NEW);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (f->flow), ==, KIOSK_HANDOFF_INCOMPLETE_NEW);
  assert_receipt (f, "RENEW FAILED RENEWAL_INCOMPLETE_NEW");
  g_assert_cmpuint (incomplete_sessions (f), ==, 1);
  g_assert_nonnull (kiosk_session_journal_lookup (f->journal, result->session_id));
}

static void
test_pulled_before_management (Fixture *f, gconstpointer data)
{
  /* 12 APDUs of status read, 3 of each VERIFY, then the relay's own status checks and VERIFYs:
   * APDU 22 falls before the service authorised anything */
  add_profile (f, "pulled-early", "renewal-window-open", "pull-at-apdu=22\n");
  restart_simulator (f);
  choose_with_card (f, KIOSK_FLOW_INPUT_CHOOSE_RENEW, "pulled-early");
  prove_secrets (f, TRUE);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  wait_state (f, KIOSK_FLOW_STATE_CARD_REMOVED);
  g_assert_cmpint (kiosk_flow_get_renewal_result (f->flow)->card, ==, KIOSK_RENEWAL_CARD_OLD);
  assert_receipt (f, "RENEW FAILED CARD_REMOVED");
  g_assert_cmpuint (incomplete_sessions (f), ==, 0);
  /* put back: the renewal starts again from the read */
  kiosk_virtual_transport_insert (f->reader, f->card);
  wait_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_procedure (f->flow), ==, KIOSK_PROCEDURE_RENEW);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add ("/app/controller-relay/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("renew-both", test_renew_both);
  ADD ("renew-keeping-secrets", test_renew_keeping_secrets);
  ADD ("renew-minor", test_renew_minor);
  ADD ("reissue", test_reissue);
  ADD ("busy-then-retry", test_busy_then_retry);
  ADD ("busy-to-counter", test_busy_to_counter);
  ADD ("service-down", test_service_down);
  ADD ("revoked", test_revoked);
  ADD ("too-early-and-expired", test_too_early_and_expired);
  ADD ("pulled-after-activate", test_pulled);
  ADD ("pulled-before-management", test_pulled_before_management);
#undef ADD
  g_test_add ("/app/controller-relay/no-service", Fixture, "no service", fixture_set_up,
              test_no_service, fixture_tear_down);
  return g_test_run ();
}
