/* kiosk-test-ca.c: the test CA (auth + sign) made at build time, and issuing user certificates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-test-ca.h"

#include <gio/gio.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "kiosk-certificate-validity.h"
#include "kiosk-secret.h"

#define AUTH_POLICY_OID "1.2.392.200149.8.5.1.3.30"
#define SIGN_POLICY_OID "1.2.392.200149.8.5.1.1.20"
#define HOLDER_OID_PREFIX "1.2.392.200149.8.5.5."
#define MIN_USER_KEYS 2

struct _KioskTestCa
{
  GObject parent_instance;

  char *auth_ca_path;
  char *sign_ca_path;
  X509 *auth_ca;
  X509 *sign_ca;
  EVP_PKEY *auth_ca_key;
  EVP_PKEY *sign_ca_key;
  GBytes *auth_ca_der;
  GBytes *sign_ca_der;
  GPtrArray *user_keys; /* EVP_PKEY */
  GBytes *management_master_key;
};

G_DEFINE_FINAL_TYPE (KioskTestCa, kiosk_test_ca, G_TYPE_OBJECT)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_NAME, X509_NAME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_EXTENSION, X509_EXTENSION_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GENERAL_NAMES, GENERAL_NAMES_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_INTEGER, ASN1_INTEGER_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_TIME, ASN1_TIME_free)

static void
kiosk_test_ca_finalize (GObject *object)
{
  KioskTestCa *self = KIOSK_TEST_CA (object);

  g_free (self->auth_ca_path);
  g_free (self->sign_ca_path);
  X509_free (self->auth_ca);
  X509_free (self->sign_ca);
  EVP_PKEY_free (self->auth_ca_key);
  EVP_PKEY_free (self->sign_ca_key);
  g_clear_pointer (&self->auth_ca_der, g_bytes_unref);
  g_clear_pointer (&self->sign_ca_der, g_bytes_unref);
  g_clear_pointer (&self->user_keys, g_ptr_array_unref);
  g_clear_pointer (&self->management_master_key, g_bytes_unref);

  G_OBJECT_CLASS (kiosk_test_ca_parent_class)->finalize (object);
}

static void
kiosk_test_ca_class_init (KioskTestCaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_test_ca_finalize;
}

static void
kiosk_test_ca_init (KioskTestCa *self)
{
  self->user_keys = g_ptr_array_new_with_free_func ((GDestroyNotify)EVP_PKEY_free);
}

static void
set_missing_error (GError **error, const char *path, const char *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "%s: cannot read the test CA's %s (the build makes it: run ninja, or point "
               "KIOSK_TEST_CA_DIR at the build's cardio/virtual/test-ca)",
               path, what);
}

static X509 *
load_certificate (const char *path, GError **error)
{
  g_autoptr (BIO) bio = BIO_new_file (path, "r");
  X509 *cert = bio != NULL ? PEM_read_bio_X509 (bio, NULL, NULL, NULL) : NULL;

  if (cert == NULL)
    set_missing_error (error, path, "certificate");
  return cert;
}

static EVP_PKEY *
load_key (const char *path, GError **error)
{
  g_autoptr (BIO) bio = BIO_new_file (path, "r");
  EVP_PKEY *key = bio != NULL ? PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL) : NULL;

  if (key == NULL)
    set_missing_error (error, path, "private key");
  return key;
}

static GBytes *
certificate_to_der (X509 *cert)
{
  unsigned char *der = NULL;
  int len = i2d_X509 (cert, &der);

  g_return_val_if_fail (len > 0, NULL);
  GBytes *bytes = g_bytes_new (der, len);
  OPENSSL_free (der);
  return bytes;
}

static gboolean
load_ca (const char *dir, const char *stem, char **path_out, X509 **cert_out, EVP_PKEY **key_out,
         GBytes **der_out, GError **error)
{
  g_autofree char *cert_name = g_strconcat (stem, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (stem, ".key", NULL);
  g_autofree char *cert_path = g_build_filename (dir, cert_name, NULL);
  g_autofree char *key_path = g_build_filename (dir, key_name, NULL);
  g_autoptr (X509) cert = load_certificate (cert_path, error);
  if (cert == NULL)
    return FALSE;
  g_autoptr (EVP_PKEY) key = load_key (key_path, error);
  if (key == NULL)
    return FALSE;
  if (X509_check_private_key (cert, key) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s does not belong to %s (a half-rebuilt test CA? rebuild it)", key_path,
                   cert_path);
      return FALSE;
    }

  *der_out = certificate_to_der (cert);
  *path_out = g_steal_pointer (&cert_path);
  *cert_out = g_steal_pointer (&cert);
  *key_out = g_steal_pointer (&key);
  return TRUE;
}

KioskTestCa *
kiosk_test_ca_load (const char *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr (KioskTestCa) self = g_object_new (KIOSK_TYPE_TEST_CA, NULL);

  if (!load_ca (dir, "auth-ca", &self->auth_ca_path, &self->auth_ca, &self->auth_ca_key,
                &self->auth_ca_der, error)
      || !load_ca (dir, "sign-ca", &self->sign_ca_path, &self->sign_ca, &self->sign_ca_key,
                   &self->sign_ca_der, error))
    return NULL;

  /* The pool is user-key-00.pem, user-key-01.pem, … without gaps, so its order (and with it
   * which key a profile gets) does not depend on the directory's order. */
  for (guint i = 0;; i++)
    {
      g_autofree char *name = g_strdup_printf ("user-key-%02u.pem", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        break;
      EVP_PKEY *key = load_key (path, error);
      if (key == NULL)
        return NULL;
      g_ptr_array_add (self->user_keys, key);
    }
  if (self->user_keys->len < MIN_USER_KEYS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s: the test CA holds %u user keys, at least %u are needed", dir,
                   self->user_keys->len, MIN_USER_KEYS);
      return NULL;
    }

  g_autofree char *master_path = g_build_filename (dir, "management-master.key", NULL);
  g_autofree char *master = NULL;
  gsize master_len = 0;
  if (!g_file_get_contents (master_path, &master, &master_len, NULL))
    {
      set_missing_error (error, master_path, "management master key");
      return NULL;
    }
  if (master_len != 32)
    {
      kiosk_secret_wipe (master, master_len);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s holds %" G_GSIZE_FORMAT " bytes, 32 expected (rebuild the test CA)",
                   master_path, master_len);
      return NULL;
    }
  self->management_master_key = g_bytes_new (master, master_len);
  kiosk_secret_wipe (master, master_len);

  return g_steal_pointer (&self);
}

EVP_PKEY *
kiosk_test_ca_get_ca_key (KioskTestCa *self, KioskTestCaRole role)
{
  g_return_val_if_fail (KIOSK_IS_TEST_CA (self), NULL);
  return role == KIOSK_TEST_CA_ROLE_AUTH ? self->auth_ca_key : self->sign_ca_key;
}

X509 *
kiosk_test_ca_get_ca_certificate (KioskTestCa *self, KioskTestCaRole role)
{
  g_return_val_if_fail (KIOSK_IS_TEST_CA (self), NULL);
  return role == KIOSK_TEST_CA_ROLE_AUTH ? self->auth_ca : self->sign_ca;
}

GBytes *
kiosk_test_ca_get_management_master_key (KioskTestCa *self)
{
  g_return_val_if_fail (KIOSK_IS_TEST_CA (self), NULL);
  return self->management_master_key;
}

GBytes *
kiosk_test_ca_get_auth_ca_der (KioskTestCa *self)
{
  g_return_val_if_fail (KIOSK_IS_TEST_CA (self), NULL);
  return self->auth_ca_der;
}

GBytes *
kiosk_test_ca_get_sign_ca_der (KioskTestCa *self)
{
  g_return_val_if_fail (KIOSK_IS_TEST_CA (self), NULL);
  return self->sign_ca_der;
}

const char *
kiosk_test_ca_get_auth_ca_path (KioskTestCa *self)
{
  g_return_val_if_fail (KIOSK_IS_TEST_CA (self), NULL);
  return self->auth_ca_path;
}

const char *
kiosk_test_ca_get_sign_ca_path (KioskTestCa *self)
{
  g_return_val_if_fail (KIOSK_IS_TEST_CA (self), NULL);
  return self->sign_ca_path;
}

guint
kiosk_test_ca_get_user_key_count (KioskTestCa *self)
{
  g_return_val_if_fail (KIOSK_IS_TEST_CA (self), 0);
  return self->user_keys->len;
}

/* A stable digest of a few strings: what makes serials, ids and key choices repeatable. */
static void
digest_strings (guint8 digest[32], const char *first, ...)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = 32;
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_checksum_update (checksum, (const guchar *)s, strlen (s) + 1); /* + 1: NUL separates */
  va_end (args);
  g_checksum_get_digest (checksum, digest, &len);
}

EVP_PKEY *
kiosk_test_ca_pick_user_key (KioskTestCa *self, const char *seed, KioskTestCaRole role)
{
  g_return_val_if_fail (KIOSK_IS_TEST_CA (self), NULL);
  g_return_val_if_fail (seed != NULL, NULL);

  guint8 digest[32];
  guint count = self->user_keys->len;

  digest_strings (digest, "user-key", seed, NULL);
  guint auth = ((guint)digest[0] << 8 | digest[1]) % count;
  if (role == KIOSK_TEST_CA_ROLE_AUTH)
    return g_ptr_array_index (self->user_keys, auth);
  /* Any other key of the pool: an offset of 1 … count-1 from the auth key. */
  guint offset = 1 + ((guint)digest[2] << 8 | digest[3]) % (count - 1);
  return g_ptr_array_index (self->user_keys, (auth + offset) % count);
}

void
kiosk_test_ca_compute_expiry (const GDate *birth_date, const GDate *issued, GDate *expiry)
{
  g_return_if_fail (birth_date != NULL && g_date_valid (birth_date));
  g_return_if_fail (issued != NULL && g_date_valid (issued));
  g_return_if_fail (expiry != NULL);

  /* One rule, one place: born on 29 February, the birthday is 28 February in common years (the
   * documented default; see kiosk-certificate-validity.h and CARD-NOTES.md). */
  kiosk_certificate_expiry_date (birth_date, issued, KIOSK_LEAP_DAY_FEB_28, expiry);
}

char *
kiosk_test_ca_format_birth_date (const GDate *birth_date)
{
  g_return_val_if_fail (birth_date != NULL && g_date_valid (birth_date), NULL);

  /* First day of each era; the era digit is J-LIS's numbering (1 Meiji … 5 Reiwa), inferred
   * from a sample value "419900102" (Heisei 2 = 1990). */
  static const struct
  {
    guint yyyymmdd;
    char digit;
  } eras[] = {
    { 20190501, '5' }, { 19890108, '4' }, { 19261225, '3' }, { 19120730, '2' }, { 0, '1' },
  };
  guint value = g_date_get_year (birth_date) * 10000 + g_date_get_month (birth_date) * 100
                + g_date_get_day (birth_date);
  char digit = '1';

  for (guint i = 0; i < G_N_ELEMENTS (eras); i++)
    if (value >= eras[i].yyyymmdd)
      {
        digit = eras[i].digit;
        break;
      }
  return g_strdup_printf ("%c%08u", digit, value);
}

/* Seconds since the epoch of @date at @hour:@minute:@second in Japan (UTC+9, no DST). */
static gint64
japan_time (const GDate *date, int hour, int minute, int second)
{
  g_autoptr (GTimeZone) japan = g_time_zone_new_offset (9 * 3600);
  g_autoptr (GDateTime) when
             = g_date_time_new (japan, g_date_get_year (date), g_date_get_month (date),
                                g_date_get_day (date), hour, minute, second);
  return g_date_time_to_unix (when);
}

static char *
date_to_iso (const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

/* @len characters of A–Z and 0–9 drawn from @digest (as a real counter id or opaque CN looks). */
static char *
alphanumeric_from_digest (const guint8 *digest, gsize len)
{
  static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  char *text = g_malloc (len + 1);

  g_assert (len <= 20);
  for (gsize i = 0; i < len; i++)
    text[i] = alphabet[digest[i] % 36];
  text[len] = '\0';
  return text;
}

static gboolean
add_conf_extension (X509 *cert, X509V3_CTX *ctx, int nid, const char *value, GError **error)
{
  g_autoptr (X509_EXTENSION) extension = X509V3_EXT_conf_nid (NULL, ctx, nid, value);

  if (extension == NULL || X509_add_ext (cert, extension, -1) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot add the %s extension “%s”",
                   OBJ_nid2sn (nid), value);
      return FALSE;
    }
  return TRUE;
}

/* Built by hand: the text form of certificatePolicies needs an OpenSSL config database. */
static gboolean
add_policy (X509 *cert, const char *oid, GError **error)
{
  CERTIFICATEPOLICIES *policies = CERTIFICATEPOLICIES_new ();
  POLICYINFO *info = POLICYINFO_new ();

  ASN1_OBJECT_free (info->policyid);
  info->policyid = OBJ_txt2obj (oid, 1);
  sk_POLICYINFO_push (policies, info);
  gboolean ok
      = info->policyid != NULL
        && X509_add1_ext_i2d (cert, NID_certificate_policies, policies, 0, X509V3_ADD_DEFAULT) == 1;
  CERTIFICATEPOLICIES_free (policies);
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot add the certificate policy %s", oid);
  return ok;
}

static void
add_holder_name (GENERAL_NAMES *names, guint index, const char *utf8)
{
  g_autofree char *oid_text = g_strdup_printf (HOLDER_OID_PREFIX "%u", index);
  ASN1_OBJECT *oid = OBJ_txt2obj (oid_text, 1);
  ASN1_UTF8STRING *string = ASN1_UTF8STRING_new ();
  ASN1_TYPE *value = ASN1_TYPE_new ();
  GENERAL_NAME *name = GENERAL_NAME_new ();

  /* OTHERNAME's value is declared [0] EXPLICIT ANY: OpenSSL adds the [0] wrapper, so the bytes
   * come out as A0 len 0C len <UTF-8>, as on real cards. */
  ASN1_STRING_set (string, utf8, -1);
  ASN1_TYPE_set (value, V_ASN1_UTF8STRING, string);
  GENERAL_NAME_set0_othername (name, oid, value);
  sk_GENERAL_NAME_push (names, name);
}

static gboolean
add_holder_names (X509 *cert, KioskCardProfile *profile, GError **error)
{
  g_autoptr (GENERAL_NAMES) names = GENERAL_NAMES_new ();
  g_autofree char *birth
      = kiosk_test_ca_format_birth_date (kiosk_card_profile_get_birth_date (profile));

  /* .2 and .6 are the name and address with the characters JIS cannot hold replaced; our
   * holders need no replacement, so they repeat .1 and .5. */
  add_holder_name (names, 1, kiosk_card_profile_get_holder_name (profile));
  add_holder_name (names, 2, kiosk_card_profile_get_holder_name (profile));
  add_holder_name (names, 3, kiosk_card_profile_get_holder_gender (profile));
  add_holder_name (names, 4, birth);
  add_holder_name (names, 5, kiosk_card_profile_get_holder_address (profile));
  add_holder_name (names, 6, kiosk_card_profile_get_holder_address (profile));

  if (X509_add1_ext_i2d (cert, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot add the holder's otherNames");
      return FALSE;
    }
  return TRUE;
}

static X509_NAME *
make_subject (KioskTestCaRole role, KioskCardProfile *profile)
{
  X509_NAME *subject = X509_NAME_new ();
  const char *name = kiosk_card_profile_get_name (profile);
  guint8 digest[32];

  X509_NAME_add_entry_by_txt (subject, "C", MBSTRING_ASC, (const guchar *)"JP", -1, -1, 0);
  if (role == KIOSK_TEST_CA_ROLE_AUTH)
    {
      /* An opaque id, as on real cards (20 characters, nothing personal). */
      digest_strings (digest, "auth-cn", name, NULL);
      g_autofree char *cn = alphanumeric_from_digest (digest, 20);
      X509_NAME_add_entry_by_txt (subject, "CN", MBSTRING_ASC, (const guchar *)cn, -1, -1, 0);
      return subject;
    }

  /* Issue-request time (the issued day, at 09:30 — the counter's first hour), a 5-digit
   * sequence number and a 9-character counter id. */
  g_autofree char *issued = date_to_iso (kiosk_card_profile_get_issued (profile));
  digest_strings (digest, "sign-cn", name, issued, NULL);
  guint sequence = ((guint)digest[0] << 16 | (guint)digest[1] << 8 | digest[2]) % 100000;
  g_autofree char *counter = alphanumeric_from_digest (digest + 3, 9);
  char date[16];
  g_date_strftime (date, sizeof date, "%Y%m%d", kiosk_card_profile_get_issued (profile));
  g_autofree char *cn = g_strdup_printf ("%s093000%05u%s", date, sequence, counter);

  X509_NAME_add_entry_by_txt (subject, "L", MBSTRING_UTF8,
                              (const guchar *)kiosk_card_profile_get_holder_prefecture (profile),
                              -1, -1, 0);
  X509_NAME_add_entry_by_txt (subject, "L", MBSTRING_UTF8,
                              (const guchar *)kiosk_card_profile_get_holder_city (profile), -1, -1,
                              0);
  X509_NAME_add_entry_by_txt (subject, "CN", MBSTRING_ASC, (const guchar *)cn, -1, -1, 0);
  return subject;
}

static gboolean
set_serial (X509 *cert, KioskTestCaRole role, KioskCardProfile *profile)
{
  g_autofree char *issued = date_to_iso (kiosk_card_profile_get_issued (profile));
  g_autofree char *birth = date_to_iso (kiosk_card_profile_get_birth_date (profile));
  guint8 digest[32];

  /* 16 bytes from the profile and its dates: repeatable runs, and a different serial whenever
   * the certificate's content differs. Top bit clear (a positive INTEGER), next bit set (always
   * 16 bytes long). */
  digest_strings (digest, role == KIOSK_TEST_CA_ROLE_AUTH ? "auth" : "sign",
                  kiosk_card_profile_get_name (profile), issued, birth, NULL);
  digest[0] = (digest[0] & 0x7f) | 0x40;
  g_autoptr (BIGNUM) number = BN_bin2bn (digest, 16, NULL);
  g_autoptr (ASN1_INTEGER) serial = BN_to_ASN1_INTEGER (number, NULL);
  return serial != NULL && X509_set_serialNumber (cert, serial) == 1;
}

static gboolean
set_validity (X509 *cert, KioskCardProfile *profile)
{
  GDate expiry;

  kiosk_test_ca_compute_expiry (kiosk_card_profile_get_birth_date (profile),
                                kiosk_card_profile_get_issued (profile), &expiry);
  g_autoptr (ASN1_TIME) not_before = ASN1_TIME_set (
      NULL, (time_t)japan_time (kiosk_card_profile_get_issued (profile), 0, 0, 0));
  g_autoptr (ASN1_TIME) not_after = ASN1_TIME_set (NULL, (time_t)japan_time (&expiry, 23, 59, 59));

  return not_before != NULL && not_after != NULL && X509_set1_notBefore (cert, not_before) == 1
         && X509_set1_notAfter (cert, not_after) == 1;
}

GBytes *
kiosk_test_ca_issue_certificate (KioskTestCa *self, KioskTestCaRole role, KioskCardProfile *profile,
                                 EVP_PKEY *key, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TEST_CA (self), NULL);
  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gboolean auth = role == KIOSK_TEST_CA_ROLE_AUTH;
  X509 *ca = auth ? self->auth_ca : self->sign_ca;
  EVP_PKEY *ca_key = auth ? self->auth_ca_key : self->sign_ca_key;
  g_autoptr (X509) cert = X509_new ();
  g_autoptr (X509_NAME) subject = make_subject (role, profile);
  X509V3_CTX ctx;

  if (X509_set_version (cert, X509_VERSION_3) != 1 || !set_serial (cert, role, profile)
      || X509_set_issuer_name (cert, X509_get_subject_name (ca)) != 1
      || X509_set_subject_name (cert, subject) != 1 || !set_validity (cert, profile)
      || X509_set_pubkey (cert, key) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot fill in the %s certificate",
                   auth ? "auth" : "sign");
      return NULL;
    }

  X509V3_set_ctx (&ctx, ca, cert, NULL, NULL, 0);
  if (!add_conf_extension (
          cert, &ctx, NID_key_usage,
          auth ? "critical,digitalSignature" : "critical,digitalSignature,nonRepudiation", error)
      || !add_policy (cert, auth ? AUTH_POLICY_OID : SIGN_POLICY_OID, error)
      || !add_conf_extension (cert, &ctx, NID_authority_key_identifier, "keyid:always", error)
      || !add_conf_extension (cert, &ctx, NID_subject_key_identifier, "hash", error))
    return NULL;
  if (!auth && !add_holder_names (cert, profile, error))
    return NULL;

  if (X509_sign (cert, ca_key, EVP_sha256 ()) <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot sign the %s certificate",
                   auth ? "auth" : "sign");
      return NULL;
    }
  return certificate_to_der (cert);
}
