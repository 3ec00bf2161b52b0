/* test-receipt-controller.c: every procedure the controller runs on the in-process virtual card
 * ends with a receipt whose QR staff can verify: a check, a PIN change, a proxy's handoff, and
 * a printer that is down
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kiosk-card-profile.h"
#include "kiosk-controller.h"
#include "kiosk-receipt-desk.h"
#include "kiosk-test-ca.h"
#include "kiosk-test-files.h"
#include "kiosk-test-receipt.h"
#include "kiosk-virtual-card.h"
#include "kiosk-virtual-transport.h"

#define WAIT_TIMEOUT_S 20

typedef struct
{
  char *state_dir;
  char *public_key_path;
  KioskReceiptKey *key;
  KioskTestCa *ca;
  KioskClock *clock;
  KioskConfig *config;
  KioskVirtualTransport *reader;
  KioskController *controller;
  KioskFlow *flow;
  KioskReceiptDesk *desk;
  char *inserted_serial;
} Fixture;

/* A port nobody listens on (bound, then closed): connecting is refused. */
static guint16
refused_port (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  gboolean printer_down = GPOINTER_TO_INT (data);
  g_autoptr (GError) error = NULL;
  KioskPrinter *printer = NULL;
  g_autofree char *key_dir = NULL;
  const char *anchors[3];

  /* The receipt's language is the resident's: what kiosk_locale_set_language() sets. */
  g_setenv ("LANGUAGE", "en", TRUE);
  f->state_dir = g_dir_make_tmp ("receipt-controller-XXXXXX", &error);
  g_assert_no_error (error);
  key_dir = g_build_filename (f->state_dir, "keys", NULL);
  g_assert_cmpint (g_mkdir (key_dir, 0700), ==, 0);
  f->key = kiosk_receipt_key_generate (&error);
  g_assert_no_error (error);
  g_assert_true (kiosk_receipt_key_save (f->key, key_dir, &error));
  f->public_key_path = g_build_filename (key_dir, "kiosk.pub", NULL);

  f->ca = kiosk_test_ca_load (kiosk_test_files_ca_dir (), &error);
  g_assert_no_error (error);
  f->clock = kiosk_clock_new ();
  f->config = kiosk_config_new ();
  anchors[0] = kiosk_test_ca_get_auth_ca_path (f->ca);
  anchors[1] = kiosk_test_ca_get_sign_ca_path (f->ca);
  anchors[2] = NULL;
  kiosk_config_set_trust_anchors (f->config, anchors);

  f->reader = kiosk_virtual_transport_new ();
  f->controller
      = kiosk_controller_new (f->config, f->clock, KIOSK_CARD_TRANSPORT (f->reader), &error);
  g_assert_no_error (error);
  f->flow = kiosk_controller_get_flow (f->controller);
  if (printer_down)
    printer = kiosk_test_tcp_printer_new (refused_port ());
  f->desk = kiosk_receipt_desk_new ("K001", "Test office", f->state_dir, f->key, printer, 384);
  g_clear_object (&printer);
  kiosk_controller_set_receipt_desk (f->controller, f->desk);
  g_assert_true (kiosk_controller_get_receipt_desk (f->controller) == f->desk);
  g_assert_true (kiosk_receipt_desk_get_attached (G_OBJECT (f->flow)) == f->desk);
  kiosk_controller_start (f->controller);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  kiosk_controller_stop (f->controller);
  g_clear_object (&f->controller);
  g_clear_object (&f->desk);
  g_clear_object (&f->reader);
  g_clear_object (&f->config);
  g_clear_object (&f->clock);
  g_clear_object (&f->ca);
  g_clear_object (&f->key);
  kiosk_test_files_remove_tree (f->state_dir);
  g_free (f->state_dir);
  g_free (f->public_key_path);
  g_free (f->inserted_serial);
}

static void
wait_state (Fixture *f, KioskFlowState state)
{
  gint64 until = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_TIME_SPAN_SECOND;

  while (kiosk_flow_get_state (f->flow) != state && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  if (kiosk_flow_get_state (f->flow) != state)
    g_error ("waited %d s for %s; the flow is in %s", WAIT_TIMEOUT_S,
             kiosk_flow_state_to_string (state),
             kiosk_flow_state_to_string (kiosk_flow_get_state (f->flow)));
}

static void
insert_card (Fixture *f, const char *profile_name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = kiosk_clock_now (f->clock);
  g_autoptr (KioskCardProfile) profile = kiosk_card_profile_load_named (
      kiosk_test_files_cards_dir (), profile_name, now, &error);
  g_autoptr (KioskVirtualCard) card = NULL;

  g_assert_no_error (error);
  card = kiosk_virtual_card_new (profile, f->ca, now, &error);
  g_assert_no_error (error);
  kiosk_virtual_transport_insert (f->reader, card);
}

static void
enter_secret (Fixture *f, const char *text)
{
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (text);

  kiosk_flow_secret_entered (f->flow, secret);
}

/* What staff read from the QR on screen; the payload must verify with the kiosk's public key. */
static char *
describe_current (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  const char *payload = kiosk_receipt_desk_get_payload (f->desk);
  char *description;

  g_assert_nonnull (payload);
  description = kiosk_test_receipt_describe (payload, f->public_key_path, &error);
  g_assert_no_error (error);
  return description;
}

/* The card reference on the receipt is the keyed hash of the card's auth certificate serial. */
static char *
expected_card_reference (Fixture *f)
{
  g_autoptr (KioskCardStatus) status = NULL;
  g_autofree char *secret_path = g_build_filename (f->state_dir, "card-reference.key", NULL);
  KioskStatusReport *report = kiosk_flow_get_report (f->flow);

  g_assert_nonnull (report);
  return kiosk_test_card_reference_hex (
      secret_path, kiosk_certificate_get_serial (kiosk_card_status_get_auth_certificate (
                       kiosk_status_report_get_card_status (report))));
}

/* A card put straight on the reader is a check: the status screen comes with a receipt. */
static void
test_check (Fixture *f, gconstpointer data)
{
  g_autofree char *description = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *expected = NULL;

  wait_state (f, KIOSK_FLOW_STATE_WELCOME);
  g_assert_null (kiosk_receipt_desk_get_current (f->desk));
  insert_card (f, "valid");
  wait_state (f, KIOSK_FLOW_STATE_STATUS);

  reference = expected_card_reference (f);
  g_assert_nonnull (reference);
  description = describe_current (f);
  expected = g_strdup_printf ("%s CHECK_CARD DONE NONE en %s",
                              kiosk_receipt_desk_get_number (f->desk), reference);
  g_assert_cmpstr (description, ==, expected);
  g_assert_true (g_str_has_prefix (kiosk_receipt_desk_get_number (f->desk), "K001-"));
  g_assert_true (g_str_has_suffix (kiosk_receipt_desk_get_number (f->desk), "-0001"));
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (f->desk), ==,
                   KIOSK_RECEIPT_PRINT_SCREEN_ONLY);

  /* The next resident starts without the last one's receipt. */
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  wait_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  kiosk_virtual_transport_remove (f->reader);
  wait_state (f, KIOSK_FLOW_STATE_WELCOME);
  g_assert_null (kiosk_receipt_desk_get_current (f->desk));
}

/* The holder changes the PIN: DONE comes with a CHANGE_PIN receipt, numbered after the check. */
static void
test_change_pin (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) now = kiosk_clock_now (f->clock);
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *reference = NULL;

  wait_state (f, KIOSK_FLOW_STATE_WELCOME);
  /* One receipt already issued today: the PIN change takes the next number. */
  g_assert_nonnull (kiosk_receipt_desk_issue (f->desk, KIOSK_PROCEDURE_CHECK_CARD,
                                              KIOSK_OUTCOME_DONE, KIOSK_REASON_NONE, "en", NULL,
                                              now, &error));
  g_assert_no_error (error);
  kiosk_receipt_desk_clear (f->desk);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  wait_state (f, KIOSK_FLOW_STATE_OPERATOR);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  wait_state (f, KIOSK_FLOW_STATE_MENU);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  wait_state (f, KIOSK_FLOW_STATE_PLACE_CARD);
  insert_card (f, "valid");
  wait_state (f, KIOSK_FLOW_STATE_ENTER_CURRENT);
  g_assert_null (kiosk_receipt_desk_get_current (f->desk));
  enter_secret (f, "1234");
  wait_state (f, KIOSK_FLOW_STATE_ENTER_NEW);
  enter_secret (f, "5678");
  wait_state (f, KIOSK_FLOW_STATE_CONFIRM_NEW);
  enter_secret (f, "5678");
  wait_state (f, KIOSK_FLOW_STATE_DONE);

  description = describe_current (f);
  g_assert_true (g_str_has_suffix (kiosk_receipt_desk_get_number (f->desk), "-0002"));
  reference = g_strdup (strrchr (description, ' ') + 1);
  g_assert_cmpuint (strlen (reference), ==, 20);
  expected = g_strdup_printf ("%s CHANGE_PIN DONE NONE en %s",
                              kiosk_receipt_desk_get_number (f->desk), reference);
  g_assert_cmpstr (description, ==, expected);
  /* Neither PIN is anywhere in what the QR carries. */
  g_assert_null (strstr (kiosk_receipt_desk_get_payload (f->desk), "1234"));
  g_assert_null (strstr (kiosk_receipt_desk_get_payload (f->desk), "5678"));
}

/* A proxy is sent to the counter before any card is read: a handoff-only receipt with the PROXY
 * reason and no card reference. */
static void
test_proxy_handoff (Fixture *f, gconstpointer data)
{
  g_autofree char *description = NULL;
  g_autofree char *expected = NULL;

  wait_state (f, KIOSK_FLOW_STATE_WELCOME);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  wait_state (f, KIOSK_FLOW_STATE_OPERATOR);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_PROXY);
  wait_state (f, KIOSK_FLOW_STATE_HANDOFF);

  description = describe_current (f);
  expected = g_strdup_printf ("%s HANDOFF_ONLY HANDED_OFF PROXY en NONE",
                              kiosk_receipt_desk_get_number (f->desk));
  g_assert_cmpstr (description, ==, expected);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  wait_state (f, KIOSK_FLOW_STATE_WELCOME);
  g_assert_null (kiosk_receipt_desk_get_current (f->desk));
}

/* A locked PIN sends the holder to the counter from the PIN change: the receipt names the
 * procedure and the reason. */
static void
test_locked_pin_handoff (Fixture *f, gconstpointer data)
{
  g_autofree char *description = NULL;
  g_autofree char *prefix = NULL;

  wait_state (f, KIOSK_FLOW_STATE_WELCOME);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  wait_state (f, KIOSK_FLOW_STATE_OPERATOR);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
  wait_state (f, KIOSK_FLOW_STATE_MENU);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CHOOSE_CHANGE_PIN);
  wait_state (f, KIOSK_FLOW_STATE_PLACE_CARD);
  insert_card (f, "pin-locked");
  wait_state (f, KIOSK_FLOW_STATE_HANDOFF);

  description = describe_current (f);
  prefix = g_strdup_printf ("%s CHANGE_PIN HANDED_OFF PIN_LOCKED en ",
                            kiosk_receipt_desk_get_number (f->desk));
  g_assert_true (g_str_has_prefix (description, prefix));
  g_assert_false (g_str_has_suffix (description, " NONE"));
}

/* The printer refuses the connection: the check still shows its status and ends normally, the
 * receipt stays on screen marked queued and waits in the queue folder. */
static void
test_printer_down (Fixture *f, gconstpointer data)
{
  g_autofree char *number = NULL;
  g_autofree char *queued = NULL;
  gint64 until;

  wait_state (f, KIOSK_FLOW_STATE_WELCOME);
  insert_card (f, "valid");
  wait_state (f, KIOSK_FLOW_STATE_STATUS);
  number = g_strdup (kiosk_receipt_desk_get_number (f->desk));
  g_assert_nonnull (number);

  until = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_TIME_SPAN_SECOND;
  while (kiosk_receipt_desk_get_print_state (f->desk) == KIOSK_RECEIPT_PRINT_PRINTING
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (f->desk), ==, KIOSK_RECEIPT_PRINT_QUEUED);
  g_assert_cmpstr (kiosk_receipt_desk_get_number (f->desk), ==, number);
  g_assert_cmpint (kiosk_flow_get_state (f->flow), ==, KIOSK_FLOW_STATE_STATUS);
  {
    g_autoptr (GDir) dir = g_dir_open (kiosk_receipt_desk_get_queue_dir (f->desk), 0, NULL);
    const char *name;
    guint count = 0;

    g_assert_nonnull (dir);
    while ((name = g_dir_read_name (dir)) != NULL)
      if (strstr (name, number) != NULL)
        count++;
    g_assert_cmpuint (count, >=, 1);
  }

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  wait_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  kiosk_virtual_transport_remove (f->reader);
  wait_state (f, KIOSK_FLOW_STATE_WELCOME);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, printer_down, func)                                                              \
  g_test_add ("/app/receipt-controller/" path, Fixture, GINT_TO_POINTER (printer_down),            \
              fixture_set_up, func, fixture_tear_down)
  ADD ("check", FALSE, test_check);
  ADD ("change-pin", FALSE, test_change_pin);
  ADD ("proxy-handoff", FALSE, test_proxy_handoff);
  ADD ("locked-pin-handoff", FALSE, test_locked_pin_handoff);
  ADD ("printer-down", TRUE, test_printer_down);
#undef ADD
  return g_test_run ();
}
