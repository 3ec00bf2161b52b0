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

/* The journald MESSAGE_ID of each printing event staff may search for (fixed: never change
 * them). Every record also carries RECEIPT_NUMBER, PRINTER and QUEUE_LENGTH, never anything
 * about the resident. */
#define KIOSK_PRINTER_QUEUE_MESSAGE_ID_QUEUED "dd4cbdfc3e234a03a48a9040458800e9"
#define KIOSK_PRINTER_QUEUE_MESSAGE_ID_RETRY_PRINTED "bd6944d8b03e45a1a749a732239459cd"
#define KIOSK_PRINTER_QUEUE_MESSAGE_ID_RETRY_FAILED "43a494eb73924d708ac479144a79c094"

/* @folder holds one file per waiting receipt (made if missing). */
KioskPrinterQueue *kiosk_printer_queue_new (KioskPrinter *printer, const char *folder);

/* How the printer is named in the log's PRINTER field ("escpos-tcp 192.0.2.7:9100"); by default
 * its type name. */
void kiosk_printer_queue_set_printer_name (KioskPrinterQueue *self, const char *name);
const char *kiosk_printer_queue_get_printer_name (KioskPrinterQueue *self);
/* How many receipts wait in the folder. */
guint kiosk_printer_queue_get_length (KioskPrinterQueue *self);

/* Prints; on any failure the receipt is written to the folder (fsync'd), logged (structured,
 * MESSAGE_ID ..._QUEUED) with its number, and the print error is returned, so the caller keeps the
 * receipt on screen. */
void kiosk_printer_queue_print_async (KioskPrinterQueue *self, KioskReceipt *receipt,
                                      const char *payload, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
gboolean kiosk_printer_queue_print_finish (KioskPrinterQueue *self, GAsyncResult *result,
                                           GError **error);

/* Prints the waiting receipts oldest first, removing each printed one; stops at the first
 * failure (the printer is still at fault) and returns it. Returns how many were printed. Each
 * outcome is logged (structured: ..._RETRY_PRINTED or ..._RETRY_FAILED). A file that cannot be
 * read back is left for staff (logged) and skipped, so it never blocks the receipts after it. */
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
