/* test-certificate.c: certificates from the card (KioskCertificate) and trust (KioskTrustStore)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <string.h>

#include "cardio-test-util.h"
#include "kiosk-card-error.h"
#include "kiosk-certificate.h"
#include "kiosk-jpki.h"
#include "kiosk-trust-store.h"

static KioskCertificate *
certificate_of (GBytes *der)
{
  g_autoptr (GError) error = NULL;
  KioskCertificate *cert = kiosk_certificate_new_from_der (der, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cert);
  return cert;
}

static KioskCertificate *
auth_certificate_of_profile (const char *profile)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new (profile);

  return certificate_of (kiosk_virtual_card_get_auth_certificate (card));
}

/* What OpenSSL itself prints for a time, e.g. "Jul 23 14:59:59 2030 GMT". */
static char *
asn1_time_text (const ASN1_TIME *time)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data;
  long len;
  char *text;

  g_assert_cmpint (ASN1_TIME_print (bio, time), ==, 1);
  len = BIO_get_mem_data (bio, &data);
  text = g_strndup (data, len);
  BIO_free (bio);
  return text;
}

/* The serial's magnitude bytes in hex, without leading zeros: not through BIGNUM. */
static char *
serial_hex_of (X509 *x509)
{
  const ASN1_INTEGER *serial = X509_get0_serialNumber (x509);
  const unsigned char *bytes = ASN1_STRING_get0_data (serial);
  int len = ASN1_STRING_length (serial);
  GString *hex = g_string_new (NULL);

  for (int i = 0; i < len; i++)
    if (hex->len > 0 || bytes[i] != 0)
      g_string_append_printf (hex, "%02X", bytes[i]);
  return g_string_free (hex, FALSE);
}

/* A self-signed EC certificate (fast to make) with a Japanese common name. */
static GBytes *
make_utf8_certificate (void)
{
  EVP_PKEY *key = EVP_EC_gen ("P-256");
  X509 *x509 = X509_new ();
  X509_NAME *name = X509_NAME_new ();
  BIGNUM *bn = NULL;
  unsigned char *der = NULL;
  int len;

  g_assert_nonnull (key);
  X509_set_version (x509, 2);
  BN_hex2bn (&bn, "0123456789ABCDEF");
  BN_to_ASN1_INTEGER (bn, X509_get_serialNumber (x509));
  BN_free (bn);
  X509_NAME_add_entry_by_txt (name, "C", MBSTRING_UTF8, (const unsigned char *)"JP", -1, -1, 0);
  X509_NAME_add_entry_by_txt (name, "O", MBSTRING_UTF8,
                              (const unsigned char *)"公的個人認証サービス", -1, -1, 0);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8, (const unsigned char *)"柏 花子", -1, -1,
                              0);
  X509_set_subject_name (x509, name);
  X509_set_issuer_name (x509, name);
  X509_gmtime_adj (X509_getm_notBefore (x509), 0);
  X509_gmtime_adj (X509_getm_notAfter (x509), 3600);
  X509_set_pubkey (x509, key);
  g_assert_cmpint (X509_sign (x509, key, EVP_sha256 ()), >, 0);

  len = i2d_X509 (x509, &der);
  g_assert_cmpint (len, >, 0);
  GBytes *bytes = g_bytes_new (der, len);

  OPENSSL_free (der);
  X509_NAME_free (name);
  X509_free (x509);
  EVP_PKEY_free (key);
  return bytes;
}

/* Parsing */

static void
test_parse_card_certificate (void)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  GBytes *der = kiosk_virtual_card_get_auth_certificate (card);
  g_autoptr (KioskCertificate) cert = certificate_of (der);
  g_autoptr (KioskCertificate) ca
             = certificate_of (kiosk_test_ca_get_auth_ca_der (cardio_test_get_ca ()));
  X509 *x509 = _kiosk_certificate_get_x509 (cert);

  g_assert_true (g_bytes_equal (kiosk_certificate_get_der (cert), der));
  /* RFC 2253 lists the most specific RDN first: C=JP, CN=<id> reads "CN=…,C=JP" */
  g_assert_true (g_str_has_prefix (kiosk_certificate_get_subject (cert), "CN="));
  g_assert_true (g_str_has_suffix (kiosk_certificate_get_subject (cert), ",C=JP"));
  /* issued by the test auth CA */
  g_assert_cmpstr (kiosk_certificate_get_issuer (cert), ==, kiosk_certificate_get_subject (ca));
  g_assert_cmpstr (kiosk_certificate_get_issuer (ca), ==, kiosk_certificate_get_subject (ca));

  g_autofree char *serial = serial_hex_of (x509);
  const char *shown = kiosk_certificate_get_serial (cert);
  while (*shown == '0' && shown[1] != '\0')
    shown++;
  g_assert_cmpstr (shown, ==, serial);
}

static void
test_parse_dates_utc (void)
{
  g_autoptr (KioskCertificate) cert = auth_certificate_of_profile ("valid");
  X509 *x509 = _kiosk_certificate_get_x509 (cert);
  GDateTime *not_before = kiosk_certificate_get_not_before (cert);
  GDateTime *not_after = kiosk_certificate_get_not_after (cert);

  g_assert_cmpint (g_date_time_get_utc_offset (not_before), ==, 0);
  g_assert_cmpint (g_date_time_get_utc_offset (not_after), ==, 0);
  g_assert_cmpint (g_date_time_compare (not_before, not_after), <, 0);

  g_autofree char *nb_openssl = asn1_time_text (X509_get0_notBefore (x509));
  g_autofree char *na_openssl = asn1_time_text (X509_get0_notAfter (x509));
  g_autofree char *nb_ours = g_date_time_format (not_before, "%b %e %H:%M:%S %Y GMT");
  g_autofree char *na_ours = g_date_time_format (not_after, "%b %e %H:%M:%S %Y GMT");
  g_assert_cmpstr (nb_ours, ==, nb_openssl);
  g_assert_cmpstr (na_ours, ==, na_openssl);
}

static void
test_parse_utf8_subject (void)
{
  g_autoptr (GBytes) der = make_utf8_certificate ();
  g_autoptr (KioskCertificate) cert = certificate_of (der);

  /* UTF-8 as is, not \E6\9F\8F escapes */
  g_assert_cmpstr (kiosk_certificate_get_subject (cert), ==,
                   "CN=柏 花子,O=公的個人認証サービス,C=JP");
  g_assert_cmpstr (kiosk_certificate_get_issuer (cert), ==, kiosk_certificate_get_subject (cert));
  g_assert_true (g_utf8_validate (kiosk_certificate_get_subject (cert), -1, NULL));
  g_assert_cmpstr (kiosk_certificate_get_serial (cert), ==, "0123456789ABCDEF");
}

static void
assert_malformed (GBytes *der)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCertificate) cert = kiosk_certificate_new_from_der (der, &error);

  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED);
  g_assert_null (cert);
}

static void
test_parse_garbage (void)
{
  g_autoptr (GBytes) garbage = g_bytes_new_static ("\x30\x82\x01\x00garbage", 11);

  assert_malformed (garbage);
}

static void
test_parse_empty (void)
{
  g_autoptr (GBytes) empty = g_bytes_new (NULL, 0);

  assert_malformed (empty);
}

static void
test_parse_trailing_bytes (void)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  GBytes *der = kiosk_virtual_card_get_auth_certificate (card);
  g_autoptr (GByteArray) longer = g_byte_array_new ();

  g_byte_array_append (longer, g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_byte_array_append (longer, (const guint8 *)"\x00\x00", 2);
  g_autoptr (GBytes) with_trailing = g_bytes_new (longer->data, longer->len);

  assert_malformed (with_trailing);
}

static void
test_parse_truncated (void)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  GBytes *der = kiosk_virtual_card_get_auth_certificate (card);
  g_autoptr (GBytes) truncated = g_bytes_new_from_bytes (der, 0, g_bytes_get_size (der) - 1);

  assert_malformed (truncated);
}

/* Validity */

static void
test_validity_valid_profile (void)
{
  g_autoptr (KioskCertificate) cert = auth_certificate_of_profile ("valid");
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  g_assert_cmpint (kiosk_certificate_get_validity (cert, now), ==, KIOSK_VALIDITY_VALID);
}

static void
test_validity_expired_profile (void)
{
  g_autoptr (KioskCertificate) cert = auth_certificate_of_profile ("expired");
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  g_assert_cmpint (kiosk_certificate_get_validity (cert, now), ==, KIOSK_VALIDITY_EXPIRED);
}

static void
test_validity_boundaries (void)
{
  g_autoptr (KioskCertificate) cert = auth_certificate_of_profile ("valid");
  GDateTime *not_before = kiosk_certificate_get_not_before (cert);
  GDateTime *not_after = kiosk_certificate_get_not_after (cert);
  g_autoptr (GDateTime) before = g_date_time_add_seconds (not_before, -1);
  g_autoptr (GDateTime) after = g_date_time_add_seconds (not_after, 1);
  g_autoptr (GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr (GDateTime) not_after_in_tokyo = g_date_time_to_timezone (not_after, tokyo);

  g_assert_cmpint (kiosk_certificate_get_validity (cert, before), ==, KIOSK_VALIDITY_NOT_YET_VALID);
  g_assert_cmpint (kiosk_certificate_get_validity (cert, not_before), ==, KIOSK_VALIDITY_VALID);
  /* notAfter is the last valid second, whatever the zone of "now" */
  g_assert_cmpint (kiosk_certificate_get_validity (cert, not_after), ==, KIOSK_VALIDITY_VALID);
  g_assert_cmpint (kiosk_certificate_get_validity (cert, not_after_in_tokyo), ==,
                   KIOSK_VALIDITY_VALID);
  g_assert_cmpint (kiosk_certificate_get_validity (cert, after), ==, KIOSK_VALIDITY_EXPIRED);
}

/* Signatures */

static void
test_signature_tampered (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (KioskCertificate) cert
             = certificate_of (kiosk_virtual_card_get_auth_certificate (card));
  g_autoptr (TestTransport) t = test_transport_new_for_card (card);
  g_autoptr (KioskSecret) pin = kiosk_secret_new_from_string (
      kiosk_card_profile_get_auth_pin (kiosk_virtual_card_get_profile (card)));
  g_autoptr (GBytes) digest_info = kiosk_jpki_sha256_digest_info ((const guint8 *)"data", 4);

  kiosk_jpki_select_ap (KIOSK_CARD_TRANSPORT (t), NULL, &error);
  kiosk_jpki_verify (KIOSK_CARD_TRANSPORT (t), KIOSK_JPKI_AUTH, pin, NULL, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (GBytes) signature = kiosk_jpki_sign (KIOSK_CARD_TRANSPORT (t), KIOSK_JPKI_AUTH,
                                                  digest_info, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_certificate_verify_digest_info (cert, digest_info, signature, &error));
  g_assert_no_error (error);

  g_autofree guint8 *bad = g_memdup2 (g_bytes_get_data (signature, NULL), 256);
  bad[100] ^= 0x01;
  g_autoptr (GBytes) tampered = g_bytes_new (bad, 256);
  g_assert_false (kiosk_certificate_verify_digest_info (cert, digest_info, tampered, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED);
}

static void
test_signature_not_rsa (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) der = make_utf8_certificate ();
  g_autoptr (KioskCertificate) cert = certificate_of (der);
  g_autoptr (GBytes) digest_info = kiosk_jpki_sha256_digest_info ((const guint8 *)"x", 1);
  g_autoptr (GBytes) signature = g_bytes_new_take (g_malloc0 (256), 256);

  g_assert_false (kiosk_certificate_verify_digest_info (cert, digest_info, signature, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED);
}

/* Trust */

static void
test_trust_jlis_anchors_load (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskTrustStore) store = kiosk_trust_store_new ();
  g_autoptr (GDir) dir = g_dir_open (cardio_test_jpki_ca_dir (), 0, &error);
  const char *name;
  guint pem_files = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    pem_files += g_str_has_suffix (name, ".pem");

  g_assert_true (kiosk_trust_store_add_path (store, cardio_test_jpki_ca_dir (), &error));
  g_assert_no_error (error);
  /* 2015 and 2023 generations of the auth and sign CAs, one per file */
  g_assert_cmpuint (pem_files, ==, 4);
  g_assert_cmpuint (kiosk_trust_store_get_count (store), ==, pem_files);
}

static void
assert_trust (const char *profile, gboolean sign, gboolean test_ca, gboolean jlis,
              gboolean expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new (profile);
  g_autoptr (KioskTrustStore) store = cardio_test_trust_store_new (test_ca, jlis);
  GBytes *der = sign ? kiosk_virtual_card_get_sign_certificate (card)
                     : kiosk_virtual_card_get_auth_certificate (card);
  g_autoptr (KioskCertificate) cert = certificate_of (der);
  gboolean trusted = kiosk_trust_store_verify (store, cert, &error);

  if (expected)
    {
      g_assert_no_error (error);
      g_assert_true (trusted);
    }
  else
    {
      g_assert_false (trusted);
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_trust_test_ca (void)
{
  assert_trust ("valid", FALSE, TRUE, FALSE, TRUE);
}

static void
test_trust_test_ca_with_jlis (void)
{
  assert_trust ("valid", FALSE, TRUE, TRUE, TRUE);
}

static void
test_trust_jlis_only (void)
{
  assert_trust ("valid", FALSE, FALSE, TRUE, FALSE);
}

static void
test_trust_empty_store (void)
{
  assert_trust ("valid", FALSE, FALSE, FALSE, FALSE);
}

static void
test_trust_sign_certificate (void)
{
  assert_trust ("valid", TRUE, TRUE, FALSE, TRUE);
}

static void
test_trust_sign_certificate_needs_sign_ca (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (KioskTrustStore) store = kiosk_trust_store_new ();
  g_autoptr (KioskCertificate) cert
             = certificate_of (kiosk_virtual_card_get_sign_certificate (card));

  kiosk_trust_store_add_path (store, kiosk_test_ca_get_auth_ca_path (cardio_test_get_ca ()),
                              &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_trust_store_verify (store, cert, &error));
  g_assert_nonnull (error);
}

static void
test_trust_expired_still_trusted (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCertificate) cert = auth_certificate_of_profile ("expired");
  g_autoptr (KioskTrustStore) store = cardio_test_trust_store_new (TRUE, FALSE);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  g_assert_true (kiosk_trust_store_verify (store, cert, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_certificate_get_validity (cert, now), ==, KIOSK_VALIDITY_EXPIRED);
}

static void
test_trust_self_signed_not_anchor (void)
{
  /* a self-signed certificate proves nothing unless it is an anchor */
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) der = make_utf8_certificate ();
  g_autoptr (KioskCertificate) cert = certificate_of (der);
  g_autoptr (KioskTrustStore) store = cardio_test_trust_store_new (TRUE, TRUE);

  g_assert_false (kiosk_trust_store_verify (store, cert, &error));
  g_assert_nonnull (error);
}

static char *
write_temp_file (const char *dir, const char *name, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_trust_store_der_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cardio-trust-XXXXXX", &error);
  GBytes *ca = kiosk_test_ca_get_auth_ca_der (cardio_test_get_ca ());
  g_autofree char *path
      = write_temp_file (dir, "auth-ca.der", g_bytes_get_data (ca, NULL), g_bytes_get_size (ca));
  g_autoptr (KioskTrustStore) store = kiosk_trust_store_new ();
  g_autoptr (KioskCertificate) cert = auth_certificate_of_profile ("valid");

  g_assert_true (kiosk_trust_store_add_path (store, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_trust_store_get_count (store), ==, 1);
  g_assert_true (kiosk_trust_store_verify (store, cert, &error));
  g_assert_no_error (error);
  remove_tree (dir);
}

static void
test_trust_store_pem_bundle (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cardio-trust-XXXXXX", &error);
  KioskTestCa *ca = cardio_test_get_ca ();
  g_autofree char *auth = NULL, *sign = NULL;
  g_autoptr (KioskTrustStore) store = kiosk_trust_store_new ();

  g_file_get_contents (kiosk_test_ca_get_auth_ca_path (ca), &auth, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (kiosk_test_ca_get_sign_ca_path (ca), &sign, NULL, &error);
  g_assert_no_error (error);
  g_autofree char *bundle = g_strconcat (auth, sign, NULL);
  g_autofree char *path = write_temp_file (dir, "bundle.crt", bundle, strlen (bundle));

  g_assert_true (kiosk_trust_store_add_path (store, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_trust_store_get_count (store), ==, 2);
  /* the same anchors again: held once */
  g_assert_true (kiosk_trust_store_add_path (store, path, &error));
  g_assert_cmpuint (kiosk_trust_store_get_count (store), ==, 2);
  remove_tree (dir);
}

static void
test_trust_store_bad_sources (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cardio-trust-XXXXXX", &error);
  g_autoptr (KioskTrustStore) store = kiosk_trust_store_new ();
  g_autofree char *missing = g_build_filename (dir, "missing.pem", NULL);

  /* a file that does not exist */
  g_assert_false (kiosk_trust_store_add_path (store, missing, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "missing.pem"));
  g_clear_error (&error);

  /* a folder without certificate files */
  g_assert_false (kiosk_trust_store_add_path (store, dir, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* a certificate file that holds none */
  g_autofree char *junk = write_temp_file (dir, "junk.pem", "not a certificate\n", 18);
  g_assert_false (kiosk_trust_store_add_path (store, junk, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "junk.pem"));

  g_assert_cmpuint (kiosk_trust_store_get_count (store), ==, 0);
  remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cardio/certificate/parse/card-certificate", test_parse_card_certificate);
  g_test_add_func ("/cardio/certificate/parse/dates-utc", test_parse_dates_utc);
  g_test_add_func ("/cardio/certificate/parse/utf8-subject", test_parse_utf8_subject);
  g_test_add_func ("/cardio/certificate/parse/garbage", test_parse_garbage);
  g_test_add_func ("/cardio/certificate/parse/empty", test_parse_empty);
  g_test_add_func ("/cardio/certificate/parse/trailing-bytes", test_parse_trailing_bytes);
  g_test_add_func ("/cardio/certificate/parse/truncated", test_parse_truncated);

  g_test_add_func ("/cardio/certificate/validity/valid", test_validity_valid_profile);
  g_test_add_func ("/cardio/certificate/validity/expired", test_validity_expired_profile);
  g_test_add_func ("/cardio/certificate/validity/boundaries", test_validity_boundaries);

  g_test_add_func ("/cardio/certificate/signature/tampered", test_signature_tampered);
  g_test_add_func ("/cardio/certificate/signature/not-rsa", test_signature_not_rsa);

  g_test_add_func ("/cardio/trust/jlis-anchors-load", test_trust_jlis_anchors_load);
  g_test_add_func ("/cardio/trust/test-ca", test_trust_test_ca);
  g_test_add_func ("/cardio/trust/test-ca-with-jlis", test_trust_test_ca_with_jlis);
  g_test_add_func ("/cardio/trust/jlis-only", test_trust_jlis_only);
  g_test_add_func ("/cardio/trust/empty-store", test_trust_empty_store);
  g_test_add_func ("/cardio/trust/sign-certificate", test_trust_sign_certificate);
  g_test_add_func ("/cardio/trust/sign-needs-sign-ca", test_trust_sign_certificate_needs_sign_ca);
  g_test_add_func ("/cardio/trust/expired-still-trusted", test_trust_expired_still_trusted);
  g_test_add_func ("/cardio/trust/self-signed-not-anchor", test_trust_self_signed_not_anchor);
  g_test_add_func ("/cardio/trust/der-file", test_trust_store_der_file);
  g_test_add_func ("/cardio/trust/pem-bundle", test_trust_store_pem_bundle);
  g_test_add_func ("/cardio/trust/bad-sources", test_trust_store_bad_sources);

  return g_test_run ();
}
