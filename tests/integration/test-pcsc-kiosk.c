/* test-pcsc-kiosk.c: the resident's procedures through the KioskController over a real pcscd,
 * vpcd, kiosk-vcard and the kiosk-issuance-server program
 *
 * The controller the window runs on (flow, card worker, renewal relay, session journal, receipt
 * desk) on the PC/SC transport, with the HTTP client talking TLS to the server program. Each case
 * feeds the flow what the screens would send (start, the holder, the menu choice, the secrets),
 * puts the card in through kiosk-vcard, waits (bounded) for the flow's states on the main loop,
 * and checks what a resident and staff would: the final state, the handoff reason, the receipt's
 * verified summary, and the card read back as a check through the same controller.
 *
 * Each case uses a card of its own (a copy of a shipped profile under a new name): kiosk-vcard
 * keeps a card's state for its lifetime, as a real card would; and a server of its own, started
 * after the card's profile is written (the server reads its residents when it starts).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "issuance-test-server.h"
#include "kiosk-controller.h"
#include "kiosk-pcsc-transport.h"
#include "kiosk-receipt-desk.h"
#include "kiosk-session-journal.h"
#include "kiosk-test-integration.h"
#include "kiosk-test-pcscd.h"
#include "kiosk-test-process.h"
#include "kiosk-test-receipt.h"
#include "kiosk-test-vcard.h"

#define WAIT_TIMEOUT_MS 30000
#define OLD_PIN "1234"
#define OLD_PASSWORD "ABC123"
#define NEW_PIN "5678"
#define NEW_PASSWORD "XYZ789"

/* What the whole program shares: one pcscd, one kiosk-vcard, the TLS material, the receipt key. */
static KioskTestPcscd *pcscd;
static KioskTestVcard *vcard;
static char *work_dir;
static char *cards_dir;
static char *public_key_path;
static KioskReceiptKey *receipt_key;
static IssuanceTestTls tls;

/* --- one case: a card of its own, a server, a controller --------------------------------- */

typedef struct
{
  char *card_name;
  char *state_dir;
  IssuanceTestServer *server;
  KioskIssuanceHttpClient *client;
  KioskSessionJournal *journal;
  KioskReceiptDesk *desk;
  KioskConfig *config;
  KioskClock *clock;
  KioskCardTransport *transport;
  KioskController *controller;
  KioskFlow *flow;
  GString *trace; /* every state the flow entered, for the assertions and failure messages */
} Case;

static void
on_state (KioskFlow *flow, GParamSpec *pspec, Case *c)
{
  (void)pspec;
  g_string_append_printf (c->trace, " %s",
                          kiosk_flow_state_to_string (kiosk_flow_get_state (flow)));
}

/* Writes @to.card into the shared cards folder: a copy of the shipped @from. */
static void
write_card_profile (const char *to, const char *from)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *source_file = g_strconcat (from, ".card", NULL);
  g_autofree char *source = g_build_filename (kiosk_test_cards_dir (), source_file, NULL);
  g_autofree char *target_file = g_strconcat (to, ".card", NULL);
  g_autofree char *target = g_build_filename (cards_dir, target_file, NULL);
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (source, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (target, text, -1, &error));
  g_assert_no_error (error);
}

typedef struct
{
  KioskFlow *flow;
  KioskFlowState state;
  int secret; /* -1: any */
} StateWanted;

static gboolean
state_reached (gpointer user_data)
{
  StateWanted *wanted = user_data;

  return kiosk_flow_get_state (wanted->flow) == wanted->state
         && (wanted->secret < 0
             || (int)kiosk_flow_get_procedure_secret (wanted->flow) == wanted->secret);
}

static void
wait_state_for (Case *c, KioskFlowState state, int secret)
{
  StateWanted wanted = { c->flow, state, secret };

  if (!kiosk_test_wait_for (state_reached, &wanted, WAIT_TIMEOUT_MS))
    g_error ("%s: waited %u ms for %s; the flow is in %s (states:%s)", c->card_name,
             WAIT_TIMEOUT_MS, kiosk_flow_state_to_string (state),
             kiosk_flow_state_to_string (kiosk_flow_get_state (c->flow)), c->trace->str);
}

static void
wait_state (Case *c, KioskFlowState state)
{
  wait_state_for (c, state, -1);
}

/* Starts a case: the card @name (a copy of @from, not yet in the reader), the issuance server
 * with @faults and a client making at most @max_tries requests a step, and the controller on
 * the real PC/SC transport with a receipt desk and a journal in a state folder of its own. */
static void
case_start (Case *c, const char *name, const char *from, const char *const *faults, guint max_tries)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *journal_dir = NULL;

  memset (c, 0, sizeof *c);
  c->card_name = g_strdup (name);
  c->trace = g_string_new (NULL);
  write_card_profile (name, from);
  c->state_dir = g_build_filename (work_dir, name, NULL);
  g_assert_cmpint (g_mkdir (c->state_dir, 0700), ==, 0);

  c->server = issuance_test_server_new (cards_dir, kiosk_test_ca_dir (), &tls);
  issuance_test_server_start (c->server, NULL, NULL, faults);
  c->client = issuance_test_server_new_client (c->server, TRUE, 5000, max_tries, 30);
  journal_dir = g_build_filename (c->state_dir, "sessions", NULL);
  c->journal = kiosk_session_journal_new (journal_dir, &error);
  g_assert_no_error (error);
  c->desk = kiosk_receipt_desk_new ("K001", "Test office", c->state_dir, receipt_key, NULL, 384);

  c->config = kiosk_test_config_new (NULL, &error);
  g_assert_no_error (error);
  c->clock = kiosk_clock_new ();
  c->transport = kiosk_pcsc_transport_new (NULL);
  c->controller = kiosk_controller_new (c->config, c->clock, c->transport, &error);
  g_assert_no_error (error);
  c->flow = kiosk_controller_get_flow (c->controller);
  /* The service hours are the flow's own tests' business; here the national system is open. */
  kiosk_flow_set_hours_mode (c->flow, KIOSK_FLOW_HOURS_ALWAYS_OPEN);
  kiosk_controller_set_receipt_desk (c->controller, c->desk);
  kiosk_controller_set_issuance (c->controller, KIOSK_ISSUANCE_SERVICE (c->client), c->journal);
  g_signal_connect (c->flow, "notify::state", G_CALLBACK (on_state), c);
  kiosk_controller_start (c->controller);
  wait_state (c, KIOSK_FLOW_STATE_WELCOME);
}

static void
insert_card (Case *c)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_test_vcard_insert (vcard, c->card_name, &error));
  g_assert_no_error (error);
}

/* The resident takes the card (a reset first, as staff would, from wherever the flow is); the
 * flow is back on the welcome screen with the reader empty. */
static void
take_card (Case *c)
{
  g_autoptr (GError) error = NULL;

  kiosk_flow_input (c->flow, KIOSK_FLOW_INPUT_RESET);
  g_assert_true (kiosk_test_vcard_remove (vcard, &error));
  g_assert_no_error (error);
  wait_state (c, KIOSK_FLOW_STATE_WELCOME);
  g_assert_false (kiosk_flow_get_card_present (c->flow));
}

static void
case_finish (Case *c)
{
  g_test_message ("%s: states%s", c->card_name, c->trace->str);
  take_card (c);
  kiosk_controller_stop (c->controller);
  g_signal_handlers_disconnect_by_data (c->flow, c);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&c->controller);
  g_clear_object (&c->transport);
  g_clear_object (&c->clock);
  g_clear_object (&c->config);
  g_clear_object (&c->desk);
  g_clear_object (&c->journal);
  g_clear_object (&c->client);
  issuance_test_server_stop (c->server);
  g_clear_object (&c->server);
  kiosk_test_process_remove_tree (c->state_dir);
  g_free (c->state_dir);
  g_free (c->card_name);
  g_string_free (c->trace, TRUE);
}

/* --- what the screens send --------------------------------------------------------------- */

static void
enter_secret (Case *c, const char *text)
{
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (text);

  kiosk_flow_secret_entered (c->flow, secret);
}

/* The resident: start, the holder, the procedure, the card on the reader. */
static void
choose_with_card (Case *c, KioskFlowInput choice)
{
  wait_state (c, KIOSK_FLOW_STATE_WELCOME);
  kiosk_flow_input (c->flow, KIOSK_FLOW_INPUT_START);
  wait_state (c, KIOSK_FLOW_STATE_OPERATOR);
  kiosk_flow_input (c->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  wait_state (c, KIOSK_FLOW_STATE_MENU);
  kiosk_flow_input (c->flow, choice);
  wait_state (c, KIOSK_FLOW_STATE_PLACE_CARD);
  insert_card (c);
}

/* A change: the current secret (the card checks it), the new one twice, the card writes it. */
static void
change_secret (Case *c, KioskFlowInput choice, const char *current, const char *new_text)
{
  choose_with_card (c, choice);
  wait_state (c, KIOSK_FLOW_STATE_ENTER_CURRENT);
  enter_secret (c, current);
  wait_state (c, KIOSK_FLOW_STATE_ENTER_NEW);
  enter_secret (c, new_text);
  wait_state (c, KIOSK_FLOW_STATE_CONFIRM_NEW);
  enter_secret (c, new_text);
  wait_state (c, KIOSK_FLOW_STATE_DONE);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (c->flow), ==, KIOSK_HANDOFF_NONE);
}

/* Renewal and re-issue: both current secrets proved on the card, as the screens ask for them;
 * then the first new one is asked for. */
static void
prove_secrets (Case *c)
{
  wait_state_for (c, KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_JPKI_AUTH);
  enter_secret (c, OLD_PIN);
  wait_state_for (c, KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_JPKI_SIGN);
  enter_secret (c, OLD_PASSWORD);
  wait_state (c, KIOSK_FLOW_STATE_ENTER_NEW);
}

/* A renewal's new secrets, each typed twice: the PIN, then the password. */
static void
type_new_secrets (Case *c)
{
  wait_state_for (c, KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_JPKI_AUTH);
  enter_secret (c, NEW_PIN);
  wait_state_for (c, KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_JPKI_AUTH);
  enter_secret (c, NEW_PIN);
  wait_state_for (c, KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_JPKI_SIGN);
  enter_secret (c, NEW_PASSWORD);
  wait_state_for (c, KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_JPKI_SIGN);
  enter_secret (c, NEW_PASSWORD);
}

/* --- what staff and the resident check ---------------------------------------------------- */

/* "PROCEDURE OUTCOME REASON" of the receipt on screen, verified with the kiosk's public key; it
 * names the card (a reference) and carries nothing the resident typed. */
static void
assert_receipt (Case *c, const char *expected)
{
  g_autoptr (GError) error = NULL;
  const char *payload = kiosk_receipt_desk_get_payload (c->desk);
  g_autofree char *description = NULL;
  g_autofree char *summary = NULL;
  g_auto (GStrv) fields = NULL;

  g_assert_nonnull (payload);
  description = kiosk_test_receipt_describe (payload, public_key_path, &error);
  g_assert_no_error (error);
  /* number procedure outcome reason language card-reference */
  fields = g_strsplit (description, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 6);
  g_assert_cmpstr (fields[0], ==, kiosk_receipt_desk_get_number (c->desk));
  g_assert_cmpstr (fields[5], !=, "NONE");
  summary = g_strdup_printf ("%s %s %s", fields[1], fields[2], fields[3]);
  g_assert_cmpstr (summary, ==, expected);
  for (const char *const *typed
       = (const char *const[]){ OLD_PIN, NEW_PIN, OLD_PASSWORD, NEW_PASSWORD, NULL };
       *typed != NULL; typed++)
    g_assert_null (strstr (payload, *typed));
}

/* The card put straight on the reader: the status screen with a check receipt. */
static KioskStatusReport *
check_card (Case *c)
{
  wait_state (c, KIOSK_FLOW_STATE_WELCOME);
  insert_card (c);
  wait_state (c, KIOSK_FLOW_STATE_STATUS);
  assert_receipt (c, "CHECK_CARD DONE NONE");
  return kiosk_flow_get_report (c->flow);
}

/* Takes the card out and reads it back as a check through the same controller: full tries,
 * and @renewed: a certificate good for about five more years (to the 5th birthday after
 * issuance: more than four years, at most five). Returns the serial of the authentication
 * certificate read. */
static char *
read_back (Case *c, gboolean renewed)
{
  KioskStatusReport *report;
  KioskCardStatus *status;
  int days_left;

  take_card (c);
  report = check_card (c);
  g_assert_nonnull (report);
  status = kiosk_status_report_get_card_status (report);
  g_assert_true (kiosk_card_status_get_auth_trusted (status));
  g_assert_cmpint (kiosk_status_report_get_auth_tries_left (report), ==, 3);
  g_assert_cmpint (kiosk_status_report_get_sign_tries_left (report), ==, 5);
  days_left = kiosk_status_report_get_days_left (report);
  g_test_message ("%s: read back, %d days left", c->card_name, days_left);
  if (renewed)
    {
      g_assert_cmpint (days_left, >, 4 * 365);
      g_assert_cmpint (days_left, <=, 5 * 366);
    }
  return g_strdup (kiosk_certificate_get_serial (kiosk_card_status_get_auth_certificate (status)));
}

/* The serial of the authentication certificate on the card, read as a check before the
 * procedure (the card is taken out again). */
static char *
serial_before (Case *c)
{
  KioskStatusReport *report = check_card (c);
  char *serial = g_strdup (kiosk_certificate_get_serial (
      kiosk_card_status_get_auth_certificate (kiosk_status_report_get_card_status (report))));

  take_card (c);
  return serial;
}

static guint
incomplete_sessions (Case *c)
{
  g_autoptr (GPtrArray) sessions = kiosk_session_journal_list_incomplete (c->journal);

  return sessions->len;
}

static gboolean
trace_has (Case *c, KioskFlowState state)
{
  g_autofree char *word = g_strdup_printf (" %s", kiosk_flow_state_to_string (state));

  return strstr (c->trace->str, word) != NULL;
}

/* --- 1. check ----------------------------------------------------------------------------- */

static void
test_check (void)
{
  Case c;
  KioskStatusReport *report;
  g_autofree char *secret_path = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *description = NULL;
  g_autoptr (GError) error = NULL;

  case_start (&c, "check", "valid", NULL, 3);
  report = check_card (&c);
  g_assert_cmpint (kiosk_status_report_get_auth_tries_left (report), ==, 3);
  g_assert_cmpint (kiosk_status_report_get_sign_tries_left (report), ==, 5);
  g_assert_cmpint (kiosk_status_report_get_days_left (report), >, 90);
  g_assert_true (trace_has (&c, KIOSK_FLOW_STATE_READING));

  /* The receipt names this card: the reference the desk's secret gives its certificate. */
  secret_path = g_build_filename (c.state_dir, "card-reference.key", NULL);
  reference = kiosk_test_card_reference_hex (
      secret_path, kiosk_certificate_get_serial (kiosk_card_status_get_auth_certificate (
                       kiosk_status_report_get_card_status (report))));
  g_assert_nonnull (reference);
  description = kiosk_test_receipt_describe (kiosk_receipt_desk_get_payload (c.desk),
                                             public_key_path, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (description, reference));

  /* No issuance request for a check. */
  g_assert_cmpuint (kiosk_issuance_http_client_get_request_count (c.client), ==, 0);
  case_finish (&c);
}

/* --- 2, 3. changes ---------------------------------------------------------------------- */

static void
test_change_pin (void)
{
  Case c;

  case_start (&c, "change-pin", "valid", NULL, 3);
  change_secret (&c, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, OLD_PIN, NEW_PIN);
  assert_receipt (&c, "CHANGE_PIN DONE NONE");

  /* The new PIN is the one the card takes now: changing it back starts with it. */
  take_card (&c);
  change_secret (&c, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, NEW_PIN, OLD_PIN);
  assert_receipt (&c, "CHANGE_PIN DONE NONE");
  g_free (read_back (&c, FALSE));
  case_finish (&c);
}

/* The old PIN, once changed, is refused: one try spent, the resident asked again. */
static void
test_change_pin_old_refused (void)
{
  Case c;

  case_start (&c, "change-pin-old-refused", "valid", NULL, 3);
  change_secret (&c, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, OLD_PIN, NEW_PIN);
  take_card (&c);
  choose_with_card (&c, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  wait_state (&c, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_tries_left (c.flow), ==, 3);
  enter_secret (&c, OLD_PIN);
  g_assert_cmpint (kiosk_flow_get_state (c.flow), ==, KIOSK_FLOW_STATE_VERIFYING);
  wait_state (&c, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_entry_message (c.flow), ==, KIOSK_ENTRY_MESSAGE_WRONG);
  g_assert_cmpint (kiosk_flow_get_tries_left (c.flow), ==, 2);
  /* the right one restores the counter */
  enter_secret (&c, NEW_PIN);
  wait_state (&c, KIOSK_FLOW_STATE_ENTER_NEW);
  g_free (read_back (&c, FALSE));
  case_finish (&c);
}

static void
test_change_password (void)
{
  Case c;

  case_start (&c, "change-password", "valid", NULL, 3);
  change_secret (&c, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD, OLD_PASSWORD, NEW_PASSWORD);
  assert_receipt (&c, "CHANGE_SIGN_PASSWORD DONE NONE");

  take_card (&c);
  change_secret (&c, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD, NEW_PASSWORD, OLD_PASSWORD);
  assert_receipt (&c, "CHANGE_SIGN_PASSWORD DONE NONE");
  g_free (read_back (&c, FALSE));
  case_finish (&c);
}

/* --- 4, 5. renewal and re-issue through the server program ------------------------------- */

static void
test_renew_both (void)
{
  Case c;
  const KioskRenewalResult *result;

  g_autofree char *old_serial = NULL;
  g_autofree char *new_serial = NULL;

  case_start (&c, "renew-both", "renewal-window-open", NULL, 3);
  old_serial = serial_before (&c);
  choose_with_card (&c, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  prove_secrets (&c);
  type_new_secrets (&c);
  wait_state (&c, KIOSK_FLOW_STATE_DONE);
  g_assert_true (trace_has (&c, KIOSK_FLOW_STATE_RENEWING));

  result = kiosk_flow_get_renewal_result (c.flow);
  g_assert_nonnull (result);
  g_assert_true (result->auth_renewed && result->sign_renewed);
  g_assert_true (result->pin_set && result->password_set);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_NEW);
  g_assert_cmpfloat (kiosk_flow_get_progress (c.flow), ==, 1.0);
  assert_receipt (&c, "RENEW DONE NONE");
  issuance_test_server_wait_for_line (c.server, "answer commit 200");
  g_assert_cmpuint (incomplete_sessions (&c), ==, 0);

  new_serial = read_back (&c, TRUE);
  g_assert_cmpstr (new_serial, !=, old_serial);
  /* The new PIN opens the renewed card: a PIN change accepts it as the current one. */
  take_card (&c);
  choose_with_card (&c, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  wait_state (&c, KIOSK_FLOW_STATE_ENTER_CURRENT);
  enter_secret (&c, NEW_PIN);
  wait_state (&c, KIOSK_FLOW_STATE_ENTER_NEW);
  case_finish (&c);
}

static void
test_reissue_sign (void)
{
  Case c;
  const KioskRenewalResult *result;

  g_autofree char *old_serial = NULL;
  g_autofree char *serial_after = NULL;

  case_start (&c, "reissue-sign", "valid", NULL, 3);
  old_serial = serial_before (&c);
  choose_with_card (&c, KIOSK_FLOW_INPUT_CHOOSE_REISSUE);
  prove_secrets (&c);
  wait_state_for (&c, KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_JPKI_SIGN);
  enter_secret (&c, NEW_PASSWORD);
  wait_state (&c, KIOSK_FLOW_STATE_CONFIRM_NEW);
  enter_secret (&c, NEW_PASSWORD);
  wait_state (&c, KIOSK_FLOW_STATE_DONE);

  result = kiosk_flow_get_renewal_result (c.flow);
  g_assert_nonnull (result);
  g_assert_true (result->sign_renewed);
  g_assert_false (result->auth_renewed);
  g_assert_false (result->pin_set);
  g_assert_true (result->password_set);
  assert_receipt (&c, "REISSUE_SIGN DONE NONE");
  issuance_test_server_wait_for_line (c.server, "answer commit 200");
  g_assert_cmpuint (incomplete_sessions (&c), ==, 0);
  /* The authentication side is untouched. */
  serial_after = read_back (&c, FALSE);
  g_assert_cmpstr (serial_after, ==, old_serial);

  /* The new password is the card's now. */
  take_card (&c);
  change_secret (&c, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD, NEW_PASSWORD, OLD_PASSWORD);
  assert_receipt (&c, "CHANGE_SIGN_PASSWORD DONE NONE");
  case_finish (&c);
}

/* --- 6. handoffs decided by the read ------------------------------------------------------ */

static void
test_handoff_pin_locked (void)
{
  Case c;

  case_start (&c, "handoff-pin-locked", "pin-locked", NULL, 3);
  choose_with_card (&c, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  wait_state (&c, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (c.flow), ==, KIOSK_HANDOFF_PIN_LOCKED);
  g_assert_false (trace_has (&c, KIOSK_FLOW_STATE_ENTER_CURRENT));
  assert_receipt (&c, "CHANGE_PIN HANDED_OFF PIN_LOCKED");
  case_finish (&c);
}

static void
test_handoff_renewal_not_open (void)
{
  Case c;

  case_start (&c, "handoff-renewal-not-open", "valid", NULL, 3);
  choose_with_card (&c, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  wait_state (&c, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (c.flow), ==, KIOSK_HANDOFF_RENEWAL_NOT_OPEN);
  g_assert_nonnull (kiosk_flow_get_renewal_opens (c.flow));
  g_assert_false (trace_has (&c, KIOSK_FLOW_STATE_ENTER_CURRENT));
  assert_receipt (&c, "RENEW HANDED_OFF RENEWAL_NOT_OPEN");
  /* Decided before anything went to the service. */
  g_assert_cmpuint (kiosk_issuance_http_client_get_request_count (c.client), ==, 0);
  case_finish (&c);
}

/* --- 7. service busy, then retried -------------------------------------------------------- */

static void
test_busy_then_retry (void)
{
  /* More 503s than the client's three tries. */
  static const char *const faults[] = { "busy 10 1", NULL };
  Case c;
  const KioskRenewalResult *result;

  case_start (&c, "busy-then-retry", "renewal-window-open", faults, 3);
  choose_with_card (&c, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  prove_secrets (&c);
  kiosk_flow_input (c.flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  wait_state_for (&c, KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_JPKI_SIGN);
  kiosk_flow_input (c.flow, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  wait_state (&c, KIOSK_FLOW_STATE_SERVICE_BUSY);
  g_assert_cmpuint (kiosk_flow_get_retry_after (c.flow), ==, 1);
  g_assert_cmpuint (issuance_test_server_count_lines (c.server, "busy open"), ==, 3);
  g_assert_cmpuint (incomplete_sessions (&c), ==, 0);

  /* The service is back; "try again" runs the relay with the secrets held, no entry again. */
  issuance_test_server_send (c.server, "up");
  kiosk_flow_input (c.flow, KIOSK_FLOW_INPUT_RETRY);
  wait_state (&c, KIOSK_FLOW_STATE_DONE);
  result = kiosk_flow_get_renewal_result (c.flow);
  g_assert_true (result->auth_renewed && result->sign_renewed);
  g_assert_false (result->pin_set);
  g_assert_false (result->password_set);
  assert_receipt (&c, "RENEW DONE NONE");
  g_assert_cmpuint (incomplete_sessions (&c), ==, 0);
  g_free (read_back (&c, TRUE));

  /* The kept PIN still opens the renewed card. */
  take_card (&c);
  choose_with_card (&c, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  wait_state (&c, KIOSK_FLOW_STATE_ENTER_CURRENT);
  enter_secret (&c, OLD_PIN);
  wait_state (&c, KIOSK_FLOW_STATE_ENTER_NEW);
  case_finish (&c);
}

/* --- 8. the commit dropped ---------------------------------------------------------------- */

static void
test_commit_dropped (void)
{
  static const char *const faults[] = { "drop commit", NULL };
  Case c;
  const KioskRenewalResult *result;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSessionJournal) reopened = NULL;
  g_autoptr (GPtrArray) incomplete = NULL;

  /* A client that does not retry: the commit's answer is lost for good. */
  case_start (&c, "commit-dropped", "renewal-window-open", faults, 1);
  choose_with_card (&c, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  prove_secrets (&c);
  type_new_secrets (&c);
  wait_state (&c, KIOSK_FLOW_STATE_HANDOFF);
  issuance_test_server_wait_for_line (c.server, "dropped commit");

  g_assert_cmpint (kiosk_flow_get_handoff_reason (c.flow), ==, KIOSK_HANDOFF_INCOMPLETE_NEW);
  result = kiosk_flow_get_renewal_result (c.flow);
  g_assert_nonnull (result);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_NEW);
  g_assert_true (result->pin_set && result->password_set);
  assert_receipt (&c, "RENEW FAILED RENEWAL_INCOMPLETE_NEW");
  g_assert_cmpuint (incomplete_sessions (&c), ==, 1);
  g_assert_nonnull (result->session_id);
  g_assert_nonnull (kiosk_session_journal_lookup (c.journal, result->session_id));

  /* Kept for staff across a restart: the journal opened afresh from its folder has it. */
  {
    g_autofree char *journal_dir = g_build_filename (c.state_dir, "sessions", NULL);
    reopened = kiosk_session_journal_new (journal_dir, &error);
    g_assert_no_error (error);
    incomplete = kiosk_session_journal_list_incomplete (reopened);
    g_assert_cmpuint (incomplete->len, ==, 1);
    g_assert_nonnull (kiosk_session_journal_lookup (reopened, result->session_id));
  }

  /* The card is wholly new. */
  g_free (read_back (&c, TRUE));
  case_finish (&c);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *key_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!kiosk_test_require_namespace ())
    return g_strcmp0 (g_getenv ("CI"), "true") == 0 ? EXIT_FAILURE : EXIT_SUCCESS;
  g_setenv ("LANGUAGE", "en", TRUE);

  g_test_add_func ("/integration/kiosk/check", test_check);
  g_test_add_func ("/integration/kiosk/change/pin", test_change_pin);
  g_test_add_func ("/integration/kiosk/change/pin-old-refused", test_change_pin_old_refused);
  g_test_add_func ("/integration/kiosk/change/password", test_change_password);
  g_test_add_func ("/integration/kiosk/renew/both", test_renew_both);
  g_test_add_func ("/integration/kiosk/reissue-sign/valid", test_reissue_sign);
  g_test_add_func ("/integration/kiosk/handoff/pin-locked", test_handoff_pin_locked);
  g_test_add_func ("/integration/kiosk/handoff/renewal-not-open", test_handoff_renewal_not_open);
  g_test_add_func ("/integration/kiosk/service/busy-then-retry", test_busy_then_retry);
  g_test_add_func ("/integration/kiosk/service/commit-dropped", test_commit_dropped);

  work_dir = g_dir_make_tmp ("kiosk-test-pcsc-kiosk-XXXXXX", &error);
  g_assert_no_error (error);
  cards_dir = g_build_filename (work_dir, "cards", NULL);
  g_assert_cmpint (g_mkdir (cards_dir, 0700), ==, 0);
  issuance_test_tls_make (work_dir, "test", &tls);
  key_dir = g_build_filename (work_dir, "keys", NULL);
  g_assert_cmpint (g_mkdir (key_dir, 0700), ==, 0);
  receipt_key = kiosk_receipt_key_generate (&error);
  g_assert_no_error (error);
  g_assert_true (kiosk_receipt_key_save (receipt_key, key_dir, &error));
  g_assert_no_error (error);
  public_key_path = g_build_filename (key_dir, "kiosk.pub", NULL);

  pcscd = kiosk_test_pcscd_new ();
  if (!kiosk_test_pcscd_start (pcscd, KIOSK_TEST_PCSCD_READERS_VPCD, &error))
    g_error ("%s", error->message);
  /* Started with a card that never goes in: each case inserts its own. */
  write_card_profile ("valid", "valid");
  vcard = kiosk_test_vcard_new ("valid", cards_dir);
  if (!kiosk_test_vcard_start (vcard, &error))
    g_error ("%s", error->message);

  status = g_test_run ();

  g_clear_object (&vcard);
  g_clear_object (&pcscd);
  g_clear_object (&receipt_key);
  issuance_test_tls_clear (&tls);
  kiosk_test_process_remove_tree (work_dir);
  g_free (public_key_path);
  g_free (cards_dir);
  g_free (work_dir);
  return status;
}
