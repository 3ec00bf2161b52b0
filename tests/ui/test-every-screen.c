/* test-every-screen.c: every screen of the flow, in every language the kiosk offers, in the real
 * window: each must fit the 1080×1920 panel and say something, and a screenshot of each lands in
 * <build>/screenshots/<language>/every/<screen>.png for a reviewer (and a native speaker) to read
 *
 * The window runs on a bare flow fed the inputs a resident, the reader and the card would give
 * (no card worker: the flow's commands go nowhere), so every handoff reason and every result can
 * be shown without making the card or the service fail for real — the journeys in
 * test-procedures.c and test-renewal-screens.c do that, in Japanese and English.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "kiosk-card-error.h"
#include "kiosk-flow.h"
#include "kiosk-locale.h"
#include "kiosk-screenshot.h"
#include "kiosk-secret-screen.h"
#include "kiosk-test-certificate.h"
#include "kiosk-test-window.h"
#include "kiosk-window.h"

static gboolean have_display;

typedef struct
{
  KioskClock *clock;
  KioskConfig *config;
  KioskFlow *flow;
  KioskWindow *window;
  int presented;
  const char *language;
} Harness;

typedef void (*Drive) (Harness *h);

static void
on_screen_presented (KioskWindow *window, int state, Harness *h)
{
  h->presented = state;
}

/* ---- what a resident, the reader and the card would feed the flow ---- */

static void
input (Harness *h, KioskFlowInput what)
{
  kiosk_flow_input (h->flow, what);
}

static void
enter (Harness *h, const char *text)
{
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (text);

  kiosk_flow_secret_entered (h->flow, secret);
}

/* The card as read: an authentication certificate ending @days_left days from today, tries. */
static void
read_card (Harness *h, int days_left, int auth_tries, int sign_tries)
{
  g_autoptr (GDateTime) now = kiosk_clock_now (h->clock);
  g_autoptr (GDateTime) not_after = g_date_time_add_days (now, days_left);
  g_autoptr (GDateTime) not_before = g_date_time_add_years (not_after, -5);
  g_autoptr (KioskCertificate) certificate = kiosk_test_certificate_new (not_before, not_after);
  g_autoptr (KioskCardStatus) status
             = kiosk_card_status_new (NULL, certificate, TRUE, NULL, auth_tries, sign_tries);

  kiosk_flow_status_read (h->flow, status);
}

/* The holder chooses @procedure with the card already on the reader. */
static void
choose (Harness *h, KioskFlowInput procedure)
{
  input (h, KIOSK_FLOW_INPUT_START);
  input (h, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  input (h, KIOSK_FLOW_INPUT_CARD_INSERTED);
  input (h, procedure);
}

static void
relay_ends (Harness *h, KioskRenewalOutcome outcome, KioskIssuanceReason refusal)
{
  KioskRenewalResult result = { 0 };

  result.outcome = outcome;
  result.cause = outcome;
  result.refusal = refusal;
  result.tries_left = -1;
  result.retry_after_seconds = 180;
  result.card
      = outcome == KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW || outcome == KIOSK_RENEWAL_OUTCOME_DONE
            ? KIOSK_RENEWAL_CARD_NEW
            : KIOSK_RENEWAL_CARD_OLD;
  result.auth_renewed = result.sign_renewed = outcome == KIOSK_RENEWAL_OUTCOME_DONE;
  result.pin_set = result.password_set = outcome == KIOSK_RENEWAL_OUTCOME_DONE;
  result.reason_code = (char *)kiosk_renewal_outcome_to_string (outcome);
  kiosk_flow_renewal_finished (h->flow, &result);
}

static void
to_renewal_entry (Harness *h)
{
  choose (h, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
  read_card (h, 60, 3, 5);
}

static void
to_relay (Harness *h)
{
  to_renewal_entry (h);
  enter (h, "1234");
  kiosk_flow_card_work_done (h->flow);
  enter (h, "ABC123");
  kiosk_flow_card_work_done (h->flow);
  input (h, KIOSK_FLOW_INPUT_KEEP_CURRENT);
  input (h, KIOSK_FLOW_INPUT_KEEP_CURRENT);
}

static void
to_pin_change_entry (Harness *h)
{
  choose (h, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  read_card (h, 900, 3, 5);
}

static void
to_password_change_entry (Harness *h)
{
  choose (h, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD);
  read_card (h, 900, 3, 1);
}

#define DRIVER(name, body)                                                                         \
  static void drive_##name (Harness *h)                                                            \
  {                                                                                                \
    body;                                                                                          \
  }

DRIVER (welcome, (void)h)
DRIVER (operator, input (h, KIOSK_FLOW_INPUT_START))
DRIVER (menu, input (h, KIOSK_FLOW_INPUT_START); input (h, KIOSK_FLOW_INPUT_CHOOSE_HOLDER))
DRIVER (place_card, input (h, KIOSK_FLOW_INPUT_START); input (h, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
        input (h, KIOSK_FLOW_INPUT_CHOOSE_CHECK))
DRIVER (reading, choose (h, KIOSK_FLOW_INPUT_CHOOSE_CHECK))
DRIVER (status, choose (h, KIOSK_FLOW_INPUT_CHOOSE_CHECK); read_card (h, 45, 3, 5))
DRIVER (status_expired, choose (h, KIOSK_FLOW_INPUT_CHOOSE_CHECK); read_card (h, -20, 1, 0))
DRIVER (take_card, choose (h, KIOSK_FLOW_INPUT_CHOOSE_CHECK); read_card (h, 900, 3, 5);
        input (h, KIOSK_FLOW_INPUT_FINISH))
DRIVER (no_reader, input (h, KIOSK_FLOW_INPUT_READER_LOST))
DRIVER (card_removed, choose (h, KIOSK_FLOW_INPUT_CHOOSE_CHECK);
        input (h, KIOSK_FLOW_INPUT_CARD_REMOVED))
DRIVER (card_unreadable, {
  g_autoptr (GError) error = g_error_new_literal (KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NOT_JPKI, "x");
  choose (h, KIOSK_FLOW_INPUT_CHOOSE_CHECK);
  kiosk_flow_status_failed (h->flow, error);
})
DRIVER (enter_pin, to_pin_change_entry (h))
DRIVER (enter_pin_wrong, {
  g_autoptr (GError) wrong
             = g_error_new_literal (KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN, "x");
  to_pin_change_entry (h);
  enter (h, "1234");
  kiosk_flow_card_work_failed (h->flow, wrong, 1);
})
DRIVER (verifying, to_pin_change_entry (h); enter (h, "1234"))
DRIVER (enter_new_pin, to_pin_change_entry (h); enter (h, "1234");
        kiosk_flow_card_work_done (h->flow))
DRIVER (confirm_new_pin, drive_enter_new_pin (h); enter (h, "5678"))
DRIVER (confirm_mismatch, drive_confirm_new_pin (h); enter (h, "5679"))
DRIVER (writing, drive_confirm_new_pin (h); enter (h, "5678"))
DRIVER (done_pin, drive_writing (h); kiosk_flow_card_work_done (h->flow))
DRIVER (enter_password_last_try, to_password_change_entry (h))
DRIVER (enter_new_password, to_password_change_entry (h); enter (h, "ABC123");
        kiosk_flow_card_work_done (h->flow))
DRIVER (done_password, drive_enter_new_password (h); enter (h, "NEW456"); enter (h, "NEW456");
        kiosk_flow_card_work_done (h->flow))
DRIVER (enter_new_renewal, to_renewal_entry (h); enter (h, "1234");
        kiosk_flow_card_work_done (h->flow); enter (h, "ABC123");
        kiosk_flow_card_work_done (h->flow))
DRIVER (renewing, to_relay (h); kiosk_flow_renewal_progress (h->flow, 9, 18))
DRIVER (done_renewal, to_relay (h); relay_ends (h, KIOSK_RENEWAL_OUTCOME_DONE, 0))
DRIVER (service_busy, to_relay (h); relay_ends (h, KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY, 0))
DRIVER (handoff_proxy, input (h, KIOSK_FLOW_INPUT_START); input (h, KIOSK_FLOW_INPUT_CHOOSE_PROXY))
DRIVER (handoff_representative, input (h, KIOSK_FLOW_INPUT_START);
        input (h, KIOSK_FLOW_INPUT_CHOOSE_REPRESENTATIVE))
DRIVER (handoff_pin_locked, choose (h, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
        read_card (h, 900, 0, 5))
DRIVER (handoff_sign_locked, choose (h, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD);
        read_card (h, 900, 3, 0))
DRIVER (handoff_no_sign, choose (h, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PASSWORD);
        read_card (h, 900, 3, -1))
DRIVER (handoff_expired, choose (h, KIOSK_FLOW_INPUT_CHOOSE_RENEW); read_card (h, -3, 3, 5))
DRIVER (handoff_not_open, choose (h, KIOSK_FLOW_INPUT_CHOOSE_RENEW); read_card (h, 400, 3, 5))
DRIVER (handoff_outside_hours, kiosk_flow_set_hours_mode (h->flow, KIOSK_FLOW_HOURS_CLOSED);
        choose (h, KIOSK_FLOW_INPUT_CHOOSE_RENEW);
        kiosk_flow_set_hours_mode (h->flow, KIOSK_FLOW_HOURS_ALWAYS_OPEN))
DRIVER (handoff_minor, to_relay (h);
        relay_ends (h, KIOSK_RENEWAL_OUTCOME_REFUSED, KIOSK_ISSUANCE_REASON_MINOR))
DRIVER (handoff_revoked, to_relay (h);
        relay_ends (h, KIOSK_RENEWAL_OUTCOME_REFUSED, KIOSK_ISSUANCE_REASON_REVOKED))
DRIVER (handoff_service_down, to_relay (h); relay_ends (h, KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN, 0))
DRIVER (handoff_incomplete_old, to_relay (h);
        relay_ends (h, KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD, 0))
DRIVER (handoff_incomplete_new, to_relay (h);
        relay_ends (h, KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW, 0))
DRIVER (handoff_kiosk_fault, to_relay (h); relay_ends (h, KIOSK_RENEWAL_OUTCOME_JOURNAL_FAILED, 0))

static const struct
{
  const char *name;
  Drive drive;
  KioskFlowState state;
} screens[] = {
  { "welcome", drive_welcome, KIOSK_FLOW_STATE_WELCOME },
  { "operator", drive_operator, KIOSK_FLOW_STATE_OPERATOR },
  { "menu", drive_menu, KIOSK_FLOW_STATE_MENU },
  { "place-card", drive_place_card, KIOSK_FLOW_STATE_PLACE_CARD },
  { "reading", drive_reading, KIOSK_FLOW_STATE_READING },
  { "status", drive_status, KIOSK_FLOW_STATE_STATUS },
  { "status-expired", drive_status_expired, KIOSK_FLOW_STATE_STATUS },
  { "take-card", drive_take_card, KIOSK_FLOW_STATE_TAKE_CARD },
  { "no-reader", drive_no_reader, KIOSK_FLOW_STATE_NO_READER },
  { "card-removed", drive_card_removed, KIOSK_FLOW_STATE_CARD_REMOVED },
  { "card-unreadable", drive_card_unreadable, KIOSK_FLOW_STATE_CARD_UNREADABLE },
  { "enter-pin", drive_enter_pin, KIOSK_FLOW_STATE_ENTER_CURRENT },
  { "enter-pin-wrong", drive_enter_pin_wrong, KIOSK_FLOW_STATE_ENTER_CURRENT },
  { "verifying", drive_verifying, KIOSK_FLOW_STATE_VERIFYING },
  { "enter-new-pin", drive_enter_new_pin, KIOSK_FLOW_STATE_ENTER_NEW },
  { "confirm-new-pin", drive_confirm_new_pin, KIOSK_FLOW_STATE_CONFIRM_NEW },
  { "confirm-mismatch", drive_confirm_mismatch, KIOSK_FLOW_STATE_ENTER_NEW },
  { "writing", drive_writing, KIOSK_FLOW_STATE_WRITING },
  { "done-pin", drive_done_pin, KIOSK_FLOW_STATE_DONE },
  { "enter-password-last-try", drive_enter_password_last_try, KIOSK_FLOW_STATE_ENTER_CURRENT },
  { "enter-new-password", drive_enter_new_password, KIOSK_FLOW_STATE_ENTER_NEW },
  { "done-password", drive_done_password, KIOSK_FLOW_STATE_DONE },
  { "enter-new-renewal", drive_enter_new_renewal, KIOSK_FLOW_STATE_ENTER_NEW },
  { "renewing", drive_renewing, KIOSK_FLOW_STATE_RENEWING },
  { "done-renewal", drive_done_renewal, KIOSK_FLOW_STATE_DONE },
  { "service-busy", drive_service_busy, KIOSK_FLOW_STATE_SERVICE_BUSY },
  { "handoff-proxy", drive_handoff_proxy, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-representative", drive_handoff_representative, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-pin-locked", drive_handoff_pin_locked, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-sign-locked", drive_handoff_sign_locked, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-no-sign-certificate", drive_handoff_no_sign, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-expired", drive_handoff_expired, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-renewal-not-open", drive_handoff_not_open, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-outside-hours", drive_handoff_outside_hours, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-minor", drive_handoff_minor, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-revoked", drive_handoff_revoked, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-service-down", drive_handoff_service_down, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-incomplete-old", drive_handoff_incomplete_old, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-incomplete-new", drive_handoff_incomplete_new, KIOSK_FLOW_STATE_HANDOFF },
  { "handoff-kiosk-fault", drive_handoff_kiosk_fault, KIOSK_FLOW_STATE_HANDOFF },
};

/* ---- the window ---- */

static Harness *
harness_new (const char *language)
{
  Harness *h = g_new0 (Harness, 1);

  h->language = language;
  kiosk_locale_set_language (language);
  h->clock = kiosk_clock_new ();
  h->config = kiosk_config_new ();
  h->flow = kiosk_flow_new (h->clock, h->config);
  kiosk_flow_set_hours_mode (h->flow, KIOSK_FLOW_HOURS_ALWAYS_OPEN);
  /* The reader is there, empty, as the controller would say at start. */
  input (h, KIOSK_FLOW_INPUT_READER_READY);
  h->window = g_object_ref (kiosk_window_new (NULL, h->flow));
  gtk_window_set_default_size (GTK_WINDOW (h->window), KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
  g_signal_connect (h->window, "screen-presented", G_CALLBACK (on_screen_presented), h);
  h->presented = -1;
  gtk_window_present (GTK_WINDOW (h->window));
  kiosk_test_wait_shown (h->window, h->flow, &h->presented, KIOSK_FLOW_STATE_WELCOME);
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
  g_clear_object (&h->flow);
  g_clear_object (&h->config);
  g_clear_object (&h->clock);
  g_free (h);
}

/* The visible screen fits the room the window gives it (the stack under the bars). The window's
 * own measure would be the largest of all screens, so each is measured alone. */
static gboolean
visible_screen_fits (Harness *h, int *width, int *height, int *room_width, int *room_height)
{
  GtkWidget *screen
      = kiosk_window_get_screen (h->window, kiosk_window_get_visible_state (h->window));
  GtkWidget *room = gtk_widget_get_parent (screen);

  *room_width = gtk_widget_get_width (room);
  *room_height = gtk_widget_get_height (room);
  g_assert_cmpint (*room_width, >, 0);
  gtk_widget_measure (screen, GTK_ORIENTATION_HORIZONTAL, -1, width, NULL, NULL, NULL);
  gtk_widget_measure (screen, GTK_ORIENTATION_VERTICAL, *room_width, height, NULL, NULL, NULL);
  return *width <= *room_width && *height <= *room_height;
}

/* Back to the welcome screen with the reader empty, whatever the last screen was. */
static void
go_home (Harness *h)
{
  input (h, KIOSK_FLOW_INPUT_READER_READY); /* after the no-reader screen */
  input (h, KIOSK_FLOW_INPUT_RESET);
  input (h, KIOSK_FLOW_INPUT_CARD_REMOVED);
  if (kiosk_flow_get_state (h->flow) != KIOSK_FLOW_STATE_WELCOME)
    input (h, KIOSK_FLOW_INPUT_FINISH);
  g_assert_cmpint (kiosk_flow_get_state (h->flow), ==, KIOSK_FLOW_STATE_WELCOME);
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
  path = g_build_filename (dir, h->language, "every", file, NULL);
  kiosk_widget_save_png (GTK_WIDGET (h->window), path, &error);
  g_assert_no_error (error);
}

/* Every screen, in @data's language: shown, fitting the panel, saying something. */
static void
test_every_screen (gconstpointer data)
{
  const char *language = data;
  g_autoptr (GString) problems = g_string_new (NULL);
  Harness *h;

  if (!have_display)
    {
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        g_test_fail_printf ("no display: the ui suite needs an X server");
      else
        g_test_skip ("no display");
      return;
    }
  h = harness_new (language);
  {
    /* Chinese and Korean are drawn with their own script's font (Han glyph forms differ) */
    GtkWidget *page = gtk_widget_get_parent (kiosk_window_get_top_bar (h->window));

    g_assert_cmpint (gtk_widget_has_css_class (page, "script-hans"), ==,
                     g_str_has_prefix (language, "zh"));
    g_assert_cmpint (gtk_widget_has_css_class (page, "script-hang"), ==,
                     g_str_has_prefix (language, "ko"));
  }
  for (gsize i = 0; i < G_N_ELEMENTS (screens); i++)
    {
      g_autofree char *text = NULL;
      int width = 0, height = 0, room_width = 0, room_height = 0;

      go_home (h);
      kiosk_test_wait_shown (h->window, h->flow, &h->presented, KIOSK_FLOW_STATE_WELCOME);
      /* The welcome screen is already up: it is shown again by nothing. */
      if (screens[i].state != KIOSK_FLOW_STATE_WELCOME)
        h->presented = -1;
      screens[i].drive (h);
      g_assert_cmpstr (kiosk_flow_state_to_string (kiosk_flow_get_state (h->flow)), ==,
                       kiosk_flow_state_to_string (screens[i].state));
      kiosk_test_wait_shown (h->window, h->flow, &h->presented, screens[i].state);
      save_screen (h, screens[i].name);
      /* Collected rather than stopped at: a reviewer gets every screen that does not fit. */
      if (!visible_screen_fits (h, &width, &height, &room_width, &room_height))
        g_string_append_printf (problems, "\n  %s needs %d×%d px; it has %d×%d", screens[i].name,
                                width, height, room_width, room_height);
      text = kiosk_test_dup_visible_text (h->window);
      if (g_utf8_strlen (g_strstrip (text), -1) < 4)
        g_string_append_printf (problems, "\n  %s shows no words", screens[i].name);
    }
  harness_free (h);
  if (problems->len > 0)
    g_error ("%s: %s", language, problems->str);
}

/* [kiosk] shuffle-pin-pad reaches every PIN entry screen the window makes (and remakes). */
static void
test_shuffle_from_config (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskClock) clock = kiosk_clock_new ();
  g_autoptr (KioskConfig) shuffled = kiosk_config_load_from_data (
      "[kiosk]\nshuffle-pin-pad = true\n", "kiosk.conf", &error);
  g_autoptr (KioskConfig) plain = kiosk_config_new ();
  KioskConfig *configs[] = { shuffled, plain };

  g_assert_no_error (error);
  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autoptr (KioskFlow) flow = kiosk_flow_new (clock, configs[i]);
      KioskWindow *window = kiosk_window_new (NULL, flow);
      const KioskFlowState entries[] = { KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_FLOW_STATE_ENTER_NEW,
                                         KIOSK_FLOW_STATE_CONFIRM_NEW };

      for (guint e = 0; e < G_N_ELEMENTS (entries); e++)
        g_assert_cmpint (kiosk_secret_screen_get_shuffle_pin_pad (
                             KIOSK_SECRET_SCREEN (kiosk_window_get_screen (window, entries[e]))),
                         ==, configs[i] == shuffled);
      kiosk_window_allow_close (window);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

int
main (int argc, char **argv)
{
  const char *const *languages = kiosk_config_get_known_languages ();

  g_test_init (&argc, &argv, NULL);
  kiosk_locale_init ();
  have_display = gtk_init_check ();
  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/every-screen/%s", languages[i]);

      g_test_add_data_func (path, languages[i], test_every_screen);
    }
  g_test_add_func ("/ui/every-screen/shuffle-from-config", test_shuffle_from_config);
  return g_test_run ();
}
