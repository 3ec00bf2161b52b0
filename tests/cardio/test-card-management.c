/* test-card-management.c: the card management crypto, the test CA's management material, and the
 * host side of the management commands (APDUs as sent, status words as errors)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <openssl/x509.h>
#include <string.h>

#include "cardio-test-util.h"
#include "kiosk-card-error.h"
#include "kiosk-card-management.h"
#include "kiosk-jpki.h"

#define LABEL "madoguchi card management v1"

/* HMAC-SHA256 by GLib's own implementation: an independent reference for the OpenSSL one. */
static GBytes *
reference_hmac (GBytes *key, const void *first, gsize first_len, const void *second,
                gsize second_len)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  g_byte_array_append (data, first, first_len);
  g_byte_array_append (data, second, second_len);

  g_autoptr (GHmac) hmac
             = g_hmac_new (G_CHECKSUM_SHA256, g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  guint8 digest[32];
  gsize len = sizeof digest;
  g_hmac_update (hmac, data->data, data->len);
  g_hmac_get_digest (hmac, digest, &len);
  return g_bytes_new (digest, len);
}

static GBytes *
random_bytes (gsize len)
{
  guint8 *data = g_malloc (len);
  for (gsize i = 0; i < len; i++)
    data[i] = (guint8)g_random_int ();
  return g_bytes_new_take (data, len);
}

static void
test_derive_key (void)
{
  g_autoptr (GBytes) master = random_bytes (32);
  g_autoptr (GBytes) card_id = random_bytes (16);
  g_autoptr (GBytes) key = kiosk_card_management_derive_key (master, card_id);
  g_autoptr (GBytes) expected
             = reference_hmac (master, LABEL, strlen (LABEL), g_bytes_get_data (card_id, NULL), 16);

  g_assert_cmpuint (g_bytes_get_size (key), ==, 32);
  g_assert_true (g_bytes_equal (key, expected));
}

static void
test_derive_key_per_card (void)
{
  g_autoptr (GBytes) master = random_bytes (32);
  g_autoptr (GBytes) other_master = random_bytes (32);
  g_autoptr (GBytes) card_a = random_bytes (16);
  g_autoptr (GBytes) card_b = random_bytes (16);
  g_autoptr (GBytes) key_a = kiosk_card_management_derive_key (master, card_a);
  g_autoptr (GBytes) key_a_again = kiosk_card_management_derive_key (master, card_a);
  g_autoptr (GBytes) key_b = kiosk_card_management_derive_key (master, card_b);
  g_autoptr (GBytes) key_a_other = kiosk_card_management_derive_key (other_master, card_a);

  g_assert_true (g_bytes_equal (key_a, key_a_again));
  g_assert_false (g_bytes_equal (key_a, key_b));
  g_assert_false (g_bytes_equal (key_a, key_a_other));
}

static void
test_cryptogram (void)
{
  g_autoptr (GBytes) key = random_bytes (32);
  g_autoptr (GBytes) challenge = random_bytes (8);
  const char *session = "S-2026-11-25/0001";
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (key, challenge, session);
  g_autoptr (GBytes) expected = reference_hmac (key, g_bytes_get_data (challenge, NULL), 8, session,
                                                strlen (session));

  g_assert_cmpuint (g_bytes_get_size (cryptogram), ==, 32);
  g_assert_true (g_bytes_equal (cryptogram, expected));
}

static void
test_cryptogram_binds_everything (void)
{
  g_autoptr (GBytes) key = random_bytes (32);
  g_autoptr (GBytes) other_key = random_bytes (32);
  g_autoptr (GBytes) challenge = random_bytes (8);
  g_autoptr (GBytes) other_challenge = random_bytes (8);
  g_autoptr (GBytes) base = kiosk_card_management_cryptogram (key, challenge, "a");
  g_autoptr (GBytes) by_session = kiosk_card_management_cryptogram (key, challenge, "b");
  g_autoptr (GBytes) by_challenge = kiosk_card_management_cryptogram (key, other_challenge, "a");
  g_autoptr (GBytes) by_key = kiosk_card_management_cryptogram (other_key, challenge, "a");

  g_assert_false (g_bytes_equal (base, by_session));
  g_assert_false (g_bytes_equal (base, by_challenge));
  g_assert_false (g_bytes_equal (base, by_key));
}

static void
test_session_id_valid (void)
{
  g_autofree char *longest = g_strnfill (64, 'Z');

  g_assert_true (kiosk_card_management_session_id_is_valid ("a"));
  g_assert_true (kiosk_card_management_session_id_is_valid ("with space ~!"));
  g_assert_true (kiosk_card_management_session_id_is_valid (longest));
  g_assert_true (kiosk_card_management_session_id_bytes_are_valid ((const guint8 *)"ab", 2));
}

static void
test_session_id_invalid (void)
{
  g_autofree char *too_long = g_strnfill (65, 'Z');

  g_assert_false (kiosk_card_management_session_id_is_valid (NULL));
  g_assert_false (kiosk_card_management_session_id_is_valid (""));
  g_assert_false (kiosk_card_management_session_id_is_valid (too_long));
  g_assert_false (kiosk_card_management_session_id_is_valid ("tab\there"));
  g_assert_false (kiosk_card_management_session_id_is_valid ("caf\xc3\xa9"));
  g_assert_false (kiosk_card_management_session_id_is_valid ("del\x7f"));
  g_assert_false (kiosk_card_management_session_id_bytes_are_valid ((const guint8 *)"a\0b", 3));
}

static void
test_ca_master_key (void)
{
  KioskTestCa *ca = cardio_test_get_ca ();
  g_autofree char *path = g_build_filename (cardio_test_ca_dir (), "management-master.key", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, ==, 32);
  GBytes *master = kiosk_test_ca_get_management_master_key (ca);
  g_assert_cmpmem (g_bytes_get_data (master, NULL), g_bytes_get_size (master), contents, len);

  /* Not a constant: the build drew it at random (all-zero would mean it never did). */
  static const guint8 zero[32] = { 0 };
  g_assert_true (memcmp (contents, zero, sizeof zero) != 0);
}

static void
test_ca_issuing_material (void)
{
  KioskTestCa *ca = cardio_test_get_ca ();
  const KioskTestCaRole roles[] = { KIOSK_TEST_CA_ROLE_AUTH, KIOSK_TEST_CA_ROLE_SIGN };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      X509 *cert = kiosk_test_ca_get_ca_certificate (ca, roles[i]);
      EVP_PKEY *key = kiosk_test_ca_get_ca_key (ca, roles[i]);
      GBytes *der = roles[i] == KIOSK_TEST_CA_ROLE_AUTH ? kiosk_test_ca_get_auth_ca_der (ca)
                                                        : kiosk_test_ca_get_sign_ca_der (ca);
      unsigned char *cert_der = NULL;
      int cert_len = i2d_X509 (cert, &cert_der);

      g_assert_cmpint (X509_check_private_key (cert, key), ==, 1);
      g_assert_cmpmem (cert_der, cert_len, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
      OPENSSL_free (cert_der);
    }
  g_assert_true (kiosk_test_ca_get_ca_key (ca, KIOSK_TEST_CA_ROLE_AUTH)
                 != kiosk_test_ca_get_ca_key (ca, KIOSK_TEST_CA_ROLE_SIGN));
}

/* --- Host side, with a scripted or virtual card --------------------------------------------- */

static GBytes *
status_responder (const guint8 *command, gsize command_len, gpointer user_data, GError **error)
{
  return cardio_test_response (NULL, 0, GPOINTER_TO_UINT (user_data));
}

static void
test_host_apdus (void)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (TestTransport) t = test_transport_new_for_card (card);
  KioskCardTransport *transport = KIOSK_CARD_TRANSPORT (t);
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_jpki_select_ap (transport, NULL, &error));
  g_autoptr (GBytes) id = kiosk_jpki_get_card_id (transport, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (id, kiosk_virtual_card_get_card_id (card)));
  g_autoptr (GBytes) challenge = kiosk_jpki_get_challenge (transport, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (challenge), ==, 8);

  g_autoptr (GBytes) key = kiosk_card_management_derive_key (
      kiosk_test_ca_get_management_master_key (cardio_test_get_ca ()), id);
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (key, challenge, "AB");
  g_assert_true (kiosk_jpki_external_authenticate (transport, "AB", cryptogram, NULL, &error));
  g_assert_no_error (error);

  test_transport_assert_command (t, 1, "00 CA 01 01 00");
  test_transport_assert_command (t, 2, "00 84 00 00 08");
  GBytes *sent = g_ptr_array_index (test_transport_get_commands (t), 3);
  g_assert_cmpuint (g_bytes_get_size (sent), ==, 5 + 1 + 2 + 32);
  g_assert_cmpmem (g_bytes_get_data (sent, NULL), 8, "\x00\x82\x00\x00\x23\x02\x41\x42", 8);
  g_assert_cmpmem ((const guint8 *)g_bytes_get_data (sent, NULL) + 8, 32,
                   g_bytes_get_data (cryptogram, NULL), 32);

  g_autoptr (GBytes) modulus
             = kiosk_jpki_generate_key_pair (transport, KIOSK_JPKI_SIGN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (modulus), ==, 256);
  test_transport_assert_command (t, 4, "00 46 00 1A 00");
}

static void
test_host_write_chunks (void)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (TestTransport) t = test_transport_new_for_card (card);
  KioskCardTransport *transport = KIOSK_CARD_TRANSPORT (t);
  g_autoptr (GError) error = NULL;
  guint8 content[600];

  for (guint i = 0; i < sizeof content; i++)
    content[i] = (guint8)i;
  g_autoptr (GBytes) bytes = g_bytes_new (content, sizeof content);

  /* Outside the management state the first UPDATE BINARY is refused, as a typed error. */
  g_assert_true (kiosk_jpki_select_ap (transport, NULL, &error));
  g_assert_false (kiosk_jpki_write_ef (transport, KIOSK_JPKI_EF_AUTH_CERT, bytes, NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED);
  g_clear_error (&error);

  GPtrArray *commands = test_transport_get_commands (t);
  guint first = commands->len;
  g_autoptr (GBytes) id = kiosk_jpki_get_card_id (transport, NULL, &error);
  g_autoptr (GBytes) challenge = kiosk_jpki_get_challenge (transport, NULL, &error);
  g_autoptr (GBytes) key = kiosk_card_management_derive_key (
      kiosk_test_ca_get_management_master_key (cardio_test_get_ca ()), id);
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (key, challenge, "S");
  g_assert_true (kiosk_jpki_external_authenticate (transport, "S", cryptogram, NULL, &error));
  g_assert_true (kiosk_jpki_write_ef (transport, KIOSK_JPKI_EF_AUTH_CA, bytes, NULL, &error));
  g_assert_no_error (error);

  /* SELECT, then 255 + 255 + 90 bytes at offsets 0, 255, 510. */
  test_transport_assert_command (t, first + 3, "00 A4 02 0C 02 00 0B");
  const guint offsets[] = { 0, 255, 510 };
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      GBytes *sent = g_ptr_array_index (commands, first + 4 + i);
      const guint8 *apdu = g_bytes_get_data (sent, NULL);
      gsize chunk = MIN (255, sizeof content - offsets[i]);
      g_assert_cmpuint (g_bytes_get_size (sent), ==, 5 + chunk);
      g_assert_cmphex (apdu[1], ==, 0xD6);
      g_assert_cmpuint ((guint)(apdu[2] << 8 | apdu[3]), ==, offsets[i]);
      g_assert_cmpuint (apdu[4], ==, chunk);
      g_assert_cmpmem (apdu + 5, chunk, content + offsets[i], chunk);
    }
  g_assert_cmpuint (commands->len, ==, first + 7);

  /* Too large for the card: refused before anything is sent. */
  g_autoptr (GBytes) huge = g_bytes_new_take (g_malloc0 (4097), 4097);
  g_assert_false (kiosk_jpki_write_ef (transport, KIOSK_JPKI_EF_AUTH_CA, huge, NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_LENGTH);
  g_assert_cmpuint (commands->len, ==, first + 7);
}

static void
test_host_errors (void)
{
  g_autoptr (TestTransport) refusing
             = test_transport_new (status_responder, GUINT_TO_POINTER (0x6982));
  g_autoptr (TestTransport) conditions
             = test_transport_new (status_responder, GUINT_TO_POINTER (0x6985));
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) none = NULL;

  g_assert_false (kiosk_jpki_activate (KIOSK_CARD_TRANSPORT (refusing), NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED);
  g_clear_error (&error);
  none = kiosk_jpki_generate_key_pair (KIOSK_CARD_TRANSPORT (refusing), KIOSK_JPKI_AUTH, NULL,
                                       &error);
  g_assert_null (none);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED);
  g_clear_error (&error);
  g_assert_false (kiosk_jpki_activate (KIOSK_CARD_TRANSPORT (conditions), NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_COMMAND_FAILED);
  g_assert_nonnull (strstr (error->message, "6985"));
  g_clear_error (&error);

  /* A session id the card would refuse is refused before anything is sent. */
  g_autoptr (GBytes) cryptogram = g_bytes_new_take (g_malloc0 (32), 32);
  g_autofree char *too_long = g_strnfill (65, 'x');
  g_assert_false (kiosk_jpki_external_authenticate (KIOSK_CARD_TRANSPORT (refusing), too_long,
                                                    cryptogram, NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_LENGTH);
  g_assert_cmpuint (test_transport_get_commands (refusing)->len, ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cardio/management/derive-key/matches-hmac", test_derive_key);
  g_test_add_func ("/cardio/management/derive-key/per-card", test_derive_key_per_card);
  g_test_add_func ("/cardio/management/cryptogram/matches-hmac", test_cryptogram);
  g_test_add_func ("/cardio/management/cryptogram/binds-key-challenge-session",
                   test_cryptogram_binds_everything);
  g_test_add_func ("/cardio/management/session-id/valid", test_session_id_valid);
  g_test_add_func ("/cardio/management/session-id/invalid", test_session_id_invalid);
  g_test_add_func ("/cardio/management/test-ca/master-key", test_ca_master_key);
  g_test_add_func ("/cardio/management/test-ca/issuing-material", test_ca_issuing_material);
  g_test_add_func ("/cardio/management/host/apdus", test_host_apdus);
  g_test_add_func ("/cardio/management/host/write-chunks", test_host_write_chunks);
  g_test_add_func ("/cardio/management/host/errors", test_host_errors);

  return g_test_run ();
}
