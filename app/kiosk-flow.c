/* kiosk-flow.c: the kiosk's state machine; no GTK, driven by inputs, observed by ui/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-flow.h"

#include "kiosk-card-error.h"
#include "kiosk-secret-rules.h"

struct _KioskFlow
{
  GObject parent_instance;

  KioskClock *clock;
  KioskConfig *config;

  KioskFlowState state;
  gboolean card_present;
  KioskStatusReport *report;
  GError *last_error;

  /* The procedure: facts the guards read and the screens show. */
  KioskOperator operator;
  KioskProcedure procedure;
  KioskHandoffReason handoff_reason;
  int tries_left;
  int result_tries_left; /* what the last card work said, read by the guards */
  KioskEntryMessage entry_message;

  /* Secrets live only here, and only while the procedure lasts. */
  KioskSecret *typed; /* the entry being handled by one input */
  KioskSecret *current;
  KioskSecret *first_new;
  KioskSecret *new_secret;
};

G_DEFINE_FINAL_TYPE (KioskFlow, kiosk_flow, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
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
is_password_procedure (KioskFlow *self)
{
  return self->procedure == KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD;
}

static gboolean
procedure_is_check (KioskFlow *self)
{
  return self->procedure == KIOSK_PROCEDURE_NONE || self->procedure == KIOSK_PROCEDURE_CHECK_CARD;
}

static gboolean
card_has_no_sign_password (KioskFlow *self)
{
  return is_password_procedure (self) && self->report != NULL
         && kiosk_status_report_get_sign_tries_left (self->report) < 0;
}

static int
report_tries_left (KioskFlow *self)
{
  if (self->report == NULL)
    return -1;
  return is_password_procedure (self) ? kiosk_status_report_get_sign_tries_left (self->report)
                                      : kiosk_status_report_get_auth_tries_left (self->report);
}

/* Blocked, or a counter the kiosk cannot trust: never a way round, always the counter. */
static gboolean
secret_not_usable (KioskFlow *self)
{
  KioskTriesAdvice advice
      = kiosk_tries_advice (kiosk_flow_get_procedure_secret (self), report_tries_left (self));

  return advice == KIOSK_TRIES_BLOCKED || advice == KIOSK_TRIES_UNKNOWN;
}

static gboolean
pin_not_usable (KioskFlow *self)
{
  return !is_password_procedure (self) && secret_not_usable (self);
}

static gboolean
password_not_usable (KioskFlow *self)
{
  return is_password_procedure (self) && secret_not_usable (self);
}

static gboolean
typed_well_formed (KioskFlow *self)
{
  return self->typed != NULL
         && kiosk_secret_format_check_secret (kiosk_flow_get_procedure_secret (self), self->typed)
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
  return !is_password_procedure (self) && refused_and_blocked (self);
}

static gboolean
password_now_blocked (KioskFlow *self)
{
  return is_password_procedure (self) && refused_and_blocked (self);
}

static gboolean
work_failed_on_the_card (KioskFlow *self)
{
  return !failed_because_card_left (self) && !refused_and_blocked (self)
         && !refused_with_tries_left (self);
}

#define ANY_STATE ((KioskFlowState)-1)
#define NO_COMMAND ((KioskFlowCommand)-1)

typedef struct
{
  KioskFlowState from;
  KioskFlowInput input;
  Guard guard; /* NULL: always */
  KioskFlowState to;
  KioskFlowCommand command;
  KioskHandoffReason reason; /* set when the row goes to HANDOFF */
} Transition;

/* The first row that matches the current state, the input and its guard wins: rows for one state
 * come before the ANY_STATE rows, so a state can override a general rule. Leaving READING by any
 * row but a result cancels the card work (see kiosk_flow_input). */
static const Transition transitions[] = {
  /* Welcome: a tap on start asks who is there; a card put straight on the reader is checked
   * (checking needs no secret, so it is the one thing done without asking). */
  { KIOSK_FLOW_STATE_WELCOME, KIOSK_FLOW_INPUT_START, NULL, KIOSK_FLOW_STATE_OPERATOR, NO_COMMAND },
  { KIOSK_FLOW_STATE_WELCOME, KIOSK_FLOW_INPUT_CARD_INSERTED, NULL, KIOSK_FLOW_STATE_READING,
    KIOSK_FLOW_COMMAND_READ_STATUS },

  /* Only the holder may use the kiosk; anyone acting for them goes to the counter. */
  { KIOSK_FLOW_STATE_OPERATOR, KIOSK_FLOW_INPUT_CHOOSE_HOLDER, NULL, KIOSK_FLOW_STATE_MENU,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_OPERATOR, KIOSK_FLOW_INPUT_CHOOSE_REPRESENTATIVE, NULL,
    KIOSK_FLOW_STATE_HANDOFF, NO_COMMAND, KIOSK_HANDOFF_PROXY },
  { KIOSK_FLOW_STATE_OPERATOR, KIOSK_FLOW_INPUT_CHOOSE_PROXY, NULL, KIOSK_FLOW_STATE_HANDOFF,
    NO_COMMAND, KIOSK_HANDOFF_PROXY },
  { KIOSK_FLOW_STATE_OPERATOR, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_WELCOME, NO_COMMAND },

  /* The menu: the card is read first whatever the procedure (see set_facts for the choice). */
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
  { KIOSK_FLOW_STATE_MENU, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_OPERATOR, NO_COMMAND },

  { KIOSK_FLOW_STATE_PLACE_CARD, KIOSK_FLOW_INPUT_CARD_INSERTED, NULL, KIOSK_FLOW_STATE_READING,
    KIOSK_FLOW_COMMAND_READ_STATUS },
  { KIOSK_FLOW_STATE_PLACE_CARD, KIOSK_FLOW_INPUT_BACK, procedure_is_check,
    KIOSK_FLOW_STATE_WELCOME, NO_COMMAND },
  { KIOSK_FLOW_STATE_PLACE_CARD, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_MENU, NO_COMMAND },

  /* The status read decides: a check shows it; a change goes on only with a usable secret. */
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, procedure_is_check,
    KIOSK_FLOW_STATE_STATUS, NO_COMMAND },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, card_has_no_sign_password,
    KIOSK_FLOW_STATE_HANDOFF, NO_COMMAND, KIOSK_HANDOFF_NO_SIGN_CERTIFICATE },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, pin_not_usable, KIOSK_FLOW_STATE_HANDOFF,
    NO_COMMAND, KIOSK_HANDOFF_PIN_LOCKED },
  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, password_not_usable,
    KIOSK_FLOW_STATE_HANDOFF, NO_COMMAND, KIOSK_HANDOFF_SIGN_LOCKED },
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

  /* Entering the current secret, then the card checks it. */
  { KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_well_formed,
    KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_COMMAND_VERIFY },
  { KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_malformed,
    KIOSK_FLOW_STATE_ENTER_CURRENT, NO_COMMAND },
  { KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_MENU,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL,
    KIOSK_FLOW_STATE_CARD_REMOVED, NO_COMMAND },

  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_DONE, NULL, KIOSK_FLOW_STATE_ENTER_NEW,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, refused_with_tries_left,
    KIOSK_FLOW_STATE_ENTER_CURRENT, NO_COMMAND },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, pin_now_blocked,
    KIOSK_FLOW_STATE_HANDOFF, NO_COMMAND, KIOSK_HANDOFF_PIN_LOCKED },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, password_now_blocked,
    KIOSK_FLOW_STATE_HANDOFF, NO_COMMAND, KIOSK_HANDOFF_SIGN_LOCKED },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, failed_because_card_left,
    KIOSK_FLOW_STATE_CARD_REMOVED, NO_COMMAND },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, work_failed_on_the_card,
    KIOSK_FLOW_STATE_CARD_UNREADABLE, NO_COMMAND },
  { KIOSK_FLOW_STATE_VERIFYING, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL, KIOSK_FLOW_STATE_CARD_REMOVED,
    NO_COMMAND },

  /* The new secret, typed twice. */
  { KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_well_formed,
    KIOSK_FLOW_STATE_CONFIRM_NEW, NO_COMMAND },
  { KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_malformed,
    KIOSK_FLOW_STATE_ENTER_NEW, NO_COMMAND },
  { KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_MENU, NO_COMMAND },
  { KIOSK_FLOW_STATE_ENTER_NEW, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL, KIOSK_FLOW_STATE_CARD_REMOVED,
    NO_COMMAND },

  { KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_matches_first,
    KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_COMMAND_CHANGE },
  { KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_differs_from_first,
    KIOSK_FLOW_STATE_ENTER_NEW, NO_COMMAND },
  { KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_FLOW_INPUT_SECRET_ENTERED, typed_malformed,
    KIOSK_FLOW_STATE_CONFIRM_NEW, NO_COMMAND },
  { KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_ENTER_NEW,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_CONFIRM_NEW, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL,
    KIOSK_FLOW_STATE_CARD_REMOVED, NO_COMMAND },

  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_WORK_DONE, NULL, KIOSK_FLOW_STATE_DONE,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, refused_with_tries_left,
    KIOSK_FLOW_STATE_ENTER_CURRENT, NO_COMMAND },
  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, pin_now_blocked,
    KIOSK_FLOW_STATE_HANDOFF, NO_COMMAND, KIOSK_HANDOFF_PIN_LOCKED },
  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, password_now_blocked,
    KIOSK_FLOW_STATE_HANDOFF, NO_COMMAND, KIOSK_HANDOFF_SIGN_LOCKED },
  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, failed_because_card_left,
    KIOSK_FLOW_STATE_CARD_REMOVED, NO_COMMAND },
  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_WORK_FAILED, work_failed_on_the_card,
    KIOSK_FLOW_STATE_CARD_UNREADABLE, NO_COMMAND },
  { KIOSK_FLOW_STATE_WRITING, KIOSK_FLOW_INPUT_CARD_REMOVED, NULL, KIOSK_FLOW_STATE_CARD_REMOVED,
    NO_COMMAND },

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
kiosk_flow_finalize (GObject *object)
{
  KioskFlow *self = KIOSK_FLOW (object);

  g_clear_object (&self->clock);
  g_clear_object (&self->config);
  g_clear_object (&self->report);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->typed, kiosk_secret_unref);
  g_clear_pointer (&self->current, kiosk_secret_unref);
  g_clear_pointer (&self->first_new, kiosk_secret_unref);
  g_clear_pointer (&self->new_secret, kiosk_secret_unref);
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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_COMMAND] = g_signal_new ("command", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
kiosk_flow_init (KioskFlow *self)
{
  self->state = KIOSK_FLOW_STATE_WELCOME;
  self->tries_left = -1;
  self->result_tries_left = -1;
}

KioskFlow *
kiosk_flow_new (KioskClock *clock, KioskConfig *config)
{
  KioskFlow *self;

  g_return_val_if_fail (KIOSK_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KIOSK_IS_CONFIG (config), NULL);

  self = g_object_new (KIOSK_TYPE_FLOW, NULL);
  self->clock = g_object_ref (clock);
  self->config = g_object_ref (config);
  return self;
}

KioskFlowState
kiosk_flow_get_state (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), KIOSK_FLOW_STATE_WELCOME);
  return self->state;
}

const char *
kiosk_flow_state_to_string (KioskFlowState state)
{
  switch (state)
    {
    case KIOSK_FLOW_STATE_WELCOME:
      return "welcome";
    case KIOSK_FLOW_STATE_PLACE_CARD:
      return "place-card";
    case KIOSK_FLOW_STATE_READING:
      return "reading";
    case KIOSK_FLOW_STATE_STATUS:
      return "status";
    case KIOSK_FLOW_STATE_TAKE_CARD:
      return "take-card";
    case KIOSK_FLOW_STATE_NO_READER:
      return "no-reader";
    case KIOSK_FLOW_STATE_CARD_UNREADABLE:
      return "card-unreadable";
    case KIOSK_FLOW_STATE_CARD_REMOVED:
      return "card-removed";
    case KIOSK_FLOW_STATE_OPERATOR:
      return "operator";
    case KIOSK_FLOW_STATE_MENU:
      return "menu";
    case KIOSK_FLOW_STATE_HANDOFF:
      return "handoff";
    case KIOSK_FLOW_STATE_ENTER_CURRENT:
      return "enter-current";
    case KIOSK_FLOW_STATE_VERIFYING:
      return "verifying";
    case KIOSK_FLOW_STATE_ENTER_NEW:
      return "enter-new";
    case KIOSK_FLOW_STATE_CONFIRM_NEW:
      return "confirm-new";
    case KIOSK_FLOW_STATE_WRITING:
      return "writing";
    case KIOSK_FLOW_STATE_DONE:
      return "done";
    }
  return "unknown";
}

const char *
kiosk_flow_input_to_string (KioskFlowInput input)
{
  switch (input)
    {
    case KIOSK_FLOW_INPUT_START:
      return "start";
    case KIOSK_FLOW_INPUT_BACK:
      return "back";
    case KIOSK_FLOW_INPUT_FINISH:
      return "finish";
    case KIOSK_FLOW_INPUT_CARD_INSERTED:
      return "card-inserted";
    case KIOSK_FLOW_INPUT_CARD_REMOVED:
      return "card-removed";
    case KIOSK_FLOW_INPUT_READER_LOST:
      return "reader-lost";
    case KIOSK_FLOW_INPUT_READER_READY:
      return "reader-ready";
    case KIOSK_FLOW_INPUT_READ_DONE:
      return "read-done";
    case KIOSK_FLOW_INPUT_READ_FAILED:
      return "read-failed";
    case KIOSK_FLOW_INPUT_IDLE_TIMEOUT:
      return "idle-timeout";
    case KIOSK_FLOW_INPUT_RESET:
      return "reset";
    case KIOSK_FLOW_INPUT_CHOOSE_HOLDER:
      return "choose-holder";
    case KIOSK_FLOW_INPUT_CHOOSE_REPRESENTATIVE:
      return "choose-representative";
    case KIOSK_FLOW_INPUT_CHOOSE_PROXY:
      return "choose-proxy";
    case KIOSK_FLOW_INPUT_CHOOSE_CHECK:
      return "choose-check";
    case KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN:
      return "choose-change-pin";
    case KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD:
      return "choose-change-password";
    case KIOSK_FLOW_INPUT_SECRET_ENTERED:
      return "secret-entered";
    case KIOSK_FLOW_INPUT_CARD_WORK_DONE:
      return "card-work-done";
    case KIOSK_FLOW_INPUT_CARD_WORK_FAILED:
      return "card-work-failed";
    }
  return "unknown";
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
         || state == KIOSK_FLOW_STATE_WRITING;
}

static gboolean
doing_card_work (KioskFlowState state)
{
  return state == KIOSK_FLOW_STATE_READING || state == KIOSK_FLOW_STATE_VERIFYING
         || state == KIOSK_FLOW_STATE_WRITING;
}

static void
drop_secrets (KioskFlow *self)
{
  g_clear_pointer (&self->current, kiosk_secret_unref);
  g_clear_pointer (&self->first_new, kiosk_secret_unref);
  g_clear_pointer (&self->new_secret, kiosk_secret_unref);
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
    default:
      break;
    }
}

/* The effects of taking a row: where the typed secret goes, what is forgotten. */
static void
take_transition (KioskFlow *self, KioskFlowState from, KioskFlowInput input, const Transition *t)
{
  KioskFlowState to = t->to;

  note_choice (self, input);
  self->entry_message = KIOSK_ENTRY_MESSAGE_NONE;

  if (to == KIOSK_FLOW_STATE_HANDOFF)
    self->handoff_reason = t->reason;

  switch (input)
    {
    case KIOSK_FLOW_INPUT_READ_DONE:
      self->tries_left = report_tries_left (self);
      break;
    case KIOSK_FLOW_INPUT_SECRET_ENTERED:
      if (from == to)
        self->entry_message = KIOSK_ENTRY_MESSAGE_MALFORMED;
      else if (to == KIOSK_FLOW_STATE_VERIFYING)
        self->current = g_steal_pointer (&self->typed);
      else if (to == KIOSK_FLOW_STATE_CONFIRM_NEW)
        {
          g_clear_pointer (&self->first_new, kiosk_secret_unref);
          self->first_new = g_steal_pointer (&self->typed);
        }
      else if (to == KIOSK_FLOW_STATE_WRITING)
        {
          g_clear_pointer (&self->new_secret, kiosk_secret_unref);
          self->new_secret = g_steal_pointer (&self->typed);
          g_clear_pointer (&self->first_new, kiosk_secret_unref);
        }
      else if (to == KIOSK_FLOW_STATE_ENTER_NEW)
        self->entry_message = KIOSK_ENTRY_MESSAGE_MISMATCH;
      break;
    case KIOSK_FLOW_INPUT_CARD_WORK_FAILED:
      if (self->result_tries_left >= 0)
        self->tries_left = self->result_tries_left;
      if (to == KIOSK_FLOW_STATE_ENTER_CURRENT)
        self->entry_message = KIOSK_ENTRY_MESSAGE_WRONG;
      break;
    default:
      break;
    }

  /* Secrets never outlive the step that needs them: a fresh entry of the current one drops all,
   * a fresh new one drops the new ones, and leaving the procedure drops everything. */
  if (!in_procedure (to) || to == KIOSK_FLOW_STATE_ENTER_CURRENT)
    drop_secrets (self);
  else if (to == KIOSK_FLOW_STATE_ENTER_NEW)
    {
      g_clear_pointer (&self->first_new, kiosk_secret_unref);
      g_clear_pointer (&self->new_secret, kiosk_secret_unref);
    }
  if (to == KIOSK_FLOW_STATE_DONE)
    drop_secrets (self);

  /* What one resident did is forgotten as soon as the session is over. */
  if (to == KIOSK_FLOW_STATE_WELCOME || to == KIOSK_FLOW_STATE_NO_READER)
    {
      self->operator= KIOSK_OPERATOR_UNKNOWN;
      self->procedure = KIOSK_PROCEDURE_NONE;
      self->handoff_reason = KIOSK_HANDOFF_NONE;
      self->tries_left = -1;
    }
  if (to == KIOSK_FLOW_STATE_WELCOME || to == KIOSK_FLOW_STATE_READING
      || to == KIOSK_FLOW_STATE_NO_READER)
    g_clear_object (&self->report);
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
  if (doing_card_work (from) && input != KIOSK_FLOW_INPUT_READ_DONE
      && input != KIOSK_FLOW_INPUT_READ_FAILED && input != KIOSK_FLOW_INPUT_CARD_WORK_DONE
      && input != KIOSK_FLOW_INPUT_CARD_WORK_FAILED)
    g_signal_emit (self, signals[SIGNAL_COMMAND], 0, KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK);

  take_transition (self, from, input, t);
  /* Whatever the row, a typed secret not kept by it is dropped now. */
  g_clear_pointer (&self->typed, kiosk_secret_unref);

  if (self->state != t->to)
    {
      self->state = t->to;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  else if (from == t->to && (input == KIOSK_FLOW_INPUT_SECRET_ENTERED))
    /* Same screen, new message: observers re-enter it. */
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (t->command != NO_COMMAND)
    g_signal_emit (self, signals[SIGNAL_COMMAND], 0, t->command);
}

void
kiosk_flow_status_read (KioskFlow *self, KioskCardStatus *status)
{
  g_autoptr (GDateTime) now = NULL;

  g_return_if_fail (KIOSK_IS_FLOW (self));
  g_return_if_fail (KIOSK_IS_CARD_STATUS (status));

  /* A result that arrives after the resident moved on (cancelled too late) is dropped. */
  if (self->state != KIOSK_FLOW_STATE_READING)
    return;
  now = kiosk_clock_now (self->clock);
  g_clear_object (&self->report);
  self->report
      = kiosk_status_report_new (status, now, kiosk_config_get_renewal_months (self->config));
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
  return self->procedure == KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD ? KIOSK_JPKI_SIGN
                                                                 : KIOSK_JPKI_AUTH;
}

KioskHandoffReason
kiosk_flow_get_handoff_reason (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), KIOSK_HANDOFF_NONE);
  return self->handoff_reason;
}

const char *
kiosk_flow_handoff_reason_to_string (KioskHandoffReason reason)
{
  switch (reason)
    {
    case KIOSK_HANDOFF_NONE:
      return "none";
    case KIOSK_HANDOFF_PROXY:
      return "proxy";
    case KIOSK_HANDOFF_NO_SIGN_CERTIFICATE:
      return "no-sign-certificate";
    case KIOSK_HANDOFF_PIN_LOCKED:
      return "pin-locked";
    case KIOSK_HANDOFF_SIGN_LOCKED:
      return "sign-locked";
    }
  return "unknown";
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
  return self->current;
}

KioskSecret *
kiosk_flow_get_new_secret (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  return self->new_secret;
}

KioskSecret *
kiosk_flow_get_first_new_secret (KioskFlow *self)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (self), NULL);
  return self->first_new;
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
