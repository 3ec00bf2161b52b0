/* test-issuance-http.c: the HTTP client against the kiosk-issuance-server program, over TLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "issuance-test-server.h"
#include "issuance-test-util.h"
#include "kiosk-issuance-http-client.h"

typedef struct
{
  char *dir;
  char *cards_dir;
  IssuanceTestTls tls;
  IssuanceTestTls other_tls; /* another CA: its server certificate does not verify */
  KioskTestCa *ca;
  IssuanceTestServer *server;
  KioskIssuanceHttpClient *client;
  KioskIssuanceService *service;
} Fixture;

static gboolean
has_line (Fixture *fixture, const char *line)
{
  return issuance_test_server_has_line (fixture->server, line);
}

static guint
count_lines_with_prefix (Fixture *fixture, const char *prefix)
{
  return issuance_test_server_count_lines (fixture->server, prefix);
}

/* Starts the server with @tls's server certificate, requiring client certificates of the test
 * TLS CA, and @faults (NULL-terminated --fault commands). */
static void
start_server (Fixture *fixture, const IssuanceTestTls *tls, const char *const *faults)
{
  issuance_test_server_set_fake_now (fixture->server, "2026-11-25T10:00:00+09:00");
  issuance_test_server_start (fixture->server, tls->server_certificate, tls->server_key, faults);
}

static void
send_command (Fixture *fixture, const char *command)
{
  issuance_test_server_send (fixture->server, command);
}

static void
make_client_full (Fixture *fixture, gboolean with_certificate, guint timeout_ms, guint max_tries,
                  guint max_total_seconds)
{
  g_clear_object (&fixture->client);
  fixture->client = issuance_test_server_new_client (fixture->server, with_certificate, timeout_ms,
                                                     max_tries, max_total_seconds);
  fixture->service = KIOSK_ISSUANCE_SERVICE (fixture->client);
}

static void
make_client (Fixture *fixture)
{
  make_client_full (fixture, TRUE, 5000, 3, 30);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  (void)data;
  fixture->dir = g_dir_make_tmp ("issuance-http-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cards_dir = issuance_test_make_cards_dir ();
  issuance_test_tls_make (fixture->dir, "test", &fixture->tls);
  issuance_test_tls_make (fixture->dir, "other", &fixture->other_tls);
  fixture->ca = kiosk_test_ca_load (issuance_test_ca_dir (), &error);
  g_assert_no_error (error);
  fixture->server
      = issuance_test_server_new (fixture->cards_dir, issuance_test_ca_dir (), &fixture->tls);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  (void)data;
  g_clear_object (&fixture->client);
  issuance_test_server_stop (fixture->server);
  /* Let pending callbacks of the closed streams run before the fixture goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->ca);
  issuance_test_tls_clear (&fixture->tls);
  issuance_test_tls_clear (&fixture->other_tls);
  issuance_test_remove_tree (fixture->cards_dir);
  issuance_test_remove_tree (fixture->dir);
  g_free (fixture->cards_dir);
  g_free (fixture->dir);
}

/* ---- synchronous steps ---- */

static char *
open_session (Fixture *fixture, const char *name, GBytes **challenge, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GBytes) certificate
             = issuance_test_auth_certificate (fixture->ca, fixture->cards_dir, name);
  g_autofree char *key = g_uuid_string_random ();

  kiosk_issuance_service_open_session (fixture->service, KIOSK_ISSUANCE_PROCEDURE_RENEW,
                                       certificate, key, NULL, issuance_test_store_result, &result);
  return kiosk_issuance_service_open_session_finish (fixture->service, issuance_test_wait (&result),
                                                     challenge, error);
}

static gboolean
prove (Fixture *fixture, const char *session, const char *name, GBytes *challenge,
       KioskIssuanceGrant *grant, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GBytes) signature
             = issuance_test_sign (issuance_test_auth_key (fixture->ca, name), challenge);

  kiosk_issuance_service_prove (fixture->service, session, signature, NULL,
                                issuance_test_store_result, &result);
  return kiosk_issuance_service_prove_finish (fixture->service, issuance_test_wait (&result), grant,
                                              error);
}

static GBytes *
authorize (Fixture *fixture, const char *session, const char *name, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GBytes) card_id = issuance_test_card_id (name);
  g_autoptr (GBytes) card_challenge = g_bytes_new ("ABCDEFGH", 8);

  kiosk_issuance_service_authorize_management (fixture->service, session, card_id, card_challenge,
                                               NULL, issuance_test_store_result, &result);
  return kiosk_issuance_service_authorize_management_finish (fixture->service,
                                                             issuance_test_wait (&result), error);
}

static KioskIssuedCertificates *
issue (Fixture *fixture, const char *session, GBytes *auth, GBytes *sign, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_issuance_service_issue (fixture->service, session, auth, sign, NULL,
                                issuance_test_store_result, &result);
  return kiosk_issuance_service_issue_finish (fixture->service, issuance_test_wait (&result),
                                              error);
}

static gboolean
commit (Fixture *fixture, const char *session, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_issuance_service_commit (fixture->service, session, NULL, issuance_test_store_result,
                                 &result);
  return kiosk_issuance_service_commit_finish (fixture->service, issuance_test_wait (&result),
                                               error);
}

/* The whole renewal relay for profile @name; asserts it worked. */
static void
renew (Fixture *fixture, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) challenge = NULL;
  KioskIssuanceGrant grant;
  g_autofree char *session = open_session (fixture, name, &challenge, &error);
  g_assert_no_error (error);
  g_assert_true (prove (fixture, session, name, challenge, &grant, &error));
  g_assert_no_error (error);
  g_assert_true (grant.auth && grant.sign);
  g_autoptr (GBytes) cryptogram = authorize (fixture, session, name, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (cryptogram), ==, 32);

  g_autoptr (GBytes) auth = issuance_test_modulus (
      kiosk_test_ca_pick_user_key (fixture->ca, "http-new", KIOSK_TEST_CA_ROLE_AUTH));
  g_autoptr (GBytes) sign = issuance_test_modulus (
      kiosk_test_ca_pick_user_key (fixture->ca, "http-new", KIOSK_TEST_CA_ROLE_SIGN));
  g_autoptr (KioskIssuedCertificates) issued = issue (fixture, session, auth, sign, &error);
  g_assert_no_error (error);
  g_assert_true (issuance_test_chains_to (issued->auth_certificate, issued->auth_ca_certificate));
  g_assert_true (issuance_test_chains_to (issued->sign_certificate, issued->sign_ca_certificate));
  g_assert_true (issuance_test_has_modulus (issued->auth_certificate, auth));
  g_assert_true (issuance_test_has_modulus (issued->sign_certificate, sign));
  g_assert_true (
      g_bytes_equal (issued->auth_ca_certificate, kiosk_test_ca_get_auth_ca_der (fixture->ca)));

  g_assert_true (commit (fixture, session, &error));
  g_assert_no_error (error);
}

/* ---- cases ---- */

static void
test_renew_end_to_end (Fixture *fixture, gconstpointer data)
{
  (void)data;
  start_server (fixture, &fixture->tls, NULL);
  make_client (fixture);
  renew (fixture, "valid");
  g_assert_true (has_line (fixture, "answer commit 200"));
  g_assert_true (has_line (fixture, "issued-count 1"));
  /* No fault: one request per step. */
  g_assert_cmpuint (kiosk_issuance_http_client_get_request_count (fixture->client), ==, 5);
}

static void
test_refusal_carries_reason (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) challenge = NULL;
  (void)data;

  start_server (fixture, &fixture->tls, NULL);
  make_client (fixture);
  g_autofree char *session = open_session (fixture, "revoked", &challenge, &error);
  g_assert_no_error (error);
  g_assert_false (prove (fixture, session, "revoked", challenge, NULL, &error));
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_REFUSED);
  g_assert_cmpint (kiosk_issuance_error_get_reason (error), ==, KIOSK_ISSUANCE_REASON_REVOKED);
}

static void
test_minor_grant_over_http (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) challenge = NULL;
  KioskIssuanceGrant grant;
  (void)data;

  start_server (fixture, &fixture->tls, NULL);
  make_client (fixture);
  g_autofree char *session = open_session (fixture, "minor", &challenge, &error);
  g_assert_true (prove (fixture, session, "minor", challenge, &grant, &error));
  g_assert_no_error (error);
  g_assert_true (grant.auth);
  g_assert_false (grant.sign);
  g_assert_cmpint (grant.sign_reason, ==, KIOSK_ISSUANCE_REASON_MINOR);
}

static void
test_unknown_session_not_found (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  (void)data;

  start_server (fixture, &fixture->tls, NULL);
  make_client (fixture);
  g_assert_false (commit (fixture, "s-nothing", &error));
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_NOT_FOUND);
}

static void
test_slow_answer_times_out (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  static const char *const faults[] = { "slow 3000", NULL };
  (void)data;

  start_server (fixture, &fixture->tls, faults);
  make_client_full (fixture, TRUE, 500, 3, 30);
  gint64 start = g_get_monotonic_time ();
  g_autofree char *session = open_session (fixture, "valid", NULL, &error);
  gint64 elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_null (session);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_TIMEOUT);
  g_assert_cmpint (elapsed_ms, >=, 500);
  g_assert_cmpint (elapsed_ms, <, 2500);
}

static void
test_busy_then_success (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  (void)data;

  /* Switched at run time on stdin: the next answer is 503 Retry-After: 1. */
  start_server (fixture, &fixture->tls, NULL);
  send_command (fixture, "busy 1 1");
  make_client (fixture);
  gint64 start = g_get_monotonic_time ();
  g_autofree char *session = open_session (fixture, "valid", NULL, &error);
  gint64 elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_cmpint (elapsed_ms, >=, 1000);
  g_assert_cmpuint (kiosk_issuance_http_client_get_request_count (fixture->client), ==, 2);
  g_assert_true (has_line (fixture, "busy open"));
}

static void
test_busy_gives_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  static const char *const faults[] = { "busy 10 1", NULL };
  (void)data;

  start_server (fixture, &fixture->tls, faults);
  make_client_full (fixture, TRUE, 5000, 3, 30);
  g_autofree char *session = open_session (fixture, "valid", NULL, &error);
  g_assert_null (session);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_BUSY);
  g_assert_cmpuint (kiosk_issuance_error_get_retry_after (error), ==, 1);
  g_assert_cmpuint (kiosk_issuance_http_client_get_request_count (fixture->client), ==, 3);
  issuance_test_server_wait_for_lines (fixture->server, "busy open", 3);
  g_assert_cmpuint (count_lines_with_prefix (fixture, "busy open"), ==, 3);
}

static void
test_busy_beyond_total_bound (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  static const char *const faults[] = { "busy 1 120", NULL };
  (void)data;

  /* Retry-After 120 s exceeds the 30 s budget: the client gives up at once, without waiting. */
  start_server (fixture, &fixture->tls, faults);
  make_client (fixture);
  gint64 start = g_get_monotonic_time ();
  g_autofree char *session = open_session (fixture, "valid", NULL, &error);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_BUSY);
  g_assert_cmpuint (kiosk_issuance_error_get_retry_after (error), ==, 120);
  g_assert_cmpint ((g_get_monotonic_time () - start) / 1000, <, 5000);
}

static void
test_dropped_issue_retried_once_issued (Fixture *fixture, gconstpointer data)
{
  static const char *const faults[] = { "drop certificates", NULL };
  (void)data;

  /* The service issues, the answer is lost; the retry gets the same answer, not a second
   * issuance. */
  start_server (fixture, &fixture->tls, faults);
  make_client (fixture);
  renew (fixture, "valid");
  g_assert_true (has_line (fixture, "dropped certificates"));
  g_assert_true (has_line (fixture, "replay certificates"));
  g_assert_cmpuint (count_lines_with_prefix (fixture, "issued-count "), ==, 1);
  g_assert_true (has_line (fixture, "issued-count 1"));
  g_assert_cmpuint (kiosk_issuance_http_client_get_request_count (fixture->client), ==, 6);
}

static void
test_dropped_commit_retried (Fixture *fixture, gconstpointer data)
{
  static const char *const faults[] = { "drop commit", NULL };
  (void)data;

  start_server (fixture, &fixture->tls, faults);
  make_client (fixture);
  renew (fixture, "valid");
  g_assert_true (has_line (fixture, "dropped commit"));
  g_assert_true (has_line (fixture, "replay commit"));
}

static void
test_malformed_json_is_protocol (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) challenge = NULL;
  static const char *const faults[] = { "malformed proof", NULL };
  (void)data;

  start_server (fixture, &fixture->tls, faults);
  make_client (fixture);
  g_autofree char *session = open_session (fixture, "valid", &challenge, &error);
  g_assert_no_error (error);
  g_assert_false (prove (fixture, session, "valid", challenge, NULL, &error));
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL);
  g_assert_true (has_line (fixture, "malformed proof"));
}

static void
test_untrusted_server_certificate (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  (void)data;

  /* The server presents a certificate from another CA than the one the client trusts. */
  start_server (fixture, &fixture->other_tls, NULL);
  make_client (fixture);
  g_autofree char *session = open_session (fixture, "valid", NULL, &error);
  g_assert_null (session);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_TLS);
  g_assert_cmpuint (count_lines_with_prefix (fixture, "request "), ==, 0);
}

static void
test_no_client_certificate_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  (void)data;

  start_server (fixture, &fixture->tls, NULL);
  make_client_full (fixture, FALSE, 5000, 3, 30);
  g_autofree char *session = open_session (fixture, "valid", NULL, &error);
  g_assert_null (session);
  g_assert_true (
      g_error_matches (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_TLS)
      || g_error_matches (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_UNAVAILABLE));
  /* The server never saw a request. */
  g_assert_cmpuint (count_lines_with_prefix (fixture, "request "), ==, 0);
}

static void
test_unreachable_is_unavailable (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  (void)data;

  /* A server that was there and is gone: its port refuses connections. */
  start_server (fixture, &fixture->tls, NULL);
  issuance_test_server_stop (fixture->server);
  make_client (fixture);
  g_autofree char *session = open_session (fixture, "valid", NULL, &error);
  g_assert_null (session);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_UNAVAILABLE);
  g_assert_cmpuint (kiosk_issuance_http_client_get_request_count (fixture->client), ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add ("/issuance/http/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("renew-end-to-end", test_renew_end_to_end);
  ADD ("refusal-carries-reason", test_refusal_carries_reason);
  ADD ("minor-grant", test_minor_grant_over_http);
  ADD ("unknown-session-not-found", test_unknown_session_not_found);
  ADD ("slow-answer-times-out", test_slow_answer_times_out);
  ADD ("busy-then-success", test_busy_then_success);
  ADD ("busy-gives-up", test_busy_gives_up);
  ADD ("busy-beyond-total-bound", test_busy_beyond_total_bound);
  ADD ("dropped-issue-retried-once-issued", test_dropped_issue_retried_once_issued);
  ADD ("dropped-commit-retried", test_dropped_commit_retried);
  ADD ("malformed-json-is-protocol", test_malformed_json_is_protocol);
  ADD ("untrusted-server-certificate", test_untrusted_server_certificate);
  ADD ("no-client-certificate-refused", test_no_client_certificate_refused);
  ADD ("unreachable-is-unavailable", test_unreachable_is_unavailable);
#undef ADD
  return g_test_run ();
}
