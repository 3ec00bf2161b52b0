/* kiosk-controller.c: wires the card worker to the flow (no GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-controller.h"

#include "kiosk-renewal.h"

struct _KioskController
{
  GObject parent_instance;

  KioskConfig *config;
  KioskClock *clock;
  KioskFlow *flow;
  KioskCardWorker *worker;

  KioskReaderState reader_state;
  GCancellable *card_work; /* the request in flight, if any */

  KioskReceiptDesk *receipt_desk; /* NULL: no receipts */
  char *card_serial;              /* the auth certificate serial of this session's card */
  GBytes *auth_certificate;       /* this session's card's auth certificate (DER) */
  KioskFlowState last_state;

  KioskIssuanceService *issuance; /* NULL: renewal unavailable */
  KioskSessionJournal *journal;
};

G_DEFINE_FINAL_TYPE (KioskController, kiosk_controller, G_TYPE_OBJECT)

static void
cancel_card_work (KioskController *self)
{
  if (self->card_work != NULL)
    g_cancellable_cancel (self->card_work);
  g_clear_object (&self->card_work);
}

static void
kiosk_controller_dispose (GObject *object)
{
  KioskController *self = KIOSK_CONTROLLER (object);

  kiosk_controller_stop (self);
  if (self->flow != NULL)
    g_signal_handlers_disconnect_by_data (self->flow, self);
  if (self->worker != NULL)
    g_signal_handlers_disconnect_by_data (self->worker, self);
  g_clear_object (&self->worker);
  g_clear_object (&self->flow);
  g_clear_object (&self->receipt_desk);
  g_clear_pointer (&self->card_serial, g_free);
  g_clear_pointer (&self->auth_certificate, g_bytes_unref);
  g_clear_object (&self->issuance);
  g_clear_object (&self->journal);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);
  G_OBJECT_CLASS (kiosk_controller_parent_class)->dispose (object);
}

static void
kiosk_controller_class_init (KioskControllerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kiosk_controller_dispose;
}

static void
kiosk_controller_init (KioskController *self)
{
  self->reader_state = KIOSK_READER_STATE_NO_SERVICE;
}

static gboolean
reader_usable (KioskReaderState state)
{
  return state == KIOSK_READER_STATE_EMPTY || state == KIOSK_READER_STATE_CARD_PRESENT
         || state == KIOSK_READER_STATE_CARD_MUTE;
}

static gboolean
card_in (KioskReaderState state)
{
  /* A mute card is still a card the resident put in: the read then fails and the flow shows the
   * unreadable screen, which is what they need to see. */
  return state == KIOSK_READER_STATE_CARD_PRESENT || state == KIOSK_READER_STATE_CARD_MUTE;
}

/* Reader states become flow inputs:
 *
 * | before             | now                   | inputs                         |
 * |--------------------|-----------------------|--------------------------------|
 * | usable or unknown  | NO_SERVICE, NO_READER | READER_LOST                    |
 * | not usable         | EMPTY                 | READER_READY                   |
 * | not usable         | CARD_PRESENT, MUTE    | READER_READY, CARD_INSERTED    |
 * | EMPTY              | CARD_PRESENT, MUTE    | CARD_INSERTED                  |
 * | CARD_PRESENT, MUTE | EMPTY                 | CARD_REMOVED                   |
 */
static void
on_reader_state_changed (KioskCardWorker *worker, KioskReaderState state, const char *reader_name,
                         gpointer user_data)
{
  KioskController *self = user_data;
  KioskReaderState before = self->reader_state;

  self->reader_state = state;
  g_debug ("reader %s: %s → %s", reader_name != NULL ? reader_name : "(none)",
           kiosk_reader_state_to_string (before), kiosk_reader_state_to_string (state));

  if (!reader_usable (state))
    {
      kiosk_flow_input (self->flow, KIOSK_FLOW_INPUT_READER_LOST);
      return;
    }
  if (!reader_usable (before))
    kiosk_flow_input (self->flow, KIOSK_FLOW_INPUT_READER_READY);
  if (card_in (state) && !card_in (before))
    kiosk_flow_input (self->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  else if (!card_in (state) && card_in (before))
    kiosk_flow_input (self->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
}

typedef struct
{
  KioskController *self; /* weak: checked through the cancellable */
  GCancellable *cancellable;
} ReadContext;

static void
on_status_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ReadContext *ctx = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardStatus) status = NULL;

  status = kiosk_card_worker_read_status_finish (KIOSK_CARD_WORKER (source), result, &error);
  /* A cancelled request's controller may be gone: look at nothing but the cancellable. */
  if (g_cancellable_is_cancelled (ctx->cancellable)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  if (ctx->self->card_work == ctx->cancellable)
    g_clear_object (&ctx->self->card_work);
  if (status != NULL)
    {
      KioskCertificate *auth = kiosk_card_status_get_auth_certificate (status);

      g_free (ctx->self->card_serial);
      ctx->self->card_serial = auth != NULL ? g_strdup (kiosk_certificate_get_serial (auth)) : NULL;
      g_clear_pointer (&ctx->self->auth_certificate, g_bytes_unref);
      if (auth != NULL)
        ctx->self->auth_certificate = g_bytes_ref (kiosk_certificate_get_der (auth));
      kiosk_flow_status_read (ctx->self->flow, status);
    }
  else
    {
      g_message ("status read failed: %s", error->message);
      kiosk_flow_status_failed (ctx->self->flow, error);
    }

out:
  g_object_unref (ctx->cancellable);
  g_free (ctx);
}

static void
start_status_read (KioskController *self)
{
  ReadContext *ctx = g_new0 (ReadContext, 1);

  cancel_card_work (self);
  self->card_work = g_cancellable_new ();
  ctx->self = self;
  ctx->cancellable = g_object_ref (self->card_work);
  kiosk_card_worker_read_status_async (self->worker, self->card_work, on_status_read, ctx);
}

/* VERIFY and CHANGE: the worker takes its own references to the secrets, so the flow may drop
 * (wipe) them as soon as the resident leaves, whatever the card is doing. */
typedef struct
{
  KioskController *self; /* weak: checked through the cancellable */
  GCancellable *cancellable;
  gboolean change; /* CHANGE REFERENCE DATA after the VERIFY, or the VERIFY alone */
} SecretWorkContext;

static void
on_secret_work_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SecretWorkContext *ctx = user_data;
  KioskCardWorker *worker = KIOSK_CARD_WORKER (source);
  g_autoptr (GError) error = NULL;
  guint tries_left = G_MAXUINT;
  gboolean ok;

  if (ctx->change)
    ok = kiosk_card_worker_change_secret_finish (worker, result, &tries_left, &error);
  else
    ok = kiosk_card_worker_verify_finish (worker, result, &tries_left, &error);
  if (g_cancellable_is_cancelled (ctx->cancellable)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  if (ctx->self->card_work == ctx->cancellable)
    g_clear_object (&ctx->self->card_work);
  if (ok)
    kiosk_flow_card_work_done (ctx->self->flow);
  else
    {
      /* Never the secret, only what the card said about it. */
      g_message ("card refused or failed: %s", error->message);
      kiosk_flow_card_work_failed (ctx->self->flow, error,
                                   tries_left == G_MAXUINT ? -1 : (int)tries_left);
    }

out:
  g_object_unref (ctx->cancellable);
  g_free (ctx);
}

static void
start_secret_work (KioskController *self, gboolean change)
{
  KioskFlow *flow = self->flow;
  KioskSecret *current = kiosk_flow_get_current_secret (flow);
  KioskSecret *new_secret = kiosk_flow_get_new_secret (flow);
  SecretWorkContext *ctx;

  g_return_if_fail (current != NULL);
  g_return_if_fail (!change || new_secret != NULL);

  cancel_card_work (self);
  self->card_work = g_cancellable_new ();
  ctx = g_new0 (SecretWorkContext, 1);
  ctx->self = self;
  ctx->change = change;
  ctx->cancellable = g_object_ref (self->card_work);
  if (change)
    kiosk_card_worker_change_secret_async (self->worker, kiosk_flow_get_procedure_secret (flow),
                                           current, new_secret, self->card_work,
                                           on_secret_work_done, ctx);
  else
    kiosk_card_worker_verify_async (self->worker, kiosk_flow_get_procedure_secret (flow), current,
                                    self->card_work, on_secret_work_done, ctx);
}

/* The relay: its own object per run, its progress and result back to the flow. */
typedef struct
{
  KioskController *self; /* weak: checked through the cancellable */
  GCancellable *cancellable;
} RenewalContext;

static void
on_renewal_progress (KioskRenewal *renewal, guint step, guint count, const char *name,
                     gpointer user_data)
{
  RenewalContext *ctx = user_data;

  if (!g_cancellable_is_cancelled (ctx->cancellable))
    kiosk_flow_renewal_progress (ctx->self->flow, step, count);
}

static void
on_renewal_finished (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RenewalContext *ctx = user_data;
  g_autoptr (KioskRenewalResult) outcome = NULL;

  outcome = kiosk_renewal_run_finish (KIOSK_RENEWAL (source), result);
  g_signal_handlers_disconnect_by_func (source, on_renewal_progress, ctx);
  /* Never a secret in the result: what the card holds, the step, the reason code. */
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE",
                    "renewal ended: %s at %s, card %s%s", outcome->reason_code,
                    kiosk_renewal_step_to_string (outcome->step),
                    outcome->card == KIOSK_RENEWAL_CARD_NEW ? "new" : "old",
                    outcome->journaled ? ", session kept for staff" : "", "KIOSK_EVENT",
                    "renewal-finished", "REASON_CODE", outcome->reason_code, "SESSION_ID",
                    outcome->session_id != NULL ? outcome->session_id : "");
  if (g_cancellable_is_cancelled (ctx->cancellable))
    goto out;
  if (ctx->self->card_work == ctx->cancellable)
    g_clear_object (&ctx->self->card_work);
  kiosk_flow_renewal_finished (ctx->self->flow, outcome);

out:
  g_object_unref (ctx->cancellable);
  g_free (ctx);
}

static KioskRenewalResult *
service_missing_result (void)
{
  KioskRenewalResult result = { 0 };

  result.outcome = KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN;
  result.cause = KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN;
  result.card = KIOSK_RENEWAL_CARD_OLD;
  result.step = KIOSK_RENEWAL_STEP_OPEN_SESSION;
  result.tries_left = -1;
  result.reason_code = (char *)"SERVICE_DOWN";
  result.message = (char *)"no issuance service configured";
  return kiosk_renewal_result_copy (&result);
}

static void
start_renewal (KioskController *self)
{
  KioskFlow *flow = self->flow;
  g_autoptr (KioskRenewal) renewal = NULL;
  RenewalContext *ctx;

  cancel_card_work (self);
  if (self->issuance == NULL || self->journal == NULL || self->auth_certificate == NULL)
    {
      g_autoptr (KioskRenewalResult) missing = service_missing_result ();

      g_message ("renewal not possible: %s", missing->message);
      kiosk_flow_renewal_finished (flow, missing);
      return;
    }
  self->card_work = g_cancellable_new ();
  ctx = g_new0 (RenewalContext, 1);
  ctx->self = self;
  ctx->cancellable = g_object_ref (self->card_work);
  renewal = kiosk_renewal_new (self->worker, self->issuance, self->journal);
  g_signal_connect (renewal, "progress", G_CALLBACK (on_renewal_progress), ctx);
  /* The relay references what it needs; the flow may drop (wipe) its secrets at any time. */
  kiosk_renewal_run_async (renewal,
                           kiosk_flow_get_procedure (flow) == KIOSK_PROCEDURE_REISSUE_SIGN
                               ? KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN
                               : KIOSK_ISSUANCE_PROCEDURE_RENEW,
                           kiosk_flow_get_current_secret_for (flow, KIOSK_JPKI_AUTH),
                           kiosk_flow_get_needs_sign_password (flow)
                               ? kiosk_flow_get_current_secret_for (flow, KIOSK_JPKI_SIGN)
                               : NULL,
                           kiosk_flow_get_new_secret_for (flow, KIOSK_JPKI_AUTH),
                           kiosk_flow_get_new_secret_for (flow, KIOSK_JPKI_SIGN),
                           self->auth_certificate, self->card_work, on_renewal_finished, ctx);
}

static void
on_flow_command (KioskFlow *flow, int command, gpointer user_data)
{
  KioskController *self = user_data;

  switch ((KioskFlowCommand)command)
    {
    case KIOSK_FLOW_COMMAND_READ_STATUS:
      start_status_read (self);
      break;
    case KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK:
      cancel_card_work (self);
      break;
    case KIOSK_FLOW_COMMAND_VERIFY:
      start_secret_work (self, FALSE);
      break;
    case KIOSK_FLOW_COMMAND_CHANGE:
      start_secret_work (self, TRUE);
      break;
    case KIOSK_FLOW_COMMAND_RENEW:
      start_renewal (self);
      break;
    }
}

/* The receipt's language: the one the resident reads now (kiosk_locale_set_language() sets
 * LANGUAGE), Japanese by default. */
static char *
dup_resident_language (void)
{
  const char *languages = g_getenv ("LANGUAGE");
  g_auto (GStrv) list = NULL;

  if (languages == NULL || *languages == '\0')
    return g_strdup ("ja");
  list = g_strsplit (languages, ":", 2);
  return g_strdup (list[0] != NULL && *list[0] != '\0' ? list[0] : "ja");
}

/* The flow's reason for a handoff, as the receipt states it for staff. */
static KioskReason
receipt_reason_for (KioskHandoffReason reason)
{
  switch (reason)
    {
    case KIOSK_HANDOFF_PROXY:
      return KIOSK_REASON_PROXY;
    case KIOSK_HANDOFF_NO_SIGN_CERTIFICATE:
      return KIOSK_REASON_NO_CERTIFICATES;
    case KIOSK_HANDOFF_PIN_LOCKED:
      return KIOSK_REASON_PIN_LOCKED;
    case KIOSK_HANDOFF_SIGN_LOCKED:
      return KIOSK_REASON_SIGN_LOCKED;
    case KIOSK_HANDOFF_NO_CERTIFICATES:
      return KIOSK_REASON_NO_CERTIFICATES;
    case KIOSK_HANDOFF_EXPIRED:
      return KIOSK_REASON_EXPIRED_POLICY;
    case KIOSK_HANDOFF_RENEWAL_NOT_OPEN:
      return KIOSK_REASON_RENEWAL_NOT_OPEN;
    case KIOSK_HANDOFF_OUTSIDE_HOURS:
      return KIOSK_REASON_OUTSIDE_HOURS;
    case KIOSK_HANDOFF_MINOR:
      return KIOSK_REASON_MINOR;
    case KIOSK_HANDOFF_ADULT_WARD:
      return KIOSK_REASON_ADULT_WARD;
    case KIOSK_HANDOFF_REVOKED:
      return KIOSK_REASON_REVOKED;
    case KIOSK_HANDOFF_NOT_ELIGIBLE:
      return KIOSK_REASON_NOT_ELIGIBLE;
    case KIOSK_HANDOFF_SERVICE_BUSY:
      return KIOSK_REASON_SERVICE_BUSY;
    case KIOSK_HANDOFF_SERVICE_DOWN:
      return KIOSK_REASON_SERVICE_DOWN;
    case KIOSK_HANDOFF_INCOMPLETE_OLD:
      return KIOSK_REASON_RENEWAL_INCOMPLETE_OLD;
    case KIOSK_HANDOFF_INCOMPLETE_NEW:
      return KIOSK_REASON_RENEWAL_INCOMPLETE_NEW;
    case KIOSK_HANDOFF_KIOSK_FAULT:
      return KIOSK_REASON_KIOSK_FAULT;
    case KIOSK_HANDOFF_NONE:
      break;
    }
  return KIOSK_REASON_NONE;
}

/* A procedure that stopped midway (the card holds part of it, or the kiosk failed) is FAILED on
 * the receipt: staff must look at it. The rest were handed over as designed. */
static KioskOutcome
receipt_outcome_for (KioskHandoffReason reason)
{
  switch (reason)
    {
    case KIOSK_HANDOFF_INCOMPLETE_OLD:
    case KIOSK_HANDOFF_INCOMPLETE_NEW:
    case KIOSK_HANDOFF_KIOSK_FAULT:
      return KIOSK_OUTCOME_FAILED;
    default:
      return KIOSK_OUTCOME_HANDED_OFF;
    }
}

static void
issue_receipt (KioskController *self, KioskProcedure procedure, KioskOutcome outcome,
               KioskReason reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = kiosk_clock_now (self->clock);
  g_autofree char *language = dup_resident_language ();

  if (kiosk_receipt_desk_issue (self->receipt_desk, procedure, outcome, reason, language,
                                self->card_serial, now, &error)
      == NULL)
    /* The resident still finishes; staff see why there was no receipt. */
    g_message ("no receipt for %s %s %s: %s", kiosk_procedure_get_code (procedure),
               kiosk_outcome_get_code (outcome), kiosk_reason_get_code (reason), error->message);
}

static void
on_flow_state_changed (KioskFlow *flow, GParamSpec *pspec, gpointer user_data)
{
  KioskController *self = user_data;
  KioskProcedure procedure = kiosk_flow_get_procedure (flow);
  KioskFlowState state = kiosk_flow_get_state (flow);
  KioskFlowState before = self->last_state;

  self->last_state = state;
  if (state == KIOSK_FLOW_STATE_WELCOME || state == KIOSK_FLOW_STATE_NO_READER)
    g_clear_pointer (&self->auth_certificate, g_bytes_unref);
  if (self->receipt_desk == NULL)
    return;
  switch (state)
    {
    case KIOSK_FLOW_STATE_DONE:
      issue_receipt (self, procedure, KIOSK_OUTCOME_DONE, KIOSK_REASON_NONE);
      break;
    case KIOSK_FLOW_STATE_HANDOFF:
      /* A resident sent to the counter before choosing anything (a proxy) gets a handoff-only
       * receipt; one whose chosen procedure cannot go on, a receipt for that procedure. */
      issue_receipt (self,
                     procedure == KIOSK_PROCEDURE_NONE
                             || kiosk_flow_get_operator (flow) != KIOSK_OPERATOR_HOLDER
                         ? KIOSK_PROCEDURE_HANDOFF_ONLY
                         : procedure,
                     receipt_outcome_for (kiosk_flow_get_handoff_reason (flow)),
                     receipt_reason_for (kiosk_flow_get_handoff_reason (flow)));
      break;
    case KIOSK_FLOW_STATE_CARD_REMOVED:
      /* Pulled while the relay ran, before the card was touched for good: nothing changed, but
       * the resident was midway and may want to show the counter. */
      if (before == KIOSK_FLOW_STATE_RENEWING)
        issue_receipt (self, procedure, KIOSK_OUTCOME_FAILED, KIOSK_REASON_CARD_REMOVED);
      break;
    case KIOSK_FLOW_STATE_STATUS:
      if (procedure == KIOSK_PROCEDURE_NONE || procedure == KIOSK_PROCEDURE_CHECK_CARD)
        issue_receipt (self, KIOSK_PROCEDURE_CHECK_CARD, KIOSK_OUTCOME_DONE, KIOSK_REASON_NONE);
      break;
    case KIOSK_FLOW_STATE_WELCOME:
    case KIOSK_FLOW_STATE_PLACE_CARD:
      g_clear_pointer (&self->card_serial, g_free);
      kiosk_receipt_desk_clear (self->receipt_desk);
      break;
    default:
      break;
    }
}

static KioskTrustStore *
make_trust_store (KioskConfig *config, GError **error)
{
  g_autoptr (KioskTrustStore) trust = kiosk_trust_store_new ();
  const char *const *anchors = kiosk_config_get_trust_anchors (config);

  for (guint i = 0; anchors != NULL && anchors[i] != NULL; i++)
    if (!kiosk_trust_store_add_path (trust, anchors[i], error))
      return NULL;
  return g_steal_pointer (&trust);
}

KioskController *
kiosk_controller_new (KioskConfig *config, KioskClock *clock, KioskCardTransport *transport,
                      GError **error)
{
  g_autoptr (KioskController) self = NULL;
  g_autoptr (KioskTrustStore) trust = NULL;

  g_return_val_if_fail (KIOSK_IS_CONFIG (config), NULL);
  g_return_val_if_fail (KIOSK_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (transport), NULL);

  trust = make_trust_store (config, error);
  if (trust == NULL)
    return NULL;

  self = g_object_new (KIOSK_TYPE_CONTROLLER, NULL);
  self->config = g_object_ref (config);
  self->clock = g_object_ref (clock);
  self->flow = kiosk_flow_new (clock, config);
  self->worker = kiosk_card_worker_new (transport, trust);
  g_signal_connect (self->flow, "command", G_CALLBACK (on_flow_command), self);
  /* Connected before any window is made, so the receipt is there when a screen is entered. */
  g_signal_connect (self->flow, "notify::state", G_CALLBACK (on_flow_state_changed), self);
  g_signal_connect (self->worker, "reader-state-changed", G_CALLBACK (on_reader_state_changed),
                    self);
  return g_steal_pointer (&self);
}

void
kiosk_controller_start (KioskController *self)
{
  g_return_if_fail (KIOSK_IS_CONTROLLER (self));
  kiosk_card_worker_start (self->worker);
}

void
kiosk_controller_stop (KioskController *self)
{
  g_return_if_fail (KIOSK_IS_CONTROLLER (self));

  cancel_card_work (self);
  if (self->worker != NULL)
    kiosk_card_worker_stop (self->worker);
}

KioskFlow *
kiosk_controller_get_flow (KioskController *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTROLLER (self), NULL);
  return self->flow;
}

KioskCardWorker *
kiosk_controller_get_worker (KioskController *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTROLLER (self), NULL);
  return self->worker;
}

KioskConfig *
kiosk_controller_get_config (KioskController *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTROLLER (self), NULL);
  return self->config;
}

KioskClock *
kiosk_controller_get_clock (KioskController *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTROLLER (self), NULL);
  return self->clock;
}

void
kiosk_controller_set_receipt_desk (KioskController *self, KioskReceiptDesk *desk)
{
  g_return_if_fail (KIOSK_IS_CONTROLLER (self));
  g_return_if_fail (desk == NULL || KIOSK_IS_RECEIPT_DESK (desk));

  g_set_object (&self->receipt_desk, desk);
  kiosk_receipt_desk_attach (desk, G_OBJECT (self->flow));
}

KioskReceiptDesk *
kiosk_controller_get_receipt_desk (KioskController *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTROLLER (self), NULL);
  return self->receipt_desk;
}

void
kiosk_controller_set_issuance (KioskController *self, KioskIssuanceService *service,
                               KioskSessionJournal *journal)
{
  g_return_if_fail (KIOSK_IS_CONTROLLER (self));
  g_return_if_fail (service == NULL || KIOSK_IS_ISSUANCE_SERVICE (service));
  g_return_if_fail (journal == NULL || KIOSK_IS_SESSION_JOURNAL (journal));

  g_set_object (&self->issuance, service);
  g_set_object (&self->journal, journal);
}

KioskIssuanceService *
kiosk_controller_get_issuance (KioskController *self)
{
  g_return_val_if_fail (KIOSK_IS_CONTROLLER (self), NULL);
  return self->issuance;
}
