/* kiosk-renewal.c: one renewal or re-issue, relayed between the card and the issuance service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-renewal.h"

#include "kiosk-card-error.h"
#include "kiosk-issuance-error.h"
#include "kiosk-jpki.h"
#include "kiosk-secret-rules.h"

struct _KioskRenewal
{
  GObject parent_instance;

  KioskCardWorker *worker;
  KioskIssuanceService *service;
  KioskSessionJournal *journal;
  gboolean started;
};

G_DEFINE_FINAL_TYPE (KioskRenewal, kiosk_renewal, G_TYPE_OBJECT)

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_BOXED_TYPE (KioskRenewalResult, kiosk_renewal_result, kiosk_renewal_result_copy,
                     kiosk_renewal_result_free)

/* One run: everything the steps hand on to the next. */
typedef struct
{
  KioskRenewal *self;
  KioskIssuanceProcedure procedure;
  KioskRenewalStep step;
  KioskSecret *auth_pin;
  KioskSecret *sign_password;
  KioskSecret *new_auth_pin;
  KioskSecret *new_sign_password;
  GBytes *auth_certificate;
  gboolean card_has_sign;
  gboolean renew_auth;
  gboolean renew_sign;
  char *session_id;
  gboolean journaled;
  GBytes *challenge;
  GBytes *signature;
  GBytes *card_id;
  GBytes *card_challenge;
  GBytes *cryptogram;
  GBytes *auth_modulus;
  GBytes *sign_modulus;
  KioskIssuedCertificates *issued;
  gboolean activated;
  gboolean pin_set;
  gboolean password_set;
} Run;

static void
drop_secrets (Run *run)
{
  g_clear_pointer (&run->auth_pin, kiosk_secret_unref);
  g_clear_pointer (&run->sign_password, kiosk_secret_unref);
  g_clear_pointer (&run->new_auth_pin, kiosk_secret_unref);
  g_clear_pointer (&run->new_sign_password, kiosk_secret_unref);
}

static void
run_free (Run *run)
{
  drop_secrets (run);
  g_clear_object (&run->self);
  g_clear_pointer (&run->auth_certificate, g_bytes_unref);
  g_free (run->session_id);
  g_clear_pointer (&run->challenge, g_bytes_unref);
  g_clear_pointer (&run->signature, g_bytes_unref);
  g_clear_pointer (&run->card_id, g_bytes_unref);
  g_clear_pointer (&run->card_challenge, g_bytes_unref);
  g_clear_pointer (&run->cryptogram, g_bytes_unref);
  g_clear_pointer (&run->auth_modulus, g_bytes_unref);
  g_clear_pointer (&run->sign_modulus, g_bytes_unref);
  g_clear_pointer (&run->issued, kiosk_issued_certificates_free);
  g_free (run);
}

static const char *const step_names[] = {
  [KIOSK_RENEWAL_STEP_CHECK_CARD] = "check-card",
  [KIOSK_RENEWAL_STEP_VERIFY_PIN] = "verify-pin",
  [KIOSK_RENEWAL_STEP_VERIFY_PASSWORD] = "verify-password",
  [KIOSK_RENEWAL_STEP_OPEN_SESSION] = "open-session",
  [KIOSK_RENEWAL_STEP_SIGN_CHALLENGE] = "sign-challenge",
  [KIOSK_RENEWAL_STEP_PROVE] = "prove",
  [KIOSK_RENEWAL_STEP_GET_CARD_ID] = "get-card-id",
  [KIOSK_RENEWAL_STEP_GET_CHALLENGE] = "get-challenge",
  [KIOSK_RENEWAL_STEP_AUTHORIZE] = "authorize",
  [KIOSK_RENEWAL_STEP_EXTERNAL_AUTHENTICATE] = "external-authenticate",
  [KIOSK_RENEWAL_STEP_GENERATE_AUTH_KEY] = "generate-auth-key",
  [KIOSK_RENEWAL_STEP_GENERATE_SIGN_KEY] = "generate-sign-key",
  [KIOSK_RENEWAL_STEP_ISSUE] = "issue",
  [KIOSK_RENEWAL_STEP_WRITE_CERTIFICATES] = "write-certificates",
  [KIOSK_RENEWAL_STEP_ACTIVATE] = "activate",
  [KIOSK_RENEWAL_STEP_SET_PIN] = "set-pin",
  [KIOSK_RENEWAL_STEP_SET_PASSWORD] = "set-password",
  [KIOSK_RENEWAL_STEP_COMMIT] = "commit",
  [KIOSK_RENEWAL_STEP_DONE] = "done",
};

const char *
kiosk_renewal_step_to_string (KioskRenewalStep step)
{
  g_return_val_if_fail ((guint)step < G_N_ELEMENTS (step_names), NULL);
  return step_names[step];
}

static const char *const outcome_names[] = {
  [KIOSK_RENEWAL_OUTCOME_DONE] = "DONE",
  [KIOSK_RENEWAL_OUTCOME_PIN_WRONG] = "PIN_WRONG",
  [KIOSK_RENEWAL_OUTCOME_PIN_LOCKED] = "PIN_LOCKED",
  [KIOSK_RENEWAL_OUTCOME_SIGN_WRONG] = "SIGN_WRONG",
  [KIOSK_RENEWAL_OUTCOME_SIGN_LOCKED] = "SIGN_LOCKED",
  [KIOSK_RENEWAL_OUTCOME_SECRET_INVALID] = "SECRET_INVALID",
  [KIOSK_RENEWAL_OUTCOME_WRONG_CARD] = "WRONG_CARD",
  [KIOSK_RENEWAL_OUTCOME_NOT_APPLICABLE] = "NOT_APPLICABLE",
  [KIOSK_RENEWAL_OUTCOME_REFUSED] = "REFUSED",
  [KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY] = "SERVICE_BUSY",
  [KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN] = "SERVICE_DOWN",
  [KIOSK_RENEWAL_OUTCOME_CARD_REMOVED] = "CARD_REMOVED",
  [KIOSK_RENEWAL_OUTCOME_CARD_ERROR] = "CARD_ERROR",
  [KIOSK_RENEWAL_OUTCOME_JOURNAL_FAILED] = "JOURNAL_FAILED",
  [KIOSK_RENEWAL_OUTCOME_CANCELLED] = "CANCELLED",
  [KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD] = "RENEWAL_INCOMPLETE_OLD",
  [KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW] = "RENEWAL_INCOMPLETE_NEW",
};

const char *
kiosk_renewal_outcome_to_string (KioskRenewalOutcome outcome)
{
  g_return_val_if_fail ((guint)outcome < G_N_ELEMENTS (outcome_names), NULL);
  return outcome_names[outcome];
}

KioskRenewalResult *
kiosk_renewal_result_copy (const KioskRenewalResult *self)
{
  KioskRenewalResult *copy = g_memdup2 (self, sizeof *self);

  copy->session_id = g_strdup (self->session_id);
  copy->reason_code = g_strdup (self->reason_code);
  copy->message = g_strdup (self->message);
  return copy;
}

void
kiosk_renewal_result_free (KioskRenewalResult *self)
{
  if (self == NULL)
    return;
  g_free (self->session_id);
  g_free (self->reason_code);
  g_free (self->message);
  g_free (self);
}

/* "REFUSED_ADULT_WARD" from "adult-ward". */
static char *
refusal_code (KioskIssuanceReason reason)
{
  const char *name = kiosk_issuance_reason_to_string (reason);
  g_autofree char *upper = g_ascii_strup (name != NULL ? name : "unknown", -1);

  g_strdelimit (upper, "-", '_');
  return g_strconcat ("REFUSED_", upper, NULL);
}

/* --- ending a run ------------------------------------------------------------------------- */

static void
finish (GTask *task, KioskRenewalOutcome cause, const char *message, KioskIssuanceReason refusal,
        guint retry_after, int tries_left)
{
  Run *run = g_task_get_task_data (task);
  KioskRenewal *self = run->self;
  KioskRenewalResult *result = g_new0 (KioskRenewalResult, 1);
  g_autoptr (GError) journal_error = NULL;

  /* Whatever happens next, no secret outlives the run. */
  drop_secrets (run);

  result->cause = cause;
  result->card = run->activated ? KIOSK_RENEWAL_CARD_NEW : KIOSK_RENEWAL_CARD_OLD;
  result->step = cause == KIOSK_RENEWAL_OUTCOME_DONE ? KIOSK_RENEWAL_STEP_DONE : run->step;
  result->refusal = refusal;
  result->retry_after_seconds = retry_after;
  result->tries_left = tries_left;
  result->auth_renewed = run->activated && run->renew_auth;
  result->sign_renewed = run->activated && run->renew_sign;
  result->pin_set = run->pin_set;
  result->password_set = run->password_set;
  result->session_id = g_strdup (run->session_id);
  result->message = g_strdup (message);

  /* Before the service authorised management the card cannot have changed and the session
   * expires on its own: nothing for staff. From then on the session is theirs to close. */
  gboolean management_authorised = run->step > KIOSK_RENEWAL_STEP_AUTHORIZE;
  if (cause == KIOSK_RENEWAL_OUTCOME_DONE)
    result->outcome = KIOSK_RENEWAL_OUTCOME_DONE;
  else if (management_authorised)
    result->outcome = run->activated ? KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW
                                     : KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD;
  else
    result->outcome = cause;

  if (run->journaled && !(management_authorised && cause != KIOSK_RENEWAL_OUTCOME_DONE))
    {
      if (kiosk_session_journal_mark_done (self->journal, run->session_id, &journal_error))
        run->journaled = FALSE;
      else
        g_warning ("Could not close session %s in the journal: %s", run->session_id,
                   journal_error->message);
    }
  result->journaled = run->journaled && cause != KIOSK_RENEWAL_OUTCOME_DONE;
  /* Staff read from the journal whether the card they will see is old or new. */
  if (result->journaled
      && !kiosk_session_journal_set_card_state (
          self->journal, run->session_id, result->card == KIOSK_RENEWAL_CARD_NEW ? "new" : "old",
          &journal_error))
    g_warning ("Could not record the card state of session %s: %s", run->session_id,
               journal_error->message);

  if (result->outcome == KIOSK_RENEWAL_OUTCOME_REFUSED)
    result->reason_code = refusal_code (refusal);
  else
    result->reason_code = g_strdup (kiosk_renewal_outcome_to_string (result->outcome));

  if (result->outcome != KIOSK_RENEWAL_OUTCOME_DONE)
    g_message ("Renewal (%s) stopped at %s: %s (%s), card %s%s",
               kiosk_issuance_procedure_to_string (run->procedure),
               kiosk_renewal_step_to_string (run->step), result->reason_code,
               message != NULL ? message : kiosk_renewal_outcome_to_string (cause),
               result->card == KIOSK_RENEWAL_CARD_NEW ? "new" : "old",
               result->journaled ? ", session kept in the journal" : "");

  g_task_return_pointer (task, result, (GDestroyNotify)kiosk_renewal_result_free);
  g_object_unref (task);
}

static void
fail (GTask *task, KioskRenewalOutcome cause, const char *message)
{
  finish (task, cause, message, KIOSK_ISSUANCE_REASON_NONE, 0, -1);
}

/* A card error of any step but the VERIFYs. */
static void
fail_card (GTask *task, const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    fail (task, KIOSK_RENEWAL_OUTCOME_CANCELLED, error->message);
  else if (g_error_matches (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED)
           || g_error_matches (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NO_CARD))
    fail (task, KIOSK_RENEWAL_OUTCOME_CARD_REMOVED, error->message);
  else
    fail (task, KIOSK_RENEWAL_OUTCOME_CARD_ERROR, error->message);
}

static void
fail_service (GTask *task, const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    fail (task, KIOSK_RENEWAL_OUTCOME_CANCELLED, error->message);
  else if (g_error_matches (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_BUSY))
    finish (task, KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY, error->message, KIOSK_ISSUANCE_REASON_NONE,
            kiosk_issuance_error_get_retry_after (error), -1);
  else if (g_error_matches (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_REFUSED))
    finish (task, KIOSK_RENEWAL_OUTCOME_REFUSED, error->message,
            kiosk_issuance_error_get_reason (error), 0, -1);
  else
    fail (task, KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN, error->message);
}

/* --- the steps ------------------------------------------------------------------------------ */

static void run_step (GTask *task);

static gboolean
step_applies (Run *run, KioskRenewalStep step)
{
  switch (step)
    {
    case KIOSK_RENEWAL_STEP_VERIFY_PASSWORD:
      return run->card_has_sign;
    case KIOSK_RENEWAL_STEP_GENERATE_AUTH_KEY:
      return run->renew_auth;
    case KIOSK_RENEWAL_STEP_GENERATE_SIGN_KEY:
      return run->renew_sign;
    case KIOSK_RENEWAL_STEP_SET_PIN:
      return run->new_auth_pin != NULL;
    case KIOSK_RENEWAL_STEP_SET_PASSWORD:
      return run->renew_sign && run->new_sign_password != NULL;
    default:
      return TRUE;
    }
}

/* Moves past the step just done (recording it in the journal once there is a session). */
static void
advance (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (run->journaled
      && !kiosk_session_journal_set_step (run->self->journal, run->session_id,
                                          kiosk_renewal_step_to_string (run->step), &error))
    g_warning ("Could not record step %s of session %s: %s",
               kiosk_renewal_step_to_string (run->step), run->session_id, error->message);
  do
    run->step++;
  while (run->step < KIOSK_RENEWAL_STEP_DONE && !step_applies (run, run->step));
  run_step (task);
}

/* Once ACTIVATE has run the card is new: the rest must follow even if the resident cancels. */
static GCancellable *
step_cancellable (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  return run->activated ? NULL : g_task_get_cancellable (task);
}

static gboolean
secret_format_ok (KioskJpkiSecret kind, KioskSecret *secret)
{
  return secret == NULL
         || kiosk_secret_format_check_secret (kind, secret) == KIOSK_SECRET_FORMAT_OK;
}

static void
status_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardStatus) status
             = kiosk_card_worker_read_status_finish (KIOSK_CARD_WORKER (source), result, &error);

  if (status == NULL)
    {
      fail_card (task, error);
      return;
    }

  KioskCertificate *certificate = kiosk_card_status_get_auth_certificate (status);
  if (certificate == NULL
      || !g_bytes_equal (kiosk_certificate_get_der (certificate), run->auth_certificate))
    {
      fail (task, KIOSK_RENEWAL_OUTCOME_WRONG_CARD, "the card holds another auth certificate");
      return;
    }

  run->card_has_sign = kiosk_card_status_has_sign_certificate (status);
  if (run->procedure == KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN && !run->card_has_sign)
    {
      fail (task, KIOSK_RENEWAL_OUTCOME_NOT_APPLICABLE, "the card has no signature certificate");
      return;
    }
  if (run->card_has_sign && run->sign_password == NULL)
    {
      fail (task, KIOSK_RENEWAL_OUTCOME_SECRET_INVALID, "the sign password is needed");
      return;
    }
  if (!run->card_has_sign)
    {
      /* An auth-only card: no password to verify, none to set. */
      g_clear_pointer (&run->sign_password, kiosk_secret_unref);
      g_clear_pointer (&run->new_sign_password, kiosk_secret_unref);
    }

  /* A locked secret never reaches the card, nor does one whose counter makes no sense. */
  KioskTriesAdvice auth_advice
      = kiosk_tries_advice (KIOSK_JPKI_AUTH, kiosk_card_status_get_auth_tries_left (status));
  if (auth_advice == KIOSK_TRIES_BLOCKED)
    {
      fail (task, KIOSK_RENEWAL_OUTCOME_PIN_LOCKED, "the PIN is locked");
      return;
    }
  if (auth_advice == KIOSK_TRIES_UNKNOWN)
    {
      fail (task, KIOSK_RENEWAL_OUTCOME_CARD_ERROR, "the PIN's counter is unreadable");
      return;
    }
  if (run->card_has_sign)
    {
      KioskTriesAdvice sign_advice
          = kiosk_tries_advice (KIOSK_JPKI_SIGN, kiosk_card_status_get_sign_tries_left (status));
      if (sign_advice == KIOSK_TRIES_BLOCKED)
        {
          fail (task, KIOSK_RENEWAL_OUTCOME_SIGN_LOCKED, "the sign password is locked");
          return;
        }
      if (sign_advice == KIOSK_TRIES_UNKNOWN)
        {
          fail (task, KIOSK_RENEWAL_OUTCOME_CARD_ERROR, "the password's counter is unreadable");
          return;
        }
    }
  run->renew_auth = run->procedure == KIOSK_ISSUANCE_PROCEDURE_RENEW;
  /* Decided for good once the service has answered prove. */
  run->renew_sign = run->card_has_sign;
  advance (task);
}

static void
verify_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  guint tries_left = 0;
  gboolean pin = run->step == KIOSK_RENEWAL_STEP_VERIFY_PIN;

  if (kiosk_card_worker_verify_finish (KIOSK_CARD_WORKER (source), result, &tries_left, &error))
    {
      advance (task);
      return;
    }
  if (g_error_matches (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN))
    finish (task, pin ? KIOSK_RENEWAL_OUTCOME_PIN_WRONG : KIOSK_RENEWAL_OUTCOME_SIGN_WRONG,
            error->message, KIOSK_ISSUANCE_REASON_NONE, 0, (int)tries_left);
  else if (g_error_matches (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_BLOCKED))
    finish (task, pin ? KIOSK_RENEWAL_OUTCOME_PIN_LOCKED : KIOSK_RENEWAL_OUTCOME_SIGN_LOCKED,
            error->message, KIOSK_ISSUANCE_REASON_NONE, 0, 0);
  else
    fail_card (task, error);
}

static void
open_session_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) challenge = NULL;
  g_autofree char *session_id = kiosk_issuance_service_open_session_finish (
      KIOSK_ISSUANCE_SERVICE (source), result, &challenge, &error);

  if (session_id == NULL)
    {
      fail_service (task, error);
      return;
    }
  run->session_id = g_steal_pointer (&session_id);
  run->challenge = g_steal_pointer (&challenge);

  g_autofree char *reference = kiosk_session_journal_card_reference (run->auth_certificate);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  if (!kiosk_session_journal_record (run->self->journal, run->session_id, run->procedure,
                                     kiosk_renewal_step_to_string (run->step), reference, now,
                                     &error))
    {
      fail (task, KIOSK_RENEWAL_OUTCOME_JOURNAL_FAILED, error->message);
      return;
    }
  run->journaled = TRUE;
  advance (task);
}

static void
sign_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) signature
             = kiosk_card_worker_sign_finish (KIOSK_CARD_WORKER (source), result, &error);

  if (signature == NULL)
    {
      fail_card (task, error);
      return;
    }
  g_clear_pointer (&run->challenge, g_bytes_unref);
  run->signature = g_steal_pointer (&signature);
  advance (task);
}

static void
prove_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  KioskIssuanceGrant grant = { 0 };

  if (!kiosk_issuance_service_prove_finish (KIOSK_ISSUANCE_SERVICE (source), result, &grant,
                                            &error))
    {
      fail_service (task, error);
      return;
    }
  g_clear_pointer (&run->signature, g_bytes_unref);
  if (run->procedure == KIOSK_ISSUANCE_PROCEDURE_RENEW && !grant.auth)
    {
      fail (task, KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN, "the service grants no auth certificate");
      return;
    }
  /* The card holds a signature certificate the service will not renew (an adult ward): renewing
   * the auth one alone would leave it mixed, so this is the counter's business. */
  if (run->card_has_sign && !grant.sign)
    {
      finish (task, KIOSK_RENEWAL_OUTCOME_REFUSED, "no new signature certificate for this holder",
              grant.sign_reason != KIOSK_ISSUANCE_REASON_NONE
                  ? grant.sign_reason
                  : KIOSK_ISSUANCE_REASON_UNKNOWN_RESIDENT,
              0, -1);
      return;
    }
  advance (task);
}

static void
card_id_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  run->card_id = kiosk_card_worker_get_card_id_finish (KIOSK_CARD_WORKER (source), result, &error);
  if (run->card_id == NULL)
    fail_card (task, error);
  else
    advance (task);
}

static void
card_challenge_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  run->card_challenge
      = kiosk_card_worker_get_challenge_finish (KIOSK_CARD_WORKER (source), result, &error);
  if (run->card_challenge == NULL)
    fail_card (task, error);
  else
    advance (task);
}

static void
authorize_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  run->cryptogram = kiosk_issuance_service_authorize_management_finish (
      KIOSK_ISSUANCE_SERVICE (source), result, &error);
  if (run->cryptogram == NULL)
    fail_service (task, error);
  else
    advance (task);
}

static void
card_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  KioskCardWorker *worker = KIOSK_CARD_WORKER (source);
  g_autoptr (GError) error = NULL;
  gboolean ok = FALSE;

  switch (run->step)
    {
    case KIOSK_RENEWAL_STEP_EXTERNAL_AUTHENTICATE:
      ok = kiosk_card_worker_external_authenticate_finish (worker, result, &error);
      break;
    case KIOSK_RENEWAL_STEP_WRITE_CERTIFICATES:
      ok = kiosk_card_worker_write_certificates_finish (worker, result, &error);
      break;
    case KIOSK_RENEWAL_STEP_ACTIVATE:
      ok = kiosk_card_worker_activate_finish (worker, result, &error);
      run->activated = ok;
      break;
    case KIOSK_RENEWAL_STEP_SET_PIN:
      ok = kiosk_card_worker_set_secret_finish (worker, result, &error);
      run->pin_set = ok;
      break;
    case KIOSK_RENEWAL_STEP_SET_PASSWORD:
      ok = kiosk_card_worker_set_secret_finish (worker, result, &error);
      run->password_set = ok;
      break;
    default:
      g_assert_not_reached ();
    }
  if (ok)
    advance (task);
  else
    fail_card (task, error);
}

static void
generate_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  GBytes *modulus
      = kiosk_card_worker_generate_key_pair_finish (KIOSK_CARD_WORKER (source), result, &error);

  if (modulus == NULL)
    {
      fail_card (task, error);
      return;
    }
  if (run->step == KIOSK_RENEWAL_STEP_GENERATE_AUTH_KEY)
    run->auth_modulus = modulus;
  else
    run->sign_modulus = modulus;
  advance (task);
}

static void
issue_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  run->issued
      = kiosk_issuance_service_issue_finish (KIOSK_ISSUANCE_SERVICE (source), result, &error);
  if (run->issued == NULL)
    {
      fail_service (task, error);
      return;
    }
  /* What the card's ACTIVATE would refuse anyway: catch it before writing anything. */
  if ((run->renew_auth && run->issued->auth_certificate == NULL)
      || (run->renew_sign && run->issued->sign_certificate == NULL)
      || run->issued->auth_ca_certificate == NULL
      || (run->renew_sign && run->issued->sign_ca_certificate == NULL))
    {
      fail (task, KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN, "the service issued too little");
      return;
    }
  advance (task);
}

static void
commit_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr (GError) error = NULL;

  if (!kiosk_issuance_service_commit_finish (KIOSK_ISSUANCE_SERVICE (source), result, &error))
    {
      fail_service (task, error);
      return;
    }
  finish (task, KIOSK_RENEWAL_OUTCOME_DONE, NULL, KIOSK_ISSUANCE_REASON_NONE, 0, -1);
}

static void
run_step (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  KioskRenewal *self = run->self;
  GCancellable *cancellable = step_cancellable (task);

  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, (guint)run->step, KIOSK_RENEWAL_STEP_COUNT,
                 kiosk_renewal_step_to_string (run->step));

  switch (run->step)
    {
    case KIOSK_RENEWAL_STEP_CHECK_CARD:
      /* The status read selects the AP afresh: only ever here, before any management. */
      kiosk_card_worker_read_status_async (self->worker, cancellable, status_cb, task);
      break;
    case KIOSK_RENEWAL_STEP_VERIFY_PIN:
      kiosk_card_worker_verify_async (self->worker, KIOSK_JPKI_AUTH, run->auth_pin, cancellable,
                                      verify_cb, task);
      g_clear_pointer (&run->auth_pin, kiosk_secret_unref);
      break;
    case KIOSK_RENEWAL_STEP_VERIFY_PASSWORD:
      kiosk_card_worker_verify_async (self->worker, KIOSK_JPKI_SIGN, run->sign_password,
                                      cancellable, verify_cb, task);
      g_clear_pointer (&run->sign_password, kiosk_secret_unref);
      break;
    case KIOSK_RENEWAL_STEP_OPEN_SESSION:
      {
        g_autofree char *key = g_uuid_string_random ();
        kiosk_issuance_service_open_session (self->service, run->procedure, run->auth_certificate,
                                             key, cancellable, open_session_cb, task);
      }
      break;
    case KIOSK_RENEWAL_STEP_SIGN_CHALLENGE:
      {
        gsize len = 0;
        const guint8 *data = g_bytes_get_data (run->challenge, &len);
        g_autoptr (GBytes) digest_info = kiosk_jpki_sha256_digest_info (data, len);
        kiosk_card_worker_sign_async (self->worker, KIOSK_JPKI_AUTH, digest_info, cancellable,
                                      sign_cb, task);
      }
      break;
    case KIOSK_RENEWAL_STEP_PROVE:
      kiosk_issuance_service_prove (self->service, run->session_id, run->signature, cancellable,
                                    prove_cb, task);
      break;
    case KIOSK_RENEWAL_STEP_GET_CARD_ID:
      kiosk_card_worker_get_card_id_async (self->worker, cancellable, card_id_cb, task);
      break;
    case KIOSK_RENEWAL_STEP_GET_CHALLENGE:
      kiosk_card_worker_get_challenge_async (self->worker, cancellable, card_challenge_cb, task);
      break;
    case KIOSK_RENEWAL_STEP_AUTHORIZE:
      kiosk_issuance_service_authorize_management (self->service, run->session_id, run->card_id,
                                                   run->card_challenge, cancellable, authorize_cb,
                                                   task);
      break;
    case KIOSK_RENEWAL_STEP_EXTERNAL_AUTHENTICATE:
      kiosk_card_worker_external_authenticate_async (self->worker, run->session_id, run->cryptogram,
                                                     cancellable, card_done_cb, task);
      break;
    case KIOSK_RENEWAL_STEP_GENERATE_AUTH_KEY:
      kiosk_card_worker_generate_key_pair_async (self->worker, KIOSK_JPKI_AUTH, cancellable,
                                                 generate_cb, task);
      break;
    case KIOSK_RENEWAL_STEP_GENERATE_SIGN_KEY:
      kiosk_card_worker_generate_key_pair_async (self->worker, KIOSK_JPKI_SIGN, cancellable,
                                                 generate_cb, task);
      break;
    case KIOSK_RENEWAL_STEP_ISSUE:
      kiosk_issuance_service_issue (self->service, run->session_id, run->auth_modulus,
                                    run->sign_modulus, cancellable, issue_cb, task);
      break;
    case KIOSK_RENEWAL_STEP_WRITE_CERTIFICATES:
      /* A re-issue writes the auth certificate the card already holds: ACTIVATE accepts it as it
       * matches the key that stays, and the worker always writes 000A. */
      kiosk_card_worker_write_certificates_async (
          self->worker, run->renew_auth ? run->issued->auth_certificate : run->auth_certificate,
          run->renew_sign ? run->issued->sign_certificate : NULL, run->issued->auth_ca_certificate,
          run->renew_sign ? run->issued->sign_ca_certificate : NULL, cancellable, card_done_cb,
          task);
      break;
    case KIOSK_RENEWAL_STEP_ACTIVATE:
      kiosk_card_worker_activate_async (self->worker, cancellable, card_done_cb, task);
      break;
    case KIOSK_RENEWAL_STEP_SET_PIN:
      kiosk_card_worker_set_secret_async (self->worker, KIOSK_JPKI_AUTH, run->new_auth_pin,
                                          cancellable, card_done_cb, task);
      g_clear_pointer (&run->new_auth_pin, kiosk_secret_unref);
      break;
    case KIOSK_RENEWAL_STEP_SET_PASSWORD:
      kiosk_card_worker_set_secret_async (self->worker, KIOSK_JPKI_SIGN, run->new_sign_password,
                                          cancellable, card_done_cb, task);
      g_clear_pointer (&run->new_sign_password, kiosk_secret_unref);
      break;
    case KIOSK_RENEWAL_STEP_COMMIT:
      kiosk_issuance_service_commit (self->service, run->session_id, cancellable, commit_cb, task);
      break;
    case KIOSK_RENEWAL_STEP_DONE: /* commit's answer finishes the run */
    default:
      g_assert_not_reached ();
    }
}

/* --- the object ------------------------------------------------------------------------------ */

static void
kiosk_renewal_dispose (GObject *object)
{
  KioskRenewal *self = KIOSK_RENEWAL (object);

  g_clear_object (&self->worker);
  g_clear_object (&self->service);
  g_clear_object (&self->journal);
  G_OBJECT_CLASS (kiosk_renewal_parent_class)->dispose (object);
}

static void
kiosk_renewal_class_init (KioskRenewalClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kiosk_renewal_dispose;

  signals[SIGNAL_PROGRESS]
      = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
}

static void
kiosk_renewal_init (KioskRenewal *self)
{
  (void)self;
}

KioskRenewal *
kiosk_renewal_new (KioskCardWorker *worker, KioskIssuanceService *service,
                   KioskSessionJournal *journal)
{
  g_return_val_if_fail (KIOSK_IS_CARD_WORKER (worker), NULL);
  g_return_val_if_fail (KIOSK_IS_ISSUANCE_SERVICE (service), NULL);
  g_return_val_if_fail (KIOSK_IS_SESSION_JOURNAL (journal), NULL);

  KioskRenewal *self = g_object_new (KIOSK_TYPE_RENEWAL, NULL);
  self->worker = g_object_ref (worker);
  self->service = g_object_ref (service);
  self->journal = g_object_ref (journal);
  return self;
}

static KioskSecret *
ref_nullable (KioskSecret *secret)
{
  return secret != NULL ? kiosk_secret_ref (secret) : NULL;
}

void
kiosk_renewal_run_async (KioskRenewal *self, KioskIssuanceProcedure procedure,
                         KioskSecret *auth_pin, KioskSecret *sign_password,
                         KioskSecret *new_auth_pin, KioskSecret *new_sign_password,
                         GBytes *auth_certificate_der, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_RENEWAL (self));
  g_return_if_fail (!self->started);
  g_return_if_fail (auth_pin != NULL);
  g_return_if_fail (auth_certificate_der != NULL);

  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Run *run = g_new0 (Run, 1);

  g_task_set_source_tag (task, kiosk_renewal_run_async);
  /* A cancelled run still ends with a result saying how the card was left. */
  g_task_set_check_cancellable (task, FALSE);
  self->started = TRUE;
  run->self = g_object_ref (self);
  run->procedure = procedure;
  run->step = KIOSK_RENEWAL_STEP_CHECK_CARD;
  run->auth_pin = kiosk_secret_ref (auth_pin);
  run->sign_password = ref_nullable (sign_password);
  run->new_auth_pin = ref_nullable (new_auth_pin);
  run->new_sign_password = ref_nullable (new_sign_password);
  run->auth_certificate = g_bytes_ref (auth_certificate_der);
  g_task_set_task_data (task, run, (GDestroyNotify)run_free);

  /* A malformed entry is refused before it can cost a try, or leave a new card with a PIN the
   * card refuses after ACTIVATE. */
  if (!secret_format_ok (KIOSK_JPKI_AUTH, run->auth_pin)
      || !secret_format_ok (KIOSK_JPKI_SIGN, run->sign_password)
      || !secret_format_ok (KIOSK_JPKI_AUTH, run->new_auth_pin)
      || !secret_format_ok (KIOSK_JPKI_SIGN, run->new_sign_password))
    {
      fail (task, KIOSK_RENEWAL_OUTCOME_SECRET_INVALID, "an entry is not in the card's format");
      return;
    }
  run_step (task);
}

KioskRenewalResult *
kiosk_renewal_run_finish (KioskRenewal *self, GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kiosk_renewal_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}
