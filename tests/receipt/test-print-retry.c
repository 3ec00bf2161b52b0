/* test-print-retry.c: the receipt desk retries its printer queue by itself: a raw TCP 9100
 * printer that is down and then comes back gets each queued receipt exactly once, after a
 * growing delay, at once after a later successful print, and after a restart; every outcome is
 * a structured log record for staff with nothing about the resident
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */

#include "kiosk-printer-escpos.h"
#include "kiosk-printer-queue.h"
#include "kiosk-receipt-desk.h"
#include "kiosk-receipt-escpos.h"
#include "kiosk-receipt-renderer.h"
#include "receipt-test-util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define WAIT_MS 15000
#define STATUS_TIMEOUT_MS 300
#define LOCATION "柏市役所 本庁舎1階"
#define AUTH_SERIAL "0A1B2C3D4E5F"

/* ---- a network printer that takes any number of jobs, one connection each ---- */

typedef struct
{
  int listen_fd;
  guint16 port;
  GThread *thread;
  GMutex lock;
  GPtrArray *jobs; /* GByteArray per connection, in order */
  gboolean stop;
} FakePrinter;

/* Answers every DLE EOT before the raster with "online, no fault, paper present". */
static void
serve_connection (FakePrinter *printer, int fd, GByteArray *job)
{
  gboolean in_raster = FALSE;
  guint scanned = 0;

  for (;;)
    {
      guint8 buffer[4096];
      struct pollfd cfd = { fd, POLLIN, 0 };
      ssize_t got;

      if (poll (&cfd, 1, WAIT_MS) <= 0)
        break;
      got = read (fd, buffer, sizeof buffer);
      if (got <= 0)
        break;
      g_mutex_lock (&printer->lock);
      g_byte_array_append (job, buffer, got);
      g_mutex_unlock (&printer->lock);
      for (; !in_raster && scanned + 2 < job->len; scanned++)
        {
          const guint8 *d = job->data + scanned;
          const guint8 healthy = 0x12;

          if (d[0] == 0x1d && d[1] == 'v' && d[2] == '0')
            in_raster = TRUE;
          else if (d[0] == 0x10 && d[1] == 0x04)
            {
              if (write (fd, &healthy, 1) != 1)
                return;
              scanned += 2;
            }
        }
    }
}

static gpointer
fake_printer_thread (gpointer data)
{
  FakePrinter *printer = data;

  while (!g_atomic_int_get (&printer->stop))
    {
      struct pollfd pfd = { printer->listen_fd, POLLIN, 0 };
      GByteArray *job;
      int fd;

      if (poll (&pfd, 1, 50) <= 0)
        continue;
      fd = accept (printer->listen_fd, NULL, NULL);
      if (fd < 0)
        continue;
      job = g_byte_array_new ();
      g_mutex_lock (&printer->lock);
      g_ptr_array_add (printer->jobs, job);
      g_mutex_unlock (&printer->lock);
      serve_connection (printer, fd, job);
      close (fd);
    }
  return NULL;
}

static int
bind_loopback (guint16 port, guint16 *bound_port)
{
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in address = { 0 };
  socklen_t length = sizeof address;
  int one = 1;

  g_assert_cmpint (fd, >=, 0);
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  address.sin_port = htons (port);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&address, sizeof address), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *)&address, &length), ==, 0);
  *bound_port = ntohs (address.sin_port);
  return fd;
}

/* A port nobody listens on yet: bound, then closed. */
static guint16
closed_port (void)
{
  guint16 port = 0;
  int fd = bind_loopback (0, &port);

  close (fd);
  return port;
}

static FakePrinter *
fake_printer_start (guint16 port)
{
  FakePrinter *printer = g_new0 (FakePrinter, 1);

  g_mutex_init (&printer->lock);
  printer->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_byte_array_unref);
  printer->listen_fd = bind_loopback (port, &printer->port);
  g_assert_cmpint (listen (printer->listen_fd, 8), ==, 0);
  printer->thread = g_thread_new ("fake-printer", fake_printer_thread, printer);
  return printer;
}

static void
fake_printer_stop (FakePrinter *printer)
{
  g_atomic_int_set (&printer->stop, TRUE);
  g_thread_join (printer->thread);
  close (printer->listen_fd);
  g_ptr_array_unref (printer->jobs);
  g_mutex_clear (&printer->lock);
  g_free (printer);
}

/* The raster bands (GS v 0 …) of an ESC/POS stream: what ends up on paper. */
static GBytes *
raster_of (const guint8 *data, gsize size)
{
  const guint8 *start = memmem (data, size, "\x1dv0", 3);
  const guint8 *raster = start;

  if (start == NULL)
    return NULL;
  while (raster + 8 <= data + size && raster[0] == 0x1d && raster[1] == 'v')
    {
      guint width_bytes = raster[4] | (raster[5] << 8);
      guint band = raster[6] | (raster[7] << 8);

      raster += 8 + (gsize)width_bytes * band;
    }
  g_assert_true (raster <= data + size);
  return g_bytes_new (start, raster - start);
}

/* Which of the printer's jobs carried @expected (by index), as a list "0 3"; each job must be
 * complete (ends with a cut). */
static char *
jobs_printing (FakePrinter *printer, GBytes *expected)
{
  static const guint8 cut_command[] = { 0x1d, 'V', 66 };
  g_autoptr (GString) found = g_string_new (NULL);

  g_mutex_lock (&printer->lock);
  for (guint i = 0; i < printer->jobs->len; i++)
    {
      GByteArray *job = g_ptr_array_index (printer->jobs, i);
      g_autoptr (GBytes) raster = raster_of (job->data, job->len);

      if (raster != NULL && g_bytes_equal (raster, expected))
        {
          g_assert_nonnull (memmem (job->data, job->len, cut_command, sizeof cut_command));
          g_string_append_printf (found, "%s%u", found->len > 0 ? " " : "", i);
        }
    }
  g_mutex_unlock (&printer->lock);
  return g_string_free (g_steal_pointer (&found), FALSE);
}

static guint
jobs_with_raster (FakePrinter *printer)
{
  guint count = 0;

  g_mutex_lock (&printer->lock);
  for (guint i = 0; i < printer->jobs->len; i++)
    {
      GByteArray *job = g_ptr_array_index (printer->jobs, i);

      if (memmem (job->data, job->len, "\x1dv0", 3) != NULL)
        count++;
    }
  g_mutex_unlock (&printer->lock);
  return count;
}

/* ---- the desk ---- */

typedef struct
{
  char *key_dir;
  char *state_dir;
  KioskReceiptKey *key;
  guint16 port;
  KioskEscposPrinter *printer;
  guint queue_notifications;
  guint changes;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->key_dir = receipt_test_make_key_dir (&f->key);
  f->state_dir = g_dir_make_tmp ("kiosk-print-retry-XXXXXX", &error);
  g_assert_no_error (error);
  f->port = closed_port ();
  f->printer = kiosk_escpos_printer_new_tcp ("127.0.0.1", f->port, KIOSK_PAPER_58MM_DOTS,
                                             STATUS_TIMEOUT_MS, 2000);
  receipt_test_log_clear ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *queue_dir = g_build_filename (f->state_dir, "receipts", NULL);

  receipt_test_remove_dir (queue_dir);
  receipt_test_remove_dir (f->state_dir);
  receipt_test_remove_dir (f->key_dir);
  g_free (f->state_dir);
  g_free (f->key_dir);
  g_clear_object (&f->key);
  g_clear_object (&f->printer);
  receipt_test_log_clear ();
}

static void
on_queue_length (GObject *desk, GParamSpec *pspec, gpointer user_data)
{
  Fixture *f = user_data;

  f->queue_notifications++;
}

static void
on_changed (KioskReceiptDesk *desk, gpointer user_data)
{
  Fixture *f = user_data;

  f->changes++;
}

static KioskReceiptDesk *
desk_new (Fixture *f, guint first_delay_ms, guint max_delay_ms)
{
  KioskReceiptDesk *desk = kiosk_receipt_desk_new (
      "K001", LOCATION, f->state_dir, f->key, KIOSK_PRINTER (f->printer), KIOSK_PAPER_58MM_DOTS);

  kiosk_receipt_desk_set_retry_delays (desk, first_delay_ms, max_delay_ms);
  g_signal_connect (desk, "notify::queue-length", G_CALLBACK (on_queue_length), f);
  g_signal_connect (desk, "changed", G_CALLBACK (on_changed), f);
  return desk;
}

/* Issues a receipt and returns the raster a printer should get for it (transfer full). */
static GBytes *
issue (KioskReceiptDesk *desk, char **number)
{
  g_autoptr (GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr (GDateTime) time = g_date_time_new (tokyo, 2026, 11, 25, 10, 0, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) encoded = NULL;
  KioskReceipt *receipt;
  gsize size;
  const guint8 *data;

  receipt = kiosk_receipt_desk_issue (desk, KIOSK_PROCEDURE_CHECK_CARD, KIOSK_OUTCOME_DONE,
                                      KIOSK_REASON_NONE, "en", AUTH_SERIAL, time, &error);
  g_assert_no_error (error);
  g_assert_nonnull (receipt);
  *number = g_strdup (kiosk_receipt_get_number (receipt));
  encoded = kiosk_escpos_encode_raster (kiosk_receipt_desk_get_image (desk), 0);
  data = g_bytes_get_data (encoded, &size);
  return raster_of (data, size);
}

static gboolean
give_up (gpointer user_data)
{
  g_error ("%s: not reached within %d ms", (const char *)user_data, WAIT_MS);
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (KioskReceiptDesk *desk, gpointer data);

/* Runs the main loop until @condition holds (bounded). */
static void
wait_until (KioskReceiptDesk *desk, Condition condition, gpointer data, const char *what)
{
  guint timeout = g_timeout_add (WAIT_MS, give_up, (gpointer)what);

  while (!condition (desk, data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

static gboolean
print_settled (KioskReceiptDesk *desk, gpointer data)
{
  return kiosk_receipt_desk_get_print_state (desk) != KIOSK_RECEIPT_PRINT_PRINTING;
}

static gboolean
queue_empty (KioskReceiptDesk *desk, gpointer data)
{
  return kiosk_receipt_desk_get_queue_length (desk) == 0;
}

static gboolean
records_at_least (KioskReceiptDesk *desk, gpointer data)
{
  const guint *wanted = data;
  g_autoptr (GPtrArray) records
             = receipt_test_log_records (KIOSK_RECEIPT_DESK_MESSAGE_ID_RETRY_SCHEDULED);

  return records->len >= *wanted;
}

static gboolean
failed_retries_at_least (KioskReceiptDesk *desk, gpointer data)
{
  const guint *wanted = data;
  g_autoptr (GPtrArray) records
             = receipt_test_log_records (KIOSK_PRINTER_QUEUE_MESSAGE_ID_RETRY_FAILED);

  return records->len >= *wanted;
}

/* Lets the main loop run @ms longer: a duplicate print would show up meanwhile. */
static void
run_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

static const char *
field (GHashTable *record, const char *name)
{
  return g_hash_table_lookup (record, name);
}

/* ---- cases ---- */

/* The printer is down: the receipt is queued; the desk retries by itself until the printer is
 * back, and then the receipt arrives exactly once, leaves the queue, and is shown as printed. */
static void
test_recovers_after_fault (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskReceiptDesk) desk = desk_new (f, 50, 400);
  g_autofree char *number = NULL;
  g_autoptr (GBytes) raster = issue (desk, &number);
  g_autoptr (GPtrArray) printed = NULL;
  g_autofree char *jobs = NULL;
  guint failed_retries = 2;
  FakePrinter *fake;

  wait_until (desk, print_settled, NULL, "the first print fails");
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (desk), ==, KIOSK_RECEIPT_PRINT_QUEUED);
  g_assert_cmpuint (kiosk_receipt_desk_get_queue_length (desk), ==, 1);
  g_assert_cmpuint (f->queue_notifications, ==, 1);
  {
    guint length = 0;

    g_object_get (desk, "queue-length", &length, NULL);
    g_assert_cmpuint (length, ==, 1);
  }

  /* Retried while still down: no harm, still queued. */
  wait_until (desk, failed_retries_at_least, &failed_retries, "two failed retries");
  g_assert_cmpuint (kiosk_receipt_desk_get_queue_length (desk), ==, 1);

  fake = fake_printer_start (f->port);
  f->changes = 0;
  wait_until (desk, queue_empty, NULL, "the queue printed");
  g_assert_cmpuint (f->queue_notifications, ==, 2);
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (desk), ==, KIOSK_RECEIPT_PRINT_PRINTED);
  g_assert_cmpuint (f->changes, ==, 1);
  g_assert_cmpstr (kiosk_receipt_desk_get_number (desk), ==, number);

  run_for (500);
  jobs = jobs_printing (fake, raster);
  g_assert_cmpstr (jobs, ==, "0");
  g_assert_cmpuint (jobs_with_raster (fake), ==, 1);

  printed = receipt_test_log_records (KIOSK_PRINTER_QUEUE_MESSAGE_ID_RETRY_PRINTED);
  g_assert_cmpuint (printed->len, ==, 1);
  g_assert_cmpstr (field (printed->pdata[0], "RECEIPT_NUMBER"), ==, number);
  g_assert_cmpstr (field (printed->pdata[0], "QUEUE_LENGTH"), ==, "0");
  g_assert_cmpstr (field (printed->pdata[0], "PRINTER"), ==, "KioskEscposPrinter");
  fake_printer_stop (fake);
}

/* While the printer stays down the delays double up to the cap, each failed retry logged with
 * the receipt and the queue length. */
static void
test_delays_grow_to_cap (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskReceiptDesk) desk = desk_new (f, 20, 80);
  g_autofree char *number = NULL;
  g_autoptr (GBytes) raster = issue (desk, &number);
  g_autoptr (GPtrArray) scheduled = NULL;
  g_autoptr (GPtrArray) failed = NULL;
  const char *expected[] = { "20", "40", "80", "80", "80" };
  guint wanted = G_N_ELEMENTS (expected);

  wait_until (desk, records_at_least, &wanted, "five scheduled retries");
  scheduled = receipt_test_log_records (KIOSK_RECEIPT_DESK_MESSAGE_ID_RETRY_SCHEDULED);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpstr (field (scheduled->pdata[i], "RETRY_IN_MS"), ==, expected[i]);
      g_assert_cmpstr (field (scheduled->pdata[i], "QUEUE_LENGTH"), ==, "1");
    }
  failed = receipt_test_log_records (KIOSK_PRINTER_QUEUE_MESSAGE_ID_RETRY_FAILED);
  g_assert_cmpuint (failed->len, >=, G_N_ELEMENTS (expected) - 1);
  for (guint i = 0; i < failed->len; i++)
    {
      g_assert_cmpstr (field (failed->pdata[i], "RECEIPT_NUMBER"), ==, number);
      g_assert_cmpstr (field (failed->pdata[i], "QUEUE_LENGTH"), ==, "1");
      g_assert_nonnull (field (failed->pdata[i], "PRINTER_ERROR"));
    }
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (desk), ==, KIOSK_RECEIPT_PRINT_QUEUED);
}

/* The next receipt printing proves the printer is back: the queue goes at once, long before the
 * (one minute) retry delay, and each receipt is printed once, the new one first. */
static void
test_success_retries_at_once (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskReceiptDesk) desk = desk_new (f, 60000, 600000);
  g_autofree char *first_number = NULL;
  g_autofree char *second_number = NULL;
  g_autoptr (GBytes) first = issue (desk, &first_number);
  g_autoptr (GBytes) second = NULL;
  g_autofree char *first_jobs = NULL;
  g_autofree char *second_jobs = NULL;
  gint64 started;
  FakePrinter *fake;

  wait_until (desk, print_settled, NULL, "the first print fails");
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (desk), ==, KIOSK_RECEIPT_PRINT_QUEUED);
  g_assert_cmpuint (kiosk_receipt_desk_get_queue_length (desk), ==, 1);

  fake = fake_printer_start (f->port);
  started = g_get_monotonic_time ();
  second = issue (desk, &second_number);
  wait_until (desk, print_settled, NULL, "the second print");
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (desk), ==, KIOSK_RECEIPT_PRINT_PRINTED);
  wait_until (desk, queue_empty, NULL, "the queue printed");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_TIME_SPAN_SECOND);

  run_for (300);
  second_jobs = jobs_printing (fake, second);
  first_jobs = jobs_printing (fake, first);
  g_assert_cmpstr (second_jobs, ==, "0");
  g_assert_cmpstr (first_jobs, ==, "1");
  g_assert_cmpuint (jobs_with_raster (fake), ==, 2);
  fake_printer_stop (fake);
}

/* Receipts queued before a restart: a new desk on the same folder counts them at once and,
 * with the printer back, prints each once, oldest first, without any new receipt. */
static void
test_restart_resumes (Fixture *f, gconstpointer data)
{
  g_autofree char *first_number = NULL;
  g_autofree char *second_number = NULL;
  g_autoptr (GBytes) first = NULL;
  g_autoptr (GBytes) second = NULL;
  g_autofree char *first_jobs = NULL;
  g_autofree char *second_jobs = NULL;
  FakePrinter *fake;

  {
    g_autoptr (KioskReceiptDesk) before = desk_new (f, 60000, 600000);

    first = issue (before, &first_number);
    wait_until (before, print_settled, NULL, "the first print fails");
    second = issue (before, &second_number);
    wait_until (before, print_settled, NULL, "the second print fails");
    g_assert_cmpuint (kiosk_receipt_desk_get_queue_length (before), ==, 2);
  }

  fake = fake_printer_start (f->port);
  {
    g_autoptr (KioskReceiptDesk) after = desk_new (f, 60000, 600000);

    g_assert_cmpuint (kiosk_receipt_desk_get_queue_length (after), ==, 2);
    wait_until (after, queue_empty, NULL, "the queue printed after the restart");
    g_assert_null (kiosk_receipt_desk_get_current (after));
    run_for (300);
  }
  first_jobs = jobs_printing (fake, first);
  second_jobs = jobs_printing (fake, second);
  g_assert_cmpstr (first_jobs, ==, "0");
  g_assert_cmpstr (second_jobs, ==, "1");
  g_assert_cmpuint (jobs_with_raster (fake), ==, 2);
  fake_printer_stop (fake);
}

/* The staff records name the receipt, the printer and the queue, and nothing about the
 * resident: not the location text, not the card reference. */
static void
test_log_fields_not_personal (Fixture *f, gconstpointer data)
{
  static const char *const allowed[]
      = { "PRIORITY",     "GLIB_DOMAIN",   "MESSAGE_ID",  "RECEIPT_NUMBER", "PRINTER",
          "QUEUE_LENGTH", "PRINTER_ERROR", "RETRY_IN_MS", "MESSAGE",        NULL };
  g_autoptr (KioskReceiptDesk) desk = desk_new (f, 20, 40);
  g_autofree char *number = NULL;
  g_autoptr (GBytes) raster = issue (desk, &number);
  g_autofree char *reference
      = kiosk_receipt_dup_card_reference_hex (kiosk_receipt_desk_get_current (desk));
  g_autoptr (GPtrArray) records = NULL;
  guint failed_retries = 2;

  g_assert_nonnull (reference);
  wait_until (desk, failed_retries_at_least, &failed_retries, "two failed retries");
  records = receipt_test_log_records (NULL);
  g_assert_cmpuint (records->len, >=, 4); /* queued, scheduled, failed, scheduled, failed */
  g_assert_cmpstr (field (records->pdata[0], "MESSAGE_ID"), ==,
                   KIOSK_PRINTER_QUEUE_MESSAGE_ID_QUEUED);
  g_assert_cmpstr (field (records->pdata[0], "RECEIPT_NUMBER"), ==, number);
  g_assert_cmpstr (field (records->pdata[0], "QUEUE_LENGTH"), ==, "1");
  for (guint i = 0; i < records->len; i++)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, records->pdata[i]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_assert_true (g_strv_contains (allowed, key));
          g_assert_null (strstr (value, "柏市役所"));
          g_assert_null (strstr (value, reference));
          g_assert_null (strstr (value, AUTH_SERIAL));
        }
      g_assert_cmpstr (field (records->pdata[i], "GLIB_DOMAIN"), ==, "kiosk-app");
    }
}

/* Without a printer there is no queue and nothing to retry. */
static void
test_no_printer_no_queue (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskReceiptDesk) desk = kiosk_receipt_desk_new ("K001", LOCATION, f->state_dir,
                                                              f->key, NULL, KIOSK_PAPER_58MM_DOTS);
  g_autofree char *number = NULL;
  g_autoptr (GBytes) raster = issue (desk, &number);

  kiosk_receipt_desk_retry_queue (desk);
  run_for (100);
  g_assert_cmpuint (kiosk_receipt_desk_get_queue_length (desk), ==, 0);
  g_assert_cmpint (kiosk_receipt_desk_get_print_state (desk), ==, KIOSK_RECEIPT_PRINT_SCREEN_ONLY);
  {
    g_autoptr (GPtrArray) records = receipt_test_log_records (NULL);

    g_assert_cmpuint (records->len, ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  receipt_test_log_capture ();

#define ADD(path, func)                                                                            \
  g_test_add ("/printing/retry/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("recovers-after-fault", test_recovers_after_fault);
  ADD ("delays-grow-to-cap", test_delays_grow_to_cap);
  ADD ("success-retries-at-once", test_success_retries_at_once);
  ADD ("restart-resumes", test_restart_resumes);
  ADD ("log-fields-not-personal", test_log_fields_not_personal);
  ADD ("no-printer-no-queue", test_no_printer_no_queue);
#undef ADD
  return g_test_run ();
}
