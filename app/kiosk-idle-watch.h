/* kiosk-idle-watch.h: the quiet time, the warning's countdown and the idle timeout (no GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-flow.h"

G_BEGIN_DECLS

/* The shortest warning a resident gets (WCAG 2.2.1: at least 20 s to extend with one action). */
#define KIOSK_IDLE_MIN_WARNING_SECONDS 20
#define KIOSK_IDLE_DEFAULT_QUIET_SECONDS 90
#define KIOSK_IDLE_DEFAULT_WARNING_SECONDS 30

typedef enum
{
  KIOSK_IDLE_PHASE_PAUSED, /* nothing is timed: the welcome screen, card work, the card asked for */
  KIOSK_IDLE_PHASE_QUIET,  /* the quiet time runs; a touch starts it again */
  KIOSK_IDLE_PHASE_WARNING, /* "are you still there?": the countdown runs */
} KioskIdlePhase;

#define KIOSK_TYPE_IDLE_WATCH (kiosk_idle_watch_get_type ())
G_DECLARE_FINAL_TYPE (KioskIdleWatch, kiosk_idle_watch, KIOSK, IDLE_WATCH, GObject)

/**
 * KioskIdleWatch:
 *
 * Follows the flow's state and the resident's touches. On a screen that waits for the resident,
 * after @quiet_seconds without a touch it enters WARNING with a countdown of @warning_seconds
 * (at least %KIOSK_IDLE_MIN_WARNING_SECONDS); kiosk_idle_watch_continue() ends the warning, as
 * often as the resident likes; at zero it feeds %KIOSK_FLOW_INPUT_IDLE_TIMEOUT to the flow, which
 * wipes the secrets and goes home (or asks for the card first).
 *
 * Nothing is timed on the welcome screen, while the card or the issuance service works
 * (READING, VERIFYING, WRITING, RENEWING), on the take-card screen (the card-left sound is there
 * instead) and without a reader. A change of screen counts as activity: each new screen gets
 * the whole quiet time.
 *
 * Properties: "phase" (KioskIdlePhase), "seconds-left" (guint: the countdown, notified each
 * second of the warning; 0 outside it), "quiet-seconds", "warning-seconds" (construct-only),
 * "second-ms" (construct-only, default 1000: how long a second lasts, shortened by tests).
 * Signal: "timed-out": emitted just before the timeout input goes to the flow.
 * Everything runs on the thread-default main context it was made on.
 */
KioskIdleWatch *kiosk_idle_watch_new (KioskFlow *flow, guint quiet_seconds, guint warning_seconds);

/* The resident touched the screen (or pressed a key): the quiet time starts again. A touch does
 * not end a warning: only "continue" does, so a stray touch on the overlay cannot. */
void kiosk_idle_watch_touch (KioskIdleWatch *self);
/* "Continue" on the warning: back to a full quiet time. Does nothing outside a warning. */
void kiosk_idle_watch_continue (KioskIdleWatch *self);

KioskFlow *kiosk_idle_watch_get_flow (KioskIdleWatch *self);
KioskIdlePhase kiosk_idle_watch_get_phase (KioskIdleWatch *self);
guint kiosk_idle_watch_get_seconds_left (KioskIdleWatch *self);
guint kiosk_idle_watch_get_quiet_seconds (KioskIdleWatch *self);
guint kiosk_idle_watch_get_warning_seconds (KioskIdleWatch *self);
/* Whether the flow's @state is ever timed (see above). */
gboolean kiosk_idle_watch_state_is_timed (KioskFlowState state);

G_END_DECLS
