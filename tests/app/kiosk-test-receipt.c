/* kiosk-test-receipt.c: what a staff member reads from a receipt's QR payload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-test-receipt.h"

#include "kiosk-printer-escpos.h"
#include "kiosk-receipt-payload.h"
#include "kiosk-receipt-renderer.h"

char *
kiosk_test_receipt_describe (const char *payload, const char *public_key_path, GError **error)
{
  g_autoptr (KioskReceiptKey) key = kiosk_receipt_key_load (public_key_path, error);
  g_autoptr (KioskReceipt) receipt = NULL;
  g_autofree char *card_reference = NULL;

  if (key == NULL)
    return NULL;
  receipt = kiosk_receipt_payload_decode (payload, key, error);
  if (receipt == NULL)
    return NULL;
  card_reference = kiosk_receipt_dup_card_reference_hex (receipt);
  return g_strdup_printf ("%s %s %s %s %s %s", kiosk_receipt_get_number (receipt),
                          kiosk_procedure_get_code (kiosk_receipt_get_procedure (receipt)),
                          kiosk_outcome_get_code (kiosk_receipt_get_outcome (receipt)),
                          kiosk_reason_get_code (kiosk_receipt_get_reason (receipt)),
                          kiosk_receipt_get_language (receipt),
                          card_reference != NULL ? card_reference : "NONE");
}

char *
kiosk_test_card_reference_hex (const char *secret_path, const char *serial)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr (GBytes) secret = NULL;
  g_autoptr (GBytes) reference = NULL;

  if (!g_file_get_contents (secret_path, &contents, &length, NULL))
    return NULL;
  secret = g_bytes_new (contents, length);
  reference = kiosk_card_reference_new (secret, serial);
  if (reference == NULL)
    return NULL;
  {
    gsize size = 0;
    const guint8 *data = g_bytes_get_data (reference, &size);
    GString *hex = g_string_new (NULL);

    for (gsize i = 0; i < size; i++)
      g_string_append_printf (hex, "%02x", data[i]);
    return g_string_free (hex, FALSE);
  }
}

KioskPrinter *
kiosk_test_tcp_printer_new (guint16 port)
{
  return KIOSK_PRINTER (
      kiosk_escpos_printer_new_tcp ("127.0.0.1", port, KIOSK_PAPER_58MM_DOTS, 200, 2000));
}
