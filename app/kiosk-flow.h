/* kiosk-flow.h: the kiosk's state machine; no GTK, driven by inputs, observed by ui/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-card-status.h"
#include "kiosk-clock.h"
#include "kiosk-config.h"
#include "kiosk-jpki.h"
#include "kiosk-procedure.h"
#include "kiosk-renewal.h"
#include "kiosk-secret.h"
#include "kiosk-status-report.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_FLOW_STATE_WELCOME,
  KIOSK_FLOW_STATE_PLACE_CARD,
  KIOSK_FLOW_STATE_READING,
  KIOSK_FLOW_STATE_STATUS,
  KIOSK_FLOW_STATE_TAKE_CARD,
  KIOSK_FLOW_STATE_NO_READER,
  KIOSK_FLOW_STATE_CARD_UNREADABLE,
  KIOSK_FLOW_STATE_CARD_REMOVED,
  KIOSK_FLOW_STATE_OPERATOR,      /* who is using the card today */
  KIOSK_FLOW_STATE_MENU,          /* the procedures the holder can do here */
  KIOSK_FLOW_STATE_HANDOFF,       /* the counter takes over: see kiosk_flow_get_handoff_reason */
  KIOSK_FLOW_STATE_ENTER_CURRENT, /* the current PIN or sign password */
  KIOSK_FLOW_STATE_VERIFYING,     /* the card checks it */
  KIOSK_FLOW_STATE_ENTER_NEW,     /* the new one, first time */
  KIOSK_FLOW_STATE_CONFIRM_NEW,   /* the new one, again */
  KIOSK_FLOW_STATE_WRITING,       /* the card changes it */
  KIOSK_FLOW_STATE_DONE,          /* changed or renewed: take your card */
  KIOSK_FLOW_STATE_RENEWING,      /* the renewal relay runs (card and issuance service) */
  KIOSK_FLOW_STATE_SERVICE_BUSY,  /* the national system is congested: try again or the counter */
} KioskFlowState;

#define KIOSK_FLOW_N_STATES (KIOSK_FLOW_STATE_SERVICE_BUSY + 1)

typedef enum
{
  KIOSK_FLOW_INPUT_START,                  /* resident taps "start" on the welcome screen */
  KIOSK_FLOW_INPUT_BACK,                   /* resident taps "back" / "cancel" */
  KIOSK_FLOW_INPUT_FINISH,                 /* resident taps "done" / "OK" */
  KIOSK_FLOW_INPUT_CARD_INSERTED,          /* reader reports a card */
  KIOSK_FLOW_INPUT_CARD_REMOVED,           /* reader reports the card gone */
  KIOSK_FLOW_INPUT_READER_LOST,            /* no service, or no matching reader */
  KIOSK_FLOW_INPUT_READER_READY,           /* a matching reader is there, empty */
  KIOSK_FLOW_INPUT_READ_DONE,              /* via kiosk_flow_status_read() */
  KIOSK_FLOW_INPUT_READ_FAILED,            /* via kiosk_flow_status_failed() */
  KIOSK_FLOW_INPUT_IDLE_TIMEOUT,           /* nobody touched the screen for the idle time */
  KIOSK_FLOW_INPUT_RESET,                  /* staff or admin reset */
  KIOSK_FLOW_INPUT_CHOOSE_HOLDER,          /* operator: the card holder */
  KIOSK_FLOW_INPUT_CHOOSE_REPRESENTATIVE,  /* operator: a legal representative */
  KIOSK_FLOW_INPUT_CHOOSE_PROXY,           /* operator: a voluntary proxy */
  KIOSK_FLOW_INPUT_CHOOSE_CHECK,           /* menu: check my card */
  KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN,      /* menu: change the 4-digit PIN */
  KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD, /* menu: change the sign password */
  KIOSK_FLOW_INPUT_SECRET_ENTERED,         /* via kiosk_flow_secret_entered() */
  KIOSK_FLOW_INPUT_CARD_WORK_DONE,         /* via kiosk_flow_card_work_done() */
  KIOSK_FLOW_INPUT_CARD_WORK_FAILED,       /* via kiosk_flow_card_work_failed() */
  KIOSK_FLOW_INPUT_CHOOSE_RENEW,           /* menu: renew both certificates */
  KIOSK_FLOW_INPUT_CHOOSE_REISSUE,         /* menu: re-issue the signature certificate */
  KIOSK_FLOW_INPUT_KEEP_CURRENT,           /* new-secret entry: keep the current one */
  KIOSK_FLOW_INPUT_RENEWAL_FINISHED,       /* via kiosk_flow_renewal_finished() */
  KIOSK_FLOW_INPUT_RETRY,                  /* service busy: try again now */
} KioskFlowInput;

/* Who is at the kiosk (design.md "The self-service rule"). */
typedef enum
{
  KIOSK_OPERATOR_UNKNOWN,
  KIOSK_OPERATOR_HOLDER,
  KIOSK_OPERATOR_REPRESENTATIVE, /* 法定代理人 */
  KIOSK_OPERATOR_PROXY,          /* 任意代理人 */
} KioskOperator;

/* Why the counter takes over; the code staff get on the receipt (kept until the next session). */
typedef enum
{
  KIOSK_HANDOFF_NONE,
  KIOSK_HANDOFF_PROXY,               /* a representative or a proxy: the counter only */
  KIOSK_HANDOFF_NO_SIGN_CERTIFICATE, /* no sign password on the card */
  KIOSK_HANDOFF_PIN_LOCKED,          /* PIN blocked, or its counter unreadable */
  KIOSK_HANDOFF_SIGN_LOCKED,         /* sign password blocked, or its counter unreadable */
  KIOSK_HANDOFF_NO_CERTIFICATES,     /* nothing to renew: first issuance is a counter matter */
  KIOSK_HANDOFF_EXPIRED,             /* expired, and the policy sends it to the counter */
  KIOSK_HANDOFF_RENEWAL_NOT_OPEN,    /* too early: see kiosk_flow_get_renewal_opens() */
  KIOSK_HANDOFF_OUTSIDE_HOURS,       /* see kiosk_flow_get_reopens() */
  KIOSK_HANDOFF_MINOR,               /* the service: under 15, no signature certificate */
  KIOSK_HANDOFF_ADULT_WARD,          /* the service: no signature certificate */
  KIOSK_HANDOFF_REVOKED,             /* the service: the certificate is revoked */
  KIOSK_HANDOFF_NOT_ELIGIBLE,        /* the service refused for another reason */
  KIOSK_HANDOFF_SERVICE_BUSY,        /* the resident chose the counter over waiting */
  KIOSK_HANDOFF_SERVICE_DOWN,        /* the issuance service does not answer */
  KIOSK_HANDOFF_INCOMPLETE_OLD,      /* stopped midway; the card is as before */
  KIOSK_HANDOFF_INCOMPLETE_NEW,      /* stopped midway; the card is new, the record pending */
  KIOSK_HANDOFF_KIOSK_FAULT,         /* the kiosk itself failed (e.g. its journal) */
} KioskHandoffReason;

/* What the entry screen says above the keys. */
typedef enum
{
  KIOSK_ENTRY_MESSAGE_NONE,
  KIOSK_ENTRY_MESSAGE_WRONG,     /* the card refused the current secret */
  KIOSK_ENTRY_MESSAGE_MISMATCH,  /* the new secret typed twice did not match */
  KIOSK_ENTRY_MESSAGE_MALFORMED, /* not the format (the widgets should never let it through) */
} KioskEntryMessage;

/* What the flow asks the outside to do; it never does I/O itself. */
typedef enum
{
  KIOSK_FLOW_COMMAND_READ_STATUS,
  KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK,
  KIOSK_FLOW_COMMAND_VERIFY, /* verify kiosk_flow_get_current_secret() for the procedure */
  KIOSK_FLOW_COMMAND_CHANGE, /* change it to kiosk_flow_get_new_secret() */
  KIOSK_FLOW_COMMAND_RENEW,  /* run the relay for the procedure with the secrets held */
} KioskFlowCommand;

/* Whether renewal and re-issue follow the service hours (the demo may pretend either way). */
typedef enum
{
  KIOSK_FLOW_HOURS_SCHEDULE,    /* the configured hours, holidays and closures (the default) */
  KIOSK_FLOW_HOURS_ALWAYS_OPEN, /* demo: open whatever the clock says */
  KIOSK_FLOW_HOURS_CLOSED,      /* demo: closed now, reopening at the next scheduled opening */
} KioskFlowHours;

#define KIOSK_TYPE_FLOW (kiosk_flow_get_type ())
G_DECLARE_FINAL_TYPE (KioskFlow, kiosk_flow, KIOSK, FLOW, GObject)

/**
 * KioskFlow:
 *
 * Properties: "state" (KioskFlowState, notify on change); "progress" (double 0…1, the renewal
 * relay's progress while RENEWING).
 * Signals: "command" (KioskFlowCommand): emitted synchronously when a transition asks for work.
 */
KioskFlow *kiosk_flow_new (KioskClock *clock, KioskConfig *config);

KioskFlowState kiosk_flow_get_state (KioskFlow *self);
/* The configuration the flow was made with (transfer none): what screens may read too. */
KioskConfig *kiosk_flow_get_config (KioskFlow *self);
void kiosk_flow_set_hours_mode (KioskFlow *self, KioskFlowHours mode);
KioskFlowHours kiosk_flow_get_hours_mode (KioskFlow *self);
const char *kiosk_flow_state_to_string (KioskFlowState state);
const char *kiosk_flow_input_to_string (KioskFlowInput input);

/* Feeds one input. An input the current state does not take is ignored (and logged at debug). */
void kiosk_flow_input (KioskFlow *self, KioskFlowInput input);
void kiosk_flow_status_read (KioskFlow *self, KioskCardStatus *status);
void kiosk_flow_status_failed (KioskFlow *self, const GError *error);

gboolean kiosk_flow_get_card_present (KioskFlow *self);
/* The report of the last successful read (NULL outside STATUS/TAKE_CARD). */
KioskStatusReport *kiosk_flow_get_report (KioskFlow *self);
/* The error of the last failed read (NULL when none). */
const GError *kiosk_flow_get_last_error (KioskFlow *self);

KioskOperator kiosk_flow_get_operator (KioskFlow *self);
KioskProcedure kiosk_flow_get_procedure (KioskFlow *self);
/* The secret the entry screens and the card work are about now: AUTH for the 4-digit PIN, SIGN
 * for the sign password. A change has one; a renewal walks the PIN, then the password. */
KioskJpkiSecret kiosk_flow_get_procedure_secret (KioskFlow *self);
/* Renewal and re-issue: does the procedure need the sign password (the card has one)? */
gboolean kiosk_flow_get_needs_sign_password (KioskFlow *self);
/* The entry step the resident is on and how many there are ("Step 2 of 4"); 0 of 0 outside. */
void kiosk_flow_get_entry_step (KioskFlow *self, guint *step, guint *count);
KioskHandoffReason kiosk_flow_get_handoff_reason (KioskFlow *self);
const char *kiosk_flow_handoff_reason_to_string (KioskHandoffReason reason);
/* The card's tries left for the procedure's secret, as last known (-1: unknown). */
int kiosk_flow_get_tries_left (KioskFlow *self);
KioskEntryMessage kiosk_flow_get_entry_message (KioskFlow *self);

/* The typed secret, on the entry screens (ENTER_CURRENT, ENTER_NEW, CONFIRM_NEW). The flow keeps
 * a reference (transfer none) only while the procedure lasts; a malformed one never reaches the
 * card. */
void kiosk_flow_secret_entered (KioskFlow *self, KioskSecret *secret);
/* The secrets held (transfer none; NULL when none). All are dropped, so wiped, as soon as the
 * flow leaves the procedure. */
KioskSecret *kiosk_flow_get_current_secret (KioskFlow *self);
KioskSecret *kiosk_flow_get_new_secret (KioskFlow *self);
KioskSecret *kiosk_flow_get_first_new_secret (KioskFlow *self);
/* The same for a given secret (a renewal holds both); the new one NULL: keep the current one. */
KioskSecret *kiosk_flow_get_current_secret_for (KioskFlow *self, KioskJpkiSecret kind);
KioskSecret *kiosk_flow_get_new_secret_for (KioskFlow *self, KioskJpkiSecret kind);

/* The result of a VERIFY or CHANGE command. @tries_left: what the card said (-1: nothing). */
void kiosk_flow_card_work_done (KioskFlow *self);
void kiosk_flow_card_work_failed (KioskFlow *self, const GError *error, int tries_left);

/* The renewal relay (RENEWING): its progress, and its end (the result is copied). */
void kiosk_flow_renewal_progress (KioskFlow *self, guint step, guint count);
double kiosk_flow_get_progress (KioskFlow *self);
void kiosk_flow_renewal_finished (KioskFlow *self, const KioskRenewalResult *result);
/* The last relay's result (NULL when none this session). */
const KioskRenewalResult *kiosk_flow_get_renewal_result (KioskFlow *self);
/* SERVICE_BUSY: the wait the service asked for, in seconds (0: unknown). */
guint kiosk_flow_get_retry_after (KioskFlow *self);
/* RENEWAL_NOT_OPEN: the first day renewal opens (transfer none; NULL otherwise). */
const GDate *kiosk_flow_get_renewal_opens (KioskFlow *self);
/* OUTSIDE_HOURS: when the procedures reopen, Asia/Tokyo (transfer none; NULL otherwise). */
GDateTime *kiosk_flow_get_reopens (KioskFlow *self);

G_END_DECLS
