/* kiosk-flow.h: the kiosk's state machine; no GTK, driven by inputs, observed by ui/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-card-status.h"
#include "kiosk-clock.h"
#include "kiosk-config.h"
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
} KioskFlowState;

typedef enum
{
  KIOSK_FLOW_INPUT_START,         /* resident taps "start" on the welcome screen */
  KIOSK_FLOW_INPUT_BACK,          /* resident taps "back" / "cancel" */
  KIOSK_FLOW_INPUT_FINISH,        /* resident taps "done" / "OK" */
  KIOSK_FLOW_INPUT_CARD_INSERTED, /* reader reports a card */
  KIOSK_FLOW_INPUT_CARD_REMOVED,  /* reader reports the card gone */
  KIOSK_FLOW_INPUT_READER_LOST,   /* no service, or no matching reader */
  KIOSK_FLOW_INPUT_READER_READY,  /* a matching reader is there, empty */
  KIOSK_FLOW_INPUT_READ_DONE,     /* via kiosk_flow_status_read() */
  KIOSK_FLOW_INPUT_READ_FAILED,   /* via kiosk_flow_status_failed() */
  KIOSK_FLOW_INPUT_IDLE_TIMEOUT,  /* nobody touched the screen for the idle time */
  KIOSK_FLOW_INPUT_RESET,         /* staff or admin reset */
} KioskFlowInput;

/* What the flow asks the outside to do; it never does I/O itself. */
typedef enum
{
  KIOSK_FLOW_COMMAND_READ_STATUS,
  KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK,
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

G_END_DECLS
