/* kiosk-printer-cups.c: a PDF job through libcups on a worker thread, followed until CUPS says
 * it completed (a job that is aborted, cancelled, or stuck on a stopped queue is a failure)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-printer-cups.h"

#include "kiosk-receipt-renderer.h"

#include <cups/cups.h>

#define POLL_INTERVAL_US (50 * 1000)

struct _KioskCupsPrinter
{
  GObject parent_instance;

  char *queue;
  guint width_dots;
  guint job_timeout_ms;
};

static void kiosk_cups_printer_iface_init (KioskPrinterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskCupsPrinter, kiosk_cups_printer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_PRINTER,
                                                      kiosk_cups_printer_iface_init))

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

/* The job's state, or 0 if CUPS does not know it. */
static ipp_jstate_t
job_state (http_t *http, const char *queue, int job_id)
{
  cups_job_t *jobs = NULL;
  int count = cupsGetJobs2 (http, &jobs, queue, 0, CUPS_WHICHJOBS_ALL);
  ipp_jstate_t state = 0;

  for (int i = 0; i < count; i++)
    if (jobs[i].id == job_id)
      state = jobs[i].state;
  cupsFreeJobs (count, jobs);
  return state;
}

static gboolean
queue_stopped (http_t *http, const char *queue)
{
  cups_dest_t *dest = cupsGetNamedDest (http, queue, NULL);
  const char *state;
  gboolean stopped;

  if (dest == NULL)
    return FALSE;
  state = cupsGetOption ("printer-state", dest->num_options, dest->options);
  stopped = g_strcmp0 (state, "5") == 0; /* IPP_PSTATE_STOPPED */
  cupsFreeDests (1, dest);
  return stopped;
}

static gboolean
send_job (KioskCupsPrinter *self, http_t *http, const char *title, GBytes *pdf, int *job_id,
          GError **error)
{
  *job_id = cupsCreateJob (http, self->queue, title, 0, NULL);
  if (*job_id == 0)
    {
      g_set_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_UNREACHABLE,
                   "CUPS refused a job for queue %s: %s", self->queue, cupsLastErrorString ());
      return FALSE;
    }
  if (cupsStartDocument (http, self->queue, *job_id, "receipt.pdf", CUPS_FORMAT_PDF, 1)
          != HTTP_STATUS_CONTINUE
      || cupsWriteRequestData (http, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf))
             != HTTP_STATUS_CONTINUE
      || cupsFinishDocument (http, self->queue) != IPP_STATUS_OK)
    {
      g_set_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_JOB_FAILED,
                   "CUPS did not take job %d on %s: %s", *job_id, self->queue,
                   cupsLastErrorString ());
      return FALSE;
    }
  return TRUE;
}

static gboolean
follow_job (KioskCupsPrinter *self, http_t *http, int job_id, GCancellable *cancellable,
            GError **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)self->job_timeout_ms * 1000;

  for (;;)
    {
      ipp_jstate_t state = job_state (http, self->queue, job_id);

      switch (state)
        {
        case IPP_JSTATE_COMPLETED:
          return TRUE;
        case IPP_JSTATE_ABORTED:
        case IPP_JSTATE_CANCELED:
        case IPP_JSTATE_STOPPED:
          g_set_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_JOB_FAILED,
                       "CUPS job %d on %s %s", job_id, self->queue,
                       state == IPP_JSTATE_ABORTED    ? "was aborted"
                       : state == IPP_JSTATE_CANCELED ? "was cancelled"
                                                      : "stopped");
          return FALSE;
        default:
          break;
        }
      /* With the stop-printer error policy a failed job stays pending behind a stopped queue. */
      if (queue_stopped (http, self->queue))
        {
          g_set_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_JOB_FAILED,
                       "CUPS queue %s stopped with job %d pending", self->queue, job_id);
          break;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          g_set_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_TIMEOUT,
                       "CUPS job %d on %s did not complete in %u ms", job_id, self->queue,
                       self->job_timeout_ms);
          break;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      g_usleep (POLL_INTERVAL_US);
    }
  /* The receipt goes to the retry queue: a late print of this job would be a duplicate. */
  cupsCancelJob2 (http, self->queue, job_id, 0);
  return FALSE;
}

static void
print_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  KioskCupsPrinter *self = source_object;
  PrintJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf = NULL;
  g_autofree char *title = NULL;
  http_t *http;
  int job_id = 0;

  pdf = kiosk_receipt_render_pdf (job->receipt, job->payload, self->width_dots, &error);
  if (pdf == NULL)
    {
      g_task_return_new_error (task, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_RENDER,
                               "Cannot draw the receipt: %s", error->message);
      return;
    }
  /* A connection of our own: libcups' default one is per thread, and pool threads are reused. */
  http
      = httpConnect2 (cupsServer (), ippPort (), NULL, AF_UNSPEC, cupsEncryption (), 1, 5000, NULL);
  if (http == NULL)
    {
      g_task_return_new_error (task, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_UNREACHABLE,
                               "Cannot reach CUPS at %s", cupsServer ());
      return;
    }
  title = g_strdup_printf ("Receipt %s", kiosk_receipt_get_number (job->receipt));
  if (send_job (self, http, title, pdf, &job_id, &error)
      && follow_job (self, http, job_id, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
  httpClose (http);
}

static void
kiosk_cups_printer_print_async (KioskPrinter *printer, KioskReceipt *receipt, const char *payload,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (printer, cancellable, callback, user_data);
  PrintJob *job = g_new0 (PrintJob, 1);

  job->receipt = g_object_ref (receipt);
  job->payload = g_strdup (payload);
  g_task_set_source_tag (task, kiosk_cups_printer_print_async);
  g_task_set_task_data (task, job, (GDestroyNotify)print_job_free);
  g_task_run_in_thread (task, print_thread);
}

static gboolean
kiosk_cups_printer_print_finish (KioskPrinter *printer, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, printer), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
kiosk_cups_printer_iface_init (KioskPrinterInterface *iface)
{
  iface->print_async = kiosk_cups_printer_print_async;
  iface->print_finish = kiosk_cups_printer_print_finish;
}

static void
kiosk_cups_printer_finalize (GObject *object)
{
  KioskCupsPrinter *self = KIOSK_CUPS_PRINTER (object);

  g_free (self->queue);
  G_OBJECT_CLASS (kiosk_cups_printer_parent_class)->finalize (object);
}

static void
kiosk_cups_printer_class_init (KioskCupsPrinterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_cups_printer_finalize;
}

static void
kiosk_cups_printer_init (KioskCupsPrinter *self)
{
}

KioskCupsPrinter *
kiosk_cups_printer_new (const char *queue, guint width_dots, guint job_timeout_ms)
{
  KioskCupsPrinter *self;

  g_return_val_if_fail (queue != NULL, NULL);
  self = g_object_new (KIOSK_TYPE_CUPS_PRINTER, NULL);
  self->queue = g_strdup (queue);
  self->width_dots = width_dots;
  self->job_timeout_ms = job_timeout_ms;
  return self;
}
