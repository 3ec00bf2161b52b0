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
  KIOSK_FLOW_STATE_DONE,          /* changed: take your card */
} KioskFlowState;

#define KIOSK_FLOW_N_STATES (KIOSK_FLOW_STATE_DONE + 1)

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
} KioskFlowCommand;

#define KIOSK_TYPE_FLOW (kiosk_flow_get_type ())
G_DECLARE_FINAL_TYPE (KioskFlow, kiosk_flow, KIOSK, FLOW, GObject)

/**
 * KioskFlow:
 *
 * Properties: "state" (KioskFlowState, notify on change).
 * Signals: "command" (KioskFlowCommand): emitted synchronously when a transition asks for work.
 */
KioskFlow *kiosk_flow_new (KioskClock *clock, KioskConfig *config);

KioskFlowState kiosk_flow_get_state (KioskFlow *self);
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
/* The secret the procedure changes: AUTH for the PIN, SIGN for the sign password. */
KioskJpkiSecret kiosk_flow_get_procedure_secret (KioskFlow *self);
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

/* The result of a VERIFY or CHANGE command. @tries_left: what the card said (-1: nothing). */
void kiosk_flow_card_work_done (KioskFlow *self);
void kiosk_flow_card_work_failed (KioskFlow *self, const GError *error, int tries_left);

G_END_DECLS
