/* test-receipt-screens.c: the receipt on the real window: the status, done and handoff screens
 * show the slip with its QR (which decodes, from the screenshot, to a payload the kiosk's public
 * key verifies), its number, and whether it printed, in Japanese and English
 *
 * Screenshots land in <build>/screenshots/<language>/{status,done,handoff}-receipt.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "kiosk-controller.h"
#include "kiosk-demo-cards.h"
#include "kiosk-locale.h"
#include "kiosk-receipt-view.h"
#include "kiosk-scaler.h"
#include "kiosk-screenshot.h"
#include "kiosk-test-ca.h"
#include "kiosk-test-receipt.h"
#include "kiosk-virtual-transport.h"
#include "kiosk-window.h"
#include "kiosk-test-window.h"

#define WAIT_TIMEOUT_S 20

static gboolean have_display;

typedef struct
{
  const char *language;
  const char *number_prefix;
  const char *screen_only;
  const char *printer_problem;
} Expected;

static const Expected expected_ja = {
  "ja",
  "受付番号：",
  "この画面が控えです",
  "プリンターに問題があります",
};

static const Expected expected_en = {
  "en",
  "Receipt number: ",
  "This screen is your receipt",
  "The printer has a problem: please show this screen at the counter.",
};

typedef struct
{
  const Expected *expected;
  char *state_dir;
  char *public_key_path;
  KioskClock *clock;
  KioskConfig *config;
  KioskTestCa *ca;
  KioskVirtualTransport *reader;
  KioskDemoCards *cards;
  KioskController *controller;
  KioskReceiptDesk *desk;
  KioskFlow *flow;
  KioskWindow *window;
  int presented;
} Harness;

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

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
on_screen_presented (KioskWindow *window, int state, Harness *h)
{
  h->presented = state;
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
run_until (gboolean (*done) (Harness *h), Harness *h)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_TIME_SPAN_SECOND;
  guint ticker = g_timeout_add (50, wake_up, NULL);

  while (!done (h) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
}

static int wanted_state;

static gboolean
presented_wanted (Harness *h)
{
  return h->presented == wanted_state;
}

static void
wait_presented (Harness *h, KioskFlowState state)
{
  wanted_state = state;
  run_until (presented_wanted, h);
  if (h->presented != (int)state)
    g_error ("waited %d s for the %s screen; the flow is in %s", WAIT_TIMEOUT_S,
             kiosk_flow_state_to_string (state),
             kiosk_flow_state_to_string (kiosk_flow_get_state (h->flow)));
}

static Harness *
harness_new (const Expected *expected, guint16 printer_port)
{
  Harness *h = g_new0 (Harness, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) key = NULL;
  g_autofree char *key_dir = NULL;
  KioskPrinter *printer = NULL;
  const char *anchors[3];

  h->expected = expected;
  kiosk_locale_set_language (expected->language);
  h->state_dir = g_dir_make_tmp ("receipt-screens-XXXXXX", &error);
  g_assert_no_error (error);
  key_dir = g_build_filename (h->state_dir, "keys", NULL);
  g_assert_cmpint (g_mkdir (key_dir, 0700), ==, 0);
  key = kiosk_receipt_key_generate (&error);
  g_assert_no_error (error);
  g_assert_true (kiosk_receipt_key_save (key, key_dir, &error));
  h->public_key_path = g_build_filename (key_dir, "kiosk.pub", NULL);

  h->clock = kiosk_clock_new ();
  h->ca = kiosk_test_ca_load (kiosk_demo_cards_default_test_ca_dir (), &error);
  g_assert_no_error (error);
  h->config = kiosk_config_new ();
  anchors[0] = kiosk_test_ca_get_auth_ca_path (h->ca);
  anchors[1] = kiosk_test_ca_get_sign_ca_path (h->ca);
  anchors[2] = NULL;
  kiosk_config_set_trust_anchors (h->config, anchors);
  h->reader = kiosk_virtual_transport_new ();
  h->cards = kiosk_demo_cards_new (h->reader, kiosk_demo_cards_default_cards_dir (), h->ca,
                                   h->clock, &error);
  g_assert_no_error (error);
  h->controller
      = kiosk_controller_new (h->config, h->clock, KIOSK_CARD_TRANSPORT (h->reader), &error);
  g_assert_no_error (error);
  h->flow = kiosk_controller_get_flow (h->controller);
  if (printer_port != 0)
    printer = kiosk_test_tcp_printer_new (printer_port);
  h->desk = kiosk_receipt_desk_new ("K001", "Test office", h->state_dir, key, printer, 384);
  g_clear_object (&printer);
  kiosk_controller_set_receipt_desk (h->controller, h->desk);

  h->window = g_object_ref (kiosk_window_new (NULL, h->flow));
  gtk_window_set_default_size (GTK_WINDOW (h->window), KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
  g_signal_connect (h->window, "screen-presented", G_CALLBACK (on_screen_presented), h);
  h->presented = -1;
  gtk_window_present (GTK_WINDOW (h->window));
  kiosk_controller_start (h->controller);
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);
  return h;
}

static void
harness_free (Harness *h)
{
  gint64 until;

  kiosk_controller_stop (h->controller);
  g_signal_handlers_disconnect_by_data (h->window, h);
  kiosk_window_allow_close (h->window);
  gtk_window_destroy (GTK_WINDOW (h->window));
  until = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_clear_object (&h->window);
  g_clear_object (&h->controller);
  g_clear_object (&h->desk);
  g_clear_object (&h->cards);
  g_clear_object (&h->reader);
  g_clear_object (&h->config);
  g_clear_object (&h->ca);
  g_clear_object (&h->clock);
  remove_tree (h->state_dir);
  g_free (h->state_dir);
  g_free (h->public_key_path);
  g_free (h);
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

/* Reads the QR on the screenshot the way a staff scanner would. */
static char *
scan_qr (const char *png_path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  int status = 0;

  if (zbarimg == NULL)
    return NULL;
  {
    const char *argv[]
        = { zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png_path, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                  &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_strdup (g_strstrip (out));
}

/* The screen shows the slip at least @slip_height px tall, its number and print state; when
 * @scan, the QR on the saved screenshot verifies with the public key and names
 * @procedure_outcome_reason. (The dense status screen draws the slip too small to scan from a
 * screenshot; staff read its number there.) */
static void
assert_receipt_shown (Harness *h, const char *screenshot_name, const char *procedure_outcome_reason,
                      const char *print_text, int slip_height, gboolean scan)
{
  GtkWidget *window = GTK_WIDGET (h->window);
  GtkWidget *view = find_mapped (window, "receipt");
  GtkWidget *image = find_mapped (window, "receipt-image");
  GtkWidget *number = find_mapped (window, "receipt-number");
  GtkWidget *print = find_mapped (window, "receipt-print-state");
  const char *dir = g_getenv ("KIOSK_SCREENSHOT_DIR");
  g_autofree char *file = g_strconcat (screenshot_name, ".png", NULL);
  g_autofree char *path = NULL;
  g_autofree char *number_text = NULL;
  g_autofree char *scanned = NULL;
  g_autofree char *description = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (view);
  g_assert_nonnull (image);
  g_assert_true (kiosk_receipt_view_get_slip (KIOSK_RECEIPT_VIEW (view))
                 == kiosk_receipt_desk_get_image (h->desk));
  g_assert_cmpint (gtk_widget_get_height (image), >=, slip_height);
  g_assert_nonnull (number);
  number_text
      = g_strconcat (h->expected->number_prefix, kiosk_receipt_desk_get_number (h->desk), NULL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (number)), ==, number_text);
  g_assert_nonnull (print);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (print)), print_text));
  kiosk_test_assert_fits_panel (h->window);

  if (dir == NULL || *dir == '\0')
    dir = KIOSK_SCREENSHOT_DIR;
  path = g_build_filename (dir, h->expected->language, file, NULL);
  kiosk_widget_save_png (window, path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
  if (!scan)
    return;

  scanned = scan_qr (path);
  if (scanned == NULL && g_find_program_in_path ("zbarimg") == NULL)
    {
      g_test_message ("zbarimg not installed: the QR on screen was not scanned");
      return;
    }
  g_assert_nonnull (scanned);
  g_assert_cmpstr (scanned, ==, kiosk_receipt_desk_get_payload (h->desk));
  description = kiosk_test_receipt_describe (scanned, h->public_key_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (description, procedure_outcome_reason));
  g_assert_nonnull (strstr (description, h->expected->language));
}

static void
insert (Harness *h, const char *profile)
{
  g_autoptr (GError) error = NULL;

  kiosk_demo_cards_insert (h->cards, profile, &error);
  g_assert_no_error (error);
}

static void
enter_secret (Harness *h, const char *text)
{
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (text);

  kiosk_flow_secret_entered (h->flow, secret);
}

static void
test_status (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data, 0);
  insert (h, "valid");
  wait_presented (h, KIOSK_FLOW_STATE_STATUS);
  assert_receipt_shown (h, "status-receipt", " CHECK_CARD DONE NONE ", h->expected->screen_only,
                        160, FALSE);
  harness_free (h);
}

static void
test_done (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data, 0);
  kiosk_flow_input (h->flow, KIOSK_FLOW_INPUT_START);
  kiosk_flow_input (h->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  kiosk_flow_input (h->flow, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  wait_presented (h, KIOSK_FLOW_STATE_PLACE_CARD);
  insert (h, "valid");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_CURRENT);
  enter_secret (h, "1234");
  wait_presented (h, KIOSK_FLOW_STATE_ENTER_NEW);
  enter_secret (h, "2468");
  wait_presented (h, KIOSK_FLOW_STATE_CONFIRM_NEW);
  enter_secret (h, "2468");
  wait_presented (h, KIOSK_FLOW_STATE_DONE);
  assert_receipt_shown (h, "done-receipt", " CHANGE_PIN DONE NONE ", h->expected->screen_only, 440,
                        TRUE);
  harness_free (h);
}

static void
test_handoff (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data, 0);
  kiosk_flow_input (h->flow, KIOSK_FLOW_INPUT_START);
  kiosk_flow_input (h->flow, KIOSK_FLOW_INPUT_CHOOSE_PROXY);
  wait_presented (h, KIOSK_FLOW_STATE_HANDOFF);
  assert_receipt_shown (h, "handoff-receipt", " HANDOFF_ONLY HANDED_OFF PROXY ",
                        h->expected->screen_only, 400, TRUE);
  harness_free (h);
}

static gboolean
print_settled (Harness *h)
{
  return kiosk_receipt_desk_get_print_state (h->desk) != KIOSK_RECEIPT_PRINT_PRINTING;
}

/* The printer refuses: the screen keeps the receipt and tells the resident to show it. */
static void
test_printer_problem (gconstpointer data)
{
  Harness *h;
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  if (!require_display ())
    return;
  h = harness_new (data, port);
  insert (h, "valid");
  wait_presented (h, KIOSK_FLOW_STATE_STATUS);
  run_until (print_settled, h);
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (h->desk), ==, KIOSK_RECEIPT_PRINT_QUEUED);
  /* Let the window draw the label's new text before the screenshot. */
  {
    gint64 until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;
    guint ticker = g_timeout_add (20, wake_up, NULL);

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (ticker);
  }
  assert_receipt_shown (h, "status-receipt-printer-problem", " CHECK_CARD DONE NONE ",
                        h->expected->printer_problem, 160, FALSE);
  harness_free (h);
}

int
main (int argc, char **argv)
{
  static const Expected *const languages[] = { &expected_ja, &expected_en };

  g_test_init (&argc, &argv, NULL);
  kiosk_locale_init ();
  have_display = gtk_init_check ();

  for (gsize l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      const char *language = languages[l]->language;
      g_autofree char *status = g_strdup_printf ("/ui/receipts/%s/status", language);
      g_autofree char *done = g_strdup_printf ("/ui/receipts/%s/done", language);
      g_autofree char *handoff = g_strdup_printf ("/ui/receipts/%s/handoff", language);
      g_autofree char *problem = g_strdup_printf ("/ui/receipts/%s/printer-problem", language);

      g_test_add_data_func (status, languages[l], test_status);
      g_test_add_data_func (done, languages[l], test_done);
      g_test_add_data_func (handoff, languages[l], test_handoff);
      g_test_add_data_func (problem, languages[l], test_printer_problem);
    }
  return g_test_run ();
}
