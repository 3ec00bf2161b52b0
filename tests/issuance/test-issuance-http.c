/* test-issuance-http.c: the HTTP client against the kiosk-issuance-server program, over TLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <openssl/ec.h>
#include <signal.h>
#include <sys/prctl.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "issuance-test-util.h"
#include "kiosk-issuance-http-client.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_NAME, X509_NAME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_EXTENSION, X509_EXTENSION_free)

/* ---- TLS material: an EC P-256 CA, a server and a client certificate (fast to make) ---- */

static void
add_extension (X509 *cert, X509 *issuer, int nid, const char *value)
{
  X509V3_CTX ctx;

  X509V3_set_ctx (&ctx, issuer != NULL ? issuer : cert, cert, NULL, NULL, 0);
  g_autoptr (X509_EXTENSION) extension = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);
  g_assert_nonnull (extension);
  g_assert_cmpint (X509_add_ext (cert, extension, -1), ==, 1);
}

static X509 *
make_certificate (EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
                  const char *usage)
{
  X509 *cert = X509_new ();
  g_autoptr (X509_NAME) name = X509_NAME_new ();

  X509_set_version (cert, X509_VERSION_3);
  ASN1_INTEGER_set (X509_get_serialNumber (cert), g_random_int_range (1, G_MAXINT32));
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_ASC, (const guchar *)cn, -1, -1, 0);
  X509_set_subject_name (cert, name);
  X509_set_issuer_name (cert, issuer != NULL ? X509_get_subject_name (issuer) : name);
  X509_gmtime_adj (X509_getm_notBefore (cert), -3600);
  X509_gmtime_adj (X509_getm_notAfter (cert), 24 * 3600);
  X509_set_pubkey (cert, key);
  add_extension (cert, issuer, NID_subject_key_identifier, "hash");
  if (issuer == NULL)
    {
      add_extension (cert, NULL, NID_basic_constraints, "critical,CA:TRUE");
      add_extension (cert, NULL, NID_key_usage, "critical,keyCertSign,cRLSign");
    }
  else
    {
      add_extension (cert, issuer, NID_authority_key_identifier, "keyid:always");
      add_extension (cert, issuer, NID_basic_constraints, "critical,CA:FALSE");
      add_extension (cert, issuer, NID_key_usage, "critical,digitalSignature");
      add_extension (cert, issuer, NID_ext_key_usage, usage);
      add_extension (cert, issuer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    }
  g_assert_cmpint (X509_sign (cert, issuer_key != NULL ? issuer_key : key, EVP_sha256 ()), >, 0);
  return cert;
}

static char *
write_pem (const char *dir, const char *name, X509 *cert, EVP_PKEY *key)
{
  char *path = g_build_filename (dir, name, NULL);
  BIO *bio = BIO_new_file (path, "w");

  g_assert_nonnull (bio);
  if (cert != NULL)
    g_assert_cmpint (PEM_write_bio_X509 (bio, cert), ==, 1);
  if (key != NULL)
    g_assert_cmpint (PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL), ==, 1);
  BIO_free (bio);
  return path;
}

typedef struct
{
  char *ca;
  char *certificate;
  char *key;
} Identity;

/* A CA and two leaves it issued: a server and a client. */
typedef struct
{
  char *ca_path;
  Identity server;
  Identity client;
} TlsMaterial;

static void
make_tls_material (const char *dir, const char *prefix, TlsMaterial *out)
{
  g_autoptr (EVP_PKEY) ca_key = EVP_EC_gen ("P-256");
  g_autoptr (EVP_PKEY) server_key = EVP_EC_gen ("P-256");
  g_autoptr (EVP_PKEY) client_key = EVP_EC_gen ("P-256");
  g_autoptr (X509) ca = make_certificate (ca_key, prefix, NULL, NULL, NULL);
  g_autoptr (X509) server = make_certificate (server_key, "127.0.0.1", ca, ca_key, "serverAuth");
  g_autoptr (X509) client = make_certificate (client_key, "kiosk-test", ca, ca_key, "clientAuth");
  g_autofree char *ca_name = g_strconcat (prefix, "-ca.pem", NULL);
  g_autofree char *server_name = g_strconcat (prefix, "-server.pem", NULL);
  g_autofree char *server_key_name = g_strconcat (prefix, "-server.key", NULL);
  g_autofree char *client_name = g_strconcat (prefix, "-client.pem", NULL);
  g_autofree char *client_key_name = g_strconcat (prefix, "-client.key", NULL);

  out->ca_path = write_pem (dir, ca_name, ca, NULL);
  out->server.certificate = write_pem (dir, server_name, server, NULL);
  out->server.key = write_pem (dir, server_key_name, NULL, server_key);
  out->client.certificate = write_pem (dir, client_name, client, NULL);
  out->client.key = write_pem (dir, client_key_name, NULL, client_key);
}

static void
tls_material_clear (TlsMaterial *material)
{
  g_free (material->ca_path);
  g_free (material->server.certificate);
  g_free (material->server.key);
  g_free (material->client.certificate);
  g_free (material->client.key);
}

/* ---- the server program ---- */

typedef struct
{
  char *dir;
  char *cards_dir;
  TlsMaterial tls;
  TlsMaterial other_tls; /* another CA: its server certificate does not verify */
  KioskTestCa *ca;
  GSubprocess *server;
  GDataInputStream *server_output;
  GPtrArray *lines;
  gboolean output_closed;
  guint port;
  KioskIssuanceHttpClient *client;
  KioskIssuanceService *service;
} Fixture;

static void
read_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *fixture = user_data;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, NULL);
  if (line == NULL)
    {
      fixture->output_closed = TRUE;
      return;
    }
  g_test_message ("server: %s", line);
  g_ptr_array_add (fixture->lines, line);
  g_data_input_stream_read_line_async (fixture->server_output, G_PRIORITY_DEFAULT, NULL, read_line,
                                       fixture);
}

static gboolean
has_line (Fixture *fixture, const char *line)
{
  for (guint i = 0; i < fixture->lines->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->lines, i), line))
      return TRUE;
  return FALSE;
}

static guint
count_lines_with_prefix (Fixture *fixture, const char *prefix)
{
  guint count = 0;

  for (guint i = 0; i < fixture->lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (fixture->lines, i), prefix))
      count++;
  return count;
}

static const char *
wait_for_line_prefix (Fixture *fixture, const char *prefix)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  for (;;)
    {
      for (guint i = 0; i < fixture->lines->len; i++)
        if (g_str_has_prefix (g_ptr_array_index (fixture->lines, i), prefix))
          return g_ptr_array_index (fixture->lines, i);
      g_assert_false (fixture->output_closed);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* The server dies with the test, even when an assertion aborts it. */
static void
die_with_parent (gpointer data)
{
  (void)data;
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts the server with @identity's certificate, requiring client certificates of the test
 * TLS CA, and @faults (NULL-terminated --fault commands). */
static void
start_server (Fixture *fixture, const Identity *identity, const char *const *faults)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "KIOSK_FAKE_NOW", "2026-11-25T10:00:00+09:00", TRUE);
  g_ptr_array_add (argv, (char *)ISSUANCE_SERVER_PATH);
  g_ptr_array_add (argv, (char *)"--port=0");
  g_ptr_array_add (argv, (char *)"--cards-dir");
  g_ptr_array_add (argv, fixture->cards_dir);
  g_ptr_array_add (argv, (char *)"--test-ca");
  g_ptr_array_add (argv, (char *)issuance_test_ca_dir ());
  g_ptr_array_add (argv, (char *)"--tls-certificate");
  g_ptr_array_add (argv, identity->certificate);
  g_ptr_array_add (argv, (char *)"--tls-key");
  g_ptr_array_add (argv, identity->key);
  g_ptr_array_add (argv, (char *)"--client-ca");
  g_ptr_array_add (argv, fixture->tls.ca_path);
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    {
      g_ptr_array_add (argv, (char *)"--fault");
      g_ptr_array_add (argv, (char *)faults[i]);
    }
  g_ptr_array_add (argv, NULL);

  fixture->server
      = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  fixture->server_output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->server));
  g_data_input_stream_read_line_async (fixture->server_output, G_PRIORITY_DEFAULT, NULL, read_line,
                                       fixture);
  const char *listening = wait_for_line_prefix (fixture, "listening on ");
  fixture->port = (guint)g_ascii_strtoull (listening + strlen ("listening on "), NULL, 10);
  g_assert_cmpuint (fixture->port, >, 0);
}

static void
send_command (Fixture *fixture, const char *command)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  GOutputStream *input = g_subprocess_get_stdin_pipe (fixture->server);

  g_assert_true (g_output_stream_write_all (input, line, strlen (line), NULL, NULL, &error));
  g_assert_no_error (error);
  g_autofree char *echo = g_strconcat ("mode ", command, NULL);
  wait_for_line_prefix (fixture, echo);
}

static void
make_client_full (Fixture *fixture, gboolean with_certificate, guint timeout_ms, guint max_tries,
                  guint max_total_seconds)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u", fixture->port);
  KioskIssuanceHttpSettings settings = {
    .base_url = url,
    .ca_file = fixture->tls.ca_path,
    .client_certificate_file = with_certificate ? fixture->tls.client.certificate : NULL,
    .client_key_file = with_certificate ? fixture->tls.client.key : NULL,
    .timeout_ms = timeout_ms,
    .max_tries = max_tries,
    .max_total_seconds = max_total_seconds,
  };

  g_clear_object (&fixture->client);
  fixture->client = kiosk_issuance_http_client_new (&settings, &error);
  g_assert_no_error (error);
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
  make_tls_material (fixture->dir, "test", &fixture->tls);
  make_tls_material (fixture->dir, "other", &fixture->other_tls);
  fixture->ca = kiosk_test_ca_load (issuance_test_ca_dir (), &error);
  g_assert_no_error (error);
  fixture->lines = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  (void)data;
  g_clear_object (&fixture->client);
  if (fixture->server != NULL)
    {
      g_subprocess_force_exit (fixture->server);
      g_subprocess_wait (fixture->server, NULL, NULL);
    }
  g_clear_object (&fixture->server_output);
  g_clear_object (&fixture->server);
  /* Let pending callbacks of the closed streams run before the fixture goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&fixture->lines, g_ptr_array_unref);
  g_clear_object (&fixture->ca);
  tls_material_clear (&fixture->tls);
  tls_material_clear (&fixture->other_tls);
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
  start_server (fixture, &fixture->tls.server, NULL);
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

  start_server (fixture, &fixture->tls.server, NULL);
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

  start_server (fixture, &fixture->tls.server, NULL);
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

  start_server (fixture, &fixture->tls.server, NULL);
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

  start_server (fixture, &fixture->tls.server, faults);
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
  start_server (fixture, &fixture->tls.server, NULL);
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

  start_server (fixture, &fixture->tls.server, faults);
  make_client_full (fixture, TRUE, 5000, 3, 30);
  g_autofree char *session = open_session (fixture, "valid", NULL, &error);
  g_assert_null (session);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_BUSY);
  g_assert_cmpuint (kiosk_issuance_error_get_retry_after (error), ==, 1);
  g_assert_cmpuint (kiosk_issuance_http_client_get_request_count (fixture->client), ==, 3);
  g_assert_cmpuint (count_lines_with_prefix (fixture, "busy open"), ==, 3);
}

static void
test_busy_beyond_total_bound (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  static const char *const faults[] = { "busy 1 120", NULL };
  (void)data;

  /* Retry-After 120 s exceeds the 30 s budget: the client gives up at once, without waiting. */
  start_server (fixture, &fixture->tls.server, faults);
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
  start_server (fixture, &fixture->tls.server, faults);
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

  start_server (fixture, &fixture->tls.server, faults);
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

  start_server (fixture, &fixture->tls.server, faults);
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
  start_server (fixture, &fixture->other_tls.server, NULL);
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

  start_server (fixture, &fixture->tls.server, NULL);
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
  start_server (fixture, &fixture->tls.server, NULL);
  g_subprocess_force_exit (fixture->server);
  g_subprocess_wait (fixture->server, NULL, NULL);
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
