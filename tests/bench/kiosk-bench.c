/* kiosk-bench.c: the benchmark: a status read in the real window through pcscd, vpcd and
 * kiosk-vcard: APDUs and bytes, card-to-screen time, and how late the main loop runs while the
 * reading screen is up
 *
 * Run it through tests/bench/run-bench BUILD_DIR, which gives it private
 * namespaces (its own pcscd) and a private Xvfb. For each profile (valid and slow by default) it
 * inserts the card ITERATIONS times into the running kiosk (KioskWindow + KioskController on the
 * real PC/SC transport) and measures:
 *
 * - APDUs and bytes of one status read (the transport's counters) beside the protocol minimum
 *   computed from the certificate's length;
 * - card to status: from the worker's "reader-state-changed" CARD_PRESENT on the main thread to
 *   the window's "screen-presented" STATUS (the first frame drawn with the status screen);
 * - main-loop lateness: a 5 ms timeout probe, from the reading screen's first frame until the
 *   flow leaves READING, beside the same probe for as long right after (same run, same machine
 *   load) on the idle kiosk showing the same reading screen, its bar moving, with no card work
 *   (kiosk_bench_show_screen: the flow stays on the welcome state). A tick whose wait included
 *   the drawing of a screen change is counted apart: that frame builds a new screen and is not
 *   what a resident sees as a stall.
 *
 * Prints a table, then key=value lines for machines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kiosk-bench-util.h"
#include "kiosk-controller.h"
#include "kiosk-locale.h"
#include "kiosk-pcsc-transport.h"
#include "kiosk-test-integration.h"
#include "kiosk-test-pcscd.h"
#include "kiosk-test-vcard.h"
#include "kiosk-window.h"

#define PROBE_INTERVAL_MS 5
#define STEP_TIMEOUT_MS 60000
/* Lets the welcome screen's own frame and the worker's reader events pass before idling. */
#define SETTLE_MS 100
/* Bounds the wait for the probe's tick after the status screen's first frame. */
#define PROBE_TAIL_TIMEOUT_MS 1000
/* The targets the issue sets. */
#define TARGET_SLOW_P99_MS 8.0

typedef struct
{
  GArray *steady;        /* lateness of ticks (ms, double) */
  GArray *screen_change; /* lateness of ticks whose wait included a screen change's frame */
} Lateness;

typedef struct
{
  const char *profile;
  guint apdus;
  guint apdus_min_seen;
  guint apdus_max_seen;
  guint64 bytes_sent;
  guint64 bytes_received;
  guint minimum;
  gsize cert_len;
  GArray *card_to_status_ms;
  GArray *reading_ms;
  Lateness reading;
  Lateness idle;
} ProfileResult;

typedef struct
{
  guint source;
  gint64 last;
  guint presented_seen;
  gboolean after_result; /* the result came: the next frame draws the status screen */
  Lateness *into;
} Probe;

static struct
{
  guint iterations;
  gboolean check;
  char **profiles;

  GtkApplication *app;
  KioskWindow *window;
  KioskController *controller;
  KioskTestPcscd *pcscd;
  KioskTestVcard *vcard;

  /* what the signals saw last */
  guint presented_count;
  KioskFlowState presented_state;
  gint64 presented_at;
  gint64 card_present_at;

  Probe probe;
  Lateness *reading_into;    /* where the reading probe goes, while a measured read runs */
  gint64 reading_started_at; /* the flow entered READING */
  gint64 reading_shown_at;   /* the reading screen's first frame: the probe starts */
  gint64 reading_ended_at;   /* the flow left READING: the probe stops */

  int status;
} bench;

static void
lateness_init (Lateness *lateness)
{
  lateness->steady = g_array_new (FALSE, FALSE, sizeof (double));
  lateness->screen_change = g_array_new (FALSE, FALSE, sizeof (double));
}

static KioskFlow *
flow (void)
{
  return kiosk_controller_get_flow (bench.controller);
}

static KioskCardTransport *
transport (void)
{
  return kiosk_card_worker_get_transport (kiosk_controller_get_worker (bench.controller));
}

/* --- the probe --- */

static gboolean
on_probe_tick (gpointer user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();
  double late = MAX (0.0, (now - probe->last - PROBE_INTERVAL_MS * 1000) / 1000.0);
  gboolean waited_for_a_new_screen = bench.presented_count != probe->presented_seen;

  /* From the result on, the main loop switches screens (flow, stack, then the new screen's first
   * frame): that cost is the screen change's, counted apart. */
  if (probe->after_result || waited_for_a_new_screen)
    g_array_append_val (probe->into->screen_change, late);
  else
    g_array_append_val (probe->into->steady, late);
  probe->presented_seen = bench.presented_count;
  probe->last = now;
  if (probe->after_result && waited_for_a_new_screen)
    {
      probe->source = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
probe_start (Lateness *into)
{
  g_assert (bench.probe.source == 0);
  bench.probe.into = into;
  bench.probe.after_result = FALSE;
  bench.probe.last = g_get_monotonic_time ();
  bench.probe.presented_seen = bench.presented_count;
  bench.probe.source = g_timeout_add (PROBE_INTERVAL_MS, on_probe_tick, &bench.probe);
}

static void
probe_stop (void)
{
  g_clear_handle_id (&bench.probe.source, g_source_remove);
}

static gboolean
probe_stopped (gpointer user_data)
{
  return bench.probe.source == 0;
}

/* --- what the kiosk tells --- */

static gboolean
on_reader_state_emitted (GSignalInvocationHint *hint, guint n_values, const GValue *values,
                         gpointer user_data)
{
  int state = G_VALUE_HOLDS_ENUM (&values[1]) ? g_value_get_enum (&values[1])
                                              : g_value_get_int (&values[1]);

  /* An emission hook runs before every handler, the controller's included: the moment the app
   * learns of the card. */
  if (state == KIOSK_READER_STATE_CARD_PRESENT)
    bench.card_present_at = g_get_monotonic_time ();
  return TRUE;
}

static void
on_screen_presented (KioskWindow *window, int state, gpointer user_data)
{
  bench.presented_count++;
  bench.presented_state = state;
  bench.presented_at = g_get_monotonic_time ();
  if (state == KIOSK_FLOW_STATE_READING && bench.reading_into != NULL && bench.probe.source == 0
      && kiosk_flow_get_state (flow ()) == KIOSK_FLOW_STATE_READING)
    {
      bench.reading_shown_at = bench.presented_at;
      probe_start (bench.reading_into);
    }
}

static void
on_flow_state (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  gboolean reading = kiosk_flow_get_state (flow ()) == KIOSK_FLOW_STATE_READING;

  if (bench.reading_into == NULL)
    return;
  if (reading && bench.reading_started_at == 0)
    bench.reading_started_at = g_get_monotonic_time ();
  else if (!reading && bench.reading_started_at != 0 && bench.reading_ended_at == 0)
    {
      /* A fast card's result can come before the reading screen was ever drawn: then there is
       * no window to probe. Else the probe goes on until the status screen's first frame. */
      bench.probe.after_result = TRUE;
      bench.reading_ended_at = g_get_monotonic_time ();
    }
}

/* --- steps --- */

static gboolean
presented_is (gpointer user_data)
{
  return bench.presented_state == (KioskFlowState)GPOINTER_TO_INT (user_data)
         && kiosk_window_get_visible_state (bench.window) == bench.presented_state;
}

static gboolean
wait_presented (KioskFlowState state, GError **error)
{
  if (kiosk_test_wait_for (presented_is, GINT_TO_POINTER (state), STEP_TIMEOUT_MS))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               "the %s screen was not presented (flow: %s, last presented: %s)",
               kiosk_flow_state_to_string (state),
               kiosk_flow_state_to_string (kiosk_flow_get_state (flow ())),
               kiosk_flow_state_to_string (bench.presented_state));
  return FALSE;
}

/* Card in, status on screen; card out, welcome on screen. With @result, measured. */
static gboolean
one_insertion (const char *profile, ProfileResult *result, GError **error)
{
  KioskStatusReport *report;
  guint apdus = 0;
  guint64 sent = 0, received = 0;
  double reading_ms;

  if (kiosk_flow_get_state (flow ()) != KIOSK_FLOW_STATE_WELCOME
      && !wait_presented (KIOSK_FLOW_STATE_WELCOME, error))
    return FALSE;

  kiosk_card_transport_reset_counters (transport ());
  bench.card_present_at = 0;
  bench.reading_started_at = bench.reading_shown_at = bench.reading_ended_at = 0;
  bench.reading_into = result != NULL ? &result->reading : NULL;
  if (!kiosk_test_vcard_insert (bench.vcard, profile, error)
      || !wait_presented (KIOSK_FLOW_STATE_STATUS, error))
    {
      probe_stop ();
      bench.reading_into = NULL;
      return FALSE;
    }
  /* The probe's last tick is the one the status screen's first frame delayed. */
  kiosk_test_wait_for (probe_stopped, NULL, PROBE_TAIL_TIMEOUT_MS);
  probe_stop ();
  bench.reading_into = NULL;

  report = kiosk_flow_get_report (flow ());
  g_assert (report != NULL);
  kiosk_card_transport_get_counters (transport (), &apdus, &sent, &received);
  if (result != NULL)
    {
      KioskCardStatus *status = kiosk_status_report_get_card_status (report);
      KioskCertificate *cert = kiosk_card_status_get_auth_certificate (status);
      double card_to_status_ms = (bench.presented_at - bench.card_present_at) / 1000.0;

      if (bench.card_present_at == 0 || bench.reading_started_at == 0
          || bench.reading_ended_at == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "missed the card-present event or the reading state");
          return FALSE;
        }
      g_array_append_val (result->card_to_status_ms, card_to_status_ms);
      reading_ms = (bench.reading_ended_at - bench.reading_started_at) / 1000.0;
      g_array_append_val (result->reading_ms, reading_ms);
      if (result->card_to_status_ms->len == 1)
        {
          result->apdus = apdus;
          result->bytes_sent = sent;
          result->bytes_received = received;
          result->apdus_min_seen = result->apdus_max_seen = apdus;
          result->cert_len = cert != NULL ? g_bytes_get_size (kiosk_certificate_get_der (cert)) : 0;
          result->minimum = kiosk_test_status_read_minimum (
              result->cert_len, kiosk_card_status_get_sign_tries_left (status) >= 0);
        }
      result->apdus_min_seen = MIN (result->apdus_min_seen, apdus);
      result->apdus_max_seen = MAX (result->apdus_max_seen, apdus);
    }

  kiosk_flow_input (flow (), KIOSK_FLOW_INPUT_FINISH);
  if (!kiosk_test_vcard_remove (bench.vcard, error)
      || !wait_presented (KIOSK_FLOW_STATE_WELCOME, error))
    return FALSE;

  /* The idle kiosk, for as long as the reading screen was probed, showing that same screen with
   * its bar moving but no card work: the baseline draws what the measured read drew (an idle
   * welcome screen draws nothing, which made "no worse than idle" a coin toss). */
  if (result != NULL && bench.reading_shown_at != 0)
    {
      if (!kiosk_bench_show_screen (bench.window, KIOSK_FLOW_STATE_READING, error))
        return FALSE;
      kiosk_test_run_for (SETTLE_MS);
      probe_start (&result->idle);
      kiosk_test_run_for ((guint)ceil ((bench.reading_ended_at - bench.reading_shown_at) / 1000.0));
      probe_stop ();
      if (!kiosk_bench_show_screen (bench.window, kiosk_window_get_visible_state (bench.window),
                                    error))
        return FALSE;
      kiosk_test_run_for (SETTLE_MS);
    }
  return TRUE;
}

static gboolean
measure_profile (ProfileResult *result, GError **error)
{
  for (guint i = 0; i < bench.iterations; i++)
    {
      if (!one_insertion (result->profile, result, error))
        {
          g_prefix_error (error, "%s, insertion %u: ", result->profile, i + 1);
          return FALSE;
        }
      if (isatty (STDERR_FILENO))
        g_printerr ("\r%s: %u/%u", result->profile, i + 1, bench.iterations);
    }
  if (isatty (STDERR_FILENO))
    g_printerr ("\n");
  return TRUE;
}

/* --- the report --- */

static void
print_table (ProfileResult *results, guint n_results)
{
  printf ("\nMadoguchi benchmark: a status read in the real window (Xvfb, cairo) through pcscd,\n"
          "vpcd and kiosk-vcard; %u insertions per profile, after one unmeasured.\n\n",
          bench.iterations);
  printf ("%-8s %6s %8s %10s %10s %12s %10s\n", "", "APDUs", "minimum", "bytes out", "bytes in",
          "card>status", "read");
  printf ("%-8s %6s %8s %10s %10s %12s %10s\n", "profile", "", "", "", "", "median ms",
          "median ms");
  for (guint i = 0; i < n_results; i++)
    {
      ProfileResult *r = &results[i];
      char a[32], b[32];

      printf ("%-8s %6u %8u %10" G_GUINT64_FORMAT " %10" G_GUINT64_FORMAT " %12s %10s\n",
              r->profile, r->apdus, r->minimum, r->bytes_sent, r->bytes_received,
              kiosk_bench_cell (a, sizeof a, kiosk_bench_median (r->card_to_status_ms), 1),
              kiosk_bench_cell (b, sizeof b, kiosk_bench_median (r->reading_ms), 1));
    }

  printf ("\nMain-loop lateness (ms) of a %d ms timeout: reading screen up (first frame to result)"
          "\nvs idle: the same reading screen, its bar moving, no card work, for as long;"
          "\nscreen-change ticks (result to the status screen's first frame) apart.\n\n",
          PROBE_INTERVAL_MS);
  printf ("%-8s %8s %8s %8s %8s %8s %8s %8s %8s\n", "profile", "reading", "p99", "max", "idle",
          "p99", "max", "change", "max");
  printf ("%-8s %8s %8s %8s %8s %8s %8s %8s %8s\n", "", "ticks", "", "", "ticks", "", "", "ticks",
          "");
  for (guint i = 0; i < n_results; i++)
    {
      ProfileResult *r = &results[i];
      char a[32], b[32], c[32], d[32], e[32];

      printf ("%-8s %8u %8s %8s %8u %8s %8s %8u %8s\n", r->profile, r->reading.steady->len,
              kiosk_bench_cell (a, sizeof a, kiosk_bench_percentile (r->reading.steady, 99), 2),
              kiosk_bench_cell (b, sizeof b, kiosk_bench_maximum (r->reading.steady), 2),
              r->idle.steady->len,
              kiosk_bench_cell (c, sizeof c, kiosk_bench_percentile (r->idle.steady, 99), 2),
              kiosk_bench_cell (d, sizeof d, kiosk_bench_maximum (r->idle.steady), 2),
              r->reading.screen_change->len,
              kiosk_bench_cell (e, sizeof e, kiosk_bench_maximum (r->reading.screen_change), 1));
    }
  printf ("\n");
}

static void
print_results (ProfileResult *results, guint n_results)
{
  const char *verdict[] = { "FAIL", "pass" };
  gboolean apdus_ok = TRUE;
  ProfileResult *slow = NULL;

  print_table (results, n_results);

  printf ("bench.iterations=%u\n", bench.iterations);
  printf ("bench.probe_interval_ms=%d\n", PROBE_INTERVAL_MS);
  for (guint i = 0; i < n_results; i++)
    {
      ProfileResult *r = &results[i];
      const char *p = r->profile;

      printf ("%s.apdus=%u\n", p, r->apdus);
      printf ("%s.apdus_min=%u\n", p, r->apdus_min_seen);
      printf ("%s.apdus_max=%u\n", p, r->apdus_max_seen);
      printf ("%s.apdus_protocol_minimum=%u\n", p, r->minimum);
      printf ("%s.certificate_bytes=%" G_GSIZE_FORMAT "\n", p, r->cert_len);
      printf ("%s.bytes_sent=%" G_GUINT64_FORMAT "\n", p, r->bytes_sent);
      printf ("%s.bytes_received=%" G_GUINT64_FORMAT "\n", p, r->bytes_received);
      printf ("%s.card_to_status_ms_median=%.1f\n", p, kiosk_bench_median (r->card_to_status_ms));
      printf ("%s.card_to_status_ms_min=%.1f\n", p, kiosk_bench_minimum (r->card_to_status_ms));
      printf ("%s.card_to_status_ms_max=%.1f\n", p, kiosk_bench_maximum (r->card_to_status_ms));
      printf ("%s.read_ms_median=%.1f\n", p, kiosk_bench_median (r->reading_ms));
      printf ("%s.reading_ticks=%u\n", p, r->reading.steady->len);
      printf ("%s.reading_lateness_p99_ms=%.2f\n", p,
              kiosk_bench_percentile (r->reading.steady, 99));
      printf ("%s.reading_lateness_max_ms=%.2f\n", p, kiosk_bench_maximum (r->reading.steady));
      printf ("%s.idle_ticks=%u\n", p, r->idle.steady->len);
      printf ("%s.idle_lateness_p99_ms=%.2f\n", p, kiosk_bench_percentile (r->idle.steady, 99));
      printf ("%s.idle_lateness_max_ms=%.2f\n", p, kiosk_bench_maximum (r->idle.steady));
      printf ("%s.screen_change_ticks=%u\n", p, r->reading.screen_change->len);
      printf ("%s.screen_change_lateness_max_ms=%.2f\n", p,
              kiosk_bench_maximum (r->reading.screen_change));
      if (r->apdus_max_seen != r->minimum || r->apdus_min_seen != r->minimum)
        apdus_ok = FALSE;
      if (g_str_equal (p, "slow"))
        slow = r;
    }

  printf ("target.apdus_at_protocol_minimum=%s\n", verdict[apdus_ok]);
  if (!apdus_ok && bench.check)
    bench.status = EXIT_FAILURE;
  if (slow != NULL)
    {
      gboolean p99_ok = kiosk_bench_percentile (slow->reading.steady, 99) < TARGET_SLOW_P99_MS;
      gboolean max_ok
          = kiosk_bench_maximum (slow->reading.steady) <= kiosk_bench_maximum (slow->idle.steady);

      printf ("target.slow_reading_p99_below_%.0fms=%s\n", TARGET_SLOW_P99_MS, verdict[p99_ok]);
      printf ("target.slow_reading_max_not_above_idle=%s\n", verdict[max_ok]);
      if (bench.check && (!p99_ok || !max_ok))
        bench.status = EXIT_FAILURE;
    }
  fflush (stdout);
}

/* --- set-up --- */

static gboolean
set_up_kiosk (GError **error)
{
  g_autoptr (KioskConfig) config = NULL;
  g_autoptr (KioskClock) clock = NULL;
  g_autoptr (KioskCardTransport) pcsc = NULL;

  bench.pcscd = kiosk_test_pcscd_new ();
  if (!kiosk_test_pcscd_start (bench.pcscd, KIOSK_TEST_PCSCD_READERS_VPCD, error))
    return FALSE;
  bench.vcard = kiosk_test_vcard_new (bench.profiles[0], NULL);
  if (!kiosk_test_vcard_start (bench.vcard, error))
    return FALSE;

  /* The kiosk as shipped: default configuration (the first reader holding a card), trusting the
   * test CA. */
  config = kiosk_test_config_new (NULL, error);
  if (config == NULL)
    return FALSE;
  clock = kiosk_clock_new ();
  pcsc = kiosk_pcsc_transport_new (kiosk_config_get_reader_filter (config));
  bench.controller = kiosk_controller_new (config, clock, pcsc, error);
  if (bench.controller == NULL)
    return FALSE;
  g_signal_add_emission_hook (g_signal_lookup ("reader-state-changed", KIOSK_TYPE_CARD_WORKER), 0,
                              on_reader_state_emitted, NULL, NULL);
  g_signal_connect (flow (), "notify::state", G_CALLBACK (on_flow_state), NULL);

  bench.window = kiosk_window_new (bench.app, flow ());
  g_signal_connect (bench.window, "screen-presented", G_CALLBACK (on_screen_presented), NULL);
  gtk_window_set_default_size (GTK_WINDOW (bench.window), KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
  gtk_window_present (GTK_WINDOW (bench.window));
  kiosk_controller_start (bench.controller);
  return wait_presented (KIOSK_FLOW_STATE_WELCOME, error);
}

static void
tear_down_kiosk (void)
{
  probe_stop ();
  if (bench.controller != NULL)
    kiosk_controller_stop (bench.controller);
  if (bench.window != NULL)
    {
      kiosk_window_allow_close (bench.window);
      gtk_window_destroy (GTK_WINDOW (bench.window));
      bench.window = NULL;
    }
  g_clear_object (&bench.controller);
  g_clear_object (&bench.vcard);
  g_clear_object (&bench.pcscd);
}

static gboolean
run_benchmark (gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  guint n = g_strv_length (bench.profiles);
  g_autofree ProfileResult *results = g_new0 (ProfileResult, n);

  if (!set_up_kiosk (&error))
    goto failed;
  /* One unmeasured insertion first: every screen's first showing builds its render nodes,
   * which a kiosk pays once a day, not per resident. */
  if (!one_insertion (bench.profiles[0], NULL, &error))
    goto failed;
  for (guint i = 0; i < n; i++)
    {
      results[i].profile = bench.profiles[i];
      results[i].card_to_status_ms = g_array_new (FALSE, FALSE, sizeof (double));
      results[i].reading_ms = g_array_new (FALSE, FALSE, sizeof (double));
      lateness_init (&results[i].reading);
      lateness_init (&results[i].idle);
      if (!measure_profile (&results[i], &error))
        goto failed;
    }
  print_results (results, n);
  goto out;

failed:
  g_printerr ("kiosk-bench: %s\n", error->message);
  if (bench.pcscd != NULL && kiosk_test_pcscd_get_log_path (bench.pcscd) != NULL)
    g_printerr ("kiosk-bench: pcscd log: %s\n", kiosk_test_pcscd_get_log_path (bench.pcscd));
  bench.status = EXIT_FAILURE;
out:
  for (guint i = 0; i < n; i++)
    if (results[i].card_to_status_ms != NULL)
      {
        g_array_unref (results[i].card_to_status_ms);
        g_array_unref (results[i].reading_ms);
        g_array_unref (results[i].reading.steady);
        g_array_unref (results[i].reading.screen_change);
        g_array_unref (results[i].idle.steady);
        g_array_unref (results[i].idle.screen_change);
      }
  tear_down_kiosk ();
  g_application_release (G_APPLICATION (bench.app));
  return G_SOURCE_REMOVE;
}

static void
on_activate (GtkApplication *app, gpointer user_data)
{
  g_application_hold (G_APPLICATION (app));
  /* From an idle, so the benchmark's nested waits run outside "activate". */
  g_idle_add (run_benchmark, NULL);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) options = NULL;
  g_autofree char *profiles = NULL;
  int iterations = 15;
  gboolean check = FALSE;
  char *app_argv[] = { argv[0], NULL };
  GOptionEntry entries[] = {
    { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations,
      "Insertions measured per profile (default 15)", "N" },
    { "profiles", 'p', 0, G_OPTION_ARG_STRING, &profiles,
      "Comma-separated card profiles (default valid,slow)", "LIST" },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, "Exit 1 when a target is missed", NULL },
    { NULL },
  };

  /* Japanese, as the kiosk starts: its glyphs are what the frames draw. */
  kiosk_locale_init ();

  options = g_option_context_new ("— the Madoguchi status-read benchmark");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("kiosk-bench: %s\n", error->message);
      return 2;
    }
  if (iterations < 1)
    {
      g_printerr ("kiosk-bench: --iterations must be at least 1\n");
      return 2;
    }
  if (!kiosk_test_pcscd_in_namespace ())
    {
      g_printerr ("kiosk-bench: run it through tests/bench/run-bench (it needs a private "
                  "namespace for its pcscd)\n");
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("kiosk-bench: no display (run it through tests/bench/run-bench)\n");
      return 2;
    }

  bench.iterations = (guint)iterations;
  bench.check = check;
  bench.profiles = g_strsplit (profiles != NULL ? profiles : "valid,slow", ",", -1);
  bench.status = EXIT_SUCCESS;
  bench.app = gtk_application_new ("org.madoguchi.KioskBench", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (bench.app, "activate", G_CALLBACK (on_activate), NULL);
  g_application_run (G_APPLICATION (bench.app), 1, app_argv);
  g_clear_object (&bench.app);
  g_strfreev (bench.profiles);
  return bench.status;
}
