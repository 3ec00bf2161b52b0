/* kiosk-bench-first-frame.c: the benchmark of the kiosk window's first frame against a bare GTK4
 * window's, in the same run on the same display
 *
 * Run it through tests/bench/run-bench BUILD_DIR, which gives it a private Xvfb. A window's first
 * frame is paid once per process, so each measurement is a fresh process: this program starts
 * itself again as a child (`--child kiosk` or `--child bare`), the two kinds taking turns,
 * ITERATIONS times each after one unmeasured pair (it fills the disk cache), and takes the
 * median of each kind.
 *
 * First frame, the same for both: the frame clock's "after-paint" of the first frame that drew
 * the window's content after gtk_window_present. For the kiosk that is its window's
 * "screen-presented" of the welcome screen (emitted from that after-paint once a snapshot of the
 * window ran); for the bare window, the first after-paint after its only child (a
 * GtkDrawingArea filling it) was drawn. It is timed from the spawn of the process (the target:
 * both pay the same exec and linking, being the same program), and from main()'s first line,
 * split into init (to gtk_init's end), build (the window) and present (gtk_window_present to the
 * frame). Both windows are 1080×1920 with no GtkApplication; the kiosk child does what the kiosk
 * does before its window shows (its locale, the flow, the window with every screen, the
 * stylesheet) but starts no card reader.
 *
 * Prints a table, then key=value lines; --check fails when the kiosk's median from the spawn is
 * above 1.3 × the bare window's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiosk-bench-util.h"
#include "kiosk-clock.h"
#include "kiosk-config.h"
#include "kiosk-flow.h"
#include "kiosk-locale.h"
#include "kiosk-window.h"

/* The target: the kiosk's first frame at most this many times the bare window's. */
#define TARGET_RATIO 1.3
#define CHILD_TIMEOUT_MS 60000

/* --- the child: one window, one first frame --- */

static struct
{
  gint64 started;     /* main()'s first line */
  gint64 initialized; /* gtk_init done */
  gint64 built;       /* the window made */
  gint64 presented;   /* gtk_window_present */
  gint64 first_frame;
  gboolean drawn; /* the bare window's content was drawn in the current frame */
  gboolean timed_out;
} child;

static void
on_kiosk_presented (KioskWindow *window, int state, gpointer user_data)
{
  if (child.first_frame == 0)
    child.first_frame = g_get_monotonic_time ();
}

static void
draw_bare (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  child.drawn = TRUE;
}

static void
on_bare_after_paint (GdkFrameClock *clock, gpointer user_data)
{
  if (child.drawn && child.first_frame == 0)
    child.first_frame = g_get_monotonic_time ();
}

static void
on_bare_realize (GtkWidget *window, gpointer user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_bare_after_paint), NULL);
}

static gboolean
on_child_timeout (gpointer user_data)
{
  child.timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static GtkWidget *
new_kiosk_window (KioskFlow **flow_out)
{
  g_autoptr (KioskConfig) config = kiosk_config_new ();
  g_autoptr (KioskClock) clock = kiosk_clock_new ();
  KioskFlow *flow = kiosk_flow_new (clock, config);
  KioskWindow *window = kiosk_window_new (NULL, flow);

  g_signal_connect (window, "screen-presented", G_CALLBACK (on_kiosk_presented), NULL);
  *flow_out = flow;
  return GTK_WIDGET (window);
}

static GtkWidget *
new_bare_window (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_widget_set_hexpand (area, TRUE);
  gtk_widget_set_vexpand (area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_bare, NULL, NULL);
  gtk_window_set_child (GTK_WINDOW (window), area);
  g_signal_connect_after (window, "realize", G_CALLBACK (on_bare_realize), NULL);
  return window;
}

static int
run_child (const char *kind)
{
  gboolean kiosk = g_str_equal (kind, "kiosk");
  g_autoptr (KioskFlow) flow = NULL;
  GtkWidget *window;
  guint timeout;

  if (!kiosk && !g_str_equal (kind, "bare"))
    {
      g_printerr ("kiosk-bench-first-frame: --child takes kiosk or bare\n");
      return 2;
    }
  /* The kiosk starts in Japanese: its glyphs are part of its first frame. */
  if (kiosk)
    kiosk_locale_init ();
  if (!gtk_init_check ())
    {
      g_printerr ("kiosk-bench-first-frame: no display (run it through tests/bench/run-bench)\n");
      return 77;
    }
  child.initialized = g_get_monotonic_time ();
  window = kiosk ? new_kiosk_window (&flow) : new_bare_window ();
  gtk_window_set_default_size (GTK_WINDOW (window), KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
  child.built = g_get_monotonic_time ();
  timeout = g_timeout_add (CHILD_TIMEOUT_MS, on_child_timeout, NULL);
  child.presented = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (window));
  while (child.first_frame == 0 && !child.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (child.timed_out)
    {
      g_printerr ("kiosk-bench-first-frame: the %s window drew no frame in %d s\n", kind,
                  CHILD_TIMEOUT_MS / 1000);
      return 1;
    }
  g_source_remove (timeout);
  printf ("first_frame_at_us=%" G_GINT64_FORMAT "\n", child.first_frame);
  printf ("first_frame_us=%" G_GINT64_FORMAT "\n", child.first_frame - child.started);
  printf ("init_us=%" G_GINT64_FORMAT "\n", child.initialized - child.started);
  printf ("build_us=%" G_GINT64_FORMAT "\n", child.built - child.initialized);
  printf ("present_to_frame_us=%" G_GINT64_FORMAT "\n", child.first_frame - child.presented);
  fflush (stdout);
  if (kiosk)
    kiosk_window_allow_close (KIOSK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* --- the parent: the children in turn --- */

typedef struct
{
  const char *kind;
  GArray *spawn_to_frame_ms;
  GArray *first_frame_ms;
  GArray *init_ms;  /* main() to gtk_init done (the kiosk: its locale first) */
  GArray *build_ms; /* the window made (the kiosk: the flow, the window, every screen) */
  GArray *present_to_frame_ms;
} Kind;

static gint64
read_value (const char *output, const char *key, GError **error)
{
  g_autofree char *prefix = g_strconcat (key, "=", NULL);
  g_auto (GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_ascii_strtoll (lines[i] + strlen (prefix), NULL, 10);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the child printed no %s", key);
  return -1;
}

static gboolean
run_one (const char *self, Kind *kind, gboolean measured, GError **error)
{
  const char *argv[] = { self, "--child", kind->kind, NULL };
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  int wait_status = 0;
  gint64 spawned, first_frame_at, first_frame, init, build, present_to_frame;
  double ms;

  spawned = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, &errors,
                     &wait_status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (wait_status, error))
    {
      g_prefix_error (error, "the %s child failed (%s): ", kind->kind, g_strstrip (errors));
      return FALSE;
    }
  first_frame_at = read_value (output, "first_frame_at_us", error);
  if (first_frame_at < 0)
    return FALSE;
  first_frame = read_value (output, "first_frame_us", error);
  if (first_frame < 0)
    return FALSE;
  init = read_value (output, "init_us", error);
  if (init < 0)
    return FALSE;
  build = read_value (output, "build_us", error);
  if (build < 0)
    return FALSE;
  present_to_frame = read_value (output, "present_to_frame_us", error);
  if (present_to_frame < 0)
    return FALSE;
  if (!measured)
    return TRUE;
  /* CLOCK_MONOTONIC is the machine's: the child's instant and the parent's compare. */
  ms = (first_frame_at - spawned) / 1000.0;
  g_array_append_val (kind->spawn_to_frame_ms, ms);
  ms = first_frame / 1000.0;
  g_array_append_val (kind->first_frame_ms, ms);
  ms = init / 1000.0;
  g_array_append_val (kind->init_ms, ms);
  ms = build / 1000.0;
  g_array_append_val (kind->build_ms, ms);
  ms = present_to_frame / 1000.0;
  g_array_append_val (kind->present_to_frame_ms, ms);
  return TRUE;
}

static void
print_results (Kind *kinds, guint n_kinds, guint iterations, gboolean check, int *status)
{
  const char *verdict[] = { "FAIL", "pass" };
  double ratio = kiosk_bench_median (kinds[0].spawn_to_frame_ms)
                 / kiosk_bench_median (kinds[1].spawn_to_frame_ms);
  double main_ratio
      = kiosk_bench_median (kinds[0].first_frame_ms) / kiosk_bench_median (kinds[1].first_frame_ms);
  gboolean ratio_ok = ratio <= TARGET_RATIO;

  printf (
      "\nMadoguchi benchmark: time to the first frame, the kiosk window against a bare GTK4\n"
      "window (1080x1920, Xvfb, cairo), each in a fresh process, %u runs each taking turns\n"
      "after one unmeasured pair. First frame: the frame clock's after-paint of the first\n"
      "frame that drew the window, from the spawn of the process (the target) and from main();\n"
      "main() split into init (to gtk_init's end), build (the window) and present (from\n"
      "gtk_window_present to the frame). Times in ms.\n\n",
      iterations);
  printf ("%-8s %8s %8s %8s %8s %8s %8s %8s\n", "", "spawn", "", "", "main()", "init", "build",
          "present");
  printf ("%-8s %8s %8s %8s %8s %8s %8s %8s\n", "window", "median", "min", "max", "median",
          "median", "median", "median");
  for (guint i = 0; i < n_kinds; i++)
    {
      char a[32], b[32], c[32], d[32], e[32], f[32], g[32];

      printf ("%-8s %8s %8s %8s %8s %8s %8s %8s\n", kinds[i].kind,
              kiosk_bench_cell (a, sizeof a, kiosk_bench_median (kinds[i].spawn_to_frame_ms), 1),
              kiosk_bench_cell (b, sizeof b, kiosk_bench_minimum (kinds[i].spawn_to_frame_ms), 1),
              kiosk_bench_cell (c, sizeof c, kiosk_bench_maximum (kinds[i].spawn_to_frame_ms), 1),
              kiosk_bench_cell (d, sizeof d, kiosk_bench_median (kinds[i].first_frame_ms), 1),
              kiosk_bench_cell (f, sizeof f, kiosk_bench_median (kinds[i].init_ms), 1),
              kiosk_bench_cell (g, sizeof g, kiosk_bench_median (kinds[i].build_ms), 1),
              kiosk_bench_cell (e, sizeof e, kiosk_bench_median (kinds[i].present_to_frame_ms), 1));
    }
  printf ("kiosk / bare: %.2f from the spawn (target at most %.1f), %.2f from main()\n\n", ratio,
          TARGET_RATIO, main_ratio);

  printf ("first_frame.iterations=%u\n", iterations);
  for (guint i = 0; i < n_kinds; i++)
    {
      const char *k = kinds[i].kind;

      printf ("first_frame.%s.ms_median=%.1f\n", k,
              kiosk_bench_median (kinds[i].spawn_to_frame_ms));
      printf ("first_frame.%s.ms_min=%.1f\n", k, kiosk_bench_minimum (kinds[i].spawn_to_frame_ms));
      printf ("first_frame.%s.ms_max=%.1f\n", k, kiosk_bench_maximum (kinds[i].spawn_to_frame_ms));
      printf ("first_frame.%s.from_main_ms_median=%.1f\n", k,
              kiosk_bench_median (kinds[i].first_frame_ms));
      printf ("first_frame.%s.init_ms_median=%.1f\n", k, kiosk_bench_median (kinds[i].init_ms));
      printf ("first_frame.%s.build_ms_median=%.1f\n", k, kiosk_bench_median (kinds[i].build_ms));
      printf ("first_frame.%s.from_present_ms_median=%.1f\n", k,
              kiosk_bench_median (kinds[i].present_to_frame_ms));
    }
  printf ("first_frame.ratio_kiosk_to_bare=%.2f\n", ratio);
  printf ("first_frame.ratio_kiosk_to_bare_from_main=%.2f\n", main_ratio);
  printf ("target.first_frame_kiosk_at_most_%.1fx_bare=%s\n", TARGET_RATIO, verdict[ratio_ok]);
  fflush (stdout);
  if (check && !ratio_ok)
    *status = EXIT_FAILURE;
}

static int
run_parent (const char *self, guint iterations, gboolean check)
{
  g_autoptr (GError) error = NULL;
  Kind kinds[]
      = { { "kiosk", NULL, NULL, NULL, NULL, NULL }, { "bare", NULL, NULL, NULL, NULL, NULL } };
  int status = EXIT_SUCCESS;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      kinds[k].spawn_to_frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
      kinds[k].first_frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
      kinds[k].init_ms = g_array_new (FALSE, FALSE, sizeof (double));
      kinds[k].build_ms = g_array_new (FALSE, FALSE, sizeof (double));
      kinds[k].present_to_frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
    }
  /* Taking turns, so both kinds see the same moments of the machine's load. */
  for (guint i = 0; i <= iterations && error == NULL; i++)
    {
      for (guint k = 0; k < G_N_ELEMENTS (kinds) && error == NULL; k++)
        run_one (self, &kinds[k], i > 0, &error);
      if (isatty (STDERR_FILENO))
        g_printerr ("\rfirst frame: %u/%u", i, iterations);
    }
  if (isatty (STDERR_FILENO))
    g_printerr ("\n");
  if (error != NULL)
    {
      g_printerr ("kiosk-bench-first-frame: %s\n", error->message);
      status = g_error_matches (error, G_SPAWN_EXIT_ERROR, 77) ? 77 : EXIT_FAILURE;
    }
  else
    print_results (kinds, G_N_ELEMENTS (kinds), iterations, check, &status);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_array_unref (kinds[k].spawn_to_frame_ms);
      g_array_unref (kinds[k].first_frame_ms);
      g_array_unref (kinds[k].init_ms);
      g_array_unref (kinds[k].build_ms);
      g_array_unref (kinds[k].present_to_frame_ms);
    }
  return status;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) options = NULL;
  g_autofree char *child_kind = NULL;
  g_autofree char *self = NULL;
  int iterations = 15;
  gboolean check = FALSE;
  GOptionEntry entries[] = {
    { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations,
      "First frames measured per window (default 15)", "N" },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, "Exit 1 when a target is missed", NULL },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child_kind,
      "Measure one first frame: kiosk or bare", "KIND" },
    { NULL },
  };

  child.started = g_get_monotonic_time ();
  options = g_option_context_new ("— the Madoguchi first-frame benchmark");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("kiosk-bench-first-frame: %s\n", error->message);
      return 2;
    }
  if (child_kind != NULL)
    return run_child (child_kind);
  if (iterations < 1)
    {
      g_printerr ("kiosk-bench-first-frame: --iterations must be at least 1\n");
      return 2;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("kiosk-bench-first-frame: no display (run it through tests/bench/run-bench)\n");
      return 77;
    }
  /* The same program as the parent, whatever the working folder. */
  self = g_file_read_link ("/proc/self/exe", NULL);
  return run_parent (self != NULL ? self : argv[0], (guint)iterations, check);
}
