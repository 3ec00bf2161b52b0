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

G_END_DECLS
