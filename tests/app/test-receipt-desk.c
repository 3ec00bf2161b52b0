/* test-receipt-desk.c: the receipt desk on its own: numbering that survives a restart, the
 * card-reference secret, signed payloads, and printing that queues on a fault
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "kiosk-printer-escpos.h"
#include "kiosk-printer-queue.h"
#include "kiosk-receipt-desk.h"
#include "kiosk-receipt-payload.h"
#include "kiosk-receipt-renderer.h"
#include "kiosk-receipt.h"

#define AUTH_SERIAL "0A1B2C3D4E5F"
#define WAIT_TIMEOUT_S 20

typedef struct
{
  char *state_dir;
  KioskReceiptKey *key;
  KioskReceiptKey *public_key;
} Fixture;

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
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *key_dir = NULL;
  g_autofree char *public_path = NULL;

  f->state_dir = g_dir_make_tmp ("receipt-desk-XXXXXX", &error);
  g_assert_no_error (error);
  f->key = kiosk_receipt_key_generate (&error);
  g_assert_no_error (error);
  key_dir = g_build_filename (f->state_dir, "keys", NULL);
  g_assert_cmpint (g_mkdir (key_dir, 0700), ==, 0);
  g_assert_true (kiosk_receipt_key_save (f->key, key_dir, &error));
  g_assert_no_error (error);
  public_path = g_build_filename (key_dir, "kiosk.pub", NULL);
  f->public_key = kiosk_receipt_key_load (public_path, &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_receipt_key_has_private (f->public_key));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  remove_tree (f->state_dir);
  g_free (f->state_dir);
  g_clear_object (&f->key);
  g_clear_object (&f->public_key);
}

static KioskReceiptDesk *
desk_new (Fixture *f, KioskPrinter *printer)
{
  return kiosk_receipt_desk_new ("K001", "Minato City Office 1F", f->state_dir, f->key, printer,
                                 KIOSK_PAPER_58MM_DOTS);
}

static GDateTime *
tokyo_time (int year, int month, int day, int hour)
{
  g_autoptr (GTimeZone) tokyo = g_time_zone_new_offset (9 * 3600);

  return g_date_time_new (tokyo, year, month, day, hour, 0, 0);
}

static KioskReceipt *
issue_check (KioskReceiptDesk *desk, GDateTime *time)
{
  g_autoptr (GError) error = NULL;
  KioskReceipt *receipt
      = kiosk_receipt_desk_issue (desk, KIOSK_PROCEDURE_CHECK_CARD, KIOSK_OUTCOME_DONE,
                                  KIOSK_REASON_NONE, "en", AUTH_SERIAL, time, &error);

  g_assert_no_error (error);
  g_assert_nonnull (receipt);
  return receipt;
}

static void
on_changed (KioskReceiptDesk *desk, gpointer user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
wait_print_settled (KioskReceiptDesk *desk)
{
  gint64 until = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_TIME_SPAN_SECOND;

  while (kiosk_receipt_desk_get_print_state (desk) == KIOSK_RECEIPT_PRINT_PRINTING
         && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (desk), !=, KIOSK_RECEIPT_PRINT_PRINTING);
}

/* The number counts up through the day and a restarted kiosk carries on from the last one. */
static void
test_number_survives_restart (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) morning = tokyo_time (2026, 11, 25, 9);
  g_autoptr (GDateTime) noon = tokyo_time (2026, 11, 25, 12);
  g_autoptr (KioskReceiptDesk) desk = desk_new (f, NULL);
  g_autoptr (KioskReceiptDesk) restarted = NULL;

  g_assert_cmpstr (kiosk_receipt_get_number (issue_check (desk, morning)), ==,
                   "K001-20261125-0001");
  g_assert_cmpstr (kiosk_receipt_get_number (issue_check (desk, morning)), ==,
                   "K001-20261125-0002");
  g_clear_object (&desk);

  restarted = desk_new (f, NULL);
  g_assert_cmpstr (kiosk_receipt_get_number (issue_check (restarted, noon)), ==,
                   "K001-20261125-0003");
  g_assert_cmpstr (kiosk_receipt_desk_get_number (restarted), ==, "K001-20261125-0003");
}

/* A new Tokyo day starts again at 1 (23:30 UTC is already the next morning in Tokyo). */
static void
test_number_restarts_next_day (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) evening = tokyo_time (2026, 11, 25, 20);
  g_autoptr (GDateTime) late_utc = g_date_time_new_utc (2026, 11, 25, 23, 30, 0);
  g_autoptr (KioskReceiptDesk) desk = desk_new (f, NULL);

  issue_check (desk, evening);
  issue_check (desk, evening);
  g_assert_cmpstr (kiosk_receipt_get_number (issue_check (desk, late_utc)), ==,
                   "K001-20261126-0001");
}

/* The card reference key is made once, private to the kiosk, and kept: the same card gives the
 * same reference after a restart, another card a different one. */
static void
test_card_reference_key (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) now = tokyo_time (2026, 11, 25, 10);
  g_autoptr (KioskReceiptDesk) desk = desk_new (f, NULL);
  g_autoptr (KioskReceiptDesk) restarted = NULL;
  g_autofree char *path = g_build_filename (f->state_dir, "card-reference.key", NULL);
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  first = kiosk_receipt_dup_card_reference_hex (issue_check (desk, now));
  g_assert_nonnull (first);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, ==, 32);
  /* The serial itself is not what is carried. */
  g_assert_null (strstr (first, "0a1b2c3d4e5f"));
  g_clear_object (&desk);

  restarted = desk_new (f, NULL);
  again = kiosk_receipt_dup_card_reference_hex (issue_check (restarted, now));
  g_assert_cmpstr (first, ==, again);
  {
    KioskReceipt *other
        = kiosk_receipt_desk_issue (restarted, KIOSK_PROCEDURE_CHECK_CARD, KIOSK_OUTCOME_DONE,
                                    KIOSK_REASON_NONE, "en", "FFEE01", now, &error);
    g_autofree char *other_hex = NULL;

    g_assert_no_error (error);
    other_hex = kiosk_receipt_dup_card_reference_hex (other);
    g_assert_cmpstr (other_hex, !=, first);
  }
}

/* The QR payload verifies with the exported public key and says what was done, without the
 * location or anything about the resident; a changed character is refused. */
static void
test_payload_verifies (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) now = tokyo_time (2026, 11, 25, 10);
  g_autoptr (KioskReceiptDesk) desk = desk_new (f, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceipt) decoded = NULL;
  g_autoptr (KioskReceipt) tampered_receipt = NULL;
  g_autofree char *tampered = NULL;
  KioskReceipt *receipt;
  const char *payload;

  receipt = kiosk_receipt_desk_issue (desk, KIOSK_PROCEDURE_CHANGE_PIN, KIOSK_OUTCOME_HANDED_OFF,
                                      KIOSK_REASON_PIN_LOCKED, "ja", AUTH_SERIAL, now, &error);
  g_assert_no_error (error);
  payload = kiosk_receipt_desk_get_payload (desk);
  g_assert_nonnull (payload);

  decoded = kiosk_receipt_payload_decode (payload, f->public_key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_receipt_get_number (decoded), ==, kiosk_receipt_get_number (receipt));
  g_assert_cmpint (kiosk_receipt_get_procedure (decoded), ==, KIOSK_PROCEDURE_CHANGE_PIN);
  g_assert_cmpint (kiosk_receipt_get_outcome (decoded), ==, KIOSK_OUTCOME_HANDED_OFF);
  g_assert_cmpint (kiosk_receipt_get_reason (decoded), ==, KIOSK_REASON_PIN_LOCKED);
  g_assert_cmpstr (kiosk_receipt_get_language (decoded), ==, "ja");
  g_assert_null (kiosk_receipt_get_location_name (decoded));
  g_assert_cmpstr (kiosk_receipt_get_location_name (receipt), ==, "Minato City Office 1F");

  tampered = g_strdup (payload);
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  tampered_receipt = kiosk_receipt_payload_decode (tampered, f->public_key, &error);
  g_assert_null (tampered_receipt);
  g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_SIGNATURE);
}

/* The image for the screen is the printed slip: paper width, taller than its QR. */
static void
test_image_for_screen (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) now = tokyo_time (2026, 11, 25, 10);
  g_autoptr (KioskReceiptDesk) desk = desk_new (f, NULL);
  guint changed = 0;
  cairo_surface_t *image;

  g_signal_connect (desk, "changed", G_CALLBACK (on_changed), &changed);
  g_assert_null (kiosk_receipt_desk_get_image (desk));
  issue_check (desk, now);
  g_assert_cmpuint (changed, ==, 1);
  image = kiosk_receipt_desk_get_image (desk);
  g_assert_nonnull (image);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, KIOSK_PAPER_58MM_DOTS);
  g_assert_cmpint (cairo_image_surface_get_height (image), >, KIOSK_PAPER_58MM_DOTS / 2);

  kiosk_receipt_desk_clear (desk);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_null (kiosk_receipt_desk_get_current (desk));
  g_assert_null (kiosk_receipt_desk_get_image (desk));
}

/* Printer kind none: the screen is the receipt, nothing is queued. */
static void
test_no_printer_screen_only (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) now = tokyo_time (2026, 11, 25, 10);
  g_autoptr (KioskReceiptDesk) desk = desk_new (f, NULL);

  issue_check (desk, now);
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (desk), ==, KIOSK_RECEIPT_PRINT_SCREEN_ONLY);
  g_assert_false (g_file_test (kiosk_receipt_desk_get_queue_dir (desk), G_FILE_TEST_EXISTS));
}

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

/* The printer is down: the call returns at once, the receipt stays current, then it is marked
 * queued and waits in the queue folder under its number. */
static void
test_printer_refused_queued (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) now = tokyo_time (2026, 11, 25, 10);
  g_autoptr (KioskEscposPrinter) printer = kiosk_escpos_printer_new_tcp (
      "127.0.0.1", refused_port (), KIOSK_PAPER_58MM_DOTS, 200, 2000);
  g_autoptr (KioskReceiptDesk) desk = desk_new (f, KIOSK_PRINTER (printer));
  g_autoptr (KioskPrinterQueue) queue = NULL;
  g_auto (GStrv) pending = NULL;
  g_autofree char *number = NULL;
  gint64 started = g_get_monotonic_time ();

  number = g_strdup (kiosk_receipt_get_number (issue_check (desk, now)));
  g_assert_cmpint (g_get_monotonic_time () - started, <, G_TIME_SPAN_SECOND);
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (desk), ==, KIOSK_RECEIPT_PRINT_PRINTING);

  wait_print_settled (desk);
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (desk), ==, KIOSK_RECEIPT_PRINT_QUEUED);
  g_assert_cmpstr (kiosk_receipt_desk_get_number (desk), ==, number);
  g_assert_nonnull (kiosk_receipt_desk_get_image (desk));

  queue
      = kiosk_printer_queue_new (KIOSK_PRINTER (printer), kiosk_receipt_desk_get_queue_dir (desk));
  pending = kiosk_printer_queue_list_pending (queue);
  g_assert_cmpuint (g_strv_length (pending), ==, 1);
  g_assert_cmpstr (pending[0], ==, number);
}

/* Codes that name nothing make no receipt and use no number. */
static void
test_unknown_code_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) now = tokyo_time (2026, 11, 25, 10);
  g_autoptr (KioskReceiptDesk) desk = desk_new (f, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_null (kiosk_receipt_desk_issue (desk, KIOSK_PROCEDURE_NONE, KIOSK_OUTCOME_DONE,
                                           KIOSK_REASON_NONE, "en", NULL, now, &error));
  g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_FIELD);
  g_assert_cmpstr (kiosk_receipt_get_number (issue_check (desk, now)), ==, "K001-20261125-0001");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add ("/app/receipt-desk/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("number-survives-restart", test_number_survives_restart);
  ADD ("number-restarts-next-day", test_number_restarts_next_day);
  ADD ("card-reference-key", test_card_reference_key);
  ADD ("payload-verifies", test_payload_verifies);
  ADD ("image-for-screen", test_image_for_screen);
  ADD ("no-printer-screen-only", test_no_printer_screen_only);
  ADD ("printer-refused-queued", test_printer_refused_queued);
  ADD ("unknown-code-refused", test_unknown_code_refused);
#undef ADD
  return g_test_run ();
}
