/* kiosk-renewal.h: one renewal or re-issue, relayed between the card and the issuance service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-card-worker.h"
#include "kiosk-issuance-service.h"
#include "kiosk-secret.h"
#include "kiosk-session-journal.h"

G_BEGIN_DECLS

/* The steps of the relay (design.md "The issuance service"), in order. Steps that do not apply
 * (the sign password of an auth-only card, the keys not renewed) are skipped. */
typedef enum
{
  KIOSK_RENEWAL_STEP_CHECK_CARD, /* formats, tries left, the right card: before any try is spent */
  KIOSK_RENEWAL_STEP_VERIFY_PIN,
  KIOSK_RENEWAL_STEP_VERIFY_PASSWORD,
  KIOSK_RENEWAL_STEP_OPEN_SESSION,
  KIOSK_RENEWAL_STEP_SIGN_CHALLENGE,
  KIOSK_RENEWAL_STEP_PROVE,
  KIOSK_RENEWAL_STEP_GET_CARD_ID,
  KIOSK_RENEWAL_STEP_GET_CHALLENGE,
  KIOSK_RENEWAL_STEP_AUTHORIZE,
  KIOSK_RENEWAL_STEP_EXTERNAL_AUTHENTICATE,
  KIOSK_RENEWAL_STEP_GENERATE_AUTH_KEY,
  KIOSK_RENEWAL_STEP_GENERATE_SIGN_KEY,
  KIOSK_RENEWAL_STEP_ISSUE,
  KIOSK_RENEWAL_STEP_WRITE_CERTIFICATES,
  KIOSK_RENEWAL_STEP_ACTIVATE,
  KIOSK_RENEWAL_STEP_SET_PIN,
  KIOSK_RENEWAL_STEP_SET_PASSWORD,
  KIOSK_RENEWAL_STEP_COMMIT,
  KIOSK_RENEWAL_STEP_DONE,
} KioskRenewalStep;

#define KIOSK_RENEWAL_STEP_COUNT ((guint)KIOSK_RENEWAL_STEP_DONE)

/* A stable lower-case name ("verify-pin", "commit", "done"); also what the journal records. */
const char *kiosk_renewal_step_to_string (KioskRenewalStep step);

typedef enum
{
  KIOSK_RENEWAL_OUTCOME_DONE,           /* the card is new, the session committed */
  KIOSK_RENEWAL_OUTCOME_PIN_WRONG,      /* tries_left says how many are left */
  KIOSK_RENEWAL_OUTCOME_PIN_LOCKED,     /* nothing was sent to the card */
  KIOSK_RENEWAL_OUTCOME_SIGN_WRONG,     /* the sign password; tries_left */
  KIOSK_RENEWAL_OUTCOME_SIGN_LOCKED,    /* nothing was sent to the card */
  KIOSK_RENEWAL_OUTCOME_SECRET_INVALID, /* a malformed or missing entry: never sent to the card */
  KIOSK_RENEWAL_OUTCOME_WRONG_CARD,     /* the card holds another auth certificate than given */
  KIOSK_RENEWAL_OUTCOME_NOT_APPLICABLE, /* re-issue on a card without a signature certificate */
  KIOSK_RENEWAL_OUTCOME_REFUSED,        /* see refusal */
  KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY,   /* see retry_after_seconds */
  KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN,   /* unavailable, timeout, bad answer, TLS, expired */
  KIOSK_RENEWAL_OUTCOME_CARD_REMOVED,
  KIOSK_RENEWAL_OUTCOME_CARD_ERROR,     /* the card answered what the relay cannot go on with */
  KIOSK_RENEWAL_OUTCOME_JOURNAL_FAILED, /* the session could not be persisted: nothing done */
  KIOSK_RENEWAL_OUTCOME_CANCELLED,
  /* Failed after management was authorised: the session stays in the journal for staff; the
   * cause says what stopped it. OLD: failed before ACTIVATE; NEW: after. */
  KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD,
  KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW,
} KioskRenewalOutcome;

typedef enum
{
  KIOSK_RENEWAL_CARD_OLD, /* the card's keys, certificates and secrets are as before */
  KIOSK_RENEWAL_CARD_NEW, /* new keys and certificates (see pin_set / password_set) */
} KioskRenewalCardState;

/* What one run ended with. Never a secret in it. */
typedef struct
{
  KioskRenewalOutcome outcome;
  KioskRenewalOutcome cause;   /* what stopped an INCOMPLETE_* run; = outcome otherwise */
  KioskRenewalCardState card;  /* never mixed */
  KioskRenewalStep step;       /* the step that failed; DONE on success */
  KioskIssuanceReason refusal; /* REFUSED: why (MINOR, ADULT_WARD, REVOKED, …) */
  guint retry_after_seconds;   /* SERVICE_BUSY */
  int tries_left;              /* PIN_WRONG / SIGN_WRONG: tries left; -1 otherwise */
  gboolean auth_renewed;       /* a new auth key and certificate are on the card */
  gboolean sign_renewed;       /* a new sign key and certificate are on the card */
  gboolean pin_set;            /* the new PIN is on the card */
  gboolean password_set;       /* the new sign password is on the card */
  char *session_id;            /* nullable: no session opened */
  gboolean journaled;          /* the session stays in the journal as incomplete */
  char *reason_code;           /* for the receipt: "DONE", "PIN_WRONG", "REFUSED_MINOR", … */
  char *message;               /* for the log (nullable) */
} KioskRenewalResult;

#define KIOSK_TYPE_RENEWAL_RESULT (kiosk_renewal_result_get_type ())
GType kiosk_renewal_result_get_type (void);
KioskRenewalResult *kiosk_renewal_result_copy (const KioskRenewalResult *self);
void kiosk_renewal_result_free (KioskRenewalResult *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskRenewalResult, kiosk_renewal_result_free)

/* "DONE", "PIN_WRONG", …, "RENEWAL_INCOMPLETE_OLD" (REFUSED alone: see reason_code). */
const char *kiosk_renewal_outcome_to_string (KioskRenewalOutcome outcome);

#define KIOSK_TYPE_RENEWAL (kiosk_renewal_get_type ())
G_DECLARE_FINAL_TYPE (KioskRenewal, kiosk_renewal, KIOSK, RENEWAL, GObject)

/**
 * KioskRenewal:
 *
 * Runs one renewal (RENEW) or re-issue of the signature certificate (REISSUE_SIGN) as the relay
 * of design.md, on the main context that calls kiosk_renewal_run_async() (it never blocks it).
 * The session is in @journal from open_session until commit; a run that fails after the service
 * authorised card management leaves it there (INCOMPLETE_OLD / _NEW). The relay never retries a
 * step (that is the HTTP client's business). Once ACTIVATE has run, cancelling no longer stops
 * it: the new PIN, password and commit follow so that the card is not left half-done.
 *
 * Signals (main context):
 * - "progress" (guint step, guint count, const char *step_name): a step starts (step is a
 *   KioskRenewalStep, count KIOSK_RENEWAL_STEP_COUNT).
 */
KioskRenewal *kiosk_renewal_new (KioskCardWorker *worker, KioskIssuanceService *service,
                                 KioskSessionJournal *journal);

/* Runs once per object. RENEW renews the auth certificate and, when the card has one (and the
 * service grants it), the sign certificate: @sign_password NULL only for a card without a sign
 * certificate. REISSUE_SIGN needs @sign_password. @new_auth_pin / @new_sign_password NULL: keep
 * the current one. @auth_certificate_der: the card's current auth certificate (the status read
 * before). The secrets are referenced and dropped (wiped) as soon as their last step has run,
 * and on any failure. */
void kiosk_renewal_run_async (KioskRenewal *self, KioskIssuanceProcedure procedure,
                              KioskSecret *auth_pin, KioskSecret *sign_password,
                              KioskSecret *new_auth_pin, KioskSecret *new_sign_password,
                              GBytes *auth_certificate_der, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
/* Never NULL: a failure is a result too. */
KioskRenewalResult *kiosk_renewal_run_finish (KioskRenewal *self, GAsyncResult *result);

G_END_DECLS
