/* test-chrome.c: the window's own bar (languages, large text, high contrast) on every screen,
 * switching language mid-procedure, and the stylesheet's contrast in both palettes
 *
 * The window runs on a controller on the in-process virtual card (behind the test gate, to hold a
 * card's answer while a screen is looked at) and the in-process issuance simulator, with a
 * receipt desk in a temporary folder. A tour drives the flow through all 19 states (the shipped
 * "valid" and "renewal-window-open" profiles: PIN 1234, password ABC123) and checks the bar on
 * each; in large text and in high contrast it also checks that every screen still fits the panel
 * and that the mode's toggle works there. The contrast cases read ui/style.css from the window's
 * own GResource bundle. Screenshots land in
 * <build>/screenshots/<language>/chrome-<mode>-<state>.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "kiosk-card-profile.h"
#include "kiosk-clock.h"
#include "kiosk-config.h"
#include "kiosk-controller.h"
#include "kiosk-demo-cards.h"
#include "kiosk-issuance-simulator.h"
#include "kiosk-locale.h"
#include "kiosk-pin-pad.h"
#include "kiosk-receipt-desk.h"
#include "kiosk-scaler.h"
#include "kiosk-screenshot.h"
#include "kiosk-secret-entry.h"
#include "kiosk-session-journal.h"
#include "kiosk-test-ca.h"
#include "kiosk-test-files.h"
#include "kiosk-test-gate-transport.h"
#include "kiosk-test-window.h"
#include "kiosk-top-bar.h"
#include "kiosk-virtual-card.h"
#include "kiosk-virtual-transport.h"
#include "kiosk-window.h"

#define PIN "1234"
#define NEW_PIN "5678"
#define PASSWORD "ABC123"

/* The bar's languages, as residents find them: each in its own language and script. */
static const struct
{
  const char *tag;
  const char *name;
} bar_languages[] = {
  { "ja", "日本語" },
  { "ja@easy", "やさしいにほんご" },
  { "en", "English" },
  { "zh_CN", "简体中文" },
  { "ko", "한국어" },
  { "vi", "Tiếng Việt" },
  { "pt_BR", "Português (Brasil)" },
  { "es", "Español" },
};

/* What a resident reads, per language (compared with the screen, not the catalog). */
typedef struct
{
  const char *language;
  const char *banner;
  const char *large_text;
  const char *high_contrast;
  const char *enter_new_pin;
  const char *confirm_new_pin;
  const char *pin_changed;
} Expected;

static const Expected expected_ja = {
  "ja",
  "マイナンバーカード 電子証明書の手続き",
  "文字を大きく",
  "白黒はっきり",
  "新しい4桁の暗証番号を入力してください",
  "確認のため、新しい4桁の暗証番号をもう一度入力してください",
  "4桁の暗証番号を変更しました",
};

static const Expected expected_en = {
  "en",
  "My Number Card · Electronic Certificates",
  "Large text",
  "High contrast",
  "Enter your new 4-digit PIN",
  "Enter the new 4-digit PIN again",
  "Your 4-digit PIN has been changed",
};

static gboolean have_display;

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

typedef enum
{
  MODE_NORMAL,
  MODE_LARGE_TEXT,
  MODE_HIGH_CONTRAST,
  MODE_BOTH,
} Mode;

static const char *const mode_names[] = { "normal", "large-text", "high-contrast", "both" };

typedef struct
{
  const Expected *expected;
  Mode mode;
  char *state_dir;
  KioskReceiptKey *key;
  KioskTestCa *ca;
  KioskClock *clock;
  KioskConfig *config;
  KioskVirtualTransport *reader;
  KioskTestGateTransport *gate;
  KioskVirtualCard *card;
  KioskController *controller;
  KioskFlow *flow;
  KioskReceiptDesk *desk;
  KioskIssuanceSimulator *simulator;
  KioskSessionJournal *journal;
  KioskWindow *window;
  int presented;
  guint visited; /* a bit per state whose screen the bar was checked on */
} Harness;

static void
on_screen_presented (KioskWindow *window, int state, Harness *h)
{
  h->presented = state;
}

static void
harness_arm (Harness *h)
{
  h->presented = -1;
}

static Harness *
harness_new (const char *language, Mode mode)
{
  Harness *h = g_new0 (Harness, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *key_dir = NULL;
  g_autofree char *journal_dir = NULL;
  const char *anchors[3];

  h->expected = g_str_equal (language, "ja") ? &expected_ja : &expected_en;
  h->mode = mode;
  kiosk_locale_set_language (language);

  h->state_dir = g_dir_make_tmp ("chrome-XXXXXX", &error);
  g_assert_no_error (error);
  key_dir = g_build_filename (h->state_dir, "keys", NULL);
  g_assert_cmpint (g_mkdir (key_dir, 0700), ==, 0);
  h->key = kiosk_receipt_key_generate (&error);
  g_assert_no_error (error);

  h->clock = kiosk_clock_new ();
  h->ca = kiosk_test_ca_load (kiosk_demo_cards_default_test_ca_dir (), &error);
  g_assert_no_error (error);
  h->config = kiosk_config_new ();
  anchors[0] = kiosk_test_ca_get_auth_ca_path (h->ca);
  anchors[1] = kiosk_test_ca_get_sign_ca_path (h->ca);
  anchors[2] = NULL;
  kiosk_config_set_trust_anchors (h->config, anchors);

  h->reader = kiosk_virtual_transport_new ();
  h->gate = kiosk_test_gate_transport_new (h->reader);
  h->controller
      = kiosk_controller_new (h->config, h->clock, KIOSK_CARD_TRANSPORT (h->gate), &error);
  g_assert_no_error (error);
  h->flow = kiosk_controller_get_flow (h->controller);
  kiosk_flow_set_hours_mode (h->flow, KIOSK_FLOW_HOURS_ALWAYS_OPEN);
  h->desk = kiosk_receipt_desk_new ("K001", "Test office", h->state_dir, h->key, NULL, 384);
  kiosk_controller_set_receipt_desk (h->controller, h->desk);
  journal_dir = g_build_filename (h->state_dir, "sessions", NULL);
  h->journal = kiosk_session_journal_new (journal_dir, &error);
  g_assert_no_error (error);
  h->simulator = kiosk_issuance_simulator_new (h->ca, kiosk_demo_cards_default_cards_dir (),
                                               h->clock, 60 * 1000, &error);
  g_assert_no_error (error);
  kiosk_controller_set_issuance (h->controller, KIOSK_ISSUANCE_SERVICE (h->simulator), h->journal);

  h->window = g_object_ref (kiosk_window_new (NULL, h->flow));
  gtk_window_set_default_size (GTK_WINDOW (h->window), KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
  g_signal_connect (h->window, "screen-presented", G_CALLBACK (on_screen_presented), h);
  harness_arm (h);
  gtk_window_present (GTK_WINDOW (h->window));
  kiosk_controller_start (h->controller);
  kiosk_test_wait_presented (h->window, h->flow, &h->presented, KIOSK_FLOW_STATE_WELCOME);
  return h;
}

static void
harness_free (Harness *h)
{
  kiosk_test_gate_transport_set_open (h->gate, TRUE);
  kiosk_controller_stop (h->controller);
  g_signal_handlers_disconnect_by_data (h->window, h);
  kiosk_window_allow_close (h->window);
  gtk_window_destroy (GTK_WINDOW (h->window));
  kiosk_test_run_for (50);
  g_clear_object (&h->window);
  g_clear_object (&h->controller);
  g_clear_object (&h->desk);
  g_clear_object (&h->gate);
  g_clear_object (&h->reader);
  g_clear_object (&h->card);
  g_clear_object (&h->simulator);
  g_clear_object (&h->journal);
  g_clear_object (&h->config);
  g_clear_object (&h->clock);
  g_clear_object (&h->ca);
  g_clear_object (&h->key);
  kiosk_test_files_remove_tree (h->state_dir);
  g_free (h->state_dir);
  g_free (h);
  kiosk_locale_set_language ("ja");
}

static void
insert_card (Harness *h, const char *profile_name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = kiosk_clock_now (h->clock);
  g_autoptr (KioskCardProfile) profile = kiosk_card_profile_load_named (
      kiosk_demo_cards_default_cards_dir (), profile_name, now, &error);

  g_assert_no_error (error);
  g_clear_object (&h->card);
  h->card = kiosk_virtual_card_new (profile, h->ca, now, &error);
  g_assert_no_error (error);
  kiosk_virtual_transport_insert (h->reader, h->card);
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
  path = g_build_filename (dir, kiosk_window_get_language (h->window), file, NULL);
  kiosk_widget_save_png (GTK_WIDGET (h->window), path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

/* ---- the bar ---- */

static const char *
button_text (GtkWidget *button)
{
  return gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))));
}

/* A finger-sized target on the real panel: the window is the panel's size, so the scaler's
 * factor is what one layout px becomes on the glass. */
static void
assert_target (Harness *h, GtkWidget *button, const char *what)
{
  GtkWidget *scaler = gtk_window_get_child (GTK_WINDOW (h->window));
  double scale = kiosk_scaler_get_scale (KIOSK_SCALER (scaler));

  g_assert_nonnull (button);
  if (gtk_widget_get_height (button) * scale < 96 || gtk_widget_get_width (button) * scale < 96)
    g_error ("the \"%s\" target is %.0f×%.0f panel px on the %s screen", what,
             gtk_widget_get_width (button) * scale, gtk_widget_get_height (button) * scale,
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (h->window)));
}

/* The bar is on the visible screen's window, above the screen, not inside it; every language is
 * there by its own name, the chosen one marked in words; both toggles too; all finger-sized. */
static void
assert_bar (Harness *h)
{
  GtkWidget *root = GTK_WIDGET (h->window);
  GtkWidget *bar = kiosk_window_get_top_bar (h->window);
  KioskFlowState state = kiosk_window_get_visible_state (h->window);
  GtkWidget *screen = kiosk_window_get_screen (h->window, state);
  const char *language = kiosk_window_get_language (h->window);

  g_assert_true (gtk_widget_get_mapped (bar));
  g_assert_true (gtk_widget_get_mapped (screen));
  g_assert_false (gtk_widget_is_ancestor (bar, screen));
  for (gsize i = 0; i < G_N_ELEMENTS (bar_languages); i++)
    {
      g_autofree char *name = g_strconcat ("language-", bar_languages[i].tag, NULL);
      GtkWidget *button = kiosk_test_find_mapped (root, name, NULL);
      gboolean chosen = g_str_equal (bar_languages[i].tag, language);
      g_autofree char *marked = g_strconcat ("✓ ", bar_languages[i].name, NULL);

      assert_target (h, button, name);
      g_assert_cmpstr (button_text (button), ==, chosen ? marked : bar_languages[i].name);
      g_assert_cmpint (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)), ==, chosen);
    }
  assert_target (h, kiosk_test_find_mapped (root, "large-text", NULL), "large-text");
  assert_target (h, kiosk_test_find_mapped (root, "high-contrast", NULL), "high-contrast");
  /* (a language without a catalog yet shows the source words: only ja and en are asserted) */
  if (g_str_equal (language, h->expected->language))
    kiosk_test_assert_shows (h->window, h->expected->banner);
  h->visited |= 1u << state;
}

static void
assert_css_class (Harness *h, const char *css_class, gboolean set)
{
  if (gtk_widget_has_css_class (GTK_WIDGET (h->window), css_class) != set)
    g_error ("on the %s screen the window %s \"%s\"",
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (h->window)),
             set ? "lacks" : "still has", css_class);
}

/* The mode's toggle works on this screen: off, then on again, by taps; the screen fits in it. */
static void
assert_mode_reachable (Harness *h, const char *toggle, const char *css_class, const char *word)
{
  g_autofree char *marked = g_strconcat ("✓ ", word, NULL);

  assert_css_class (h, css_class, TRUE);
  kiosk_test_assert_shows (h->window, marked);
  kiosk_test_tap (h->window, toggle);
  assert_css_class (h, css_class, FALSE);
  kiosk_test_assert_shows (h->window, word);
  kiosk_test_assert_does_not_show (h->window, marked);
  kiosk_test_tap (h->window, toggle);
  assert_css_class (h, css_class, TRUE);
  kiosk_test_run_for (30); /* laid out again in the mode */
  kiosk_test_assert_fits_panel (h->window);
}

/* Everything the tour checks on a screen. */
static void
check_screen (Harness *h)
{
  GtkWidget *scaler = gtk_window_get_child (GTK_WINDOW (h->window));
  GtkWidget *page = kiosk_scaler_get_child (KIOSK_SCALER (scaler));
  GtkStack *stack = GTK_STACK (gtk_widget_get_last_child (page));
  GtkWidget *screen = gtk_stack_get_visible_child (stack);
  int width, height;

  assert_bar (h);
  /* The visible screen, as it is now, fits the room under the bar (the stack is homogeneous, so
   * the page's measure alone could hide a screen that is cut off). */
  gtk_widget_measure (screen, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  gtk_widget_measure (screen, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (GTK_WIDGET (stack)),
                      &height, NULL, NULL, NULL);
  if (width > gtk_widget_get_width (GTK_WIDGET (stack))
      || height > gtk_widget_get_height (GTK_WIDGET (stack)))
    g_error ("in %s the %s screen needs %d×%d px; under the bar there are %d×%d",
             mode_names[h->mode],
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (h->window)), width, height,
             gtk_widget_get_width (GTK_WIDGET (stack)), gtk_widget_get_height (GTK_WIDGET (stack)));
  if (h->mode == MODE_LARGE_TEXT || h->mode == MODE_BOTH)
    assert_mode_reachable (h, "large-text", "large-text", h->expected->large_text);
  if (h->mode == MODE_HIGH_CONTRAST || h->mode == MODE_BOTH)
    assert_mode_reachable (h, "high-contrast", "high-contrast", h->expected->high_contrast);
}

static void
wait_presented (Harness *h, KioskFlowState state)
{
  kiosk_test_wait_shown (h->window, h->flow, &h->presented, state);
  kiosk_test_assert_fits_panel (h->window);
  check_screen (h);
}

static void
tap (Harness *h, const char *name)
{
  harness_arm (h);
  kiosk_test_tap (h->window, name);
}

static void
go_to_menu (Harness *h)
{
  tap (h, "start");
  wait_presented (h, KIOSK_FLOW_STATE_OPERATOR);
  tap (h, "holder");
  wait_presented (h, KIOSK_FLOW_STATE_MENU);
}

static void
take_card_home (Harness *h)
{
  harness_arm (h);
  kiosk_virtual_transport_remove (h->reader);
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);
}

static void
save_tour_screen (Harness *h)
{
  g_autofree char *name
      = g_strdup_printf ("chrome-%s-%s", mode_names[h->mode],
                         kiosk_flow_state_to_string (kiosk_window_get_visible_state (h->window)));

  save_screen (h, name);
}

/* Through every state of the flow, the bar checked on each screen (and the mode, when on). */
static void
tour (Harness *h)
{
  h->visited = 0;
  check_screen (h); /* welcome */
  save_tour_screen (h);

  /* Staff unplug the reader, then plug it back in. */
  harness_arm (h);
  kiosk_virtual_transport_set_reader_present (h->reader, FALSE);
  wait_presented (h, KIOSK_FLOW_STATE_NO_READER);
  harness_arm (h);
  kiosk_virtual_transport_set_reader_present (h->reader, TRUE);
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);

  /* A card that is not a My Number card. */
  kiosk_test_gate_transport_set_foreign (h->gate, TRUE);
  harness_arm (h);
  insert_card (h, "valid");
  wait_presented (h, KIOSK_FLOW_STATE_CARD_UNREADABLE);
  harness_arm (h);
  kiosk_virtual_transport_remove (h->reader);
  wait_presented (h, KIOSK_FLOW_STATE_PLACE_CARD);
  kiosk_test_gate_transport_set_foreign (h->gate, FALSE);
  tap (h, "back");
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);

  /* Checking the card: reading held at the gate, the status, taking the card. */
  go_to_menu (h);
  save_tour_screen (h);
  tap (h, "check");
  wait_presented (h, KIOSK_FLOW_STATE_PLACE_CARD);
  kiosk_test_gate_transport_set_open (h->gate, FALSE);
  harness_arm (h);
  insert_card (h, "valid");
  wait_presented (h, KIOSK_FLOW_STATE_READING);
  harness_arm (h);
  kiosk_test_gate_transport_set_open (h->gate, TRUE);
  wait_presented (h, KIOSK_FLOW_STATE_STATUS);
  save_tour_screen (h);
  tap (h, "done");
  wait_presented (h, KIOSK_FLOW_STATE_TAKE_CARD);
  take_card_home (h);

  /* A PIN change, each card step held at the gate. */
  go_to_menu (h);
  tap (h, "change-pin");
  wait_presented (h, KIOSK_FLOW_STATE_PLACE_CARD);
  harness_arm (h);
  insert_card (h, "valid");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  kiosk_test_gate_transport_set_open (h->gate, FALSE);
  harness_arm (h);
  kiosk_test_type_pin (h->window, PIN);
  wait_presented (h, KIOSK_FLOW_STATE_VERIFYING);
  harness_arm (h);
  kiosk_test_gate_transport_set_open (h->gate, TRUE);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  save_tour_screen (h);
  harness_arm (h);
  kiosk_test_type_pin (h->window, NEW_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  kiosk_test_gate_transport_set_open (h->gate, FALSE);
  harness_arm (h);
  kiosk_test_type_pin (h->window, NEW_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_WRITING);
  harness_arm (h);
  kiosk_test_gate_transport_set_open (h->gate, TRUE);
  wait_presented (h, KIOSK_FLOW_STATE_DONE);
  tap (h, "finish");
  wait_presented (h, KIOSK_FLOW_STATE_TAKE_CARD);
  take_card_home (h);

  /* The card taken out in the middle of a procedure. */
  go_to_menu (h);
  tap (h, "change-pin");
  wait_presented (h, KIOSK_FLOW_STATE_PLACE_CARD);
  harness_arm (h);
  insert_card (h, "valid");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  save_tour_screen (h);
  harness_arm (h);
  kiosk_virtual_transport_remove (h->reader);
  wait_presented (h, KIOSK_FLOW_STATE_CARD_REMOVED);
  tap (h, "home");
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);

  /* A proxy: the counter only. */
  tap (h, "start");
  wait_presented (h, KIOSK_FLOW_STATE_OPERATOR);
  tap (h, "proxy");
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  save_tour_screen (h);
  tap (h, "finish");
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);

  /* A renewal: the national system busy first, then slow enough to watch. */
  kiosk_issuance_simulator_set_mode (h->simulator, KIOSK_ISSUANCE_SIMULATOR_BUSY, 180);
  go_to_menu (h);
  tap (h, "renew");
  wait_presented (h, KIOSK_FLOW_STATE_PLACE_CARD);
  harness_arm (h);
  insert_card (h, "renewal-window-open");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  harness_arm (h);
  kiosk_test_type_pin (h->window, PIN);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  harness_arm (h);
  kiosk_test_type_password (h->window, PASSWORD);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  tap (h, "keep-current");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  tap (h, "keep-current");
  wait_presented (h, KIOSK_FLOW_STATE_SERVICE_BUSY);
  kiosk_issuance_simulator_set_mode (h->simulator, KIOSK_ISSUANCE_SIMULATOR_SLOW, 400);
  tap (h, "retry");
  wait_presented (h, KIOSK_FLOW_STATE_RENEWING);
  save_tour_screen (h);
  wait_presented (h, KIOSK_FLOW_STATE_DONE);
  tap (h, "finish");
  wait_presented (h, KIOSK_FLOW_STATE_TAKE_CARD);
  take_card_home (h);

  for (guint state = 0; state < KIOSK_FLOW_N_STATES; state++)
    if ((h->visited & (1u << state)) == 0)
      g_error ("the tour never showed the %s screen", kiosk_flow_state_to_string (state));
}

static void
test_tour (Harness *h)
{
  if (h->mode == MODE_LARGE_TEXT || h->mode == MODE_BOTH)
    {
      harness_arm (h);
      kiosk_test_tap (h->window, "large-text");
    }
  if (h->mode == MODE_HIGH_CONTRAST || h->mode == MODE_BOTH)
    kiosk_test_tap (h->window, "high-contrast");
  kiosk_test_run_for (30);
  tour (h);
  harness_free (h);
}

static void
test_bar_on_every_screen (gconstpointer data)
{
  if (!require_display ())
    return;
  test_tour (harness_new (data, MODE_NORMAL));
}

static void
test_large_text_on_every_screen (gconstpointer data)
{
  if (!require_display ())
    return;
  test_tour (harness_new (data, MODE_LARGE_TEXT));
}

static void
test_high_contrast_on_every_screen (gconstpointer data)
{
  if (!require_display ())
    return;
  test_tour (harness_new (data, MODE_HIGH_CONTRAST));
}

static void
test_both_modes_on_every_screen (gconstpointer data)
{
  if (!require_display ())
    return;
  test_tour (harness_new (data, MODE_BOTH));
}

/* ---- switching language ---- */

static const char *
first_language (void)
{
  static char first[32];
  g_auto (GStrv) list = g_strsplit (g_getenv ("LANGUAGE"), ":", 2);

  g_strlcpy (first, list[0], sizeof first);
  return first;
}

static guint
typed_digits (Harness *h)
{
  GtkWidget *pad = kiosk_test_find_mapped (GTK_WIDGET (h->window), "pin-pad", NULL);

  g_assert_nonnull (pad);
  return kiosk_secret_entry_get_length (kiosk_pin_pad_get_entry (KIOSK_PIN_PAD (pad)));
}

static void
switch_language (Harness *h, const char *tag)
{
  g_autofree char *name = g_strconcat ("language-", tag, NULL);

  tap (h, name);
  if (g_str_equal (tag, "ja") || g_str_equal (tag, "en"))
    wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  else
    {
      /* (whether another language's words fit is the catalogs' business: test-locale) */
      kiosk_test_wait_shown (h->window, h->flow, &h->presented, KIOSK_FLOW_STATE_ENTER_NEW);
      assert_bar (h);
    }
  g_assert_cmpstr (first_language (), ==, tag);
  g_assert_cmpstr (kiosk_window_get_language (h->window), ==, tag);
}

/* ja → en → zh_CN on the new-PIN screen of a PIN change: the same step, the words of the new
 * language, the half-typed PIN wiped; the change then finishes with the card's PIN changed and
 * the receipt in the language chosen last. */
static void
test_switch_mid_procedure (void)
{
  Harness *h;
  KioskSecret *current;
  KioskReceipt *receipt;

  if (!require_display ())
    return;
  h = harness_new ("ja", MODE_NORMAL);
  go_to_menu (h);
  tap (h, "change-pin");
  wait_presented (h, KIOSK_FLOW_STATE_PLACE_CARD);
  harness_arm (h);
  insert_card (h, "valid");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  harness_arm (h);
  kiosk_test_type_pin (h->window, PIN);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  kiosk_test_assert_shows (h->window, expected_ja.enter_new_pin);
  kiosk_test_assert_shows (h->window, expected_ja.banner);
  kiosk_test_assert_shows (h->window, expected_ja.large_text);
  current = kiosk_flow_get_current_secret (h->flow);
  g_assert_nonnull (current);

  /* Two digits typed, then the resident looks for their language. */
  kiosk_test_press (h->window, kiosk_test_find_mapped (GTK_WIDGET (h->window), NULL, "5"), "5");
  kiosk_test_press (h->window, kiosk_test_find_mapped (GTK_WIDGET (h->window), NULL, "6"), "6");
  g_assert_cmpuint (typed_digits (h), ==, 2);

  h->expected = &expected_en;
  switch_language (h, "en");
  g_assert_cmpint (kiosk_flow_get_state (h->flow), ==, KIOSK_FLOW_STATE_ENTER_NEW);
  g_assert_true (kiosk_flow_get_current_secret (h->flow) == current);
  kiosk_test_assert_shows (h->window, expected_en.enter_new_pin);
  kiosk_test_assert_shows (h->window, expected_en.banner);
  kiosk_test_assert_shows (h->window, expected_en.large_text);
  kiosk_test_assert_shows (h->window, expected_en.high_contrast);
  kiosk_test_assert_does_not_show (h->window, expected_ja.enter_new_pin);
  kiosk_test_assert_does_not_show (h->window, expected_ja.banner);
  /* The digits typed on the screen thrown away are gone, not carried over. */
  g_assert_cmpuint (typed_digits (h), ==, 0);
  save_screen (h, "chrome-switched-enter-new");

  /* Another language (its catalog may not be there yet: the switch itself must work). */
  switch_language (h, "zh_CN");
  g_assert_cmpint (kiosk_flow_get_state (h->flow), ==, KIOSK_FLOW_STATE_ENTER_NEW);
  g_assert_true (kiosk_flow_get_current_secret (h->flow) == current);
  kiosk_test_assert_does_not_show (h->window, expected_ja.enter_new_pin);
  switch_language (h, "en");
  kiosk_test_assert_shows (h->window, expected_en.enter_new_pin);

  /* The procedure goes on from where it was, in English. */
  harness_arm (h);
  kiosk_test_type_pin (h->window, NEW_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  kiosk_test_assert_shows (h->window, expected_en.confirm_new_pin);
  harness_arm (h);
  kiosk_test_type_pin (h->window, NEW_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_DONE);
  kiosk_test_assert_shows (h->window, expected_en.pin_changed);
  receipt = kiosk_receipt_desk_get_current (h->desk);
  g_assert_nonnull (receipt);
  g_assert_cmpstr (kiosk_receipt_get_language (receipt), ==, "en");
  harness_free (h);
}

/* Each language on the bar sets LANGUAGE to its tag and marks itself; the screen stays. */
static void
test_every_language_button (void)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new ("ja", MODE_NORMAL);
  for (gsize i = 0; i < G_N_ELEMENTS (bar_languages); i++)
    {
      const char *tag = bar_languages[i].tag;
      g_autofree char *name = g_strconcat ("language-", tag, NULL);

      if (g_str_equal (tag, "ja"))
        continue;
      tap (h, name);
      /* (whether another language's words fit is the catalogs' business: test-locale) */
      kiosk_test_wait_shown (h->window, h->flow, &h->presented, KIOSK_FLOW_STATE_WELCOME);
      g_assert_cmpstr (first_language (), ==, tag);
      h->expected = g_str_equal (tag, "en") ? &expected_en : &expected_ja;
      g_assert_cmpstr (kiosk_window_get_language (h->window), ==, tag);
      assert_bar (h);
    }
  /* Back to Japanese: its words again. */
  tap (h, "language-ja");
  kiosk_test_wait_presented (h->window, h->flow, &h->presented, KIOSK_FLOW_STATE_WELCOME);
  g_assert_cmpstr (first_language (), ==, "ja");
  h->expected = &expected_ja;
  assert_bar (h);
  /* The chosen language again: nothing happens (no rebuild, no screen presented). */
  tap (h, "language-ja");
  kiosk_test_run_for (100);
  g_assert_cmpint (h->presented, ==, -1);
  harness_free (h);
}

/* The bar offers the languages it is given, in that order. */
static void
test_offered_languages (void)
{
  static const char *const offered[] = { "en", "ja", "es", NULL };
  g_autoptr (KioskClock) clock = NULL;
  g_autoptr (KioskConfig) config = NULL;
  g_autoptr (KioskFlow) flow = NULL;
  KioskWindow *window;
  GtkWidget *row, *child;
  gsize n = 0;

  if (!require_display ())
    return;
  clock = kiosk_clock_new ();
  config = kiosk_config_new ();
  flow = kiosk_flow_new (clock, config);
  kiosk_locale_set_language ("es");
  window = g_object_ref (kiosk_window_new_with_languages (NULL, flow, offered));
  g_assert_cmpstr (kiosk_window_get_language (window), ==, "es");
  row = gtk_widget_get_last_child (kiosk_window_get_top_bar (window));
  for (child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child), n++)
    {
      g_autofree char *name = g_strconcat ("language-", offered[n], NULL);

      g_assert_nonnull (offered[n]);
      g_assert_cmpstr (gtk_widget_get_name (child), ==, name);
    }
  g_assert_cmpuint (n, ==, 3);
  kiosk_window_allow_close (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  kiosk_locale_set_language ("ja");
}

/* ---- animations ---- */

static void
test_animations_switch (void)
{
  g_autoptr (KioskClock) clock = NULL;
  g_autoptr (KioskConfig) config = NULL;
  g_autoptr (KioskFlow) flow = NULL;
  KioskWindow *window;
  GtkSettings *settings;
  gboolean before;

  if (!require_display ())
    return;
  clock = kiosk_clock_new ();
  config = kiosk_config_new ();
  flow = kiosk_flow_new (clock, config);
  window = g_object_ref (kiosk_window_new (NULL, flow));
  settings = gtk_widget_get_settings (GTK_WIDGET (window));
  g_object_get (settings, "gtk-enable-animations", &before, NULL);

  g_object_set (settings, "gtk-enable-animations", TRUE, NULL);
  g_assert_true (kiosk_window_get_animations (window));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "no-animations"));
  /* GTK's own switch (settings.ini: gtk-enable-animations=false) */
  g_object_set (settings, "gtk-enable-animations", FALSE, NULL);
  g_assert_false (kiosk_window_get_animations (window));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "no-animations"));
  g_object_set (settings, "gtk-enable-animations", TRUE, NULL);
  g_assert_true (kiosk_window_get_animations (window));
  /* The kiosk's own switch, whatever GTK's says */
  kiosk_window_set_animations (window, FALSE);
  g_assert_false (kiosk_window_get_animations (window));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "no-animations"));
  kiosk_window_set_animations (window, TRUE);
  g_assert_true (kiosk_window_get_animations (window));

  g_object_set (settings, "gtk-enable-animations", before, NULL);
  kiosk_window_allow_close (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* ---- contrast, from the stylesheet the window loads ---- */

typedef struct
{
  GStrv selectors;        /* normalised */
  GHashTable *properties; /* name → value */
} Rule;

static void
rule_free (gpointer data)
{
  Rule *rule = data;

  g_strfreev (rule->selectors);
  g_hash_table_unref (rule->properties);
  g_free (rule);
}

/* One space between tokens, none inside "a > b" but the single spaces. */
static char *
normalise_selector (const char *selector)
{
  g_auto (GStrv) words = g_strsplit_set (selector, " \t\n", -1);
  GString *out = g_string_new (NULL);

  for (gsize i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }
  return g_string_free (out, FALSE);
}

static GPtrArray *
parse_stylesheet (void)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRegex) comments = g_regex_new ("/\\*.*?\\*/", G_REGEX_DOTALL, 0, NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) blocks = NULL;
  GPtrArray *rules = g_ptr_array_new_with_free_func (rule_free);

  bytes = g_resources_lookup_data ("/org/madoguchi/Kiosk/style.css", 0, &error);
  g_assert_no_error (error);
  text = g_regex_replace_literal (comments, g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes), 0, "", 0, &error);
  g_assert_no_error (error);
  blocks = g_strsplit (text, "}", -1);
  for (gsize i = 0; blocks[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (blocks[i], "{", 2);
      g_auto (GStrv) selectors = NULL;
      g_auto (GStrv) declarations = NULL;
      Rule *rule;

      if (parts[0] == NULL || parts[1] == NULL)
        {
          g_assert_cmpstr (g_strstrip (parts[0] != NULL ? parts[0] : (char *)""), ==, "");
          continue;
        }
      rule = g_new0 (Rule, 1);
      selectors = g_strsplit (parts[0], ",", -1);
      rule->selectors = g_new0 (char *, g_strv_length (selectors) + 1);
      for (gsize s = 0; selectors[s] != NULL; s++)
        rule->selectors[s] = normalise_selector (selectors[s]);
      rule->properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      declarations = g_strsplit (parts[1], ";", -1);
      for (gsize d = 0; declarations[d] != NULL; d++)
        {
          g_auto (GStrv) pair = g_strsplit (declarations[d], ":", 2);

          if (pair[0] == NULL || pair[1] == NULL)
            continue;
          g_hash_table_insert (rule->properties, g_strdup (g_strstrip (pair[0])),
                               g_strdup (g_strstrip (pair[1])));
        }
      g_ptr_array_add (rules, rule);
    }
  g_assert_cmpuint (rules->len, >, 50);
  return rules;
}

/* The value of @property for @selector: the last rule listing it that sets it (the cascade's
 * order for equal specificity). */
static const char *
lookup (GPtrArray *rules, const char *selector, const char *property)
{
  const char *found = NULL;

  for (guint i = 0; i < rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (rules, i);

      if (g_strv_contains ((const char *const *)rule->selectors, selector)
          && g_hash_table_contains (rule->properties, property))
        found = g_hash_table_lookup (rule->properties, property);
    }
  return found;
}

static gboolean
parse_hex_colour (const char *text, double rgb[3])
{
  guint value;
  char *end;

  if (text == NULL || text[0] != '#' || strlen (text) != 7)
    return FALSE;
  value = strtoul (text + 1, &end, 16);
  if (*end != '\0')
    return FALSE;
  rgb[0] = ((value >> 16) & 0xff) / 255.0;
  rgb[1] = ((value >> 8) & 0xff) / 255.0;
  rgb[2] = (value & 0xff) / 255.0;
  return TRUE;
}

/* WCAG 2.x relative luminance and contrast ratio. */
static double
luminance (const double rgb[3])
{
  double linear[3];

  for (int i = 0; i < 3; i++)
    linear[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : pow ((rgb[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
}

static double
contrast_ratio (const double a[3], const double b[3])
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* Text (the "color" of the first selector) on a background (the "background-color" of the
 * second, or a literal colour for a window the stylesheet does not paint). */
typedef struct
{
  const char *text;
  const char *background;
} Pair;

#define HC "window.high-contrast "

static const Pair normal_pairs[] = {
  { ".kiosk", ".kiosk" },
  { ".banner", ".banner" },
  { "button.mode-toggle", "button.mode-toggle" },
  { "button.mode-toggle:hover", "button.mode-toggle:hover" },
  { "button.mode-toggle.on", "button.mode-toggle.on" },
  { "button.mode-toggle:checked", "button.mode-toggle:checked" },
  { "button.language", "button.language" },
  { "button.language:hover", "button.language:hover" },
  { "button.language.on", "button.language.on" },
  { "button.language:checked", "button.language:checked" },
  { "button.mode-toggle:active", "button.mode-toggle:active" },
  { "button.language:active", "button.language:active" },
  { ".hint", ".kiosk" },
  { "button.primary", "button.primary" },
  { "button.primary:hover", "button.primary:hover" },
  { "button.primary", "button.primary:active" },
  { "button.secondary", "button.secondary" },
  { "button.secondary:hover", "button.secondary:hover" },
  { "button.secondary", "button.secondary:active" },
  { ".kiosk", ".notice" },
  { ".kiosk", ".facts" },
  { ".fact-name", ".facts" },
  { ".step-number", ".step-number" },
  /* the demo panel is a desktop window on GTK's own (Adwaita) light background */
  { ".demo-panel .profile-description", "#fafafa" },
  { ".kiosk", ".tries.last-try" },
  { ".kiosk", ".tries.blocked" },
  { ".pin-dot", ".pin-dot" },
  { "button.pin-key", "button.pin-key" },
  { "button.kb-key", "button.kb-key" },
  { "button.pin-key", "button.pin-key:active" },
  { "button.kb-key", "button.kb-key:active" },
  { "button.pin-key.delete", "button.pin-key" },
  { "button.kb-key.delete", "button.kb-key" },
  { "button.pin-key.delete", "button.pin-key:active" },
  { "button.pin-key.ok", "button.pin-key.ok" },
  { "button.kb-key.ok", "button.kb-key.ok" },
  { "button.pin-key.ok", "button.pin-key.ok:active" },
  { "button.kb-key.ok", "button.kb-key.ok:active" },
  { "button.pin-key:disabled", "button.pin-key:disabled" },
  { "button.kb-key:disabled", "button.kb-key:disabled" },
  { ".kiosk", ".password-display" },
  { ".password-count", ".password-display" },
  { "button.choice", "button.choice" },
  { "button.choice", "button.choice:active" },
  { ".step-indicator", ".kiosk" },
  { ".entry-message", ".kiosk" },
  { ".kiosk", ".entry-tries.last-try" },
};

static const Pair high_contrast_pairs[] = {
  { HC ".kiosk", HC ".kiosk" },
  { HC ".banner", HC ".banner" },
  { HC "button.mode-toggle", HC "button.mode-toggle" },
  { HC "button.mode-toggle:hover", HC "button.mode-toggle:hover" },
  { HC "button.language", HC "button.language" },
  { HC "button.language:hover", HC "button.language:hover" },
  { HC "button.secondary", HC "button.secondary" },
  { HC "button.secondary:hover", HC "button.secondary:hover" },
  { HC "button.pin-key", HC "button.pin-key" },
  { HC "button.kb-key", HC "button.kb-key" },
  { HC "button.mode-toggle.on", HC "button.mode-toggle.on" },
  { HC "button.mode-toggle:checked", HC "button.mode-toggle:checked" },
  { HC "button.language.on", HC "button.language.on" },
  { HC "button.language:checked", HC "button.language:checked" },
  { HC "button.primary", HC "button.primary" },
  { HC "button.primary:hover", HC "button.primary:hover" },
  { HC "button.choice", HC "button.choice" },
  { HC "button.pin-key.ok", HC "button.pin-key.ok" },
  { HC "button.kb-key.ok", HC "button.kb-key.ok" },
  { HC "button.mode-toggle:active", HC "button.mode-toggle:active" },
  { HC "button.language:active", HC "button.language:active" },
  { HC "button.secondary:active", HC "button.secondary:active" },
  { HC "button.pin-key:active", HC "button.pin-key:active" },
  { HC "button.kb-key:active", HC "button.kb-key:active" },
  { HC "button.primary:active", HC "button.primary:active" },
  { HC "button.choice:active", HC "button.choice:active" },
  { HC "button.pin-key.ok:active", HC "button.pin-key.ok:active" },
  { HC "button.kb-key.ok:active", HC "button.kb-key.ok:active" },
  { HC "button.pin-key.delete", HC "button.pin-key" },
  { HC "button.kb-key.delete", HC "button.kb-key" },
  { HC "button.pin-key:disabled", HC "button.pin-key:disabled" },
  { HC "button.kb-key:disabled", HC "button.kb-key:disabled" },
  { HC ".hint", HC ".kiosk" },
  { HC ".fact-name", HC ".facts" },
  { HC ".password-count", HC ".password-display" },
  { HC ".step-indicator", HC ".kiosk" },
  { HC ".kiosk", HC ".facts" },
  { HC ".kiosk", HC ".password-display" },
  { HC ".notice", HC ".notice" },
  { HC ".tries.last-try", HC ".tries.last-try" },
  { HC ".tries.blocked", HC ".tries.blocked" },
  { HC ".entry-tries.last-try", HC ".entry-tries.last-try" },
  { HC ".entry-message", HC ".kiosk" },
  { HC ".step-number", HC ".step-number" },
  { HC ".pin-dot", HC ".pin-dot" },
};

/* WCAG AA asks 4.5:1 for text (3:1 for large text); every pair is held to 4.5:1, and the
 * high-contrast palette to 7:1 (AAA), whatever the text's size. */
static void
check_pairs (const Pair *pairs, gsize n_pairs, double minimum)
{
  g_autoptr (GPtrArray) rules = parse_stylesheet ();
  double lowest = G_MAXDOUBLE;

  for (gsize i = 0; i < n_pairs; i++)
    {
      const char *text = lookup (rules, pairs[i].text, "color");
      const char *background = pairs[i].background[0] == '#'
                                   ? pairs[i].background
                                   : lookup (rules, pairs[i].background, "background-color");
      double fg[3], bg[3], ratio;

      if (!parse_hex_colour (text, fg))
        g_error ("no #rrggbb colour for \"%s\" (found %s)", pairs[i].text, text);
      if (!parse_hex_colour (background, bg))
        g_error ("no #rrggbb background for \"%s\" (found %s)", pairs[i].background, background);
      ratio = contrast_ratio (fg, bg);
      g_test_message ("%.2f:1  %s (%s) on %s (%s)", ratio, pairs[i].text, text, pairs[i].background,
                      background);
      if (ratio < minimum)
        g_error ("%s (%s) on %s (%s): %.2f:1, under %.1f:1", pairs[i].text, text,
                 pairs[i].background, background, ratio, minimum);
      lowest = MIN (lowest, ratio);
    }
  g_test_message ("lowest: %.2f:1 over %" G_GSIZE_FORMAT " pairs", lowest, n_pairs);
}

static void
test_contrast_normal (void)
{
  check_pairs (normal_pairs, G_N_ELEMENTS (normal_pairs), 4.5);
}

static void
test_contrast_high_contrast (void)
{
  check_pairs (high_contrast_pairs, G_N_ELEMENTS (high_contrast_pairs), 7.0);
}

static gboolean
is_text_of_a_pair (const char *selector)
{
  for (gsize i = 0; i < G_N_ELEMENTS (normal_pairs); i++)
    if (g_str_equal (normal_pairs[i].text, selector))
      return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (high_contrast_pairs); i++)
    if (g_str_equal (high_contrast_pairs[i].text, selector))
      return TRUE;
  return FALSE;
}

/* Outside the resident's page: the frame around it and the developer's demo panel. */
static gboolean
outside_the_page (const char *selector)
{
  return g_str_has_prefix (selector, "window.kiosk-window")
         || g_str_has_prefix (selector, ".demo-panel")
         || g_str_has_prefix (selector, "window.no-animations");
}

/* Every text colour in the stylesheet is checked against a background above: a colour added
 * later cannot slip past the contrast cases. */
static void
test_contrast_every_colour_paired (void)
{
  g_autoptr (GPtrArray) rules = parse_stylesheet ();

  for (guint i = 0; i < rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (rules, i);

      if (!g_hash_table_contains (rule->properties, "color"))
        continue;
      for (gsize s = 0; rule->selectors[s] != NULL; s++)
        if (!is_text_of_a_pair (rule->selectors[s]))
          g_error ("\"%s\" sets a text colour no contrast pair checks", rule->selectors[s]);
    }
}

/* High contrast has its own palette: every colour and background of the normal page is given
 * again under window.high-contrast (nothing pale is left behind bright text). */
static void
test_high_contrast_repaints_everything (void)
{
  static const char *const painted[] = { "color", "background-color" };
  g_autoptr (GPtrArray) rules = parse_stylesheet ();

  for (guint i = 0; i < rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (rules, i);

      for (gsize s = 0; rule->selectors[s] != NULL; s++)
        {
          const char *selector = rule->selectors[s];
          g_autofree char *hc = g_strconcat (HC, selector, NULL);

          if (g_str_has_prefix (selector, "window.") || outside_the_page (selector))
            continue;
          for (gsize p = 0; p < G_N_ELEMENTS (painted); p++)
            if (g_hash_table_contains (rule->properties, painted[p])
                && lookup (rules, hc, painted[p]) == NULL)
              g_error ("\"%s\" sets %s, and high contrast does not set its own", selector,
                       painted[p]);
        }
    }
}

int
main (int argc, char **argv)
{
  static const char *const languages[] = { "ja", "en" };

  g_test_init (&argc, &argv, NULL);
  kiosk_locale_init ();
  have_display = gtk_init_check ();

  for (gsize l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autofree char *bar = g_strdup_printf ("/ui/chrome/%s/bar-on-every-screen", languages[l]);
      g_autofree char *large
          = g_strdup_printf ("/ui/chrome/%s/large-text-on-every-screen", languages[l]);
      g_autofree char *contrast
          = g_strdup_printf ("/ui/chrome/%s/high-contrast-on-every-screen", languages[l]);

      g_test_add_data_func (bar, languages[l], test_bar_on_every_screen);
      g_test_add_data_func (large, languages[l], test_large_text_on_every_screen);
      g_test_add_data_func (contrast, languages[l], test_high_contrast_on_every_screen);
    }
  g_test_add_data_func ("/ui/chrome/en/both-modes-on-every-screen", "en",
                        test_both_modes_on_every_screen);
  g_test_add_func ("/ui/chrome/switch-language-mid-procedure", test_switch_mid_procedure);
  g_test_add_func ("/ui/chrome/every-language-button", test_every_language_button);
  g_test_add_func ("/ui/chrome/offered-languages", test_offered_languages);
  g_test_add_func ("/ui/chrome/animations-switch", test_animations_switch);
  g_test_add_func ("/ui/chrome/contrast/normal", test_contrast_normal);
  g_test_add_func ("/ui/chrome/contrast/high-contrast", test_contrast_high_contrast);
  g_test_add_func ("/ui/chrome/contrast/every-colour-paired", test_contrast_every_colour_paired);
  g_test_add_func ("/ui/chrome/contrast/high-contrast-repaints-everything",
                   test_high_contrast_repaints_everything);
  return g_test_run ();
}
