/* kiosk-flow.c: the kiosk's state machine; no GTK, driven by inputs, observed by ui/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-flow.h"

#include "kiosk-card-error.h"
#include "kiosk-renewal-rules.h"
#include "kiosk-secret-rules.h"
#include "kiosk-service-hours.h"

struct _KioskFlow
{
  GObject parent_instance;

  KioskClock *clock;
  KioskConfig *config;
  KioskServiceHours *hours;
  KioskFlowHours hours_mode;

  KioskFlowState state;
  gboolean card_present;
  KioskStatusReport *report;
  GError *last_error;

  /* The procedure: facts the guards read and the screens show. */
  KioskOperator operator;
  KioskProcedure procedure;
  KioskJpkiSecret entering; /* the secret the entry screens and the card work are about now */
  KioskHandoffReason handoff_reason;
  int tries_left;
  int result_tries_left; /* what the last card work said, read by the guards */
  KioskEntryMessage entry_message;
  KioskRenewalVerdict renewal_verdict; /* from the last status read */
  GDate *renewal_opens;                /* NOT_YET: the opening date */
  GDateTime *reopens;                  /* OUTSIDE_HOURS: when procedures reopen */
  KioskRenewalResult *renewal_result;  /* the last relay's result, this session */
  double progress;

  /* Secrets live only here, and only while the procedure lasts: indexed by KioskJpkiSecret. A
   * new secret NULL with new_chosen set means "keep the current one". */
  KioskSecret *typed; /* the entry being handled by one input */
  KioskSecret *current[2];
  KioskSecret *first_new;
  KioskSecret *new_secret[2];
};

G_DEFINE_FINAL_TYPE (KioskFlow, kiosk_flow, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_PROGRESS,
  N_PROPS
};

enum
{
  SIGNAL_COMMAND,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Guards look only at the flow's own facts, so every transition is decided by the table. */
typedef gboolean (*Guard) (KioskFlow *self);

static gboolean
card_in_reader (KioskFlow *self)
{
  return self->card_present;
}

static gboolean
reader_empty (KioskFlow *self)
{
  return !self->card_present;
}

static gboolean
failed_because_card_left (KioskFlow *self)
{
  return self->last_error != NULL && kiosk_card_error_is_card_gone (self->last_error);
}

static gboolean
failed_on_the_card (KioskFlow *self)
{
  return !failed_because_card_left (self);
}

static gboolean
procedure_is_check (KioskFlow *self)
{
  return self->procedure == KIOSK_PROCEDURE_NONE || self->procedure == KIOSK_PROCEDURE_CHECK_CARD;
}

static gboolean
procedure_is_change (KioskFlow *self)
{
  return self->procedure == KIOSK_PROCEDURE_CHANGE_PIN
         || self->procedure == KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD;
}

/* Renewal and re-issue go through the issuance service (the relay). */
static gboolean
procedure_is_relay (KioskFlow *self)
{
  return self->procedure == KIOSK_PROCEDURE_RENEW
         || self->procedure == KIOSK_PROCEDURE_REISSUE_SIGN;
}

static int
report_tries_for (KioskFlow *self, KioskJpkiSecret kind)
{
  if (self->report == NULL)
    return -1;
  return kind == KIOSK_JPKI_SIGN ? kiosk_status_report_get_sign_tries_left (self->report)
                                 : kiosk_status_report_get_auth_tries_left (self->report);
}

static gboolean
card_has_sign_password (KioskFlow *self)
{
  return report_tries_for (self, KIOSK_JPKI_SIGN) >= 0;
}

/* The secrets the procedure must prove, in the order they are asked for. A renewal needs the
 * sign password too when the card has one (the self-service rule); a card with the
 * authentication certificate only renews with the PIN alone. */
static gboolean
needs_pin (KioskFlow *self)
{
  return self->procedure != KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD;
}

static gboolean
needs_password (KioskFlow *self)
{
  switch (self->procedure)
    {
    case KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD:
    case KIOSK_PROCEDURE_REISSUE_SIGN:
      return TRUE;
    case KIOSK_PROCEDURE_RENEW:
      return card_has_sign_password (self);
    default:
      return FALSE;
    }
}

/* Changing or re-issuing for a signature certificate the card does not have: the counter. */
static gboolean
card_has_no_sign_password (KioskFlow *self)
{
  return (self->procedure == KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD
          || self->procedure == KIOSK_PROCEDURE_REISSUE_SIGN)
         && self->report != NULL && !card_has_sign_password (self);
}

/* Blocked, or a counter the kiosk cannot trust: never a way round, always the counter. */
static gboolean
secret_not_usable (KioskFlow *self, KioskJpkiSecret kind)
{
  KioskTriesAdvice advice = kiosk_tries_advice (kind, report_tries_for (self, kind));

  return advice == KIOSK_TRIES_BLOCKED || advice == KIOSK_TRIES_UNKNOWN;
}

static gboolean
pin_not_usable (KioskFlow *self)
{
  return needs_pin (self) && secret_not_usable (self, KIOSK_JPKI_AUTH);
}

static gboolean
password_not_usable (KioskFlow *self)
{
  return needs_password (self) && secret_not_usable (self, KIOSK_JPKI_SIGN);
}

static gboolean
relay_without_certificate (KioskFlow *self)
{
  return procedure_is_relay (self) && self->report != NULL
         && !kiosk_status_report_has_certificate (self->report);
}

/* Renewal follows the window and the expired policy; a signature certificate re-issued on an
 * expired authentication certificate would be born expired, so that is a renewal matter. */
static gboolean
relay_expired_to_counter (KioskFlow *self)
{
  if (self->procedure == KIOSK_PROCEDURE_RENEW)
    return self->renewal_verdict == KIOSK_RENEWAL_EXPIRED_HANDOFF;
  return self->procedure == KIOSK_PROCEDURE_REISSUE_SIGN
         && (self->renewal_verdict == KIOSK_RENEWAL_EXPIRED_HANDOFF
             || self->renewal_verdict == KIOSK_RENEWAL_EXPIRED_AT_KIOSK);
}

static gboolean
renewal_not_open (KioskFlow *self)
{
  return self->procedure == KIOSK_PROCEDURE_RENEW && self->renewal_verdict == KIOSK_RENEWAL_NOT_YET;
}

/* Procedures that need the national system follow its hours; a check and a change of secret
 * are the card's business alone and work at any time. */
static gboolean
service_closed (KioskFlow *self)
{
  g_autoptr (GDateTime) now = NULL;

  switch (self->hours_mode)
    {
    case KIOSK_FLOW_HOURS_ALWAYS_OPEN:
      return FALSE;
    case KIOSK_FLOW_HOURS_CLOSED:
      return TRUE;
    case KIOSK_FLOW_HOURS_SCHEDULE:
      break;
    }
  now = kiosk_clock_now (self->clock);
  return !kiosk_service_hours_is_open (self->hours, now);
}

static gboolean
typed_well_formed (KioskFlow *self)
{
  return self->typed != NULL
         && kiosk_secret_format_check_secret (self->entering, self->typed)
                == KIOSK_SECRET_FORMAT_OK;
}

static gboolean
typed_malformed (KioskFlow *self)
{
  return !typed_well_formed (self);
}

static gboolean
typed_matches_first (KioskFlow *self)
{
  const guint8 *a, *b;
  gsize len;
  guint8 diff = 0;

  if (!typed_well_formed (self) || self->first_new == NULL)
    return FALSE;
  len = kiosk_secret_get_length (self->typed);
  if (len != kiosk_secret_get_length (self->first_new))
    return FALSE;
  a = kiosk_secret_get_data (self->typed);
  b = kiosk_secret_get_data (self->first_new);
  /* Every byte compared, whatever the first difference. */
  for (gsize i = 0; i < len; i++)
    diff |= a[i] ^ b[i];
  return diff == 0;
}

static gboolean
typed_differs_from_first (KioskFlow *self)
{
  return typed_well_formed (self) && !typed_matches_first (self);
}

/* A renewal asks for the PIN first, then the sign password, both for the current and the new
 * ones; a re-issue proves both and renews only the password. */
static gboolean
another_current_to_enter (KioskFlow *self)
{
  return procedure_is_relay (self) && self->entering == KIOSK_JPKI_AUTH && needs_password (self);
}

static gboolean
another_new_to_enter (KioskFlow *self)
{
  return self->procedure == KIOSK_PROCEDURE_RENEW && self->entering == KIOSK_JPKI_AUTH
         && needs_password (self);
}

static gboolean
matches_and_change (KioskFlow *self)
{
  return procedure_is_change (self) && typed_matches_first (self);
}

static gboolean
matches_and_another_new (KioskFlow *self)
{
  return another_new_to_enter (self) && typed_matches_first (self);
}

static gboolean
matches_and_relay (KioskFlow *self)
{
  return procedure_is_relay (self) && typed_matches_first (self);
}

static gboolean
keep_and_another_new (KioskFlow *self)
{
  return procedure_is_relay (self) && another_new_to_enter (self);
}

static gboolean
refused_with_tries_left (KioskFlow *self)
{
  return self->last_error != NULL
         && g_error_matches (self->last_error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN)
         && self->result_tries_left > 0;
}

static gboolean
refused_and_blocked (KioskFlow *self)
{
  if (self->last_error == NULL)
    return FALSE;
  return g_error_matches (self->last_error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_BLOCKED)
         || (g_error_matches (self->last_error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN)
             && self->result_tries_left <= 0);
}

static gboolean
pin_now_blocked (KioskFlow *self)
{
  return self->entering == KIOSK_JPKI_AUTH && refused_and_blocked (self);
}

static gboolean
password_now_blocked (KioskFlow *self)
{
  return self->entering == KIOSK_JPKI_SIGN && refused_and_blocked (self);
}

static gboolean
work_failed_on_the_card (KioskFlow *self)
{
  return !failed_because_card_left (self) && !refused_and_blocked (self)
         && !refused_with_tries_left (self);
}

/* The relay's outcomes, one guard each. */
static KioskRenewalOutcome
relay_outcome (KioskFlow *self)
{
  return self->renewal_result != NULL ? self->renewal_result->outcome
                                      : KIOSK_RENEWAL_OUTCOME_CANCELLED;
}

static int
relay_tries_left (KioskFlow *self)
{
  return self->renewal_result != NULL ? self->renewal_result->tries_left : -1;
}

static gboolean
relay_refused_because (KioskFlow *self, KioskIssuanceReason reason)
{
  return relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_REFUSED
         && self->renewal_result->refusal == reason;
}

#define RELAY_GUARD(name, expression)                                                              \
  static gboolean name (KioskFlow *self)                                                           \
  {                                                                                                \
    return (expression);                                                                           \
  }

RELAY_GUARD (relay_done, relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_DONE)
RELAY_GUARD (relay_pin_wrong,
             relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_PIN_WRONG && relay_tries_left (self) > 0)
RELAY_GUARD (relay_password_wrong, relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_SIGN_WRONG
                                       && relay_tries_left (self) > 0)
RELAY_GUARD (relay_pin_locked, relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_PIN_LOCKED
                                   || relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_PIN_WRONG)
RELAY_GUARD (relay_password_locked, relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_SIGN_LOCKED
                                        || relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_SIGN_WRONG)
RELAY_GUARD (relay_refused_minor, relay_refused_because (self, KIOSK_ISSUANCE_REASON_MINOR))
RELAY_GUARD (relay_refused_adult_ward,
             relay_refused_because (self, KIOSK_ISSUANCE_REASON_ADULT_WARD))
RELAY_GUARD (relay_refused_revoked, relay_refused_because (self, KIOSK_ISSUANCE_REASON_REVOKED))
RELAY_GUARD (relay_refused, relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_REFUSED)
RELAY_GUARD (relay_not_applicable, relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_NOT_APPLICABLE)
RELAY_GUARD (relay_busy, relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY)
RELAY_GUARD (relay_down, relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN)
RELAY_GUARD (relay_card_removed, relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_CARD_REMOVED)
RELAY_GUARD (relay_card_failed, relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_CARD_ERROR
                                    || relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_WRONG_CARD)
RELAY_GUARD (relay_incomplete_old, relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD)
RELAY_GUARD (relay_incomplete_new, relay_outcome (self) == KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW)

#define ANY_STATE ((KioskFlowState)-1)
#define NO_COMMAND ((KioskFlowCommand)-1)

/* What taking a row does besides changing state, so the table says it rather than code that
 * re-derives it from the row. */
typedef enum
{
  DO_NOTHING = 0,
  DO_HOLD_CURRENT = 1 << 0,     /* the typed entry is the current secret being entered */
  DO_HOLD_FIRST_NEW = 1 << 1,   /* ... the new one, first time */
  DO_HOLD_NEW = 1 << 2,         /* ... the new one, confirmed */
  DO_KEEP_CURRENT = 1 << 3,     /* no new secret: keep the current one */
  DO_NEXT_SECRET = 1 << 4,      /* the PIN is done: the sign password next */
  DO_FIRST_NEW_SECRET = 1 << 5, /* the current ones are proven: the first one to renew next */
  DO_SAY_MALFORMED = 1 << 6,
  DO_SAY_MISMATCH = 1 << 7,
  DO_SAY_WRONG = 1 << 8,
  DO_WRONG_PASSWORD = 1 << 9, /* the relay refused the sign password: ask it again */
} Effect;

typedef struct
{
  KioskFlowState from;
  KioskFlowInput input;
  Guard guard; /* NULL: always */
  KioskFlowState to;
  KioskFlowCommand command;
  KioskHandoffReason reason; /* set when the row goes to HANDOFF */
  Effect effects;
} Transition;

#define HANDOFF(why) KIOSK_FLOW_STATE_HANDOFF, NO_COMMAND, KIOSK_HANDOFF_##why

/* The first row that matches the current state, the input and its guard wins: rows for one state
 * come before the ANY_STATE rows, so a state can override a general rule. Leaving a card-work
 * state by any row but a result cancels the card work (see kiosk_flow_input). */
static const Transition transitions[] = {
  /* Welcome: a tap on start asks who is there; a card put straight on the reader is checked
   * (checking needs no secret, so it is the one thing done without asking). */
  { KIOSK_FLOW_STATE_WELCOME, KIOSK_FLOW_INPUT_START, NULL, KIOSK_FLOW_STATE_OPERATOR, NO_COMMAND },
  { KIOSK_FLOW_STATE_WELCOME, KIOSK_FLOW_INPUT_CARD_INSERTED, NULL, KIOSK_FLOW_STATE_READING,
    KIOSK_FLOW_COMMAND_READ_STATUS },

  /* Only the holder may use the kiosk; anyone acting for them goes to the counter. */
  { KIOSK_FLOW_STATE_OPERATOR, KIOSK_FLOW_INPUT_CHOOSE_HOLDER, NULL, KIOSK_FLOW_STATE_MENU,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_OPERATOR, KIOSK_FLOW_INPUT_CHOOSE_REPRESENTATIVE, NULL, HANDOFF (PROXY) },
  { KIOSK_FLOW_STATE_OPERATOR, KIOSK_FLOW_INPUT_CHOOSE_PROXY, NULL, HANDOFF (PROXY) },
  { KIOSK_FLOW_STATE_OPERATOR, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_WELCOME, NO_COMMAND },

  /* The menu: the card is read first whatever the procedure (see note_choice for the choice);
   * procedures that need the national system are offered in its hours only. */
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_CHOOSE_CHECK, card_in_reader, KIOSK_FLOW_STATE_READING,
    KIOSK_FLOW_COMMAND_READ_STATUS },
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_CHOOSE_CHECK, reader_empty, KIOSK_FLOW_STATE_PLACE_CARD,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, card_in_reader,
    KIOSK_FLOW_STATE_READING, KIOSK_FLOW_COMMAND_READ_STATUS },
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN, reader_empty,
    KIOSK_FLOW_STATE_PLACE_CARD, NO_COMMAND },
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD, card_in_reader,
    KIOSK_FLOW_STATE_READING, KIOSK_FLOW_COMMAND_READ_STATUS },
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD, reader_empty,
    KIOSK_FLOW_STATE_PLACE_CARD, NO_COMMAND },
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_CHOOSE_RENEW, service_closed, HANDOFF (OUTSIDE_HOURS) },
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_CHOOSE_RENEW, card_in_reader, KIOSK_FLOW_STATE_READING,
    KIOSK_FLOW_COMMAND_READ_STATUS },
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_CHOOSE_RENEW, reader_empty, KIOSK_FLOW_STATE_PLACE_CARD,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_CHOOSE_REISSUE, service_closed,
    HANDOFF (OUTSIDE_HOURS) },
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_CHOOSE_REISSUE, card_in_reader,
    KIOSK_FLOW_STATE_READING, KIOSK_FLOW_COMMAND_READ_STATUS },
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_CHOOSE_REISSUE, reader_empty,
    KIOSK_FLOW_STATE_PLACE_CARD, NO_COMMAND },
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_OPERATOR, NO_COMMAND },

  { KIOSK_FLOW_STATE_PLACE_CARD, KIOSK_FLOW_INPUT_CARD_INSERTED, NULL, KIOSK_FLOW_STATE_READING,
    KIOSK_FLOW_COMMAND_READ_STATUS },
  { KIOSK_FLOW_STATE_PLACE_CARD, KIOSK_FLOW_INPUT_BACK, procedure_is_check,
    KIOSK_FLOW_STATE_WELCOME, NO_COMMAND },
  { KIOSK_FLOW_STATE_PLACE_CARD, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_MENU, NO_COMMAND },

  /* The status read decides: a check shows it; a procedure goes on only with usable secrets and,
   * for a renewal, an open window. */
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, procedure_is_check,
    KIOSK_FLOW_STATE_STATUS, NO_COMMAND },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, relay_without_certificate,
    HANDOFF (NO_CERTIFICATES) },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, card_has_no_sign_password,
    HANDOFF (NO_SIGN_CERTIFICATE) },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, relay_expired_to_counter,
    HANDOFF (EXPIRED) },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, renewal_not_open,
    HANDOFF (RENEWAL_NOT_OPEN) },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, pin_not_usable, HANDOFF (PIN_LOCKED) },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, password_not_usable,
    HANDOFF (SIGN_LOCKED) },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, NULL, KIOSK_FLOW_STATE_ENTER_CURRENT,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_FAILED, failed_because_card_left,
    KIOSK_FLOW_STATE_CARD_REMOVED, NO_COMMAND },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_FAILED, failed_on_the_card,
    KIOSK_FLOW_STATE_CARD_UNREADABLE, NO_COMMAND },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL, KIOSK_FLOW_STATE_CARD_REMOVED,
    NO_COMMAND },

  /* The status stays on screen when the card is taken: it holds nothing personal, and the
   * resident may still be reading it. "Done" then goes home. */
  { KIOSK_FLOW_STATE_STATUS, KIOSK_FLOW_INPUT_FINISH, card_in_reader, KIOSK_FLOW_STATE_TAKE_CARD,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_STATUS, KIOSK_FLOW_INPUT_FINISH, reader_empty, KIOSK_FLOW_STATE_WELCOME,
    NO_COMMAND },

  { KIOSK_FLOW_STATE_TAKE_CARD, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL, KIOSK_FLOW_STATE_WELCOME,
    NO_COMMAND },

  { KIOSK_FLOW_STATE_CARD_REMOVED, KIOSK_FLOW_INPUT_CARD_INSERTED, NULL, KIOSK_FLOW_STATE_READING,
    KIOSK_FLOW_COMMAND_READ_STATUS },
  { KIOSK_FLOW_STATE_CARD_REMOVED, KIOSK_FLOW_INPUT_FINISH, reader_empty, KIOSK_FLOW_STATE_WELCOME,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_CARD_REMOVED, KIOSK_FLOW_INPUT_BACK, reader_empty, KIOSK_FLOW_STATE_WELCOME,
    NO_COMMAND },

  /* An unreadable card: take it out, then place it again (often it was the wrong way round). */
  { KIOSK_FLOW_STATE_CARD_UNREADABLE, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL,
    KIOSK_FLOW_STATE_PLACE_CARD, NO_COMMAND },
  { KIOSK_FLOW_STATE_CARD_UNREADABLE, KIOSK_FLOW_INPUT_FINISH, card_in_reader,
    KIOSK_FLOW_STATE_TAKE_CARD, NO_COMMAND },
  { KIOSK_FLOW_STATE_CARD_UNREADABLE, KIOSK_FLOW_INPUT_FINISH, reader_empty,
    KIOSK_FLOW_STATE_WELCOME, NO_COMMAND },
  { KIOSK_FLOW_STATE_CARD_UNREADABLE, KIOSK_FLOW_INPUT_BACK, card_in_reader,
    KIOSK_FLOW_STATE_TAKE_CARD, NO_COMMAND },
  { KIOSK_FLOW_STATE_CARD_UNREADABLE, KIOSK_FLOW_INPUT_BACK, reader_empty, KIOSK_FLOW_STATE_WELCOME,
    NO_COMMAND },

  /* Entering a current secret, then the card checks it. */
  { KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_well_formed,
    KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_COMMAND_VERIFY, 0, DO_HOLD_CURRENT },
  { KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_malformed,
    KIOSK_FLOW_STATE_ENTER_CURRENT, NO_COMMAND, 0, DO_SAY_MALFORMED },
  { KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_MENU,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL,
    KIOSK_FLOW_STATE_CARD_REMOVED, NO_COMMAND },

  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_DONE, another_current_to_enter,
    KIOSK_FLOW_STATE_ENTER_CURRENT, NO_COMMAND, 0, DO_NEXT_SECRET },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_DONE, NULL, KIOSK_FLOW_STATE_ENTER_NEW,
    NO_COMMAND, 0, DO_FIRST_NEW_SECRET },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, refused_with_tries_left,
    KIOSK_FLOW_STATE_ENTER_CURRENT, NO_COMMAND, 0, DO_SAY_WRONG },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, pin_now_blocked,
    HANDOFF (PIN_LOCKED) },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, password_now_blocked,
    HANDOFF (SIGN_LOCKED) },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, failed_because_card_left,
    KIOSK_FLOW_STATE_CARD_REMOVED, NO_COMMAND },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, work_failed_on_the_card,
    KIOSK_FLOW_STATE_CARD_UNREADABLE, NO_COMMAND },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL, KIOSK_FLOW_STATE_CARD_REMOVED,
    NO_COMMAND },

  /* The new secret, typed twice; a renewal may keep the current one instead. */
  { KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_well_formed,
    KIOSK_FLOW_STATE_CONFIRM_NEW, NO_COMMAND, 0, DO_HOLD_FIRST_NEW },
  { KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_malformed,
    KIOSK_FLOW_STATE_ENTER_NEW, NO_COMMAND, 0, DO_SAY_MALFORMED },
  { KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_FLOW_INPUT_KEEP_CURRENT, keep_and_another_new,
    KIOSK_FLOW_STATE_ENTER_NEW, NO_COMMAND, 0, DO_KEEP_CURRENT | DO_NEXT_SECRET },
  { KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_FLOW_INPUT_KEEP_CURRENT, procedure_is_relay,
    KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_COMMAND_RENEW, 0, DO_KEEP_CURRENT },
  { KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_MENU, NO_COMMAND },
  { KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL, KIOSK_FLOW_STATE_CARD_REMOVED,
    NO_COMMAND },

  { KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_FLOW_INPUT_SECRET_ENTERED, matches_and_change,
    KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_COMMAND_CHANGE, 0, DO_HOLD_NEW },
  { KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_FLOW_INPUT_SECRET_ENTERED, matches_and_another_new,
    KIOSK_FLOW_STATE_ENTER_NEW, NO_COMMAND, 0, DO_HOLD_NEW | DO_NEXT_SECRET },
  { KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_FLOW_INPUT_SECRET_ENTERED, matches_and_relay,
    KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_COMMAND_RENEW, 0, DO_HOLD_NEW },
  { KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_differs_from_first,
    KIOSK_FLOW_STATE_ENTER_NEW, NO_COMMAND, 0, DO_SAY_MISMATCH },
  { KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_malformed,
    KIOSK_FLOW_STATE_CONFIRM_NEW, NO_COMMAND, 0, DO_SAY_MALFORMED },
  { KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_ENTER_NEW,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL,
    KIOSK_FLOW_STATE_CARD_REMOVED, NO_COMMAND },

  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_WORK_DONE, NULL, KIOSK_FLOW_STATE_DONE,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, refused_with_tries_left,
    KIOSK_FLOW_STATE_ENTER_CURRENT, NO_COMMAND, 0, DO_SAY_WRONG },
  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, pin_now_blocked,
    HANDOFF (PIN_LOCKED) },
  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, password_now_blocked,
    HANDOFF (SIGN_LOCKED) },
  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, failed_because_card_left,
    KIOSK_FLOW_STATE_CARD_REMOVED, NO_COMMAND },
  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, work_failed_on_the_card,
    KIOSK_FLOW_STATE_CARD_UNREADABLE, NO_COMMAND },
  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL, KIOSK_FLOW_STATE_CARD_REMOVED,
    NO_COMMAND },

  /* The relay. A card pulled, or the resident walking away, does not stop it here: the relay
   * itself notices and ends with an outcome that says what the card holds. */
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_done, KIOSK_FLOW_STATE_DONE,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_pin_wrong,
    KIOSK_FLOW_STATE_ENTER_CURRENT, NO_COMMAND, 0, DO_SAY_WRONG },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_password_wrong,
    KIOSK_FLOW_STATE_ENTER_CURRENT, NO_COMMAND, 0, DO_SAY_WRONG | DO_WRONG_PASSWORD },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_pin_locked,
    HANDOFF (PIN_LOCKED) },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_password_locked,
    HANDOFF (SIGN_LOCKED) },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_refused_minor,
    HANDOFF (MINOR) },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_refused_adult_ward,
    HANDOFF (ADULT_WARD) },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_refused_revoked,
    HANDOFF (REVOKED) },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_refused,
    HANDOFF (NOT_ELIGIBLE) },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_not_applicable,
    HANDOFF (NO_SIGN_CERTIFICATE) },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_busy,
    KIOSK_FLOW_STATE_SERVICE_BUSY, NO_COMMAND },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_down,
    HANDOFF (SERVICE_DOWN) },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_incomplete_old,
    HANDOFF (INCOMPLETE_OLD) },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_incomplete_new,
    HANDOFF (INCOMPLETE_NEW) },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_card_removed,
    KIOSK_FLOW_STATE_CARD_REMOVED, NO_COMMAND },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, relay_card_failed,
    KIOSK_FLOW_STATE_CARD_UNREADABLE, NO_COMMAND },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_RENEWAL_FINISHED, NULL, HANDOFF (KIOSK_FAULT) },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL, KIOSK_FLOW_STATE_RENEWING,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_INPUT_IDLE_TIMEOUT, NULL, KIOSK_FLOW_STATE_RENEWING,
    NO_COMMAND },

  /* The national system is congested: say so, and let the resident choose. Nothing changed on
   * the card, so trying again needs no new entry. */
  { KIOSK_FLOW_STATE_SERVICE_BUSY, KIOSK_FLOW_INPUT_RETRY, card_in_reader,
    KIOSK_FLOW_STATE_RENEWING, KIOSK_FLOW_COMMAND_RENEW },
  { KIOSK_FLOW_STATE_SERVICE_BUSY, KIOSK_FLOW_INPUT_FINISH, NULL, HANDOFF (SERVICE_BUSY) },
  { KIOSK_FLOW_STATE_SERVICE_BUSY, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_MENU, NO_COMMAND },
  { KIOSK_FLOW_STATE_SERVICE_BUSY, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL,
    KIOSK_FLOW_STATE_CARD_REMOVED, NO_COMMAND },

  /* The end of a procedure: the card is asked for before the kiosk goes home. The outcome stays
   * on screen when the card is taken, like the status. */
  { KIOSK_FLOW_STATE_DONE, KIOSK_FLOW_INPUT_FINISH, card_in_reader, KIOSK_FLOW_STATE_TAKE_CARD,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_DONE, KIOSK_FLOW_INPUT_FINISH, reader_empty, KIOSK_FLOW_STATE_WELCOME,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_HANDOFF, KIOSK_FLOW_INPUT_FINISH, card_in_reader, KIOSK_FLOW_STATE_TAKE_CARD,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_HANDOFF, KIOSK_FLOW_INPUT_FINISH, reader_empty, KIOSK_FLOW_STATE_WELCOME,
    NO_COMMAND },

  /* The reader is back: home, and a card already in it is read as if just placed. */
  { KIOSK_FLOW_STATE_NO_READER, KIOSK_FLOW_INPUT_READER_READY, NULL, KIOSK_FLOW_STATE_WELCOME,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_NO_READER, KIOSK_FLOW_INPUT_CARD_INSERTED, NULL, KIOSK_FLOW_STATE_READING,
    KIOSK_FLOW_COMMAND_READ_STATUS },
  { KIOSK_FLOW_STATE_NO_READER, KIOSK_FLOW_INPUT_RESET, NULL, KIOSK_FLOW_STATE_NO_READER,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_NO_READER, KIOSK_FLOW_INPUT_IDLE_TIMEOUT, NULL, KIOSK_FLOW_STATE_NO_READER,
    NO_COMMAND },

  /* Everywhere: the reader gone, a reset, the idle timeout. A card left behind is asked for
   * before the kiosk goes home, so the next resident never finds someone else's card. */
  { ANY_STATE, KIOSK_FLOW_INPUT_READER_LOST, NULL, KIOSK_FLOW_STATE_NO_READER, NO_COMMAND },
  { ANY_STATE, KIOSK_FLOW_INPUT_RESET, card_in_reader, KIOSK_FLOW_STATE_TAKE_CARD, NO_COMMAND },
  { ANY_STATE, KIOSK_FLOW_INPUT_RESET, reader_empty, KIOSK_FLOW_STATE_WELCOME, NO_COMMAND },
  { ANY_STATE, KIOSK_FLOW_INPUT_IDLE_TIMEOUT, card_in_reader, KIOSK_FLOW_STATE_TAKE_CARD,
    NO_COMMAND },
  { ANY_STATE, KIOSK_FLOW_INPUT_IDLE_TIMEOUT, reader_empty, KIOSK_FLOW_STATE_WELCOME, NO_COMMAND },
};

static void
drop_secrets (KioskFlow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->current); i++)
    {
      g_clear_pointer (&self->current[i], kiosk_secret_unref);
      g_clear_pointer (&self->new_secret[i], kiosk_secret_unref);
    }
  g_clear_pointer (&self->first_new, kiosk_secret_unref);
}

static void
drop_new_secrets (KioskFlow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->new_secret); i++)
    g_clear_pointer (&self->new_secret[i], kiosk_secret_unref);
  g_clear_pointer (&self->first_new, kiosk_secret_unref);
}

static void
kiosk_flow_finalize (GObject *object)
{
  KioskFlow *self = KIOSK_FLOW (object);

  g_clear_object (&self->clock);
  g_clear_object (&self->config);
  g_clear_object (&self->hours);
  g_clear_object (&self->report);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->renewal_opens, g_date_free);
  g_clear_pointer (&self->reopens, g_date_time_unref);
  g_clear_pointer (&self->renewal_result, kiosk_renewal_result_free);
  g_clear_pointer (&self->typed, kiosk_secret_unref);
  drop_secrets (self);
  G_OBJECT_CLASS (kiosk_flow_parent_class)->finalize (object);
}

static void
kiosk_flow_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskFlow *self = KIOSK_FLOW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_flow_class_init (KioskFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiosk_flow_finalize;
  object_class->get_property = kiosk_flow_get_property;

  /* An int rather than a registered enum keeps the flow free of generated code; the value is a
   * KioskFlowState. */
  properties[PROP_STATE]
      = g_param_spec_int ("state", NULL, NULL, KIOSK_FLOW_STATE_WELCOME, KIOSK_FLOW_N_STATES - 1,
                          KIOSK_FLOW_STATE_WELCOME,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROGRESS]
      = g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_COMMAND] = g_signal_new ("command", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
kiosk_flow_init (KioskFlow *self)
{
  self->state = KIOSK_FLOW_STATE_WELCOME;
  self->procedure = KIOSK_PROCEDURE_NONE;
  self->entering = KIOSK_JPKI_AUTH;
  self->tries_left = -1;
  self->result_tries_left = -1;
  self->renewal_verdict = KIOSK_RENEWAL_OPEN;
}

KioskFlow *
kiosk_flow_new (KioskClock *clock, KioskConfig *config)
{
  KioskFlow *self;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (KIOSK_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KIOSK_IS_CONFIG (config), NULL);

  self = g_object_new (KIOSK_TYPE_FLOW, NULL);
  self->clock = g_object_ref (clock);
  self->config = g_object_ref (config);
  /* The loader has validated the hours; a schedule that still does not parse closes the
   * procedures that need them rather than guessing. */
  self->hours = kiosk_service_hours_new_from_config (config, &error);
  if (self->hours == NULL)
    {
      const char *const closed[7]
          = { "closed", "closed", "closed", "closed", "closed", "closed", "closed" };

      g_warning ("service hours: %s; renewal stays closed", error->message);
      self->hours = kiosk_service_hours_new (closed, NULL);
    }
  return self;
}

KioskFlowState
kiosk_flow_get_state (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), KIOSK_FLOW_STATE_WELCOME);
  return self->state;
}

KioskConfig *
kiosk_flow_get_config (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  return self->config;
}

void
kiosk_flow_set_hours_mode (KioskFlow *self, KioskFlowHours mode)
{
  g_return_if_fail (KIOSK_IS_FLOW (self));
  self->hours_mode = mode;
}

KioskFlowHours
kiosk_flow_get_hours_mode (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), KIOSK_FLOW_HOURS_SCHEDULE);
  return self->hours_mode;
}

static const char *const state_names[] = {
  [KIOSK_FLOW_STATE_WELCOME] = "welcome",
  [KIOSK_FLOW_STATE_PLACE_CARD] = "place-card",
  [KIOSK_FLOW_STATE_READING] = "reading",
  [KIOSK_FLOW_STATE_STATUS] = "status",
  [KIOSK_FLOW_STATE_TAKE_CARD] = "take-card",
  [KIOSK_FLOW_STATE_NO_READER] = "no-reader",
  [KIOSK_FLOW_STATE_CARD_UNREADABLE] = "card-unreadable",
  [KIOSK_FLOW_STATE_CARD_REMOVED] = "card-removed",
  [KIOSK_FLOW_STATE_OPERATOR] = "operator",
  [KIOSK_FLOW_STATE_MENU] = "menu",
  [KIOSK_FLOW_STATE_HANDOFF] = "handoff",
  [KIOSK_FLOW_STATE_ENTER_CURRENT] = "enter-current",
  [KIOSK_FLOW_STATE_VERIFYING] = "verifying",
  [KIOSK_FLOW_STATE_ENTER_NEW] = "enter-new",
  [KIOSK_FLOW_STATE_CONFIRM_NEW] = "confirm-new",
  [KIOSK_FLOW_STATE_WRITING] = "writing",
  [KIOSK_FLOW_STATE_DONE] = "done",
  [KIOSK_FLOW_STATE_RENEWING] = "renewing",
  [KIOSK_FLOW_STATE_SERVICE_BUSY] = "service-busy",
};
G_STATIC_ASSERT (G_N_ELEMENTS (state_names) == KIOSK_FLOW_N_STATES);

const char *
kiosk_flow_state_to_string (KioskFlowState state)
{
  if ((guint)state >= G_N_ELEMENTS (state_names))
    return "unknown";
  return state_names[state];
}

static const char *const input_names[] = {
  [KIOSK_FLOW_INPUT_START] = "start",
  [KIOSK_FLOW_INPUT_BACK] = "back",
  [KIOSK_FLOW_INPUT_FINISH] = "finish",
  [KIOSK_FLOW_INPUT_CARD_INSERTED] = "card-inserted",
  [KIOSK_FLOW_INPUT_CARD_REMOVED] = "card-removed",
  [KIOSK_FLOW_INPUT_READER_LOST] = "reader-lost",
  [KIOSK_FLOW_INPUT_READER_READY] = "reader-ready",
  [KIOSK_FLOW_INPUT_READ_DONE] = "read-done",
  [KIOSK_FLOW_INPUT_READ_FAILED] = "read-failed",
  [KIOSK_FLOW_INPUT_IDLE_TIMEOUT] = "idle-timeout",
  [KIOSK_FLOW_INPUT_RESET] = "reset",
  [KIOSK_FLOW_INPUT_CHOOSE_HOLDER] = "choose-holder",
  [KIOSK_FLOW_INPUT_CHOOSE_REPRESENTATIVE] = "choose-representative",
  [KIOSK_FLOW_INPUT_CHOOSE_PROXY] = "choose-proxy",
  [KIOSK_FLOW_INPUT_CHOOSE_CHECK] = "choose-check",
  [KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN] = "choose-change-pin",
  [KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD] = "choose-change-password",
  [KIOSK_FLOW_INPUT_SECRET_ENTERED] = "secret-entered",
  [KIOSK_FLOW_INPUT_CARD_WORK_DONE] = "card-work-done",
  [KIOSK_FLOW_INPUT_CARD_WORK_FAILED] = "card-work-failed",
  [KIOSK_FLOW_INPUT_CHOOSE_RENEW] = "choose-renew",
  [KIOSK_FLOW_INPUT_CHOOSE_REISSUE] = "choose-reissue",
  [KIOSK_FLOW_INPUT_KEEP_CURRENT] = "keep-current",
  [KIOSK_FLOW_INPUT_RENEWAL_FINISHED] = "renewal-finished",
  [KIOSK_FLOW_INPUT_RETRY] = "retry",
};

const char *
kiosk_flow_input_to_string (KioskFlowInput input)
{
  if ((guint)input >= G_N_ELEMENTS (input_names) || input_names[input] == NULL)
    return "unknown";
  return input_names[input];
}

/* Facts every input teaches, whatever the state does with it. */
static void
note_facts (KioskFlow *self, KioskFlowInput input)
{
  switch (input)
    {
    case KIOSK_FLOW_INPUT_CARD_INSERTED:
      self->card_present = TRUE;
      break;
    case KIOSK_FLOW_INPUT_CARD_REMOVED:
    case KIOSK_FLOW_INPUT_READER_LOST:
      self->card_present = FALSE;
      break;
    default:
      break;
    }
}

static const Transition *
find_transition (KioskFlow *self, KioskFlowInput input)
{
  for (gsize i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      const Transition *t = &transitions[i];

      if (t->from != self->state && t->from != ANY_STATE)
        continue;
      if (t->input != input)
        continue;
      if (t->guard != NULL && !t->guard (self))
        continue;
      return t;
    }
  return NULL;
}

static gboolean
in_procedure (KioskFlowState state)
{
  return state == KIOSK_FLOW_STATE_ENTER_CURRENT || state == KIOSK_FLOW_STATE_VERIFYING
         || state == KIOSK_FLOW_STATE_ENTER_NEW || state == KIOSK_FLOW_STATE_CONFIRM_NEW
         || state == KIOSK_FLOW_STATE_WRITING || state == KIOSK_FLOW_STATE_RENEWING
         || state == KIOSK_FLOW_STATE_SERVICE_BUSY;
}

static gboolean
doing_card_work (KioskFlowState state)
{
  return state == KIOSK_FLOW_STATE_READING || state == KIOSK_FLOW_STATE_VERIFYING
         || state == KIOSK_FLOW_STATE_WRITING || state == KIOSK_FLOW_STATE_RENEWING;
}

static gboolean
is_result (KioskFlowInput input)
{
  return input == KIOSK_FLOW_INPUT_READ_DONE || input == KIOSK_FLOW_INPUT_READ_FAILED
         || input == KIOSK_FLOW_INPUT_CARD_WORK_DONE || input == KIOSK_FLOW_INPUT_CARD_WORK_FAILED
         || input == KIOSK_FLOW_INPUT_RENEWAL_FINISHED;
}

/* What a chosen menu entry or operator means for the rest of the session. */
static void
note_choice (KioskFlow *self, KioskFlowInput input)
{
  switch (input)
    {
    case KIOSK_FLOW_INPUT_CHOOSE_HOLDER:
      self->operator= KIOSK_OPERATOR_HOLDER;
      break;
    case KIOSK_FLOW_INPUT_CHOOSE_REPRESENTATIVE:
      self->operator= KIOSK_OPERATOR_REPRESENTATIVE;
      break;
    case KIOSK_FLOW_INPUT_CHOOSE_PROXY:
      self->operator= KIOSK_OPERATOR_PROXY;
      break;
    case KIOSK_FLOW_INPUT_CHOOSE_CHECK:
      self->procedure = KIOSK_PROCEDURE_CHECK_CARD;
      break;
    case KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN:
      self->procedure = KIOSK_PROCEDURE_CHANGE_PIN;
      break;
    case KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD:
      self->procedure = KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD;
      break;
    case KIOSK_FLOW_INPUT_CHOOSE_RENEW:
      self->procedure = KIOSK_PROCEDURE_RENEW;
      break;
    case KIOSK_FLOW_INPUT_CHOOSE_REISSUE:
      self->procedure = KIOSK_PROCEDURE_REISSUE_SIGN;
      break;
    default:
      return;
    }
  /* The first secret asked for: the one a change is about, or the PIN that opens a renewal. */
  self->entering
      = self->procedure == KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD ? KIOSK_JPKI_SIGN : KIOSK_JPKI_AUTH;
}

static void
set_entering (KioskFlow *self, KioskJpkiSecret kind)
{
  self->entering = kind;
  self->tries_left = report_tries_for (self, kind);
}

/* When the resident must come back: the reopening for closed hours, the opening date for a
 * renewal asked for too early. */
static void
note_handoff_dates (KioskFlow *self, KioskHandoffReason reason)
{
  g_autoptr (GDateTime) now = kiosk_clock_now (self->clock);

  g_clear_pointer (&self->reopens, g_date_time_unref);
  if (reason == KIOSK_HANDOFF_OUTSIDE_HOURS)
    {
      if (self->hours_mode == KIOSK_FLOW_HOURS_CLOSED)
        {
          /* Pretending to be closed now: the next opening on a later day. */
          g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
          g_autoptr (GDateTime) tokyo = kiosk_clock_to_local (tomorrow);
          g_autoptr (GDateTime) midnight = g_date_time_new (
              g_date_time_get_timezone (tokyo), g_date_time_get_year (tokyo),
              g_date_time_get_month (tokyo), g_date_time_get_day_of_month (tokyo), 0, 0, 0);

          self->reopens = kiosk_service_hours_next_opening (self->hours, midnight);
        }
      else
        self->reopens = kiosk_service_hours_next_opening (self->hours, now);
    }
}

/* The effects of taking a row: where the typed secret goes, what is forgotten. */
static void
take_transition (KioskFlow *self, KioskFlowInput input, const Transition *t)
{
  KioskFlowState to = t->to;
  Effect effects = t->effects;

  note_choice (self, input);
  self->entry_message = KIOSK_ENTRY_MESSAGE_NONE;

  if (to == KIOSK_FLOW_STATE_HANDOFF)
    {
      self->handoff_reason = t->reason;
      note_handoff_dates (self, t->reason);
    }
  if (input == KIOSK_FLOW_INPUT_READ_DONE)
    set_entering (self, self->entering);
  if (input == KIOSK_FLOW_INPUT_CARD_WORK_FAILED && self->result_tries_left >= 0)
    self->tries_left = self->result_tries_left;
  if (input == KIOSK_FLOW_INPUT_RENEWAL_FINISHED && relay_tries_left (self) >= 0)
    self->tries_left = relay_tries_left (self);

  if (effects & DO_HOLD_CURRENT)
    {
      g_clear_pointer (&self->current[self->entering], kiosk_secret_unref);
      self->current[self->entering] = g_steal_pointer (&self->typed);
    }
  if (effects & DO_HOLD_FIRST_NEW)
    {
      g_clear_pointer (&self->first_new, kiosk_secret_unref);
      self->first_new = g_steal_pointer (&self->typed);
    }
  if (effects & DO_HOLD_NEW)
    {
      g_clear_pointer (&self->new_secret[self->entering], kiosk_secret_unref);
      self->new_secret[self->entering] = g_steal_pointer (&self->typed);
      g_clear_pointer (&self->first_new, kiosk_secret_unref);
    }
  if (effects & DO_KEEP_CURRENT)
    {
      g_clear_pointer (&self->new_secret[self->entering], kiosk_secret_unref);
      g_clear_pointer (&self->first_new, kiosk_secret_unref);
    }
  if (effects & DO_NEXT_SECRET)
    set_entering (self, KIOSK_JPKI_SIGN);
  if (effects & DO_FIRST_NEW_SECRET)
    /* A re-issue renews the signature side only; the others start with what they change. */
    set_entering (self, self->procedure == KIOSK_PROCEDURE_REISSUE_SIGN ? KIOSK_JPKI_SIGN
                        : self->procedure == KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD
                            ? KIOSK_JPKI_SIGN
                            : KIOSK_JPKI_AUTH);
  if (effects & DO_WRONG_PASSWORD)
    self->entering = KIOSK_JPKI_SIGN;
  else if (input == KIOSK_FLOW_INPUT_RENEWAL_FINISHED && to == KIOSK_FLOW_STATE_ENTER_CURRENT)
    self->entering = KIOSK_JPKI_AUTH;
  if (effects & DO_SAY_MALFORMED)
    self->entry_message = KIOSK_ENTRY_MESSAGE_MALFORMED;
  if (effects & DO_SAY_MISMATCH)
    self->entry_message = KIOSK_ENTRY_MESSAGE_MISMATCH;
  if (effects & DO_SAY_WRONG)
    self->entry_message = KIOSK_ENTRY_MESSAGE_WRONG;

  /* Secrets never outlive the step that needs them: a fresh entry of a current one drops it and
   * every new one, a fresh new one drops the unconfirmed entry, and leaving the procedure drops
   * everything. */
  if (!in_procedure (to))
    drop_secrets (self);
  else if (to == KIOSK_FLOW_STATE_ENTER_CURRENT)
    {
      g_clear_pointer (&self->current[self->entering], kiosk_secret_unref);
      drop_new_secrets (self);
    }
  else if (to == KIOSK_FLOW_STATE_ENTER_NEW)
    {
      g_clear_pointer (&self->first_new, kiosk_secret_unref);
      g_clear_pointer (&self->new_secret[self->entering], kiosk_secret_unref);
    }

  if (to == KIOSK_FLOW_STATE_RENEWING)
    self->progress = 0.0;

  /* What one resident did is forgotten as soon as the session is over. */
  if (to == KIOSK_FLOW_STATE_WELCOME || to == KIOSK_FLOW_STATE_NO_READER)
    {
      self->operator= KIOSK_OPERATOR_UNKNOWN;
      self->procedure = KIOSK_PROCEDURE_NONE;
      self->entering = KIOSK_JPKI_AUTH;
      self->handoff_reason = KIOSK_HANDOFF_NONE;
      self->tries_left = -1;
      g_clear_pointer (&self->renewal_result, kiosk_renewal_result_free);
      g_clear_pointer (&self->reopens, g_date_time_unref);
    }
  if (to == KIOSK_FLOW_STATE_WELCOME || to == KIOSK_FLOW_STATE_READING
      || to == KIOSK_FLOW_STATE_NO_READER)
    {
      g_clear_object (&self->report);
      g_clear_pointer (&self->renewal_opens, g_date_free);
      self->renewal_verdict = KIOSK_RENEWAL_OPEN;
    }
  if (to != KIOSK_FLOW_STATE_CARD_REMOVED && to != KIOSK_FLOW_STATE_CARD_UNREADABLE)
    g_clear_error (&self->last_error);
}

void
kiosk_flow_input (KioskFlow *self, KioskFlowInput input)
{
  const Transition *t;
  KioskFlowState from;

  g_return_if_fail (KIOSK_IS_FLOW (self));

  note_facts (self, input);
  t = find_transition (self, input);
  if (t == NULL)
    {
      g_debug ("flow: %s ignores %s", kiosk_flow_state_to_string (self->state),
               kiosk_flow_input_to_string (input));
      g_clear_pointer (&self->typed, kiosk_secret_unref);
      return;
    }

  from = self->state;
  g_debug ("flow: %s --%s--> %s", kiosk_flow_state_to_string (from),
           kiosk_flow_input_to_string (input), kiosk_flow_state_to_string (t->to));

  /* Leaving a card-work state other than through its result abandons the card work. */
  if (doing_card_work (from) && from != t->to && !is_result (input))
    g_signal_emit (self, signals[SIGNAL_COMMAND], 0, KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK);

  take_transition (self, input, t);
  /* Whatever the row, a typed secret not kept by it is dropped now. */
  g_clear_pointer (&self->typed, kiosk_secret_unref);

  if (self->state != t->to)
    {
      self->state = t->to;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  else if (input == KIOSK_FLOW_INPUT_SECRET_ENTERED || input == KIOSK_FLOW_INPUT_KEEP_CURRENT)
    /* Same screen, new message or next secret: observers re-enter it. */
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (t->command != NO_COMMAND)
    g_signal_emit (self, signals[SIGNAL_COMMAND], 0, t->command);
}

void
kiosk_flow_status_read (KioskFlow *self, KioskCardStatus *status)
{
  g_autoptr (GDateTime) now = NULL;
  GDateTime *expires;

  g_return_if_fail (KIOSK_IS_FLOW (self));
  g_return_if_fail (KIOSK_IS_CARD_STATUS (status));

  /* A result that arrives after the resident moved on (cancelled too late) is dropped. */
  if (self->state != KIOSK_FLOW_STATE_READING)
    return;
  now = kiosk_clock_now (self->clock);
  g_clear_object (&self->report);
  self->report
      = kiosk_status_report_new (status, now, kiosk_config_get_renewal_months (self->config));
  g_clear_pointer (&self->renewal_opens, g_date_free);
  expires = kiosk_status_report_get_expires (self->report);
  self->renewal_verdict = expires != NULL ? kiosk_renewal_verdict (
                              expires, now, kiosk_config_get_renewal_months (self->config), TRUE,
                              kiosk_config_get_expired_policy (self->config), &self->renewal_opens)
                                          : KIOSK_RENEWAL_OPEN;
  kiosk_flow_input (self, KIOSK_FLOW_INPUT_READ_DONE);
}

void
kiosk_flow_status_failed (KioskFlow *self, const GError *error)
{
  g_return_if_fail (KIOSK_IS_FLOW (self));
  g_return_if_fail (error != NULL);

  if (self->state != KIOSK_FLOW_STATE_READING)
    return;
  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  kiosk_flow_input (self, KIOSK_FLOW_INPUT_READ_FAILED);
}

gboolean
kiosk_flow_get_card_present (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), FALSE);
  return self->card_present;
}

KioskStatusReport *
kiosk_flow_get_report (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  return self->report;
}

const GError *
kiosk_flow_get_last_error (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  return self->last_error;
}

KioskOperator
kiosk_flow_get_operator (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), KIOSK_OPERATOR_UNKNOWN);
  return self->operator;
}

KioskProcedure
kiosk_flow_get_procedure (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), KIOSK_PROCEDURE_NONE);
  return self->procedure;
}

KioskJpkiSecret
kiosk_flow_get_procedure_secret (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), KIOSK_JPKI_AUTH);
  return self->entering;
}

gboolean
kiosk_flow_get_needs_sign_password (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), FALSE);
  return needs_password (self);
}

/* The entries in order: the current secrets, then each new one twice. A change has 3 steps, a
 * renewal of both certificates 6, a re-issue 4, an authentication-only renewal 3. */
void
kiosk_flow_get_entry_step (KioskFlow *self, guint *step, guint *count)
{
  guint currents, news, index;
  gboolean sign = FALSE;

  g_return_if_fail (KIOSK_IS_FLOW (self));

  *step = 0;
  *count = 0;
  if (!in_procedure (self->state) || self->procedure == KIOSK_PROCEDURE_NONE)
    return;
  switch (self->procedure)
    {
    case KIOSK_PROCEDURE_RENEW:
      sign = needs_password (self);
      currents = sign ? 2 : 1;
      news = sign ? 2 : 1;
      break;
    case KIOSK_PROCEDURE_REISSUE_SIGN:
      currents = 2;
      news = 1;
      break;
    default:
      currents = 1;
      news = 1;
      break;
    }
  *count = currents + 2 * news;
  /* The position of the secret being entered among the current ones, then the new ones. */
  index = procedure_is_relay (self) && self->entering == KIOSK_JPKI_SIGN ? 1 : 0;
  switch (self->state)
    {
    case KIOSK_FLOW_STATE_ENTER_CURRENT:
    case KIOSK_FLOW_STATE_VERIFYING:
      *step = index + 1;
      break;
    case KIOSK_FLOW_STATE_ENTER_NEW:
    case KIOSK_FLOW_STATE_CONFIRM_NEW:
      if (self->procedure == KIOSK_PROCEDURE_REISSUE_SIGN)
        index = 0;
      *step = currents + 2 * index + (self->state == KIOSK_FLOW_STATE_CONFIRM_NEW ? 2 : 1);
      break;
    default:
      *step = *count;
      break;
    }
}

KioskHandoffReason
kiosk_flow_get_handoff_reason (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), KIOSK_HANDOFF_NONE);
  return self->handoff_reason;
}

static const char *const handoff_names[] = {
  [KIOSK_HANDOFF_NONE] = "none",
  [KIOSK_HANDOFF_PROXY] = "proxy",
  [KIOSK_HANDOFF_NO_SIGN_CERTIFICATE] = "no-sign-certificate",
  [KIOSK_HANDOFF_PIN_LOCKED] = "pin-locked",
  [KIOSK_HANDOFF_SIGN_LOCKED] = "sign-locked",
  [KIOSK_HANDOFF_NO_CERTIFICATES] = "no-certificates",
  [KIOSK_HANDOFF_EXPIRED] = "expired",
  [KIOSK_HANDOFF_RENEWAL_NOT_OPEN] = "renewal-not-open",
  [KIOSK_HANDOFF_OUTSIDE_HOURS] = "outside-hours",
  [KIOSK_HANDOFF_MINOR] = "minor",
  [KIOSK_HANDOFF_ADULT_WARD] = "adult-ward",
  [KIOSK_HANDOFF_REVOKED] = "revoked",
  [KIOSK_HANDOFF_NOT_ELIGIBLE] = "not-eligible",
  [KIOSK_HANDOFF_SERVICE_BUSY] = "service-busy",
  [KIOSK_HANDOFF_SERVICE_DOWN] = "service-down",
  [KIOSK_HANDOFF_INCOMPLETE_OLD] = "incomplete-old",
  [KIOSK_HANDOFF_INCOMPLETE_NEW] = "incomplete-new",
  [KIOSK_HANDOFF_KIOSK_FAULT] = "kiosk-fault",
};

const char *
kiosk_flow_handoff_reason_to_string (KioskHandoffReason reason)
{
  if ((guint)reason >= G_N_ELEMENTS (handoff_names))
    return "unknown";
  return handoff_names[reason];
}

int
kiosk_flow_get_tries_left (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), -1);
  return self->tries_left;
}

KioskEntryMessage
kiosk_flow_get_entry_message (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), KIOSK_ENTRY_MESSAGE_NONE);
  return self->entry_message;
}

void
kiosk_flow_secret_entered (KioskFlow *self, KioskSecret *secret)
{
  g_return_if_fail (KIOSK_IS_FLOW (self));
  g_return_if_fail (secret != NULL);

  g_clear_pointer (&self->typed, kiosk_secret_unref);
  self->typed = kiosk_secret_ref (secret);
  kiosk_flow_input (self, KIOSK_FLOW_INPUT_SECRET_ENTERED);
}

KioskSecret *
kiosk_flow_get_current_secret (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  return self->current[self->entering];
}

KioskSecret *
kiosk_flow_get_new_secret (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  return self->new_secret[self->entering];
}

KioskSecret *
kiosk_flow_get_first_new_secret (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  return self->first_new;
}

KioskSecret *
kiosk_flow_get_current_secret_for (KioskFlow *self, KioskJpkiSecret kind)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  g_return_val_if_fail (kind == KIOSK_JPKI_AUTH || kind == KIOSK_JPKI_SIGN, NULL);
  return self->current[kind];
}

KioskSecret *
kiosk_flow_get_new_secret_for (KioskFlow *self, KioskJpkiSecret kind)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  g_return_val_if_fail (kind == KIOSK_JPKI_AUTH || kind == KIOSK_JPKI_SIGN, NULL);
  return self->new_secret[kind];
}

void
kiosk_flow_card_work_done (KioskFlow *self)
{
  g_return_if_fail (KIOSK_IS_FLOW (self));

  /* A result that arrives after the resident moved on is dropped. */
  if (self->state != KIOSK_FLOW_STATE_VERIFYING && self->state != KIOSK_FLOW_STATE_WRITING)
    return;
  kiosk_flow_input (self, KIOSK_FLOW_INPUT_CARD_WORK_DONE);
}

void
kiosk_flow_card_work_failed (KioskFlow *self, const GError *error, int tries_left)
{
  g_return_if_fail (KIOSK_IS_FLOW (self));
  g_return_if_fail (error != NULL);

  if (self->state != KIOSK_FLOW_STATE_VERIFYING && self->state != KIOSK_FLOW_STATE_WRITING)
    return;
  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  self->result_tries_left = tries_left;
  kiosk_flow_input (self, KIOSK_FLOW_INPUT_CARD_WORK_FAILED);
  self->result_tries_left = -1;
}

void
kiosk_flow_renewal_progress (KioskFlow *self, guint step, guint count)
{
  double progress;

  g_return_if_fail (KIOSK_IS_FLOW (self));

  if (self->state != KIOSK_FLOW_STATE_RENEWING || count == 0)
    return;
  progress = CLAMP ((double)step / count, 0.0, 1.0);
  if (progress == self->progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

double
kiosk_flow_get_progress (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), 0.0);
  return self->progress;
}

void
kiosk_flow_renewal_finished (KioskFlow *self, const KioskRenewalResult *result)
{
  g_return_if_fail (KIOSK_IS_FLOW (self));
  g_return_if_fail (result != NULL);

  if (self->state != KIOSK_FLOW_STATE_RENEWING)
    return;
  g_clear_pointer (&self->renewal_result, kiosk_renewal_result_free);
  self->renewal_result = kiosk_renewal_result_copy (result);
  if (result->outcome == KIOSK_RENEWAL_OUTCOME_DONE)
    {
      self->progress = 1.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  kiosk_flow_input (self, KIOSK_FLOW_INPUT_RENEWAL_FINISHED);
}

const KioskRenewalResult *
kiosk_flow_get_renewal_result (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  return self->renewal_result;
}

guint
kiosk_flow_get_retry_after (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), 0);
  if (self->renewal_result == NULL
      || self->renewal_result->outcome != KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY)
    return 0;
  return self->renewal_result->retry_after_seconds;
}

const GDate *
kiosk_flow_get_renewal_opens (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  return self->renewal_verdict == KIOSK_RENEWAL_NOT_YET ? self->renewal_opens : NULL;
}

GDateTime *
kiosk_flow_get_reopens (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  return self->reopens;
}
