/* receipt-test-util.h: shared pieces of the receipt and printing tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-receipt-key.h"
#include "kiosk-receipt.h"

#include <gio/gio.h>

G_BEGIN_DECLS

/* A renewal handed off because the PIN is locked, 2026-11-25 10:00:00 JST, in @language, with a
 * card reference; sequence @sequence. */
KioskReceipt *receipt_test_sample (guint sequence, const char *language);

/* A fresh key pair saved in a new temporary folder (kiosk.key, kiosk.pub) (transfer full). */
char *receipt_test_make_key_dir (KioskReceiptKey **key);

/* Runs @argv; stdout and stderr are returned; the exit status is the result. */
int receipt_test_run (const char *const *argv, char **out, char **err);

/* The first QR code zbarimg finds in @png, or NULL (transfer full). */
char *receipt_test_decode_qr (const char *png);

/* Deletes @dir and its files (one level deep). */
void receipt_test_remove_dir (const char *dir);

/* Structured log records (the queue's and the desk's staff log), captured instead of written:
 * call receipt_test_log_capture() once, after g_test_init(). A record is a GHashTable of field
 * name → value. Only records with a MESSAGE_ID are captured; the rest go to the default writer. */
void receipt_test_log_capture (void);
void receipt_test_log_clear (void);
/* The records captured so far, oldest first (transfer container). */
GPtrArray *receipt_test_log_records (const char *message_id);
/* Like g_test_expect_message() for structured records: the next
 * receipt_test_log_assert_expected() checks that a record with @message_id whose MESSAGE
 * matches the glob @message_pattern, with RECEIPT_NUMBER, PRINTER and QUEUE_LENGTH, arrived. */
void receipt_test_log_expect (const char *message_id, const char *message_pattern);
void receipt_test_log_assert_expected (void);

G_END_DECLS
