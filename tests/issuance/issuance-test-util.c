/* issuance-test-util.c: shared helpers of the issuance tests (test CA, cards, waiting)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "issuance-test-util.h"

#include <glib/gstdio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>

#include "config.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)

const char *
issuance_test_ca_dir (void)
{
  const char *dir = g_getenv ("KIOSK_TEST_CA_DIR");
  return dir != NULL ? dir : KIOSK_TEST_CA_DIR;
}

const char *
issuance_test_cards_dir (void)
{
  const char *dir = g_getenv ("KIOSK_CARDS_DIR");
  return dir != NULL ? dir : KIOSK_SOURCE_CARDS_DIR;
}

GDateTime *
issuance_test_now (void)
{
  return g_date_time_new_from_iso8601 ("2026-11-25T10:00:00+09:00", NULL);
}

void
issuance_test_store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **slot = user_data;

  (void)source;
  *slot = g_object_ref (result);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

GAsyncResult *
issuance_test_wait (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (20, set_flag, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_false (timed_out);
  return *slot;
}

static void
copy_file (const char *from, const char *to, const char *extra)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_get_contents (from, &text, NULL, &error));
  g_autofree char *content = g_strconcat (text, extra != NULL ? extra : "", NULL);
  g_assert_true (g_file_set_contents (to, content, -1, &error));
  g_assert_no_error (error);
}

char *
issuance_test_make_cards_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("issuance-cards-XXXXXX", &error);
  static const char *const names[] = { "valid", "minor", "expired", "renewal-window-open" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strconcat (names[i], ".card", NULL);
      g_autofree char *from = g_build_filename (issuance_test_cards_dir (), file, NULL);
      g_autofree char *to = g_build_filename (dir, file, NULL);
      copy_file (from, to, NULL);
    }
  g_autofree char *valid = g_build_filename (issuance_test_cards_dir (), "valid.card", NULL);
  g_autofree char *ward = g_build_filename (dir, "adult-ward.card", NULL);
  g_autofree char *revoked = g_build_filename (dir, "revoked.card", NULL);
  copy_file (valid, ward, "\n[resident]\nadult-ward=true\n");
  copy_file (valid, revoked, "\n[resident]\nrevoked=true\n");

  /* What the cards themselves are made from: the profiles without the national system's
   * [resident] facts (the card model refuses that group). */
  g_autofree char *card_side = g_build_filename (dir, "card-side", NULL);
  g_assert_cmpint (g_mkdir (card_side, 0700), ==, 0);
  static const char *const card_names[] = { "adult-ward.card", "revoked.card" };
  for (guint i = 0; i < G_N_ELEMENTS (card_names); i++)
    {
      g_autofree char *to = g_build_filename (card_side, card_names[i], NULL);
      copy_file (valid, to, NULL);
    }
  return dir;
}

void
issuance_test_remove_tree (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);

  if (listing == NULL)
    return;
  for (const char *name; (name = g_dir_read_name (listing)) != NULL;)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        issuance_test_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

EVP_PKEY *
issuance_test_auth_key (KioskTestCa *ca, const char *name)
{
  return kiosk_test_ca_pick_user_key (ca, name, KIOSK_TEST_CA_ROLE_AUTH);
}

GBytes *
issuance_test_auth_certificate (KioskTestCa *ca, const char *cards_dir, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = issuance_test_now ();
  g_autofree char *file = g_strconcat (name, ".card", NULL);
  g_autofree char *card_side = g_build_filename (cards_dir, "card-side", file, NULL);
  g_autofree char *dir = g_file_test (card_side, G_FILE_TEST_EXISTS)
                             ? g_path_get_dirname (card_side)
                             : g_strdup (cards_dir);
  g_autoptr (KioskCardProfile) profile = kiosk_card_profile_load_named (dir, name, now, &error);
  g_assert_no_error (error);
  GBytes *der = kiosk_test_ca_issue_certificate (ca, KIOSK_TEST_CA_ROLE_AUTH, profile,
                                                 issuance_test_auth_key (ca, name), &error);
  g_assert_no_error (error);
  return der;
}

GBytes *
issuance_test_sign (EVP_PKEY *key, GBytes *data)
{
  g_autoptr (EVP_MD_CTX) md = EVP_MD_CTX_new ();
  gsize len = 0;
  gsize data_len = 0;
  const guint8 *bytes = g_bytes_get_data (data, &data_len);

  g_assert_cmpint (EVP_DigestSignInit (md, NULL, EVP_sha256 (), NULL, key), ==, 1);
  g_assert_cmpint (EVP_DigestSign (md, NULL, &len, bytes, data_len), ==, 1);
  guint8 *signature = g_malloc (len);
  g_assert_cmpint (EVP_DigestSign (md, signature, &len, bytes, data_len), ==, 1);
  return g_bytes_new_take (signature, len);
}

GBytes *
issuance_test_modulus (EVP_PKEY *key)
{
  BIGNUM *n = NULL;

  g_assert_cmpint (EVP_PKEY_get_bn_param (key, OSSL_PKEY_PARAM_RSA_N, &n), ==, 1);
  g_autoptr (BIGNUM) owned = n;
  guint8 *data = g_malloc (256);
  g_assert_cmpint (BN_bn2binpad (owned, data, 256), ==, 256);
  return g_bytes_new_take (data, 256);
}

GBytes *
issuance_test_card_id (const char *name)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;

  g_checksum_update (checksum, (const guchar *)"madoguchi virtual card ", -1);
  g_checksum_update (checksum, (const guchar *)name, -1);
  g_checksum_get_digest (checksum, digest, &len);
  return g_bytes_new (digest, 16);
}

X509 *
issuance_test_parse (GBytes *der)
{
  gsize len = 0;
  const unsigned char *data = g_bytes_get_data (der, &len);
  X509 *cert = d2i_X509 (NULL, &data, (long)len);

  g_assert_nonnull (cert);
  return cert;
}

gboolean
issuance_test_chains_to (GBytes *der, GBytes *ca_der)
{
  g_autoptr (X509) cert = issuance_test_parse (der);
  g_autoptr (X509) ca = issuance_test_parse (ca_der);

  return X509_verify (cert, X509_get0_pubkey (ca)) == 1
         && X509_NAME_cmp (X509_get_issuer_name (cert), X509_get_subject_name (ca)) == 0;
}

static gint64
asn1_time_to_unix (const ASN1_TIME *time)
{
  struct tm tm;

  g_assert_cmpint (ASN1_TIME_to_tm (time, &tm), ==, 1);
  g_autoptr (GDateTime) utc = g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                                   tm.tm_hour, tm.tm_min, tm.tm_sec);
  return g_date_time_to_unix (utc);
}

gint64
issuance_test_not_before (GBytes *der)
{
  g_autoptr (X509) cert = issuance_test_parse (der);
  return asn1_time_to_unix (X509_get0_notBefore (cert));
}

gint64
issuance_test_not_after (GBytes *der)
{
  g_autoptr (X509) cert = issuance_test_parse (der);
  return asn1_time_to_unix (X509_get0_notAfter (cert));
}

char *
issuance_test_common_name (GBytes *der)
{
  g_autoptr (X509) cert = issuance_test_parse (der);
  X509_NAME *subject = X509_get_subject_name (cert);
  int index = X509_NAME_get_index_by_NID (subject, NID_commonName, -1);

  g_assert_cmpint (index, >=, 0);
  ASN1_STRING *value = X509_NAME_ENTRY_get_data (X509_NAME_get_entry (subject, index));
  return g_strndup ((const char *)ASN1_STRING_get0_data (value), ASN1_STRING_length (value));
}

gboolean
issuance_test_has_modulus (GBytes *der, GBytes *modulus)
{
  g_autoptr (X509) cert = issuance_test_parse (der);
  g_autoptr (GBytes) actual = issuance_test_modulus (X509_get0_pubkey (cert));

  return g_bytes_equal (actual, modulus);
}
