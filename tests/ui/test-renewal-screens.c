/* test-renewal-screens.c: renewal, re-issue and their handoffs in the real window, tapped like
 * a finger
 *
 * The window runs on a controller on the in-process virtual card and the in-process issuance
 * simulator, with a receipt desk and a session journal in a temporary folder. The residents are
 * copies of the shipped profiles in a temporary cards folder ("renewal-window-open": certificates
 * due in two months, PIN 1234, password ABC123; "valid"; "expired"; "revoked": the first with
 * [resident] revoked=true; "pulled-late": the first, pulled at its last APDU). Screenshots land
 * in <build>/screenshots/<language>/<name>.png: menu-renew, enter-current-renew,
 * enter-current-password-renew, enter-new-renew, enter-new-password-renew, renewing, done-renew,
 * done-keep-current, enter-current-reissue, done-reissue, service-busy, handoff-service-busy,
 * handoff-renewal-not-open, handoff-expired, handoff-outside-hours, handoff-service-down,
 * handoff-revoked, handoff-incomplete, done-renew-auth-only, service-busy-unknown-wait. Each
 * screen the test waits for, and each screenshot, must fit the panel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "kiosk-card-error.h"
#include "kiosk-card-profile.h"
#include "kiosk-clock.h"
#include "kiosk-controller.h"
#include "kiosk-demo-cards.h"
#include "kiosk-issuance-simulator.h"
#include "kiosk-locale.h"
#include "kiosk-receipt-desk.h"
#include "kiosk-scaler.h"
#include "kiosk-screenshot.h"
#include "kiosk-session-journal.h"
#include "kiosk-test-ca.h"
#include "kiosk-test-files.h"
#include "kiosk-test-kiosk.h"
#include "kiosk-test-receipt.h"
#include "kiosk-test-window.h"
#include "kiosk-virtual-card.h"
#include "kiosk-virtual-transport.h"
#include "kiosk-window.h"

#define OLD_PIN "1234"
#define OLD_PASSWORD "ABC123"
#define NEW_PIN "5678"
#define NEW_PASSWORD "NEW456"

static gboolean have_display;

/* What a resident reads, per language (compared with the screen, not the catalog). */
typedef struct
{
  const char *language;
  const char *step_word; /* the step indicator: "Step 1 of 6" */
  const char *step_of;
  const char *day_format;  /* a day in a sentence, as the handoff screen writes it */
  const char *time_format; /* a day and time in a sentence */
  const char *menu_title;
  const char *renew_choice;
  const char *enter_current_pin;
  const char *enter_current_password;
  const char *enter_new_pin;
  const char *enter_new_password;
  const char *keep_pin;
  const char *keep_password;
  const char *renewing;
  const char *take_a_minute;
  const char *renewed;
  const char *use_new_secrets;
  const char *secrets_stay;
  const char *reissuing;
  const char *reissued;
  const char *busy_title;
  const char *wait_three_minutes;
  const char *go_to_counter;
  const char *service_unavailable;
  const char *too_early;
  const char *expired;
  const char *closed_now;
  const char *cannot_do_here;
  const char *not_confirmed;
  const char *auth_renewed;
  const char *wait_unknown;
  const char *very_busy;    /* the counter chosen over waiting */
  const char *use_new_pin;  /* a card with the authentication certificate alone */
  const char *not_password; /* … whose done screen must not mention a password */
} Expected;

static const Expected expected_ja = {
  "ja",
  "ステップ ",
  " / ",
  "%Y年%-m月%-d日",
  "%Y年%-m月%-d日 %-H時%M分",
  "何をしますか？",
  "電子証明書を更新する",
  "今の4桁の暗証番号を入力してください",
  "今の署名用パスワードを入力",
  "新しい4桁の暗証番号を入力してください",
  "新しい署名用パスワードを入力",
  "今の暗証番号（4桁）のままにする",
  "今の署名用パスワードのままにする",
  "電子証明書を更新しています",
  "カードを取り出さないでください。",
  "電子証明書を更新しました",
  "これからは新しい暗証番号とパスワードをお使いください。",
  "暗証番号とパスワードは今までと同じです。",
  "署名用電子証明書を再発行しています",
  "署名用電子証明書を再発行しました",
  "国のシステムが混み合っています",
  "約3分",
  "マイナンバーカード窓口へお越しください",
  "国のシステムが今は使えません。",
  "電子証明書の更新はまだできません。",
  "電子証明書の有効期限が切れています。",
  "国のシステムを使う手続きは、今は受け付けていません。",
  "ここでは国のシステムが受け付けませんでした。",
  "国のシステムでの確認がまだです。",
  "利用者証明用電子証明書を更新しました",
  "待ち時間はわかりません。",
  "国のシステムがたいへん混み合っています。",
  "これからは新しい暗証番号をお使いください。",
  "パスワード",
};

static const Expected expected_en = {
  "en",
  "Step ",
  " of ",
  "%B %-d, %Y",
  "%B %-d, %Y, %H:%M",
  "What would you like to do?",
  "Renew my certificates",
  "Enter your current 4-digit PIN",
  "Current signature password",
  "Enter your new 4-digit PIN",
  "New signature password",
  "Keep my current 4-digit PIN",
  "Keep my current signature password",
  "Renewing your certificates",
  "Do not remove your card.",
  "Your certificates have been renewed",
  "Use your new PIN and password from now on.",
  "Your PIN and password stay the same.",
  "Re-issuing your signature certificate",
  "Your signature certificate has been re-issued",
  "The national system is busy",
  "about 3 minutes",
  "Please go to the My Number card counter",
  "The national system is not available now.",
  "It is too early to renew your certificates.",
  "Your certificate has expired.",
  "Procedures that need the national system are closed now.",
  "The national system cannot do this procedure for your card here.",
  "the national system has not confirmed them yet.",
  "Your user authentication certificate has been renewed",
  "The national system did not say how long the wait is.",
  "The national system is very busy now.",
  "Use your new PIN from now on.",
  "password",
};

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
  KioskTestKiosk kiosk; /* the card reader, controller, simulator, journal, receipt desk */
  const Expected *expected;
  KioskWindow *window;
  int presented;
  guint seen; /* a bit per state the flow entered since harness_arm() */
} Harness;

static void
on_screen_presented (KioskWindow *window, int state, Harness *h)
{
  h->presented = state;
}

/* The flow's own states, also those too short-lived for a screen to be presented. */
static void
on_flow_state (KioskFlow *flow, GParamSpec *pspec, Harness *h)
{
  h->seen |= 1u << kiosk_flow_get_state (flow);
}

static void check_fits (Harness *h);

static void
wait_presented (Harness *h, KioskFlowState state)
{
  kiosk_test_wait_shown (h->window, h->kiosk.flow, &h->presented, state);
  check_fits (h);
}

static void
harness_arm (Harness *h)
{
  h->presented = -1;
  h->seen = 0;
}

static gboolean
seen (Harness *h, KioskFlowState state)
{
  return (h->seen & (1u << state)) != 0;
}

/* A resident of the test's own: a shipped profile, with extra keys (faults, resident facts). */
static void
add_profile (Harness *h, const char *to, const char *from, const char *extra)
{
  kiosk_test_kiosk_add_profile (&h->kiosk, to, from, extra);
}

/* A new simulator reads the residents again (it knows the profiles present when it starts). */
static void
restart_simulator (Harness *h)
{
  kiosk_test_kiosk_restart_simulator (&h->kiosk);
}

static Harness *
harness_new (const char *language)
{
  Harness *h = g_new0 (Harness, 1);

  h->expected = g_str_equal (language, "ja") ? &expected_ja : &expected_en;
  kiosk_locale_set_language (language);

  kiosk_test_kiosk_set_up (&h->kiosk, "renewal-screens");
  add_profile (h, "renewal-window-open", "renewal-window-open", NULL);
  add_profile (h, "valid", "valid", NULL);
  add_profile (h, "expired", "expired", NULL);
  add_profile (h, "revoked", "renewal-window-open", "[resident]\nrevoked=true\n");
  /* 13 years old, the authentication certificate due in two months, no signature certificate */
  add_profile (h, "minor-due", "minor", "issued=-4y\nbirth-date=-13y10m\n");
  restart_simulator (h);

  h->window = g_object_ref (kiosk_window_new (NULL, h->kiosk.flow));
  gtk_window_set_default_size (GTK_WINDOW (h->window), KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
  g_signal_connect (h->window, "screen-presented", G_CALLBACK (on_screen_presented), h);
  g_signal_connect (h->kiosk.flow, "notify::state", G_CALLBACK (on_flow_state), h);
  harness_arm (h);
  gtk_window_present (GTK_WINDOW (h->window));
  kiosk_controller_start (h->kiosk.controller);
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);
  return h;
}

static void
harness_free (Harness *h)
{
  kiosk_controller_stop (h->kiosk.controller);
  g_signal_handlers_disconnect_by_data (h->kiosk.flow, h);
  g_signal_handlers_disconnect_by_data (h->window, h);
  kiosk_window_allow_close (h->window);
  gtk_window_destroy (GTK_WINDOW (h->window));
  kiosk_test_run_for (50);
  g_clear_object (&h->window);
  kiosk_test_kiosk_tear_down (&h->kiosk);
  g_free (h);
}

static void
insert_card (Harness *h, const char *profile_name)
{
  kiosk_test_kiosk_insert_card (&h->kiosk, profile_name);
}

static void
tap (Harness *h, const char *name)
{
  kiosk_test_tap (h->window, name);
}

static void
assert_shows (Harness *h, const char *text)
{
  kiosk_test_assert_shows (h->window, text);
}

static void
assert_does_not_show (Harness *h, const char *text)
{
  kiosk_test_assert_does_not_show (h->window, text);
}

static GtkWidget *
find_mapped (Harness *h, const char *name)
{
  return kiosk_test_find_mapped (GTK_WIDGET (h->window), name, NULL);
}

static void
save_screen (Harness *h, const char *name)
{
  const char *dir = g_getenv ("KIOSK_SCREENSHOT_DIR");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  check_fits (h);
  if (dir == NULL || *dir == '\0')
    dir = KIOSK_SCREENSHOT_DIR;
  path = g_build_filename (dir, h->expected->language, file, NULL);
  kiosk_widget_save_png (GTK_WIDGET (h->window), path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

/* The visible screen fits the room the window gives it under the banner. (The window's stack
 * is homogeneous: the window's own measure is the largest of all screens as last entered.) */
static gboolean
visible_screen_fits (Harness *h, int *width, int *height, int *room_width, int *room_height)
{
  GtkWidget *scaler = gtk_window_get_child (GTK_WINDOW (h->window));
  GtkWidget *page = kiosk_scaler_get_child (KIOSK_SCALER (scaler));
  GtkStack *stack = GTK_STACK (gtk_widget_get_last_child (page));
  GtkWidget *screen = gtk_stack_get_visible_child (stack);

  *room_width = gtk_widget_get_width (GTK_WIDGET (stack));
  *room_height = gtk_widget_get_height (GTK_WIDGET (stack));
  g_assert_cmpint (*room_width, >, 0);
  gtk_widget_measure (screen, GTK_ORIENTATION_HORIZONTAL, -1, width, NULL, NULL, NULL);
  gtk_widget_measure (screen, GTK_ORIENTATION_VERTICAL, *room_width, height, NULL, NULL, NULL);
  return *width <= *room_width && *height <= *room_height;
}

static void
check_fits (Harness *h)
{
  KioskFlowState state = kiosk_window_get_visible_state (h->window);
  int width, height, room_width, room_height;

  if (!visible_screen_fits (h, &width, &height, &room_width, &room_height))
    g_error ("the %s screen needs %d×%d px; under the banner the panel has %d×%d",
             kiosk_flow_state_to_string (state), width, height, room_width, room_height);
}

/* The step indicator above an entry shows "@step of @count", and the flow agrees. */
static void
assert_step (Harness *h, guint step, guint count)
{
  g_autofree char *text
      = g_strdup_printf ("%s%u%s%u", h->expected->step_word, step, h->expected->step_of, count);
  guint flow_step, flow_count;

  kiosk_flow_get_entry_step (h->kiosk.flow, &flow_step, &flow_count);
  g_assert_cmpuint (flow_step, ==, step);
  g_assert_cmpuint (flow_count, ==, count);
  assert_shows (h, text);
}

/* The keep-current button: on screen with its words, or not on screen at all. */
static void
assert_keep_button (Harness *h, const char *label)
{
  GtkWidget *keep = find_mapped (h, "keep-current");

  if (label == NULL)
    {
      g_assert_null (keep);
      return;
    }
  g_assert_nonnull (keep);
  /* the button's label wraps: it is a GtkLabel child */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (keep)))), ==,
                   label);
}

/* "PROCEDURE OUTCOME REASON" of the receipt on screen, verified with the kiosk's public key. The
 * receipt view is on screen. */
static void
assert_receipt (Harness *h, const char *expected)
{
  g_autoptr (GError) error = NULL;
  const char *payload = kiosk_receipt_desk_get_payload (h->kiosk.desk);
  g_autofree char *description = NULL;
  g_autofree char *summary = NULL;
  g_auto (GStrv) fields = NULL;

  g_assert_nonnull (find_mapped (h, "receipt"));
  g_assert_nonnull (payload);
  description = kiosk_test_receipt_describe (payload, h->kiosk.public_key_path, &error);
  g_assert_no_error (error);
  /* number procedure outcome reason language card-reference */
  fields = g_strsplit (description, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 6);
  summary = g_strdup_printf ("%s %s %s", fields[1], fields[2], fields[3]);
  g_assert_cmpstr (summary, ==, expected);
  g_assert_cmpstr (fields[4], ==, h->expected->language);
  /* nothing the resident typed is in what the QR carries */
  g_assert_null (strstr (payload, OLD_PIN));
  g_assert_null (strstr (payload, NEW_PIN));
}

/* The first mapped progress bar on screen. */
static GtkProgressBar *
find_progress_bar (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_PROGRESS_BAR (widget))
    return GTK_PROGRESS_BAR (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkProgressBar *found = find_progress_bar (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* ---- asking the card itself, through the controller's own worker ---- */

typedef struct
{
  gboolean done;
  gboolean ok;
  guint tries_left;
  GError *error;
} VerifyResult;

static void
on_verified (GObject *source, GAsyncResult *result, gpointer user_data)
{
  VerifyResult *r = user_data;

  r->ok = kiosk_card_worker_verify_finish (KIOSK_CARD_WORKER (source), result, &r->tries_left,
                                           &r->error);
  r->done = TRUE;
}

static gboolean
card_accepts (Harness *h, KioskJpkiSecret kind, const char *text)
{
  VerifyResult r = { FALSE, FALSE, G_MAXUINT, NULL };
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (text);
  gint64 deadline = g_get_monotonic_time () + KIOSK_TEST_WAIT_TIMEOUT_S * G_TIME_SPAN_SECOND;

  kiosk_card_worker_verify_async (kiosk_controller_get_worker (h->kiosk.controller), kind, secret,
                                  NULL, on_verified, &r);
  while (!r.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (r.done);
  if (!r.ok)
    g_assert_error (r.error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN);
  g_clear_error (&r.error);
  return r.ok;
}

/* ---- the journeys ---- */

static void
go_to_menu (Harness *h)
{
  harness_arm (h);
  tap (h, "start");
  wait_presented (h, KIOSK_FLOW_STATE_OPERATOR);
  harness_arm (h);
  tap (h, "holder");
  wait_presented (h, KIOSK_FLOW_STATE_MENU);
  assert_shows (h, h->expected->menu_title);
}

/* Menu → @choice → the card on the reader (when the reader is empty) → the first entry. */
static void
choose_with_card (Harness *h, const char *choice, const char *profile)
{
  harness_arm (h);
  tap (h, choice);
  if (kiosk_flow_get_card_present (h->kiosk.flow))
    return;
  wait_presented (h, KIOSK_FLOW_STATE_PLACE_CARD);
  harness_arm (h);
  insert_card (h, profile);
}

/* The current PIN, then the current password, each checked by the card on the way. */
static void
prove_current_secrets (Harness *h, guint count)
{
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  assert_step (h, 1, count);
  harness_arm (h);
  kiosk_test_type_pin (h->window, OLD_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_true (seen (h, KIOSK_FLOW_STATE_VERIFYING));
  g_assert_cmpint (kiosk_flow_get_procedure_secret (h->kiosk.flow), ==, KIOSK_JPKI_SIGN);
  assert_step (h, 2, count);
  harness_arm (h);
  kiosk_test_type_password (h->window, OLD_PASSWORD);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
}

/* On both new-secret screens of a renewal, "keep my current one". */
static void
keep_both (Harness *h)
{
  assert_keep_button (h, h->expected->keep_pin);
  harness_arm (h);
  tap (h, "keep-current");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  assert_keep_button (h, h->expected->keep_password);
  harness_arm (h);
  tap (h, "keep-current");
}

/* Menu → renew on the renewal-window-open card → both current secrets → both kept. */
static void
renew_keeping (Harness *h, const char *profile)
{
  go_to_menu (h);
  choose_with_card (h, "renew", profile);
  prove_current_secrets (h, 6);
  keep_both (h);
}

static void
finish_handoff (Harness *h)
{
  harness_arm (h);
  tap (h, "finish");
  wait_presented (h, kiosk_flow_get_card_present (h->kiosk.flow) ? KIOSK_FLOW_STATE_TAKE_CARD
                                                                 : KIOSK_FLOW_STATE_WELCOME);
}

/* 1. Both certificates renewed with a new PIN and password, each typed twice. */
static void
test_renew_both (gconstpointer data)
{
  Harness *h;
  GtkProgressBar *bar;
  gint64 deadline;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);
  assert_shows (h, h->expected->renew_choice);
  g_assert_nonnull (find_mapped (h, "reissue"));
  save_screen (h, "menu-renew");

  choose_with_card (h, "renew", "renewal-window-open");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_procedure (h->kiosk.flow), ==, KIOSK_PROCEDURE_RENEW);
  assert_shows (h, h->expected->enter_current_pin);
  assert_step (h, 1, 6);
  assert_keep_button (h, NULL); /* the current secret cannot be skipped */
  save_screen (h, "enter-current-renew");

  harness_arm (h);
  kiosk_test_type_pin (h->window, OLD_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  assert_shows (h, h->expected->enter_current_password);
  g_assert_nonnull (find_mapped (h, "password-keyboard"));
  assert_step (h, 2, 6);
  save_screen (h, "enter-current-password-renew");

  harness_arm (h);
  kiosk_test_type_password (h->window, OLD_PASSWORD);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  assert_shows (h, h->expected->enter_new_pin);
  assert_step (h, 3, 6);
  assert_keep_button (h, h->expected->keep_pin);
  save_screen (h, "enter-new-renew");
  harness_arm (h);
  kiosk_test_type_pin (h->window, NEW_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  assert_step (h, 4, 6);
  harness_arm (h);
  kiosk_test_type_pin (h->window, NEW_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  assert_shows (h, h->expected->enter_new_password);
  assert_step (h, 5, 6);
  assert_keep_button (h, h->expected->keep_password);
  save_screen (h, "enter-new-password-renew");
  harness_arm (h);
  kiosk_test_type_password (h->window, NEW_PASSWORD);
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  assert_step (h, 6, 6);

  /* A slow national system, so the relay can be watched on its way. */
  kiosk_issuance_simulator_set_mode (h->kiosk.simulator, KIOSK_ISSUANCE_SIMULATOR_SLOW, 300);
  harness_arm (h);
  kiosk_test_type_password (h->window, NEW_PASSWORD);
  wait_presented (h, KIOSK_FLOW_STATE_RENEWING);
  assert_shows (h, h->expected->renewing);
  assert_shows (h, h->expected->take_a_minute);
  bar = find_progress_bar (GTK_WIDGET (h->window));
  g_assert_nonnull (bar);
  deadline = g_get_monotonic_time () + KIOSK_TEST_WAIT_TIMEOUT_S * G_TIME_SPAN_SECOND;
  while (kiosk_flow_get_state (h->kiosk.flow) == KIOSK_FLOW_STATE_RENEWING
         && kiosk_flow_get_progress (h->kiosk.flow) < 0.3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (kiosk_flow_get_state (h->kiosk.flow), ==, KIOSK_FLOW_STATE_RENEWING);
  kiosk_test_run_for (60); /* a frame with that fraction drawn */
  g_assert_cmpint (kiosk_flow_get_state (h->kiosk.flow), ==, KIOSK_FLOW_STATE_RENEWING);
  /* a measured fraction, part of the way, not a pulse */
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), ==,
                     kiosk_flow_get_progress (h->kiosk.flow));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), >, 0.0);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), <, 1.0);
  save_screen (h, "renewing");

  wait_presented (h, KIOSK_FLOW_STATE_DONE);
  assert_shows (h, h->expected->renewed);
  assert_shows (h, h->expected->use_new_secrets);
  assert_receipt (h, "RENEW DONE NONE");
  save_screen (h, "done-renew");
  g_assert_null (kiosk_flow_get_current_secret (h->kiosk.flow));
  g_assert_null (kiosk_flow_get_new_secret (h->kiosk.flow));

  /* The card itself: the new PIN and password work, the old PIN does not. */
  g_assert_true (card_accepts (h, KIOSK_JPKI_AUTH, NEW_PIN));
  g_assert_true (card_accepts (h, KIOSK_JPKI_SIGN, NEW_PASSWORD));
  g_assert_false (card_accepts (h, KIOSK_JPKI_AUTH, OLD_PIN));

  harness_arm (h);
  tap (h, "finish");
  wait_presented (h, KIOSK_FLOW_STATE_TAKE_CARD);
  harness_free (h);
}

/* 2. "Keep my current …" is offered on a renewal's new-secret screens only. */
static void
test_keep_current (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);

  /* A PIN change has no such button: the new PIN is the point of it. */
  choose_with_card (h, "change-pin", "renewal-window-open");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  harness_arm (h);
  kiosk_test_type_pin (h->window, OLD_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  assert_shows (h, h->expected->enter_new_pin);
  assert_keep_button (h, NULL);
  harness_arm (h);
  tap (h, "cancel");
  wait_presented (h, KIOSK_FLOW_STATE_MENU);

  choose_with_card (h, "renew", "renewal-window-open");
  prove_current_secrets (h, 6);
  keep_both (h);
  wait_presented (h, KIOSK_FLOW_STATE_DONE);
  g_assert_true (seen (h, KIOSK_FLOW_STATE_RENEWING));
  assert_shows (h, h->expected->renewed);
  assert_shows (h, h->expected->secrets_stay);
  assert_receipt (h, "RENEW DONE NONE");
  save_screen (h, "done-keep-current");
  g_assert_false (kiosk_flow_get_renewal_result (h->kiosk.flow)->pin_set);
  g_assert_false (kiosk_flow_get_renewal_result (h->kiosk.flow)->password_set);
  g_assert_true (card_accepts (h, KIOSK_JPKI_AUTH, OLD_PIN));
  g_assert_true (card_accepts (h, KIOSK_JPKI_SIGN, OLD_PASSWORD));
  harness_free (h);
}

/* 3. Re-issue of the signature certificate on a valid card: four entries. */
static void
test_reissue (gconstpointer data)
{
  Harness *h;
  g_autoptr (GBytes) auth_before = NULL;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);
  choose_with_card (h, "reissue", "valid");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_procedure (h->kiosk.flow), ==, KIOSK_PROCEDURE_REISSUE_SIGN);
  save_screen (h, "enter-current-reissue");
  prove_current_secrets (h, 4);
  auth_before = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (h->kiosk.card));

  /* Straight to the new password: a re-issue does not touch the PIN. */
  assert_shows (h, h->expected->enter_new_password);
  assert_step (h, 3, 4);
  assert_keep_button (h, h->expected->keep_password);
  harness_arm (h);
  kiosk_test_type_password (h->window, NEW_PASSWORD);
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  assert_step (h, 4, 4);
  kiosk_issuance_simulator_set_mode (h->kiosk.simulator, KIOSK_ISSUANCE_SIMULATOR_SLOW, 200);
  harness_arm (h);
  kiosk_test_type_password (h->window, NEW_PASSWORD);
  wait_presented (h, KIOSK_FLOW_STATE_RENEWING);
  assert_shows (h, h->expected->reissuing);
  wait_presented (h, KIOSK_FLOW_STATE_DONE);
  assert_shows (h, h->expected->reissued);
  assert_receipt (h, "REISSUE_SIGN DONE NONE");
  save_screen (h, "done-reissue");
  g_assert_true (
      g_bytes_equal (kiosk_virtual_card_get_auth_certificate (h->kiosk.card), auth_before));
  g_assert_true (card_accepts (h, KIOSK_JPKI_SIGN, NEW_PASSWORD));
  harness_free (h);
}

/* 4. The national system is busy: the wait it asked for, then "try again" once it is up. */
static void
test_busy_then_retry (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  kiosk_issuance_simulator_set_mode (h->kiosk.simulator, KIOSK_ISSUANCE_SIMULATOR_BUSY, 180);
  renew_keeping (h, "renewal-window-open");
  wait_presented (h, KIOSK_FLOW_STATE_SERVICE_BUSY);
  assert_shows (h, h->expected->busy_title);
  assert_shows (h, h->expected->wait_three_minutes);
  g_assert_nonnull (find_mapped (h, "to-counter"));
  g_assert_nonnull (find_mapped (h, "back"));
  save_screen (h, "service-busy");

  /* Still busy: the same screen again, nothing typed twice. */
  harness_arm (h);
  tap (h, "retry");
  wait_presented (h, KIOSK_FLOW_STATE_SERVICE_BUSY);

  kiosk_issuance_simulator_set_mode (h->kiosk.simulator, KIOSK_ISSUANCE_SIMULATOR_UP, 0);
  harness_arm (h);
  tap (h, "retry");
  wait_presented (h, KIOSK_FLOW_STATE_DONE);
  g_assert_false (seen (h, KIOSK_FLOW_STATE_ENTER_CURRENT));
  assert_shows (h, h->expected->renewed);
  assert_receipt (h, "RENEW DONE NONE");
  harness_free (h);
}

static void
test_busy_to_counter (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  kiosk_issuance_simulator_set_mode (h->kiosk.simulator, KIOSK_ISSUANCE_SIMULATOR_BUSY, 180);
  renew_keeping (h, "renewal-window-open");
  wait_presented (h, KIOSK_FLOW_STATE_SERVICE_BUSY);
  harness_arm (h);
  tap (h, "to-counter");
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (h->kiosk.flow), ==, KIOSK_HANDOFF_SERVICE_BUSY);
  assert_shows (h, h->expected->go_to_counter);
  assert_shows (h, h->expected->very_busy);
  assert_does_not_show (h, h->expected->service_unavailable);
  assert_receipt (h, "RENEW HANDED_OFF SERVICE_BUSY");
  save_screen (h, "handoff-service-busy");
  finish_handoff (h);
  harness_free (h);
}

/* 5. Handoffs decided by the read, the hours or the service, each with its visible reason. */

/* Valid for years yet: the day renewal opens, in the resident's words. */
static void
test_handoff_renewal_not_open (gconstpointer data)
{
  Harness *h;
  const GDate *opens;
  g_autoptr (GDateTime) day = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *text = NULL;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);
  choose_with_card (h, "renew", "valid");
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_false (seen (h, KIOSK_FLOW_STATE_ENTER_CURRENT)); /* no try spent */
  g_assert_cmpint (kiosk_flow_get_handoff_reason (h->kiosk.flow), ==,
                   KIOSK_HANDOFF_RENEWAL_NOT_OPEN);
  opens = kiosk_flow_get_renewal_opens (h->kiosk.flow);
  g_assert_nonnull (opens);
  day = g_date_time_new (kiosk_clock_get_time_zone (), g_date_get_year (opens),
                         g_date_get_month (opens), g_date_get_day (opens), 0, 0, 0);
  now = kiosk_clock_now (h->kiosk.clock);
  g_assert_cmpint (g_date_time_compare (day, now), >, 0);
  text = g_date_time_format (day, h->expected->day_format);
  assert_shows (h, h->expected->too_early);
  assert_shows (h, text);
  assert_receipt (h, "RENEW HANDED_OFF RENEWAL_NOT_OPEN");
  save_screen (h, "handoff-renewal-not-open");
  finish_handoff (h);
  harness_free (h);
}

static void
test_handoff_expired (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);
  choose_with_card (h, "renew", "expired");
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (h->kiosk.flow), ==, KIOSK_HANDOFF_EXPIRED);
  assert_shows (h, h->expected->expired);
  assert_receipt (h, "RENEW HANDED_OFF EXPIRED_POLICY");
  save_screen (h, "handoff-expired");
  harness_free (h);
}

/* Closed now: no card is asked for, and the screen says when it opens again. */
static void
test_handoff_outside_hours (gconstpointer data)
{
  Harness *h;
  GDateTime *reopens;
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *text = NULL;

  if (!require_display ())
    return;
  h = harness_new (data);
  kiosk_flow_set_hours_mode (h->kiosk.flow, KIOSK_FLOW_HOURS_CLOSED);
  go_to_menu (h);
  harness_arm (h);
  tap (h, "renew");
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_false (seen (h, KIOSK_FLOW_STATE_PLACE_CARD));
  g_assert_cmpint (kiosk_flow_get_handoff_reason (h->kiosk.flow), ==, KIOSK_HANDOFF_OUTSIDE_HOURS);
  reopens = kiosk_flow_get_reopens (h->kiosk.flow);
  g_assert_nonnull (reopens);
  now = kiosk_clock_now (h->kiosk.clock);
  g_assert_cmpint (g_date_time_compare (reopens, now), >, 0);
  local = kiosk_clock_to_local (reopens);
  text = g_date_time_format (local, h->expected->time_format);
  assert_shows (h, h->expected->closed_now);
  assert_shows (h, text);
  assert_receipt (h, "RENEW HANDED_OFF OUTSIDE_HOURS");
  save_screen (h, "handoff-outside-hours");
  finish_handoff (h);
  harness_free (h);
}

static void
test_handoff_service_down (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  kiosk_issuance_simulator_set_mode (h->kiosk.simulator, KIOSK_ISSUANCE_SIMULATOR_DOWN, 0);
  renew_keeping (h, "renewal-window-open");
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (h->kiosk.flow), ==, KIOSK_HANDOFF_SERVICE_DOWN);
  assert_shows (h, h->expected->service_unavailable);
  assert_receipt (h, "RENEW HANDED_OFF SERVICE_DOWN");
  save_screen (h, "handoff-service-down");
  harness_free (h);
}

static void
test_handoff_revoked (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  renew_keeping (h, "revoked");
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (h->kiosk.flow), ==, KIOSK_HANDOFF_REVOKED);
  assert_shows (h, h->expected->cannot_do_here);
  assert_receipt (h, "RENEW HANDED_OFF REVOKED");
  g_assert_cmpuint (kiosk_issuance_simulator_get_committed_count (h->kiosk.simulator), ==, 0);
  save_screen (h, "handoff-revoked");
  harness_free (h);
}

/* The APDUs a whole renewal with new secrets takes from insertion, fed to the flow directly
 * (the taps are the other cases' business): where to pull a card at its last one. */
static guint
count_renewal_apdus (Harness *h)
{
  static const char *const entries[]
      = { OLD_PIN, OLD_PASSWORD, NEW_PIN, NEW_PIN, NEW_PASSWORD, NEW_PASSWORD };
  static const KioskFlowState waits[]
      = { KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_FLOW_STATE_ENTER_CURRENT,
          KIOSK_FLOW_STATE_ENTER_NEW,     KIOSK_FLOW_STATE_CONFIRM_NEW,
          KIOSK_FLOW_STATE_ENTER_NEW,     KIOSK_FLOW_STATE_CONFIRM_NEW };
  guint total;

  go_to_menu (h);
  choose_with_card (h, "renew", "renewal-window-open");
  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (entries[i]);

      wait_presented (h, waits[i]);
      harness_arm (h);
      kiosk_flow_secret_entered (h->kiosk.flow, secret);
    }
  wait_presented (h, KIOSK_FLOW_STATE_DONE);
  total = kiosk_virtual_card_get_apdu_count (h->kiosk.card);
  harness_arm (h);
  kiosk_flow_input (h->kiosk.flow, KIOSK_FLOW_INPUT_RESET);
  kiosk_virtual_transport_remove (h->kiosk.reader);
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);
  return total;
}

/* Pulled at the last APDU (the new password, after the new certificates are active): the card
 * is new, the national record is not. */
static void
test_handoff_incomplete (gconstpointer data)
{
  Harness *h;
  guint total;
  g_autofree char *late = NULL;
  g_autoptr (GPtrArray) sessions = NULL;

  if (!require_display ())
    return;
  h = harness_new (data);
  total = count_renewal_apdus (h);
  late = g_strdup_printf ("pull-at-apdu=%u\n", total - 1);
  add_profile (h, "pulled-late", "renewal-window-open", late);
  restart_simulator (h);

  go_to_menu (h);
  choose_with_card (h, "renew", "pulled-late");
  prove_current_secrets (h, 6);
  harness_arm (h);
  kiosk_test_type_pin (h->window, NEW_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  harness_arm (h);
  kiosk_test_type_pin (h->window, NEW_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  harness_arm (h);
  kiosk_test_type_password (h->window, NEW_PASSWORD);
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  harness_arm (h);
  kiosk_test_type_password (h->window, NEW_PASSWORD);
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  g_assert_true (seen (h, KIOSK_FLOW_STATE_RENEWING));
  g_assert_cmpint (kiosk_flow_get_handoff_reason (h->kiosk.flow), ==, KIOSK_HANDOFF_INCOMPLETE_NEW);
  g_assert_cmpint (kiosk_flow_get_renewal_result (h->kiosk.flow)->card, ==, KIOSK_RENEWAL_CARD_NEW);
  assert_shows (h, h->expected->go_to_counter);
  assert_shows (h, h->expected->not_confirmed);
  assert_receipt (h, "RENEW FAILED RENEWAL_INCOMPLETE_NEW");
  sessions = kiosk_session_journal_list_incomplete (h->kiosk.journal);
  g_assert_cmpuint (sessions->len, ==, 1);
  save_screen (h, "handoff-incomplete");
  harness_free (h);
}

/* A card with the authentication certificate alone: the PIN is all there is to prove and to
 * choose; the done screen says which certificate was renewed. */
static void
test_renew_auth_only (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);
  choose_with_card (h, "renew", "minor-due");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_false (kiosk_flow_get_needs_sign_password (h->kiosk.flow));
  assert_step (h, 1, 3);
  harness_arm (h);
  kiosk_test_type_pin (h->window, OLD_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  assert_step (h, 2, 3);
  assert_keep_button (h, h->expected->keep_pin);
  harness_arm (h);
  kiosk_test_type_pin (h->window, NEW_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  assert_step (h, 3, 3);
  harness_arm (h);
  kiosk_test_type_pin (h->window, NEW_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_DONE);
  g_assert_true (seen (h, KIOSK_FLOW_STATE_RENEWING));
  assert_shows (h, h->expected->auth_renewed);
  /* the card has no password: the words say the PIN alone */
  assert_shows (h, h->expected->use_new_pin);
  assert_does_not_show (h, h->expected->not_password);
  assert_receipt (h, "RENEW DONE NONE");
  save_screen (h, "done-renew-auth-only");
  g_assert_true (card_accepts (h, KIOSK_JPKI_AUTH, NEW_PIN));
  harness_free (h);
}

/* Busy without an estimate: the screen says so rather than guess; "back" returns to the menu
 * with nothing kept. */
static void
test_busy_unknown_wait_back (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  kiosk_issuance_simulator_set_mode (h->kiosk.simulator, KIOSK_ISSUANCE_SIMULATOR_BUSY, 0);
  renew_keeping (h, "renewal-window-open");
  wait_presented (h, KIOSK_FLOW_STATE_SERVICE_BUSY);
  g_assert_cmpuint (kiosk_flow_get_retry_after (h->kiosk.flow), ==, 0);
  assert_shows (h, h->expected->wait_unknown);
  save_screen (h, "service-busy-unknown-wait");
  harness_arm (h);
  tap (h, "back");
  wait_presented (h, KIOSK_FLOW_STATE_MENU);
  g_assert_null (kiosk_flow_get_current_secret (h->kiosk.flow));
  g_assert_null (kiosk_flow_get_current_secret_for (h->kiosk.flow, KIOSK_JPKI_SIGN));
  harness_free (h);
}

int
main (int argc, char **argv)
{
  static const char *const languages[] = { "ja", "en" };
  static const struct
  {
    const char *name;
    GTestDataFunc func;
  } cases[] = {
    { "renew-both", test_renew_both },
    { "keep-current", test_keep_current },
    { "reissue", test_reissue },
    { "busy-then-retry", test_busy_then_retry },
    { "busy-to-counter", test_busy_to_counter },
    { "handoff-renewal-not-open", test_handoff_renewal_not_open },
    { "handoff-expired", test_handoff_expired },
    { "handoff-outside-hours", test_handoff_outside_hours },
    { "handoff-service-down", test_handoff_service_down },
    { "handoff-revoked", test_handoff_revoked },
    { "handoff-incomplete", test_handoff_incomplete },
    { "renew-auth-only", test_renew_auth_only },
    { "busy-unknown-wait-back", test_busy_unknown_wait_back },
  };

  g_test_init (&argc, &argv, NULL);
  kiosk_locale_init ();
  have_display = gtk_init_check ();

  for (gsize l = 0; l < G_N_ELEMENTS (languages); l++)
    for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        g_autofree char *path = g_strdup_printf ("/ui/renewal/%s/%s", languages[l], cases[c].name);

        g_test_add_data_func (path, languages[l], cases[c].func);
      }
  return g_test_run ();
}
