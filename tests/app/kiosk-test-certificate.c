/* kiosk-test-certificate.c: certificates with chosen dates, made on the fly for rule tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-test-certificate.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

static void
set_time (ASN1_TIME *target, GDateTime *when)
{
  g_autofree char *text = g_date_time_format (when, "%Y%m%d%H%M%SZ");

  g_assert_true (ASN1_TIME_set_string_X509 (target, text));
}

KioskCertificate *
kiosk_test_certificate_new (GDateTime *not_before, GDateTime *not_after)
{
  EVP_PKEY *key = EVP_EC_gen ("P-256");
  X509 *x509 = X509_new ();
  X509_NAME *name = X509_NAME_new ();
  g_autoptr (GDateTime) before_utc = g_date_time_to_utc (not_before);
  g_autoptr (GDateTime) after_utc = g_date_time_to_utc (not_after);
  g_autoptr (GBytes) der = NULL;
  g_autoptr (GError) error = NULL;
  unsigned char *buf = NULL;
  int len;
  KioskCertificate *cert;

  g_assert_nonnull (key);
  X509_set_version (x509, 2);
  ASN1_INTEGER_set (X509_get_serialNumber (x509), 4242);
  X509_NAME_add_entry_by_txt (name, "C", MBSTRING_UTF8, (const unsigned char *)"JP", -1, -1, 0);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8, (const unsigned char *)"RULETEST", -1, -1,
                              0);
  X509_set_subject_name (x509, name);
  X509_set_issuer_name (x509, name);
  set_time (X509_getm_notBefore (x509), before_utc);
  set_time (X509_getm_notAfter (x509), after_utc);
  X509_set_pubkey (x509, key);
  g_assert_true (X509_sign (x509, key, EVP_sha256 ()) > 0);

  len = i2d_X509 (x509, &buf);
  g_assert_cmpint (len, >, 0);
  der = g_bytes_new (buf, len);
  OPENSSL_free (buf);
  X509_NAME_free (name);
  X509_free (x509);
  EVP_PKEY_free (key);

  cert = kiosk_certificate_new_from_der (der, &error);
  g_assert_no_error (error);
  return cert;
}
