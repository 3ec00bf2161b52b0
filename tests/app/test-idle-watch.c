/* test-idle-watch.c: the quiet time, the warning's countdown and the idle timeout, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-card-error.h"
#include "kiosk-flow.h"
#include "kiosk-idle-watch.h"
#include "kiosk-secret.h"
#include "kiosk-test-certificate.h"

/* Seconds last SECOND_MS here, so a 20-second warning takes 800 ms. */
#define SECOND_MS 40
#define QUIET_SECONDS 3
#define WARNING_SECONDS KIOSK_IDLE_MIN_WARNING_SECONDS

typedef struct
{
  KioskClock *clock;
  KioskConfig *config;
  KioskFlow *flow;
  KioskIdleWatch *watch;
  GArray *countdown;  /* guint: each "seconds-left" seen during a warning, in order */
  GArray *tick_times; /* gint64: when each was seen (monotonic µs) */
  guint timeouts;     /* "timed-out" emissions */
  gint64 warning_started;
} Fixture;

static void
on_seconds_left (KioskIdleWatch *watch, GParamSpec *pspec, Fixture *f)
{
  guint seconds = kiosk_idle_watch_get_seconds_left (watch);
  gint64 now = g_get_monotonic_time ();

  if (seconds == 0)
    return;
  if (f->countdown->len == 0)
    f->warning_started = now;
  g_array_append_val (f->countdown, seconds);
  g_array_append_val (f->tick_times, now);
}

static void
on_timed_out (KioskIdleWatch *watch, Fixture *f)
{
  f->timeouts++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) now = g_date_time_new_utc (2027, 4, 1, 1, 0, 0);

  f->clock = kiosk_clock_new_fixed (now);
  f->config = kiosk_config_new ();
  f->flow = kiosk_flow_new (f->clock, f->config);
  f->watch = g_object_new (KIOSK_TYPE_IDLE_WATCH, "flow", f->flow, "quiet-seconds", QUIET_SECONDS,
                           "warning-seconds", WARNING_SECONDS, "second-ms", SECOND_MS, NULL);
  f->countdown = g_array_new (FALSE, FALSE, sizeof (guint));
  f->tick_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (f->watch, "notify::seconds-left", G_CALLBACK (on_seconds_left), f);
  g_signal_connect (f->watch, "timed-out", G_CALLBACK (on_timed_out), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->watch);
  g_clear_object (&f->flow);
  g_clear_object (&f->config);
  g_clear_object (&f->clock);
  g_array_unref (f->countdown);
  g_array_unref (f->tick_times);
}

static gboolean
on_deadline (gpointer user_data)
{
  gboolean *passed = user_data;

  *passed = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms. */
static void
run_for (guint ms)
{
  gboolean passed = FALSE;
  guint id = g_timeout_add (ms, on_deadline, &passed);

  while (!passed)
    g_main_context_iteration (NULL, TRUE);
  (void)id;
}

typedef gboolean (*Condition) (Fixture *f);

/* Runs the main loop until @condition holds; fails after @ms. */
static void
run_until (Fixture *f, Condition condition, guint ms, const char *what)
{
  gboolean passed = FALSE;
  guint id = g_timeout_add (ms, on_deadline, &passed);

  while (!condition (f) && !passed)
    g_main_context_iteration (NULL, TRUE);
  if (!passed)
    g_source_remove (id);
  if (!condition (f))
    g_error ("waited %u ms for %s", ms, what);
}

static gboolean
is_warning (Fixture *f)
{
  return kiosk_idle_watch_get_phase (f->watch) == KIOSK_IDLE_PHASE_WARNING;
}

static gboolean
has_timed_out (Fixture *f)
{
  return f->timeouts > 0;
}

static void
assert_state (Fixture *f, KioskFlowState expected)
{
  g_assert_cmpstr (kiosk_flow_state_to_string (kiosk_flow_get_state (f->flow)), ==,
                   kiosk_flow_state_to_string (expected));
}

static void
assert_phase (Fixture *f, KioskIdlePhase expected)
{
  g_assert_cmpint (kiosk_idle_watch_get_phase (f->watch), ==, expected);
}

/* Long enough for a quiet time, a whole warning and then some. */
static guint
whole_cycle_ms (void)
{
  return (QUIET_SECONDS + WARNING_SECONDS) * SECOND_MS * 5 / 4;
}

static void
enter (Fixture *f, const char *text)
{
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (text);

  kiosk_flow_secret_entered (f->flow, secret);
}

/* Holder, card in, "change the PIN", the card read: the flow then asks for the current PIN. */
static void
start_pin_change (Fixture *f)
{
  g_autoptr (GDateTime) not_before = g_date_time_new_utc (2026, 1, 10, 3, 0, 0);
  g_autoptr (GDateTime) not_after = g_date_time_new_utc (2031, 1, 10, 14, 59, 59);
  g_autoptr (KioskCertificate) certificate = kiosk_test_certificate_new (not_before, not_after);
  g_autoptr (KioskCardStatus) status = kiosk_card_status_new (NULL, certificate, FALSE, NULL, 3, 5);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  kiosk_flow_status_read (f->flow, status);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
}

static void
assert_no_secrets (Fixture *f)
{
  g_assert_null (kiosk_flow_get_first_new_secret (f->flow));
  for (KioskJpkiSecret kind = KIOSK_JPKI_AUTH; kind <= KIOSK_JPKI_SIGN; kind++)
    {
      g_assert_null (kiosk_flow_get_current_secret_for (f->flow, kind));
      g_assert_null (kiosk_flow_get_new_secret_for (f->flow, kind));
    }
}

static void
test_welcome_not_timed (Fixture *f, gconstpointer data)
{
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  assert_phase (f, KIOSK_IDLE_PHASE_PAUSED);
  run_for (whole_cycle_ms ());
  assert_phase (f, KIOSK_IDLE_PHASE_PAUSED);
  g_assert_cmpuint (f->countdown->len, ==, 0);
  g_assert_cmpuint (f->timeouts, ==, 0);
}

static void
test_quiet_time_then_warning (Fixture *f, gconstpointer data)
{
  gint64 started;

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  started = g_get_monotonic_time ();
  assert_phase (f, KIOSK_IDLE_PHASE_QUIET);
  g_assert_cmpuint (kiosk_idle_watch_get_seconds_left (f->watch), ==, 0);

  run_until (f, is_warning, whole_cycle_ms () * 3, "the warning");
  g_assert_cmpint (f->warning_started - started, >=, QUIET_SECONDS * SECOND_MS * 1000);
  g_assert_cmpuint (kiosk_idle_watch_get_seconds_left (f->watch), ==, WARNING_SECONDS);
  /* Only a warning so far: the resident's screen is still there. */
  assert_state (f, KIOSK_FLOW_STATE_OPERATOR);
  g_assert_cmpuint (f->timeouts, ==, 0);
}

static void
test_countdown_each_second_then_home (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  run_until (f, has_timed_out, whole_cycle_ms () * 3, "the timeout");

  /* 20, 19, … 1: one number a second, none skipped. */
  g_assert_cmpuint (f->countdown->len, ==, WARNING_SECONDS);
  for (guint i = 0; i < f->countdown->len; i++)
    g_assert_cmpuint (g_array_index (f->countdown, guint, i), ==, WARNING_SECONDS - i);
  for (guint i = 1; i < f->tick_times->len; i++)
    {
      gint64 gap
          = g_array_index (f->tick_times, gint64, i) - g_array_index (f->tick_times, gint64, i - 1);

      g_assert_cmpint (gap, >=, SECOND_MS * 1000 - 2000);
    }
  g_assert_cmpuint (f->timeouts, ==, 1);
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  assert_phase (f, KIOSK_IDLE_PHASE_PAUSED);
  g_assert_cmpuint (kiosk_idle_watch_get_seconds_left (f->watch), ==, 0);
}

static void
test_continue_ends_warning (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  assert_state (f, KIOSK_FLOW_STATE_MENU);

  /* WCAG 2.2.1: extendable at least ten times. */
  for (guint round = 0; round < 10; round++)
    {
      g_array_set_size (f->countdown, 0);
      run_until (f, is_warning, whole_cycle_ms () * 3, "the warning");
      run_for (SECOND_MS * 3);
      g_assert_true (is_warning (f));
      g_assert_cmpuint (kiosk_idle_watch_get_seconds_left (f->watch), <, WARNING_SECONDS);

      kiosk_idle_watch_continue (f->watch);
      assert_phase (f, KIOSK_IDLE_PHASE_QUIET);
      g_assert_cmpuint (kiosk_idle_watch_get_seconds_left (f->watch), ==, 0);
    }
  g_assert_cmpuint (f->timeouts, ==, 0);
  assert_state (f, KIOSK_FLOW_STATE_MENU);

  /* The next warning starts from the full count again. */
  g_array_set_size (f->countdown, 0);
  run_until (f, is_warning, whole_cycle_ms () * 3, "the warning");
  g_assert_cmpuint (g_array_index (f->countdown, guint, 0), ==, WARNING_SECONDS);
}

static void
test_continue_outside_warning_does_nothing (Fixture *f, gconstpointer data)
{
  kiosk_idle_watch_continue (f->watch);
  assert_phase (f, KIOSK_IDLE_PHASE_PAUSED);
  run_for (whole_cycle_ms ());
  assert_phase (f, KIOSK_IDLE_PHASE_PAUSED);
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
}

static void
test_timeout_wipes_secrets_and_asks_for_card (Fixture *f, gconstpointer data)
{
  start_pin_change (f);
  enter (f, "1234");
  assert_state (f, KIOSK_FLOW_STATE_VERIFYING);
  kiosk_flow_card_work_done (f->flow);
  assert_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  g_assert_nonnull (kiosk_flow_get_current_secret (f->flow));
  enter (f, "5678");
  assert_state (f, KIOSK_FLOW_STATE_CONFIRM_NEW);
  g_assert_nonnull (kiosk_flow_get_first_new_secret (f->flow));

  run_until (f, has_timed_out, whole_cycle_ms () * 3, "the timeout");
  assert_no_secrets (f);
  /* The card is still in the reader: it is asked for before the kiosk goes home. */
  assert_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  assert_phase (f, KIOSK_IDLE_PHASE_PAUSED);
  run_for (whole_cycle_ms ());
  g_assert_cmpuint (f->timeouts, ==, 1);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  assert_phase (f, KIOSK_IDLE_PHASE_PAUSED);
}

static void
test_no_timeout_during_card_work (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) not_before = g_date_time_new_utc (2026, 1, 10, 3, 0, 0);
  g_autoptr (GDateTime) not_after = g_date_time_new_utc (2031, 1, 10, 14, 59, 59);
  g_autoptr (KioskCertificate) certificate = kiosk_test_certificate_new (not_before, not_after);
  g_autoptr (KioskCardStatus) status = kiosk_card_status_new (NULL, certificate, FALSE, NULL, 3, 5);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);

  /* A slow read. */
  assert_state (f, KIOSK_FLOW_STATE_READING);
  assert_phase (f, KIOSK_IDLE_PHASE_PAUSED);
  run_for (whole_cycle_ms ());
  assert_state (f, KIOSK_FLOW_STATE_READING);
  kiosk_flow_status_read (f->flow, status);

  /* A slow verify, the PIN held all along. */
  enter (f, "1234");
  assert_state (f, KIOSK_FLOW_STATE_VERIFYING);
  assert_phase (f, KIOSK_IDLE_PHASE_PAUSED);
  run_for (whole_cycle_ms ());
  assert_state (f, KIOSK_FLOW_STATE_VERIFYING);
  g_assert_nonnull (kiosk_flow_get_current_secret (f->flow));
  kiosk_flow_card_work_done (f->flow);

  /* A slow change. */
  enter (f, "5678");
  enter (f, "5678");
  assert_state (f, KIOSK_FLOW_STATE_WRITING);
  assert_phase (f, KIOSK_IDLE_PHASE_PAUSED);
  run_for (whole_cycle_ms ());
  assert_state (f, KIOSK_FLOW_STATE_WRITING);
  g_assert_nonnull (kiosk_flow_get_new_secret (f->flow));
  g_assert_cmpuint (f->countdown->len, ==, 0);
  g_assert_cmpuint (f->timeouts, ==, 0);

  /* The work done, the result screen waits for the resident: timed again. */
  kiosk_flow_card_work_done (f->flow);
  assert_state (f, KIOSK_FLOW_STATE_DONE);
  assert_phase (f, KIOSK_IDLE_PHASE_QUIET);
}

static void
test_card_work_starting_ends_warning (Fixture *f, gconstpointer data)
{
  start_pin_change (f);
  run_until (f, is_warning, whole_cycle_ms () * 3, "the warning");

  /* The resident typed the PIN just in time (the overlay was up over the pad: not possible from
   * the screen, but the flow may also move by itself, e.g. a card pulled). */
  enter (f, "1234");
  assert_state (f, KIOSK_FLOW_STATE_VERIFYING);
  assert_phase (f, KIOSK_IDLE_PHASE_PAUSED);
  g_assert_cmpuint (kiosk_idle_watch_get_seconds_left (f->watch), ==, 0);
  run_for (whole_cycle_ms ());
  g_assert_cmpuint (f->timeouts, ==, 0);
}

static void
test_touch_resets_quiet_time (Fixture *f, gconstpointer data)
{
  gint64 touching_until;

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  /* Touching for three quiet times: never a warning. */
  touching_until = g_get_monotonic_time () + QUIET_SECONDS * SECOND_MS * 3 * 1000;
  while (g_get_monotonic_time () < touching_until)
    {
      kiosk_idle_watch_touch (f->watch);
      run_for (SECOND_MS / 4);
      assert_phase (f, KIOSK_IDLE_PHASE_QUIET);
    }
  g_assert_cmpuint (f->countdown->len, ==, 0);

  /* Hands off: the warning comes a quiet time after the last touch. */
  kiosk_idle_watch_touch (f->watch);
  touching_until = g_get_monotonic_time ();
  run_until (f, is_warning, whole_cycle_ms () * 3, "the warning");
  g_assert_cmpint (f->warning_started - touching_until, >=, QUIET_SECONDS * SECOND_MS * 1000);
}

static void
test_touch_does_not_end_warning (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  run_until (f, is_warning, whole_cycle_ms () * 3, "the warning");
  kiosk_idle_watch_touch (f->watch);
  run_for (SECOND_MS * 2);
  g_assert_true (is_warning (f));
  g_assert_cmpuint (kiosk_idle_watch_get_seconds_left (f->watch), <, WARNING_SECONDS);
}

static void
test_new_screen_gets_whole_quiet_time (Fixture *f, gconstpointer data)
{
  gint64 moved;

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  run_for (QUIET_SECONDS * SECOND_MS * 2 / 3);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  moved = g_get_monotonic_time ();
  assert_state (f, KIOSK_FLOW_STATE_MENU);
  run_until (f, is_warning, whole_cycle_ms () * 3, "the warning");
  g_assert_cmpint (f->warning_started - moved, >=, QUIET_SECONDS * SECOND_MS * 1000);
}

static void
test_warning_never_shorter_than_20_s (void)
{
  g_autoptr (KioskClock) clock = kiosk_clock_new ();
  g_autoptr (KioskConfig) config = kiosk_config_new ();
  g_autoptr (KioskFlow) flow = kiosk_flow_new (clock, config);
  g_autoptr (KioskIdleWatch) short_one = kiosk_idle_watch_new (flow, 90, 5);
  g_autoptr (KioskIdleWatch) long_one = kiosk_idle_watch_new (flow, 120, 45);

  g_assert_cmpuint (kiosk_idle_watch_get_warning_seconds (short_one), ==, 20);
  g_assert_cmpuint (kiosk_idle_watch_get_quiet_seconds (short_one), ==, 90);
  g_assert_cmpuint (kiosk_idle_watch_get_warning_seconds (long_one), ==, 45);
  g_assert_cmpuint (kiosk_idle_watch_get_quiet_seconds (long_one), ==, 120);
}

#define ADD(path, func)                                                                            \
  g_test_add ("/app/idle-watch/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("welcome-not-timed", test_welcome_not_timed);
  ADD ("quiet-time-then-warning", test_quiet_time_then_warning);
  ADD ("countdown-each-second-then-home", test_countdown_each_second_then_home);
  ADD ("continue-ends-warning", test_continue_ends_warning);
  ADD ("continue-outside-warning-does-nothing", test_continue_outside_warning_does_nothing);
  ADD ("timeout-wipes-secrets-and-asks-for-card", test_timeout_wipes_secrets_and_asks_for_card);
  ADD ("no-timeout-during-card-work", test_no_timeout_during_card_work);
  ADD ("card-work-starting-ends-warning", test_card_work_starting_ends_warning);
  ADD ("touch-resets-quiet-time", test_touch_resets_quiet_time);
  ADD ("touch-does-not-end-warning", test_touch_does_not_end_warning);
  ADD ("new-screen-gets-whole-quiet-time", test_new_screen_gets_whole_quiet_time);
  g_test_add_func ("/app/idle-watch/warning-never-shorter-than-20-s",
                   test_warning_never_shorter_than_20_s);
  return g_test_run ();
}
