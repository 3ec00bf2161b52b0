/* kiosk-flow.c: the kiosk's state machine; no GTK, driven by inputs, observed by ui/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-flow.h"

#include "kiosk-card-error.h"

struct _KioskFlow
{
  GObject parent_instance;

  KioskClock *clock;
  KioskConfig *config;

  KioskFlowState state;
  gboolean card_present;
  KioskStatusReport *report;
  GError *last_error;
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

#define ANY_STATE ((KioskFlowState)-1)
#define NO_COMMAND ((KioskFlowCommand)-1)

typedef struct
{
  KioskFlowState from;
  KioskFlowInput input;
  Guard guard; /* NULL: always */
  KioskFlowState to;
  KioskFlowCommand command;
} Transition;

/* The first row that matches the current state, the input and its guard wins: rows for one state
 * come before the ANY_STATE rows, so a state can override a general rule. Leaving READING by any
 * row but a result cancels the card work (see kiosk_flow_input). */
static const Transition transitions[] = {
  /* Welcome: a tap on start, or a card put straight on the reader. */
  { KIOSK_FLOW_STATE_WELCOME, KIOSK_FLOW_INPUT_START, card_in_reader, KIOSK_FLOW_STATE_READING,
    KIOSK_FLOW_COMMAND_READ_STATUS },
  { KIOSK_FLOW_STATE_WELCOME, KIOSK_FLOW_INPUT_START, reader_empty, KIOSK_FLOW_STATE_PLACE_CARD,
    NO_COMMAND },
  { KIOSK_FLOW_STATE_WELCOME, KIOSK_FLOW_INPUT_CARD_INSERTED, NULL, KIOSK_FLOW_STATE_READING,
    KIOSK_FLOW_COMMAND_READ_STATUS },

  { KIOSK_FLOW_STATE_PLACE_CARD, KIOSK_FLOW_INPUT_CARD_INSERTED, NULL, KIOSK_FLOW_STATE_READING,
    KIOSK_FLOW_COMMAND_READ_STATUS },
  { KIOSK_FLOW_STATE_PLACE_CARD, KIOSK_FLOW_INPUT_BACK, NULL, KIOSK_FLOW_STATE_WELCOME,
    NO_COMMAND },

  { KIOSK_FLOW_STATE_READING, KIOSK_FLOW_INPUT_READ_DONE, NULL, KIOSK_FLOW_STATE_STATUS,
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
      = g_param_spec_int ("state", NULL, NULL, KIOSK_FLOW_STATE_WELCOME,
                          KIOSK_FLOW_STATE_CARD_REMOVED, KIOSK_FLOW_STATE_WELCOME,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_COMMAND] = g_signal_new ("command", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
kiosk_flow_init (KioskFlow *self)
{
  self->state = KIOSK_FLOW_STATE_WELCOME;
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
      return;
    }

  from = self->state;
  g_debug ("flow: %s --%s--> %s", kiosk_flow_state_to_string (from),
           kiosk_flow_input_to_string (input), kiosk_flow_state_to_string (t->to));

  /* Leaving READING other than through its result abandons the card work. */
  if (from == KIOSK_FLOW_STATE_READING && input != KIOSK_FLOW_INPUT_READ_DONE
      && input != KIOSK_FLOW_INPUT_READ_FAILED)
    g_signal_emit (self, signals[SIGNAL_COMMAND], 0, KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK);

  /* What one resident's card said is forgotten as soon as the session is over. */
  if (t->to == KIOSK_FLOW_STATE_WELCOME || t->to == KIOSK_FLOW_STATE_READING
      || t->to == KIOSK_FLOW_STATE_NO_READER)
    g_clear_object (&self->report);
  if (t->to != KIOSK_FLOW_STATE_CARD_REMOVED && t->to != KIOSK_FLOW_STATE_CARD_UNREADABLE)
    g_clear_error (&self->last_error);

  if (self->state != t->to)
    {
      self->state = t->to;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
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
