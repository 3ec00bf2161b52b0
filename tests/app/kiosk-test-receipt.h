/* kiosk-test-receipt.h: what a staff member reads from a receipt's QR payload, in one line a
 * test can compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-receipt-desk.h"

G_BEGIN_DECLS

/* Verifies @payload with the public key in @public_key_path and describes its fields as
 * "NUMBER PROCEDURE OUTCOME REASON LANGUAGE CARD-REFERENCE-HEX-or-NONE"; NULL with @error if
 * the payload does not verify. */
char *kiosk_test_receipt_describe (const char *payload, const char *public_key_path,
                                   GError **error);
/* The card reference a kiosk whose secret is the file @secret_path gives @serial, in hex. */
char *kiosk_test_card_reference_hex (const char *secret_path, const char *serial);

/* An ESC/POS printer on raw TCP at 127.0.0.1:@port, 58 mm paper (transfer full). */
KioskPrinter *kiosk_test_tcp_printer_new (guint16 port);

G_END_DECLS
