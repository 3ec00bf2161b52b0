/* kiosk-printer.h: a receipt printer, whatever its connection (ESC/POS device node or raw TCP,
 * or a CUPS queue); printing never blocks the caller's main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-receipt.h"

#include <gio/gio.h>

G_BEGIN_DECLS

#define KIOSK_PRINTER_ERROR (kiosk_printer_error_quark ())
GQuark kiosk_printer_error_quark (void);

typedef enum
{
  KIOSK_PRINTER_ERROR_FAULT,       /* the printer says: paper out, cover open, offline, error */
  KIOSK_PRINTER_ERROR_UNREACHABLE, /* no device node, connection refused, no CUPS */
  KIOSK_PRINTER_ERROR_JOB_FAILED,  /* CUPS took the job but it was aborted, cancelled, stopped */
  KIOSK_PRINTER_ERROR_TIMEOUT,     /* no progress in time */
  KIOSK_PRINTER_ERROR_RENDER,      /* the receipt could not be drawn */
} KioskPrinterError;

#define KIOSK_TYPE_PRINTER (kiosk_printer_get_type ())
G_DECLARE_INTERFACE (KioskPrinter, kiosk_printer, KIOSK, PRINTER, GObject)

struct _KioskPrinterInterface
{
  GTypeInterface g_iface;

  void (*print_async) (KioskPrinter *self, KioskReceipt *receipt, const char *payload,
                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  gboolean (*print_finish) (KioskPrinter *self, GAsyncResult *result, GError **error);
};

/* Prints @receipt with its signed QR @payload. The work runs on a worker thread; @callback
 * runs in the caller's thread-default main context. */
void kiosk_printer_print_async (KioskPrinter *self, KioskReceipt *receipt, const char *payload,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data);
gboolean kiosk_printer_print_finish (KioskPrinter *self, GAsyncResult *result, GError **error);

G_END_DECLS
