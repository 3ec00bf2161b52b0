/* kiosk-issuance-server.c: the issuance simulator over HTTPS (libsoup 3), with switchable faults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test and demo stand-in for the national issuance system; the protocol is in
 * ISSUANCE-PROTOCOL.md. Faults are switched with --fault and with lines on stdin:
 *   slow MS            answer every request MS milliseconds late (until "up")
 *   busy N SECONDS     the next N answers are 503 with Retry-After: SECONDS
 *   drop STEP          at the next STEP (open, proof, management, certificates, commit): do the
 *                      work, then close the connection without answering
 *   malformed STEP     at the next STEP: do the work, then answer a body that is not JSON
 *   up                 no faults
 * One line per event goes to stdout ("listening on PORT", "request STEP", "answer STEP 200", …).
 */
#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "kiosk-clock.h"
#include "kiosk-issuance-protocol.h"
#include "kiosk-issuance-simulator.h"

typedef struct
{
  KioskIssuanceSimulator *simulator;
  SoupServer *server;
  GMainLoop *loop;
  /* faults */
  guint slow_ms;
  guint busy_remaining;
  guint busy_seconds;
  char *drop_step;
  char *malformed_step;
  /* step + ":" + Idempotency-Key → the answer already given (status, body) */
  GHashTable *answers;
} Server;

typedef struct
{
  guint status;
  GBytes *body;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_free (answer);
}

static void event (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
event (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

/* ---- faults ---- */

static gboolean
is_step (const char *text)
{
  static const char *const steps[]
      = { KIOSK_ISSUANCE_STEP_OPEN, KIOSK_ISSUANCE_STEP_PROOF, KIOSK_ISSUANCE_STEP_MANAGEMENT,
          KIOSK_ISSUANCE_STEP_CERTIFICATES, KIOSK_ISSUANCE_STEP_COMMIT };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (text, steps[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
parse_number (const char *text, guint *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, 3600000, &value, NULL))
    return FALSE;
  *out = (guint)value;
  return TRUE;
}

static gboolean
apply_command (Server *self, const char *line)
{
  g_auto (GStrv) words = g_strsplit_set (g_strstrip ((char *)line), " \t", -1);
  guint count = g_strv_length (words);
  const char *verb = count > 0 ? words[0] : "";

  if (g_str_equal (verb, "up") && count == 1)
    {
      self->slow_ms = 0;
      self->busy_remaining = 0;
      g_clear_pointer (&self->drop_step, g_free);
      g_clear_pointer (&self->malformed_step, g_free);
      event ("mode up");
      return TRUE;
    }
  if (g_str_equal (verb, "slow") && count == 2 && parse_number (words[1], &self->slow_ms))
    {
      event ("mode slow %u", self->slow_ms);
      return TRUE;
    }
  if (g_str_equal (verb, "busy") && count == 3 && parse_number (words[1], &self->busy_remaining)
      && parse_number (words[2], &self->busy_seconds))
    {
      event ("mode busy %u %u", self->busy_remaining, self->busy_seconds);
      return TRUE;
    }
  if ((g_str_equal (verb, "drop") || g_str_equal (verb, "malformed")) && count == 2
      && is_step (words[1]))
    {
      char **slot = g_str_equal (verb, "drop") ? &self->drop_step : &self->malformed_step;
      g_free (*slot);
      *slot = g_strdup (words[1]);
      event ("mode %s %s", verb, words[1]);
      return TRUE;
    }
  event ("unknown command: %s", line);
  return FALSE;
}

static gboolean
take_one_shot (char **slot, const char *step)
{
  if (g_strcmp0 (*slot, step) != 0)
    return FALSE;
  g_clear_pointer (slot, g_free);
  return TRUE;
}

static void
read_stdin_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Server *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, &error);
  if (line == NULL)
    return; /* stdin closed: keep serving with the faults as they are */
  if (*line != '\0')
    apply_command (self, line);
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (source), G_PRIORITY_DEFAULT, NULL,
                                       read_stdin_line, self);
}

/* ---- answering ---- */

typedef struct
{
  Server *server;
  SoupServerMessage *message;
  char *step;
  char *idempotency_key;
  char *answer_key;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->message);
  g_free (pending->step);
  g_free (pending->idempotency_key);
  g_free (pending->answer_key);
  g_free (pending);
}

static void
set_body (SoupServerMessage *message, guint status, GBytes *body, const char *content_type)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
send_answer (Pending *pending, guint status, GBytes *body)
{
  Server *self = pending->server;

  if (take_one_shot (&self->drop_step, pending->step))
    {
      /* The work is done but the answer is lost: the client must retry, and the retry must not
       * issue twice. */
      GSocket *socket = soup_server_message_get_socket (pending->message);
      event ("dropped %s", pending->step);
      if (socket != NULL)
        {
          g_socket_shutdown (socket, TRUE, TRUE, NULL);
          g_socket_close (socket, NULL);
        }
      soup_server_message_set_status (pending->message, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
    }
  else if (take_one_shot (&self->malformed_step, pending->step))
    {
      g_autoptr (GBytes) junk = g_bytes_new_static ("<html>not json", 14);
      event ("malformed %s", pending->step);
      set_body (pending->message, 200, junk, "application/json");
    }
  else
    {
      event ("answer %s %u", pending->step, status);
      set_body (pending->message, status, body, "application/json");
    }
  soup_server_message_unpause (pending->message);
}

typedef struct
{
  Pending *pending;
  guint status;
  GBytes *body;
} Delayed;

static gboolean
send_delayed (gpointer data)
{
  Delayed *delayed = data;

  send_answer (delayed->pending, delayed->status, delayed->body);
  pending_free (delayed->pending);
  g_bytes_unref (delayed->body);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

/* Every answer of the simulator comes through here: remembered for its idempotency key, then
 * sent (late when slow). */
static void
finish (Pending *pending, guint status, JsonObject *body)
{
  Server *self = pending->server;
  Answer *answer = g_new0 (Answer, 1);

  answer->status = status;
  answer->body = kiosk_issuance_json_to_bytes (body);
  if (status != 503)
    g_hash_table_replace (self->answers, g_strdup (pending->answer_key), answer);

  Delayed *delayed = g_new0 (Delayed, 1);
  delayed->pending = pending;
  delayed->status = status;
  delayed->body = g_bytes_ref (answer->body);
  if (status == 503)
    answer_free (answer);
  if (self->slow_ms > 0)
    g_timeout_add (self->slow_ms, send_delayed, delayed);
  else
    send_delayed (delayed);
}

static void
finish_error (Pending *pending, const GError *error)
{
  g_autoptr (JsonObject) body = kiosk_issuance_error_to_json (error);

  finish (pending, kiosk_issuance_error_to_status (error), body);
}

static void
opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) challenge = NULL;
  g_autofree char *id = kiosk_issuance_service_open_session_finish (KIOSK_ISSUANCE_SERVICE (source),
                                                                    result, &challenge, &error);

  if (id == NULL)
    return finish_error (pending, error);
  g_autoptr (JsonObject) body = json_object_new ();
  json_object_set_string_member (body, "session_id", id);
  kiosk_issuance_json_set_bytes (body, "challenge", challenge);
  finish (pending, 201, body);
}

static void
proved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;
  KioskIssuanceGrant grant;

  if (!kiosk_issuance_service_prove_finish (KIOSK_ISSUANCE_SERVICE (source), result, &grant,
                                            &error))
    return finish_error (pending, error);
  g_autoptr (JsonObject) body = json_object_new ();
  json_object_set_boolean_member (body, "auth", grant.auth);
  json_object_set_boolean_member (body, "sign", grant.sign);
  if (grant.sign_reason != KIOSK_ISSUANCE_REASON_NONE)
    json_object_set_string_member (body, "sign_reason",
                                   kiosk_issuance_reason_to_string (grant.sign_reason));
  finish (pending, 200, body);
}

static void
authorized (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) cryptogram = kiosk_issuance_service_authorize_management_finish (
      KIOSK_ISSUANCE_SERVICE (source), result, &error);

  if (cryptogram == NULL)
    return finish_error (pending, error);
  g_autoptr (JsonObject) body = json_object_new ();
  kiosk_issuance_json_set_bytes (body, "cryptogram", cryptogram);
  finish (pending, 200, body);
}

static void
issued (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIssuedCertificates) certificates = kiosk_issuance_service_issue_finish (
      KIOSK_ISSUANCE_SERVICE (source), result, &error);

  if (certificates == NULL)
    return finish_error (pending, error);
  g_autoptr (JsonObject) body = json_object_new ();
  kiosk_issuance_json_set_bytes (body, "auth_certificate", certificates->auth_certificate);
  kiosk_issuance_json_set_bytes (body, "sign_certificate", certificates->sign_certificate);
  kiosk_issuance_json_set_bytes (body, "auth_ca_certificate", certificates->auth_ca_certificate);
  kiosk_issuance_json_set_bytes (body, "sign_ca_certificate", certificates->sign_ca_certificate);
  event ("issued-count %u", kiosk_issuance_simulator_get_issued_count (pending->server->simulator));
  finish (pending, 200, body);
}

static void
committed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;

  if (!kiosk_issuance_service_commit_finish (KIOSK_ISSUANCE_SERVICE (source), result, &error))
    return finish_error (pending, error);
  g_autoptr (JsonObject) body = json_object_new ();
  json_object_set_boolean_member (body, "committed", TRUE);
  finish (pending, 200, body);
}

/* Starts the simulator's step for a parsed request; FALSE with @error if the request is bad. */
static gboolean
dispatch (Server *self, Pending *pending, const char *session_id, JsonObject *request,
          GError **error)
{
  KioskIssuanceService *service = KIOSK_ISSUANCE_SERVICE (self->simulator);
  const char *step = pending->step;

  if (g_str_equal (step, KIOSK_ISSUANCE_STEP_OPEN))
    {
      KioskIssuanceProcedure procedure;
      const char *text = kiosk_issuance_json_get_string (request, "procedure", error);
      if (text == NULL)
        return FALSE;
      if (!kiosk_issuance_procedure_from_string (text, &procedure))
        {
          g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                       "unknown procedure “%s”", text);
          return FALSE;
        }
      g_autoptr (GBytes) certificate
                 = kiosk_issuance_json_get_bytes (request, "auth_certificate", FALSE, error);
      if (certificate == NULL)
        return FALSE;
      kiosk_issuance_service_open_session (service, procedure, certificate,
                                           pending->idempotency_key, NULL, opened, pending);
      return TRUE;
    }
  if (g_str_equal (step, KIOSK_ISSUANCE_STEP_PROOF))
    {
      g_autoptr (GBytes) signature
                 = kiosk_issuance_json_get_bytes (request, "signature", FALSE, error);
      if (signature == NULL)
        return FALSE;
      kiosk_issuance_service_prove (service, session_id, signature, NULL, proved, pending);
      return TRUE;
    }
  if (g_str_equal (step, KIOSK_ISSUANCE_STEP_MANAGEMENT))
    {
      g_autoptr (GBytes) card_id = kiosk_issuance_json_get_bytes (request, "card_id", FALSE, error);
      if (card_id == NULL)
        return FALSE;
      g_autoptr (GBytes) challenge
                 = kiosk_issuance_json_get_bytes (request, "card_challenge", FALSE, error);
      if (challenge == NULL)
        return FALSE;
      kiosk_issuance_service_authorize_management (service, session_id, card_id, challenge, NULL,
                                                   authorized, pending);
      return TRUE;
    }
  if (g_str_equal (step, KIOSK_ISSUANCE_STEP_CERTIFICATES))
    {
      g_autoptr (GBytes) auth
                 = kiosk_issuance_json_get_bytes (request, "auth_modulus", TRUE, error);
      if (auth == NULL && error != NULL && *error != NULL)
        return FALSE;
      g_autoptr (GBytes) sign
                 = kiosk_issuance_json_get_bytes (request, "sign_modulus", TRUE, error);
      if (sign == NULL && error != NULL && *error != NULL)
        return FALSE;
      kiosk_issuance_service_issue (service, session_id, auth, sign, NULL, issued, pending);
      return TRUE;
    }
  kiosk_issuance_service_commit (service, session_id, NULL, committed, pending);
  return TRUE;
}

/* POST /v1/sessions → open; POST /v1/sessions/ID/STEP → that step. */
static gboolean
parse_path (const char *path, char **session_id, char **step)
{
  if (g_str_equal (path, KIOSK_ISSUANCE_PATH_PREFIX))
    {
      *session_id = NULL;
      *step = g_strdup (KIOSK_ISSUANCE_STEP_OPEN);
      return TRUE;
    }
  if (!g_str_has_prefix (path, KIOSK_ISSUANCE_PATH_PREFIX "/"))
    return FALSE;
  g_auto (GStrv) parts = g_strsplit (path + strlen (KIOSK_ISSUANCE_PATH_PREFIX "/"), "/", -1);
  if (g_strv_length (parts) != 2 || *parts[0] == '\0' || !is_step (parts[1])
      || g_str_equal (parts[1], KIOSK_ISSUANCE_STEP_OPEN))
    return FALSE;
  *session_id = g_strdup (parts[0]);
  *step = g_strdup (parts[1]);
  return TRUE;
}

static void
reply_now (SoupServerMessage *message, const char *step, const GError *error)
{
  g_autoptr (JsonObject) body = kiosk_issuance_error_to_json (error);
  g_autoptr (GBytes) bytes = kiosk_issuance_json_to_bytes (body);
  guint status = kiosk_issuance_error_to_status (error);

  event ("answer %s %u", step != NULL ? step : "-", status);
  set_body (message, status, bytes, "application/json");
}

static void
handle (SoupServer *server, SoupServerMessage *message, const char *path, GHashTable *query,
        gpointer user_data)
{
  Server *self = user_data;
  g_autofree char *session_id = NULL;
  g_autofree char *step = NULL;
  g_autoptr (GError) error = NULL;

  (void)server;
  (void)query;
  if (!parse_path (path, &session_id, &step))
    {
      g_set_error (&error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_NOT_FOUND, "no such path %s",
                   path);
      return reply_now (message, NULL, error);
    }
  event ("request %s", step);
  if (!g_str_equal (soup_server_message_get_method (message), "POST"))
    {
      g_set_error (&error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL, "POST only");
      return reply_now (message, step, error);
    }
  if (self->busy_remaining > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", self->busy_seconds);
      self->busy_remaining--;
      kiosk_issuance_set_busy (&error, self->busy_seconds);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Retry-After", seconds);
      event ("busy %s", step);
      return reply_now (message, step, error);
    }
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                  KIOSK_ISSUANCE_IDEMPOTENCY_HEADER);
  if (key == NULL || *key == '\0' || strlen (key) > 128)
    {
      g_set_error (&error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "an " KIOSK_ISSUANCE_IDEMPOTENCY_HEADER " header (1-128 characters) is needed");
      return reply_now (message, step, error);
    }

  Pending *pending = g_new0 (Pending, 1);
  pending->server = self;
  pending->message = g_object_ref (message);
  pending->step = g_strdup (step);
  pending->idempotency_key = g_strdup (key);
  pending->answer_key
      = g_strconcat (step, ":", session_id != NULL ? session_id : "", "/", key, NULL);
  soup_server_message_pause (message);

  Answer *known = g_hash_table_lookup (self->answers, pending->answer_key);
  if (known != NULL)
    {
      /* A retry: the answer given the first time, whatever happened to it. */
      event ("replay %s", step);
      Delayed *delayed = g_new0 (Delayed, 1);
      delayed->pending = pending;
      delayed->status = known->status;
      delayed->body = g_bytes_ref (known->body);
      send_delayed (delayed);
      return;
    }

  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  g_autoptr (GBytes) body = soup_message_body_flatten (request_body);
  g_autoptr (JsonObject) request = kiosk_issuance_json_parse_object (body, &error);
  if (request == NULL || !dispatch (self, pending, session_id, request, &error))
    finish_error (pending, error);
}

/* glib-networking asks about every client certificate, verified or not: accept exactly those
 * that verified against --client-ca, and log the others. */
static gboolean
check_client_certificate (SoupServerMessage *message, GTlsCertificate *certificate,
                          GTlsCertificateFlags errors, gpointer user_data)
{
  (void)message;
  (void)certificate;
  (void)user_data;
  if (errors == 0)
    return TRUE;
  event ("refused client certificate (flags 0x%x)", (guint)errors);
  return FALSE;
}

static void
request_started (SoupServer *server, SoupServerMessage *message, gpointer user_data)
{
  (void)server;
  (void)user_data;
  g_signal_connect (message, "accept-certificate", G_CALLBACK (check_client_certificate), NULL);
}

static gboolean
quit_on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  int port = 0;
  g_autofree char *tls_certificate = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *client_ca = NULL;
  g_autofree char *cards_dir = NULL;
  g_autofree char *test_ca_dir = NULL;
  g_auto (GStrv) faults = NULL;
  int ttl_seconds = 600;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "TCP port on 127.0.0.1 (0: pick one)", "N" },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &tls_certificate,
      "the server's certificate (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "the server's private key (PEM)", "FILE" },
    { "client-ca", 0, 0, G_OPTION_ARG_FILENAME, &client_ca,
      "CA certificates (PEM) for client certificates, which are then required", "FILE" },
    { "cards-dir", 0, 0, G_OPTION_ARG_FILENAME, &cards_dir, "the residents' card profiles", "DIR" },
    { "test-ca", 0, 0, G_OPTION_ARG_FILENAME, &test_ca_dir, "the test CA folder", "DIR" },
    { "session-ttl", 0, 0, G_OPTION_ARG_INT, &ttl_seconds,
      "seconds an uncommitted session lives [600]", "S" },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &faults, "a fault command as on stdin (repeatable)",
      "COMMAND" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- the issuance simulator over HTTPS");
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || port < 0 || port > 65535
      || ttl_seconds <= 0 || (tls_certificate == NULL) != (tls_key == NULL)
      || (client_ca != NULL && tls_certificate == NULL))
    {
      fprintf (stderr, "kiosk-issuance-server: %s\n",
               error != NULL ? error->message
                             : "bad options (--tls-certificate and --tls-key go together; "
                               "--client-ca needs them)");
      return 2;
    }

  g_autoptr (KioskTestCa) ca = kiosk_test_ca_load (
      test_ca_dir != NULL ? test_ca_dir : (g_getenv ("KIOSK_TEST_CA_DIR") ?: KIOSK_TEST_CA_DIR),
      &error);
  if (ca == NULL)
    {
      fprintf (stderr, "kiosk-issuance-server: %s\n", error->message);
      return 1;
    }
  g_autoptr (KioskClock) clock = kiosk_clock_new ();
  g_autoptr (KioskIssuanceSimulator) simulator = kiosk_issuance_simulator_new (
      ca, cards_dir != NULL ? cards_dir : (g_getenv ("KIOSK_CARDS_DIR") ?: KIOSK_SOURCE_CARDS_DIR),
      clock, (guint)ttl_seconds * 1000, &error);
  if (simulator == NULL)
    {
      fprintf (stderr, "kiosk-issuance-server: %s\n", error->message);
      return 1;
    }

  Server self = { 0 };
  self.simulator = simulator;
  self.answers
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)answer_free);
  self.loop = g_main_loop_new (NULL, FALSE);
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    if (!apply_command (&self, faults[i]))
      return 2;

  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (GTlsDatabase) database = NULL;
  if (tls_certificate != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_certificate, tls_key, &error);
      if (certificate == NULL)
        {
          fprintf (stderr, "kiosk-issuance-server: %s\n", error->message);
          return 1;
        }
    }
  if (client_ca != NULL)
    {
      database = g_tls_file_database_new (client_ca, &error);
      if (database == NULL)
        {
          fprintf (stderr, "kiosk-issuance-server: %s\n", error->message);
          return 1;
        }
    }
  self.server = soup_server_new ("server-header", "kiosk-issuance-server", NULL);
  if (certificate != NULL)
    soup_server_set_tls_certificate (self.server, certificate);
  if (database != NULL)
    {
      soup_server_set_tls_database (self.server, database);
      soup_server_set_tls_auth_mode (self.server, G_TLS_AUTHENTICATION_REQUIRED);
    }
  soup_server_add_handler (self.server, KIOSK_ISSUANCE_PATH_PREFIX, handle, &self, NULL);
  g_signal_connect (self.server, "request-started", G_CALLBACK (request_started), NULL);

  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16)port);
  if (!soup_server_listen (self.server, address, certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0,
                           &error))
    {
      fprintf (stderr, "kiosk-issuance-server: %s\n", error->message);
      return 1;
    }
  GSList *uris = soup_server_get_uris (self.server);
  event ("listening on %d", uris != NULL ? g_uri_get_port (uris->data) : port);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_autoptr (GInputStream) stdin_stream = g_unix_input_stream_new (0, FALSE);
  g_autoptr (GDataInputStream) lines = g_data_input_stream_new (stdin_stream);
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, read_stdin_line, &self);
  g_unix_signal_add (SIGTERM, quit_on_signal, self.loop);
  g_unix_signal_add (SIGINT, quit_on_signal, self.loop);

  g_main_loop_run (self.loop);
  soup_server_disconnect (self.server);
  g_clear_object (&self.server);
  g_main_loop_unref (self.loop);
  g_hash_table_unref (self.answers);
  g_free (self.drop_step);
  g_free (self.malformed_step);
  return 0;
}
