/* kiosk-printer-escpos.c: renders, encodes and sends on a worker thread: init and status
 * check first (nothing is printed on a printer that says it has no paper), then the raster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-printer-escpos.h"

#include "kiosk-receipt-escpos.h"
#include "kiosk-receipt-renderer.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <unistd.h>

/* Motion units fed past the cutter so the QR is not cut through. */
#define CUT_EXTRA_FEED 48

struct _KioskEscposPrinter
{
  GObject parent_instance;

  char *device_path; /* or NULL for TCP */
  char *host;
  guint16 port;
  guint width_dots;
  guint status_timeout_ms;
  guint io_timeout_ms;
};

static void kiosk_escpos_printer_iface_init (KioskPrinterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskEscposPrinter, kiosk_escpos_printer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PRINTER,
                                                      kiosk_escpos_printer_iface_init))

typedef struct
{
  KioskReceipt *receipt;
  char *payload;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->receipt);
  g_free (job->payload);
  g_free (job);
}

/* The open connection: a file descriptor for both kinds (a socket's is non-blocking). */
typedef struct
{
  int fd;
  GSocketConnection *connection; /* owns fd for TCP */
} Channel;

static void
channel_close (Channel *channel)
{
  if (channel->connection != NULL)
    {
      g_io_stream_close (G_IO_STREAM (channel->connection), NULL, NULL);
      g_clear_object (&channel->connection);
    }
  else if (channel->fd >= 0)
    g_close (channel->fd, NULL);
  channel->fd = -1;
}

static gboolean
channel_open (KioskEscposPrinter *self, Channel *channel, GCancellable *cancellable, GError **error)
{
  channel->fd = -1;
  channel->connection = NULL;
  if (self->device_path != NULL)
    {
      channel->fd = g_open (self->device_path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
      if (channel->fd < 0)
        {
          int saved = errno;

          g_set_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_UNREACHABLE,
                       "Cannot open printer %s: %s", self->device_path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }
  else
    {
      g_autoptr (GSocketClient) client = g_socket_client_new ();
      g_autoptr (GError) local_error = NULL;

      /* A printer is on the kiosk's own network: never through a proxy. */
      g_socket_client_set_enable_proxy (client, FALSE);
      g_socket_client_set_timeout (client, MAX (1, (self->io_timeout_ms + 999) / 1000));
      channel->connection = g_socket_client_connect_to_host (client, self->host, self->port,
                                                             cancellable, &local_error);
      if (channel->connection == NULL)
        {
          g_set_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_UNREACHABLE,
                       "Cannot connect to printer %s:%u: %s", self->host, self->port,
                       local_error->message);
          return FALSE;
        }
      channel->fd = g_socket_get_fd (g_socket_connection_get_socket (channel->connection));
      return TRUE;
    }
}

static gboolean
channel_write (Channel *channel, const guint8 *data, gsize size, guint timeout_ms, GError **error)
{
  while (size > 0)
    {
      struct pollfd pfd = { channel->fd, POLLOUT, 0 };
      ssize_t written;
      int ready = poll (&pfd, 1, timeout_ms);

      if (ready < 0 && errno == EINTR)
        continue;
      if (ready == 0)
        {
          g_set_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_TIMEOUT,
                       "The printer took no data for %u ms", timeout_ms);
          return FALSE;
        }
      written = write (channel->fd, data, size);
      if (written < 0)
        {
          int saved = errno;

          if (saved == EAGAIN || saved == EINTR)
            continue;
          g_set_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_UNREACHABLE,
                       "Cannot write to the printer: %s", g_strerror (saved));
          return FALSE;
        }
      data += written;
      size -= written;
    }
  return TRUE;
}

/* One status byte, or -1 when none came in time. */
static int
channel_read_byte (Channel *channel, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  for (;;)
    {
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;
      struct pollfd pfd = { channel->fd, POLLIN, 0 };
      guint8 byte;
      ssize_t got;

      if (left_ms <= 0)
        return -1;
      if (poll (&pfd, 1, (int)left_ms) <= 0)
        continue;
      got = read (channel->fd, &byte, 1);
      if (got == 1)
        return byte;
      if (got == 0 || (errno != EAGAIN && errno != EINTR))
        return -1;
    }
}

/* Asks DLE EOT 1, 2 and 4. FALSE (no error) when the printer does not answer at all. */
static gboolean
query_status (KioskEscposPrinter *self, Channel *channel, KioskPrinterFaults *faults,
              GError **error)
{
  const KioskEscposStatusKind kinds[]
      = { KIOSK_ESCPOS_STATUS_PRINTER, KIOSK_ESCPOS_STATUS_OFFLINE_CAUSE,
          KIOSK_ESCPOS_STATUS_PAPER };

  *faults = KIOSK_PRINTER_FAULT_NONE;
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      guint8 request[3];
      int answer;

      kiosk_escpos_status_request (kinds[i], request);
      if (!channel_write (channel, request, sizeof request, self->io_timeout_ms, error))
        return FALSE;
      answer = channel_read_byte (channel, self->status_timeout_ms);
      if (answer < 0)
        return FALSE;
      if (!kiosk_escpos_parse_status (kinds[i], answer, faults))
        g_message ("Printer answered DLE EOT %d with 0x%02x, not a status byte", kinds[i], answer);
    }
  return TRUE;
}

static void
print_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  KioskEscposPrinter *self = source_object;
  PrintJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  cairo_surface_t *image;
  Channel channel;
  KioskPrinterFaults faults = KIOSK_PRINTER_FAULT_NONE;
  const guint8 init[] = { 0x1b, '@' };

  image = kiosk_receipt_render (job->receipt, job->payload, self->width_dots, &error);
  if (image == NULL)
    {
      g_task_return_new_error (task, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_RENDER,
                               "Cannot draw the receipt: %s", error->message);
      return;
    }
  bytes = kiosk_escpos_encode_raster (image, CUT_EXTRA_FEED);
  cairo_surface_destroy (image);

  if (!channel_open (self, &channel, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!channel_write (&channel, init, sizeof init, self->io_timeout_ms, &error))
    goto out;
  if (query_status (self, &channel, &faults, &error)
      && (faults & KIOSK_PRINTER_FAULTS_BLOCKING) != 0)
    {
      g_autofree char *what = kiosk_printer_faults_to_string (faults);

      g_set_error (&error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_FAULT, "Printer fault: %s",
                   what);
      goto out;
    }
  if (error != NULL)
    goto out;
  if (faults & KIOSK_PRINTER_FAULT_PAPER_NEAR_END)
    g_message ("Printer paper near end (receipt %s printed)",
               kiosk_receipt_get_number (job->receipt));
  channel_write (&channel, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                 self->io_timeout_ms, &error);

out:
  channel_close (&channel);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
kiosk_escpos_printer_print_async (KioskPrinter *printer, KioskReceipt *receipt, const char *payload,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (printer, cancellable, callback, user_data);
  PrintJob *job = g_new0 (PrintJob, 1);

  job->receipt = g_object_ref (receipt);
  job->payload = g_strdup (payload);
  g_task_set_source_tag (task, kiosk_escpos_printer_print_async);
  g_task_set_task_data (task, job, (GDestroyNotify)print_job_free);
  g_task_run_in_thread (task, print_thread);
}

static gboolean
kiosk_escpos_printer_print_finish (KioskPrinter *printer, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, printer), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
kiosk_escpos_printer_iface_init (KioskPrinterInterface *iface)
{
  iface->print_async = kiosk_escpos_printer_print_async;
  iface->print_finish = kiosk_escpos_printer_print_finish;
}

static void
kiosk_escpos_printer_finalize (GObject *object)
{
  KioskEscposPrinter *self = KIOSK_ESCPOS_PRINTER (object);

  g_free (self->device_path);
  g_free (self->host);
  G_OBJECT_CLASS (kiosk_escpos_printer_parent_class)->finalize (object);
}

static void
kiosk_escpos_printer_class_init (KioskEscposPrinterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_escpos_printer_finalize;
}

static void
kiosk_escpos_printer_init (KioskEscposPrinter *self)
{
}

KioskEscposPrinter *
kiosk_escpos_printer_new_device (const char *path, guint width_dots, guint status_timeout_ms)
{
  KioskEscposPrinter *self;

  g_return_val_if_fail (path != NULL, NULL);
  self = g_object_new (KIOSK_TYPE_ESCPOS_PRINTER, NULL);
  self->device_path = g_strdup (path);
  self->width_dots = width_dots;
  self->status_timeout_ms = status_timeout_ms;
  self->io_timeout_ms = 10000;
  return self;
}

KioskEscposPrinter *
kiosk_escpos_printer_new_tcp (const char *host, guint16 port, guint width_dots,
                              guint status_timeout_ms, guint connect_timeout_ms)
{
  KioskEscposPrinter *self;

  g_return_val_if_fail (host != NULL, NULL);
  self = g_object_new (KIOSK_TYPE_ESCPOS_PRINTER, NULL);
  self->host = g_strdup (host);
  self->port = port;
  self->width_dots = width_dots;
  self->status_timeout_ms = status_timeout_ms;
  self->io_timeout_ms = connect_timeout_ms;
  return self;
}
