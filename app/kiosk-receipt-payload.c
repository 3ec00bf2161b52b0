/* kiosk-receipt-payload.c: pack, sign, encode and the reverse
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-receipt-payload.h"

#include <string.h>

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

char *
kiosk_base32_encode (const guint8 *data, gsize size)
{
  GString *text = g_string_sized_new ((size * 8 + 4) / 5);
  guint buffer = 0;
  guint bits = 0;

  for (gsize i = 0; i < size; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (text, base32_alphabet[(buffer >> (bits - 5)) & 0x1f]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (text, base32_alphabet[(buffer << (5 - bits)) & 0x1f]);
  return g_string_free (text, FALSE);
}

GBytes *
kiosk_base32_decode (const char *text)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  guint buffer = 0;
  guint bits = 0;

  for (const char *c = text; *c != '\0'; c++)
    {
      const char *found = strchr (base32_alphabet, g_ascii_toupper (*c));

      if (found == NULL || *found == '\0')
        return NULL;
      buffer = (buffer << 5) | (guint)(found - base32_alphabet);
      bits += 5;
      if (bits >= 8)
        {
          guint8 byte = (buffer >> (bits - 8)) & 0xff;

          g_byte_array_append (bytes, &byte, 1);
          bits -= 8;
        }
    }
  /* Leftover bits must be the zero padding of the last character (a canonical encoding). */
  if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static void
append_u8 (GByteArray *out, guint value)
{
  guint8 byte = value;

  g_byte_array_append (out, &byte, 1);
}

static void
append_short_string (GByteArray *out, const char *text)
{
  append_u8 (out, strlen (text));
  g_byte_array_append (out, (const guint8 *)text, strlen (text));
}

GBytes *
kiosk_receipt_payload_pack (KioskReceipt *receipt, GError **error)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  gint64 unix_time = g_date_time_to_unix (kiosk_receipt_get_time (receipt));
  guint sequence = kiosk_receipt_get_sequence (receipt);
  GBytes *card_reference = kiosk_receipt_get_card_reference (receipt);

  g_return_val_if_fail (KIOSK_IS_RECEIPT (receipt), NULL);

  if (sequence > G_MAXUINT16)
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_FIELD,
                   "Receipt sequence %u does not fit the payload (at most 65535)", sequence);
      return NULL;
    }
  if (unix_time < 0 || unix_time > G_MAXUINT32)
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_FIELD,
                   "Receipt time out of the payload's range");
      return NULL;
    }

  append_u8 (out, KIOSK_RECEIPT_PAYLOAD_VERSION);
  append_short_string (out, kiosk_receipt_get_kiosk_id (receipt));
  for (int shift = 24; shift >= 0; shift -= 8)
    append_u8 (out, (unix_time >> shift) & 0xff);
  append_u8 (out, sequence >> 8);
  append_u8 (out, sequence & 0xff);
  append_u8 (out,
             (kiosk_receipt_get_procedure (receipt) << 4) | kiosk_receipt_get_outcome (receipt));
  append_u8 (out, kiosk_receipt_get_reason (receipt));
  append_short_string (out, kiosk_receipt_get_language (receipt));
  if (card_reference != NULL)
    {
      append_u8 (out, g_bytes_get_size (card_reference));
      g_byte_array_append (out, g_bytes_get_data (card_reference, NULL),
                           g_bytes_get_size (card_reference));
    }
  else
    append_u8 (out, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

char *
kiosk_receipt_payload_seal (GBytes *body, KioskReceiptKey *key, GError **error)
{
  g_autoptr (GBytes) signature = kiosk_receipt_key_sign (key, body, error);
  g_autoptr (GByteArray) whole = NULL;

  if (signature == NULL)
    return NULL;
  whole = g_byte_array_sized_new (g_bytes_get_size (body) + KIOSK_RECEIPT_SIGNATURE_SIZE);
  g_byte_array_append (whole, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_byte_array_append (whole, g_bytes_get_data (signature, NULL), KIOSK_RECEIPT_SIGNATURE_SIZE);
  return kiosk_base32_encode (whole->data, whole->len);
}

char *
kiosk_receipt_payload_encode (KioskReceipt *receipt, KioskReceiptKey *key, GError **error)
{
  g_autoptr (GBytes) body = kiosk_receipt_payload_pack (receipt, error);

  if (body == NULL)
    return NULL;
  return kiosk_receipt_payload_seal (body, key, error);
}

typedef struct
{
  const guint8 *data;
  gsize size;
  gsize at;
  gboolean overrun;
} Reader;

static guint
read_u8 (Reader *reader)
{
  if (reader->at >= reader->size)
    {
      reader->overrun = TRUE;
      return 0;
    }
  return reader->data[reader->at++];
}

static char *
read_short_string (Reader *reader)
{
  guint length = read_u8 (reader);
  char *text;

  if (reader->overrun || length > reader->size - reader->at)
    {
      reader->overrun = TRUE;
      return NULL;
    }
  text = g_strndup ((const char *)reader->data + reader->at, length);
  reader->at += length;
  return text;
}

static KioskReceipt *
unpack_v1 (Reader *reader, GError **error)
{
  g_autofree char *kiosk_id = read_short_string (reader);
  gint64 unix_time = 0;
  guint sequence;
  guint procedure_outcome;
  guint reason;
  g_autofree char *language = NULL;
  guint reference_size;
  g_autoptr (GBytes) card_reference = NULL;
  g_autoptr (GDateTime) time = NULL;

  for (int i = 0; i < 4; i++)
    unix_time = (unix_time << 8) | read_u8 (reader);
  sequence = read_u8 (reader) << 8;
  sequence |= read_u8 (reader);
  procedure_outcome = read_u8 (reader);
  reason = read_u8 (reader);
  language = read_short_string (reader);
  reference_size = read_u8 (reader);
  if (!reader->overrun && reference_size == KIOSK_CARD_REFERENCE_SIZE
      && reader->size - reader->at >= reference_size)
    {
      card_reference = g_bytes_new (reader->data + reader->at, reference_size);
      reader->at += reference_size;
    }
  else if (reference_size != 0)
    reader->overrun = TRUE;

  if (reader->overrun || reader->at != reader->size || kiosk_id == NULL || language == NULL
      || (procedure_outcome >> 4) >= KIOSK_PROCEDURE_COUNT
      || (procedure_outcome & 0xf) >= KIOSK_OUTCOME_COUNT || reason >= KIOSK_REASON_COUNT)
    {
      g_set_error_literal (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_MALFORMED,
                           "The payload is signed but its fields do not parse");
      return NULL;
    }
  time = g_date_time_new_from_unix_utc (unix_time);
  /* kiosk_receipt_new checks the strings itself, but quietly: a signed payload from a buggy
   * kiosk must be an error here, not a critical. */
  for (const char *c = kiosk_id; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-')
      *kiosk_id = '\0';
  for (const char *c = language; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr ("@_-", *c) == NULL)
      *language = '\0';
  if (*kiosk_id == '\0' || *language == '\0' || strlen (kiosk_id) > 16 || strlen (language) > 16)
    {
      g_set_error_literal (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_MALFORMED,
                           "The payload is signed but holds an invalid kiosk id or language");
      return NULL;
    }
  return kiosk_receipt_new (kiosk_id, NULL, sequence, time, procedure_outcome >> 4,
                            procedure_outcome & 0xf, reason, language, card_reference);
}

KioskReceipt *
kiosk_receipt_payload_decode (const char *payload, KioskReceiptKey *key, GError **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr (GBytes) whole = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GBytes) signature = NULL;
  const guint8 *data;
  gsize size = 0;
  Reader reader = { 0 };

  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (KIOSK_IS_RECEIPT_KEY (key), NULL);

  trimmed = g_strstrip (g_strdup (payload));
  whole = kiosk_base32_decode (trimmed);
  if (whole == NULL || g_bytes_get_size (whole) < 1 + KIOSK_RECEIPT_SIGNATURE_SIZE)
    {
      g_set_error_literal (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_MALFORMED,
                           "Not a receipt payload (base32 expected)");
      return NULL;
    }
  data = g_bytes_get_data (whole, &size);
  body = g_bytes_new_from_bytes (whole, 0, size - KIOSK_RECEIPT_SIGNATURE_SIZE);
  signature = g_bytes_new_from_bytes (whole, size - KIOSK_RECEIPT_SIGNATURE_SIZE,
                                      KIOSK_RECEIPT_SIGNATURE_SIZE);
  if (!kiosk_receipt_key_verify (key, body, signature))
    {
      g_set_error_literal (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_SIGNATURE,
                           "The signature does not match: the payload was changed or comes from "
                           "another kiosk");
      return NULL;
    }
  if (data[0] != KIOSK_RECEIPT_PAYLOAD_VERSION)
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_VERSION,
                   "Payload version %u is not supported (this program reads version %u)", data[0],
                   KIOSK_RECEIPT_PAYLOAD_VERSION);
      return NULL;
    }
  reader.data = data;
  reader.size = size - KIOSK_RECEIPT_SIGNATURE_SIZE;
  reader.at = 1;
  return unpack_v1 (&reader, error);
}
