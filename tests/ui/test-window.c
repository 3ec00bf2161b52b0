/* test-window.c: the real kiosk window on the in-process virtual card, screen by screen, in
 * Japanese and English, with a screenshot of every screen
 *
 * Screenshots land in <build>/screenshots/<language>/<screen>.png (the screen is the flow state's
 * name: welcome.png, place-card.png, reading.png, status.png, take-card.png, no-reader.png,
 * card-unreadable.png, card-removed.png; status-<profile>.png for the other card profiles).
 * They are rendered from inside the process (kiosk_widget_save_png) at the panel's size,
 * 1080×1920, with the renderer the test environment fixes (GSK_RENDERER=cairo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "kiosk-card-profile.h"
#include "kiosk-controller.h"
#include "kiosk-demo-cards.h"
#include "kiosk-demo-panel.h"
#include "kiosk-locale.h"
#include "kiosk-scaler.h"
#include "kiosk-screenshot.h"
#include "kiosk-test-ca.h"
#include "kiosk-test-gate-transport.h"
#include "kiosk-virtual-card.h"
#include "kiosk-virtual-transport.h"
#include "kiosk-window.h"
#include "kiosk-test-window.h"

static gboolean have_display;

/* What a resident reads, per language: the test compares the screen with these, not with the
 * catalog, so a wrong or missing translation fails. */
typedef struct
{
  const char *language;
  const char *start;
  const char *place_card_title;
  const char *do_not_remove;
  const char *valid_headline;
  const char *expired_headline;
  const char *pin_last_try_headline;
  const char *no_certificates_headline;
  const char *renewal_headline;
  const char *days_left_format;   /* printf, days > 0 */
  const char *expired_ago_format; /* printf, days since expiry */
  const char *expires_format;     /* g_date_time_format, Japan time */
  const char *renew_from_format;  /* printf, a date as date_format */
  const char *date_format;        /* g_date_time_format */
  const char *renew_now;
  const char *at_counter;
  const char *tries_format_one;  /* printf, 1 */
  const char *tries_format_many; /* printf, n > 1 */
  const char *locked;
  const char *no_sign_certificate;
  const char *take_card_title;
  const char *no_reader_title;
  const char *unreadable_title;
  const char *not_my_number_card;
  const char *card_removed_title;
} Expected;

static const Expected expected_ja = {
  .language = "ja",
  .start = "はじめる",
  .place_card_title = "カードをカードリーダーに\n置いてください",
  .do_not_remove = "カードを取り出さないでください。",
  .valid_headline = "電子証明書は有効です",
  .expired_headline = "電子証明書の\n有効期限が切れています",
  .pin_last_try_headline = "4桁の暗証番号は\n残り1回です",
  .no_certificates_headline = "このカードには\n電子証明書が入っていません",
  .renewal_headline = "電子証明書の更新手続きができます",
  .days_left_format = "あと%d日",
  .expired_ago_format = "%d日前に有効期限が切れました",
  .expires_format = "%Y年%-m月%-d日 %H時%M分",
  .renew_from_format = "%sから",
  .date_format = "%Y年%-m月%-d日",
  .renew_now = "今すぐ手続きできます",
  .at_counter = "窓口で手続きしてください",
  .tries_format_one = "あと%d回",
  .tries_format_many = "あと%d回",
  .locked = "ロック中（窓口で再設定）",
  .no_sign_certificate = "署名用電子証明書はありません",
  .take_card_title = "カードをお取りください",
  .no_reader_title = "ただいまカードリーダーをご利用いただけません",
  .unreadable_title = "カードを\n読み取れませんでした",
  .not_my_number_card = "マイナンバーカードではないか、\n電子証明書のないカードのようです。",
  .card_removed_title = "読み取り中に\nカードが取り出されました",
};

static const Expected expected_en = {
  .language = "en",
  .start = "Start",
  .place_card_title = "Place your card on the reader",
  .do_not_remove = "Do not remove your card.",
  .valid_headline = "Your electronic certificate is valid",
  .expired_headline = "Your electronic certificate has expired",
  .pin_last_try_headline = "Your 4-digit PIN has only one try left",
  .no_certificates_headline = "This card has no electronic certificates",
  .renewal_headline = "Your electronic certificate can be renewed now",
  .days_left_format = "%d days left",
  .expired_ago_format = "Expired %d days ago",
  .expires_format = "%B %-d, %Y, %H:%M",
  .renew_from_format = "From %s",
  .date_format = "%B %-d, %Y",
  .renew_now = "You can renew now",
  .at_counter = "At the counter",
  .tries_format_one = "%d try left",
  .tries_format_many = "%d tries left",
  .locked = "Locked (reset at the counter)",
  .no_sign_certificate = "This card has no signature certificate",
  .take_card_title = "Please take your card",
  .no_reader_title = "The card reader cannot be used right now",
  .unreadable_title = "Your card could not be read",
  .not_my_number_card = "This card does not seem to be a My Number card, or it has no electronic "
                        "certificate function.",
  .card_removed_title = "The card was removed while it was being read",
};

static const Expected *
expected_for (const char *language)
{
  return g_str_equal (language, "ja") ? &expected_ja : &expected_en;
}

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

/* ---- the harness: a window on a controller on the gated virtual reader ---- */

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
  int presented; /* the last state presented since harness_arm(), or -1 */
  guint presented_count;
  char *temp_dir;
} Harness;

static void
on_screen_presented (KioskWindow *window, int state, Harness *h)
{
  h->presented = state;
  h->presented_count++;
}

/* Forget what was presented so far: the next wait_presented() sees only what follows. */
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
harness_new (const char *language, int width, int height)
{
  Harness *h = g_new0 (Harness, 1);
  g_autoptr (GError) error = NULL;
  const char *anchors[3];

  h->expected = expected_for (language);
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

  /* GTK owns toplevels; the harness keeps its own reference so a test may close the window. */
  h->window = g_object_ref (kiosk_window_new (NULL, h->flow));
  gtk_window_set_default_size (GTK_WINDOW (h->window), width, height);
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
  if (h->temp_dir != NULL)
    {
      g_autoptr (GDir) dir = g_dir_open (h->temp_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (h->temp_dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (h->temp_dir);
      g_free (h->temp_dir);
    }
  g_free (h);
}

/* ---- looking at the screen as a resident would ---- */

static void
collect_texts (GtkWidget *widget, GString *out)
{
  /* The stack unmaps every screen but the visible one: mapped means on the panel. */
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

static void
assert_shows (Harness *h, const char *text)
{
  g_autoptr (GString) texts = g_string_new (NULL);

  collect_texts (GTK_WIDGET (h->window), texts);
  if (strstr (texts->str, text) == NULL)
    g_error ("the %s screen does not show \"%s\"; it shows:\n%s",
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (h->window)), text,
             texts->str);
}

static GtkWidget *
find_mapped (GtkWidget *widget, const char *name)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
label_text (Harness *h, const char *name)
{
  GtkWidget *label = find_mapped (GTK_WIDGET (h->window), name);

  if (label == NULL)
    g_error ("no visible \"%s\" label on the %s screen", name,
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (h->window)));
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

/* A tap: the button must be on the screen, big enough for a finger (96 px at panel size),
 * and be what the panel finds under the finger at its centre (through the scaling). */
static void
tap (Harness *h, const char *name)
{
  GtkWidget *window = GTK_WIDGET (h->window);
  GtkWidget *button = find_mapped (window, name);
  GtkWidget *picked;
  graphene_rect_t bounds;

  if (button == NULL)
    g_error ("no \"%s\" button on the %s screen", name,
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (h->window)));
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpint (gtk_widget_get_height (button), >=, 96);
  g_assert_cmpint (gtk_widget_get_width (button), >=, 96);

  g_assert_true (gtk_widget_compute_bounds (button, window, &bounds));
  picked = gtk_widget_pick (window, bounds.origin.x + bounds.size.width / 2,
                            bounds.origin.y + bounds.size.height / 2, GTK_PICK_DEFAULT);
  g_assert_nonnull (picked);
  g_assert_true (picked == button || gtk_widget_is_ancestor (picked, button));

  gtk_widget_activate (button);
}

static char *
screenshot_path (Harness *h, const char *name)
{
  const char *dir = g_getenv ("KIOSK_SCREENSHOT_DIR");
  g_autofree char *file = g_strconcat (name, ".png", NULL);

  if (dir == NULL || *dir == '\0')
    dir = KIOSK_SCREENSHOT_DIR;
  return g_build_filename (dir, h->expected->language, file, NULL);
}

static void
save_window (Harness *h, GtkWidget *window, const char *name)
{
  g_autofree char *path = screenshot_path (h, name);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) saved = NULL;

  kiosk_widget_save_png (window, path, &error);
  g_assert_no_error (error);
  saved = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (saved), ==, gtk_widget_get_width (window));
  g_assert_cmpint (gdk_texture_get_height (saved), ==, gtk_widget_get_height (window));
  g_test_message ("screenshot: %s", path);
}

static void
save_screen (Harness *h, const char *name)
{
  save_window (h, GTK_WIDGET (h->window), name);
}

static void
save_current_screen (Harness *h)
{
  save_screen (h, kiosk_flow_state_to_string (kiosk_window_get_visible_state (h->window)));
}

static GBytes *
pixels_of (GtkWidget *widget)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = kiosk_widget_render (widget, &error);
  gsize stride, size;
  guint8 *data;

  g_assert_no_error (error);
  stride = gdk_texture_get_width (texture) * 4;
  size = stride * gdk_texture_get_height (texture);
  data = g_malloc (size);
  gdk_texture_download (texture, data, stride);
  return g_bytes_new_take (data, size);
}

static void
insert_profile (Harness *h, const char *name)
{
  g_autoptr (GError) error = NULL;

  kiosk_demo_cards_insert (h->cards, name, &error);
  g_assert_no_error (error);
}

/* The expected texts' formats are data (one per language), so the compiler cannot check them
 * against their arguments: each takes exactly one %d or one %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *
format_number (const char *format, int number)
{
  return g_strdup_printf (format, number);
}

static char *
format_text (const char *format, const char *text)
{
  return g_strdup_printf (format, text);
}
#pragma GCC diagnostic pop

/* ---- the journey: welcome → place card → reading → status → take card → welcome ---- */

static void
check_valid_status (Harness *h)
{
  const Expected *e = h->expected;
  KioskStatusReport *report = kiosk_flow_get_report (h->flow);
  GDateTime *expires;
  g_autoptr (GDateTime) opens_day = NULL;
  g_autofree char *days_left = NULL;
  g_autofree char *expires_text = NULL;
  g_autofree char *opens_date = NULL;
  g_autofree char *renew_from = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *sign = NULL;
  GDate *opens;
  int days;

  g_assert_nonnull (report);
  expires = kiosk_status_report_get_expires (report);
  opens = kiosk_status_report_get_renewal_opens (report);
  g_assert_nonnull (expires);
  g_assert_nonnull (opens);

  /* The valid card was issued a year ago: more than three years are left, and the certificate
   * ends at 23:59:59 Japan time. */
  days = kiosk_status_report_get_days_left (report);
  g_assert_cmpint (days, >, 3 * 365);
  g_assert_cmpint (g_date_time_get_hour (expires), ==, 23);
  g_assert_cmpint (g_date_time_get_minute (expires), ==, 59);
  g_assert_cmpint (g_date_time_get_utc_offset (expires) / G_TIME_SPAN_HOUR, ==, 9);

  assert_shows (h, e->valid_headline);
  days_left = format_number (e->days_left_format, days);
  g_assert_cmpstr (label_text (h, "days-left"), ==, days_left);
  expires_text = g_date_time_format (expires, e->expires_format);
  g_assert_cmpstr (label_text (h, "expires"), ==, expires_text);
  g_assert_true (
      g_str_has_suffix (expires_text, g_str_equal (e->language, "ja") ? "23時59分" : "23:59"));

  opens_day = g_date_time_new (kiosk_clock_get_time_zone (), g_date_get_year (opens),
                               g_date_get_month (opens), g_date_get_day (opens), 0, 0, 0);
  opens_date = g_date_time_format (opens_day, e->date_format);
  renew_from = format_text (e->renew_from_format, opens_date);
  g_assert_cmpstr (label_text (h, "renewal"), ==, renew_from);

  auth = format_number (e->tries_format_many, 3);
  sign = format_number (e->tries_format_many, 5);
  g_assert_cmpstr (label_text (h, "auth-tries"), ==, auth);
  g_assert_cmpstr (label_text (h, "sign-tries"), ==, sign);
}

static void
test_journey (gconstpointer data)
{
  const char *language = data;
  Harness *h;
  GtkWidget *progress;
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;

  if (!require_display ())
    return;
  h = harness_new (language, KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);

  assert_shows (h, h->expected->start);
  save_current_screen (h);

  /* Start asks who is there, then what to do: the holder checks the card. */
  harness_arm (h);
  tap (h, "start");
  wait_presented (h, KIOSK_FLOW_STATE_OPERATOR);
  harness_arm (h);
  tap (h, "holder");
  wait_presented (h, KIOSK_FLOW_STATE_MENU);
  harness_arm (h);
  tap (h, "check");
  wait_presented (h, KIOSK_FLOW_STATE_PLACE_CARD);
  assert_shows (h, h->expected->place_card_title);
  g_assert_nonnull (find_mapped (GTK_WIDGET (h->window), "back"));
  save_current_screen (h);

  /* The gate holds the read, so the reading screen can be looked at. */
  kiosk_test_gate_transport_set_open (h->gate, FALSE);
  harness_arm (h);
  insert_profile (h, "valid");
  wait_presented (h, KIOSK_FLOW_STATE_READING);
  assert_shows (h, h->expected->do_not_remove);
  save_current_screen (h);

  /* The bar visibly moves while the card is read. */
  progress = find_mapped (GTK_WIDGET (h->window), "reading-progress");
  g_assert_nonnull (progress);
  before = pixels_of (progress);
  kiosk_test_run_for (350);
  after = pixels_of (progress);
  g_assert_false (g_bytes_equal (before, after));

  harness_arm (h);
  kiosk_test_gate_transport_set_open (h->gate, TRUE);
  wait_presented (h, KIOSK_FLOW_STATE_STATUS);
  check_valid_status (h);
  save_current_screen (h);

  harness_arm (h);
  tap (h, "done");
  wait_presented (h, KIOSK_FLOW_STATE_TAKE_CARD);
  assert_shows (h, h->expected->take_card_title);
  save_current_screen (h);

  harness_arm (h);
  kiosk_demo_cards_remove (h->cards);
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);
  assert_shows (h, h->expected->start);

  harness_free (h);
}

/* ---- the screens off the happy path ---- */

static void
test_no_reader (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data, KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);

  harness_arm (h);
  kiosk_demo_cards_set_reader_present (h->cards, FALSE);
  wait_presented (h, KIOSK_FLOW_STATE_NO_READER);
  assert_shows (h, h->expected->no_reader_title);
  save_current_screen (h);

  /* Staff plug it back in: the kiosk goes home by itself. */
  harness_arm (h);
  kiosk_demo_cards_set_reader_present (h->cards, TRUE);
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);

  harness_free (h);
}

static void
test_unreadable (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data, KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);

  /* A card that answers, but not as a My Number card does. */
  kiosk_test_gate_transport_set_foreign (h->gate, TRUE);
  harness_arm (h);
  insert_profile (h, "valid");
  wait_presented (h, KIOSK_FLOW_STATE_CARD_UNREADABLE);
  assert_shows (h, h->expected->unreadable_title);
  assert_shows (h, h->expected->not_my_number_card);
  g_assert_nonnull (find_mapped (GTK_WIDGET (h->window), "home"));
  save_current_screen (h);

  /* Taking it out leads back to placing it (the advice is to place it again). */
  harness_arm (h);
  kiosk_demo_cards_remove (h->cards);
  wait_presented (h, KIOSK_FLOW_STATE_PLACE_CARD);

  harness_free (h);
}

/* A copy of the valid profile that is pulled out at its @apdu-th command. */
static void
insert_pulled_card (Harness *h, guint apdu)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCardProfile) profile = NULL;
  g_autoptr (KioskVirtualCard) card = NULL;
  g_autoptr (GDateTime) now = kiosk_clock_now (h->clock);
  g_autofree char *source
      = g_build_filename (kiosk_demo_cards_default_cards_dir (), "valid.card", NULL);
  g_autofree char *text = NULL;
  g_autofree char *pulled_text = NULL;
  g_autofree char *path = NULL;

  g_file_get_contents (source, &text, NULL, &error);
  g_assert_no_error (error);
  pulled_text = g_strdup_printf ("%s\npull-at-apdu=%u\n", text, apdu);
  h->temp_dir = g_dir_make_tmp ("kiosk-ui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (h->temp_dir, "pulled.card", NULL);
  g_file_set_contents (path, pulled_text, -1, &error);
  g_assert_no_error (error);

  profile = kiosk_card_profile_load (path, now, &error);
  g_assert_no_error (error);
  card = kiosk_virtual_card_new (profile, h->ca, now, &error);
  g_assert_no_error (error);
  kiosk_virtual_transport_insert (h->reader, card);
}

static void
test_card_removed (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data, KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);

  harness_arm (h);
  insert_pulled_card (h, 4);
  wait_presented (h, KIOSK_FLOW_STATE_CARD_REMOVED);
  assert_shows (h, h->expected->card_removed_title);
  g_assert_nonnull (find_mapped (GTK_WIDGET (h->window), "home"));
  save_current_screen (h);

  /* Putting the card back reads it again. */
  harness_arm (h);
  insert_profile (h, "valid");
  wait_presented (h, KIOSK_FLOW_STATE_STATUS);
  assert_shows (h, h->expected->valid_headline);

  harness_free (h);
}

static void
test_card_removed_home (void)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new ("en", KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);

  harness_arm (h);
  insert_pulled_card (h, 2);
  wait_presented (h, KIOSK_FLOW_STATE_CARD_REMOVED);
  harness_arm (h);
  tap (h, "home");
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);

  harness_free (h);
}

/* ---- the status screen for each kind of card ---- */

typedef struct
{
  const char *profile;
  const char *language;
} StatusCase;

static void
test_status_profile (gconstpointer data)
{
  const StatusCase *c = data;
  Harness *h;
  const Expected *e;
  KioskStatusReport *report;
  g_autofree char *shot = NULL;
  g_autofree char *text = NULL;
  int days;

  if (!require_display ())
    return;
  h = harness_new (c->language, KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
  e = h->expected;

  harness_arm (h);
  insert_profile (h, c->profile);
  wait_presented (h, KIOSK_FLOW_STATE_STATUS);
  report = kiosk_flow_get_report (h->flow);
  g_assert_nonnull (report);
  days = kiosk_status_report_get_days_left (report);

  if (g_str_equal (c->profile, "expired"))
    {
      assert_shows (h, e->expired_headline);
      g_assert_cmpint (days, <, 0);
      text = format_number (e->expired_ago_format, -days);
      g_assert_cmpstr (label_text (h, "days-left"), ==, text);
      /* No renewal date in the past: the counter renews an expired certificate. */
      g_assert_cmpstr (label_text (h, "renewal"), ==, e->at_counter);
    }
  else if (g_str_equal (c->profile, "renewal-window-open"))
    {
      assert_shows (h, e->renewal_headline);
      g_assert_cmpint (days, >, 0);
      g_assert_cmpint (days, <=, 92);
      g_assert_cmpstr (label_text (h, "renewal"), ==, e->renew_now);
    }
  else if (g_str_equal (c->profile, "pin-one-try-left"))
    {
      assert_shows (h, e->pin_last_try_headline);
      text = format_number (e->tries_format_one, 1);
      g_assert_cmpstr (label_text (h, "auth-tries"), ==, text);
    }
  else if (g_str_equal (c->profile, "pin-locked"))
    g_assert_cmpstr (label_text (h, "auth-tries"), ==, e->locked);
  else if (g_str_equal (c->profile, "sign-password-locked"))
    g_assert_cmpstr (label_text (h, "sign-tries"), ==, e->locked);
  else if (g_str_equal (c->profile, "minor"))
    {
      assert_shows (h, e->valid_headline);
      g_assert_cmpstr (label_text (h, "sign-tries"), ==, e->no_sign_certificate);
    }
  else if (g_str_equal (c->profile, "no-certificates"))
    {
      assert_shows (h, e->no_certificates_headline);
      /* No certificate, no dates: the rows are not on the screen at all. */
      g_assert_null (find_mapped (GTK_WIDGET (h->window), "expires"));
      g_assert_null (find_mapped (GTK_WIDGET (h->window), "renewal"));
    }
  else
    g_assert_not_reached ();

  shot = g_strconcat ("status-", c->profile, NULL);
  save_screen (h, shot);
  harness_free (h);
}

/* ---- the window itself ---- */

static void
test_window_refuses_close (void)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new ("en", KIOSK_PANEL_WIDTH / 2, KIOSK_PANEL_HEIGHT / 2);

  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (h->window)));
  g_assert_true (gtk_window_get_resizable (GTK_WINDOW (h->window)));
  gtk_window_close (GTK_WINDOW (h->window));
  kiosk_test_run_for (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (h->window)));

  kiosk_window_allow_close (h->window);
  gtk_window_close (GTK_WINDOW (h->window));
  kiosk_test_run_for (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (h->window)));

  harness_free (h);
}

/* At its default size (540×960) the window shows the 1080×1920 layout at half scale, and a tap
 * at the drawn button reaches it. */
static void
test_window_scaled (void)
{
  Harness *h;
  GtkWidget *scaler, *page, *start;
  graphene_rect_t bounds, on_page;

  if (!require_display ())
    return;
  h = harness_new ("en", KIOSK_PANEL_WIDTH / 2, KIOSK_PANEL_HEIGHT / 2);

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (h->window)), ==, KIOSK_PANEL_WIDTH / 2);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (h->window)), ==, KIOSK_PANEL_HEIGHT / 2);
  scaler = gtk_window_get_child (GTK_WINDOW (h->window));
  g_assert_true (KIOSK_IS_SCALER (scaler));
  g_assert_cmpfloat_with_epsilon (kiosk_scaler_get_scale (KIOSK_SCALER (scaler)), 0.5, 1e-6);
  page = kiosk_scaler_get_child (KIOSK_SCALER (scaler));
  g_assert_cmpint (gtk_widget_get_width (page), ==, KIOSK_PANEL_WIDTH);
  g_assert_cmpint (gtk_widget_get_height (page), ==, KIOSK_PANEL_HEIGHT);

  /* The whole page fits in the window. */
  g_assert_true (gtk_widget_compute_bounds (page, GTK_WIDGET (h->window), &bounds));
  g_assert_cmpfloat_with_epsilon (bounds.size.width, KIOSK_PANEL_WIDTH / 2, 0.5);
  g_assert_cmpfloat_with_epsilon (bounds.size.height, KIOSK_PANEL_HEIGHT / 2, 0.5);

  start = find_mapped (GTK_WIDGET (h->window), "start");
  g_assert_nonnull (start);
  /* The button is drawn at half its laid-out size, at half its laid-out place. */
  g_assert_true (gtk_widget_compute_bounds (start, page, &on_page));
  g_assert_true (gtk_widget_compute_bounds (start, GTK_WIDGET (h->window), &bounds));
  g_assert_cmpfloat_with_epsilon (bounds.size.width, on_page.size.width / 2, 0.01);
  g_assert_cmpfloat_with_epsilon (bounds.size.height, on_page.size.height / 2, 0.01);
  g_assert_cmpfloat_with_epsilon (bounds.origin.y, on_page.origin.y / 2, 0.01);

  harness_arm (h);
  tap (h, "start");
  wait_presented (h, KIOSK_FLOW_STATE_OPERATOR);

  harness_free (h);
}

/* "screen-presented" comes once per screen change, after the frame that drew it. */
static void
test_window_presented_once (void)
{
  Harness *h;
  guint count;

  if (!require_display ())
    return;
  h = harness_new ("en", KIOSK_PANEL_WIDTH / 2, KIOSK_PANEL_HEIGHT / 2);

  count = h->presented_count;
  harness_arm (h);
  tap (h, "start");
  /* Nothing is presented before a frame is drawn. */
  g_assert_cmpint (h->presented, ==, -1);
  wait_presented (h, KIOSK_FLOW_STATE_OPERATOR);
  for (int i = 0; i < 5; i++)
    {
      gtk_widget_queue_draw (GTK_WIDGET (h->window));
      kiosk_test_run_for (40);
    }
  g_assert_cmpuint (h->presented_count, ==, count + 1);

  harness_free (h);
}

/* ---- the demo panel ---- */

static GtkWidget *
show_demo_panel (Harness *h)
{
  GtkWidget *panel = GTK_WIDGET (
      kiosk_demo_panel_new (NULL, h->cards, kiosk_controller_get_worker (h->controller)));

  gtk_window_present (GTK_WINDOW (panel));
  kiosk_test_run_for (200);
  return panel;
}

static GtkWidget *
panel_button (GtkWidget *panel, const char *profile, const char *button)
{
  GtkWidget *row = find_mapped (panel, profile);

  if (row == NULL)
    g_error ("the demo panel has no row for %s", profile);
  return find_mapped (row, button);
}

static gboolean
panel_shows (GtkWidget *panel, const char *text)
{
  g_autoptr (GString) texts = g_string_new (NULL);

  collect_texts (panel, texts);
  return strstr (texts->str, text) != NULL;
}

/* Every profile is listed with its description. */
static void
test_demo_panel_lists_profiles (void)
{
  Harness *h;
  GtkWidget *panel;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names = NULL;
  g_autoptr (GDateTime) now = NULL;

  if (!require_display ())
    return;
  h = harness_new ("en", KIOSK_PANEL_WIDTH / 2, KIOSK_PANEL_HEIGHT / 2);
  panel = show_demo_panel (h);
  now = kiosk_clock_now (h->clock);

  names = kiosk_card_profile_list (kiosk_demo_cards_default_cards_dir (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), >=, 9);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (KioskCardProfile) profile = kiosk_card_profile_load_named (
          kiosk_demo_cards_default_cards_dir (), names[i], now, &error);

      g_assert_no_error (error);
      g_assert_nonnull (panel_button (panel, names[i], "insert"));
      g_assert_nonnull (panel_button (panel, names[i], "remove"));
      g_assert_true (panel_shows (panel, kiosk_card_profile_get_description (profile)));
    }
  save_window (h, panel, "demo-panel");

  gtk_window_destroy (GTK_WINDOW (panel));
  harness_free (h);
}

static void
test_demo_panel_insert_remove (void)
{
  Harness *h;
  GtkWidget *panel;

  if (!require_display ())
    return;
  h = harness_new ("en", KIOSK_PANEL_WIDTH / 2, KIOSK_PANEL_HEIGHT / 2);
  panel = show_demo_panel (h);
  g_assert_true (panel_shows (panel, "The reader is empty."));
  g_assert_false (gtk_widget_is_sensitive (panel_button (panel, "valid", "remove")));

  /* A card put straight on the reader from the welcome screen is read. */
  harness_arm (h);
  gtk_widget_activate (panel_button (panel, "valid", "insert"));
  wait_presented (h, KIOSK_FLOW_STATE_STATUS);
  assert_shows (h, h->expected->valid_headline);
  g_assert_true (panel_shows (panel, "In the reader: valid"));
  g_assert_true (gtk_widget_is_sensitive (panel_button (panel, "valid", "remove")));
  g_assert_false (gtk_widget_is_sensitive (panel_button (panel, "minor", "remove")));

  harness_arm (h);
  tap (h, "done");
  wait_presented (h, KIOSK_FLOW_STATE_TAKE_CARD);
  harness_arm (h);
  gtk_widget_activate (panel_button (panel, "valid", "remove"));
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);
  g_assert_true (panel_shows (panel, "The reader is empty."));

  gtk_window_destroy (GTK_WINDOW (panel));
  harness_free (h);
}

/* The card keeps its counters for the session, as a real one does: the second insertion of a
 * profile is the same card. */
static void
test_demo_cards_keep_state (void)
{
  Harness *h;
  g_autoptr (KioskVirtualCard) first = NULL;
  g_autoptr (KioskVirtualCard) second = NULL;

  if (!require_display ())
    return;
  h = harness_new ("en", KIOSK_PANEL_WIDTH / 2, KIOSK_PANEL_HEIGHT / 2);

  harness_arm (h);
  insert_profile (h, "valid");
  wait_presented (h, KIOSK_FLOW_STATE_STATUS);
  first = kiosk_virtual_transport_get_card (h->reader);
  kiosk_demo_cards_remove (h->cards);
  insert_profile (h, "valid");
  second = kiosk_virtual_transport_get_card (h->reader);
  g_assert_nonnull (first);
  g_assert_true (first == second);

  harness_free (h);
}

static void
test_demo_panel_unplug (void)
{
  Harness *h;
  GtkWidget *panel, *plugged;

  if (!require_display ())
    return;
  h = harness_new ("en", KIOSK_PANEL_WIDTH / 2, KIOSK_PANEL_HEIGHT / 2);
  panel = show_demo_panel (h);
  plugged = find_mapped (panel, "reader-plugged");
  g_assert_true (GTK_IS_SWITCH (plugged));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (plugged)));

  harness_arm (h);
  gtk_switch_set_active (GTK_SWITCH (plugged), FALSE);
  wait_presented (h, KIOSK_FLOW_STATE_NO_READER);
  g_assert_true (panel_shows (panel, "The reader is unplugged."));

  harness_arm (h);
  gtk_switch_set_active (GTK_SWITCH (plugged), TRUE);
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);

  gtk_window_destroy (GTK_WINDOW (panel));
  harness_free (h);
}

int
main (int argc, char **argv)
{
  static const char *const languages[] = { "ja", "en" };
  static const char *const profiles[] = { "expired",
                                          "minor",
                                          "no-certificates",
                                          "pin-locked",
                                          "pin-one-try-left",
                                          "renewal-window-open",
                                          "sign-password-locked" };
  static StatusCase status_cases[G_N_ELEMENTS (languages) * G_N_ELEMENTS (profiles)];

  g_test_init (&argc, &argv, NULL);
  kiosk_locale_init ();
  have_display = gtk_init_check ();

  for (gsize l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      const char *language = languages[l];
      g_autofree char *journey = g_strdup_printf ("/ui/journey/%s", language);
      g_autofree char *no_reader = g_strdup_printf ("/ui/screens/no-reader/%s", language);
      g_autofree char *unreadable = g_strdup_printf ("/ui/screens/card-unreadable/%s", language);
      g_autofree char *removed = g_strdup_printf ("/ui/screens/card-removed/%s", language);

      g_test_add_data_func (journey, language, test_journey);
      g_test_add_data_func (no_reader, language, test_no_reader);
      g_test_add_data_func (unreadable, language, test_unreadable);
      g_test_add_data_func (removed, language, test_card_removed);
      for (gsize p = 0; p < G_N_ELEMENTS (profiles); p++)
        {
          StatusCase *c = &status_cases[l * G_N_ELEMENTS (profiles) + p];
          g_autofree char *path = g_strdup_printf ("/ui/status/%s/%s", profiles[p], language);

          c->profile = profiles[p];
          c->language = language;
          g_test_add_data_func (path, c, test_status_profile);
        }
    }
  g_test_add_func ("/ui/screens/card-removed/home", test_card_removed_home);
  g_test_add_func ("/ui/window/refuses-close", test_window_refuses_close);
  g_test_add_func ("/ui/window/scaled", test_window_scaled);
  g_test_add_func ("/ui/window/presented-once", test_window_presented_once);
  g_test_add_func ("/ui/demo-panel/lists-profiles", test_demo_panel_lists_profiles);
  g_test_add_func ("/ui/demo-panel/insert-remove", test_demo_panel_insert_remove);
  g_test_add_func ("/ui/demo-panel/unplug", test_demo_panel_unplug);
  g_test_add_func ("/ui/demo-panel/cards-keep-state", test_demo_cards_keep_state);

  return g_test_run ();
}
