/* test-management-commands.c: the virtual card's management commands (MANAGEMENT.md), APDU by APDU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <string.h>

#include "kiosk-card-management.h"
#include "kiosk-test-cards.h"

#define SESSION "session-0001"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OSSL_PARAM_BLD, OSSL_PARAM_BLD_free)

/* --- helpers ------------------------------------------------------------------------------ */

/* Sends @apdu and returns its data, asserting the status word. */
static GBytes *
send_bytes_expect (KioskVirtualCard *card, const guint8 *apdu, gsize len, guint16 expected_sw)
{
  gboolean pulled = FALSE;
  g_autoptr (GBytes) response = kiosk_virtual_card_process (card, apdu, len, &pulled);

  g_assert_false (pulled);
  g_assert_nonnull (response);
  gsize size;
  const guint8 *data = g_bytes_get_data (response, &size);
  g_assert_cmpuint (size, >=, 2);
  g_assert_cmphex ((guint)(data[size - 2] << 8 | data[size - 1]), ==, expected_sw);
  return g_bytes_new (data, size - 2);
}

static GBytes *
send_expect (KioskVirtualCard *card, const char *hex, guint16 expected_sw)
{
  g_autoptr (GBytes) apdu = kiosk_test_hex (hex);
  return send_bytes_expect (card, g_bytes_get_data (apdu, NULL), g_bytes_get_size (apdu),
                            expected_sw);
}

static GBytes *
get_card_id (KioskVirtualCard *card)
{
  return send_expect (card, "00 CA 01 01 00", 0x9000);
}

static GBytes *
card_key (KioskVirtualCard *card)
{
  g_autoptr (GBytes) id = get_card_id (card);
  return kiosk_card_management_derive_key (
      kiosk_test_ca_get_management_master_key (kiosk_test_cards_get_ca ()), id);
}

static GBytes *
get_challenge (KioskVirtualCard *card)
{
  GBytes *challenge = send_expect (card, "00 84 00 00 08", 0x9000);
  g_assert_cmpuint (g_bytes_get_size (challenge), ==, 8);
  return challenge;
}

static guint16
external_authenticate (KioskVirtualCard *card, const char *session_id, GBytes *cryptogram)
{
  g_autoptr (GByteArray) apdu = g_byte_array_new ();
  guint8 header[] = { 0x00, 0x82, 0x00, 0x00, 0, (guint8)strlen (session_id) };

  header[4] = (guint8)(1 + strlen (session_id) + g_bytes_get_size (cryptogram));
  g_byte_array_append (apdu, header, sizeof header);
  g_byte_array_append (apdu, (const guint8 *)session_id, strlen (session_id));
  g_byte_array_append (apdu, g_bytes_get_data (cryptogram, NULL), g_bytes_get_size (cryptogram));
  return kiosk_test_sw_bytes (card, apdu->data, apdu->len);
}

/* SELECT AP, GET CHALLENGE, EXTERNAL AUTHENTICATE with a right cryptogram: the service's part. */
static void
open_management (KioskVirtualCard *card, const char *session_id)
{
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_autoptr (GBytes) key = card_key (card);
  g_autoptr (GBytes) challenge = get_challenge (card);
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (key, challenge, session_id);
  g_assert_cmphex (external_authenticate (card, session_id, cryptogram), ==, 0x9000);
  g_assert_true (kiosk_virtual_card_is_managing (card));
}

static EVP_PKEY *
key_from_modulus (GBytes *modulus)
{
  g_autoptr (OSSL_PARAM_BLD) build = OSSL_PARAM_BLD_new ();
  BIGNUM *n = BN_bin2bn (g_bytes_get_data (modulus, NULL), (int)g_bytes_get_size (modulus), NULL);
  BIGNUM *e = BN_new ();
  EVP_PKEY *key = NULL;

  BN_set_word (e, 65537);
  OSSL_PARAM_BLD_push_BN (build, OSSL_PKEY_PARAM_RSA_N, n);
  OSSL_PARAM_BLD_push_BN (build, OSSL_PKEY_PARAM_RSA_E, e);
  OSSL_PARAM *params = OSSL_PARAM_BLD_to_param (build);
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name (NULL, "RSA", NULL);
  g_assert_cmpint (EVP_PKEY_fromdata_init (ctx), ==, 1);
  g_assert_cmpint (EVP_PKEY_fromdata (ctx, &key, EVP_PKEY_PUBLIC_KEY, params), ==, 1);
  EVP_PKEY_CTX_free (ctx);
  OSSL_PARAM_free (params);
  BN_free (n);
  BN_free (e);
  return key;
}

static GBytes *
generate (KioskVirtualCard *card, const char *key_fid_low)
{
  g_autofree char *hex = g_strdup_printf ("00 46 00 %s 00", key_fid_low);
  GBytes *modulus = send_expect (card, hex, 0x9000);
  g_assert_cmpuint (g_bytes_get_size (modulus), ==, 256);
  return modulus;
}

/* SELECT @fid + UPDATE BINARY in 255-byte chunks, each answered @expected_sw. */
static void
write_ef (KioskVirtualCard *card, const char *fid, GBytes *content)
{
  g_autofree char *select = g_strdup_printf ("00 A4 02 0C 02 %s", fid);
  gsize len;
  const guint8 *data = g_bytes_get_data (content, &len);

  kiosk_assert_sw (card, select, 0x9000);
  for (gsize offset = 0; offset < len; offset += 255)
    {
      gsize chunk = MIN (255, len - offset);
      guint8 apdu[5 + 255] = { 0x00, 0xD6, offset >> 8, offset & 0xff, (guint8)chunk };
      memcpy (apdu + 5, data + offset, chunk);
      g_assert_cmphex (kiosk_test_sw_bytes (card, apdu, 5 + chunk), ==, 0x9000);
    }
}

/* The whole content of the EF @fid as READ BINARY gives it (NULL: empty). */
static GBytes *
read_ef (KioskVirtualCard *card, const char *fid)
{
  g_autofree char *select = g_strdup_printf ("00 A4 02 0C 02 %s", fid);
  g_autoptr (GByteArray) content = g_byte_array_new ();

  kiosk_assert_sw (card, select, 0x9000);
  for (;;)
    {
      g_autofree char *read
          = g_strdup_printf ("00 B0 %02X %02X 00", content->len >> 8, content->len & 0xff);
      g_autoptr (GBytes) response = kiosk_test_send (card, read);
      g_assert_nonnull (response);
      guint16 sw = kiosk_test_response_sw (response);
      if (sw == 0x6B00)
        break;
      g_assert_cmphex (sw, ==, 0x9000);
      gsize len;
      const guint8 *data = g_bytes_get_data (response, &len);
      g_byte_array_append (content, data, len - 2);
      if (len - 2 < 256)
        break;
    }
  return content->len == 0 ? NULL : g_bytes_new (content->data, content->len);
}

static GBytes *
issue (KioskVirtualCard *card, KioskTestCaRole role, EVP_PKEY *key)
{
  g_autoptr (GError) error = NULL;
  GBytes *der = kiosk_test_ca_issue_certificate (
      kiosk_test_cards_get_ca (), role, kiosk_virtual_card_get_profile (card), key, &error);
  g_assert_no_error (error);
  return der;
}

/* VERIFY @pin on @pin_fid, sign a fresh message with @key_fid, and check the signature with
 * @certificate's public key. */
static void
assert_signs_for (KioskVirtualCard *card, const char *pin_fid, const char *pin, const char *key_fid,
                  GBytes *certificate)
{
  static const char message[] = "madoguchi renewal test";
  g_assert_cmphex (kiosk_test_verify (card, pin_fid, pin), ==, 0x9000);

  /* SHA-256 DigestInfo of the message */
  static const guint8 prefix[] = { 0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                   0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20 };
  guint8 apdu[5 + sizeof prefix + 32 + 1] = { 0x80, 0x2A, 0x00, 0x80, sizeof prefix + 32 };
  gsize digest_len = 32;
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *)message, strlen (message));
  memcpy (apdu + 5, prefix, sizeof prefix);
  g_checksum_get_digest (checksum, apdu + 5 + sizeof prefix, &digest_len);
  apdu[sizeof apdu - 1] = 0x00;

  g_autofree char *select = g_strdup_printf ("00 A4 02 0C 02 %s", key_fid);
  kiosk_assert_sw (card, select, 0x9000);
  g_autoptr (GBytes) signature = send_bytes_expect (card, apdu, sizeof apdu, 0x9000);
  g_assert_cmpuint (g_bytes_get_size (signature), ==, 256);

  g_autoptr (X509) cert = kiosk_test_parse_certificate (certificate);
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  g_assert_cmpint (EVP_DigestVerifyInit (ctx, NULL, EVP_sha256 (), NULL, X509_get0_pubkey (cert)),
                   ==, 1);
  g_assert_cmpint (EVP_DigestVerify (ctx, g_bytes_get_data (signature, NULL), 256,
                                     (const guint8 *)message, strlen (message)),
                   ==, 1);
  EVP_MD_CTX_free (ctx);
}

static gboolean
modulus_matches_certificate (GBytes *modulus, GBytes *certificate)
{
  g_autoptr (EVP_PKEY) key = key_from_modulus (modulus);
  g_autoptr (X509) cert = kiosk_test_parse_certificate (certificate);
  return EVP_PKEY_eq (key, X509_get0_pubkey (cert)) == 1;
}

/* The four certificate EFs, as read now; the sign password verified so 0001 can be read. */
typedef struct
{
  GBytes *efs[4];
} CardContent;

static const char *const certificate_fids[] = { "00 0A", "00 0B", "00 01", "00 02" };

static void
card_content_read (KioskVirtualCard *card, const char *sign_password, CardContent *content)
{
  if (sign_password != NULL)
    g_assert_cmphex (kiosk_test_verify (card, "00 1B", sign_password), ==, 0x9000);
  for (guint i = 0; i < G_N_ELEMENTS (certificate_fids); i++)
    content->efs[i] = read_ef (card, certificate_fids[i]);
}

static void
card_content_clear (CardContent *content)
{
  for (guint i = 0; i < G_N_ELEMENTS (content->efs); i++)
    g_clear_pointer (&content->efs[i], g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CardContent, card_content_clear)

static void
assert_same_content (CardContent *a, CardContent *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (a->efs); i++)
    {
      g_assert_true ((a->efs[i] == NULL) == (b->efs[i] == NULL));
      if (a->efs[i] != NULL)
        g_assert_true (g_bytes_equal (a->efs[i], b->efs[i]));
    }
}

/* --- card id and challenge --------------------------------------------------------------- */

static void
test_card_id (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (KioskVirtualCard) other = kiosk_test_cards_new_card ("expired");

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  kiosk_assert_sw (other, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_autoptr (GBytes) id = get_card_id (card);
  g_autoptr (GBytes) other_id = get_card_id (other);

  /* SHA-256("madoguchi virtual card " || profile name), first 16 bytes, with no PIN verified */
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_checksum_update (checksum, (const guchar *)"madoguchi virtual card valid", -1);
  g_checksum_get_digest (checksum, digest, &digest_len);
  g_assert_cmpmem (g_bytes_get_data (id, NULL), g_bytes_get_size (id), digest, 16);
  g_assert_true (g_bytes_equal (id, kiosk_virtual_card_get_card_id (card)));
  g_assert_false (g_bytes_equal (id, other_id));

  g_autoptr (GBytes) unknown = send_expect (card, "00 CA 01 02 00", 0x6A88);
  g_autoptr (GBytes) with_data = send_expect (card, "00 CA 01 01 01 00 00", 0x6700);
}

static void
test_card_id_needs_ap (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) none = send_expect (card, "00 CA 01 01 00", 0x6986);
  g_autoptr (GBytes) no_challenge = send_expect (card, "00 84 00 00 08", 0x6986);
}

static void
test_challenge_fresh (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_autoptr (GBytes) first = get_challenge (card);
  g_autoptr (GBytes) second = get_challenge (card);
  g_assert_false (g_bytes_equal (first, second));
  g_autoptr (GBytes) wrong_le = send_expect (card, "00 84 00 00 10", 0x6700);
  g_autoptr (GBytes) wrong_p1 = send_expect (card, "00 84 01 00 08", 0x6A86);
}

/* --- EXTERNAL AUTHENTICATE ---------------------------------------------------------------- */

static void
test_external_authenticate_valid (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_false (kiosk_virtual_card_is_managing (card));
  open_management (card, SESSION);
}

static void
test_external_authenticate_forged (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  guint8 forged[32];

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_autoptr (GBytes) key = card_key (card);
  g_autoptr (GBytes) challenge = get_challenge (card);
  for (guint i = 0; i < sizeof forged; i++)
    forged[i] = (guint8)g_random_int ();
  g_autoptr (GBytes) forged_bytes = g_bytes_new (forged, sizeof forged);
  g_assert_cmphex (external_authenticate (card, SESSION, forged_bytes), ==, 0x6982);
  g_assert_false (kiosk_virtual_card_is_managing (card));

  /* The challenge went with the failed try: even the right cryptogram for it is refused. */
  g_autoptr (GBytes) right = kiosk_card_management_cryptogram (key, challenge, SESSION);
  g_assert_cmphex (external_authenticate (card, SESSION, right), ==, 0x6982);
  g_assert_false (kiosk_virtual_card_is_managing (card));
}

static void
test_external_authenticate_replayed (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_autoptr (GBytes) key = card_key (card);
  g_autoptr (GBytes) challenge = get_challenge (card);
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (key, challenge, SESSION);
  g_assert_cmphex (external_authenticate (card, SESSION, cryptogram), ==, 0x9000);

  /* The same cryptogram again: straight after, and after a new challenge in a new session. */
  g_assert_cmphex (external_authenticate (card, SESSION, cryptogram), ==, 0x6982);
  g_assert_false (kiosk_virtual_card_is_managing (card));
  kiosk_virtual_card_reset (card);
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_autoptr (GBytes) next = get_challenge (card);
  g_assert_cmphex (external_authenticate (card, SESSION, cryptogram), ==, 0x6982);
  g_assert_false (kiosk_virtual_card_is_managing (card));
}

static void
test_external_authenticate_stale (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_autoptr (GBytes) key = card_key (card);
  g_autoptr (GBytes) challenge = get_challenge (card);
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (key, challenge, SESSION);

  /* Any command between GET CHALLENGE and EXTERNAL AUTHENTICATE spends the challenge. */
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 0A", 0x9000);
  g_assert_cmphex (external_authenticate (card, SESSION, cryptogram), ==, 0x6982);
  g_assert_false (kiosk_virtual_card_is_managing (card));
}

static void
test_external_authenticate_no_challenge (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) zero = g_bytes_new_static ("\0\0\0\0\0\0\0\0", 8);

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_autoptr (GBytes) key = card_key (card);
  /* The cryptogram a forger would try for an all-zero challenge the card never gave. */
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (key, zero, SESSION);
  g_assert_cmphex (external_authenticate (card, SESSION, cryptogram), ==, 0x6982);
  g_assert_false (kiosk_virtual_card_is_managing (card));
}

static void
test_external_authenticate_wrong_session (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_autoptr (GBytes) key = card_key (card);
  g_autoptr (GBytes) challenge = get_challenge (card);
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (key, challenge, SESSION);
  g_assert_cmphex (external_authenticate (card, "session-0002", cryptogram), ==, 0x6982);
  g_assert_false (kiosk_virtual_card_is_managing (card));
}

static void
test_external_authenticate_other_card (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (KioskVirtualCard) other = kiosk_test_cards_new_card ("expired");

  kiosk_assert_sw (other, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_autoptr (GBytes) other_key = card_key (other);
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_autoptr (GBytes) challenge = get_challenge (card);
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (other_key, challenge, SESSION);
  g_assert_cmphex (external_authenticate (card, SESSION, cryptogram), ==, 0x6982);
  g_assert_false (kiosk_virtual_card_is_managing (card));
}

static void
test_external_authenticate_wrong_length (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_autoptr (GBytes) key = card_key (card);
  g_autoptr (GBytes) challenge = get_challenge (card);
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (key, challenge, SESSION);
  g_autoptr (GBytes) short_cryptogram = g_bytes_new (g_bytes_get_data (cryptogram, NULL), 31);
  g_assert_cmphex (external_authenticate (card, SESSION, short_cryptogram), ==, 0x6700);
  /* … and the challenge is gone with it. */
  g_assert_cmphex (external_authenticate (card, SESSION, cryptogram), ==, 0x6982);
  g_assert_false (kiosk_virtual_card_is_managing (card));
}

/* --- Commands that need the management state ---------------------------------------------- */

static void
test_commands_need_management (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  kiosk_assert_sw (card, "00 46 00 17 00", 0x6982);
  kiosk_assert_sw (card, "00 46 00 1A 00", 0x6982);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 0A", 0x9000);
  kiosk_assert_sw (card, "00 D6 00 00 03 30 01 00", 0x6982);
  kiosk_assert_sw (card, "00 44 00 00", 0x6982);
  /* A verified PIN is not the management state. */
  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x9000);
  kiosk_assert_sw (card, "00 46 00 17 00", 0x6982);
  kiosk_assert_sw (card, "00 44 00 00", 0x6982);
  /* CHANGE without the management state still needs a VERIFY of that PIN. */
  kiosk_test_select_ef (card, "00 1B");
  kiosk_assert_sw (card, "00 24 01 80 06 58 59 5A 37 38 39", 0x6982);
}

static void
test_generate_key_pair (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  GBytes *old_auth = kiosk_virtual_card_get_auth_certificate (card);
  GBytes *old_sign = kiosk_virtual_card_get_sign_certificate (card);

  open_management (card, SESSION);
  g_autoptr (GBytes) auth = generate (card, "17");
  g_autoptr (GBytes) sign = generate (card, "1A");
  g_assert_false (g_bytes_equal (auth, sign));
  g_assert_false (modulus_matches_certificate (auth, old_auth));
  g_assert_false (modulus_matches_certificate (auth, old_sign));
  g_assert_false (modulus_matches_certificate (sign, old_sign));
  g_assert_false (modulus_matches_certificate (sign, old_auth));
  kiosk_assert_sw (card, "00 46 00 18 00", 0x6A86);
  kiosk_assert_sw (card, "00 46 01 17 00", 0x6A86);
  kiosk_assert_sw (card, "00 46 00 17 10", 0x6700);

  /* Pending only: the old key still signs for the old certificate. */
  assert_signs_for (card, "00 18", "1234", "00 17", old_auth);
}

static void
test_update_binary_limits (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  open_management (card, SESSION);
  kiosk_assert_sw (card, "00 D6 00 00 01 30", 0x6986); /* no current EF yet */
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 0A", 0x9000);
  kiosk_assert_sw (card, "00 D6 10 00 01 30", 0x6B00);    /* offset 4096 */
  kiosk_assert_sw (card, "00 D6 0F FF 02 30 30", 0x6700); /* 4095 + 2 > 4096 */
  kiosk_assert_sw (card, "00 D6 0F FF 01 30", 0x9000);    /* the last byte */
  kiosk_assert_sw (card, "00 D6 80 00 01 30", 0x6A86);    /* SFI */
  kiosk_assert_sw (card, "00 D6 00 00", 0x6700);          /* no data */
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 06", 0x9000);
  kiosk_assert_sw (card, "00 D6 00 00 01 30", 0x6981); /* the token is not writable */
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 17", 0x9000);
  kiosk_assert_sw (card, "00 D6 00 00 01 30", 0x6981); /* nor a key */
}

static void
test_activate_mismatch (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_auto (CardContent) before = { 0 };
  g_auto (CardContent) after = { 0 };

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  card_content_read (card, "ABC123", &before);
  open_management (card, SESSION);
  g_autoptr (GBytes) auth = generate (card, "17");
  g_autoptr (GBytes) sign = generate (card, "1A");
  g_autoptr (EVP_PKEY) auth_key = key_from_modulus (auth);
  g_autoptr (EVP_PKEY) sign_key = key_from_modulus (sign);
  /* Swapped: each certificate binds the other role's new key. */
  g_autoptr (GBytes) auth_cert = issue (card, KIOSK_TEST_CA_ROLE_AUTH, sign_key);
  g_autoptr (GBytes) sign_cert = issue (card, KIOSK_TEST_CA_ROLE_SIGN, auth_key);
  write_ef (card, "00 0A", auth_cert);
  write_ef (card, "00 01", sign_cert);
  kiosk_assert_sw (card, "00 44 00 00", 0x6985);

  /* A pending key without a certificate fails the same way. */
  g_autoptr (GBytes) right_auth = issue (card, KIOSK_TEST_CA_ROLE_AUTH, auth_key);
  write_ef (card, "00 0A", right_auth);
  kiosk_assert_sw (card, "00 44 00 00", 0x6985);

  kiosk_virtual_card_reset (card);
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  card_content_read (card, "ABC123", &after);
  assert_same_content (&before, &after);
  assert_signs_for (card, "00 18", "1234", "00 17", before.efs[0]);
  assert_signs_for (card, "00 1B", "ABC123", "00 1A", before.efs[2]);
}

/* Generates both keys, issues and writes their certificates (and the CAs): all pending. */
static void
stage_renewal (KioskVirtualCard *card, GBytes **auth_cert_out, GBytes **sign_cert_out)
{
  KioskTestCa *ca = kiosk_test_cards_get_ca ();
  g_autoptr (GBytes) auth = generate (card, "17");
  g_autoptr (GBytes) sign = generate (card, "1A");
  g_autoptr (EVP_PKEY) auth_key = key_from_modulus (auth);
  g_autoptr (EVP_PKEY) sign_key = key_from_modulus (sign);
  GBytes *auth_cert = issue (card, KIOSK_TEST_CA_ROLE_AUTH, auth_key);
  GBytes *sign_cert = issue (card, KIOSK_TEST_CA_ROLE_SIGN, sign_key);

  write_ef (card, "00 0A", auth_cert);
  write_ef (card, "00 0B", kiosk_test_ca_get_auth_ca_der (ca));
  write_ef (card, "00 01", sign_cert);
  write_ef (card, "00 02", kiosk_test_ca_get_sign_ca_der (ca));
  *auth_cert_out = auth_cert;
  *sign_cert_out = sign_cert;
}

static void
test_reset_before_activate (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_auto (CardContent) before = { 0 };
  g_auto (CardContent) after = { 0 };
  g_autoptr (GBytes) auth_cert = NULL;
  g_autoptr (GBytes) sign_cert = NULL;

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  card_content_read (card, "ABC123", &before);
  open_management (card, SESSION);
  stage_renewal (card, &auth_cert, &sign_cert);
  kiosk_virtual_card_reset (card);
  g_assert_false (kiosk_virtual_card_is_managing (card));

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  card_content_read (card, "ABC123", &after);
  assert_same_content (&before, &after);
  assert_signs_for (card, "00 18", "1234", "00 17", before.efs[0]);
  /* The pending data is gone, not waiting: ACTIVATE needs a new management state. */
  kiosk_assert_sw (card, "00 44 00 00", 0x6982);
}

static void
test_reselect_ends_management (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) auth_cert = NULL;
  g_autoptr (GBytes) sign_cert = NULL;

  open_management (card, SESSION);
  stage_renewal (card, &auth_cert, &sign_cert);
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_assert_false (kiosk_virtual_card_is_managing (card));
  kiosk_assert_sw (card, "00 44 00 00", 0x6982);
  g_assert_false (g_bytes_equal (kiosk_virtual_card_get_auth_certificate (card), auth_cert));

  /* A new management state starts with nothing pending: ACTIVATE changes nothing. */
  open_management (card, SESSION);
  kiosk_assert_sw (card, "00 44 00 00", 0x9000);
  g_assert_false (g_bytes_equal (kiosk_virtual_card_get_auth_certificate (card), auth_cert));
}

static void
test_other_ap_ends_management (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) auth_cert = NULL;
  g_autoptr (GBytes) sign_cert = NULL;

  open_management (card, SESSION);
  stage_renewal (card, &auth_cert, &sign_cert);
  /* The card-info AP (券面事項入力補助AP): the card leaves the JPKI AP and its state. */
  kiosk_assert_sw (card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08", 0x6A82);
  g_assert_false (kiosk_virtual_card_is_managing (card));
  open_management (card, SESSION);
  kiosk_assert_sw (card, "00 44 00 00", 0x9000);
  g_assert_false (g_bytes_equal (kiosk_virtual_card_get_auth_certificate (card), auth_cert));
}

static void
test_failed_authenticate_ends_management (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) auth_cert = NULL;
  g_autoptr (GBytes) sign_cert = NULL;
  g_autoptr (GBytes) forged = g_bytes_new_take (g_malloc0 (32), 32);

  open_management (card, SESSION);
  stage_renewal (card, &auth_cert, &sign_cert);
  g_autoptr (GBytes) challenge = get_challenge (card);
  g_assert_cmphex (external_authenticate (card, SESSION, forged), ==, 0x6982);
  g_assert_false (kiosk_virtual_card_is_managing (card));
  kiosk_assert_sw (card, "00 44 00 00", 0x6982);
  g_assert_false (g_bytes_equal (kiosk_virtual_card_get_auth_certificate (card), auth_cert));
}

static void
test_activate_renews (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) auth_cert = NULL;
  g_autoptr (GBytes) sign_cert = NULL;
  g_auto (CardContent) after = { 0 };
  KioskTestCa *ca = kiosk_test_cards_get_ca ();

  open_management (card, SESSION);
  stage_renewal (card, &auth_cert, &sign_cert);
  kiosk_assert_sw (card, "00 44 00 00", 0x9000);

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  card_content_read (card, "ABC123", &after);
  g_assert_true (g_bytes_equal (after.efs[0], auth_cert));
  g_assert_true (g_bytes_equal (after.efs[1], kiosk_test_ca_get_auth_ca_der (ca)));
  g_assert_true (g_bytes_equal (after.efs[2], sign_cert));
  g_assert_true (g_bytes_equal (after.efs[3], kiosk_test_ca_get_sign_ca_der (ca)));
  assert_signs_for (card, "00 18", "1234", "00 17", auth_cert);
  assert_signs_for (card, "00 1B", "ABC123", "00 1A", sign_cert);
}

static void
test_change_in_management (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("pin-locked");

  kiosk_test_select_ef (card, "00 18");
  kiosk_assert_sw (card, "00 20 00 80", 0x63C0);
  open_management (card, SESSION);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 18", 0x9000);
  kiosk_assert_sw (card, "00 24 01 80 03 35 36 37", 0x6A80); /* 3 digits */
  kiosk_assert_sw (card, "00 24 01 80 04 35 36 37 38", 0x9000);
  kiosk_assert_sw (card, "00 20 00 80", 0x63C3);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 1B", 0x9000);
  kiosk_assert_sw (card, "00 24 01 80 06 58 59 5A 37 38 39", 0x9000); /* XYZ789 */

  kiosk_virtual_card_reset (card);
  g_assert_cmphex (kiosk_test_verify (card, "00 18", "5678"), ==, 0x9000);
  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "XYZ789"), ==, 0x9000);
  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x63C2);
}

static void
test_first_sign_key (void)
{
  g_autoptr (KioskVirtualCard) card
             = kiosk_test_cards_new_card_from_text ("auth-only", "[card]\ncertificates=auth\n");
  KioskTestCa *ca = kiosk_test_cards_get_ca ();

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 1B", 0x6A82);
  open_management (card, SESSION);
  g_autoptr (GBytes) sign = generate (card, "1A");
  g_autoptr (EVP_PKEY) sign_key = key_from_modulus (sign);
  g_autoptr (GBytes) sign_cert = issue (card, KIOSK_TEST_CA_ROLE_SIGN, sign_key);
  write_ef (card, "00 01", sign_cert);
  write_ef (card, "00 02", kiosk_test_ca_get_sign_ca_der (ca));
  kiosk_assert_sw (card, "00 44 00 00", 0x9000);

  /* 001B exists now, with no password until the issuer sets it. */
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 1B", 0x9000);
  kiosk_assert_sw (card, "00 20 00 80", 0x63C5);
  kiosk_assert_sw (card, "00 20 00 80 06 41 42 43 31 32 33", 0x6985);
  kiosk_assert_sw (card, "00 24 01 80 06 58 59 5A 37 38 39", 0x9000);

  kiosk_virtual_card_reset (card);
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  assert_signs_for (card, "00 1B", "XYZ789", "00 1A", sign_cert);
  g_autoptr (GBytes) read_back = read_ef (card, "00 01");
  g_assert_true (g_bytes_equal (read_back, sign_cert));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cardio/virtual/management/card-id", test_card_id);
  g_test_add_func ("/cardio/virtual/management/card-id-needs-ap", test_card_id_needs_ap);
  g_test_add_func ("/cardio/virtual/management/challenge-fresh", test_challenge_fresh);
  g_test_add_func ("/cardio/virtual/management/external-authenticate/valid",
                   test_external_authenticate_valid);
  g_test_add_func ("/cardio/virtual/management/external-authenticate/forged",
                   test_external_authenticate_forged);
  g_test_add_func ("/cardio/virtual/management/external-authenticate/replayed",
                   test_external_authenticate_replayed);
  g_test_add_func ("/cardio/virtual/management/external-authenticate/stale",
                   test_external_authenticate_stale);
  g_test_add_func ("/cardio/virtual/management/external-authenticate/no-challenge",
                   test_external_authenticate_no_challenge);
  g_test_add_func ("/cardio/virtual/management/external-authenticate/wrong-session",
                   test_external_authenticate_wrong_session);
  g_test_add_func ("/cardio/virtual/management/external-authenticate/other-card",
                   test_external_authenticate_other_card);
  g_test_add_func ("/cardio/virtual/management/external-authenticate/wrong-length",
                   test_external_authenticate_wrong_length);
  g_test_add_func ("/cardio/virtual/management/needs-management-state",
                   test_commands_need_management);
  g_test_add_func ("/cardio/virtual/management/generate-key-pair", test_generate_key_pair);
  g_test_add_func ("/cardio/virtual/management/update-binary-limits", test_update_binary_limits);
  g_test_add_func ("/cardio/virtual/management/activate-mismatch", test_activate_mismatch);
  g_test_add_func ("/cardio/virtual/management/reset-before-activate", test_reset_before_activate);
  g_test_add_func ("/cardio/virtual/management/reselect-ends-management",
                   test_reselect_ends_management);
  g_test_add_func ("/cardio/virtual/management/other-ap-ends-management",
                   test_other_ap_ends_management);
  g_test_add_func ("/cardio/virtual/management/failed-authenticate-ends-management",
                   test_failed_authenticate_ends_management);
  g_test_add_func ("/cardio/virtual/management/activate-renews", test_activate_renews);
  g_test_add_func ("/cardio/virtual/management/change-in-management", test_change_in_management);
  g_test_add_func ("/cardio/virtual/management/first-sign-key", test_first_sign_key);

  return g_test_run ();
}
