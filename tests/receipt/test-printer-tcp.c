/* test-printer-tcp.c: printing ESC/POS to a raw TCP 9100 listener of the test's own (on
 * 127.0.0.1, an ephemeral port) and to a device node: the bytes a printer gets, its QR read back,
 * and faults (paper out, connection refused) keeping the receipt in the queue until a retry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */

#include "kiosk-printer-escpos.h"
#include "kiosk-printer-queue.h"
#include "kiosk-receipt-payload.h"
#include "receipt-test-util.h"

#include <arpa/inet.h>
#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#define WAIT_MS 15000
#define STATUS_TIMEOUT_MS 300

/* ---- a fake network printer ---- */

typedef enum
{
  PRINTER_SILENT,  /* never answers DLE EOT (many network printers) */
  PRINTER_HEALTHY, /* answers: online, no fault, paper present */
  PRINTER_PAPER_OUT,
} PrinterBehaviour;

typedef struct
{
  int listen_fd;
  guint16 port;
  PrinterBehaviour behaviour;
  GThread *thread;
  GByteArray *received;
  guint status_queries;
  guint scanned; /* bytes already looked at for status queries */
} FakePrinter;

static guint8
answer_for (PrinterBehaviour behaviour, guint8 kind)
{
  gboolean out = behaviour == PRINTER_PAPER_OUT;

  switch (kind)
    {
    case 1:
      return out ? 0x1a : 0x12; /* offline bit while out of paper */
    case 2:
      return out ? 0x32 : 0x12; /* paper-end stop */
    default:
      return out ? 0x72 : 0x12; /* roll paper end */
    }
}

static gpointer
fake_printer_thread (gpointer data)
{
  FakePrinter *printer = data;
  struct pollfd pfd = { printer->listen_fd, POLLIN, 0 };
  int fd;
  gboolean in_raster = FALSE;

  if (poll (&pfd, 1, WAIT_MS) <= 0)
    return NULL;
  fd = accept (printer->listen_fd, NULL, NULL);
  if (fd < 0)
    return NULL;
  for (;;)
    {
      guint8 buffer[4096];
      ssize_t got;
      struct pollfd cfd = { fd, POLLIN, 0 };

      if (poll (&cfd, 1, WAIT_MS) <= 0)
        break;
      got = read (fd, buffer, sizeof buffer);
      if (got <= 0)
        break;
      g_byte_array_append (printer->received, buffer, got);
      /* Status queries come before the raster (whose bits may look like anything). */
      for (guint i = 0; !in_raster && i + 2 < printer->received->len; i++)
        {
          const guint8 *d = printer->received->data + i;

          if (d[0] == 0x1d && d[1] == 'v' && d[2] == '0')
            in_raster = TRUE;
          else if (d[0] == 0x10 && d[1] == 0x04 && i >= printer->scanned)
            {
              guint8 answer = answer_for (printer->behaviour, d[2]);

              printer->status_queries++;
              printer->scanned = i + 3;
              if (printer->behaviour != PRINTER_SILENT && write (fd, &answer, 1) != 1)
                break;
            }
        }
    }
  close (fd);
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

static FakePrinter *
fake_printer_start (PrinterBehaviour behaviour, guint16 port)
{
  FakePrinter *printer = g_new0 (FakePrinter, 1);

  printer->behaviour = behaviour;
  printer->received = g_byte_array_new ();
  printer->listen_fd = bind_loopback (port, &printer->port);
  g_assert_cmpint (listen (printer->listen_fd, 4), ==, 0);
  printer->thread = g_thread_new ("fake-printer", fake_printer_thread, printer);
  return printer;
}

/* Waits until the printer's connection closed (the job is complete). */
static void
fake_printer_join (FakePrinter *printer)
{
  if (printer->thread != NULL)
    g_thread_join (g_steal_pointer (&printer->thread));
}

static void
fake_printer_stop (FakePrinter *printer)
{
  fake_printer_join (printer);
  close (printer->listen_fd);
  g_byte_array_unref (printer->received);
  g_free (printer);
}

/* A port nobody listens on: bound, then closed. */
static guint16
closed_port (void)
{
  guint16 port = 0;
  int fd = bind_loopback (0, &port);

  close (fd);
  return port;
}

/* ---- helpers ---- */

typedef struct
{
  char *key_dir;
  char *queue_dir;
  KioskReceiptKey *key;
  KioskReceipt *receipt;
  char *payload;
  GMainLoop *loop;
  GAsyncResult *result;
  guint ticks;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->key_dir = receipt_test_make_key_dir (&f->key);
  f->queue_dir = g_dir_make_tmp ("kiosk-print-queue-XXXXXX", &error);
  g_assert_no_error (error);
  f->receipt = receipt_test_sample (42, "en");
  f->payload = kiosk_receipt_payload_encode (f->receipt, f->key, &error);
  g_assert_no_error (error);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  receipt_test_remove_dir (f->key_dir);
  receipt_test_remove_dir (f->queue_dir);
  g_free (f->key_dir);
  g_free (f->queue_dir);
  g_clear_object (&f->key);
  g_clear_object (&f->receipt);
  g_free (f->payload);
  g_main_loop_unref (f->loop);
  g_clear_object (&f->result);
}

static void
got_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
  g_main_loop_quit (f->loop);
}

static gboolean
tick (gpointer user_data)
{
  Fixture *f = user_data;

  f->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
give_up (gpointer user_data)
{
  g_error ("no print result within %d ms", WAIT_MS);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the result arrives (bounded), counting 10 ms ticks meanwhile. */
static void
wait_for_result (Fixture *f)
{
  guint ticker = g_timeout_add (10, tick, f);
  guint timeout = g_timeout_add (WAIT_MS, give_up, NULL);

  g_clear_object (&f->result);
  f->ticks = 0;
  g_main_loop_run (f->loop);
  g_source_remove (ticker);
  g_source_remove (timeout);
}

static gboolean
queue_print (Fixture *f, KioskPrinterQueue *queue, GError **error)
{
  kiosk_printer_queue_print_async (queue, f->receipt, f->payload, NULL, got_result, f);
  wait_for_result (f);
  return kiosk_printer_queue_print_finish (queue, f->result, error);
}

static const guint8 *
find (GByteArray *bytes, const void *needle, gsize size)
{
  return memmem (bytes->data, bytes->len, needle, size);
}

/* Turns the GS v 0 bands back into an image, writes it as PNG and reads its QR. */
static char *
decode_printed_qr (Fixture *f, const guint8 *data, gsize size)
{
  const guint8 *raster = memmem (data, size, "\x1dv0", 3);
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *png = g_build_filename (f->queue_dir, "printed.png", NULL);
  guint width_bytes = 0;
  cairo_surface_t *image;
  char *decoded;

  g_assert_nonnull (raster);
  while (raster + 8 <= data + size && raster[0] == 0x1d && raster[1] == 'v')
    {
      guint band = raster[6] | (raster[7] << 8);

      width_bytes = raster[4] | (raster[5] << 8);
      for (guint r = 0; r < band; r++)
        g_ptr_array_add (rows, (gpointer)(raster + 8 + (gsize)r * width_bytes));
      raster += 8 + (gsize)width_bytes * band;
    }
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width_bytes * 8, rows->len);
  for (guint y = 0; y < rows->len; y++)
    {
      guint32 *pixels = (guint32 *)(cairo_image_surface_get_data (image)
                                    + (gsize)y * cairo_image_surface_get_stride (image));
      const guint8 *row = rows->pdata[y];

      for (guint x = 0; x < width_bytes * 8; x++)
        pixels[x] = (row[x / 8] & (0x80 >> (x % 8))) ? 0x000000 : 0xffffff;
    }
  cairo_surface_mark_dirty (image);
  g_assert_cmpint (cairo_surface_write_to_png (image, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (image);
  decoded = receipt_test_decode_qr (png);
  g_remove (png);
  return decoded;
}

static void
assert_queued (Fixture *f, KioskPrinterQueue *queue)
{
  g_auto (GStrv) pending = kiosk_printer_queue_list_pending (queue);
  g_autoptr (GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autoptr (KioskReceipt) kept = NULL;

  g_assert_cmpuint (g_strv_length (pending), ==, 1);
  g_assert_cmpstr (pending[0], ==, "K001-20261125-0042");
  kept = kiosk_printer_queue_load (queue, pending[0], &payload, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_receipt_equal (kept, f->receipt));
  g_assert_cmpstr (payload, ==, f->payload);
}

/* ---- cases ---- */

static const guint8 raster_header_58mm[] = { 0x1d, 'v', '0', 0, 48, 0 };
static const guint8 cut_command[] = { 0x1d, 'V', 66 };

static void
assert_printed_receipt (Fixture *f, GByteArray *received)
{
  g_autofree char *decoded = NULL;
  g_autofree char *pub = g_build_filename (f->key_dir, "kiosk.pub", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpuint (received->len, >, 1000);
  g_assert_cmpuint (received->data[0], ==, 0x1b);
  g_assert_cmpuint (received->data[1], ==, '@');
  g_assert_nonnull (find (received, raster_header_58mm, sizeof raster_header_58mm));
  g_assert_cmpmem (received->data + received->len - 4, 3, cut_command, 3);

  /* What the paper would show: its QR holds the signed payload kioskctl accepts. */
  decoded = decode_printed_qr (f, received->data, received->len);
  if (decoded == NULL && g_find_program_in_path ("zbarimg") == NULL
      && g_strcmp0 (g_getenv ("CI"), "true") != 0)
    {
      g_test_message ("zbarimg missing: printed QR not decoded");
      return;
    }
  g_assert_cmpstr (decoded, ==, f->payload);
  {
    const char *argv[] = { KIOSKCTL, "receipt", "verify", "--key", pub, decoded, NULL };

    g_assert_cmpint (receipt_test_run (argv, &out, &err), ==, 0);
  }
}

static void
test_silent_printer (Fixture *f, gconstpointer data)
{
  FakePrinter *fake = fake_printer_start (PRINTER_SILENT, 0);
  g_autoptr (KioskEscposPrinter) printer
             = kiosk_escpos_printer_new_tcp ("127.0.0.1", fake->port, 384, STATUS_TIMEOUT_MS, 5000);
  g_autoptr (KioskPrinterQueue) queue
             = kiosk_printer_queue_new (KIOSK_PRINTER (printer), f->queue_dir);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) pending = NULL;

  g_assert_true (queue_print (f, queue, &error));
  g_assert_no_error (error);
  /* The wait for a status answer ran on a worker: the main loop kept ticking. */
  g_assert_cmpuint (f->ticks, >=, STATUS_TIMEOUT_MS / 10 / 2);
  fake_printer_join (fake);
  g_assert_cmpuint (fake->status_queries, ==, 1);
  assert_printed_receipt (f, fake->received);
  pending = kiosk_printer_queue_list_pending (queue);
  g_assert_cmpuint (g_strv_length (pending), ==, 0);
  fake_printer_stop (fake);
}

static void
test_healthy_printer (Fixture *f, gconstpointer data)
{
  FakePrinter *fake = fake_printer_start (PRINTER_HEALTHY, 0);
  g_autoptr (KioskEscposPrinter) printer
             = kiosk_escpos_printer_new_tcp ("127.0.0.1", fake->port, 384, 5000, 5000);
  g_autoptr (KioskPrinterQueue) queue
             = kiosk_printer_queue_new (KIOSK_PRINTER (printer), f->queue_dir);
  g_autoptr (GError) error = NULL;
  const guint8 queries[] = { 0x1b, '@', 0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 4 };

  g_assert_true (queue_print (f, queue, &error));
  g_assert_no_error (error);
  fake_printer_join (fake);
  /* Init, then the three status queries answered one by one, then the raster. */
  g_assert_cmpuint (fake->status_queries, ==, 3);
  g_assert_cmpmem (fake->received->data, sizeof queries, queries, sizeof queries);
  assert_printed_receipt (f, fake->received);
  fake_printer_stop (fake);
}

static void
test_paper_out (Fixture *f, gconstpointer data)
{
  FakePrinter *fake = fake_printer_start (PRINTER_PAPER_OUT, 0);
  g_autoptr (KioskEscposPrinter) printer
             = kiosk_escpos_printer_new_tcp ("127.0.0.1", fake->port, 384, 5000, 5000);
  g_autoptr (KioskPrinterQueue) queue
             = kiosk_printer_queue_new (KIOSK_PRINTER (printer), f->queue_dir);
  g_autoptr (GError) error = NULL;

  receipt_test_log_expect (KIOSK_PRINTER_QUEUE_MESSAGE_ID_QUEUED,
                           "Receipt K001-20261125-0042 not printed (Printer fault: *paper out*"
                           "): queued for staff");
  g_assert_false (queue_print (f, queue, &error));
  receipt_test_log_assert_expected ();
  g_assert_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_FAULT);
  g_assert_nonnull (strstr (error->message, "paper out"));
  fake_printer_join (fake);
  /* Nothing is printed on a printer that says it has no paper. */
  g_assert_null (find (fake->received, raster_header_58mm, sizeof raster_header_58mm));
  assert_queued (f, queue);
  fake_printer_stop (fake);
}

static void
test_refused_then_retry (Fixture *f, gconstpointer data)
{
  guint16 port = closed_port ();
  g_autoptr (KioskEscposPrinter) printer
             = kiosk_escpos_printer_new_tcp ("127.0.0.1", port, 384, STATUS_TIMEOUT_MS, 5000);
  g_autoptr (KioskPrinterQueue) queue
             = kiosk_printer_queue_new (KIOSK_PRINTER (printer), f->queue_dir);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) pending = NULL;
  FakePrinter *fake;
  guint printed;

  receipt_test_log_expect (KIOSK_PRINTER_QUEUE_MESSAGE_ID_QUEUED,
                           "Receipt K001-20261125-0042 not printed*queued for staff");
  g_assert_false (queue_print (f, queue, &error));
  receipt_test_log_assert_expected ();
  g_assert_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_UNREACHABLE);
  g_clear_error (&error);
  assert_queued (f, queue);

  /* The same queue after a restart (a new object on the folder), the printer back. */
  g_clear_object (&queue);
  fake = fake_printer_start (PRINTER_HEALTHY, port);
  queue = kiosk_printer_queue_new (KIOSK_PRINTER (printer), f->queue_dir);
  kiosk_printer_queue_retry_async (queue, NULL, got_result, f);
  wait_for_result (f);
  printed = kiosk_printer_queue_retry_finish (queue, f->result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (printed, ==, 1);
  fake_printer_join (fake);
  assert_printed_receipt (f, fake->received);
  pending = kiosk_printer_queue_list_pending (queue);
  g_assert_cmpuint (g_strv_length (pending), ==, 0);
  fake_printer_stop (fake);
}

static void
test_retry_still_failing (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskEscposPrinter) printer = kiosk_escpos_printer_new_tcp (
      "127.0.0.1", closed_port (), 384, STATUS_TIMEOUT_MS, 5000);
  g_autoptr (KioskPrinterQueue) queue
             = kiosk_printer_queue_new (KIOSK_PRINTER (printer), f->queue_dir);
  g_autoptr (GError) error = NULL;

  receipt_test_log_expect (KIOSK_PRINTER_QUEUE_MESSAGE_ID_QUEUED, "Receipt * not printed*");
  g_assert_false (queue_print (f, queue, &error));
  receipt_test_log_assert_expected ();
  g_clear_error (&error);

  receipt_test_log_expect (KIOSK_PRINTER_QUEUE_MESSAGE_ID_RETRY_FAILED,
                           "Queued receipt K001-20261125-0042 still not printed*");
  kiosk_printer_queue_retry_async (queue, NULL, got_result, f);
  wait_for_result (f);
  g_assert_cmpuint (kiosk_printer_queue_retry_finish (queue, f->result, &error), ==, 0);
  receipt_test_log_assert_expected ();
  g_assert_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_UNREACHABLE);
  assert_queued (f, queue);
}

/* A file in the queue that cannot be read back is left for staff and skipped: the receipts after
 * it still print. */
static void
test_unreadable_skipped (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskEscposPrinter) down = kiosk_escpos_printer_new_tcp ("127.0.0.1", closed_port (),
                                                                      384, STATUS_TIMEOUT_MS, 5000);
  g_autoptr (KioskPrinterQueue) queue
             = kiosk_printer_queue_new (KIOSK_PRINTER (down), f->queue_dir);
  g_autoptr (KioskPrinterQueue) restarted = NULL;
  g_autoptr (KioskEscposPrinter) printer = NULL;
  g_autofree char *damaged = g_build_filename (f->queue_dir, "K001-20261125-0001.receipt", NULL);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) pending = NULL;
  FakePrinter *fake;

  receipt_test_log_expect (KIOSK_PRINTER_QUEUE_MESSAGE_ID_QUEUED, "Receipt * not printed*");
  g_assert_false (queue_print (f, queue, &error));
  receipt_test_log_assert_expected ();
  g_clear_error (&error);
  g_file_set_contents (damaged, "[receipt]\nnumber=K001-20261125-0001\n", -1, &error);
  g_assert_no_error (error);

  fake = fake_printer_start (PRINTER_HEALTHY, 0);
  printer = kiosk_escpos_printer_new_tcp ("127.0.0.1", fake->port, 384, 5000, 5000);
  restarted = kiosk_printer_queue_new (KIOSK_PRINTER (printer), f->queue_dir);
  g_test_expect_message ("kiosk-app", G_LOG_LEVEL_WARNING,
                         "Queued receipt K001-20261125-0001 cannot be read back, skipped*");
  kiosk_printer_queue_retry_async (restarted, NULL, got_result, f);
  wait_for_result (f);
  g_assert_cmpuint (kiosk_printer_queue_retry_finish (restarted, f->result, &error), ==, 1);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  fake_printer_join (fake);
  assert_printed_receipt (f, fake->received);
  pending = kiosk_printer_queue_list_pending (restarted);
  g_assert_cmpuint (g_strv_length (pending), ==, 1);
  g_assert_cmpstr (pending[0], ==, "K001-20261125-0001");
  g_assert_cmpuint (kiosk_printer_queue_get_length (restarted), ==, 1);
  fake_printer_stop (fake);
  g_remove (damaged);
}

static void
test_device_node (Fixture *f, gconstpointer data)
{
  g_autofree char *device = g_build_filename (f->queue_dir, "lp0", NULL);
  g_autoptr (KioskEscposPrinter) printer
             = kiosk_escpos_printer_new_device (device, 384, STATUS_TIMEOUT_MS);
  g_autoptr (KioskPrinterQueue) queue = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *queue_dir = g_build_filename (f->queue_dir, "queue", NULL);
  g_autofree char *written = NULL;
  gsize length = 0;
  g_autoptr (GByteArray) received = g_byte_array_new ();

  /* A device that takes bytes and never answers, like a USB printer class node. */
  g_file_set_contents (device, "", 0, &error);
  g_assert_no_error (error);
  queue = kiosk_printer_queue_new (KIOSK_PRINTER (printer), queue_dir);
  g_assert_true (queue_print (f, queue, &error));
  g_assert_no_error (error);
  g_file_get_contents (device, &written, &length, &error);
  g_assert_no_error (error);
  g_byte_array_append (received, (const guint8 *)written, length);
  assert_printed_receipt (f, received);
  g_remove (device);
  receipt_test_remove_dir (queue_dir);
}

static void
test_device_missing (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskEscposPrinter) printer
             = kiosk_escpos_printer_new_device ("/nonexistent/usb/lp9", 384, STATUS_TIMEOUT_MS);
  g_autoptr (KioskPrinterQueue) queue
             = kiosk_printer_queue_new (KIOSK_PRINTER (printer), f->queue_dir);
  g_autoptr (GError) error = NULL;

  receipt_test_log_expect (KIOSK_PRINTER_QUEUE_MESSAGE_ID_QUEUED, "Receipt * not printed*");
  g_assert_false (queue_print (f, queue, &error));
  receipt_test_log_assert_expected ();
  g_assert_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_UNREACHABLE);
  assert_queued (f, queue);
}

/* A serial printer on a pseudo-terminal that answers DLE EOT with paper out. */
typedef struct
{
  int master;
  GByteArray *received;
} SerialPrinter;

static gpointer
serial_printer_thread (gpointer data)
{
  SerialPrinter *printer = data;
  guint scanned = 0;

  for (;;)
    {
      struct pollfd pfd = { printer->master, POLLIN, 0 };
      guint8 buffer[4096];
      ssize_t got;

      /* The kiosk gives up after the answers: a quiet second ends the session. */
      if (poll (&pfd, 1, printer->received->len == 0 ? WAIT_MS : 1000) <= 0)
        break;
      got = read (printer->master, buffer, sizeof buffer);
      if (got <= 0)
        break;
      g_byte_array_append (printer->received, buffer, got);
      for (; scanned + 2 < printer->received->len; scanned++)
        {
          const guint8 *d = printer->received->data + scanned;

          if (d[0] == 0x10 && d[1] == 0x04)
            {
              guint8 answer = answer_for (PRINTER_PAPER_OUT, d[2]);

              if (write (printer->master, &answer, 1) != 1)
                return NULL;
              scanned += 2;
            }
        }
    }
  return NULL;
}

static void
test_device_answers_paper_out (Fixture *f, gconstpointer data)
{
  SerialPrinter serial = { posix_openpt (O_RDWR | O_NOCTTY), g_byte_array_new () };
  g_autoptr (KioskEscposPrinter) printer = NULL;
  g_autoptr (KioskPrinterQueue) queue = NULL;
  g_autoptr (GError) error = NULL;
  struct termios raw;
  int slave;
  GThread *thread;

  g_assert_cmpint (serial.master, >=, 0);
  g_assert_cmpint (grantpt (serial.master), ==, 0);
  g_assert_cmpint (unlockpt (serial.master), ==, 0);
  /* Raw mode, as for a real serial printer: DLE and EOT must pass through untouched. */
  slave = open (ptsname (serial.master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);
  g_assert_cmpint (tcgetattr (slave, &raw), ==, 0);
  cfmakeraw (&raw);
  g_assert_cmpint (tcsetattr (slave, TCSANOW, &raw), ==, 0);

  printer = kiosk_escpos_printer_new_device (ptsname (serial.master), 384, 5000);
  queue = kiosk_printer_queue_new (KIOSK_PRINTER (printer), f->queue_dir);
  thread = g_thread_new ("serial-printer", serial_printer_thread, &serial);
  receipt_test_log_expect (KIOSK_PRINTER_QUEUE_MESSAGE_ID_QUEUED,
                           "Receipt K001-20261125-0042 not printed (Printer fault: *paper out*");
  g_assert_false (queue_print (f, queue, &error));
  receipt_test_log_assert_expected ();
  g_assert_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_FAULT);
  g_thread_join (thread);
  g_assert_cmpuint (serial.received->len, >=, 2 + 9);
  g_assert_null (find (serial.received, raster_header_58mm, sizeof raster_header_58mm));
  assert_queued (f, queue);
  close (slave);
  close (serial.master);
  g_byte_array_unref (serial.received);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  receipt_test_log_capture ();
  g_test_add ("/printing/tcp/silent-printer", Fixture, NULL, fixture_set_up, test_silent_printer,
              fixture_tear_down);
  g_test_add ("/printing/tcp/healthy-printer", Fixture, NULL, fixture_set_up, test_healthy_printer,
              fixture_tear_down);
  g_test_add ("/printing/tcp/paper-out-queued", Fixture, NULL, fixture_set_up, test_paper_out,
              fixture_tear_down);
  g_test_add ("/printing/tcp/refused-queued-then-retried", Fixture, NULL, fixture_set_up,
              test_refused_then_retry, fixture_tear_down);
  g_test_add ("/printing/tcp/retry-still-failing", Fixture, NULL, fixture_set_up,
              test_retry_still_failing, fixture_tear_down);
  g_test_add ("/printing/tcp/unreadable-queued-skipped", Fixture, NULL, fixture_set_up,
              test_unreadable_skipped, fixture_tear_down);
  g_test_add ("/printing/device/node", Fixture, NULL, fixture_set_up, test_device_node,
              fixture_tear_down);
  g_test_add ("/printing/device/answers-paper-out", Fixture, NULL, fixture_set_up,
              test_device_answers_paper_out, fixture_tear_down);
  g_test_add ("/printing/device/missing-queued", Fixture, NULL, fixture_set_up, test_device_missing,
              fixture_tear_down);
  return g_test_run ();
}
