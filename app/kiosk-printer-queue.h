/* kiosk-printer-queue.h: prints receipts and keeps those a printer fault stopped, on disk, for
 * a retry when staff have fixed the printer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-printer.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PRINTER_QUEUE (kiosk_printer_queue_get_type ())
G_DECLARE_FINAL_TYPE (KioskPrinterQueue, kiosk_printer_queue, KIOSK, PRINTER_QUEUE, GObject)

/* @folder holds one file per waiting receipt (made if missing). */
KioskPrinterQueue *kiosk_printer_queue_new (KioskPrinter *printer, const char *folder);

/* Prints; on any failure the receipt is written to the folder (fsync'd), logged with its
 * number, and the print error is returned, so the caller keeps the receipt on screen. */
void kiosk_printer_queue_print_async (KioskPrinterQueue *self, KioskReceipt *receipt,
                                      const char *payload, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
gboolean kiosk_printer_queue_print_finish (KioskPrinterQueue *self, GAsyncResult *result,
                                           GError **error);

/* Prints the waiting receipts oldest first, removing each printed one; stops at the first
 * failure (the printer is still at fault) and returns it. Returns how many were printed. */
void kiosk_printer_queue_retry_async (KioskPrinterQueue *self, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
guint kiosk_printer_queue_retry_finish (KioskPrinterQueue *self, GAsyncResult *result,
                                        GError **error);

/* The receipt numbers waiting, oldest first (transfer full). */
GStrv kiosk_printer_queue_list_pending (KioskPrinterQueue *self);
/* A waiting receipt and its payload, read back from the folder. */
KioskReceipt *kiosk_printer_queue_load (KioskPrinterQueue *self, const char *number, char **payload,
                                        GError **error);

G_END_DECLS
