/* test-procedures.c: the PIN and password changes and the handoffs in the real window, tapped
 * like a finger
 *
 * The window runs on a controller on the in-process virtual card ("valid": PIN 1234 with 3 tries,
 * password ABC123 with 5; "pin-locked"; "minor", without a signature certificate). Screenshots
 * of every new screen land in <build>/screenshots/<language>/<name>.png: operator, menu,
 * enter-current, verifying, enter-new, confirm-new, writing, done, handoff, and the variants
 * enter-current-wrong, enter-current-last-try, enter-new-mismatch, enter-current-password,
 * enter-current-password-wrong, enter-new-password, enter-new-password-mismatch, done-password,
 * handoff-proxy, handoff-representative, handoff-no-sign-certificate. Afterwards the card itself
 * is asked: the new PIN verifies, the old one is refused, and each wrong entry cost one try.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "kiosk-card-error.h"
#include "kiosk-controller.h"
#include "kiosk-demo-cards.h"
#include "kiosk-locale.h"
#include "kiosk-scaler.h"
#include "kiosk-screenshot.h"
#include "kiosk-test-ca.h"
#include "kiosk-test-gate-transport.h"
#include "kiosk-virtual-transport.h"
#include "kiosk-window.h"
#include "kiosk-test-window.h"

static gboolean have_display;

/* What a resident reads, per language (compared with the screen, not the catalog). */
typedef struct
{
  const char *language;
  const char *operator_title;
  const char *menu_title;
  const char *enter_current_pin;
  const char *three_tries;
  const char *two_tries;
  const char *wrong;
  const char *checking_pin;
  const char *enter_new_pin;
  const char *confirm_new_pin;
  const char *mismatch;
  const char *changing_pin;
  const char *pin_changed;
  const char *go_to_counter;
  const char *proxy_two_visits;
  const char *bring_attorney;
  const char *last_try;
  const char *enter_current_password;
  const char *password_changed;
  const char *five_tries;
  const char *four_tries;
  const char *representative_counter_only;
  const char *no_sign_certificate;
} Expected;

static const Expected expected_ja = {
  "ja",
  "本日このカードを使うのはどなたですか？",
  "何をしますか？",
  "今の4桁の暗証番号を入力してください",
  "あと3回",
  "あと2回",
  "正しくありません。もう一度入力してください。",
  "4桁の暗証番号を確認しています",
  "新しい4桁の暗証番号を入力してください",
  "確認のため、新しい4桁の暗証番号をもう一度入力してください",
  "2回の入力が一致しません。初めから入力してください。",
  "4桁の暗証番号を変更しています",
  "4桁の暗証番号を変更しました",
  "マイナンバーカード窓口へお越しください",
  "来庁は2回必要です",
  "委任状",
  "あと1回です。\n間違えるとロックされます",
  "今の署名用パスワードを入力",
  "署名用パスワードを変更しました",
  "あと5回",
  "あと4回",
  "法定代理人の方の手続きは窓口でのみ行えます。",
  "このカードには署名用電子証明書がないため",
};

static const Expected expected_en = {
  "en",
  "Who is using this card today?",
  "What would you like to do?",
  "Enter your current 4-digit PIN",
  "3 tries left",
  "2 tries left",
  "That was not right. Please try again.",
  "Checking your 4-digit PIN",
  "Enter your new 4-digit PIN",
  "Enter the new 4-digit PIN again",
  "The two entries did not match. Please start again.",
  "Changing your 4-digit PIN",
  "Your 4-digit PIN has been changed",
  "Please go to the My Number card counter",
  "It takes two visits",
  "letter of attorney",
  "Last try: one more wrong entry locks your PIN",
  "Current signature password",
  "Your signature password has been changed",
  "5 tries left",
  "4 tries left",
  "A legal representative can do card procedures only at the counter.",
  "This card has no signature certificate",
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
  const Expected *expected;
  KioskClock *clock;
  KioskConfig *config;
  KioskTestCa *ca;
  KioskVirtualTransport *reader;
  KioskTestGateTransport *gate;
  KioskDemoCards *cards;
  KioskController *controller;
  KioskFlow *flow;
  KioskWindow *window;
  int presented;
} Harness;

static void
on_screen_presented (KioskWindow *window, int state, Harness *h)
{
  h->presented = state;
}

static void
wait_presented (Harness *h, KioskFlowState state)
{
  kiosk_test_wait_presented (h->window, h->flow, &h->presented, state);
}

static void
harness_arm (Harness *h)
{
  h->presented = -1;
}

static Harness *
harness_new (const char *language)
{
  Harness *h = g_new0 (Harness, 1);
  g_autoptr (GError) error = NULL;
  const char *anchors[3];

  h->expected = g_str_equal (language, "ja") ? &expected_ja : &expected_en;
  kiosk_locale_set_language (language);

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
  h->cards = kiosk_demo_cards_new (h->reader, kiosk_demo_cards_default_cards_dir (), h->ca,
                                   h->clock, &error);
  g_assert_no_error (error);
  h->controller
      = kiosk_controller_new (h->config, h->clock, KIOSK_CARD_TRANSPORT (h->gate), &error);
  g_assert_no_error (error);
  h->flow = kiosk_controller_get_flow (h->controller);

  h->window = g_object_ref (kiosk_window_new (NULL, h->flow));
  gtk_window_set_default_size (GTK_WINDOW (h->window), KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
  g_signal_connect (h->window, "screen-presented", G_CALLBACK (on_screen_presented), h);
  harness_arm (h);
  gtk_window_present (GTK_WINDOW (h->window));
  kiosk_controller_start (h->controller);
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);
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
  g_clear_object (&h->cards);
  g_clear_object (&h->gate);
  g_clear_object (&h->reader);
  g_clear_object (&h->config);
  g_clear_object (&h->ca);
  g_clear_object (&h->clock);
  g_free (h);
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
find_mapped (GtkWidget *widget, const char *name, const char *label)
{
  return kiosk_test_find_mapped (widget, name, label);
}

static void
tap (Harness *h, const char *name)
{
  kiosk_test_tap (h->window, name);
}

static void
type_pin (Harness *h, const char *digits)
{
  kiosk_test_type_pin (h->window, digits);
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

static void
save_current_screen (Harness *h)
{
  save_screen (h, kiosk_flow_state_to_string (kiosk_window_get_visible_state (h->window)));
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

static VerifyResult
verify_on_card (Harness *h, const char *pin)
{
  VerifyResult r = { FALSE, FALSE, G_MAXUINT, NULL };
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (pin);
  gint64 deadline = g_get_monotonic_time () + KIOSK_TEST_WAIT_TIMEOUT_S * G_TIME_SPAN_SECOND;

  kiosk_card_worker_verify_async (kiosk_controller_get_worker (h->controller), KIOSK_JPKI_AUTH,
                                  secret, NULL, on_verified, &r);
  while (!r.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (r.done);
  return r;
}

/* ---- the journeys ---- */

static void
go_to_menu (Harness *h)
{
  harness_arm (h);
  tap (h, "start");
  wait_presented (h, KIOSK_FLOW_STATE_OPERATOR);
  assert_shows (h, h->expected->operator_title);
  g_assert_nonnull (find_mapped (GTK_WIDGET (h->window), "back", NULL));
  save_current_screen (h);

  harness_arm (h);
  tap (h, "holder");
  wait_presented (h, KIOSK_FLOW_STATE_MENU);
  assert_shows (h, h->expected->menu_title);
  save_current_screen (h);
}

static void
test_change_pin (gconstpointer data)
{
  Harness *h;
  VerifyResult r;
  g_autoptr (GError) error = NULL;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);

  harness_arm (h);
  tap (h, "change-pin");
  wait_presented (h, KIOSK_FLOW_STATE_PLACE_CARD);
  harness_arm (h);
  kiosk_demo_cards_insert (h->cards, "valid", &error);
  g_assert_no_error (error);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  assert_shows (h, h->expected->enter_current_pin);
  assert_shows (h, h->expected->three_tries); /* before any entry */
  g_assert_nonnull (find_mapped (GTK_WIDGET (h->window), "cancel", NULL));
  save_current_screen (h);

  /* A wrong PIN: the card counts it, the screen says so and shows one try fewer. The gate holds
   * the card's answer so the "checking" screen can be looked at. */
  kiosk_test_gate_transport_set_open (h->gate, FALSE);
  harness_arm (h);
  type_pin (h, "9999");
  wait_presented (h, KIOSK_FLOW_STATE_VERIFYING);
  assert_shows (h, h->expected->checking_pin);
  save_current_screen (h);
  harness_arm (h);
  kiosk_test_gate_transport_set_open (h->gate, TRUE);
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  assert_shows (h, h->expected->wrong);
  assert_shows (h, h->expected->two_tries);
  save_screen (h, "enter-current-wrong");

  harness_arm (h);
  type_pin (h, "1234");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  assert_shows (h, h->expected->enter_new_pin);
  assert_does_not_show (h, h->expected->two_tries); /* a new PIN costs no try */
  save_current_screen (h);

  harness_arm (h);
  type_pin (h, "5678");
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  assert_shows (h, h->expected->confirm_new_pin);
  save_current_screen (h);

  /* Typed differently the second time: both are typed again. */
  harness_arm (h);
  type_pin (h, "5679");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  assert_shows (h, h->expected->mismatch);
  g_assert_null (kiosk_flow_get_first_new_secret (h->flow));
  save_screen (h, "enter-new-mismatch");

  harness_arm (h);
  type_pin (h, "5678");
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  kiosk_test_gate_transport_set_open (h->gate, FALSE);
  harness_arm (h);
  type_pin (h, "5678");
  wait_presented (h, KIOSK_FLOW_STATE_WRITING);
  assert_shows (h, h->expected->changing_pin);
  save_current_screen (h);
  harness_arm (h);
  kiosk_test_gate_transport_set_open (h->gate, TRUE);
  wait_presented (h, KIOSK_FLOW_STATE_DONE);
  assert_shows (h, h->expected->pin_changed);
  save_current_screen (h);
  /* Nothing secret is left in the flow. */
  g_assert_null (kiosk_flow_get_current_secret (h->flow));
  g_assert_null (kiosk_flow_get_new_secret (h->flow));

  /* The card itself: the new PIN verifies, with all its tries back. */
  r = verify_on_card (h, "5678");
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (r.tries_left, ==, 3);
  /* ... and the old one is refused. */
  r = verify_on_card (h, "1234");
  g_assert_false (r.ok);
  g_assert_error (r.error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN);
  g_assert_cmpuint (r.tries_left, ==, 2);
  g_clear_error (&r.error);

  harness_arm (h);
  tap (h, "finish");
  wait_presented (h, KIOSK_FLOW_STATE_TAKE_CARD);
  harness_free (h);
}

/* The card's counter is the only judge: one wrong entry is exactly one try. */
static void
test_wrong_pin_costs_one_try (gconstpointer data)
{
  Harness *h;
  VerifyResult r;
  g_autoptr (GError) error = NULL;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);
  kiosk_demo_cards_insert (h->cards, "valid", &error);
  g_assert_no_error (error);
  kiosk_test_run_for (100);
  harness_arm (h);
  tap (h, "change-pin");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_tries_left (h->flow), ==, 3);

  harness_arm (h);
  type_pin (h, "0000");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_tries_left (h->flow), ==, 2);

  /* Another: one left, and the screen warns plainly before the last entry. */
  harness_arm (h);
  type_pin (h, "0001");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_tries_left (h->flow), ==, 1);
  assert_shows (h, h->expected->wrong);
  assert_shows (h, h->expected->last_try);
  save_screen (h, "enter-current-last-try");

  /* Cancel, and ask the card directly: one left indeed; the right PIN gives all three back. */
  harness_arm (h);
  tap (h, "cancel");
  wait_presented (h, KIOSK_FLOW_STATE_MENU);
  g_assert_null (kiosk_flow_get_current_secret (h->flow));
  r = verify_on_card (h, "1234");
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (r.tries_left, ==, 3);
  harness_free (h);
}

static void
type_password (Harness *h, const char *text)
{
  kiosk_test_type_password (h->window, text);
}

static void
test_change_password (gconstpointer data)
{
  Harness *h;
  g_autoptr (GError) error = NULL;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);
  kiosk_demo_cards_insert (h->cards, "valid", &error);
  g_assert_no_error (error);
  kiosk_test_run_for (100);
  harness_arm (h);
  tap (h, "change-password");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  assert_shows (h, h->expected->enter_current_password);
  g_assert_nonnull (find_mapped (GTK_WIDGET (h->window), "password-keyboard", NULL));
  g_assert_null (find_mapped (GTK_WIDGET (h->window), "pin-pad", NULL));
  assert_shows (h, h->expected->five_tries);
  save_screen (h, "enter-current-password");

  harness_arm (h);
  type_password (h, "ABC124");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_cmpint (kiosk_flow_get_tries_left (h->flow), ==, 4);
  assert_shows (h, h->expected->wrong);
  assert_shows (h, h->expected->four_tries);
  save_screen (h, "enter-current-password-wrong");

  harness_arm (h);
  type_password (h, "ABC123");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  save_screen (h, "enter-new-password");
  harness_arm (h);
  type_password (h, "NEWPASS9");
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  harness_arm (h);
  type_password (h, "NEWPASS8");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  save_screen (h, "enter-new-password-mismatch");
  harness_arm (h);
  type_password (h, "NEWPASS9");
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  harness_arm (h);
  type_password (h, "NEWPASS9");
  wait_presented (h, KIOSK_FLOW_STATE_DONE);
  assert_shows (h, h->expected->password_changed);
  save_screen (h, "done-password");
  harness_free (h);
}

static void
test_proxy_handoff (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  harness_arm (h);
  tap (h, "start");
  wait_presented (h, KIOSK_FLOW_STATE_OPERATOR);
  harness_arm (h);
  tap (h, "proxy");
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  assert_shows (h, h->expected->go_to_counter);
  assert_shows (h, h->expected->proxy_two_visits);
  assert_shows (h, h->expected->bring_attorney);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (h->flow), ==, KIOSK_HANDOFF_PROXY);
  save_screen (h, "handoff-proxy");

  harness_arm (h);
  tap (h, "finish");
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);
  harness_free (h);
}

static void
test_locked_pin_handoff (gconstpointer data)
{
  Harness *h;
  g_autoptr (GError) error = NULL;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);
  kiosk_demo_cards_insert (h->cards, "pin-locked", &error);
  g_assert_no_error (error);
  kiosk_test_run_for (100);
  harness_arm (h);
  tap (h, "change-pin");
  /* No entry at all: straight to the counter. */
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  assert_shows (h, h->expected->go_to_counter);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (h->flow), ==, KIOSK_HANDOFF_PIN_LOCKED);
  save_current_screen (h);
  harness_free (h);
}

static void
test_representative_handoff (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  harness_arm (h);
  tap (h, "start");
  wait_presented (h, KIOSK_FLOW_STATE_OPERATOR);
  harness_arm (h);
  tap (h, "representative");
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  assert_shows (h, h->expected->representative_counter_only);
  assert_does_not_show (h, h->expected->proxy_two_visits);
  g_assert_cmpint (kiosk_flow_get_operator (h->flow), ==, KIOSK_OPERATOR_REPRESENTATIVE);
  save_screen (h, "handoff-representative");
  harness_free (h);
}

/* The "minor" card has no signature certificate: nothing to change, the counter issues one. */
static void
test_no_sign_certificate_handoff (gconstpointer data)
{
  Harness *h;
  g_autoptr (GError) error = NULL;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);
  kiosk_demo_cards_insert (h->cards, "minor", &error);
  g_assert_no_error (error);
  kiosk_test_run_for (100);
  harness_arm (h);
  tap (h, "change-password");
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  assert_shows (h, h->expected->no_sign_certificate);
  g_assert_cmpint (kiosk_flow_get_handoff_reason (h->flow), ==, KIOSK_HANDOFF_NO_SIGN_CERTIFICATE);
  save_screen (h, "handoff-no-sign-certificate");
  harness_free (h);
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
      g_autofree char *change = g_strdup_printf ("/ui/procedures/%s/change-pin", languages[l]);
      g_autofree char *one_try
          = g_strdup_printf ("/ui/procedures/%s/wrong-pin-costs-one-try", languages[l]);
      g_autofree char *proxy = g_strdup_printf ("/ui/procedures/%s/proxy-handoff", languages[l]);
      g_autofree char *locked
          = g_strdup_printf ("/ui/procedures/%s/locked-pin-handoff", languages[l]);

      g_test_add_data_func (change, languages[l], test_change_pin);
      g_test_add_data_func (one_try, languages[l], test_wrong_pin_costs_one_try);
      g_autofree char *password
          = g_strdup_printf ("/ui/procedures/%s/change-password", languages[l]);

      g_test_add_data_func (password, languages[l], test_change_password);
      g_autofree char *representative
          = g_strdup_printf ("/ui/procedures/%s/representative-handoff", languages[l]);
      g_autofree char *no_sign
          = g_strdup_printf ("/ui/procedures/%s/no-sign-certificate-handoff", languages[l]);

      g_test_add_data_func (proxy, languages[l], test_proxy_handoff);
      g_test_add_data_func (representative, languages[l], test_representative_handoff);
      g_test_add_data_func (no_sign, languages[l], test_no_sign_certificate_handoff);
      g_test_add_data_func (locked, languages[l], test_locked_pin_handoff);
    }
  return g_test_run ();
}
