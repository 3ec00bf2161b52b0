/* test-receipt-payload.c: the receipt model, the card reference, the key files and the signed
 * QR payload (round trip, every changed byte refused, wrong key, version, size)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */

#include "kiosk-receipt-payload.h"
#include "receipt-test-util.h"

#include <glib/gstdio.h>
#include <qrencode.h>
#include <string.h>
#include <sys/stat.h>

static void
test_number (void)
{
  g_autoptr (GDateTime) utc = g_date_time_new_utc (2026, 11, 24, 16, 30, 5.75);
  g_autoptr (KioskReceipt) receipt
             = kiosk_receipt_new ("K001", NULL, 42, utc, KIOSK_PROCEDURE_CHECK_CARD,
                                  KIOSK_OUTCOME_DONE, KIOSK_REASON_NONE, "en", NULL);
  g_autofree char *local = g_date_time_format_iso8601 (kiosk_receipt_get_time (receipt));

  /* 16:30 UTC is 01:30 the next day in Tokyo: the number carries the Tokyo date. */
  g_assert_cmpstr (kiosk_receipt_get_number (receipt), ==, "K001-20261125-0042");
  g_assert_cmpstr (local, ==, "2026-11-25T01:30:05+09");
  g_assert_null (kiosk_receipt_dup_card_reference_hex (receipt));
}

static void
test_reason_table (void)
{
  g_autoptr (GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  const char *expected[] = { "PIN_LOCKED",
                             "SIGN_LOCKED",
                             "NO_CERTIFICATES",
                             "PROXY",
                             "MINOR",
                             "ADULT_WARD",
                             "REVOKED",
                             "EXPIRED_POLICY",
                             "SERVICE_BUSY",
                             "SERVICE_DOWN",
                             "CARD_UNREADABLE",
                             "CARD_REMOVED",
                             "PRINTER_FAULT",
                             "RENEWAL_INCOMPLETE_OLD",
                             "RENEWAL_INCOMPLETE_NEW" };

  for (guint r = 0; r < KIOSK_REASON_COUNT; r++)
    {
      const char *code = kiosk_reason_get_code (r);
      KioskReason back;

      g_assert_nonnull (code);
      g_assert_false (g_hash_table_contains (codes, code));
      g_hash_table_add (codes, (gpointer)code);
      for (const char *c = code; *c != '\0'; c++)
        g_assert_true (g_ascii_isupper (*c) || *c == '_');
      g_assert_true (kiosk_reason_from_code (code, &back));
      g_assert_cmpint (back, ==, r);
      g_assert_cmpuint (strlen (kiosk_reason_get_staff_text_ja (r)), >, 0);
      g_assert_cmpuint (strlen (kiosk_reason_get_staff_text_en (r)), >, 0);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_hash_table_contains (codes, expected[i]));
}

static void
test_card_reference (void)
{
  g_autoptr (GBytes) secret = g_bytes_new_static ("secret one", 10);
  g_autoptr (GBytes) other_secret = g_bytes_new_static ("secret two", 10);
  g_autoptr (GBytes) a = kiosk_card_reference_new (secret, "00C0FFEE01");
  g_autoptr (GBytes) a_lower = kiosk_card_reference_new (secret, "00c0ffee01");
  g_autoptr (GBytes) b = kiosk_card_reference_new (secret, "00C0FFEE02");
  g_autoptr (GBytes) c = kiosk_card_reference_new (other_secret, "00C0FFEE01");

  g_assert_cmpuint (g_bytes_get_size (a), ==, KIOSK_CARD_REFERENCE_SIZE);
  g_assert_true (g_bytes_equal (a, a_lower));
  g_assert_false (g_bytes_equal (a, b));
  g_assert_false (g_bytes_equal (a, c));
}

static void
assert_same_fields (KioskReceipt *decoded, KioskReceipt *original)
{
  g_assert_cmpstr (kiosk_receipt_get_number (decoded), ==, kiosk_receipt_get_number (original));
  g_assert_cmpstr (kiosk_receipt_get_kiosk_id (decoded), ==, kiosk_receipt_get_kiosk_id (original));
  g_assert_true (
      g_date_time_equal (kiosk_receipt_get_time (decoded), kiosk_receipt_get_time (original)));
  g_assert_cmpint (kiosk_receipt_get_procedure (decoded), ==,
                   kiosk_receipt_get_procedure (original));
  g_assert_cmpint (kiosk_receipt_get_outcome (decoded), ==, kiosk_receipt_get_outcome (original));
  g_assert_cmpint (kiosk_receipt_get_reason (decoded), ==, kiosk_receipt_get_reason (original));
  g_assert_cmpstr (kiosk_receipt_get_language (decoded), ==, kiosk_receipt_get_language (original));
  g_assert_null (kiosk_receipt_get_location_name (decoded));
  if (kiosk_receipt_get_card_reference (original) == NULL)
    g_assert_null (kiosk_receipt_get_card_reference (decoded));
  else
    g_assert_true (g_bytes_equal (kiosk_receipt_get_card_reference (decoded),
                                  kiosk_receipt_get_card_reference (original)));
}

static void
test_round_trip (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) key = kiosk_receipt_key_generate (&error);
  g_autoptr (GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr (GBytes) secret = g_bytes_new_static ("s", 1);
  g_autoptr (GBytes) reference = kiosk_card_reference_new (secret, "01");

  g_assert_no_error (error);
  for (guint p = 0; p < KIOSK_PROCEDURE_COUNT; p++)
    for (guint o = 0; o < KIOSK_OUTCOME_COUNT; o++)
      {
        g_autoptr (GDateTime) time = g_date_time_new (tokyo, 2027, 1 + p, 1 + o, 23, 59, 59);
        KioskReason reason = (p * KIOSK_OUTCOME_COUNT + o) % KIOSK_REASON_COUNT;
        g_autoptr (KioskReceipt) receipt
                   = kiosk_receipt_new ("KASHIWA-01", "x", p * 1000 + o, time, p, o, reason,
                                        o == 1 ? "ja@easy" : "pt_BR", (p % 2) ? reference : NULL);
        g_autofree char *payload = kiosk_receipt_payload_encode (receipt, key, &error);
        g_autoptr (KioskReceipt) decoded = NULL;

        g_assert_no_error (error);
        decoded = kiosk_receipt_payload_decode (payload, key, &error);
        g_assert_no_error (error);
        assert_same_fields (decoded, receipt);
      }
}

static char *
reencode_with_flip (const char *payload, gsize index, guint8 mask)
{
  g_autoptr (GBytes) bytes = kiosk_base32_decode (payload);
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  data[index] ^= mask;
  return kiosk_base32_encode (data, g_bytes_get_size (bytes));
}

static void
test_every_byte_changed_refused (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) key = kiosk_receipt_key_generate (&error);
  g_autoptr (KioskReceipt) receipt = receipt_test_sample (42, "en");
  g_autofree char *payload = kiosk_receipt_payload_encode (receipt, key, &error);
  g_autoptr (GBytes) bytes = kiosk_base32_decode (payload);

  g_assert_no_error (error);
  for (gsize i = 0; i < g_bytes_get_size (bytes); i++)
    for (guint8 mask = 1; mask != 0; mask <<= 1)
      {
        g_autofree char *changed = reencode_with_flip (payload, i, mask);
        g_autoptr (KioskReceipt) decoded = kiosk_receipt_payload_decode (changed, key, &error);

        g_assert_null (decoded);
        g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_SIGNATURE);
        g_clear_error (&error);
      }
}

static void
test_changed_character_refused (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) key = kiosk_receipt_key_generate (&error);
  g_autoptr (KioskReceipt) receipt = receipt_test_sample (7, "en");
  g_autofree char *payload = kiosk_receipt_payload_encode (receipt, key, &error);
  gsize length = strlen (payload);

  for (gsize i = 0; i < length; i++)
    {
      g_autofree char *changed = g_strdup (payload);
      g_autoptr (KioskReceipt) decoded = NULL;

      changed[i] = changed[i] == 'A' ? 'B' : 'A';
      decoded = kiosk_receipt_payload_decode (changed, key, &error);
      g_assert_null (decoded);
      /* The last character carries padding bits: changing them is a non-canonical encoding. */
      g_assert_true (
          g_error_matches (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_SIGNATURE)
          || (i == length - 1
              && g_error_matches (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_MALFORMED)));
      g_clear_error (&error);
    }
}

static void
test_wrong_key_refused (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) key = kiosk_receipt_key_generate (&error);
  g_autoptr (KioskReceiptKey) other = kiosk_receipt_key_generate (&error);
  g_autoptr (KioskReceipt) receipt = receipt_test_sample (1, "ja");
  g_autofree char *payload = kiosk_receipt_payload_encode (receipt, key, &error);
  g_autoptr (KioskReceipt) decoded = kiosk_receipt_payload_decode (payload, other, &error);

  g_assert_null (decoded);
  g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_SIGNATURE);
}

static void
test_version_checked (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) key = kiosk_receipt_key_generate (&error);
  g_autoptr (KioskReceipt) receipt = receipt_test_sample (1, "en");
  g_autoptr (GBytes) body = kiosk_receipt_payload_pack (receipt, &error);
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autoptr (GBytes) future = NULL;
  g_autofree char *payload = NULL;
  g_autoptr (KioskReceipt) decoded = NULL;

  g_assert_cmpuint (data[0], ==, KIOSK_RECEIPT_PAYLOAD_VERSION);
  data[0] = KIOSK_RECEIPT_PAYLOAD_VERSION + 1;
  future = g_bytes_new (data, g_bytes_get_size (body));
  /* Validly signed by the right key, but a layout this program does not know. */
  payload = kiosk_receipt_payload_seal (future, key, &error);
  g_assert_no_error (error);
  decoded = kiosk_receipt_payload_decode (payload, key, &error);
  g_assert_null (decoded);
  g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_VERSION);
}

static void
test_size (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) key = kiosk_receipt_key_generate (&error);
  g_autoptr (KioskReceipt) receipt = receipt_test_sample (9999, "en");
  g_autofree char *payload = kiosk_receipt_payload_encode (receipt, key, &error);
  QRcode *qr;

  g_assert_no_error (error);
  g_test_message ("payload: %zu characters", strlen (payload));
  g_assert_cmpuint (strlen (payload), <, 150);
  for (const char *c = payload; *c != '\0'; c++)
    g_assert_true (g_ascii_isupper (*c) || (*c >= '2' && *c <= '7'));
  qr = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  g_assert_nonnull (qr);
  g_test_message ("QR version %d, %d modules", qr->version, qr->width);
  g_assert_cmpint (qr->version, <=, 6);
  QRcode_free (qr);
}

static void
test_nothing_personal (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) key = kiosk_receipt_key_generate (&error);
  g_autoptr (KioskReceipt) receipt = receipt_test_sample (3, "en");
  g_autoptr (GBytes) body = kiosk_receipt_payload_pack (receipt, &error);
  const guint8 serial[] = { 0x0A, 0x1B, 0x2C, 0x3D, 0x4E, 0x5F };
  const char *location = kiosk_receipt_get_location_name (receipt);

  /* Neither the certificate serial (raw or as text) nor the location is carried. */
  g_assert_null (
      memmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), serial, sizeof serial));
  g_assert_null (memmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "0A1B2C", 6));
  g_assert_null (
      memmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), location, strlen (location)));
}

static void
test_malformed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) key = kiosk_receipt_key_generate (&error);
  const char *bad[] = { "", "HELLO WORLD", "ABC", "ABCDEFGH18", "{\"json\": true}" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (KioskReceipt) decoded = kiosk_receipt_payload_decode (bad[i], key, &error);

      g_assert_null (decoded);
      g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_MALFORMED);
      g_clear_error (&error);
    }
}

static void
test_base32_vectors (void)
{
  /* RFC 4648 section 10, without padding. */
  const char *plain[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
  const char *coded[] = { "", "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI" };

  for (gsize i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_autofree char *text = kiosk_base32_encode ((const guint8 *)plain[i], strlen (plain[i]));
      g_autoptr (GBytes) back = kiosk_base32_decode (coded[i]);

      g_assert_cmpstr (text, ==, coded[i]);
      g_assert_nonnull (back);
      g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), plain[i],
                       strlen (plain[i]));
    }
}

static void
test_key_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) made = NULL;
  g_autofree char *dir = receipt_test_make_key_dir (&made);
  g_autofree char *key_path = g_build_filename (dir, "kiosk.key", NULL);
  g_autofree char *pub_path = g_build_filename (dir, "kiosk.pub", NULL);
  g_autoptr (KioskReceiptKey) private_key = kiosk_receipt_key_load (key_path, &error);
  g_autoptr (KioskReceiptKey) public_key = kiosk_receipt_key_load (pub_path, &error);
  g_autoptr (KioskReceipt) receipt = receipt_test_sample (5, "en");
  g_autofree char *payload = NULL;
  g_autofree char *from_public = NULL;
  g_autoptr (KioskReceipt) decoded = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (kiosk_receipt_key_has_private (private_key));
  g_assert_false (kiosk_receipt_key_has_private (public_key));

  payload = kiosk_receipt_payload_encode (receipt, private_key, &error);
  g_assert_no_error (error);
  decoded = kiosk_receipt_payload_decode (payload, public_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (decoded);

  from_public = kiosk_receipt_payload_encode (receipt, public_key, &error);
  g_assert_null (from_public);
  g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_KEY);
  g_clear_error (&error);

  /* A second save must not replace the key every printed receipt depends on. */
  g_assert_false (kiosk_receipt_key_save (made, dir, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  receipt_test_remove_dir (dir);
}

static void
test_not_a_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiosk-receipt-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "junk.pub", NULL);
  g_autoptr (KioskReceiptKey) key = NULL;
  g_autoptr (KioskReceiptKey) missing = NULL;

  g_file_set_contents (path, "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n", -1,
                       &error);
  g_assert_no_error (error);
  key = kiosk_receipt_key_load (path, &error);
  g_assert_null (key);
  g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_KEY);
  g_clear_error (&error);
  g_remove (path);
  missing = kiosk_receipt_key_load (path, &error);
  g_assert_null (missing);
  g_assert_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_KEY);
  receipt_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/receipt/model/number", test_number);
  g_test_add_func ("/receipt/model/reason-table", test_reason_table);
  g_test_add_func ("/receipt/model/card-reference", test_card_reference);
  g_test_add_func ("/receipt/payload/round-trip", test_round_trip);
  g_test_add_func ("/receipt/payload/every-byte-changed-refused", test_every_byte_changed_refused);
  g_test_add_func ("/receipt/payload/changed-character-refused", test_changed_character_refused);
  g_test_add_func ("/receipt/payload/wrong-key-refused", test_wrong_key_refused);
  g_test_add_func ("/receipt/payload/version-checked", test_version_checked);
  g_test_add_func ("/receipt/payload/size", test_size);
  g_test_add_func ("/receipt/payload/nothing-personal", test_nothing_personal);
  g_test_add_func ("/receipt/payload/malformed", test_malformed);
  g_test_add_func ("/receipt/payload/base32-vectors", test_base32_vectors);
  g_test_add_func ("/receipt/key/files", test_key_files);
  g_test_add_func ("/receipt/key/not-a-key", test_not_a_key);
  return g_test_run ();
}
