/* kiosk-idle-watch.c: the quiet time, the warning's countdown and the idle timeout (no GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-idle-watch.h"

struct _KioskIdleWatch
{
  GObject parent_instance;

  KioskFlow *flow;
  guint quiet_seconds;
  guint warning_seconds;
  guint second_ms;

  GMainContext *context;
  KioskIdlePhase phase;
  guint seconds_left;
  gint64 last_activity; /* monotonic µs */
  GSource *quiet_source;
  GSource *countdown_source;
};

G_DEFINE_FINAL_TYPE (KioskIdleWatch, kiosk_idle_watch, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FLOW,
  PROP_QUIET_SECONDS,
  PROP_WARNING_SECONDS,
  PROP_SECOND_MS,
  PROP_PHASE,
  PROP_SECONDS_LEFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_TIMED_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void follow_flow (KioskIdleWatch *self);

gboolean
kiosk_idle_watch_state_is_timed (KioskFlowState state)
{
  switch (state)
    {
    /* Home already, or nothing a resident can answer while the card or the service works. */
    case KIOSK_FLOW_STATE_WELCOME:
    case KIOSK_FLOW_STATE_READING:
    case KIOSK_FLOW_STATE_VERIFYING:
    case KIOSK_FLOW_STATE_WRITING:
    case KIOSK_FLOW_STATE_RENEWING:
    /* The timeout would only ask for the card again; the card-left sound does the asking. */
    case KIOSK_FLOW_STATE_TAKE_CARD:
    /* Staff's business: the flow ignores the timeout there. */
    case KIOSK_FLOW_STATE_NO_READER:
      return FALSE;
    case KIOSK_FLOW_STATE_PLACE_CARD:
    case KIOSK_FLOW_STATE_STATUS:
    case KIOSK_FLOW_STATE_CARD_UNREADABLE:
    case KIOSK_FLOW_STATE_CARD_REMOVED:
    case KIOSK_FLOW_STATE_OPERATOR:
    case KIOSK_FLOW_STATE_MENU:
    case KIOSK_FLOW_STATE_HANDOFF:
    case KIOSK_FLOW_STATE_ENTER_CURRENT:
    case KIOSK_FLOW_STATE_ENTER_NEW:
    case KIOSK_FLOW_STATE_CONFIRM_NEW:
    case KIOSK_FLOW_STATE_DONE:
    case KIOSK_FLOW_STATE_SERVICE_BUSY:
      return TRUE;
    }
  return FALSE;
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static GSource *
add_timeout (KioskIdleWatch *self, guint ms, GSourceFunc callback)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, callback, self, NULL);
  g_source_set_static_name (source, "kiosk-idle-watch");
  g_source_attach (source, self->context);
  return source;
}

static void
set_phase (KioskIdleWatch *self, KioskIdlePhase phase, guint seconds_left)
{
  gboolean phase_changed = self->phase != phase;
  gboolean seconds_changed = self->seconds_left != seconds_left;

  self->phase = phase;
  self->seconds_left = seconds_left;
  /* Seconds first, so a warning shown on the phase notify already has its number. */
  if (seconds_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS_LEFT]);
  if (phase_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

static guint
quiet_ms (KioskIdleWatch *self)
{
  return self->quiet_seconds * self->second_ms;
}

static gboolean on_quiet_elapsed (gpointer user_data);

static void
arm_quiet (KioskIdleWatch *self, guint ms)
{
  clear_source (&self->quiet_source);
  self->quiet_source = add_timeout (self, ms, on_quiet_elapsed);
}

static gboolean
on_countdown_tick (gpointer user_data)
{
  KioskIdleWatch *self = user_data;
  g_autoptr (KioskIdleWatch) hold = g_object_ref (self);

  if (self->seconds_left > 1)
    {
      set_phase (self, KIOSK_IDLE_PHASE_WARNING, self->seconds_left - 1);
      return G_SOURCE_CONTINUE;
    }

  g_clear_pointer (&self->countdown_source, g_source_unref);
  set_phase (self, KIOSK_IDLE_PHASE_PAUSED, 0);
  g_signal_emit (self, signals[SIGNAL_TIMED_OUT], 0);
  /* The flow wipes the secrets and moves; if it stayed (it ignores the timeout there), what it
   * shows gets a fresh quiet time like any screen. */
  kiosk_flow_input (self->flow, KIOSK_FLOW_INPUT_IDLE_TIMEOUT);
  follow_flow (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_quiet_elapsed (gpointer user_data)
{
  KioskIdleWatch *self = user_data;
  gint64 quiet_us = (gint64)quiet_ms (self) * 1000;
  gint64 waited_us = g_get_monotonic_time () - self->last_activity;

  g_clear_pointer (&self->quiet_source, g_source_unref);
  /* Touches only move last_activity (they may come many a second); the timer catches up here. */
  if (waited_us < quiet_us)
    {
      arm_quiet (self, (guint)((quiet_us - waited_us + 999) / 1000));
      return G_SOURCE_REMOVE;
    }

  set_phase (self, KIOSK_IDLE_PHASE_WARNING, self->warning_seconds);
  self->countdown_source = add_timeout (self, self->second_ms, on_countdown_tick);
  return G_SOURCE_REMOVE;
}

/* Starts the quiet time afresh where the flow's state is timed; stops everything elsewhere. */
static void
follow_flow (KioskIdleWatch *self)
{
  clear_source (&self->quiet_source);
  clear_source (&self->countdown_source);
  self->last_activity = g_get_monotonic_time ();
  if (!kiosk_idle_watch_state_is_timed (kiosk_flow_get_state (self->flow)))
    {
      set_phase (self, KIOSK_IDLE_PHASE_PAUSED, 0);
      return;
    }
  set_phase (self, KIOSK_IDLE_PHASE_QUIET, 0);
  arm_quiet (self, quiet_ms (self));
}

static void
on_flow_state_notify (KioskFlow *flow, GParamSpec *pspec, KioskIdleWatch *self)
{
  follow_flow (self);
}

static void
kiosk_idle_watch_constructed (GObject *object)
{
  KioskIdleWatch *self = KIOSK_IDLE_WATCH (object);

  G_OBJECT_CLASS (kiosk_idle_watch_parent_class)->constructed (object);

  g_return_if_fail (KIOSK_IS_FLOW (self->flow));
  self->context = g_main_context_ref_thread_default ();
  g_signal_connect_object (self->flow, "notify::state", G_CALLBACK (on_flow_state_notify), self, 0);
  follow_flow (self);
}

static void
kiosk_idle_watch_dispose (GObject *object)
{
  KioskIdleWatch *self = KIOSK_IDLE_WATCH (object);

  clear_source (&self->quiet_source);
  clear_source (&self->countdown_source);
  if (self->flow != NULL)
    g_signal_handlers_disconnect_by_data (self->flow, self);
  g_clear_object (&self->flow);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (kiosk_idle_watch_parent_class)->dispose (object);
}

static void
kiosk_idle_watch_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskIdleWatch *self = KIOSK_IDLE_WATCH (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      g_value_set_object (value, self->flow);
      break;
    case PROP_QUIET_SECONDS:
      g_value_set_uint (value, self->quiet_seconds);
      break;
    case PROP_WARNING_SECONDS:
      g_value_set_uint (value, self->warning_seconds);
      break;
    case PROP_SECOND_MS:
      g_value_set_uint (value, self->second_ms);
      break;
    case PROP_PHASE:
      g_value_set_int (value, self->phase);
      break;
    case PROP_SECONDS_LEFT:
      g_value_set_uint (value, self->seconds_left);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_idle_watch_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  KioskIdleWatch *self = KIOSK_IDLE_WATCH (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      self->flow = g_value_dup_object (value);
      break;
    case PROP_QUIET_SECONDS:
      self->quiet_seconds = g_value_get_uint (value);
      break;
    case PROP_WARNING_SECONDS:
      self->warning_seconds = g_value_get_uint (value);
      break;
    case PROP_SECOND_MS:
      self->second_ms = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_idle_watch_class_init (KioskIdleWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kiosk_idle_watch_constructed;
  object_class->dispose = kiosk_idle_watch_dispose;
  object_class->get_property = kiosk_idle_watch_get_property;
  object_class->set_property = kiosk_idle_watch_set_property;

  properties[PROP_FLOW]
      = g_param_spec_object ("flow", NULL, NULL, KIOSK_TYPE_FLOW,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUIET_SECONDS] = g_param_spec_uint (
      "quiet-seconds", NULL, NULL, 1, 24 * 60 * 60, KIOSK_IDLE_DEFAULT_QUIET_SECONDS,
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Never shorter than a resident needs to answer (WCAG 2.2.1). */
  properties[PROP_WARNING_SECONDS]
      = g_param_spec_uint ("warning-seconds", NULL, NULL, KIOSK_IDLE_MIN_WARNING_SECONDS, 60 * 60,
                           KIOSK_IDLE_DEFAULT_WARNING_SECONDS,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECOND_MS]
      = g_param_spec_uint ("second-ms", NULL, NULL, 1, 1000, 1000,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHASE]
      = g_param_spec_int ("phase", NULL, NULL, KIOSK_IDLE_PHASE_PAUSED, KIOSK_IDLE_PHASE_WARNING,
                          KIOSK_IDLE_PHASE_PAUSED, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECONDS_LEFT] = g_param_spec_uint ("seconds-left", NULL, NULL, 0, G_MAXUINT, 0,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TIMED_OUT] = g_signal_new ("timed-out", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_idle_watch_init (KioskIdleWatch *self)
{
  self->quiet_seconds = KIOSK_IDLE_DEFAULT_QUIET_SECONDS;
  self->warning_seconds = KIOSK_IDLE_DEFAULT_WARNING_SECONDS;
  self->second_ms = 1000;
  self->phase = KIOSK_IDLE_PHASE_PAUSED;
}

KioskIdleWatch *
kiosk_idle_watch_new (KioskFlow *flow, guint quiet_seconds, guint warning_seconds)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (flow), NULL);

  return g_object_new (KIOSK_TYPE_IDLE_WATCH, "flow", flow, "quiet-seconds",
                       MAX (quiet_seconds, 1u), "warning-seconds",
                       MAX (warning_seconds, (guint)KIOSK_IDLE_MIN_WARNING_SECONDS), NULL);
}

void
kiosk_idle_watch_touch (KioskIdleWatch *self)
{
  g_return_if_fail (KIOSK_IS_IDLE_WATCH (self));

  if (self->phase == KIOSK_IDLE_PHASE_QUIET)
    self->last_activity = g_get_monotonic_time ();
}

void
kiosk_idle_watch_continue (KioskIdleWatch *self)
{
  g_return_if_fail (KIOSK_IS_IDLE_WATCH (self));

  if (self->phase == KIOSK_IDLE_PHASE_WARNING)
    follow_flow (self);
}

KioskFlow *
kiosk_idle_watch_get_flow (KioskIdleWatch *self)
{
  g_return_val_if_fail (KIOSK_IS_IDLE_WATCH (self), NULL);
  return self->flow;
}

KioskIdlePhase
kiosk_idle_watch_get_phase (KioskIdleWatch *self)
{
  g_return_val_if_fail (KIOSK_IS_IDLE_WATCH (self), KIOSK_IDLE_PHASE_PAUSED);
  return self->phase;
}

guint
kiosk_idle_watch_get_seconds_left (KioskIdleWatch *self)
{
  g_return_val_if_fail (KIOSK_IS_IDLE_WATCH (self), 0);
  return self->seconds_left;
}

guint
kiosk_idle_watch_get_quiet_seconds (KioskIdleWatch *self)
{
  g_return_val_if_fail (KIOSK_IS_IDLE_WATCH (self), 0);
  return self->quiet_seconds;
}

guint
kiosk_idle_watch_get_warning_seconds (KioskIdleWatch *self)
{
  g_return_val_if_fail (KIOSK_IS_IDLE_WATCH (self), 0);
  return self->warning_seconds;
}
