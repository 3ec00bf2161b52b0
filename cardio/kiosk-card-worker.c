/* kiosk-card-worker.c: the one thread that owns all card I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-card-worker.h"

#include "kiosk-card-error.h"
#include "kiosk-jpki.h"

/*
 * How the reader stack maps to the one event this worker posts, "reader-state-changed"
 * (state, reader name). The transport decides the state; the worker posts every change, and
 * the first state it finds, on the main context.
 *
 *   what happened                               state          reader name
 *   -----------------------------------------   ------------   --------------------------
 *   pcscd not running / stopped / restarting    NO_SERVICE     NULL
 *   service up, no reader matches the filter    NO_READER      NULL
 *   reader plugged in (or card taken out)       EMPTY          the reader
 *   card inserted and powered (ATR read)        CARD_PRESENT   the reader
 *   card inserted, no ATR                       CARD_MUTE      the reader
 *   card pulled during a request                REMOVED error to the request, then EMPTY
 *   reader unplugged during a request           READER_GONE error, then NO_READER
 *   pcscd gone during a request                 NO_SERVICE error, then NO_SERVICE
 *
 * The worker keeps the card connected between requests while it stays CARD_PRESENT, and
 * releases it on any other state, so a swapped card is always connected afresh.
 */

/* How long one wait on the reader lasts when nothing happens. Transports do not lose a wake-up
 * (interrupt() is sticky, and the PC/SC transport repeats SCardCancel until the wait returns),
 * so this is only a safety net should one ever be lost. */
#define WAIT_TIMEOUT_MS 1000

/*
 * Requests. Adding one = a kind, a snapshot in Request (PINs as KioskSecret), a run function
 * and a row in request_kinds[], plus the public async/finish pair.
 */
typedef enum
{
  REQUEST_READ_STATUS,
  REQUEST_VERIFY,
  REQUEST_CHANGE_SECRET,
  REQUEST_SIGN,
  REQUEST_GET_CARD_ID,
  REQUEST_GET_CHALLENGE,
  REQUEST_EXTERNAL_AUTHENTICATE,
  REQUEST_GENERATE_KEY_PAIR,
  REQUEST_WRITE_CERTIFICATES,
  REQUEST_ACTIVATE,
  REQUEST_SET_SECRET,
} RequestKind;

/* The certificate EFs write_certificates fills, in the order of Request.certificates. */
static const guint16 certificate_efs[] = {
  KIOSK_JPKI_EF_AUTH_CERT,
  KIOSK_JPKI_EF_SIGN_CERT,
  KIOSK_JPKI_EF_AUTH_CA,
  KIOSK_JPKI_EF_SIGN_CA,
};

typedef struct
{
  RequestKind kind;
  /* Cancelled by the caller's cancellable or by stop(); the caller's own is never cancelled
   * here. */
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong caller_handler;

  /* The snapshot a request carries (what it does not need stays NULL). The secrets are dropped,
   * and so wiped, as soon as the request has run. */
  KioskJpkiSecret which;
  KioskSecret *secret;
  KioskSecret *new_secret;
  char *session_id;
  GBytes *data; /* a DigestInfo to sign, or a cryptogram */
  GBytes *certificates[G_N_ELEMENTS (certificate_efs)];
  /* Out: the tries left VERIFY reported (-1: not known), read by the finish functions. */
  int tries_left;
} Request;

/* Runs on the worker thread; returns a result for g_task_return_pointer() or NULL with @error. */
typedef gpointer (*RequestRunFunc) (KioskCardWorker *self, Request *request, GError **error);

static gpointer run_read_status (KioskCardWorker *self, Request *request, GError **error);
static gpointer run_verify (KioskCardWorker *self, Request *request, GError **error);
static gpointer run_change_secret (KioskCardWorker *self, Request *request, GError **error);
static gpointer run_sign (KioskCardWorker *self, Request *request, GError **error);
static gpointer run_get_card_id (KioskCardWorker *self, Request *request, GError **error);
static gpointer run_get_challenge (KioskCardWorker *self, Request *request, GError **error);
static gpointer run_external_authenticate (KioskCardWorker *self, Request *request, GError **error);
static gpointer run_generate_key_pair (KioskCardWorker *self, Request *request, GError **error);
static gpointer run_write_certificates (KioskCardWorker *self, Request *request, GError **error);
static gpointer run_activate (KioskCardWorker *self, Request *request, GError **error);
static gpointer run_set_secret (KioskCardWorker *self, Request *request, GError **error);

static const struct
{
  RequestKind kind;
  RequestRunFunc run;
  GDestroyNotify free_result;
} request_kinds[] = {
  { REQUEST_READ_STATUS, run_read_status, g_object_unref },
  { REQUEST_VERIFY, run_verify, NULL },
  { REQUEST_CHANGE_SECRET, run_change_secret, NULL },
  { REQUEST_SIGN, run_sign, (GDestroyNotify)g_bytes_unref },
  { REQUEST_GET_CARD_ID, run_get_card_id, (GDestroyNotify)g_bytes_unref },
  { REQUEST_GET_CHALLENGE, run_get_challenge, (GDestroyNotify)g_bytes_unref },
  { REQUEST_EXTERNAL_AUTHENTICATE, run_external_authenticate, NULL },
  { REQUEST_GENERATE_KEY_PAIR, run_generate_key_pair, (GDestroyNotify)g_bytes_unref },
  { REQUEST_WRITE_CERTIFICATES, run_write_certificates, NULL },
  { REQUEST_ACTIVATE, run_activate, NULL },
  { REQUEST_SET_SECRET, run_set_secret, NULL },
};

/* What a request with no data to return gives g_task_return_pointer (which needs non-NULL). */
#define REQUEST_DONE GINT_TO_POINTER (1)

struct _KioskCardWorker
{
  GObject parent_instance;

  /* Owned, set at construction */
  KioskCardTransport *transport;
  KioskTrustStore *trust;
  GMainContext *main_context;

  /* Main thread only: the state as the last event delivered it */
  KioskReaderState reader_state;
  char *reader_name;
  GThread *thread;

  /* Shared with the worker thread, under lock */
  GMutex lock;
  GQueue requests;       /* GTask */
  GCancellable *running; /* the running request's cancellable */
  gboolean stopping;

  /* Worker thread only */
  gboolean connected;
  gboolean ap_selected; /* the JPKI AP, in this connection: its security state is ours */
  GBytes *atr;
};

G_DEFINE_FINAL_TYPE (KioskCardWorker, kiosk_card_worker, G_TYPE_OBJECT)

enum
{
  SIGNAL_READER_STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The secrets go as soon as the request has run, not when its task is finally dropped. */
static void
request_clear_secrets (Request *request)
{
  g_clear_pointer (&request->secret, kiosk_secret_unref);
  g_clear_pointer (&request->new_secret, kiosk_secret_unref);
}

static void
request_free (Request *request)
{
  request_clear_secrets (request);
  g_clear_pointer (&request->session_id, g_free);
  g_clear_pointer (&request->data, g_bytes_unref);
  for (guint i = 0; i < G_N_ELEMENTS (request->certificates); i++)
    g_clear_pointer (&request->certificates[i], g_bytes_unref);
  if (request->caller_handler != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_handler);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_free (request);
}

static void
caller_cancelled_cb (GCancellable *caller, gpointer user_data)
{
  GCancellable *own = user_data;

  g_cancellable_cancel (own);
}

static Request *
request_new (RequestKind kind, GCancellable *caller_cancellable)
{
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->tries_left = -1;
  request->cancellable = g_cancellable_new ();
  if (caller_cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (caller_cancellable);
      /* The handler's data is not owned: request_free() disconnects it before dropping
       * request->cancellable. */
      request->caller_handler = g_cancellable_connect (
          caller_cancellable, G_CALLBACK (caller_cancelled_cb), request->cancellable, NULL);
    }
  return request;
}

/* Events to the main context */

typedef struct
{
  GWeakRef worker;
  KioskReaderState state;
  char *reader_name;
} StateEvent;

static void
state_event_free (gpointer data)
{
  StateEvent *event = data;

  g_weak_ref_clear (&event->worker);
  g_free (event->reader_name);
  g_free (event);
}

static gboolean
deliver_state_event (gpointer data)
{
  StateEvent *event = data;
  g_autoptr (KioskCardWorker) self = g_weak_ref_get (&event->worker);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  self->reader_state = event->state;
  g_free (self->reader_name);
  self->reader_name = g_strdup (event->reader_name);
  g_debug ("reader state %s (%s)", kiosk_reader_state_to_string (event->state),
           event->reader_name ? event->reader_name : "no reader");
  g_signal_emit (self, signals[SIGNAL_READER_STATE_CHANGED], 0, event->state, event->reader_name);
  return G_SOURCE_REMOVE;
}

/* The worker never emits a signal itself: it attaches a source to the main context.
 * g_main_context_invoke() is not used because it runs the callback right here when this thread
 * can acquire the context (the global default, while nobody iterates it). */
static void
post_state (KioskCardWorker *self, KioskReaderState state, const char *reader_name)
{
  StateEvent *event = g_new0 (StateEvent, 1);
  g_autoptr (GSource) source = g_idle_source_new ();

  g_weak_ref_init (&event->worker, self);
  event->state = state;
  event->reader_name = g_strdup (reader_name);

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[kiosk] reader state");
  g_source_set_callback (source, deliver_state_event, event, state_event_free);
  g_source_attach (source, self->main_context);
}

static gboolean
drop_on_main (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* The worker thread must not drop the last reference to a task: that can be the last reference
 * to the worker itself (the task's source object), whose dispose joins this very thread. */
static void
release_task_on_main (KioskCardWorker *self, GTask *task)
{
  g_autoptr (GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[kiosk] release request");
  g_source_set_callback (source, drop_on_main, task, g_object_unref);
  g_source_attach (source, self->main_context);
}

/* The worker thread */

static void
disconnect_card (KioskCardWorker *self, gboolean reset)
{
  if (!self->connected)
    return;
  kiosk_card_transport_disconnect (self->transport, reset);
  self->connected = FALSE;
  self->ap_selected = FALSE;
  g_clear_pointer (&self->atr, g_bytes_unref);
}

static gboolean
ensure_connected (KioskCardWorker *self, GError **error)
{
  if (self->connected)
    return TRUE;

  self->atr = kiosk_card_transport_connect (self->transport, error);
  self->connected = self->atr != NULL;
  return self->connected;
}

static gpointer
run_read_status (KioskCardWorker *self, Request *request, GError **error)
{
  KioskCardTransport *t = self->transport;
  GCancellable *cancellable = request->cancellable;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GBytes) der = NULL;
  g_autoptr (KioskCertificate) certificate = NULL;
  g_autoptr (GError) trust_error = NULL;
  gboolean trusted = FALSE;
  guint auth_tries = 0, sign_tries = 0;
  int sign_tries_left = -1;

  self->ap_selected = FALSE;
  if (!ensure_connected (self, error) || !kiosk_jpki_select_ap (t, cancellable, error)
      || !kiosk_jpki_check_token (t, cancellable, error))
    return NULL;

  der = kiosk_jpki_read_certificate (t, KIOSK_JPKI_EF_AUTH_CERT, cancellable, &local_error);
  if (der == NULL)
    {
      /* A card issued without certificates: a status to show, not an error. */
      if (!g_error_matches (local_error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_END_OF_FILE)
          && !g_error_matches (local_error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&local_error);
    }
  else
    {
      certificate = kiosk_certificate_new_from_der (der, error);
      if (certificate == NULL)
        return NULL;
    }

  if (!kiosk_jpki_get_tries_left (t, KIOSK_JPKI_AUTH, &auth_tries, cancellable, error))
    return NULL;

  if (kiosk_jpki_get_tries_left (t, KIOSK_JPKI_SIGN, &sign_tries, cancellable, &local_error))
    sign_tries_left = sign_tries;
  else if (!g_error_matches (local_error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (certificate != NULL)
    {
      if (self->trust != NULL)
        trusted = kiosk_trust_store_verify (self->trust, certificate, &trust_error);
      else
        g_set_error (&trust_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no trust anchors");
    }

  self->ap_selected = TRUE;
  return kiosk_card_status_new (self->atr, certificate, trusted,
                                trust_error != NULL ? trust_error->message : NULL, auth_tries,
                                sign_tries_left);
}

/* Connected with the JPKI AP selected. The AP is selected once per connection: selecting it
 * again would clear what VERIFY and EXTERNAL AUTHENTICATE opened in earlier requests. */
static gboolean
ensure_jpki (KioskCardWorker *self, Request *request, GError **error)
{
  if (!ensure_connected (self, error))
    return FALSE;
  if (self->ap_selected)
    return TRUE;
  if (!kiosk_jpki_select_ap (self->transport, request->cancellable, error))
    return FALSE;
  self->ap_selected = TRUE;
  return TRUE;
}

static gpointer
run_verify (KioskCardWorker *self, Request *request, GError **error)
{
  guint tries = 0;
  gboolean ok;

  if (!ensure_jpki (self, request, error))
    return NULL;
  ok = kiosk_jpki_verify (self->transport, request->which, request->secret, &tries,
                          request->cancellable, error);
  if (ok || g_error_matches (*error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN)
      || g_error_matches (*error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_BLOCKED))
    request->tries_left = (int)tries;
  return ok ? REQUEST_DONE : NULL;
}

static gpointer
run_change_secret (KioskCardWorker *self, Request *request, GError **error)
{
  guint tries = 0;
  gboolean ok;

  if (!ensure_jpki (self, request, error))
    return NULL;
  ok = kiosk_jpki_verify_and_change (self->transport, request->which, request->secret,
                                     request->new_secret, &tries, request->cancellable, error);
  /* As for a VERIFY: the tries left after success (the maximum) or a refusal. */
  if (ok || g_error_matches (*error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN)
      || g_error_matches (*error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_BLOCKED))
    request->tries_left = (int)tries;
  return ok ? REQUEST_DONE : NULL;
}

static gpointer
run_sign (KioskCardWorker *self, Request *request, GError **error)
{
  if (!ensure_jpki (self, request, error))
    return NULL;
  return kiosk_jpki_sign (self->transport, request->which, request->data, request->cancellable,
                          error);
}

static gpointer
run_get_card_id (KioskCardWorker *self, Request *request, GError **error)
{
  if (!ensure_jpki (self, request, error))
    return NULL;
  return kiosk_jpki_get_card_id (self->transport, request->cancellable, error);
}

static gpointer
run_get_challenge (KioskCardWorker *self, Request *request, GError **error)
{
  if (!ensure_jpki (self, request, error))
    return NULL;
  return kiosk_jpki_get_challenge (self->transport, request->cancellable, error);
}

static gpointer
run_external_authenticate (KioskCardWorker *self, Request *request, GError **error)
{
  /* No SELECT in between: any command would spend the challenge. Without the AP selected in
   * this connection there is no challenge anyway, and the card says so. */
  if (!ensure_connected (self, error)
      || !kiosk_jpki_external_authenticate (self->transport, request->session_id, request->data,
                                            request->cancellable, error))
    return NULL;
  return REQUEST_DONE;
}

static gpointer
run_generate_key_pair (KioskCardWorker *self, Request *request, GError **error)
{
  if (!ensure_jpki (self, request, error))
    return NULL;
  return kiosk_jpki_generate_key_pair (self->transport, request->which, request->cancellable,
                                       error);
}

static gpointer
run_write_certificates (KioskCardWorker *self, Request *request, GError **error)
{
  if (!ensure_jpki (self, request, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (certificate_efs); i++)
    if (request->certificates[i] != NULL
        && !kiosk_jpki_write_ef (self->transport, certificate_efs[i], request->certificates[i],
                                 request->cancellable, error))
      return NULL;
  return REQUEST_DONE;
}

static gpointer
run_activate (KioskCardWorker *self, Request *request, GError **error)
{
  if (!ensure_jpki (self, request, error)
      || !kiosk_jpki_activate (self->transport, request->cancellable, error))
    return NULL;
  return REQUEST_DONE;
}

static gpointer
run_set_secret (KioskCardWorker *self, Request *request, GError **error)
{
  if (!ensure_jpki (self, request, error)
      || !kiosk_jpki_set_secret (self->transport, request->which, request->new_secret,
                                 request->cancellable, error))
    return NULL;
  return REQUEST_DONE;
}

static void
run_request (KioskCardWorker *self, GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  gpointer result = NULL;

  g_assert ((guint)request->kind < G_N_ELEMENTS (request_kinds));
  g_assert (request_kinds[request->kind].kind == request->kind);

  if (!g_cancellable_set_error_if_cancelled (request->cancellable, &error))
    result = request_kinds[request->kind].run (self, request, &error);
  request_clear_secrets (request);

  if (result == NULL)
    {
      g_assert (error != NULL);
      g_debug ("request failed: %s", error->message);
      if (kiosk_card_error_is_card_gone (error))
        /* The handle is dead; the next wait reports the new state at once. */
        disconnect_card (self, FALSE);
      else if (g_error_matches (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_UNRESPONSIVE)
               || g_error_matches (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED))
        /* Start the next request from a freshly reset card. */
        disconnect_card (self, TRUE);
    }

  g_mutex_lock (&self->lock);
  g_clear_object (&self->running);
  g_mutex_unlock (&self->lock);

  if (result != NULL)
    g_task_return_pointer (task, result, request_kinds[request->kind].free_result);
  else
    g_task_return_error (task, g_steal_pointer (&error));
  release_task_on_main (self, task);
}

/* One wait on the reader: posts what changed and lets the card go when it is not there. */
static void
watch_reader (KioskCardWorker *self, KioskReaderState *known, char **known_name, gboolean first)
{
  g_autofree char *name = NULL;
  /* The first look does not block, so the main thread learns the state at once. */
  KioskReaderState state = kiosk_card_transport_wait_for_change (
      self->transport, *known, first ? 0 : WAIT_TIMEOUT_MS, &name);

  if (first || state != *known || g_strcmp0 (name, *known_name) != 0)
    post_state (self, state, name);
  if (state != KIOSK_READER_STATE_CARD_PRESENT)
    disconnect_card (self, FALSE);

  *known = state;
  g_free (*known_name);
  *known_name = g_steal_pointer (&name);
}

static gpointer
worker_thread (gpointer data)
{
  KioskCardWorker *self = data;
  KioskReaderState known = KIOSK_READER_STATE_NO_SERVICE;
  g_autofree char *known_name = NULL;
  gboolean first = TRUE;

  for (;;)
    {
      GTask *task;

      g_mutex_lock (&self->lock);
      if (self->stopping)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      task = g_queue_pop_head (&self->requests);
      if (task != NULL)
        {
          Request *request = g_task_get_task_data (task);
          self->running = g_object_ref (request->cancellable);
        }
      g_mutex_unlock (&self->lock);

      if (task != NULL)
        run_request (self, task);
      else
        {
          watch_reader (self, &known, &known_name, first);
          first = FALSE;
        }
    }

  /* Reset so no verified state outlives the kiosk's session with the card. */
  disconnect_card (self, TRUE);
  return NULL;
}

/* GObject */

static void
kiosk_card_worker_dispose (GObject *object)
{
  KioskCardWorker *self = KIOSK_CARD_WORKER (object);

  kiosk_card_worker_stop (self);

  G_OBJECT_CLASS (kiosk_card_worker_parent_class)->dispose (object);
}

static void
kiosk_card_worker_finalize (GObject *object)
{
  KioskCardWorker *self = KIOSK_CARD_WORKER (object);

  g_assert (self->thread == NULL);
  g_assert (g_queue_is_empty (&self->requests));

  g_clear_object (&self->transport);
  g_clear_object (&self->trust);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->reader_name, g_free);
  g_clear_pointer (&self->atr, g_bytes_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kiosk_card_worker_parent_class)->finalize (object);
}

static void
kiosk_card_worker_class_init (KioskCardWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_card_worker_dispose;
  object_class->finalize = kiosk_card_worker_finalize;

  /**
   * KioskCardWorker::reader-state-changed:
   * @state: the KioskReaderState now
   * @reader_name: (nullable): the reader it is about
   *
   * Emitted on the main context for every change, and once for the first state found.
   */
  signals[SIGNAL_READER_STATE_CHANGED]
      = g_signal_new ("reader-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 2, KIOSK_TYPE_READER_STATE, G_TYPE_STRING);
}

static void
kiosk_card_worker_init (KioskCardWorker *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->requests);
  self->reader_state = KIOSK_READER_STATE_NO_SERVICE;
}

KioskCardWorker *
kiosk_card_worker_new (KioskCardTransport *transport, KioskTrustStore *trust)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (transport), NULL);
  g_return_val_if_fail (trust == NULL || KIOSK_IS_TRUST_STORE (trust), NULL);

  KioskCardWorker *self = g_object_new (KIOSK_TYPE_CARD_WORKER, NULL);

  self->transport = g_object_ref (transport);
  self->trust = trust != NULL ? g_object_ref (trust) : NULL;
  self->main_context = g_main_context_ref_thread_default ();
  return self;
}

void
kiosk_card_worker_start (KioskCardWorker *self)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));

  if (self->thread != NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stopping = FALSE;
  g_mutex_unlock (&self->lock);

  self->thread = g_thread_new ("kiosk-card", worker_thread, self);
}

void
kiosk_card_worker_stop (KioskCardWorker *self)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));

  g_autoptr (GCancellable) running = NULL;
  GTask *task;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  running = self->running != NULL ? g_object_ref (self->running) : NULL;
  g_mutex_unlock (&self->lock);

  /* The running request stops at its next APDU; a wait returns at once. */
  if (running != NULL)
    g_cancellable_cancel (running);
  kiosk_card_transport_interrupt (self->transport);

  if (self->thread != NULL)
    g_thread_join (g_steal_pointer (&self->thread));

  /* Requests that never ran. No lock needed: the thread is gone. */
  while ((task = g_queue_pop_head (&self->requests)) != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "the card worker stopped");
      g_object_unref (task);
    }
}

KioskReaderState
kiosk_card_worker_get_reader_state (KioskCardWorker *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_WORKER (self), KIOSK_READER_STATE_NO_SERVICE);

  return self->reader_state;
}

const char *
kiosk_card_worker_get_reader_name (KioskCardWorker *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_WORKER (self), NULL);

  return self->reader_name;
}

KioskCardTransport *
kiosk_card_worker_get_transport (KioskCardWorker *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_WORKER (self), NULL);

  return self->transport;
}

/* Queues @task for the worker thread and wakes it. */
static void
queue_request (KioskCardWorker *self, GTask *task)
{
  g_mutex_lock (&self->lock);
  if (self->stopping)
    {
      g_mutex_unlock (&self->lock);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "the card worker is stopped");
      g_object_unref (task);
      return;
    }
  g_queue_push_tail (&self->requests, task);
  g_mutex_unlock (&self->lock);

  kiosk_card_transport_interrupt (self->transport);
}

void
kiosk_card_worker_read_status_async (KioskCardWorker *self, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, kiosk_card_worker_read_status_async);
  g_task_set_name (task, "[kiosk] read card status");
  g_task_set_task_data (task, request_new (REQUEST_READ_STATUS, cancellable),
                        (GDestroyNotify)request_free);
  queue_request (self, task);
}

KioskCardStatus *
kiosk_card_worker_read_status_finish (KioskCardWorker *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_WORKER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (
      g_task_get_source_tag (G_TASK (result)) == kiosk_card_worker_read_status_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- Card procedures and card management ------------------------------------------------- */

static Request *
queue_new_request (KioskCardWorker *self, RequestKind kind, gpointer source_tag, const char *name,
                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data,
                   GTask **task_out)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = request_new (kind, cancellable);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, name);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);
  *task_out = task;
  return request;
}

static gboolean
check_finish (KioskCardWorker *self, GAsyncResult *result, gpointer source_tag)
{
  return KIOSK_IS_CARD_WORKER (self) && g_task_is_valid (result, self)
         && g_task_get_source_tag (G_TASK (result)) == source_tag;
}

static gboolean
finish_done (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

static void
set_tries_left (GAsyncResult *result, guint *tries_left)
{
  Request *request = g_task_get_task_data (G_TASK (result));

  if (tries_left != NULL && request->tries_left >= 0)
    *tries_left = (guint)request->tries_left;
}

void
kiosk_card_worker_verify_async (KioskCardWorker *self, KioskJpkiSecret which, KioskSecret *secret,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));
  g_return_if_fail (secret != NULL);

  GTask *task;
  Request *request = queue_new_request (self, REQUEST_VERIFY, kiosk_card_worker_verify_async,
                                        "[kiosk] verify", cancellable, callback, user_data, &task);
  request->which = which;
  request->secret = kiosk_secret_ref (secret);
  queue_request (self, task);
}

gboolean
kiosk_card_worker_verify_finish (KioskCardWorker *self, GAsyncResult *result, guint *tries_left,
                                 GError **error)
{
  g_return_val_if_fail (check_finish (self, result, kiosk_card_worker_verify_async), FALSE);

  set_tries_left (result, tries_left);
  return finish_done (result, error);
}

void
kiosk_card_worker_change_secret_async (KioskCardWorker *self, KioskJpkiSecret which,
                                       KioskSecret *current, KioskSecret *new_secret,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));
  g_return_if_fail (current != NULL && new_secret != NULL);

  GTask *task;
  Request *request
      = queue_new_request (self, REQUEST_CHANGE_SECRET, kiosk_card_worker_change_secret_async,
                           "[kiosk] change secret", cancellable, callback, user_data, &task);
  request->which = which;
  request->secret = kiosk_secret_ref (current);
  request->new_secret = kiosk_secret_ref (new_secret);
  queue_request (self, task);
}

gboolean
kiosk_card_worker_change_secret_finish (KioskCardWorker *self, GAsyncResult *result,
                                        guint *tries_left, GError **error)
{
  g_return_val_if_fail (check_finish (self, result, kiosk_card_worker_change_secret_async), FALSE);

  set_tries_left (result, tries_left);
  return finish_done (result, error);
}

void
kiosk_card_worker_sign_async (KioskCardWorker *self, KioskJpkiSecret which, GBytes *digest_info,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));
  g_return_if_fail (digest_info != NULL);

  GTask *task;
  Request *request = queue_new_request (self, REQUEST_SIGN, kiosk_card_worker_sign_async,
                                        "[kiosk] sign", cancellable, callback, user_data, &task);
  request->which = which;
  request->data = g_bytes_ref (digest_info);
  queue_request (self, task);
}

GBytes *
kiosk_card_worker_sign_finish (KioskCardWorker *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (check_finish (self, result, kiosk_card_worker_sign_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kiosk_card_worker_get_card_id_async (KioskCardWorker *self, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));

  GTask *task;
  queue_new_request (self, REQUEST_GET_CARD_ID, kiosk_card_worker_get_card_id_async,
                     "[kiosk] get card id", cancellable, callback, user_data, &task);
  queue_request (self, task);
}

GBytes *
kiosk_card_worker_get_card_id_finish (KioskCardWorker *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (check_finish (self, result, kiosk_card_worker_get_card_id_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kiosk_card_worker_get_challenge_async (KioskCardWorker *self, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));

  GTask *task;
  queue_new_request (self, REQUEST_GET_CHALLENGE, kiosk_card_worker_get_challenge_async,
                     "[kiosk] get challenge", cancellable, callback, user_data, &task);
  queue_request (self, task);
}

GBytes *
kiosk_card_worker_get_challenge_finish (KioskCardWorker *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (check_finish (self, result, kiosk_card_worker_get_challenge_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kiosk_card_worker_external_authenticate_async (KioskCardWorker *self, const char *session_id,
                                               GBytes *cryptogram, GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));
  g_return_if_fail (session_id != NULL && cryptogram != NULL);

  GTask *task;
  Request *request = queue_new_request (
      self, REQUEST_EXTERNAL_AUTHENTICATE, kiosk_card_worker_external_authenticate_async,
      "[kiosk] external authenticate", cancellable, callback, user_data, &task);
  request->session_id = g_strdup (session_id);
  request->data = g_bytes_ref (cryptogram);
  queue_request (self, task);
}

gboolean
kiosk_card_worker_external_authenticate_finish (KioskCardWorker *self, GAsyncResult *result,
                                                GError **error)
{
  g_return_val_if_fail (check_finish (self, result, kiosk_card_worker_external_authenticate_async),
                        FALSE);

  return finish_done (result, error);
}

void
kiosk_card_worker_generate_key_pair_async (KioskCardWorker *self, KioskJpkiSecret which,
                                           GCancellable *cancellable, GAsyncReadyCallback callback,
                                           gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));

  GTask *task;
  Request *request = queue_new_request (
      self, REQUEST_GENERATE_KEY_PAIR, kiosk_card_worker_generate_key_pair_async,
      "[kiosk] generate key pair", cancellable, callback, user_data, &task);
  request->which = which;
  queue_request (self, task);
}

GBytes *
kiosk_card_worker_generate_key_pair_finish (KioskCardWorker *self, GAsyncResult *result,
                                            GError **error)
{
  g_return_val_if_fail (check_finish (self, result, kiosk_card_worker_generate_key_pair_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kiosk_card_worker_write_certificates_async (KioskCardWorker *self, GBytes *auth_certificate,
                                            GBytes *sign_certificate, GBytes *auth_ca,
                                            GBytes *sign_ca, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));
  g_return_if_fail (auth_certificate != NULL && auth_ca != NULL);

  GTask *task;
  Request *request = queue_new_request (
      self, REQUEST_WRITE_CERTIFICATES, kiosk_card_worker_write_certificates_async,
      "[kiosk] write certificates", cancellable, callback, user_data, &task);
  GBytes *certificates[] = { auth_certificate, sign_certificate, auth_ca, sign_ca };

  G_STATIC_ASSERT (G_N_ELEMENTS (certificates) == G_N_ELEMENTS (certificate_efs));
  for (guint i = 0; i < G_N_ELEMENTS (certificates); i++)
    request->certificates[i] = certificates[i] != NULL ? g_bytes_ref (certificates[i]) : NULL;
  queue_request (self, task);
}

gboolean
kiosk_card_worker_write_certificates_finish (KioskCardWorker *self, GAsyncResult *result,
                                             GError **error)
{
  g_return_val_if_fail (check_finish (self, result, kiosk_card_worker_write_certificates_async),
                        FALSE);

  return finish_done (result, error);
}

void
kiosk_card_worker_activate_async (KioskCardWorker *self, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));

  GTask *task;
  queue_new_request (self, REQUEST_ACTIVATE, kiosk_card_worker_activate_async, "[kiosk] activate",
                     cancellable, callback, user_data, &task);
  queue_request (self, task);
}

gboolean
kiosk_card_worker_activate_finish (KioskCardWorker *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (check_finish (self, result, kiosk_card_worker_activate_async), FALSE);

  return finish_done (result, error);
}

void
kiosk_card_worker_set_secret_async (KioskCardWorker *self, KioskJpkiSecret which,
                                    KioskSecret *new_secret, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_CARD_WORKER (self));
  g_return_if_fail (new_secret != NULL);

  GTask *task;
  Request *request
      = queue_new_request (self, REQUEST_SET_SECRET, kiosk_card_worker_set_secret_async,
                           "[kiosk] set secret", cancellable, callback, user_data, &task);
  request->which = which;
  request->new_secret = kiosk_secret_ref (new_secret);
  queue_request (self, task);
}

gboolean
kiosk_card_worker_set_secret_finish (KioskCardWorker *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (check_finish (self, result, kiosk_card_worker_set_secret_async), FALSE);

  return finish_done (result, error);
}
