/* kiosk-receipt-desk.c: the one place a receipt is made for a finished or handed-off procedure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-receipt-desk.h"

#include "kiosk-clock.h"

#include "kiosk-printer-cups.h"
#include "kiosk-printer-escpos.h"
#include "kiosk-printer-queue.h"
#include "kiosk-receipt-payload.h"
#include "kiosk-receipt-renderer.h"
#include "kiosk-receipt.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <openssl/rand.h>
#include <unistd.h>

#define CARD_REFERENCE_KEY_SIZE 32
#define SEQUENCE_FILE "receipt-sequence"
#define CARD_REFERENCE_KEY_FILE "card-reference.key"
#define QUEUE_FOLDER "receipts"
#define ATTACHED_KEY "kiosk-receipt-desk"
#define DEFAULT_FIRST_RETRY_MS (30 * 1000)
#define DEFAULT_MAX_RETRY_MS (10 * 60 * 1000)

struct _KioskReceiptDesk
{
  GObject parent_instance;

  char *kiosk_id;
  char *location_name; /* NULL when unknown */
  char *state_dir;
  char *queue_dir;
  KioskReceiptKey *key;
  KioskPrinter *printer; /* NULL: on screen only */
  KioskPrinterQueue *queue;
  guint width_dots;
  GBytes *card_reference_key; /* read or made on first use */

  KioskReceipt *current;
  char *payload;
  cairo_surface_t *image;
  KioskReceiptPrintState print_state;
  GCancellable *printing; /* cancelled on dispose only */

  /* Retrying the queue: all on @context, the thread-default context the desk was made in. */
  GMainContext *context;
  guint first_retry_ms;
  guint max_retry_ms;
  guint next_retry_ms; /* the delay after the next fault: doubles while the printer stays down */
  GSource *retry_timer;
  guint retry_timer_ms;
  gboolean retry_running;
  gboolean retry_again; /* asked for while a retry ran */
  guint queue_length;
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_QUEUE_LENGTH,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskReceiptDesk, kiosk_receipt_desk, G_TYPE_OBJECT)

static void
kiosk_receipt_desk_dispose (GObject *object)
{
  KioskReceiptDesk *self = KIOSK_RECEIPT_DESK (object);

  g_cancellable_cancel (self->printing);
  g_clear_object (&self->printing);
  if (self->retry_timer != NULL)
    g_source_destroy (self->retry_timer);
  g_clear_pointer (&self->retry_timer, g_source_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->current);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_object (&self->queue);
  g_clear_object (&self->printer);
  g_clear_object (&self->key);
  G_OBJECT_CLASS (kiosk_receipt_desk_parent_class)->dispose (object);
}

static void
kiosk_receipt_desk_finalize (GObject *object)
{
  KioskReceiptDesk *self = KIOSK_RECEIPT_DESK (object);

  g_free (self->kiosk_id);
  g_free (self->location_name);
  g_free (self->state_dir);
  g_free (self->queue_dir);
  g_free (self->payload);
  g_clear_pointer (&self->card_reference_key, g_bytes_unref);
  G_OBJECT_CLASS (kiosk_receipt_desk_parent_class)->finalize (object);
}

static void
kiosk_receipt_desk_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskReceiptDesk *self = KIOSK_RECEIPT_DESK (object);

  switch (prop_id)
    {
    case PROP_QUEUE_LENGTH:
      g_value_set_uint (value, self->queue_length);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_receipt_desk_class_init (KioskReceiptDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_receipt_desk_dispose;
  object_class->finalize = kiosk_receipt_desk_finalize;
  object_class->get_property = kiosk_receipt_desk_get_property;
  properties[PROP_QUEUE_LENGTH]
      = g_param_spec_uint ("queue-length", NULL, NULL, 0, G_MAXUINT, 0,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_receipt_desk_init (KioskReceiptDesk *self)
{
  self->printing = g_cancellable_new ();
  self->print_state = KIOSK_RECEIPT_PRINT_SCREEN_ONLY;
  self->context = g_main_context_ref_thread_default ();
  self->first_retry_ms = DEFAULT_FIRST_RETRY_MS;
  self->max_retry_ms = DEFAULT_MAX_RETRY_MS;
  self->next_retry_ms = DEFAULT_FIRST_RETRY_MS;
}

static void retry_now (KioskReceiptDesk *self);

/* Counts the queue again; a current receipt printed late is now PRINTED. */
static void
refresh_queue (KioskReceiptDesk *self)
{
  g_auto (GStrv) pending = NULL;
  guint length;

  if (self->queue == NULL)
    return;
  pending = kiosk_printer_queue_list_pending (self->queue);
  length = g_strv_length (pending);
  if (length != self->queue_length)
    {
      self->queue_length = length;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_LENGTH]);
    }
  if (self->current != NULL && self->print_state == KIOSK_RECEIPT_PRINT_QUEUED
      && !g_strv_contains ((const char *const *)pending, kiosk_receipt_get_number (self->current)))
    {
      self->print_state = KIOSK_RECEIPT_PRINT_PRINTED;
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
}

static gboolean
on_retry_timer (gpointer user_data)
{
  KioskReceiptDesk *self = user_data;

  g_clear_pointer (&self->retry_timer, g_source_unref);
  retry_now (self);
  return G_SOURCE_REMOVE;
}

static void
log_retry_scheduled (KioskReceiptDesk *self, guint delay_ms)
{
  g_autofree char *length = g_strdup_printf ("%u", self->queue_length);
  g_autofree char *delay = g_strdup_printf ("%u", delay_ms);
  g_autofree char *message = g_strdup_printf (
      "%u queued receipt(s) wait for printer %s: next try in %u s", self->queue_length,
      kiosk_printer_queue_get_printer_name (self->queue), (delay_ms + 999) / 1000);
  const GLogField fields[] = {
    { "PRIORITY", "5", -1 },
    { "GLIB_DOMAIN", G_LOG_DOMAIN, -1 },
    { "MESSAGE_ID", KIOSK_RECEIPT_DESK_MESSAGE_ID_RETRY_SCHEDULED, -1 },
    { "PRINTER", kiosk_printer_queue_get_printer_name (self->queue), -1 },
    { "QUEUE_LENGTH", length, -1 },
    { "RETRY_IN_MS", delay, -1 },
    { "MESSAGE", message, -1 },
  };

  g_log_structured_array (G_LOG_LEVEL_MESSAGE, fields, G_N_ELEMENTS (fields));
}

/* Arms the one retry timer for @delay_ms (0: as soon as the main loop runs), replacing any. */
static void
schedule_retry (KioskReceiptDesk *self, guint delay_ms)
{
  if (self->retry_timer != NULL)
    g_source_destroy (self->retry_timer);
  g_clear_pointer (&self->retry_timer, g_source_unref);
  self->retry_timer = delay_ms == 0 ? g_idle_source_new () : g_timeout_source_new (delay_ms);
  self->retry_timer_ms = delay_ms;
  g_source_set_priority (self->retry_timer, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (self->retry_timer, on_retry_timer, self, NULL);
  g_source_set_static_name (self->retry_timer, "kiosk-receipt-desk-retry");
  g_source_attach (self->retry_timer, self->context);
  if (delay_ms > 0)
    log_retry_scheduled (self, delay_ms);
}

/* The printer failed: try again after the current delay, then a longer one next time. */
static void
schedule_retry_after_fault (KioskReceiptDesk *self)
{
  guint delay_ms = self->next_retry_ms;

  self->next_retry_ms = MIN (self->max_retry_ms, MAX (delay_ms, delay_ms * 2));
  schedule_retry (self, delay_ms);
}

typedef struct
{
  KioskReceiptDesk *self; /* weak: checked through the cancellable */
  GCancellable *cancellable;
} RetryContext;

static void
on_retried (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RetryContext *ctx = user_data;
  KioskReceiptDesk *self = ctx->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = ctx->cancellable;

  kiosk_printer_queue_retry_finish (KIOSK_PRINTER_QUEUE (source), result, &error);
  g_free (ctx);
  if (g_cancellable_is_cancelled (cancellable))
    return;
  self->retry_running = FALSE;
  refresh_queue (self);
  if (self->retry_again)
    {
      self->retry_again = FALSE;
      if (self->queue_length > 0)
        {
          schedule_retry (self, 0);
          return;
        }
    }
  if (error != NULL)
    schedule_retry_after_fault (self);
  else
    self->next_retry_ms = self->first_retry_ms;
}

static void
retry_now (KioskReceiptDesk *self)
{
  RetryContext *ctx;

  if (self->queue == NULL)
    return;
  if (self->retry_running)
    {
      self->retry_again = TRUE;
      return;
    }
  if (self->retry_timer != NULL)
    g_source_destroy (self->retry_timer);
  g_clear_pointer (&self->retry_timer, g_source_unref);
  ctx = g_new0 (RetryContext, 1);
  ctx->self = self;
  ctx->cancellable = g_object_ref (self->printing);
  self->retry_running = TRUE;
  kiosk_printer_queue_retry_async (self->queue, self->printing, on_retried, ctx);
}

void
kiosk_receipt_desk_retry_queue (KioskReceiptDesk *self)
{
  g_return_if_fail (KIOSK_IS_RECEIPT_DESK (self));
  retry_now (self);
}

void
kiosk_receipt_desk_set_retry_delays (KioskReceiptDesk *self, guint first_delay_ms,
                                     guint max_delay_ms)
{
  g_return_if_fail (KIOSK_IS_RECEIPT_DESK (self));
  g_return_if_fail (first_delay_ms > 0 && first_delay_ms <= max_delay_ms);

  self->first_retry_ms = first_delay_ms;
  self->max_retry_ms = max_delay_ms;
  self->next_retry_ms = first_delay_ms;
  if (self->retry_timer != NULL && self->retry_timer_ms > 0)
    schedule_retry_after_fault (self);
}

guint
kiosk_receipt_desk_get_queue_length (KioskReceiptDesk *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_DESK (self), 0);
  return self->queue_length;
}

KioskReceiptDesk *
kiosk_receipt_desk_new (const char *kiosk_id, const char *location_name, const char *state_dir,
                        KioskReceiptKey *key, KioskPrinter *printer, guint width_dots)
{
  KioskReceiptDesk *self;

  g_return_val_if_fail (kiosk_id != NULL, NULL);
  g_return_val_if_fail (state_dir != NULL, NULL);
  g_return_val_if_fail (KIOSK_IS_RECEIPT_KEY (key), NULL);
  g_return_val_if_fail (kiosk_receipt_key_has_private (key), NULL);
  g_return_val_if_fail (printer == NULL || KIOSK_IS_PRINTER (printer), NULL);
  g_return_val_if_fail (width_dots == KIOSK_PAPER_58MM_DOTS || width_dots == KIOSK_PAPER_80MM_DOTS,
                        NULL);

  self = g_object_new (KIOSK_TYPE_RECEIPT_DESK, NULL);
  self->kiosk_id = g_strdup (kiosk_id);
  self->location_name
      = location_name != NULL && *location_name != '\0' ? g_strdup (location_name) : NULL;
  self->state_dir = g_strdup (state_dir);
  self->queue_dir = g_build_filename (state_dir, QUEUE_FOLDER, NULL);
  self->key = g_object_ref (key);
  self->width_dots = width_dots;
  if (printer != NULL)
    {
      self->printer = g_object_ref (printer);
      self->queue = kiosk_printer_queue_new (printer, self->queue_dir);
      refresh_queue (self);
      /* Receipts left by an earlier run: the printer may well be fine by now. */
      if (self->queue_length > 0)
        schedule_retry (self, 0);
    }
  return self;
}

static KioskPrinter *
printer_from_config (KioskConfig *config, guint width_dots)
{
  /* Long enough for a slow printer to answer, short enough that a dead one is queued while the
   * resident is still looking at the screen. */
  const guint status_timeout_ms = 500;
  const guint connect_timeout_ms = 3000;
  const guint job_timeout_ms = 30000;

  switch (kiosk_config_get_printer_kind (config))
    {
    case KIOSK_PRINTER_NONE:
      return NULL;
    case KIOSK_PRINTER_ESCPOS_DEVICE:
      return KIOSK_PRINTER (kiosk_escpos_printer_new_device (
          kiosk_config_get_printer_device (config), width_dots, status_timeout_ms));
    case KIOSK_PRINTER_ESCPOS_TCP:
      return KIOSK_PRINTER (kiosk_escpos_printer_new_tcp (
          kiosk_config_get_printer_host (config), (guint16)kiosk_config_get_printer_port (config),
          width_dots, status_timeout_ms, connect_timeout_ms));
    case KIOSK_PRINTER_CUPS:
      return KIOSK_PRINTER (kiosk_cups_printer_new (kiosk_config_get_printer_queue (config),
                                                    width_dots, job_timeout_ms));
    }
  return NULL;
}

/* The printer as staff know it, for the log (no secret in a printer's address). */
static char *
printer_name_from_config (KioskConfig *config)
{
  switch (kiosk_config_get_printer_kind (config))
    {
    case KIOSK_PRINTER_NONE:
      break;
    case KIOSK_PRINTER_ESCPOS_DEVICE:
      return g_strdup_printf ("escpos-device %s", kiosk_config_get_printer_device (config));
    case KIOSK_PRINTER_ESCPOS_TCP:
      return g_strdup_printf ("escpos-tcp %s:%u", kiosk_config_get_printer_host (config),
                              (guint)kiosk_config_get_printer_port (config));
    case KIOSK_PRINTER_CUPS:
      return g_strdup_printf ("cups %s", kiosk_config_get_printer_queue (config));
    }
  return g_strdup ("none");
}

KioskReceiptDesk *
kiosk_receipt_desk_new_from_config (KioskConfig *config, GError **error)
{
  g_autoptr (KioskReceiptKey) key = NULL;
  g_autoptr (KioskPrinter) printer = NULL;
  KioskReceiptDesk *desk;
  guint width_dots;

  g_return_val_if_fail (KIOSK_IS_CONFIG (config), NULL);

  key = kiosk_receipt_key_load (kiosk_config_get_receipt_key (config), error);
  if (key == NULL)
    return NULL;
  if (!kiosk_receipt_key_has_private (key))
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_KEY,
                   "%s: a public key cannot sign receipts", kiosk_config_get_receipt_key (config));
      return NULL;
    }
  width_dots = kiosk_config_get_paper_width_mm (config) == 80 ? KIOSK_PAPER_80MM_DOTS
                                                              : KIOSK_PAPER_58MM_DOTS;
  printer = printer_from_config (config, width_dots);
  desk = kiosk_receipt_desk_new (kiosk_config_get_kiosk_id (config),
                                 kiosk_config_get_location (config),
                                 kiosk_config_get_state_dir (config), key, printer, width_dots);
  if (desk != NULL && desk->queue != NULL)
    {
      g_autofree char *name = printer_name_from_config (config);

      kiosk_printer_queue_set_printer_name (desk->queue, name);
    }
  return desk;
}

static gboolean
ensure_state_dir (KioskReceiptDesk *self, GError **error)
{
  if (g_mkdir_with_parents (self->state_dir, 0700) == 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", self->state_dir,
               g_strerror (errno));
  return FALSE;
}

/* The HMAC key of the card reference: random and made once, so two receipts of one card match
 * on this kiosk while the reference says nothing about the card anywhere else. */
static GBytes *
load_card_reference_key (KioskReceiptDesk *self, GError **error)
{
  g_autofree char *path = g_build_filename (self->state_dir, CARD_REFERENCE_KEY_FILE, NULL);
  g_autofree char *contents = NULL;
  guint8 random[CARD_REFERENCE_KEY_SIZE];
  gsize length = 0;
  int fd;

  if (self->card_reference_key != NULL)
    return g_bytes_ref (self->card_reference_key);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!ensure_state_dir (self, error))
        return NULL;
      if (RAND_bytes (random, sizeof random) != 1)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no random bytes for %s", path);
          return NULL;
        }
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0 || write (fd, random, sizeof random) != (ssize_t)sizeof random || fsync (fd) != 0)
        {
          int saved = errno;

          if (fd >= 0)
            {
              close (fd);
              g_unlink (path);
            }
          explicit_bzero (random, sizeof random);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                       g_strerror (saved));
          return NULL;
        }
      close (fd);
      explicit_bzero (random, sizeof random);
    }

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (length != CARD_REFERENCE_KEY_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %zu bytes, not %d", path,
                   length, CARD_REFERENCE_KEY_SIZE);
      return NULL;
    }
  self->card_reference_key = g_bytes_new (contents, length);
  explicit_bzero (contents, length);
  return g_bytes_ref (self->card_reference_key);
}

/* The next number of the Tokyo day of @tokyo_time: "YYYYMMDD N" in the state folder, written
 * (fsync'd, atomically) before the receipt exists, so a crash can skip a number but never
 * repeat one. */
static gboolean
next_sequence (KioskReceiptDesk *self, GDateTime *tokyo_time, guint *sequence, GError **error)
{
  g_autofree char *path = g_build_filename (self->state_dir, SEQUENCE_FILE, NULL);
  g_autofree char *today = g_date_time_format (tokyo_time, "%Y%m%d");
  g_autofree char *contents = NULL;
  g_autofree char *line = NULL;
  guint next = 1;

  if (g_file_get_contents (path, &contents, NULL, NULL))
    {
      g_auto (GStrv) fields = g_strsplit (g_strstrip (contents), " ", 2);
      guint64 last = 0;

      if (g_strv_length (fields) == 2 && g_str_equal (fields[0], today)
          && g_ascii_string_to_unsigned (fields[1], 10, 0, G_MAXUINT16, &last, NULL))
        next = (guint)last + 1;
    }
  if (next > G_MAXUINT16)
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_FIELD,
                   "more than %u receipts today", G_MAXUINT16);
      return FALSE;
    }
  if (!ensure_state_dir (self, error))
    return FALSE;
  line = g_strdup_printf ("%s %u\n", today, next);
  if (!g_file_set_contents_full (path, line, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600,
                                 error))
    return FALSE;
  *sequence = next;
  return TRUE;
}

typedef struct
{
  KioskReceiptDesk *self; /* weak: checked through the cancellable */
  GCancellable *cancellable;
  KioskReceipt *receipt;
} PrintContext;

static void
on_printed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PrintContext *ctx = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  /* A failure was logged by the queue, with the receipt number. */
  ok = kiosk_printer_queue_print_finish (KIOSK_PRINTER_QUEUE (source), result, &error);
  if (!g_cancellable_is_cancelled (ctx->cancellable))
    {
      KioskReceiptDesk *self = ctx->self;

      if (self->current == ctx->receipt)
        {
          self->print_state = ok ? KIOSK_RECEIPT_PRINT_PRINTED : KIOSK_RECEIPT_PRINT_QUEUED;
          g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
        }
      refresh_queue (self);
      if (ok)
        {
          /* The printer is evidently back: what waits goes now, and the next fault starts the
           * delays from the shortest again. */
          self->next_retry_ms = self->first_retry_ms;
          if (self->queue_length > 0)
            retry_now (self);
        }
      else if (self->retry_timer == NULL)
        schedule_retry_after_fault (self);
    }
  g_object_unref (ctx->receipt);
  g_object_unref (ctx->cancellable);
  g_free (ctx);
}

KioskReceipt *
kiosk_receipt_desk_issue (KioskReceiptDesk *self, KioskProcedure procedure, KioskOutcome outcome,
                          KioskReason reason, const char *language,
                          const char *auth_certificate_serial, GDateTime *time, GError **error)
{
  g_autoptr (GDateTime) tokyo_time = NULL;
  g_autoptr (GBytes) card_key = NULL;
  g_autoptr (GBytes) card_reference = NULL;
  g_autoptr (KioskReceipt) receipt = NULL;
  g_autofree char *payload = NULL;
  cairo_surface_t *image;
  guint sequence = 0;

  g_return_val_if_fail (KIOSK_IS_RECEIPT_DESK (self), NULL);
  g_return_val_if_fail (time != NULL, NULL);
  g_return_val_if_fail (language != NULL, NULL);

  if ((int)procedure < 0 || procedure >= KIOSK_PROCEDURE_COUNT || (int)outcome < 0
      || outcome >= KIOSK_OUTCOME_COUNT || (int)reason < 0 || reason >= KIOSK_REASON_COUNT)
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_FIELD,
                   "no receipt for procedure %d, outcome %d, reason %d", procedure, outcome,
                   reason);
      return NULL;
    }
  tokyo_time = kiosk_clock_to_local (time);

  if (auth_certificate_serial != NULL)
    {
      card_key = load_card_reference_key (self, error);
      if (card_key == NULL)
        return NULL;
      card_reference = kiosk_card_reference_new (card_key, auth_certificate_serial);
      if (card_reference == NULL)
        {
          g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_FIELD,
                       "the card reference cannot be computed");
          return NULL;
        }
    }
  if (!next_sequence (self, tokyo_time, &sequence, error))
    return NULL;

  receipt = kiosk_receipt_new (self->kiosk_id, self->location_name, sequence, tokyo_time, procedure,
                               outcome, reason, language, card_reference);
  if (receipt == NULL)
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_FIELD,
                   "a receipt cannot carry kiosk id \"%s\" or language \"%s\"", self->kiosk_id,
                   language);
      return NULL;
    }
  payload = kiosk_receipt_payload_encode (receipt, self->key, error);
  if (payload == NULL)
    return NULL;
  image = kiosk_receipt_render (receipt, payload, self->width_dots, error);
  if (image == NULL)
    return NULL;

  g_clear_object (&self->current);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_free (self->payload);
  self->current = g_steal_pointer (&receipt);
  self->payload = g_steal_pointer (&payload);
  self->image = image;
  /* The payload is signed and carries nothing personal: staff can verify it from the log. */
  g_message ("receipt %s: %s %s %s, payload %s", kiosk_receipt_get_number (self->current),
             kiosk_procedure_get_code (procedure), kiosk_outcome_get_code (outcome),
             kiosk_reason_get_code (reason), self->payload);

  if (self->queue != NULL)
    {
      PrintContext *ctx = g_new0 (PrintContext, 1);

      ctx->self = self;
      ctx->cancellable = g_object_ref (self->printing);
      ctx->receipt = g_object_ref (self->current);
      self->print_state = KIOSK_RECEIPT_PRINT_PRINTING;
      kiosk_printer_queue_print_async (self->queue, self->current, self->payload, NULL, on_printed,
                                       ctx);
    }
  else
    self->print_state = KIOSK_RECEIPT_PRINT_SCREEN_ONLY;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return self->current;
}

void
kiosk_receipt_desk_clear (KioskReceiptDesk *self)
{
  g_return_if_fail (KIOSK_IS_RECEIPT_DESK (self));

  if (self->current == NULL)
    return;
  g_clear_object (&self->current);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_pointer (&self->payload, g_free);
  self->print_state = KIOSK_RECEIPT_PRINT_SCREEN_ONLY;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

KioskReceipt *
kiosk_receipt_desk_get_current (KioskReceiptDesk *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_DESK (self), NULL);
  return self->current;
}

const char *
kiosk_receipt_desk_get_number (KioskReceiptDesk *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_DESK (self), NULL);
  return self->current != NULL ? kiosk_receipt_get_number (self->current) : NULL;
}

const char *
kiosk_receipt_desk_get_payload (KioskReceiptDesk *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_DESK (self), NULL);
  return self->payload;
}

cairo_surface_t *
kiosk_receipt_desk_get_image (KioskReceiptDesk *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_DESK (self), NULL);
  return self->image;
}

KioskReceiptPrintState
kiosk_receipt_desk_get_print_state (KioskReceiptDesk *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_DESK (self), KIOSK_RECEIPT_PRINT_SCREEN_ONLY);
  return self->print_state;
}

const char *
kiosk_receipt_desk_get_state_dir (KioskReceiptDesk *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_DESK (self), NULL);
  return self->state_dir;
}

const char *
kiosk_receipt_desk_get_queue_dir (KioskReceiptDesk *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_DESK (self), NULL);
  return self->queue_dir;
}

KioskReceiptKey *
kiosk_receipt_desk_get_key (KioskReceiptDesk *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_DESK (self), NULL);
  return self->key;
}

void
kiosk_receipt_desk_attach (KioskReceiptDesk *self, GObject *owner)
{
  g_return_if_fail (G_IS_OBJECT (owner));
  g_object_set_data_full (owner, ATTACHED_KEY, self != NULL ? g_object_ref (self) : NULL,
                          g_object_unref);
}

KioskReceiptDesk *
kiosk_receipt_desk_get_attached (GObject *owner)
{
  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);
  return g_object_get_data (owner, ATTACHED_KEY);
}
