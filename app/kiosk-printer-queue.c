/* kiosk-printer-queue.c: the waiting receipts are key files named after the receipt number,
 * written durably (a kiosk may lose power right after a paper-out)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-printer-queue.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#define GROUP "receipt"
#define SUFFIX ".receipt"

struct _KioskPrinterQueue
{
  GObject parent_instance;

  KioskPrinter *printer;
  char *folder;
  char *printer_name;
};

G_DEFINE_FINAL_TYPE (KioskPrinterQueue, kiosk_printer_queue, G_TYPE_OBJECT)

static void
kiosk_printer_queue_finalize (GObject *object)
{
  KioskPrinterQueue *self = KIOSK_PRINTER_QUEUE (object);

  g_clear_object (&self->printer);
  g_free (self->folder);
  g_free (self->printer_name);
  G_OBJECT_CLASS (kiosk_printer_queue_parent_class)->finalize (object);
}

static void
kiosk_printer_queue_class_init (KioskPrinterQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_printer_queue_finalize;
}

static void
kiosk_printer_queue_init (KioskPrinterQueue *self)
{
}

KioskPrinterQueue *
kiosk_printer_queue_new (KioskPrinter *printer, const char *folder)
{
  KioskPrinterQueue *self;

  g_return_val_if_fail (KIOSK_IS_PRINTER (printer), NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_PRINTER_QUEUE, NULL);
  self->printer = g_object_ref (printer);
  self->folder = g_strdup (folder);
  self->printer_name = g_strdup (G_OBJECT_TYPE_NAME (printer));
  if (g_mkdir_with_parents (folder, 0700) != 0)
    g_warning ("Cannot make the receipt queue folder %s: %s", folder, g_strerror (errno));
  return self;
}

void
kiosk_printer_queue_set_printer_name (KioskPrinterQueue *self, const char *name)
{
  g_return_if_fail (KIOSK_IS_PRINTER_QUEUE (self));
  g_return_if_fail (name != NULL);

  g_free (self->printer_name);
  self->printer_name = g_strdup (name);
}

const char *
kiosk_printer_queue_get_printer_name (KioskPrinterQueue *self)
{
  g_return_val_if_fail (KIOSK_IS_PRINTER_QUEUE (self), NULL);
  return self->printer_name;
}

guint
kiosk_printer_queue_get_length (KioskPrinterQueue *self)
{
  g_auto (GStrv) pending = NULL;

  g_return_val_if_fail (KIOSK_IS_PRINTER_QUEUE (self), 0);
  pending = kiosk_printer_queue_list_pending (self);
  return g_strv_length (pending);
}

/* The staff log: structured for journald, the readable MESSAGE last. A receipt number, the
 * printer and the printer's own error text only: nothing about the resident. */
static void
log_receipt_event (KioskPrinterQueue *self, GLogLevelFlags level, const char *message_id,
                   const char *number, const char *error_text, const char *message)
{
  g_autofree char *length = g_strdup_printf ("%u", kiosk_printer_queue_get_length (self));
  GLogField fields[8];
  gsize n = 0;

#define ADD_FIELD(name, text) fields[n++] = (GLogField){ (name), (text), -1 }
  ADD_FIELD ("PRIORITY", level == G_LOG_LEVEL_WARNING ? "4" : "5");
  ADD_FIELD ("GLIB_DOMAIN", G_LOG_DOMAIN);
  ADD_FIELD ("MESSAGE_ID", message_id);
  ADD_FIELD ("RECEIPT_NUMBER", number);
  ADD_FIELD ("PRINTER", self->printer_name);
  ADD_FIELD ("QUEUE_LENGTH", length);
  if (error_text != NULL)
    ADD_FIELD ("PRINTER_ERROR", error_text);
  ADD_FIELD ("MESSAGE", message);
#undef ADD_FIELD
  g_log_structured_array (level, fields, n);
}

static char *
path_for (KioskPrinterQueue *self, const char *number)
{
  g_autofree char *name = g_strconcat (number, SUFFIX, NULL);

  return g_build_filename (self->folder, name, NULL);
}

static gboolean
persist (KioskPrinterQueue *self, KioskReceipt *receipt, const char *payload, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autofree char *time = g_date_time_format_iso8601 (kiosk_receipt_get_time (receipt));
  g_autofree char *reference = kiosk_receipt_dup_card_reference_hex (receipt);
  g_autofree char *path = path_for (self, kiosk_receipt_get_number (receipt));
  g_autofree char *text = NULL;
  gsize length = 0;

  g_key_file_set_string (file, GROUP, "number", kiosk_receipt_get_number (receipt));
  g_key_file_set_string (file, GROUP, "kiosk-id", kiosk_receipt_get_kiosk_id (receipt));
  if (kiosk_receipt_get_location_name (receipt) != NULL)
    g_key_file_set_string (file, GROUP, "location", kiosk_receipt_get_location_name (receipt));
  g_key_file_set_uint64 (file, GROUP, "sequence", kiosk_receipt_get_sequence (receipt));
  g_key_file_set_string (file, GROUP, "time", time);
  g_key_file_set_string (file, GROUP, "procedure",
                         kiosk_procedure_get_code (kiosk_receipt_get_procedure (receipt)));
  g_key_file_set_string (file, GROUP, "outcome",
                         kiosk_outcome_get_code (kiosk_receipt_get_outcome (receipt)));
  g_key_file_set_string (file, GROUP, "reason",
                         kiosk_reason_get_code (kiosk_receipt_get_reason (receipt)));
  g_key_file_set_string (file, GROUP, "language", kiosk_receipt_get_language (receipt));
  if (reference != NULL)
    g_key_file_set_string (file, GROUP, "card-reference", reference);
  g_key_file_set_string (file, GROUP, "payload", payload);
  text = g_key_file_to_data (file, &length, NULL);
  return g_file_set_contents_full (path, text, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

KioskReceipt *
kiosk_printer_queue_load (KioskPrinterQueue *self, const char *number, char **payload,
                          GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *location = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *procedure_code = NULL;
  g_autofree char *outcome_code = NULL;
  g_autofree char *reason_code = NULL;
  g_autofree char *language = NULL;
  g_autofree char *reference_hex = NULL;
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GBytes) reference = NULL;
  guint64 sequence;
  KioskProcedure procedure;
  KioskOutcome outcome;
  KioskReason reason;

  g_return_val_if_fail (KIOSK_IS_PRINTER_QUEUE (self), NULL);
  path = path_for (self, number);
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    return NULL;
  kiosk_id = g_key_file_get_string (file, GROUP, "kiosk-id", NULL);
  location = g_key_file_get_string (file, GROUP, "location", NULL);
  sequence = g_key_file_get_uint64 (file, GROUP, "sequence", NULL);
  time_text = g_key_file_get_string (file, GROUP, "time", NULL);
  procedure_code = g_key_file_get_string (file, GROUP, "procedure", NULL);
  outcome_code = g_key_file_get_string (file, GROUP, "outcome", NULL);
  reason_code = g_key_file_get_string (file, GROUP, "reason", NULL);
  language = g_key_file_get_string (file, GROUP, "language", NULL);
  reference_hex = g_key_file_get_string (file, GROUP, "card-reference", NULL);
  if (time_text != NULL)
    time = g_date_time_new_from_iso8601 (time_text, NULL);
  if (reference_hex != NULL && strlen (reference_hex) == 2 * KIOSK_CARD_REFERENCE_SIZE)
    {
      guint8 raw[KIOSK_CARD_REFERENCE_SIZE];
      gboolean hex_ok = TRUE;

      for (gsize i = 0; i < sizeof raw; i++)
        {
          int high = g_ascii_xdigit_value (reference_hex[2 * i]);
          int low = g_ascii_xdigit_value (reference_hex[2 * i + 1]);

          hex_ok = hex_ok && high >= 0 && low >= 0;
          raw[i] = (high << 4) | low;
        }
      if (hex_ok)
        reference = g_bytes_new (raw, sizeof raw);
    }
  if (kiosk_id == NULL || time == NULL || language == NULL || sequence > G_MAXUINT
      || !kiosk_procedure_from_code (procedure_code, &procedure)
      || !kiosk_outcome_from_code (outcome_code, &outcome)
      || !kiosk_reason_from_code (reason_code, &reason)
      || (reference_hex != NULL && reference == NULL))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s is not a complete queued receipt", path);
      return NULL;
    }
  if (payload != NULL)
    {
      *payload = g_key_file_get_string (file, GROUP, "payload", error);
      if (*payload == NULL)
        return NULL;
    }
  return kiosk_receipt_new (kiosk_id, location, sequence, time, procedure, outcome, reason,
                            language, reference);
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

GStrv
kiosk_printer_queue_list_pending (KioskPrinterQueue *self)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) numbers = g_ptr_array_new ();
  const char *name;

  g_return_val_if_fail (KIOSK_IS_PRINTER_QUEUE (self), NULL);
  dir = g_dir_open (self->folder, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, SUFFIX))
      g_ptr_array_add (numbers, g_strndup (name, strlen (name) - strlen (SUFFIX)));
  /* Numbers are kiosk id, date, zero-padded sequence: string order is time order. */
  g_ptr_array_add (numbers, NULL);
  {
    GStrv sorted = (GStrv)g_ptr_array_free (g_steal_pointer (&numbers), FALSE);

    qsort (sorted, g_strv_length (sorted), sizeof (char *), compare_strings);
    return sorted;
  }
}

typedef struct
{
  KioskReceipt *receipt;
  char *payload;
} QueueJob;

static void
queue_job_free (QueueJob *job)
{
  g_clear_object (&job->receipt);
  g_free (job->payload);
  g_free (job);
}

static void
print_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  KioskPrinterQueue *self = g_task_get_source_object (task);
  QueueJob *job = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) persist_error = NULL;
  const char *number = kiosk_receipt_get_number (job->receipt);

  if (kiosk_printer_print_finish (KIOSK_PRINTER (source), result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (persist (self, job->receipt, job->payload, &persist_error))
    {
      g_autofree char *message = g_strdup_printf ("Receipt %s not printed (%s): queued for staff",
                                                  number, error->message);

      log_receipt_event (self, G_LOG_LEVEL_MESSAGE, KIOSK_PRINTER_QUEUE_MESSAGE_ID_QUEUED, number,
                         error->message, message);
    }
  else
    g_warning ("Receipt %s not printed (%s) and not queued: %s", number, error->message,
               persist_error->message);
  g_task_return_error (task, g_steal_pointer (&error));
}

void
kiosk_printer_queue_print_async (KioskPrinterQueue *self, KioskReceipt *receipt,
                                 const char *payload, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  QueueJob *job;

  g_return_if_fail (KIOSK_IS_PRINTER_QUEUE (self));
  g_return_if_fail (KIOSK_IS_RECEIPT (receipt));
  g_return_if_fail (payload != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_printer_queue_print_async);
  job = g_new0 (QueueJob, 1);
  job->receipt = g_object_ref (receipt);
  job->payload = g_strdup (payload);
  g_task_set_task_data (task, job, (GDestroyNotify)queue_job_free);
  kiosk_printer_print_async (self->printer, receipt, payload, cancellable, print_done, task);
}

gboolean
kiosk_printer_queue_print_finish (KioskPrinterQueue *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GStrv numbers;
  guint next;
  guint printed;
  char *current;
} RetryState;

static void
retry_state_free (RetryState *state)
{
  g_strfreev (state->numbers);
  g_free (state->current);
  g_free (state);
}

static void retry_next (GTask *task);

static void
retry_printed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  KioskPrinterQueue *self = g_task_get_source_object (task);
  RetryState *state = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (!kiosk_printer_print_finish (KIOSK_PRINTER (source), result, &error))
    {
      g_autofree char *message = g_strdup_printf ("Queued receipt %s still not printed: %s",
                                                  state->current, error->message);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        log_receipt_event (self, G_LOG_LEVEL_MESSAGE, KIOSK_PRINTER_QUEUE_MESSAGE_ID_RETRY_FAILED,
                           state->current, error->message, message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  path = path_for (self, state->current);
  if (g_unlink (path) != 0)
    g_warning ("Queued receipt %s printed but not removed from the queue: %s", state->current,
               g_strerror (errno));
  {
    g_autofree char *message = g_strdup_printf ("Queued receipt %s printed", state->current);

    log_receipt_event (self, G_LOG_LEVEL_MESSAGE, KIOSK_PRINTER_QUEUE_MESSAGE_ID_RETRY_PRINTED,
                       state->current, NULL, message);
  }
  state->printed++;
  retry_next (g_steal_pointer (&task));
}

static void
retry_next (GTask *task)
{
  KioskPrinterQueue *self = g_task_get_source_object (task);
  RetryState *state = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceipt) receipt = NULL;
  g_autofree char *payload = NULL;

  for (;;)
    {
      if (state->numbers[state->next] == NULL)
        {
          g_task_return_int (task, state->printed);
          g_object_unref (task);
          return;
        }
      g_free (state->current);
      state->current = g_strdup (state->numbers[state->next++]);
      receipt = kiosk_printer_queue_load (self, state->current, &payload, &error);
      if (receipt != NULL)
        break;
      /* Left in the folder for staff: retrying it would only fail again. */
      g_warning ("Queued receipt %s cannot be read back, skipped: %s", state->current,
                 error->message);
      g_clear_error (&error);
    }
  kiosk_printer_print_async (self->printer, receipt, payload, g_task_get_cancellable (task),
                             retry_printed, task);
}

void
kiosk_printer_queue_retry_async (KioskPrinterQueue *self, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  RetryState *state;

  g_return_if_fail (KIOSK_IS_PRINTER_QUEUE (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_printer_queue_retry_async);
  state = g_new0 (RetryState, 1);
  state->numbers = kiosk_printer_queue_list_pending (self);
  g_task_set_task_data (task, state, (GDestroyNotify)retry_state_free);
  retry_next (task);
}

guint
kiosk_printer_queue_retry_finish (KioskPrinterQueue *self, GAsyncResult *result, GError **error)
{
  gssize printed;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  printed = g_task_propagate_int (G_TASK (result), error);
  return printed < 0 ? 0 : (guint)printed;
}
