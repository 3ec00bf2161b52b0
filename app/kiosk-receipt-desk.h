/* kiosk-receipt-desk.h: the one place a receipt is made for a finished or handed-off procedure:
 * numbered, signed, drawn for the screen, printed in the background, queued on a printer fault
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "kiosk-config.h"
#include "kiosk-printer.h"
#include "kiosk-receipt-key.h"
#include "kiosk-receipt.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_RECEIPT_PRINT_SCREEN_ONLY, /* no printer configured: the screen is the receipt */
  KIOSK_RECEIPT_PRINT_PRINTING,
  KIOSK_RECEIPT_PRINT_PRINTED,
  KIOSK_RECEIPT_PRINT_QUEUED, /* the printer failed: kept on screen and in the queue for staff */
} KioskReceiptPrintState;

#define KIOSK_TYPE_RECEIPT_DESK (kiosk_receipt_desk_get_type ())
G_DECLARE_FINAL_TYPE (KioskReceiptDesk, kiosk_receipt_desk, KIOSK, RECEIPT_DESK, GObject)

/**
 * KioskReceiptDesk:
 *
 * Keeps, in @state_dir: "receipt-sequence" (the per-day number, persisted so a restart never
 * reuses one), "card-reference.key" (32 random bytes, 0600, made on first use: the HMAC key of
 * the card reference) and "receipts/" (the printer queue). @printer may be NULL (on screen
 * only). @width_dots: 384 or 576.
 *
 * Receipts a printer fault left in the queue are retried on the main context the desk was made
 * in, never blocking it: after a fault, again after a growing delay (30 s, 1 min, 2 min … up to
 * 10 min by default), at once after any later successful print (the printer is back), and at
 * start when the queue folder already holds receipts. A receipt printed late leaves the queue;
 * when it is the current one its print state becomes PRINTED.
 *
 * Signals: "changed": a new current receipt, or its print state changed.
 * Properties: "queue-length" (guint, read-only, notified): the receipts waiting for the printer.
 */
KioskReceiptDesk *kiosk_receipt_desk_new (const char *kiosk_id, const char *location_name,
                                          const char *state_dir, KioskReceiptKey *key,
                                          KioskPrinter *printer, guint width_dots);
/* The desk the configuration describes: [kiosk] id, location, state-dir; [receipt] key (a PEM
 * private key that must exist); [printer] kind, device, host, port, queue, paper-width-mm. */
KioskReceiptDesk *kiosk_receipt_desk_new_from_config (KioskConfig *config, GError **error);

/* Makes the next receipt and makes it current: @procedure (not KIOSK_PROCEDURE_NONE), @outcome
 * and @reason say what happened, @language is a gettext language tag,
 * @auth_certificate_serial the card's authentication certificate serial (NULL: no card read).
 * Signs and renders it at once (a few milliseconds), then prints it in the background.
 * Returns the receipt (transfer none), or NULL with @error. */
KioskReceipt *kiosk_receipt_desk_issue (KioskReceiptDesk *self, KioskProcedure procedure,
                                        KioskOutcome outcome, KioskReason reason,
                                        const char *language, const char *auth_certificate_serial,
                                        GDateTime *time, GError **error);
/* The delays between retries of the queue: the first after a fault, doubled after each failed
 * retry up to @max_delay_ms (defaults: 30000 and 600000). A retry already waiting is moved to the
 * new first delay. */
void kiosk_receipt_desk_set_retry_delays (KioskReceiptDesk *self, guint first_delay_ms,
                                          guint max_delay_ms);
/* Retries the queue now (the admin screen's "print queued receipts"; a no-op without a printer
 * or while a retry runs, which then runs once more). */
void kiosk_receipt_desk_retry_queue (KioskReceiptDesk *self);
/* The receipts waiting for the printer (0 without a printer). */
guint kiosk_receipt_desk_get_queue_length (KioskReceiptDesk *self);

/* The journald MESSAGE_ID of "the queue will be retried in RETRY_IN_MS" (fields PRINTER,
 * QUEUE_LENGTH, RETRY_IN_MS); the per-receipt outcomes are KIOSK_PRINTER_QUEUE_MESSAGE_ID_*. */
#define KIOSK_RECEIPT_DESK_MESSAGE_ID_RETRY_SCHEDULED "7dfb3d13ee9d40a7bd2c728be8de7095"

/* Forgets the current receipt (a new session begins); a print in flight still finishes. */
void kiosk_receipt_desk_clear (KioskReceiptDesk *self);

KioskReceipt *kiosk_receipt_desk_get_current (KioskReceiptDesk *self); /* nullable */
const char *kiosk_receipt_desk_get_number (KioskReceiptDesk *self);    /* nullable */
const char *kiosk_receipt_desk_get_payload (KioskReceiptDesk *self);   /* nullable */
/* The current receipt as printed (white RGB24, paper width), or NULL. Transfer none. */
cairo_surface_t *kiosk_receipt_desk_get_image (KioskReceiptDesk *self);
KioskReceiptPrintState kiosk_receipt_desk_get_print_state (KioskReceiptDesk *self);
const char *kiosk_receipt_desk_get_state_dir (KioskReceiptDesk *self);
/* The folder of receipts waiting for the printer. */
const char *kiosk_receipt_desk_get_queue_dir (KioskReceiptDesk *self);
/* The public key staff verify the QR with (transfer none). */
KioskReceiptKey *kiosk_receipt_desk_get_key (KioskReceiptDesk *self);

/* The screens see only the flow: the controller hangs its desk on the flow so they can find it. */
void kiosk_receipt_desk_attach (KioskReceiptDesk *self, GObject *owner);
KioskReceiptDesk *kiosk_receipt_desk_get_attached (GObject *owner); /* nullable, transfer none */

G_END_DECLS
