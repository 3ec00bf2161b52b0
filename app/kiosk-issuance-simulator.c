/* kiosk-issuance-simulator.c: the in-process issuance service (a local CA and resident records)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-issuance-simulator.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kiosk-card-management.h"
#include "kiosk-card-profile.h"
#include "kiosk-certificate-validity.h"

#define RESIDENT_GROUP "resident"
#define SIGN_MINIMUM_AGE 15

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_NAME, X509_NAME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY_CTX, EVP_PKEY_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OSSL_PARAM_BLD, OSSL_PARAM_BLD_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OSSL_PARAM, OSSL_PARAM_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_TIME, ASN1_TIME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ASN1_INTEGER, ASN1_INTEGER_free)

typedef struct
{
  KioskCardProfile *profile;
  char *auth_cn;
  gboolean adult_ward;
  gboolean revoked;
} Resident;

typedef enum
{
  STEP_OPEN,
  STEP_PROVE,
  STEP_AUTHORIZE,
  STEP_ISSUE,
  STEP_COMMIT,
} Step;

typedef enum
{
  STATE_OPENED,
  STATE_PROVEN,
  STATE_AUTHORIZED,
  STATE_ISSUED,
  STATE_COMMITTED,
} SessionState;

typedef struct
{
  char *id;
  KioskIssuanceProcedure procedure;
  GBytes *auth_certificate;
  GBytes *challenge;
  gint64 opened_us;
  SessionState state;
  Resident *resident; /* owned by the simulator */
  KioskIssuanceGrant grant;
  char *auth_serial;
  GDateTime *auth_not_after;
  KioskIssuedCertificates *issued;
  GBytes *issued_auth_modulus;
  GBytes *issued_sign_modulus;
} Session;

struct _KioskIssuanceSimulator
{
  GObject parent_instance;

  KioskTestCa *ca;
  KioskClock *clock;
  GBytes *master_key;
  guint session_ttl_ms;

  GMutex lock; /* everything below: the worker threads share it */
  KioskIssuanceSimulatorMode mode;
  guint mode_parameter;
  GPtrArray *residents;    /* Resident */
  GHashTable *sessions;    /* id → Session */
  GHashTable *idempotency; /* open key → session id */
  GHashTable *revoked;     /* serial (hex) → TRUE */
  guint issued_count;
  guint committed_count;
};

static void kiosk_issuance_simulator_service_init (KioskIssuanceServiceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KioskIssuanceSimulator, kiosk_issuance_simulator, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KIOSK_TYPE_ISSUANCE_SERVICE,
                                                      kiosk_issuance_simulator_service_init))

static void
resident_free (Resident *resident)
{
  g_clear_pointer (&resident->profile, kiosk_card_profile_unref);
  g_free (resident->auth_cn);
  g_free (resident);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Resident, resident_free)

static void
session_free (Session *session)
{
  g_free (session->id);
  g_clear_pointer (&session->auth_certificate, g_bytes_unref);
  g_clear_pointer (&session->challenge, g_bytes_unref);
  g_free (session->auth_serial);
  g_clear_pointer (&session->auth_not_after, g_date_time_unref);
  g_clear_pointer (&session->issued, kiosk_issued_certificates_free);
  g_clear_pointer (&session->issued_auth_modulus, g_bytes_unref);
  g_clear_pointer (&session->issued_sign_modulus, g_bytes_unref);
  g_free (session);
}

static void
kiosk_issuance_simulator_finalize (GObject *object)
{
  KioskIssuanceSimulator *self = KIOSK_ISSUANCE_SIMULATOR (object);

  g_clear_object (&self->ca);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->master_key, g_bytes_unref);
  g_clear_pointer (&self->residents, g_ptr_array_unref);
  g_clear_pointer (&self->sessions, g_hash_table_unref);
  g_clear_pointer (&self->idempotency, g_hash_table_unref);
  g_clear_pointer (&self->revoked, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kiosk_issuance_simulator_parent_class)->finalize (object);
}

static void
kiosk_issuance_simulator_class_init (KioskIssuanceSimulatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_issuance_simulator_finalize;
}

static void
kiosk_issuance_simulator_init (KioskIssuanceSimulator *self)
{
  g_mutex_init (&self->lock);
  self->residents = g_ptr_array_new_with_free_func ((GDestroyNotify)resident_free);
  self->sessions
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)session_free);
  self->idempotency = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->revoked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ---- certificates ---- */

static X509 *
parse_certificate (GBytes *der)
{
  gsize len = 0;
  const unsigned char *data = g_bytes_get_data (der, &len);

  return d2i_X509 (NULL, &data, (long)len);
}

static GBytes *
certificate_to_der (X509 *cert)
{
  unsigned char *der = NULL;
  int len = i2d_X509 (cert, &der);

  if (len <= 0)
    return NULL;
  GBytes *bytes = g_bytes_new (der, len);
  OPENSSL_free (der);
  return bytes;
}

static char *
subject_common_name (X509 *cert)
{
  X509_NAME *subject = X509_get_subject_name (cert);
  int index = X509_NAME_get_index_by_NID (subject, NID_commonName, -1);

  if (index < 0)
    return NULL;
  ASN1_STRING *value = X509_NAME_ENTRY_get_data (X509_NAME_get_entry (subject, index));
  return g_strndup ((const char *)ASN1_STRING_get0_data (value), ASN1_STRING_length (value));
}

static char *
serial_to_hex (X509 *cert)
{
  g_autoptr (BIGNUM) number = ASN1_INTEGER_to_BN (X509_get0_serialNumber (cert), NULL);
  char *hex = number != NULL ? BN_bn2hex (number) : NULL;
  char *copy = g_strdup (hex);

  OPENSSL_free (hex);
  return copy;
}

static EVP_PKEY *
public_key_from_modulus (GBytes *modulus, GError **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (modulus, &len);

  /* 2048 bits exactly: the top bit set, as a generated key's modulus always has it. */
  if (len != KIOSK_ISSUANCE_MODULUS_SIZE || (data[0] & 0x80) == 0)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "a new public key must be a 2048-bit modulus (%" G_GSIZE_FORMAT " bytes given)",
                   len);
      return NULL;
    }

  g_autoptr (BIGNUM) n = BN_bin2bn (data, (int)len, NULL);
  g_autoptr (BIGNUM) e = BN_new ();
  g_autoptr (OSSL_PARAM_BLD) builder = OSSL_PARAM_BLD_new ();
  BN_set_word (e, 65537);
  OSSL_PARAM_BLD_push_BN (builder, OSSL_PKEY_PARAM_RSA_N, n);
  OSSL_PARAM_BLD_push_BN (builder, OSSL_PKEY_PARAM_RSA_E, e);
  g_autoptr (OSSL_PARAM) params = OSSL_PARAM_BLD_to_param (builder);
  g_autoptr (EVP_PKEY_CTX) ctx = EVP_PKEY_CTX_new_from_name (NULL, "RSA", NULL);
  EVP_PKEY *key = NULL;

  if (params == NULL || ctx == NULL || EVP_PKEY_fromdata_init (ctx) != 1
      || EVP_PKEY_fromdata (ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "the new public key is not a usable RSA key");
      return NULL;
    }
  return key;
}

static gboolean
set_time (X509 *cert, GDateTime *not_before, GDateTime *not_after)
{
  g_autoptr (ASN1_TIME) before = ASN1_TIME_set (NULL, (time_t)g_date_time_to_unix (not_before));
  g_autoptr (ASN1_TIME) after = ASN1_TIME_set (NULL, (time_t)g_date_time_to_unix (not_after));

  return before != NULL && after != NULL && X509_set1_notBefore (cert, before) == 1
         && X509_set1_notAfter (cert, after) == 1;
}

static gboolean
set_random_serial (X509 *cert)
{
  guint8 bytes[16];

  /* Positive and always 16 bytes long, as the test CA's serials. */
  if (RAND_bytes (bytes, sizeof bytes) != 1)
    return FALSE;
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  g_autoptr (BIGNUM) number = BN_bin2bn (bytes, sizeof bytes, NULL);
  g_autoptr (ASN1_INTEGER) serial = BN_to_ASN1_INTEGER (number, NULL);
  return serial != NULL && X509_set_serialNumber (cert, serial) == 1;
}

/* The sign certificate's CN names its issue request: YYYYMMDDhhmmss (JST), a 5-digit sequence and
 * a 9-character counter id, as kiosk-test-ca.c makes them. */
static gboolean
set_sign_common_name (X509 *cert, GDateTime *now)
{
  static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  guint8 random[12];
  char counter[10];

  if (RAND_bytes (random, sizeof random) != 1)
    return FALSE;
  for (guint i = 0; i < 9; i++)
    counter[i] = alphabet[random[3 + i] % 36];
  counter[9] = '\0';
  guint sequence = ((guint)random[0] << 16 | (guint)random[1] << 8 | random[2]) % 100000;
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d%H%M%S");
  g_autofree char *cn = g_strdup_printf ("%s%05u%s", stamp, sequence, counter);

  g_autoptr (X509_NAME) subject = X509_NAME_dup (X509_get_subject_name (cert));
  int index = X509_NAME_get_index_by_NID (subject, NID_commonName, -1);
  if (index >= 0)
    X509_NAME_ENTRY_free (X509_NAME_delete_entry (subject, index));
  return X509_NAME_add_entry_by_NID (subject, NID_commonName, MBSTRING_ASC, (const guchar *)cn, -1,
                                     -1, 0)
             == 1
         && X509_set_subject_name (cert, subject) == 1;
}

/* The test CA makes the certificate's subject and extensions for the resident (one place for
 * them); the simulator then dates it today, gives it a fresh serial (and the sign certificate a
 * fresh issue-request CN) and signs it again with the same CA key. */
static GBytes *
issue_certificate (KioskIssuanceSimulator *self, Resident *resident, KioskTestCaRole role,
                   GBytes *modulus, GDateTime *now, GDateTime *not_after, GError **error)
{
  g_autoptr (EVP_PKEY) key = public_key_from_modulus (modulus, error);
  if (key == NULL)
    return NULL;
  g_autoptr (GBytes) template
             = kiosk_test_ca_issue_certificate (self->ca, role, resident->profile, key, error);
  if (template == NULL)
    return NULL;
  g_autoptr (X509) cert = parse_certificate (template);
  GDate today;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_autoptr (GDateTime) not_before = kiosk_certificate_start_of_day (&today);

  if (cert == NULL || !set_time (cert, not_before, not_after) || !set_random_serial (cert)
      || (role == KIOSK_TEST_CA_ROLE_SIGN && !set_sign_common_name (cert, now))
      || X509_sign (cert, kiosk_test_ca_get_ca_key (self->ca, role), EVP_sha256 ()) <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot issue the %s certificate",
                   role == KIOSK_TEST_CA_ROLE_AUTH ? "auth" : "sign");
      return NULL;
    }
  return certificate_to_der (cert);
}

/* ---- residents ---- */

static gboolean
read_fact (GKeyFile *key_file, const char *path, const char *key, gboolean *out, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (!g_key_file_has_key (key_file, RESIDENT_GROUP, key, NULL))
    return TRUE;
  *out = g_key_file_get_boolean (key_file, RESIDENT_GROUP, key, &local);
  if (local != NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s: [" RESIDENT_GROUP "] %s must be true or false", path, key);
      return FALSE;
    }
  return TRUE;
}

static Resident *
load_resident (KioskIssuanceSimulator *self, const char *path, GDateTime *now, GError **error)
{
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autoptr (Resident) resident = g_new0 (Resident, 1);

  if (!g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  g_auto (GStrv) keys = g_key_file_get_keys (key_file, RESIDENT_GROUP, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_str_equal (keys[i], "adult-ward") && !g_str_equal (keys[i], "revoked"))
      {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                     "%s: [" RESIDENT_GROUP "] unknown key %s", path, keys[i]);
        return NULL;
      }
  if (!read_fact (key_file, path, "adult-ward", &resident->adult_ward, error)
      || !read_fact (key_file, path, "revoked", &resident->revoked, error))
    return NULL;
  /* The profile loader leaves [resident] alone: those are the national system's facts. */
  resident->profile = kiosk_card_profile_load (path, now, error);
  if (resident->profile == NULL)
    return NULL;

  /* The auth CN is the test CA's opaque id for the profile: issue the certificate the card was
   * made with and read it back, rather than derive it a second time here. */
  EVP_PKEY *key = kiosk_test_ca_pick_user_key (
      self->ca, kiosk_card_profile_get_name (resident->profile), KIOSK_TEST_CA_ROLE_AUTH);
  g_autoptr (GBytes) der = kiosk_test_ca_issue_certificate (self->ca, KIOSK_TEST_CA_ROLE_AUTH,
                                                            resident->profile, key, error);
  if (der == NULL)
    return NULL;
  g_autoptr (X509) cert = parse_certificate (der);
  resident->auth_cn = cert != NULL ? subject_common_name (cert) : NULL;
  if (resident->auth_cn == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: no auth CN", path);
      return NULL;
    }
  return g_steal_pointer (&resident);
}

KioskIssuanceSimulator *
kiosk_issuance_simulator_new (KioskTestCa *ca, const char *cards_dir, KioskClock *clock,
                              guint session_ttl_ms, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TEST_CA (ca), NULL);
  g_return_val_if_fail (cards_dir != NULL, NULL);
  g_return_val_if_fail (KIOSK_IS_CLOCK (clock), NULL);

  g_autoptr (KioskIssuanceSimulator) self = g_object_new (KIOSK_TYPE_ISSUANCE_SIMULATOR, NULL);
  g_autoptr (GDateTime) now = kiosk_clock_now (clock);

  self->ca = g_object_ref (ca);
  self->clock = g_object_ref (clock);
  self->master_key = g_bytes_ref (kiosk_test_ca_get_management_master_key (ca));
  self->session_ttl_ms = session_ttl_ms;

  g_auto (GStrv) names = kiosk_card_profile_list (cards_dir, error);
  if (names == NULL)
    return NULL;
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *file = g_strconcat (names[i], ".card", NULL);
      g_autofree char *path = g_build_filename (cards_dir, file, NULL);
      Resident *resident = load_resident (self, path, now, error);

      if (resident == NULL)
        return NULL;
      g_ptr_array_add (self->residents, resident);
    }
  return g_steal_pointer (&self);
}

void
kiosk_issuance_simulator_set_mode (KioskIssuanceSimulator *self, KioskIssuanceSimulatorMode mode,
                                   guint parameter)
{
  g_return_if_fail (KIOSK_IS_ISSUANCE_SIMULATOR (self));
  g_mutex_lock (&self->lock);
  self->mode = mode;
  self->mode_parameter = parameter;
  g_mutex_unlock (&self->lock);
}

KioskIssuanceSimulatorMode
kiosk_issuance_simulator_get_mode (KioskIssuanceSimulator *self, guint *parameter)
{
  g_return_val_if_fail (KIOSK_IS_ISSUANCE_SIMULATOR (self), KIOSK_ISSUANCE_SIMULATOR_UP);
  g_mutex_lock (&self->lock);
  KioskIssuanceSimulatorMode mode = self->mode;
  if (parameter != NULL)
    *parameter = self->mode_parameter;
  g_mutex_unlock (&self->lock);
  return mode;
}

static Resident *
find_resident_by_name (KioskIssuanceSimulator *self, const char *name)
{
  for (guint i = 0; i < self->residents->len; i++)
    {
      Resident *resident = g_ptr_array_index (self->residents, i);
      if (g_str_equal (kiosk_card_profile_get_name (resident->profile), name))
        return resident;
    }
  return NULL;
}

static Resident *
find_resident_by_cn (KioskIssuanceSimulator *self, const char *cn)
{
  for (guint i = 0; i < self->residents->len; i++)
    {
      Resident *resident = g_ptr_array_index (self->residents, i);
      if (g_str_equal (resident->auth_cn, cn))
        return resident;
    }
  return NULL;
}

gboolean
kiosk_issuance_simulator_set_resident_facts (KioskIssuanceSimulator *self, const char *name,
                                             gboolean adult_ward, gboolean revoked)
{
  g_return_val_if_fail (KIOSK_IS_ISSUANCE_SIMULATOR (self), FALSE);
  g_mutex_lock (&self->lock);
  Resident *resident = find_resident_by_name (self, name);
  if (resident != NULL)
    {
      resident->adult_ward = adult_ward;
      resident->revoked = revoked;
    }
  g_mutex_unlock (&self->lock);
  return resident != NULL;
}

guint
kiosk_issuance_simulator_get_issued_count (KioskIssuanceSimulator *self)
{
  g_return_val_if_fail (KIOSK_IS_ISSUANCE_SIMULATOR (self), 0);
  g_mutex_lock (&self->lock);
  guint count = self->issued_count;
  g_mutex_unlock (&self->lock);
  return count;
}

guint
kiosk_issuance_simulator_get_committed_count (KioskIssuanceSimulator *self)
{
  g_return_val_if_fail (KIOSK_IS_ISSUANCE_SIMULATOR (self), 0);
  g_mutex_lock (&self->lock);
  guint count = self->committed_count;
  g_mutex_unlock (&self->lock);
  return count;
}

/* ---- the steps (worker thread, under the lock) ---- */

typedef struct
{
  Step step;
  KioskIssuanceProcedure procedure;
  char *session_id;
  char *idempotency_key;
  GBytes *first;  /* auth certificate, signature, card id, auth modulus */
  GBytes *second; /* card challenge, sign modulus */
} Request;

static void
request_free (Request *request)
{
  g_free (request->session_id);
  g_free (request->idempotency_key);
  g_clear_pointer (&request->first, g_bytes_unref);
  g_clear_pointer (&request->second, g_bytes_unref);
  g_free (request);
}

typedef struct
{
  char *session_id;
  GBytes *challenge;
} Opened;

static void
opened_free (Opened *opened)
{
  g_free (opened->session_id);
  g_clear_pointer (&opened->challenge, g_bytes_unref);
  g_free (opened);
}

static GBytes *
random_bytes (gsize len)
{
  guint8 *data = g_malloc (len);

  if (RAND_bytes (data, (int)len) != 1)
    g_error ("the random generator failed");
  return g_bytes_new_take (data, len);
}

static Session *
find_session (KioskIssuanceSimulator *self, const char *id, GError **error)
{
  Session *session = g_hash_table_lookup (self->sessions, id);

  if (session == NULL)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_NOT_FOUND,
                   "no issuance session %s", id);
      return NULL;
    }
  if (session->state != STATE_COMMITTED
      && g_get_monotonic_time () - session->opened_us > (gint64)self->session_ttl_ms * 1000)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_SESSION_EXPIRED,
                   "the issuance session %s expired before it was committed", id);
      return NULL;
    }
  return session;
}

static Opened *
open_session (KioskIssuanceSimulator *self, Request *request, GError **error)
{
  Opened *opened = g_new0 (Opened, 1);
  const char *known = g_hash_table_lookup (self->idempotency, request->idempotency_key);

  if (known != NULL)
    {
      Session *session = g_hash_table_lookup (self->sessions, known);
      opened->session_id = g_strdup (session->id);
      opened->challenge = g_bytes_ref (session->challenge);
      return opened;
    }

  Session *session = g_new0 (Session, 1);
  g_autoptr (GBytes) id_bytes = random_bytes (16);
  gsize id_len = 0;
  const guint8 *id_data = g_bytes_get_data (id_bytes, &id_len);
  GString *id = g_string_new ("s-");
  for (gsize i = 0; i < id_len; i++)
    g_string_append_printf (id, "%02x", id_data[i]);
  session->id = g_string_free (id, FALSE);
  session->procedure = request->procedure;
  session->auth_certificate = g_bytes_ref (request->first);
  session->challenge = random_bytes (KIOSK_ISSUANCE_CHALLENGE_SIZE);
  session->opened_us = g_get_monotonic_time ();
  session->state = STATE_OPENED;
  g_hash_table_insert (self->sessions, session->id, session);
  g_hash_table_insert (self->idempotency, g_strdup (request->idempotency_key),
                       g_strdup (session->id));
  (void)error;

  opened->session_id = g_strdup (session->id);
  opened->challenge = g_bytes_ref (session->challenge);
  return opened;
}

static guint
age_on (const GDate *birth, const GDate *day)
{
  guint age = g_date_get_year (day) - g_date_get_year (birth);

  if (g_date_get_month (day) < g_date_get_month (birth)
      || (g_date_get_month (day) == g_date_get_month (birth)
          && g_date_get_day (day) < g_date_get_day (birth)))
    age--;
  return age;
}

static void
today_in_japan (KioskIssuanceSimulator *self, GDate *today, GDateTime **now_out)
{
  g_autoptr (GDateTime) now = kiosk_clock_now (self->clock);

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (now_out != NULL)
    *now_out = g_steal_pointer (&now);
}

static KioskIssuanceGrant *
prove (KioskIssuanceSimulator *self, Request *request, GError **error)
{
  Session *session = find_session (self, request->session_id, error);
  if (session == NULL)
    return NULL;

  g_autoptr (X509) cert = parse_certificate (session->auth_certificate);
  X509 *ca = kiosk_test_ca_get_ca_certificate (self->ca, KIOSK_TEST_CA_ROLE_AUTH);
  if (cert == NULL || X509_check_issued (ca, cert) != X509_V_OK
      || X509_verify (cert, X509_get0_pubkey (ca)) != 1)
    {
      kiosk_issuance_set_refused (error, KIOSK_ISSUANCE_REASON_UNTRUSTED_CARD,
                                  "the certificate was not issued by the issuer's auth CA");
      return NULL;
    }

  g_autoptr (EVP_MD_CTX) md = EVP_MD_CTX_new ();
  gsize challenge_len = 0, signature_len = 0;
  const guint8 *challenge = g_bytes_get_data (session->challenge, &challenge_len);
  const guint8 *signature = g_bytes_get_data (request->first, &signature_len);
  if (EVP_DigestVerifyInit (md, NULL, EVP_sha256 (), NULL, X509_get0_pubkey (cert)) != 1
      || EVP_DigestVerify (md, signature, signature_len, challenge, challenge_len) != 1)
    {
      kiosk_issuance_set_refused (error, KIOSK_ISSUANCE_REASON_BAD_SIGNATURE,
                                  "the signature over the challenge does not verify");
      return NULL;
    }

  g_autofree char *cn = subject_common_name (cert);
  Resident *resident = cn != NULL ? find_resident_by_cn (self, cn) : NULL;
  if (resident == NULL)
    {
      kiosk_issuance_set_refused (error, KIOSK_ISSUANCE_REASON_UNKNOWN_RESIDENT,
                                  "no resident record for this card");
      return NULL;
    }
  g_autofree char *serial = serial_to_hex (cert);
  if (resident->revoked || g_hash_table_contains (self->revoked, serial))
    {
      kiosk_issuance_set_refused (error, KIOSK_ISSUANCE_REASON_REVOKED,
                                  "the card's certificate is revoked");
      return NULL;
    }

  GDate today;
  today_in_japan (self, &today, NULL);
  KioskIssuanceGrant grant = { .auth = session->procedure == KIOSK_ISSUANCE_PROCEDURE_RENEW,
                               .sign = TRUE,
                               .sign_reason = KIOSK_ISSUANCE_REASON_NONE };
  if (age_on (kiosk_card_profile_get_birth_date (resident->profile), &today) < SIGN_MINIMUM_AGE)
    grant.sign_reason = KIOSK_ISSUANCE_REASON_MINOR;
  else if (resident->adult_ward)
    grant.sign_reason = KIOSK_ISSUANCE_REASON_ADULT_WARD;
  grant.sign = grant.sign_reason == KIOSK_ISSUANCE_REASON_NONE;
  if (!grant.auth && !grant.sign)
    {
      kiosk_issuance_set_refused (error, grant.sign_reason,
                                  "no signature certificate may be issued (%s)",
                                  kiosk_issuance_reason_to_string (grant.sign_reason));
      return NULL;
    }

  const ASN1_TIME *not_after = X509_get0_notAfter (cert);
  struct tm tm;
  if (ASN1_TIME_to_tm (not_after, &tm) == 1)
    {
      g_clear_pointer (&session->auth_not_after, g_date_time_unref);
      g_autoptr (GDateTime) utc = g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                                       tm.tm_hour, tm.tm_min, tm.tm_sec);
      session->auth_not_after = kiosk_clock_to_local (utc);
    }
  g_free (session->auth_serial);
  session->auth_serial = g_steal_pointer (&serial);
  session->resident = resident;
  session->grant = grant;
  session->state = MAX (session->state, STATE_PROVEN);
  return g_memdup2 (&grant, sizeof grant);
}

static GBytes *
authorize (KioskIssuanceSimulator *self, Request *request, GError **error)
{
  Session *session = find_session (self, request->session_id, error);
  if (session == NULL)
    return NULL;
  if (session->state < STATE_PROVEN)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "card management before the card was proven");
      return NULL;
    }
  if (g_bytes_get_size (request->first) != KIOSK_CARD_MANAGEMENT_CARD_ID_LENGTH
      || g_bytes_get_size (request->second) != KIOSK_CARD_MANAGEMENT_CHALLENGE_LENGTH)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "a card id is 16 bytes and a card challenge 8");
      return NULL;
    }
  g_autoptr (GBytes) card_key = kiosk_card_management_derive_key (self->master_key, request->first);
  GBytes *cryptogram = kiosk_card_management_cryptogram (card_key, request->second, session->id);
  session->state = MAX (session->state, STATE_AUTHORIZED);
  return cryptogram;
}

static gboolean
same_bytes (GBytes *a, GBytes *b)
{
  return (a == NULL && b == NULL) || (a != NULL && b != NULL && g_bytes_equal (a, b));
}

static KioskIssuedCertificates *
issue (KioskIssuanceSimulator *self, Request *request, GError **error)
{
  Session *session = find_session (self, request->session_id, error);
  if (session == NULL)
    return NULL;
  if (session->state >= STATE_ISSUED)
    {
      /* A retry: the same answer, never a second issuance. */
      if (!same_bytes (session->issued_auth_modulus, request->first)
          || !same_bytes (session->issued_sign_modulus, request->second))
        {
          g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                       "this session already issued certificates for other keys");
          return NULL;
        }
      return kiosk_issued_certificates_copy (session->issued);
    }
  if (session->state < STATE_AUTHORIZED)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "certificates asked for before card management was authorised");
      return NULL;
    }
  gboolean renew = session->procedure == KIOSK_ISSUANCE_PROCEDURE_RENEW;
  if ((renew && request->first == NULL) || (!renew && request->first != NULL)
      || (!renew && request->second == NULL))
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "a renewal needs a new auth key, a sign re-issue a new sign key alone");
      return NULL;
    }
  if (request->second != NULL && !session->grant.sign)
    {
      kiosk_issuance_set_refused (error, session->grant.sign_reason,
                                  "no signature certificate may be issued (%s)",
                                  kiosk_issuance_reason_to_string (session->grant.sign_reason));
      return NULL;
    }

  GDate today;
  g_autoptr (GDateTime) now = NULL;
  today_in_japan (self, &today, &now);
  g_autoptr (GDateTime) not_after = kiosk_certificate_not_after (
      kiosk_card_profile_get_birth_date (session->resident->profile), &today,
      KIOSK_LEAP_DAY_FEB_28);
  g_autoptr (KioskIssuedCertificates) issued = g_new0 (KioskIssuedCertificates, 1);

  if (renew)
    {
      issued->auth_certificate = issue_certificate (
          self, session->resident, KIOSK_TEST_CA_ROLE_AUTH, request->first, now, not_after, error);
      if (issued->auth_certificate == NULL)
        return NULL;
    }
  if (request->second != NULL)
    {
      g_autoptr (GDateTime) sign_not_after
                 = renew || session->auth_not_after == NULL
                       ? g_date_time_ref (not_after)
                       : kiosk_certificate_reissued_sign_not_after (session->auth_not_after);
      issued->sign_certificate
          = issue_certificate (self, session->resident, KIOSK_TEST_CA_ROLE_SIGN, request->second,
                               now, sign_not_after, error);
      if (issued->sign_certificate == NULL)
        return NULL;
    }
  issued->auth_ca_certificate = g_bytes_ref (kiosk_test_ca_get_auth_ca_der (self->ca));
  issued->sign_ca_certificate = g_bytes_ref (kiosk_test_ca_get_sign_ca_der (self->ca));

  session->issued = kiosk_issued_certificates_copy (issued);
  session->issued_auth_modulus = request->first != NULL ? g_bytes_ref (request->first) : NULL;
  session->issued_sign_modulus = request->second != NULL ? g_bytes_ref (request->second) : NULL;
  session->state = STATE_ISSUED;
  self->issued_count++;
  return g_steal_pointer (&issued);
}

static gboolean
commit (KioskIssuanceSimulator *self, Request *request, GError **error)
{
  Session *session = find_session (self, request->session_id, error);
  if (session == NULL)
    return FALSE;
  if (session->state == STATE_COMMITTED)
    return TRUE;
  if (session->state < STATE_ISSUED)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "nothing was issued in session %s", session->id);
      return FALSE;
    }
  /* The renewed card's old auth certificate is replaced: it is revoked from now on. */
  if (session->procedure == KIOSK_ISSUANCE_PROCEDURE_RENEW && session->auth_serial != NULL)
    g_hash_table_add (self->revoked, g_strdup (session->auth_serial));
  session->state = STATE_COMMITTED;
  self->committed_count++;
  return TRUE;
}

static void
run_request (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  KioskIssuanceSimulator *self = source;
  Request *request = task_data;
  GError *error = NULL;
  guint parameter = 0;
  KioskIssuanceSimulatorMode mode = kiosk_issuance_simulator_get_mode (self, &parameter);

  (void)cancellable;
  switch (mode)
    {
    case KIOSK_ISSUANCE_SIMULATOR_DOWN:
      g_task_return_new_error (task, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_UNAVAILABLE,
                               "the issuance service is down");
      return;
    case KIOSK_ISSUANCE_SIMULATOR_BUSY:
      kiosk_issuance_set_busy (&error, parameter);
      g_task_return_error (task, error);
      return;
    case KIOSK_ISSUANCE_SIMULATOR_SLOW:
      g_usleep ((gulong)parameter * 1000);
      break;
    case KIOSK_ISSUANCE_SIMULATOR_UP:
      break;
    }

  g_mutex_lock (&self->lock);
  switch (request->step)
    {
    case STEP_OPEN:
      {
        Opened *opened = open_session (self, request, &error);
        if (opened != NULL)
          g_task_return_pointer (task, opened, (GDestroyNotify)opened_free);
        break;
      }
    case STEP_PROVE:
      {
        KioskIssuanceGrant *grant = prove (self, request, &error);
        if (grant != NULL)
          g_task_return_pointer (task, grant, g_free);
        break;
      }
    case STEP_AUTHORIZE:
      {
        GBytes *cryptogram = authorize (self, request, &error);
        if (cryptogram != NULL)
          g_task_return_pointer (task, cryptogram, (GDestroyNotify)g_bytes_unref);
        break;
      }
    case STEP_ISSUE:
      {
        KioskIssuedCertificates *issued = issue (self, request, &error);
        if (issued != NULL)
          g_task_return_pointer (task, issued, (GDestroyNotify)kiosk_issued_certificates_free);
        break;
      }
    case STEP_COMMIT:
      if (commit (self, request, &error))
        g_task_return_boolean (task, TRUE);
      break;
    }
  g_mutex_unlock (&self->lock);
  if (error != NULL)
    g_task_return_error (task, error);
}

static void
start (KioskIssuanceSimulator *self, Request *request, GCancellable *cancellable,
       GAsyncReadyCallback callback, gpointer user_data, gpointer tag)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);
  g_task_run_in_thread (task, run_request);
}

static GBytes *
ref_or_null (GBytes *bytes)
{
  return bytes != NULL ? g_bytes_ref (bytes) : NULL;
}

static void
simulator_open_session (KioskIssuanceService *service, KioskIssuanceProcedure procedure,
                        GBytes *auth_certificate, const char *idempotency_key,
                        GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  Request *request = g_new0 (Request, 1);

  request->step = STEP_OPEN;
  request->procedure = procedure;
  request->first = g_bytes_ref (auth_certificate);
  request->idempotency_key = g_strdup (idempotency_key);
  start (KIOSK_ISSUANCE_SIMULATOR (service), request, cancellable, callback, user_data,
         simulator_open_session);
}

static char *
simulator_open_session_finish (KioskIssuanceService *service, GAsyncResult *result,
                               GBytes **challenge, GError **error)
{
  (void)service;
  Opened *opened = g_task_propagate_pointer (G_TASK (result), error);
  if (opened == NULL)
    return NULL;
  char *id = g_steal_pointer (&opened->session_id);
  if (challenge != NULL)
    *challenge = g_steal_pointer (&opened->challenge);
  opened_free (opened);
  return id;
}

static void
simulator_prove (KioskIssuanceService *service, const char *session_id, GBytes *signature,
                 GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  Request *request = g_new0 (Request, 1);

  request->step = STEP_PROVE;
  request->session_id = g_strdup (session_id);
  request->first = g_bytes_ref (signature);
  start (KIOSK_ISSUANCE_SIMULATOR (service), request, cancellable, callback, user_data,
         simulator_prove);
}

static gboolean
simulator_prove_finish (KioskIssuanceService *service, GAsyncResult *result,
                        KioskIssuanceGrant *grant, GError **error)
{
  (void)service;
  g_autofree KioskIssuanceGrant *answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return FALSE;
  if (grant != NULL)
    *grant = *answer;
  return TRUE;
}

static void
simulator_authorize_management (KioskIssuanceService *service, const char *session_id,
                                GBytes *card_id, GBytes *card_challenge, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  Request *request = g_new0 (Request, 1);

  request->step = STEP_AUTHORIZE;
  request->session_id = g_strdup (session_id);
  request->first = g_bytes_ref (card_id);
  request->second = g_bytes_ref (card_challenge);
  start (KIOSK_ISSUANCE_SIMULATOR (service), request, cancellable, callback, user_data,
         simulator_authorize_management);
}

static GBytes *
simulator_authorize_management_finish (KioskIssuanceService *service, GAsyncResult *result,
                                       GError **error)
{
  (void)service;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
simulator_issue (KioskIssuanceService *service, const char *session_id, GBytes *auth_modulus,
                 GBytes *sign_modulus, GCancellable *cancellable, GAsyncReadyCallback callback,
                 gpointer user_data)
{
  Request *request = g_new0 (Request, 1);

  request->step = STEP_ISSUE;
  request->session_id = g_strdup (session_id);
  request->first = ref_or_null (auth_modulus);
  request->second = ref_or_null (sign_modulus);
  start (KIOSK_ISSUANCE_SIMULATOR (service), request, cancellable, callback, user_data,
         simulator_issue);
}

static KioskIssuedCertificates *
simulator_issue_finish (KioskIssuanceService *service, GAsyncResult *result, GError **error)
{
  (void)service;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
simulator_commit (KioskIssuanceService *service, const char *session_id, GCancellable *cancellable,
                  GAsyncReadyCallback callback, gpointer user_data)
{
  Request *request = g_new0 (Request, 1);

  request->step = STEP_COMMIT;
  request->session_id = g_strdup (session_id);
  start (KIOSK_ISSUANCE_SIMULATOR (service), request, cancellable, callback, user_data,
         simulator_commit);
}

static gboolean
simulator_commit_finish (KioskIssuanceService *service, GAsyncResult *result, GError **error)
{
  (void)service;
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
kiosk_issuance_simulator_service_init (KioskIssuanceServiceInterface *iface)
{
  iface->open_session = simulator_open_session;
  iface->open_session_finish = simulator_open_session_finish;
  iface->prove = simulator_prove;
  iface->prove_finish = simulator_prove_finish;
  iface->authorize_management = simulator_authorize_management;
  iface->authorize_management_finish = simulator_authorize_management_finish;
  iface->issue = simulator_issue;
  iface->issue_finish = simulator_issue_finish;
  iface->commit = simulator_commit;
  iface->commit_finish = simulator_commit_finish;
}
