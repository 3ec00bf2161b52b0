/* test-card-certificates.c: the test CA and the certificates it issues to virtual cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk-test-cards.h"

#define AUTH_POLICY "1.2.392.200149.8.5.1.3.30"
#define SIGN_POLICY "1.2.392.200149.8.5.1.1.20"

static char *
name_to_string (const X509_NAME *name)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data;

  /* RFC 2253 order reversed back to the certificate's order, UTF-8 kept as is. */
  X509_NAME_print_ex (bio, name, 0,
                      (XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_FN_SN) & ~ASN1_STRFLGS_ESC_MSB);
  long len = BIO_get_mem_data (bio, &data);
  char *text = g_strndup (data, len);
  BIO_free (bio);
  return text;
}

static char *
subject_of (X509 *certificate)
{
  return name_to_string (X509_get_subject_name (certificate));
}

static char *
policy_of (X509 *certificate)
{
  CERTIFICATEPOLICIES *policies
      = X509_get_ext_d2i (certificate, NID_certificate_policies, NULL, NULL);
  char oid[64] = "";

  g_assert_nonnull (policies);
  g_assert_cmpint (sk_POLICYINFO_num (policies), ==, 1);
  OBJ_obj2txt (oid, sizeof oid, sk_POLICYINFO_value (policies, 0)->policyid, 1);
  CERTIFICATEPOLICIES_free (policies);
  return g_strdup (oid);
}

static gboolean
key_usage_is_critical (X509 *certificate)
{
  int index = X509_get_ext_by_NID (certificate, NID_key_usage, -1);

  g_assert_cmpint (index, >=, 0);
  return X509_EXTENSION_get_critical (X509_get_ext (certificate, index));
}

static void
test_ca_certificates (void)
{
  KioskTestCa *ca = kiosk_test_cards_get_ca ();
  struct
  {
    GBytes *der;
    const char *path;
    const char *unit;
  } cas[] = {
    { kiosk_test_ca_get_auth_ca_der (ca), kiosk_test_ca_get_auth_ca_path (ca),
      "JPKI for user authentication (TEST)" },
    { kiosk_test_ca_get_sign_ca_der (ca), kiosk_test_ca_get_sign_ca_path (ca),
      "JPKI for digital signature (TEST)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cas); i++)
    {
      g_autoptr (X509) certificate = kiosk_test_parse_certificate (cas[i].der);
      g_autofree char *subject = subject_of (certificate);
      g_autofree char *expected
          = g_strdup_printf ("C=JP, O=JPKI, OU=%s, OU=Madoguchi Test CA", cas[i].unit);
      EVP_PKEY *key = X509_get0_pubkey (certificate);

      g_assert_cmpstr (subject, ==, expected);
      g_assert_true (g_file_test (cas[i].path, G_FILE_TEST_IS_REGULAR));
      /* Self-signed, RSA-2048, sha256WithRSA, a CA that signs certificates and CRLs. */
      g_assert_cmpint (
          X509_NAME_cmp (X509_get_subject_name (certificate), X509_get_issuer_name (certificate)),
          ==, 0);
      g_assert_cmpint (X509_verify (certificate, key), ==, 1);
      g_assert_cmpint (EVP_PKEY_get_bits (key), ==, 2048);
      g_assert_cmpint (X509_get_signature_nid (certificate), ==, NID_sha256WithRSAEncryption);
      g_assert_cmpint (X509_check_ca (certificate), ==, 1);
      g_assert_cmphex (X509_get_key_usage (certificate), ==, KU_KEY_CERT_SIGN | KU_CRL_SIGN);
      g_assert_true (key_usage_is_critical (certificate));
      int bc = X509_get_ext_by_NID (certificate, NID_basic_constraints, -1);
      g_assert_true (X509_EXTENSION_get_critical (X509_get_ext (certificate, bc)));
    }
}

static void
test_card_holds_ca_certificates (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  KioskTestCa *ca = kiosk_test_cards_get_ca ();

  kiosk_test_select_ef (card, "00 0B");
  g_autoptr (GBytes) auth_ca
             = kiosk_test_read_whole (card, g_bytes_get_size (kiosk_test_ca_get_auth_ca_der (ca)));
  kiosk_test_select_ef (card, "00 02");
  g_autoptr (GBytes) sign_ca
             = kiosk_test_read_whole (card, g_bytes_get_size (kiosk_test_ca_get_sign_ca_der (ca)));
  g_assert_true (g_bytes_equal (auth_ca, kiosk_test_ca_get_auth_ca_der (ca)));
  g_assert_true (g_bytes_equal (sign_ca, kiosk_test_ca_get_sign_ca_der (ca)));
}

static void
check_issued_by (X509 *certificate, GBytes *ca_der)
{
  g_autoptr (X509) ca = kiosk_test_parse_certificate (ca_der);

  g_assert_cmpint (X509_NAME_cmp (X509_get_issuer_name (certificate), X509_get_subject_name (ca)),
                   ==, 0);
  g_assert_cmpint (X509_verify (certificate, X509_get0_pubkey (ca)), ==, 1);
  g_assert_cmpint (X509_check_issued (ca, certificate), ==, X509_V_OK);
  g_assert_cmpint (X509_get_signature_nid (certificate), ==, NID_sha256WithRSAEncryption);
  g_assert_cmpint (EVP_PKEY_get_bits (X509_get0_pubkey (certificate)), ==, 2048);
}

static void
test_auth_certificate (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (X509) certificate
             = kiosk_test_parse_certificate (kiosk_virtual_card_get_auth_certificate (card));
  g_autofree char *subject = subject_of (certificate);
  g_autofree char *policy = policy_of (certificate);

  /* C=JP, CN=<20 opaque characters>: nothing personal, not even the profile's name. */
  g_test_message ("%s", subject);
  g_assert_true (g_str_has_prefix (subject, "C=JP, CN="));
  const char *cn = subject + strlen ("C=JP, CN=");
  g_assert_cmpuint (strlen (cn), ==, 20);
  for (const char *p = cn; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p) || g_ascii_isupper (*p));
  g_assert_null (strstr (subject, "valid"));

  check_issued_by (certificate, kiosk_test_ca_get_auth_ca_der (kiosk_test_cards_get_ca ()));
  g_assert_cmpstr (policy, ==, AUTH_POLICY);
  g_assert_cmphex (X509_get_key_usage (certificate), ==, KU_DIGITAL_SIGNATURE);
  g_assert_true (key_usage_is_critical (certificate));
  g_assert_cmpint (X509_get_ext_by_NID (certificate, NID_subject_alt_name, -1), <, 0);
  g_assert_false (X509_check_ca (certificate));
}

static void
test_sign_certificate (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (KioskCardProfile) profile = kiosk_test_cards_load_profile ("valid");
  g_autoptr (X509) certificate
             = kiosk_test_parse_certificate (kiosk_virtual_card_get_sign_certificate (card));
  g_autofree char *subject = subject_of (certificate);
  g_autofree char *policy = policy_of (certificate);
  char issued[16];

  /* C=JP, L=<prefecture>, L=<city>, CN=<YYYYMMDDhhmmss><5-digit seq><9-char counter id>. */
  g_test_message ("%s", subject);
  g_assert_true (g_str_has_prefix (subject, "C=JP, L=Chiba-ken, L=Kashiwa-shi, CN="));
  const char *cn = strstr (subject, "CN=") + 3;
  g_assert_cmpuint (strlen (cn), ==, 14 + 5 + 9);
  g_date_strftime (issued, sizeof issued, "%Y%m%d", kiosk_card_profile_get_issued (profile));
  g_assert_true (g_str_has_prefix (cn, issued));
  for (guint i = 0; i < 19; i++)
    g_assert_true (g_ascii_isdigit (cn[i]));
  for (guint i = 19; i < 28; i++)
    g_assert_true (g_ascii_isdigit (cn[i]) || g_ascii_isupper (cn[i]));

  check_issued_by (certificate, kiosk_test_ca_get_sign_ca_der (kiosk_test_cards_get_ca ()));
  g_assert_cmpstr (policy, ==, SIGN_POLICY);
  g_assert_cmphex (X509_get_key_usage (certificate), ==, KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION);
  g_assert_true (key_usage_is_critical (certificate));
}

/* The six otherName values of the sign certificate's subjectAltName, by their last OID arc. */
static void
read_holder (X509 *certificate, char *values[7])
{
  GENERAL_NAMES *names = X509_get_ext_d2i (certificate, NID_subject_alt_name, NULL, NULL);

  g_assert_nonnull (names);
  g_assert_cmpint (sk_GENERAL_NAME_num (names), ==, 6);
  for (int i = 0; i < sk_GENERAL_NAME_num (names); i++)
    {
      GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);
      ASN1_OBJECT *oid;
      ASN1_TYPE *value;
      char oid_text[64];

      g_assert_cmpint (name->type, ==, GEN_OTHERNAME);
      GENERAL_NAME_get0_otherName (name, &oid, &value);
      OBJ_obj2txt (oid_text, sizeof oid_text, oid, 1);
      g_assert_true (g_str_has_prefix (oid_text, "1.2.392.200149.8.5.5."));
      guint arc = atoi (oid_text + strlen ("1.2.392.200149.8.5.5."));
      g_assert_cmpuint (arc, ==, (guint)i + 1); /* in order .1 … .6 */
      /* A UTF8String (not an OCTET STRING, not BMP): what JPKI readers expect. */
      g_assert_cmpint (value->type, ==, V_ASN1_UTF8STRING);
      const ASN1_UTF8STRING *utf8 = value->value.utf8string;
      values[arc]
          = g_strndup ((const char *)ASN1_STRING_get0_data (utf8), ASN1_STRING_length (utf8));
      g_assert_true (g_utf8_validate (values[arc], -1, NULL));
    }
  GENERAL_NAMES_free (names);
}

static void
free_holder (char *values[7])
{
  for (guint i = 0; i < 7; i++)
    g_free (values[i]);
}

static void
test_sign_certificate_holder (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (KioskCardProfile) profile = kiosk_test_cards_load_profile ("valid");
  g_autoptr (X509) certificate
             = kiosk_test_parse_certificate (kiosk_virtual_card_get_sign_certificate (card));
  g_autofree char *birth
      = kiosk_test_ca_format_birth_date (kiosk_card_profile_get_birth_date (profile));
  char *values[7] = { NULL };

  read_holder (certificate, values);
  g_assert_cmpstr (values[1], ==, "柏 花子");
  g_assert_cmpstr (values[2], ==, "柏 花子");
  g_assert_cmpstr (values[3], ==, "2");
  g_assert_cmpstr (values[4], ==, birth);
  g_assert_cmpstr (values[4], ==, "319860723"); /* valid.card: born 1986-07-23, Showa */
  g_assert_cmpstr (values[5], ==, "千葉県柏市柏五丁目10番1号");
  g_assert_cmpstr (values[6], ==, values[5]);
  free_holder (values);
}

static void
test_sign_certificate_other_name_encoding (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  GBytes *der = kiosk_virtual_card_get_sign_certificate (card);
  /* OID 1.2.392.200149.8.5.5.1, then [0] EXPLICIT { UTF8String "柏 花子" }. */
  g_autoptr (GBytes) expected = kiosk_test_hex (
      "06 0A 2A 83 08 8C 9B 55 08 05 05 01 A0 0C 0C 0A E6 9F 8F 20 E8 8A B1 E5 "
      "AD 90");
  gsize len, expected_len;
  const guint8 *data = g_bytes_get_data (der, &len);
  const guint8 *pattern = g_bytes_get_data (expected, &expected_len);
  gboolean found = FALSE;

  for (gsize i = 0; !found && i + expected_len <= len; i++)
    found = memcmp (data + i, pattern, expected_len) == 0;
  g_assert_true (found);
}

static void
test_sign_certificate_custom_holder (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card_from_text (
      "holder", "[card]\nbirth-date=2019-05-01\nissued=2024-01-10\nholder-name=山田 太郎\n"
                "holder-gender=1\nholder-address=東京都千代田区永田町一丁目1番1号\n"
                "holder-prefecture=Tokyo-to\nholder-city=Chiyoda-ku\n");
  g_autoptr (X509) certificate
             = kiosk_test_parse_certificate (kiosk_virtual_card_get_sign_certificate (card));
  g_autofree char *subject = subject_of (certificate);
  char *values[7] = { NULL };

  g_assert_true (g_str_has_prefix (subject, "C=JP, L=Tokyo-to, L=Chiyoda-ku, CN=20240110"));
  read_holder (certificate, values);
  g_assert_cmpstr (values[1], ==, "山田 太郎");
  g_assert_cmpstr (values[3], ==, "1");
  g_assert_cmpstr (values[4], ==, "520190501");
  g_assert_cmpstr (values[5], ==, "東京都千代田区永田町一丁目1番1号");
  free_holder (values);
}

static void
test_birth_date_format (void)
{
  static const struct
  {
    const char *date;
    const char *value;
  } cases[] = {
    { "1990-01-02", "419900102" }, /* the sample value jpki-card.md quotes */
    { "1912-07-29", "119120729" }, { "1912-07-30", "219120730" }, { "1926-12-24", "219261224" },
    { "1926-12-25", "319261225" }, { "1989-01-07", "319890107" }, { "1989-01-08", "419890108" },
    { "2019-04-30", "420190430" }, { "2019-05-01", "520190501" }, { "1900-01-01", "119000101" },
  };
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;
      g_assert_true (kiosk_card_profile_resolve_date (cases[i].date, now, &date, NULL));
      g_autofree char *value = kiosk_test_ca_format_birth_date (&date);
      g_assert_cmpstr (value, ==, cases[i].value);
    }
}

static void
test_repeatable (void)
{
  g_autoptr (KioskVirtualCard) first = kiosk_test_cards_new_card ("valid");
  g_autoptr (KioskVirtualCard) second = kiosk_test_cards_new_card ("valid");
  g_autoptr (KioskVirtualCard) other = kiosk_test_cards_new_card ("slow");

  /* The same profile gives the same certificates, byte for byte (serials included)… */
  g_assert_true (g_bytes_equal (kiosk_virtual_card_get_auth_certificate (first),
                                kiosk_virtual_card_get_auth_certificate (second)));
  g_assert_true (g_bytes_equal (kiosk_virtual_card_get_sign_certificate (first),
                                kiosk_virtual_card_get_sign_certificate (second)));

  /* …and another profile other serials. */
  g_autoptr (X509) a
             = kiosk_test_parse_certificate (kiosk_virtual_card_get_auth_certificate (first));
  g_autoptr (X509) b
             = kiosk_test_parse_certificate (kiosk_virtual_card_get_sign_certificate (first));
  g_autoptr (X509) c
             = kiosk_test_parse_certificate (kiosk_virtual_card_get_auth_certificate (other));
  g_assert_cmpint (ASN1_INTEGER_cmp (X509_get0_serialNumber (a), X509_get0_serialNumber (b)), !=,
                   0);
  g_assert_cmpint (ASN1_INTEGER_cmp (X509_get0_serialNumber (a), X509_get0_serialNumber (c)), !=,
                   0);
  g_assert_cmpint (ASN1_STRING_length (X509_get0_serialNumber (a)), ==, 16);
}

static void
test_keys_differ (void)
{
  KioskTestCa *ca = kiosk_test_cards_get_ca ();
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (X509) auth
             = kiosk_test_parse_certificate (kiosk_virtual_card_get_auth_certificate (card));
  g_autoptr (X509) sign
             = kiosk_test_parse_certificate (kiosk_virtual_card_get_sign_certificate (card));

  g_assert_cmpuint (kiosk_test_ca_get_user_key_count (ca), >=, 2);
  g_assert_cmpint (EVP_PKEY_eq (X509_get0_pubkey (auth), X509_get0_pubkey (sign)), !=, 1);
  /* The pool's choice is stable and never gives both roles one key, whatever the profile. */
  static const char *const seeds[] = { "valid", "expired", "minor", "a", "b", "c", "d", "e" };
  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      EVP_PKEY *auth_key = kiosk_test_ca_pick_user_key (ca, seeds[i], KIOSK_TEST_CA_ROLE_AUTH);
      EVP_PKEY *sign_key = kiosk_test_ca_pick_user_key (ca, seeds[i], KIOSK_TEST_CA_ROLE_SIGN);
      g_assert_true (auth_key != sign_key);
      g_assert_true (auth_key
                     == kiosk_test_ca_pick_user_key (ca, seeds[i], KIOSK_TEST_CA_ROLE_AUTH));
    }
  g_assert_cmpint (EVP_PKEY_eq (X509_get0_pubkey (auth),
                                kiosk_test_ca_pick_user_key (ca, "valid", KIOSK_TEST_CA_ROLE_AUTH)),
                   ==, 1);
}

static void
test_missing_ca (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *empty = g_dir_make_tmp ("kiosk-no-ca-XXXXXX", NULL);
  g_autoptr (KioskTestCa) ca = kiosk_test_ca_load (empty, &error);

  g_assert_null (ca);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "auth-ca.pem"));
  g_rmdir (empty);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cardio/virtual/certificates/ca", test_ca_certificates);
  g_test_add_func ("/cardio/virtual/certificates/card-holds-ca", test_card_holds_ca_certificates);
  g_test_add_func ("/cardio/virtual/certificates/auth", test_auth_certificate);
  g_test_add_func ("/cardio/virtual/certificates/sign", test_sign_certificate);
  g_test_add_func ("/cardio/virtual/certificates/sign-holder", test_sign_certificate_holder);
  g_test_add_func ("/cardio/virtual/certificates/sign-other-name-encoding",
                   test_sign_certificate_other_name_encoding);
  g_test_add_func ("/cardio/virtual/certificates/sign-custom-holder",
                   test_sign_certificate_custom_holder);
  g_test_add_func ("/cardio/virtual/certificates/birth-date-format", test_birth_date_format);
  g_test_add_func ("/cardio/virtual/certificates/repeatable", test_repeatable);
  g_test_add_func ("/cardio/virtual/certificates/keys-differ", test_keys_differ);
  g_test_add_func ("/cardio/virtual/certificates/missing-ca", test_missing_ca);

  return g_test_run ();
}
