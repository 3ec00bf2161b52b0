/* issuance-test-server.c: the kiosk-issuance-server program run by a test, with fresh TLS material
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "issuance-test-server.h"

#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#define LINE_TIMEOUT_S 15

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_NAME, X509_NAME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_EXTENSION, X509_EXTENSION_free)
typedef X509 IssuanceTestX509;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IssuanceTestX509, X509_free)

/* ---- TLS material ---------------------------------------------------------------------- */

static void
add_extension (X509 *cert, X509 *issuer, int nid, const char *value)
{
  X509V3_CTX ctx;

  X509V3_set_ctx (&ctx, issuer != NULL ? issuer : cert, cert, NULL, NULL, 0);
  g_autoptr (X509_EXTENSION) extension = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);
  g_assert_nonnull (extension);
  g_assert_cmpint (X509_add_ext (cert, extension, -1), ==, 1);
}

/* Self-signed CA when @issuer is NULL, else a leaf for 127.0.0.1 with extended key @usage. */
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
write_pem (const char *dir, const char *prefix, const char *suffix, X509 *cert, EVP_PKEY *key)
{
  g_autofree char *name = g_strconcat (prefix, suffix, NULL);
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

void
issuance_test_tls_make (const char *dir, const char *prefix, IssuanceTestTls *out)
{
  g_autoptr (EVP_PKEY) ca_key = EVP_EC_gen ("P-256");
  g_autoptr (EVP_PKEY) server_key = EVP_EC_gen ("P-256");
  g_autoptr (EVP_PKEY) client_key = EVP_EC_gen ("P-256");
  g_autoptr (IssuanceTestX509) ca = make_certificate (ca_key, prefix, NULL, NULL, NULL);
  g_autoptr (IssuanceTestX509) server
             = make_certificate (server_key, "127.0.0.1", ca, ca_key, "serverAuth");
  g_autoptr (IssuanceTestX509) client
             = make_certificate (client_key, "kiosk-test", ca, ca_key, "clientAuth");

  out->ca_path = write_pem (dir, prefix, "-ca.pem", ca, NULL);
  out->server_certificate = write_pem (dir, prefix, "-server.pem", server, NULL);
  out->server_key = write_pem (dir, prefix, "-server.key", NULL, server_key);
  out->client_certificate = write_pem (dir, prefix, "-client.pem", client, NULL);
  out->client_key = write_pem (dir, prefix, "-client.key", NULL, client_key);
}

void
issuance_test_tls_clear (IssuanceTestTls *tls)
{
  g_clear_pointer (&tls->ca_path, g_free);
  g_clear_pointer (&tls->server_certificate, g_free);
  g_clear_pointer (&tls->server_key, g_free);
  g_clear_pointer (&tls->client_certificate, g_free);
  g_clear_pointer (&tls->client_key, g_free);
}

/* ---- the server program ---------------------------------------------------------------- */

struct _IssuanceTestServer
{
  GObject parent_instance;

  char *cards_dir;
  char *test_ca_dir;
  IssuanceTestTls tls; /* copies of the paths */
  char *fake_now;

  GSubprocess *process;
  GDataInputStream *output;
  GCancellable *reading;
  gboolean read_pending;
  gboolean output_closed;
  GPtrArray *lines;
  guint port;
};

G_DEFINE_FINAL_TYPE (IssuanceTestServer, issuance_test_server, G_TYPE_OBJECT)

static void read_next_line (IssuanceTestServer *self);

/* The callback holds a reference, so a line that arrives while the test lets go of the server
 * never lands in freed memory. */
static void
line_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (IssuanceTestServer) self = user_data;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, NULL);

  self->read_pending = FALSE;
  if (line == NULL)
    {
      self->output_closed = TRUE;
      return;
    }
  g_test_message ("issuance server: %s", line);
  g_ptr_array_add (self->lines, line);
  if (!g_cancellable_is_cancelled (self->reading))
    read_next_line (self);
}

static void
read_next_line (IssuanceTestServer *self)
{
  self->read_pending = TRUE;
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, self->reading, line_read,
                                       g_object_ref (self));
}

/* The server dies with the test, even when an assertion aborts it. */
static void
die_with_parent (gpointer data)
{
  (void)data;
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

IssuanceTestServer *
issuance_test_server_new (const char *cards_dir, const char *test_ca_dir,
                          const IssuanceTestTls *tls)
{
  IssuanceTestServer *self = g_object_new (ISSUANCE_TEST_TYPE_SERVER, NULL);

  self->cards_dir = g_strdup (cards_dir);
  self->test_ca_dir = g_strdup (test_ca_dir);
  self->tls.ca_path = g_strdup (tls->ca_path);
  self->tls.server_certificate = g_strdup (tls->server_certificate);
  self->tls.server_key = g_strdup (tls->server_key);
  self->tls.client_certificate = g_strdup (tls->client_certificate);
  self->tls.client_key = g_strdup (tls->client_key);
  return self;
}

void
issuance_test_server_set_fake_now (IssuanceTestServer *self, const char *iso8601)
{
  g_free (self->fake_now);
  self->fake_now = g_strdup (iso8601);
}

void
issuance_test_server_start (IssuanceTestServer *self, const char *certificate, const char *key,
                            const char *const *faults)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  g_assert_null (self->process);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (self->fake_now != NULL)
    g_subprocess_launcher_setenv (launcher, "KIOSK_FAKE_NOW", self->fake_now, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "KIOSK_FAKE_NOW");
  g_ptr_array_add (argv, (char *)ISSUANCE_SERVER_PATH);
  g_ptr_array_add (argv, (char *)"--port=0");
  g_ptr_array_add (argv, (char *)"--cards-dir");
  g_ptr_array_add (argv, self->cards_dir);
  g_ptr_array_add (argv, (char *)"--test-ca");
  g_ptr_array_add (argv, self->test_ca_dir);
  g_ptr_array_add (argv, (char *)"--tls-certificate");
  g_ptr_array_add (argv,
                   (char *)(certificate != NULL ? certificate : self->tls.server_certificate));
  g_ptr_array_add (argv, (char *)"--tls-key");
  g_ptr_array_add (argv, (char *)(key != NULL ? key : self->tls.server_key));
  g_ptr_array_add (argv, (char *)"--client-ca");
  g_ptr_array_add (argv, self->tls.ca_path);
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    {
      g_ptr_array_add (argv, (char *)"--fault");
      g_ptr_array_add (argv, (char *)faults[i]);
    }
  g_ptr_array_add (argv, NULL);

  self->process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  self->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  self->reading = g_cancellable_new ();
  self->output_closed = FALSE;
  read_next_line (self);

  const char *listening = issuance_test_server_wait_for_line (self, "listening on ");
  self->port = (guint)g_ascii_strtoull (listening + strlen ("listening on "), NULL, 10);
  g_assert_cmpuint (self->port, >, 0);
}

void
issuance_test_server_stop (IssuanceTestServer *self)
{
  gint64 deadline = g_get_monotonic_time () + LINE_TIMEOUT_S * G_USEC_PER_SEC;

  if (self->process == NULL)
    return;
  g_cancellable_cancel (self->reading);
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  /* Let the pending read finish (cancelled or at end of output) before the stream goes. */
  while (self->read_pending && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_clear_object (&self->output);
  g_clear_object (&self->reading);
  g_clear_object (&self->process);
}

guint
issuance_test_server_get_port (IssuanceTestServer *self)
{
  return self->port;
}

void
issuance_test_server_send (IssuanceTestServer *self, const char *command)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  g_autofree char *echo = g_strconcat ("mode ", command, NULL);
  GOutputStream *input = g_subprocess_get_stdin_pipe (self->process);
  /* The same command sent twice: wait for its new echo, not the old one. */
  guint echoes = issuance_test_server_count_lines (self, echo);

  g_assert_true (g_output_stream_write_all (input, line, strlen (line), NULL, NULL, &error));
  g_assert_no_error (error);
  issuance_test_server_wait_for_lines (self, echo, echoes + 1);
}

gboolean
issuance_test_server_has_line (IssuanceTestServer *self, const char *line)
{
  for (guint i = 0; i < self->lines->len; i++)
    if (g_str_equal (g_ptr_array_index (self->lines, i), line))
      return TRUE;
  return FALSE;
}

guint
issuance_test_server_count_lines (IssuanceTestServer *self, const char *prefix)
{
  guint count = 0;

  for (guint i = 0; i < self->lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (self->lines, i), prefix))
      count++;
  return count;
}

/* The index of the @n-th line (1-based) starting with @prefix, or -1. */
static int
find_line (IssuanceTestServer *self, const char *prefix, guint n)
{
  guint seen = 0;

  for (guint i = 0; i < self->lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (self->lines, i), prefix) && ++seen == n)
      return (int)i;
  return -1;
}

/* Iterates the default main context until @n lines start with @prefix: the index of the n-th. */
static guint
wait_for_nth_line (IssuanceTestServer *self, const char *prefix, guint n)
{
  gint64 deadline = g_get_monotonic_time () + LINE_TIMEOUT_S * G_USEC_PER_SEC;
  int index;

  while ((index = find_line (self, prefix, n)) < 0)
    {
      if (self->output_closed || g_get_monotonic_time () >= deadline)
        g_error ("the issuance server did not print \"%s…\" (%u times)", prefix, n);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return (guint)index;
}

const char *
issuance_test_server_wait_for_line (IssuanceTestServer *self, const char *prefix)
{
  /* Not in one expression: the wait may grow (and move) the array. */
  guint index = wait_for_nth_line (self, prefix, 1);

  return g_ptr_array_index (self->lines, index);
}

void
issuance_test_server_wait_for_lines (IssuanceTestServer *self, const char *prefix, guint n)
{
  wait_for_nth_line (self, prefix, n);
}

KioskIssuanceHttpClient *
issuance_test_server_new_client (IssuanceTestServer *self, gboolean with_certificate,
                                 guint timeout_ms, guint max_tries, guint max_total_seconds)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u", self->port);
  KioskIssuanceHttpSettings settings = {
    .base_url = url,
    .ca_file = self->tls.ca_path,
    .client_certificate_file = with_certificate ? self->tls.client_certificate : NULL,
    .client_key_file = with_certificate ? self->tls.client_key : NULL,
    .timeout_ms = timeout_ms,
    .max_tries = max_tries,
    .max_total_seconds = max_total_seconds,
  };
  KioskIssuanceHttpClient *client = kiosk_issuance_http_client_new (&settings, &error);

  g_assert_no_error (error);
  return client;
}

static void
issuance_test_server_dispose (GObject *object)
{
  issuance_test_server_stop (ISSUANCE_TEST_SERVER (object));
  G_OBJECT_CLASS (issuance_test_server_parent_class)->dispose (object);
}

static void
issuance_test_server_finalize (GObject *object)
{
  IssuanceTestServer *self = ISSUANCE_TEST_SERVER (object);

  g_free (self->cards_dir);
  g_free (self->test_ca_dir);
  g_free (self->fake_now);
  issuance_test_tls_clear (&self->tls);
  g_ptr_array_unref (self->lines);
  G_OBJECT_CLASS (issuance_test_server_parent_class)->finalize (object);
}

static void
issuance_test_server_class_init (IssuanceTestServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = issuance_test_server_dispose;
  object_class->finalize = issuance_test_server_finalize;
}

static void
issuance_test_server_init (IssuanceTestServer *self)
{
  self->lines = g_ptr_array_new_with_free_func (g_free);
}
