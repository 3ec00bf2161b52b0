/* test-idle.c: the idle warning, the card left in the reader and the lockdown, in the real window
 *
 * Screenshots land in <build>/screenshots/<language>/: idle-warning, take-card.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiosk-card-left-chime.h"
#include "kiosk-idle-overlay.h"
#include "kiosk-idle-watch.h"
#include "kiosk-locale.h"
#include "kiosk-lockdown.h"
#include "kiosk-scaler.h"
#include "kiosk-screenshot.h"
#include "kiosk-test-window.h"
#include "kiosk-window.h"

/* A second lasts SECOND_MS here: the 20-second warning takes 2 s. */
#define SECOND_MS 100
#define QUIET_SECONDS 3

static gboolean have_display;

typedef struct
{
  const char *language;
  const char *title;     /* the warning's heading */
  const char *take_card; /* the take-card screen's heading */
} Expected;

static const Expected expected_ja = { "ja", "まだご利用中ですか？", "カードをお取りください" };
static const Expected expected_en = { "en", "Are you still there?", "Please take your card" };

static gboolean
require_display (void)
{
  if (have_display)
    return TRUE;
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_test_fail_printf ("no display: the ui suite needs an X server (run it through "
                        "tests/tools/with-xvfb)");
  else
    g_test_skip ("no display: run the ui suite through tests/tools/with-xvfb");
  return FALSE;
}

typedef struct
{
  const Expected *expected;
  KioskClock *clock;
  KioskConfig *config;
  KioskFlow *flow;
  KioskIdleWatch *watch;
  KioskWindow *window;
  KioskIdleOverlay *overlay;
  int presented;
} Harness;

static void
on_screen_presented (KioskWindow *window, int state, Harness *h)
{
  h->presented = state;
}

/* Whether each screen fits the panel is the screen tests' business; these look at the overlay. */
static void
wait_presented (Harness *h, KioskFlowState state)
{
  kiosk_test_wait_shown (h->window, h->flow, &h->presented, state);
}

static Harness *
harness_new (const char *language)
{
  Harness *h = g_new0 (Harness, 1);

  h->expected = g_str_equal (language, "ja") ? &expected_ja : &expected_en;
  kiosk_locale_set_language (language);
  h->clock = kiosk_clock_new ();
  h->config = kiosk_config_new ();
  h->flow = kiosk_flow_new (h->clock, h->config);
  h->watch = g_object_new (KIOSK_TYPE_IDLE_WATCH, "flow", h->flow, "quiet-seconds", QUIET_SECONDS,
                           "warning-seconds", KIOSK_IDLE_MIN_WARNING_SECONDS, "second-ms",
                           SECOND_MS, NULL);

  h->window = g_object_ref (kiosk_window_new (NULL, h->flow));
  /* What kiosk-main.c does for the resident's window. */
  h->overlay = kiosk_idle_overlay_attach (GTK_WINDOW (h->window), h->watch);
  kiosk_lockdown_window (GTK_WINDOW (h->window));

  gtk_window_set_default_size (GTK_WINDOW (h->window), KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
  g_signal_connect (h->window, "screen-presented", G_CALLBACK (on_screen_presented), h);
  h->presented = -1;
  gtk_window_present (GTK_WINDOW (h->window));
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);
  return h;
}

static void
harness_free (Harness *h)
{
  g_signal_handlers_disconnect_by_data (h->window, h);
  kiosk_window_allow_close (h->window);
  gtk_window_destroy (GTK_WINDOW (h->window));
  kiosk_test_run_for (50);
  g_clear_object (&h->window);
  g_clear_object (&h->watch);
  g_clear_object (&h->flow);
  g_clear_object (&h->config);
  g_clear_object (&h->clock);
  g_free (h);
}

static void
save_screen (Harness *h, const char *name)
{
  const char *dir = g_getenv ("KIOSK_SCREENSHOT_DIR");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (dir == NULL || *dir == '\0')
    dir = KIOSK_SCREENSHOT_DIR;
  path = g_build_filename (dir, h->expected->language, file, NULL);
  kiosk_widget_save_png (GTK_WIDGET (h->window), path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

typedef gboolean (*Condition) (Harness *h);

static void
run_until (Harness *h, Condition condition, guint ms, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (!condition (h) && g_get_monotonic_time () < deadline)
    kiosk_test_run_for (10);
  if (!condition (h))
    g_error ("waited %u ms for %s", ms, what);
}

static gboolean
overlay_shown (Harness *h)
{
  return gtk_widget_get_mapped (GTK_WIDGET (h->overlay));
}

static gboolean
overlay_hidden (Harness *h)
{
  return !gtk_widget_get_visible (GTK_WIDGET (h->overlay));
}

static guint
warning_ms (void)
{
  return (QUIET_SECONDS + KIOSK_IDLE_MIN_WARNING_SECONDS) * SECOND_MS * 3;
}

/* The resident's first step: who is using the card (a screen that waits for them). */
static void
go_to_operator (Harness *h)
{
  h->presented = -1;
  kiosk_flow_input (h->flow, KIOSK_FLOW_INPUT_START);
  wait_presented (h, KIOSK_FLOW_STATE_OPERATOR);
}

static guint
shown_seconds (Harness *h)
{
  return (guint)g_ascii_strtoull (kiosk_idle_overlay_get_countdown_text (h->overlay), NULL, 10);
}

static void
test_warning_counts_down (gconstpointer data)
{
  Harness *h;
  g_autofree char *shown = NULL;
  guint first;
  int width, height;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_operator (h);
  g_assert_false (overlay_shown (h));

  run_until (h, overlay_shown, warning_ms (), "the idle warning");
  kiosk_test_run_for (30);
  shown = kiosk_test_dup_visible_text (h->window);
  g_assert_nonnull (strstr (shown, h->expected->title));
  first = shown_seconds (h);
  g_assert_cmpuint (first, ==, kiosk_idle_watch_get_seconds_left (h->watch));
  g_assert_cmpuint (first, >, KIOSK_IDLE_MIN_WARNING_SECONDS - 6);
  {
    g_autofree char *digits = g_strdup_printf ("\n%u\n", first);
    g_autofree char *framed = g_strconcat ("\n", shown, "\n", NULL);

    g_assert_nonnull (strstr (framed, digits));
  }
  /* The whole warning fits on the panel, whatever the language. */
  gtk_widget_measure (GTK_WIDGET (h->overlay), GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL,
                      NULL);
  gtk_widget_measure (GTK_WIDGET (h->overlay), GTK_ORIENTATION_VERTICAL, KIOSK_PANEL_WIDTH, &height,
                      NULL, NULL, NULL);
  g_assert_cmpint (width, <=, KIOSK_PANEL_WIDTH);
  g_assert_cmpint (height, <=, KIOSK_PANEL_HEIGHT);
  save_screen (h, "idle-warning");

  /* Three seconds on, the digits say three less. */
  kiosk_test_run_for (SECOND_MS * 3 + SECOND_MS / 2);
  g_assert_cmpuint (shown_seconds (h), <=, first - 3);
  g_assert_cmpuint (shown_seconds (h), >=, 1);
  g_assert_cmpuint (shown_seconds (h), ==, kiosk_idle_watch_get_seconds_left (h->watch));
  g_assert_cmpint (kiosk_window_get_visible_state (h->window), ==, KIOSK_FLOW_STATE_OPERATOR);
  harness_free (h);
}

static void
test_warning_follows_language_switch (void)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new ("ja");
  go_to_operator (h);
  run_until (h, overlay_shown, warning_ms (), "the idle warning");
  kiosk_test_run_for (30);
  kiosk_test_assert_shows (h->window, expected_ja.title);
  kiosk_idle_watch_continue (h->watch);

  /* What the language bar does: the catalogs switch under the overlay, which is not rebuilt. */
  kiosk_locale_set_language ("en");
  run_until (h, overlay_shown, warning_ms (), "the idle warning");
  kiosk_test_run_for (30);
  kiosk_test_assert_shows (h->window, expected_en.title);
  kiosk_test_assert_does_not_show (h->window, expected_ja.title);
  harness_free (h);
}

static void
test_continue_hides_warning (gconstpointer data)
{
  Harness *h;
  GtkWidget *button;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_operator (h);
  run_until (h, overlay_shown, warning_ms (), "the idle warning");
  /* A frame to lay it out. */
  kiosk_test_run_for (60);

  /* The screen under the shade takes no touch; Continue does (≥ 96 px, on top). */
  {
    GtkWidget *screen = kiosk_window_get_screen (h->window, KIOSK_FLOW_STATE_OPERATOR);
    graphene_rect_t bounds;
    graphene_point_t centre;
    GtkWidget *picked;

    g_assert_true (gtk_widget_compute_bounds (screen, GTK_WIDGET (h->window), &bounds));
    graphene_rect_get_center (&bounds, &centre);
    picked = gtk_widget_pick (GTK_WIDGET (h->window), centre.x, centre.y, GTK_PICK_DEFAULT);
    g_assert_nonnull (picked);
    g_test_message ("picked under the shade: %s %s", G_OBJECT_TYPE_NAME (picked),
                    gtk_widget_get_name (picked));
    g_assert_true (picked == GTK_WIDGET (h->overlay)
                   || gtk_widget_is_ancestor (picked, GTK_WIDGET (h->overlay)));
  }
  button = kiosk_test_find_mapped (GTK_WIDGET (h->window), "idle-continue", NULL);
  kiosk_test_press (h->window, button, "Continue");
  g_assert_true (overlay_hidden (h));
  g_assert_cmpint (kiosk_idle_watch_get_phase (h->watch), ==, KIOSK_IDLE_PHASE_QUIET);
  kiosk_test_run_for (SECOND_MS);
  g_assert_cmpint (kiosk_window_get_visible_state (h->window), ==, KIOSK_FLOW_STATE_OPERATOR);
  kiosk_test_assert_does_not_show (h->window, h->expected->title);
  harness_free (h);
}

static void
test_timeout_goes_home (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_operator (h);
  run_until (h, overlay_shown, warning_ms (), "the idle warning");
  h->presented = -1;
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);
  g_assert_true (overlay_hidden (h));
  kiosk_test_assert_does_not_show (h->window, h->expected->title);
  /* Home: nothing is timed there. */
  kiosk_test_run_for (warning_ms ());
  g_assert_true (overlay_hidden (h));
  g_assert_cmpint (kiosk_window_get_visible_state (h->window), ==, KIOSK_FLOW_STATE_WELCOME);
  harness_free (h);
}

static gboolean
has_rung_three_times (gpointer data)
{
  return kiosk_card_left_chime_get_rings (data) >= 3;
}

static void
test_card_left_message_and_chime (gconstpointer data)
{
  Harness *h;
  g_autoptr (KioskCardLeftChime) chime = NULL;
  gint64 deadline;
  guint rings;

  if (!require_display ())
    return;
  h = harness_new (data);
  chime = kiosk_card_left_chime_new (h->flow, 150);
  go_to_operator (h);
  kiosk_flow_input (h->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  kiosk_flow_input (h->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  g_assert_cmpuint (kiosk_card_left_chime_get_rings (chime), ==, 0);

  /* The session ends with the card still in the reader. */
  h->presented = -1;
  kiosk_flow_input (h->flow, KIOSK_FLOW_INPUT_RESET);
  wait_presented (h, KIOSK_FLOW_STATE_TAKE_CARD);
  kiosk_test_assert_shows (h->window, h->expected->take_card);
  save_screen (h, "take-card");
  g_assert_cmpuint (kiosk_card_left_chime_get_rings (chime), >=, 1);

  deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
  while (!has_rung_three_times (chime) && g_get_monotonic_time () < deadline)
    kiosk_test_run_for (20);
  g_assert_cmpuint (kiosk_card_left_chime_get_rings (chime), >=, 3);
  /* No idle warning over the card message: the chime does the asking. */
  g_assert_true (overlay_hidden (h));

  /* Taken: home, and the chime stops. */
  h->presented = -1;
  kiosk_flow_input (h->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);
  rings = kiosk_card_left_chime_get_rings (chime);
  kiosk_test_run_for (500);
  g_assert_cmpuint (kiosk_card_left_chime_get_rings (chime), ==, rings);
  harness_free (h);
}

/* ---- the chime without an audio device ---- */

static guint warnings_logged;

static GLogWriterOutput
count_warnings (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  if (level
      & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE))
    warnings_logged++;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
take_card_with_card_in (KioskFlow *flow)
{
  kiosk_flow_input (flow, KIOSK_FLOW_INPUT_START);
  kiosk_flow_input (flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  kiosk_flow_input (flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  kiosk_flow_input (flow, KIOSK_FLOW_INPUT_RESET);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, KIOSK_FLOW_STATE_TAKE_CARD);
}

static void
test_chime_without_audio_device (void)
{
  g_autoptr (KioskClock) clock = kiosk_clock_new ();
  g_autoptr (KioskConfig) config = kiosk_config_new ();
  g_autoptr (KioskFlow) flow = kiosk_flow_new (clock, config);
  g_autoptr (KioskCardLeftChime) chime = kiosk_card_left_chime_new (flow, 50);

  if (kiosk_card_left_chime_find_output ())
    {
      g_test_skip ("this machine has an audio output");
      return;
    }
  warnings_logged = 0;
  take_card_with_card_in (flow);
  kiosk_test_run_for (400);
  /* It keeps ringing on schedule, silently, and says nothing about it. */
  g_assert_cmpuint (kiosk_card_left_chime_get_rings (chime), >=, 4);
  g_assert_cmpuint (kiosk_card_left_chime_get_plays (chime), ==, 0);
  g_assert_null (kiosk_card_left_chime_get_stream (chime));
  g_assert_true (kiosk_card_left_chime_get_working (chime));
  g_assert_cmpuint (warnings_logged, ==, 0);
}

static gboolean
stream_settled (GtkMediaStream *stream)
{
  return gtk_media_stream_get_error (stream) != NULL || gtk_media_stream_get_ended (stream)
         || gtk_media_stream_is_prepared (stream);
}

static void
test_chime_through_media_stack (void)
{
  g_autoptr (KioskClock) clock = kiosk_clock_new ();
  g_autoptr (KioskConfig) config = kiosk_config_new ();
  g_autoptr (KioskFlow) flow = kiosk_flow_new (clock, config);
  g_autoptr (KioskCardLeftChime) chime = NULL;
  GtkMediaStream *stream;
  gint64 deadline;

  if (!require_display ())
    return;
  /* As if a speaker were there: the chime goes through GtkMediaFile and whatever media backend
   * and audio sink this machine has. Without a device the stream fails, and the chime must then
   * fall silent for good (one failure, not one per ring). */
  chime = g_object_new (KIOSK_TYPE_CARD_LEFT_CHIME, "flow", flow, "interval-ms", 100,
                        "assume-output", TRUE, NULL);
  take_card_with_card_in (flow);
  g_assert_cmpuint (kiosk_card_left_chime_get_plays (chime), <=, 1);
  stream = kiosk_card_left_chime_get_stream (chime);
  if (stream != NULL)
    {
      deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
      while (!stream_settled (stream) && g_get_monotonic_time () < deadline)
        kiosk_test_run_for (20);
      g_assert_true (stream_settled (stream));
      if (gtk_media_stream_get_error (stream) != NULL)
        g_test_message ("the chime could not play here: %s",
                        gtk_media_stream_get_error (stream)->message);
    }
  kiosk_test_run_for (500);
  g_test_message ("rings %u, plays %u, working %d", kiosk_card_left_chime_get_rings (chime),
                  kiosk_card_left_chime_get_plays (chime),
                  kiosk_card_left_chime_get_working (chime));
  g_assert_cmpuint (kiosk_card_left_chime_get_rings (chime), >=, 4);
  if (!kiosk_card_left_chime_get_working (chime))
    g_assert_cmpuint (kiosk_card_left_chime_get_plays (chime), <=, 1);
  else
    g_assert_cmpuint (kiosk_card_left_chime_get_plays (chime), ==,
                      kiosk_card_left_chime_get_rings (chime));

  /* The card taken: the chime stops. */
  kiosk_flow_input (flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  g_assert_null (kiosk_card_left_chime_get_stream (chime));
}

static guint16
le16 (const guint8 *at)
{
  return at[0] | (at[1] << 8);
}

static guint32
le32 (const guint8 *at)
{
  return le16 (at) | ((guint32)le16 (at + 2) << 16);
}

static void
test_chime_sound_is_gentle (void)
{
  g_autoptr (GBytes) wav = kiosk_card_left_chime_synthesise_wav ();
  gsize size;
  const guint8 *data = g_bytes_get_data (wav, &size);
  guint32 rate, n_samples;
  const guint8 *pcm;
  int peak = 0, edge = 0;
  double seconds;

  g_assert_cmpuint (size, >, 44);
  g_assert_cmpmem (data, 4, "RIFF", 4);
  g_assert_cmpuint (le32 (data + 4), ==, size - 8);
  g_assert_cmpmem (data + 8, 8, "WAVEfmt ", 8);
  g_assert_cmpuint (le16 (data + 20), ==, 1);  /* PCM */
  g_assert_cmpuint (le16 (data + 22), ==, 1);  /* mono */
  g_assert_cmpuint (le16 (data + 34), ==, 16); /* bits */
  rate = le32 (data + 24);
  g_assert_cmpuint (le32 (data + 28), ==, rate * 2);
  g_assert_cmpmem (data + 36, 4, "data", 4);
  g_assert_cmpuint (le32 (data + 40), ==, size - 44);

  n_samples = (size - 44) / 2;
  pcm = data + 44;
  seconds = (double)n_samples / rate;
  /* Short: a chime, not a siren. */
  g_assert_cmpfloat (seconds, >=, 0.5);
  g_assert_cmpfloat (seconds, <=, 2.0);
  for (guint32 i = 0; i < n_samples; i++)
    peak = MAX (peak, ABS ((gint16)le16 (pcm + 2 * i)));
  /* Audible, but well below full scale. */
  g_assert_cmpint (peak, >, 32767 / 10);
  g_assert_cmpint (peak, <, 32767 / 2);
  /* Starts and ends near silence: no click. */
  for (guint32 i = 0; i < rate / 1000; i++)
    {
      edge = MAX (edge, ABS ((gint16)le16 (pcm + 2 * i)));
      edge = MAX (edge, ABS ((gint16)le16 (pcm + 2 * (n_samples - 1 - i))));
    }
  g_assert_cmpint (edge, <, peak / 10);
}

/* ---- lockdown ---- */

static gboolean
has_inspector (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (g_str_has_prefix (G_OBJECT_TYPE_NAME (window), "GtkInspector"))
        return TRUE;
    }
  return FALSE;
}

static void
test_inspector_keybinding_refused (void)
{
  Harness *h;
  gboolean handled = FALSE;

  if (!require_display ())
    return;
  h = harness_new ("ja");
  g_assert_false (has_inspector ());
  /* What Ctrl+Shift+I and Ctrl+Shift+D emit. */
  g_signal_emit_by_name (h->window, "enable-debugging", TRUE, &handled);
  g_signal_emit_by_name (h->window, "enable-debugging", FALSE, &handled);
  kiosk_test_run_for (100);
  g_assert_false (has_inspector ());
  harness_free (h);
}

static void
test_gtk_debug_interactive_ignored (void)
{
  if (g_test_subprocess ())
    {
      kiosk_lockdown_prepare ();
      if (!gtk_init_check ())
        return;
      g_assert_false (gtk_get_debug_flags () & GTK_DEBUG_INTERACTIVE);
      g_assert_false (has_inspector ());
      return;
    }
  if (!require_display ())
    return;
  g_setenv ("GTK_DEBUG", "interactive", TRUE);
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("GTK_DEBUG");
  g_test_trap_assert_passed ();
}

static void
test_window_cannot_be_closed_or_decorated (void)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new ("ja");
  gtk_window_close (GTK_WINDOW (h->window));
  kiosk_test_run_for (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (h->window)));
  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (h->window)));
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (h->window)));
  harness_free (h);
}

static void
count_text_widgets (GtkWidget *root, guint *selectable, guint *editable)
{
  if (GTK_IS_LABEL (root) && gtk_label_get_selectable (GTK_LABEL (root)))
    (*selectable)++;
  /* A text field brings its own context menu and selection. */
  if (GTK_IS_EDITABLE (root) || GTK_IS_TEXT_VIEW (root))
    (*editable)++;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_text_widgets (child, selectable, editable);
}

static void
test_no_selectable_text_anywhere (void)
{
  Harness *h;
  GtkWidget *stray;
  guint selectable = 0, editable = 0;

  if (!require_display ())
    return;
  h = harness_new ("ja");
  /* Every screen of the window, shown or not. */
  for (guint state = 0; state < KIOSK_FLOW_N_STATES; state++)
    count_text_widgets (kiosk_window_get_screen (h->window, state), &selectable, &editable);
  count_text_widgets (GTK_WIDGET (h->overlay), &selectable, &editable);
  g_assert_cmpuint (selectable, ==, 0);
  g_assert_cmpuint (editable, ==, 0);

  /* A selectable label that turns up later is made plain when the next screen is presented. */
  stray = gtk_label_new ("stray");
  gtk_label_set_selectable (GTK_LABEL (stray), TRUE);
  gtk_box_append (GTK_BOX (gtk_widget_get_first_child (
                      kiosk_window_get_screen (h->window, KIOSK_FLOW_STATE_OPERATOR))),
                  stray);
  go_to_operator (h);
  g_assert_false (gtk_label_get_selectable (GTK_LABEL (stray)));
  harness_free (h);
}

static void
test_sweep_counts_what_it_changed (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *plain = gtk_label_new ("plain");
  GtkWidget *selectable = gtk_label_new ("selectable");

  gtk_label_set_selectable (GTK_LABEL (selectable), TRUE);
  gtk_box_append (GTK_BOX (box), plain);
  gtk_box_append (GTK_BOX (box), selectable);
  g_assert_cmpuint (kiosk_lockdown_sweep (box), ==, 1);
  g_assert_false (gtk_label_get_selectable (GTK_LABEL (selectable)));
  g_assert_cmpuint (kiosk_lockdown_sweep (box), ==, 0);
  g_object_unref (box);
}

int
main (int argc, char **argv)
{
  static const char *const languages[] = { "ja", "en" };

  g_log_set_writer_func (count_warnings, NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  kiosk_locale_init ();
  /* The subprocess starts GTK itself, after the lockdown has cleaned its environment. */
  if (!g_test_subprocess ())
    have_display = gtk_init_check ();

  for (gsize l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autofree char *counts = g_strdup_printf ("/ui/idle/%s/warning-counts-down", languages[l]);
      g_autofree char *card_left
          = g_strdup_printf ("/ui/idle/%s/card-left-message-and-chime", languages[l]);

      g_test_add_data_func (counts, languages[l], test_warning_counts_down);
      g_test_add_data_func (card_left, languages[l], test_card_left_message_and_chime);
    }
  g_test_add_data_func ("/ui/idle/ja/continue-hides-warning", "ja", test_continue_hides_warning);
  g_test_add_data_func ("/ui/idle/ja/timeout-goes-home", "ja", test_timeout_goes_home);
  g_test_add_func ("/ui/idle/warning-follows-language-switch",
                   test_warning_follows_language_switch);
  g_test_add_func ("/ui/idle/chime/without-audio-device", test_chime_without_audio_device);
  g_test_add_func ("/ui/idle/chime/through-media-stack", test_chime_through_media_stack);
  g_test_add_func ("/ui/idle/chime/sound-is-gentle", test_chime_sound_is_gentle);
  g_test_add_func ("/ui/lockdown/inspector-keybinding-refused", test_inspector_keybinding_refused);
  g_test_add_func ("/ui/lockdown/gtk-debug-interactive-ignored",
                   test_gtk_debug_interactive_ignored);
  g_test_add_func ("/ui/lockdown/window-cannot-be-closed-or-decorated",
                   test_window_cannot_be_closed_or_decorated);
  g_test_add_func ("/ui/lockdown/no-selectable-text-anywhere", test_no_selectable_text_anywhere);
  g_test_add_func ("/ui/lockdown/sweep-counts-what-it-changed", test_sweep_counts_what_it_changed);
  return g_test_run ();
}
