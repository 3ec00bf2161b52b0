/* kiosk-make-test-ca.c: makes the test CA (auth + sign CA and a pool of user keys) at build time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: kiosk-make-test-ca OUTPUT_DIR [USER_KEYS]
 *
 * Writes auth-ca.pem/.key, sign-ca.pem/.key (self-signed RSA-2048 CAs shaped like J-LIS's, but
 * named as a test) and user-key-00.pem … (RSA-2048 keys the virtual cards pick from, because
 * generating keys per card would be too slow), and management-master.key (32 random bytes, raw:
 * the master key the virtual cards' management keys derive from, see MANAGEMENT.md). Nothing here
 * is ever committed or installed.
 */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>

#define DEFAULT_USER_KEYS 6

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_NAME, X509_NAME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_EXTENSION, X509_EXTENSION_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GENERAL_NAMES, GENERAL_NAMES_free)

static G_NORETURN void fail (const char *format, ...) G_GNUC_PRINTF (1, 2);

static G_NORETURN void
fail (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("kiosk-make-test-ca: %s\n", message);
  exit (1);
}

static EVP_PKEY *
generate_key (void)
{
  EVP_PKEY *key = EVP_RSA_gen (2048);

  if (key == NULL)
    fail ("cannot generate an RSA-2048 key");
  return key;
}

/* Written to NAME.tmp then renamed, so an interrupted build never leaves half a file. */
static void
write_pem (const char *dir, const char *name, gboolean private_key, void *object)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *tmp_path = g_strconcat (path, ".tmp", NULL);
  g_autoptr (BIO) bio = BIO_new_file (tmp_path, "w");
  int ok;

  if (bio == NULL)
    fail ("cannot write %s", tmp_path);
  if (private_key)
    {
      g_chmod (tmp_path, 0600);
      ok = PEM_write_bio_PrivateKey (bio, object, NULL, NULL, 0, NULL, NULL);
    }
  else
    ok = PEM_write_bio_X509 (bio, object);
  if (!ok || BIO_flush (bio) != 1)
    fail ("cannot write %s", tmp_path);
  g_clear_pointer (&bio, BIO_free);
  if (g_rename (tmp_path, path) != 0)
    fail ("cannot rename %s: %s", tmp_path, g_strerror (errno));
}

static void
write_master_key (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "management-master.key", NULL);
  g_autofree char *tmp_path = g_strconcat (path, ".tmp", NULL);
  guint8 key[32];
  g_autoptr (GError) error = NULL;

  if (RAND_bytes (key, sizeof key) != 1)
    fail ("cannot draw the management master key");
  gboolean ok = g_file_set_contents_full (tmp_path, (const char *)key, sizeof key,
                                          G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  OPENSSL_cleanse (key, sizeof key);
  if (!ok)
    fail ("cannot write %s: %s", tmp_path, error->message);
  if (g_rename (tmp_path, path) != 0)
    fail ("cannot rename %s: %s", tmp_path, g_strerror (errno));
}

static void
add_extension (X509 *cert, X509V3_CTX *ctx, int nid, const char *value)
{
  g_autoptr (X509_EXTENSION) extension = X509V3_EXT_conf_nid (NULL, ctx, nid, value);

  if (extension == NULL || X509_add_ext (cert, extension, -1) != 1)
    fail ("cannot add %s = %s", OBJ_nid2sn (nid), value);
}

static X509 *
make_ca (EVP_PKEY *key, long serial, const char *unit)
{
  g_autoptr (X509) cert = X509_new ();
  g_autoptr (X509_NAME) name = X509_NAME_new ();
  g_autoptr (X509_NAME) alt_dir = X509_NAME_new ();
  g_autoptr (GENERAL_NAMES) alt_names = GENERAL_NAMES_new ();
  GENERAL_NAME *alt_name = GENERAL_NAME_new ();
  X509V3_CTX ctx;

  /* The J-LIS CAs' layout (C, O=JPKI, OU=<purpose>, OU=<agency>) with the purpose marked TEST
   * and our own name where J-LIS's is, so no one mistakes these for the real ones. */
  X509_NAME_add_entry_by_txt (name, "C", MBSTRING_ASC, (const guchar *)"JP", -1, -1, 0);
  X509_NAME_add_entry_by_txt (name, "O", MBSTRING_ASC, (const guchar *)"JPKI", -1, -1, 0);
  X509_NAME_add_entry_by_txt (name, "OU", MBSTRING_ASC, (const guchar *)unit, -1, -1, 0);
  X509_NAME_add_entry_by_txt (name, "OU", MBSTRING_ASC, (const guchar *)"Madoguchi Test CA", -1, -1,
                              0);

  /* Fixed dates that cover every profile's certificates (issued up to decades back, expiring
   * up to five years ahead); 2049 keeps UTCTime, as the real CAs use. */
  if (X509_set_version (cert, X509_VERSION_3) != 1
      || ASN1_INTEGER_set (X509_get_serialNumber (cert), serial) != 1
      || X509_set_subject_name (cert, name) != 1 || X509_set_issuer_name (cert, name) != 1
      || ASN1_TIME_set_string (X509_getm_notBefore (cert), "000101000000Z") != 1
      || ASN1_TIME_set_string (X509_getm_notAfter (cert), "491231145959Z") != 1
      || X509_set_pubkey (cert, key) != 1)
    fail ("cannot fill in the CA certificate %s", unit);

  X509V3_set_ctx (&ctx, cert, cert, NULL, NULL, 0);
  add_extension (cert, &ctx, NID_basic_constraints, "critical,CA:TRUE");
  add_extension (cert, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension (cert, &ctx, NID_subject_key_identifier, "hash");

  /* Like the real CAs: a directory name in Japanese as the subject's alternative name. */
  X509_NAME_add_entry_by_txt (alt_dir, "C", MBSTRING_ASC, (const guchar *)"JP", -1, -1, 0);
  X509_NAME_add_entry_by_txt (alt_dir, "O", MBSTRING_UTF8,
                              (const guchar *)"公的個人認証サービス（テスト用）", -1, -1, 0);
  GENERAL_NAME_set0_value (alt_name, GEN_DIRNAME, g_steal_pointer (&alt_dir));
  sk_GENERAL_NAME_push (alt_names, alt_name);
  if (X509_add1_ext_i2d (cert, NID_subject_alt_name, alt_names, 0, X509V3_ADD_DEFAULT) != 1)
    fail ("cannot add the CA's alternative name");

  if (X509_sign (cert, key, EVP_sha256 ()) <= 0)
    fail ("cannot sign the CA certificate %s", unit);
  return g_steal_pointer (&cert);
}

static void
write_ca (const char *dir, const char *stem, long serial, const char *unit)
{
  g_autoptr (EVP_PKEY) key = generate_key ();
  g_autoptr (X509) cert = make_ca (key, serial, unit);
  g_autofree char *key_name = g_strconcat (stem, ".key", NULL);
  g_autofree char *cert_name = g_strconcat (stem, ".pem", NULL);

  write_pem (dir, key_name, TRUE, key);
  write_pem (dir, cert_name, FALSE, cert);
}

int
main (int argc, char **argv)
{
  guint64 user_keys = DEFAULT_USER_KEYS;

  if (argc < 2 || argc > 3
      || (argc == 3 && !g_ascii_string_to_unsigned (argv[2], 10, 2, 99, &user_keys, NULL)))
    {
      g_printerr ("usage: kiosk-make-test-ca OUTPUT_DIR [USER_KEYS (2-99)]\n");
      return 2;
    }
  const char *dir = argv[1];

  if (g_mkdir_with_parents (dir, 0755) != 0)
    fail ("cannot make %s: %s", dir, g_strerror (errno));

  /* Stale pool keys beyond the new count would be picked up by kiosk_test_ca_load. */
  for (guint i = (guint)user_keys; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("user-key-%02u.pem", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }

  write_ca (dir, "auth-ca", 1, "JPKI for user authentication (TEST)");
  write_ca (dir, "sign-ca", 2, "JPKI for digital signature (TEST)");
  write_master_key (dir);
  for (guint i = 0; i < user_keys; i++)
    {
      g_autoptr (EVP_PKEY) key = generate_key ();
      g_autofree char *name = g_strdup_printf ("user-key-%02u.pem", i);
      write_pem (dir, name, TRUE, key);
    }
  return 0;
}
