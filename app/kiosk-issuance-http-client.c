/* kiosk-issuance-http-client.c: the issuance service over HTTPS (libsoup 3 + json-glib)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-issuance-http-client.h"

#include <libsoup/soup.h>

#include "kiosk-issuance-protocol.h"

/* A dropped connection is retried after this pause (no Retry-After to go by). */
#define DROPPED_RETRY_MS 200

struct _KioskIssuanceHttpClient
{
  GObject parent_instance;

  SoupSession *session;
  char *base_url;
  GTlsCertificate *client_certificate;
  guint timeout_ms;
  guint max_tries;
  guint max_total_seconds;
  guint request_count;
};

static void kiosk_issuance_http_client_service_init (KioskIssuanceServiceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskIssuanceHttpClient, kiosk_issuance_http_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_ISSUANCE_SERVICE,
                                                      kiosk_issuance_http_client_service_init))

static void
kiosk_issuance_http_client_finalize (GObject *object)
{
  KioskIssuanceHttpClient *self = KIOSK_ISSUANCE_HTTP_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->client_certificate);
  g_free (self->base_url);
  G_OBJECT_CLASS (kiosk_issuance_http_client_parent_class)->finalize (object);
}

static void
kiosk_issuance_http_client_class_init (KioskIssuanceHttpClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_issuance_http_client_finalize;
}

static void
kiosk_issuance_http_client_init (KioskIssuanceHttpClient *self)
{
  (void)self;
}

KioskIssuanceHttpClient *
kiosk_issuance_http_client_new (const KioskIssuanceHttpSettings *settings, GError **error)
{
  g_return_val_if_fail (settings != NULL && settings->base_url != NULL, NULL);

  g_autoptr (KioskIssuanceHttpClient) self = g_object_new (KIOSK_TYPE_ISSUANCE_HTTP_CLIENT, NULL);
  g_autoptr (GUri) uri = g_uri_parse (settings->base_url, G_URI_FLAGS_NONE, error);
  if (uri == NULL)
    return NULL;

  self->base_url = g_strdup (settings->base_url);
  if (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->timeout_ms = settings->timeout_ms > 0 ? settings->timeout_ms : 10000;
  self->max_tries = MAX (settings->max_tries, 1);
  self->max_total_seconds = settings->max_total_seconds > 0 ? settings->max_total_seconds : 30;
  /* Our own per-request timer (milliseconds) replaces libsoup's whole-second one. */
  self->session = soup_session_new_with_options ("timeout", 0, "idle-timeout", 0, NULL);

  if (settings->ca_file != NULL)
    {
      g_autoptr (GTlsDatabase) database = g_tls_file_database_new (settings->ca_file, error);
      if (database == NULL)
        return NULL;
      soup_session_set_tls_database (self->session, database);
    }
  if (settings->client_certificate_file != NULL)
    {
      self->client_certificate = g_tls_certificate_new_from_files (
          settings->client_certificate_file,
          settings->client_key_file != NULL ? settings->client_key_file
                                            : settings->client_certificate_file,
          error);
      if (self->client_certificate == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

guint
kiosk_issuance_http_client_get_request_count (KioskIssuanceHttpClient *self)
{
  g_return_val_if_fail (KIOSK_IS_ISSUANCE_HTTP_CLIENT (self), 0);
  return self->request_count;
}

/* ---- one step: a POST with its retries ---- */

typedef struct
{
  KioskIssuanceHttpClient *self;
  char *url;
  GBytes *body;
  char *idempotency_key;
  guint tries;
  gint64 started_us;
  GCancellable *attempt; /* cancelled by the timeout or the caller */
  gulong caller_handler;
  guint timeout_source;
  gboolean timed_out;
  SoupMessage *message;
} Step;

static void
step_clear_attempt (Step *step, GCancellable *caller)
{
  g_clear_handle_id (&step->timeout_source, g_source_remove);
  if (step->caller_handler != 0)
    g_cancellable_disconnect (caller, step->caller_handler);
  step->caller_handler = 0;
  g_clear_object (&step->attempt);
  g_clear_object (&step->message);
}

static void
step_free (Step *step)
{
  g_clear_handle_id (&step->timeout_source, g_source_remove);
  g_clear_object (&step->attempt);
  g_clear_object (&step->message);
  g_free (step->url);
  g_clear_pointer (&step->body, g_bytes_unref);
  g_free (step->idempotency_key);
  g_free (step);
}

static void send_attempt (GTask *task);

static gboolean
attempt_timed_out (gpointer data)
{
  Step *step = data;

  step->timeout_source = 0;
  step->timed_out = TRUE;
  g_cancellable_cancel (step->attempt);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled (GCancellable *caller, gpointer data)
{
  (void)caller;
  g_cancellable_cancel (data);
}

static gboolean
retry_later (gpointer data)
{
  send_attempt (data);
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* Retries @task after @delay_ms if its budget allows; otherwise FALSE. */
static gboolean
maybe_retry (GTask *task, guint delay_ms)
{
  Step *step = g_task_get_task_data (task);
  KioskIssuanceHttpClient *self = step->self;
  gint64 deadline_us = step->started_us + (gint64)self->max_total_seconds * G_USEC_PER_SEC;

  if (step->tries >= self->max_tries
      || g_get_monotonic_time () + (gint64)delay_ms * 1000 > deadline_us
      || g_task_return_error_if_cancelled (task))
    return FALSE;
  g_timeout_add (delay_ms, retry_later, g_object_ref (task));
  return TRUE;
}

static guint
parse_retry_after (SoupMessage *message)
{
  const char *text
      = soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  guint64 seconds = 1;

  if (text != NULL)
    g_ascii_string_to_unsigned (text, 10, 0, 3600, &seconds, NULL);
  return (guint)seconds;
}

static void
attempt_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Step *step = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body
             = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr (SoupMessage) message = g_object_ref (step->message);
  gboolean timed_out = step->timed_out;

  step_clear_attempt (step, g_task_get_cancellable (task));
  if (body == NULL)
    {
      if (timed_out)
        return g_task_return_new_error (task, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_TIMEOUT,
                                        "the issuance service did not answer within %u ms",
                                        step->self->timeout_ms);
      if (g_task_return_error_if_cancelled (task))
        return;
      if (error->domain == G_TLS_ERROR || soup_message_get_tls_peer_certificate_errors (message))
        return g_task_return_new_error (task, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_TLS,
                                        "TLS with the issuance service failed: %s", error->message);
      /* Refused, reset or dropped: every step is idempotent, so it is retried. */
      if (maybe_retry (task, DROPPED_RETRY_MS))
        return;
      return g_task_return_new_error (task, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_UNAVAILABLE,
                                      "the issuance service is unreachable: %s", error->message);
    }

  guint status = soup_message_get_status (message);
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      guint retry_after = parse_retry_after (message);
      if (maybe_retry (task, retry_after * 1000))
        return;
      kiosk_issuance_set_busy (&error, retry_after);
      return g_task_return_error (task, g_steal_pointer (&error));
    }
  if (status < 200 || status > 299)
    return g_task_return_error (task, kiosk_issuance_error_from_json (status, body));
  JsonObject *object = kiosk_issuance_json_parse_object (body, &error);
  if (object == NULL)
    return g_task_return_error (task, g_steal_pointer (&error));
  g_task_return_pointer (task, object, (GDestroyNotify)json_object_unref);
}

static void
send_attempt (GTask *task)
{
  Step *step = g_task_get_task_data (task);
  KioskIssuanceHttpClient *self = step->self;
  GCancellable *caller = g_task_get_cancellable (task);

  step->tries++;
  self->request_count++;
  step->message = soup_message_new (SOUP_METHOD_POST, step->url);
  soup_message_headers_replace (soup_message_get_request_headers (step->message),
                                KIOSK_ISSUANCE_IDEMPOTENCY_HEADER, step->idempotency_key);
  soup_message_set_request_body_from_bytes (step->message, "application/json", step->body);
  if (self->client_certificate != NULL)
    soup_message_set_tls_client_certificate (step->message, self->client_certificate);

  step->attempt = g_cancellable_new ();
  step->timed_out = FALSE;
  if (caller != NULL)
    step->caller_handler = g_cancellable_connect (caller, G_CALLBACK (caller_cancelled),
                                                  g_object_ref (step->attempt), g_object_unref);
  step->timeout_source = g_timeout_add (self->timeout_ms, attempt_timed_out, step);
  soup_session_send_and_read_async (self->session, step->message, G_PRIORITY_DEFAULT, step->attempt,
                                    attempt_done, g_object_ref (task));
}

static void
post (KioskIssuanceHttpClient *self, const char *session_id, const char *step_name,
      JsonObject *body, const char *idempotency_key, GCancellable *cancellable,
      GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  Step *step = g_new0 (Step, 1);

  g_task_set_source_tag (task, tag);
  step->self = self;
  if (session_id == NULL)
    step->url = g_strconcat (self->base_url, KIOSK_ISSUANCE_PATH_PREFIX, NULL);
  else
    {
      g_autofree char *escaped = g_uri_escape_string (session_id, NULL, FALSE);
      step->url = g_strconcat (self->base_url, KIOSK_ISSUANCE_PATH_PREFIX "/", escaped, "/",
                               step_name, NULL);
    }
  step->body = kiosk_issuance_json_to_bytes (body);
  step->idempotency_key
      = idempotency_key != NULL ? g_strdup (idempotency_key) : g_uuid_string_random ();
  step->started_us = g_get_monotonic_time ();
  g_task_set_task_data (task, step, (GDestroyNotify)step_free);
  send_attempt (task);
}

/* ---- the interface ---- */

static void
client_open_session (KioskIssuanceService *service, KioskIssuanceProcedure procedure,
                     GBytes *auth_certificate, const char *idempotency_key,
                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "procedure", kiosk_issuance_procedure_to_string (procedure));
  kiosk_issuance_json_set_bytes (body, "auth_certificate", auth_certificate);
  /* The caller's key is the open step's Idempotency-Key: the same key, the same session. */
  post (KIOSK_ISSUANCE_HTTP_CLIENT (service), NULL, KIOSK_ISSUANCE_STEP_OPEN, body, idempotency_key,
        cancellable, callback, user_data, client_open_session);
}

static char *
client_open_session_finish (KioskIssuanceService *service, GAsyncResult *result, GBytes **challenge,
                            GError **error)
{
  (void)service;
  g_autoptr (JsonObject) object = g_task_propagate_pointer (G_TASK (result), error);
  if (object == NULL)
    return NULL;
  const char *id = kiosk_issuance_json_get_string (object, "session_id", error);
  if (id == NULL)
    return NULL;
  g_autoptr (GBytes) bytes = kiosk_issuance_json_get_bytes (object, "challenge", FALSE, error);
  if (bytes == NULL)
    return NULL;
  if (g_bytes_get_size (bytes) != KIOSK_ISSUANCE_CHALLENGE_SIZE)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "the challenge is not %u bytes", KIOSK_ISSUANCE_CHALLENGE_SIZE);
      return NULL;
    }
  if (challenge != NULL)
    *challenge = g_steal_pointer (&bytes);
  return g_strdup (id);
}

static void
client_prove (KioskIssuanceService *service, const char *session_id, GBytes *signature,
              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();

  kiosk_issuance_json_set_bytes (body, "signature", signature);
  post (KIOSK_ISSUANCE_HTTP_CLIENT (service), session_id, KIOSK_ISSUANCE_STEP_PROOF, body, NULL,
        cancellable, callback, user_data, client_prove);
}

static gboolean
get_boolean (JsonObject *object, const char *member, gboolean *out, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "the field “%s” is missing or not a boolean", member);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
client_prove_finish (KioskIssuanceService *service, GAsyncResult *result, KioskIssuanceGrant *grant,
                     GError **error)
{
  (void)service;
  g_autoptr (JsonObject) object = g_task_propagate_pointer (G_TASK (result), error);
  KioskIssuanceGrant answer = { 0 };

  if (object == NULL || !get_boolean (object, "auth", &answer.auth, error)
      || !get_boolean (object, "sign", &answer.sign, error))
    return FALSE;
  const char *reason = json_object_get_string_member_with_default (object, "sign_reason", "none");
  if (!kiosk_issuance_reason_from_string (reason, &answer.sign_reason))
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "unknown sign_reason “%s”", reason);
      return FALSE;
    }
  if (grant != NULL)
    *grant = answer;
  return TRUE;
}

static void
client_authorize_management (KioskIssuanceService *service, const char *session_id, GBytes *card_id,
                             GBytes *card_challenge, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();

  kiosk_issuance_json_set_bytes (body, "card_id", card_id);
  kiosk_issuance_json_set_bytes (body, "card_challenge", card_challenge);
  post (KIOSK_ISSUANCE_HTTP_CLIENT (service), session_id, KIOSK_ISSUANCE_STEP_MANAGEMENT, body,
        NULL, cancellable, callback, user_data, client_authorize_management);
}

static GBytes *
client_authorize_management_finish (KioskIssuanceService *service, GAsyncResult *result,
                                    GError **error)
{
  (void)service;
  g_autoptr (JsonObject) object = g_task_propagate_pointer (G_TASK (result), error);
  if (object == NULL)
    return NULL;
  g_autoptr (GBytes) cryptogram
             = kiosk_issuance_json_get_bytes (object, "cryptogram", FALSE, error);
  if (cryptogram != NULL && g_bytes_get_size (cryptogram) != KIOSK_ISSUANCE_CRYPTOGRAM_SIZE)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "the cryptogram is not %u bytes", KIOSK_ISSUANCE_CRYPTOGRAM_SIZE);
      return NULL;
    }
  return g_steal_pointer (&cryptogram);
}

static void
client_issue (KioskIssuanceService *service, const char *session_id, GBytes *auth_modulus,
              GBytes *sign_modulus, GCancellable *cancellable, GAsyncReadyCallback callback,
              gpointer user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();

  kiosk_issuance_json_set_bytes (body, "auth_modulus", auth_modulus);
  kiosk_issuance_json_set_bytes (body, "sign_modulus", sign_modulus);
  post (KIOSK_ISSUANCE_HTTP_CLIENT (service), session_id, KIOSK_ISSUANCE_STEP_CERTIFICATES, body,
        NULL, cancellable, callback, user_data, client_issue);
}

static KioskIssuedCertificates *
client_issue_finish (KioskIssuanceService *service, GAsyncResult *result, GError **error)
{
  (void)service;
  g_autoptr (JsonObject) object = g_task_propagate_pointer (G_TASK (result), error);
  if (object == NULL)
    return NULL;
  g_autoptr (KioskIssuedCertificates) issued = g_new0 (KioskIssuedCertificates, 1);
  GError *local = NULL;

  issued->auth_certificate
      = kiosk_issuance_json_get_bytes (object, "auth_certificate", TRUE, &local);
  if (local == NULL)
    issued->sign_certificate
        = kiosk_issuance_json_get_bytes (object, "sign_certificate", TRUE, &local);
  if (local == NULL)
    issued->auth_ca_certificate
        = kiosk_issuance_json_get_bytes (object, "auth_ca_certificate", FALSE, &local);
  if (local == NULL)
    issued->sign_ca_certificate
        = kiosk_issuance_json_get_bytes (object, "sign_ca_certificate", FALSE, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return g_steal_pointer (&issued);
}

static void
client_commit (KioskIssuanceService *service, const char *session_id, GCancellable *cancellable,
               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();

  post (KIOSK_ISSUANCE_HTTP_CLIENT (service), session_id, KIOSK_ISSUANCE_STEP_COMMIT, body, NULL,
        cancellable, callback, user_data, client_commit);
}

static gboolean
client_commit_finish (KioskIssuanceService *service, GAsyncResult *result, GError **error)
{
  (void)service;
  g_autoptr (JsonObject) object = g_task_propagate_pointer (G_TASK (result), error);
  gboolean committed = FALSE;

  if (object == NULL || !get_boolean (object, "committed", &committed, error))
    return FALSE;
  if (!committed)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "the service did not commit the session");
      return FALSE;
    }
  return TRUE;
}

static void
kiosk_issuance_http_client_service_init (KioskIssuanceServiceInterface *iface)
{
  iface->open_session = client_open_session;
  iface->open_session_finish = client_open_session_finish;
  iface->prove = client_prove;
  iface->prove_finish = client_prove_finish;
  iface->authorize_management = client_authorize_management;
  iface->authorize_management_finish = client_authorize_management_finish;
  iface->issue = client_issue;
  iface->issue_finish = client_issue_finish;
  iface->commit = client_commit;
  iface->commit_finish = client_commit_finish;
}
