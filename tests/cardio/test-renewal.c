/* test-renewal.c: a whole certificate renewal through the card worker and the in-process card,
 * the test playing the issuance service; and the card pulled at every APDU of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>
#include <string.h>

#include "cardio-test-util.h"
#include "kiosk-card-error.h"
#include "kiosk-card-management.h"
#include "kiosk-card-worker.h"
#include "kiosk-certificate.h"
#include "kiosk-jpki.h"
#include "kiosk-virtual-transport.h"

#define RESULT_TIMEOUT_MS 10000
#define SESSION "renewal-test-session-1"
#define OLD_PIN "1234"
#define OLD_PASSWORD "ABC123"
#define NEW_PIN "5678"
#define NEW_PASSWORD "XYZ789"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OSSL_PARAM_BLD, OSSL_PARAM_BLD_free)

typedef struct
{
  KioskVirtualTransport *reader;
  KioskCardWorker *worker;
  KioskVirtualCard *card;
  KioskReaderState state;
} Fixture;

/* --- running the worker synchronously ------------------------------------------------------ */

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
state_cb (KioskCardWorker *worker, KioskReaderState state, const char *name, Fixture *f)
{
  f->state = state;
}

static void
wait_for_state (Fixture *f, KioskReaderState state)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (RESULT_TIMEOUT_MS, timeout_cb, &timed_out);

  while (f->state != state && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static void
result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* Iterates until the request answered; returns its result (transfer full). */
static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (RESULT_TIMEOUT_MS, timeout_cb, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
  return g_steal_pointer (slot);
}

static void
fixture_set_up (Fixture *f, KioskVirtualCard *card)
{
  g_autoptr (KioskTrustStore) trust = cardio_test_trust_store_new (TRUE, FALSE);

  f->reader = kiosk_virtual_transport_new ();
  f->worker = kiosk_card_worker_new (KIOSK_CARD_TRANSPORT (f->reader), trust);
  f->card = g_object_ref (card);
  f->state = KIOSK_READER_STATE_NO_SERVICE;
  g_signal_connect (f->worker, "reader-state-changed", G_CALLBACK (state_cb), f);
  kiosk_card_worker_start (f->worker);
  wait_for_state (f, KIOSK_READER_STATE_EMPTY);
  kiosk_virtual_transport_insert (f->reader, card);
  wait_for_state (f, KIOSK_READER_STATE_CARD_PRESENT);
}

static void
fixture_tear_down (Fixture *f)
{
  kiosk_card_worker_stop (f->worker);
  g_signal_handlers_disconnect_by_data (f->worker, f);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->worker);
  g_clear_object (&f->reader);
  g_clear_object (&f->card);
}

/* Takes the card out and puts it back in (the card resets, as on insertion). */
static void
reinsert (Fixture *f)
{
  kiosk_virtual_transport_remove (f->reader);
  wait_for_state (f, KIOSK_READER_STATE_EMPTY);
  kiosk_virtual_transport_insert (f->reader, f->card);
  wait_for_state (f, KIOSK_READER_STATE_CARD_PRESENT);
}

static gboolean
verify (Fixture *f, KioskJpkiSecret which, const char *secret, guint *tries_left, GError **error)
{
  g_autoptr (KioskSecret) snapshot = kiosk_secret_new_from_string (secret);
  GAsyncResult *slot = NULL;

  kiosk_card_worker_verify_async (f->worker, which, snapshot, NULL, result_cb, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_verify_finish (f->worker, result, tries_left, error);
}

static GBytes *
sign (Fixture *f, KioskJpkiSecret which, GBytes *digest_info, GError **error)
{
  GAsyncResult *slot = NULL;

  kiosk_card_worker_sign_async (f->worker, which, digest_info, NULL, result_cb, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_sign_finish (f->worker, result, error);
}

static GBytes *
get_card_id (Fixture *f, GError **error)
{
  GAsyncResult *slot = NULL;

  kiosk_card_worker_get_card_id_async (f->worker, NULL, result_cb, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_get_card_id_finish (f->worker, result, error);
}

static GBytes *
get_challenge (Fixture *f, GError **error)
{
  GAsyncResult *slot = NULL;

  kiosk_card_worker_get_challenge_async (f->worker, NULL, result_cb, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_get_challenge_finish (f->worker, result, error);
}

static gboolean
external_authenticate (Fixture *f, const char *session_id, GBytes *cryptogram, GError **error)
{
  GAsyncResult *slot = NULL;

  kiosk_card_worker_external_authenticate_async (f->worker, session_id, cryptogram, NULL, result_cb,
                                                 &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_external_authenticate_finish (f->worker, result, error);
}

static GBytes *
generate_key_pair (Fixture *f, KioskJpkiSecret which, GError **error)
{
  GAsyncResult *slot = NULL;

  kiosk_card_worker_generate_key_pair_async (f->worker, which, NULL, result_cb, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_generate_key_pair_finish (f->worker, result, error);
}

static gboolean
write_certificates (Fixture *f, GBytes *auth, GBytes *sign_cert, GBytes *auth_ca, GBytes *sign_ca,
                    GError **error)
{
  GAsyncResult *slot = NULL;

  kiosk_card_worker_write_certificates_async (f->worker, auth, sign_cert, auth_ca, sign_ca, NULL,
                                              result_cb, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_write_certificates_finish (f->worker, result, error);
}

static gboolean
activate (Fixture *f, GError **error)
{
  GAsyncResult *slot = NULL;

  kiosk_card_worker_activate_async (f->worker, NULL, result_cb, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_activate_finish (f->worker, result, error);
}

static gboolean
set_secret (Fixture *f, KioskJpkiSecret which, const char *secret, GError **error)
{
  g_autoptr (KioskSecret) snapshot = kiosk_secret_new_from_string (secret);
  GAsyncResult *slot = NULL;

  kiosk_card_worker_set_secret_async (f->worker, which, snapshot, NULL, result_cb, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_set_secret_finish (f->worker, result, error);
}

static gboolean
change_secret (Fixture *f, KioskJpkiSecret which, const char *current, const char *new_secret,
               guint *tries_left, GError **error)
{
  g_autoptr (KioskSecret) current_snapshot = kiosk_secret_new_from_string (current);
  g_autoptr (KioskSecret) new_snapshot = kiosk_secret_new_from_string (new_secret);
  GAsyncResult *slot = NULL;

  kiosk_card_worker_change_secret_async (f->worker, which, current_snapshot, new_snapshot, NULL,
                                         result_cb, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_change_secret_finish (f->worker, result, tries_left, error);
}

static KioskCardStatus *
read_status (Fixture *f, GError **error)
{
  GAsyncResult *slot = NULL;

  kiosk_card_worker_read_status_async (f->worker, NULL, result_cb, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_read_status_finish (f->worker, result, error);
}

/* --- the service's part ---------------------------------------------------------------------- */

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
issue (KioskVirtualCard *card, KioskTestCaRole role, GBytes *modulus)
{
  g_autoptr (EVP_PKEY) key = key_from_modulus (modulus);
  g_autoptr (GError) error = NULL;
  GBytes *der = kiosk_test_ca_issue_certificate (
      cardio_test_get_ca (), role, kiosk_virtual_card_get_profile (card), key, &error);
  g_assert_no_error (error);
  return der;
}

/* Asserts @der was signed by the test CA's certificate of @role. */
static void
assert_chains_to_test_ca (GBytes *der, KioskTestCaRole role)
{
  const unsigned char *p = g_bytes_get_data (der, NULL);
  g_autoptr (X509) cert = d2i_X509 (NULL, &p, (long)g_bytes_get_size (der));
  X509 *ca = kiosk_test_ca_get_ca_certificate (cardio_test_get_ca (), role);

  g_assert_nonnull (cert);
  g_assert_cmpint (X509_verify (cert, X509_get0_pubkey (ca)), ==, 1);
  g_assert_cmpint (X509_NAME_cmp (X509_get_issuer_name (cert), X509_get_subject_name (ca)), ==, 0);
}

/* The card signs a fresh DigestInfo with @which's key (verified before) and the signature
 * verifies with @certificate_der. */
static void
assert_card_signs_for (Fixture *f, KioskJpkiSecret which, GBytes *certificate_der)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *message = g_strdup_printf ("nonce %u", g_random_int ());
  g_autoptr (GBytes) digest_info
             = kiosk_jpki_sha256_digest_info ((const guint8 *)message, strlen (message));
  g_autoptr (GBytes) signature = sign (f, which, digest_info, &error);
  g_assert_no_error (error);
  g_autoptr (KioskCertificate) certificate
             = kiosk_certificate_new_from_der (certificate_der, &error);
  g_assert_no_error (error);
  g_assert_true (
      kiosk_certificate_verify_digest_info (certificate, digest_info, signature, &error));
  g_assert_no_error (error);
}

/* How far a renewal got: which steps finished. */
typedef enum
{
  STEP_VERIFIED,
  STEP_PROVEN,   /* the auth key signed the service's challenge */
  STEP_MANAGING, /* EXTERNAL AUTHENTICATE accepted */
  STEP_GENERATED,
  STEP_WRITTEN,
  STEP_ACTIVATED,
  STEP_PIN_SET,
  STEP_PASSWORD_SET,
  STEP_NONE = -1,
} Step;

typedef struct
{
  Step done;
  GBytes *new_auth;
  GBytes *new_sign;
  GError *error;
} Renewal;

static void
renewal_clear (Renewal *r)
{
  g_clear_pointer (&r->new_auth, g_bytes_unref);
  g_clear_pointer (&r->new_sign, g_bytes_unref);
  g_clear_error (&r->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Renewal, renewal_clear)

/* The relay of design.md ("The issuance service") with the test as the service. Stops at the
 * first error, which it keeps in r->error. */
static void
run_renewal (Fixture *f, Renewal *r)
{
  KioskTestCa *ca = cardio_test_get_ca ();
  GError **error = &r->error;

  r->done = STEP_NONE;
  if (!verify (f, KIOSK_JPKI_AUTH, OLD_PIN, NULL, error)
      || !verify (f, KIOSK_JPKI_SIGN, OLD_PASSWORD, NULL, error))
    return;
  r->done = STEP_VERIFIED;

  /* Step 3: the card proves itself with the auth key over the service's challenge. */
  g_autoptr (GBytes) service_challenge = kiosk_jpki_sha256_digest_info ((const guint8 *)"c", 1);
  g_autoptr (GBytes) proof = sign (f, KIOSK_JPKI_AUTH, service_challenge, error);
  if (proof == NULL)
    return;
  g_autoptr (KioskCertificate) presented = kiosk_certificate_new_from_der (
      kiosk_virtual_card_get_auth_certificate (f->card), NULL);
  g_assert_true (kiosk_certificate_verify_digest_info (presented, service_challenge, proof, NULL));
  r->done = STEP_PROVEN;

  /* Step 4: the service derives K_card and answers the card's challenge. */
  g_autoptr (GBytes) card_id = get_card_id (f, error);
  if (card_id == NULL)
    return;
  g_autoptr (GBytes) card_key = kiosk_card_management_derive_key (
      kiosk_test_ca_get_management_master_key (ca), card_id);
  g_autoptr (GBytes) challenge = get_challenge (f, error);
  if (challenge == NULL)
    return;
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (card_key, challenge, SESSION);
  if (!external_authenticate (f, SESSION, cryptogram, error))
    return;
  r->done = STEP_MANAGING;

  /* Step 5: both keys first, then the certificates, then the switch, then the secrets. */
  g_autoptr (GBytes) auth_modulus = generate_key_pair (f, KIOSK_JPKI_AUTH, error);
  if (auth_modulus == NULL)
    return;
  g_autoptr (GBytes) sign_modulus = generate_key_pair (f, KIOSK_JPKI_SIGN, error);
  if (sign_modulus == NULL)
    return;
  r->done = STEP_GENERATED;
  r->new_auth = issue (f->card, KIOSK_TEST_CA_ROLE_AUTH, auth_modulus);
  r->new_sign = issue (f->card, KIOSK_TEST_CA_ROLE_SIGN, sign_modulus);
  if (!write_certificates (f, r->new_auth, r->new_sign, kiosk_test_ca_get_auth_ca_der (ca),
                           kiosk_test_ca_get_sign_ca_der (ca), error))
    return;
  r->done = STEP_WRITTEN;
  if (!activate (f, error))
    return;
  r->done = STEP_ACTIVATED;
  if (!set_secret (f, KIOSK_JPKI_AUTH, NEW_PIN, error))
    return;
  r->done = STEP_PIN_SET;
  if (!set_secret (f, KIOSK_JPKI_SIGN, NEW_PASSWORD, error))
    return;
  r->done = STEP_PASSWORD_SET;
}

/* --- tests ---------------------------------------------------------------------------------- */

static void
test_renewal (void)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (GBytes) old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (card));
  g_autoptr (GBytes) old_sign = g_bytes_ref (kiosk_virtual_card_get_sign_certificate (card));
  g_auto (Renewal) r = { 0 };
  g_autoptr (GError) error = NULL;
  guint tries = 99;
  Fixture f = { 0 };

  fixture_set_up (&f, card);
  run_renewal (&f, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.done, ==, STEP_PASSWORD_SET);

  /* Read back as the kiosk would after the card comes back. */
  reinsert (&f);
  g_autoptr (KioskCardStatus) status = read_status (&f, &error);
  g_assert_no_error (error);
  KioskCertificate *auth = kiosk_card_status_get_auth_certificate (status);
  g_assert_true (g_bytes_equal (kiosk_certificate_get_der (auth), r.new_auth));
  g_assert_false (g_bytes_equal (r.new_auth, old_auth));
  g_assert_true (kiosk_card_status_get_auth_trusted (status));
  g_assert_cmpint (kiosk_card_status_get_auth_tries_left (status), ==, 3);
  g_assert_cmpint (kiosk_card_status_get_sign_tries_left (status), ==, 5);
  assert_chains_to_test_ca (r.new_auth, KIOSK_TEST_CA_ROLE_AUTH);
  assert_chains_to_test_ca (r.new_sign, KIOSK_TEST_CA_ROLE_SIGN);
  g_assert_true (g_bytes_equal (kiosk_virtual_card_get_sign_certificate (card), r.new_sign));
  g_assert_false (g_bytes_equal (r.new_sign, old_sign));

  /* The old secrets are gone, the new ones work, and the new keys sign for the new certs. */
  g_assert_false (verify (&f, KIOSK_JPKI_AUTH, OLD_PIN, &tries, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN);
  g_assert_cmpuint (tries, ==, 2);
  g_clear_error (&error);
  g_assert_true (verify (&f, KIOSK_JPKI_AUTH, NEW_PIN, &tries, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tries, ==, 3);
  g_assert_true (verify (&f, KIOSK_JPKI_SIGN, NEW_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  assert_card_signs_for (&f, KIOSK_JPKI_AUTH, r.new_auth);
  assert_card_signs_for (&f, KIOSK_JPKI_SIGN, r.new_sign);

  fixture_tear_down (&f);
}

/* A resident who declined the signature certificate renews with the 4-digit PIN alone: auth key
 * and certificate only, no sign password EF appears. */
static void
test_renewal_auth_only (void)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new_from_keys ("certificates=auth\n");
  KioskTestCa *ca = cardio_test_get_ca ();
  g_autoptr (GError) error = NULL;
  Fixture f = { 0 };

  fixture_set_up (&f, card);
  g_assert_true (verify (&f, KIOSK_JPKI_AUTH, OLD_PIN, NULL, &error));
  g_autoptr (GBytes) card_id = get_card_id (&f, &error);
  g_autoptr (GBytes) key = kiosk_card_management_derive_key (
      kiosk_test_ca_get_management_master_key (ca), card_id);
  g_autoptr (GBytes) challenge = get_challenge (&f, &error);
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (key, challenge, SESSION);
  g_assert_true (external_authenticate (&f, SESSION, cryptogram, &error));
  g_autoptr (GBytes) modulus = generate_key_pair (&f, KIOSK_JPKI_AUTH, &error);
  g_assert_no_error (error);
  g_autoptr (GBytes) new_auth = issue (card, KIOSK_TEST_CA_ROLE_AUTH, modulus);
  g_assert_true (
      write_certificates (&f, new_auth, NULL, kiosk_test_ca_get_auth_ca_der (ca), NULL, &error));
  g_assert_true (activate (&f, &error));
  g_assert_true (set_secret (&f, KIOSK_JPKI_AUTH, NEW_PIN, &error));
  g_assert_no_error (error);

  reinsert (&f);
  g_autoptr (KioskCardStatus) status = read_status (&f, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (
      kiosk_certificate_get_der (kiosk_card_status_get_auth_certificate (status)), new_auth));
  g_assert_true (kiosk_card_status_get_auth_trusted (status));
  g_assert_cmpint (kiosk_card_status_get_sign_tries_left (status), ==, -1);
  g_assert_null (kiosk_virtual_card_get_sign_certificate (card));
  g_assert_true (verify (&f, KIOSK_JPKI_AUTH, NEW_PIN, NULL, &error));
  assert_card_signs_for (&f, KIOSK_JPKI_AUTH, new_auth);

  fixture_tear_down (&f);
}

static void
test_sign_needs_verify_in_session (void)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) digest_info = kiosk_jpki_sha256_digest_info ((const guint8 *)"x", 1);
  Fixture f = { 0 };

  fixture_set_up (&f, card);
  g_autoptr (GBytes) refused = sign (&f, KIOSK_JPKI_AUTH, digest_info, &error);
  g_assert_null (refused);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED);
  g_clear_error (&error);

  /* Verified, the next request signs on the same connection… */
  g_assert_true (verify (&f, KIOSK_JPKI_AUTH, OLD_PIN, NULL, &error));
  assert_card_signs_for (&f, KIOSK_JPKI_AUTH, kiosk_virtual_card_get_auth_certificate (card));

  /* …but not after the card was taken out and put back. */
  reinsert (&f);
  g_autoptr (GBytes) after_reset = sign (&f, KIOSK_JPKI_AUTH, digest_info, &error);
  g_assert_null (after_reset);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED);

  fixture_tear_down (&f);
}

static void
test_verify_tries_left (void)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (GError) error = NULL;
  guint tries = 99;
  Fixture f = { 0 };

  fixture_set_up (&f, card);
  g_assert_false (verify (&f, KIOSK_JPKI_SIGN, "WRONG1", &tries, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN);
  g_assert_cmpuint (tries, ==, 4);
  g_clear_error (&error);
  g_assert_false (verify (&f, KIOSK_JPKI_SIGN, "WRONG2", &tries, &error));
  g_assert_cmpuint (tries, ==, 3);
  g_clear_error (&error);
  g_assert_true (verify (&f, KIOSK_JPKI_SIGN, OLD_PASSWORD, &tries, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tries, ==, 5);

  fixture_tear_down (&f);
}

static void
test_change_secret (void)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (GError) error = NULL;
  guint tries = 99;
  Fixture f = { 0 };

  fixture_set_up (&f, card);
  g_assert_false (change_secret (&f, KIOSK_JPKI_AUTH, "0000", NEW_PIN, &tries, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN);
  g_assert_cmpuint (tries, ==, 2);
  g_clear_error (&error);

  g_assert_true (change_secret (&f, KIOSK_JPKI_AUTH, OLD_PIN, NEW_PIN, &tries, &error));
  g_assert_no_error (error);
  /* a success gives back the full count, as a VERIFY does */
  g_assert_cmpuint (tries, ==, 3);
  reinsert (&f);
  g_assert_true (verify (&f, KIOSK_JPKI_AUTH, NEW_PIN, NULL, &error));
  g_assert_no_error (error);

  fixture_tear_down (&f);
}

static void
test_management_needs_authentication (void)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (GError) error = NULL;
  Fixture f = { 0 };

  fixture_set_up (&f, card);
  g_autoptr (GBytes) modulus = generate_key_pair (&f, KIOSK_JPKI_AUTH, &error);
  g_assert_null (modulus);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED);
  g_clear_error (&error);

  /* A cryptogram for someone else's session is refused the same way. */
  g_autoptr (GBytes) card_id = get_card_id (&f, &error);
  g_autoptr (GBytes) key = kiosk_card_management_derive_key (
      kiosk_test_ca_get_management_master_key (cardio_test_get_ca ()), card_id);
  g_autoptr (GBytes) challenge = get_challenge (&f, &error);
  g_autoptr (GBytes) cryptogram = kiosk_card_management_cryptogram (key, challenge, "other");
  g_assert_false (external_authenticate (&f, SESSION, cryptogram, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED);
  g_clear_error (&error);
  g_assert_false (activate (&f, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED);

  fixture_tear_down (&f);
}

/* Pulled at APDU @pull_at of a renewal: afterwards the card is wholly old or wholly new, and
 * its keys sign for the certificates it holds. */
static void
check_pull_at (guint pull_at, guint *apdus_of_full_run)
{
  g_autofree char *keys = g_strdup_printf ("pull-at-apdu=%u\n", pull_at);
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new_from_keys (keys);
  g_autoptr (GBytes) old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (card));
  g_autoptr (GBytes) old_sign = g_bytes_ref (kiosk_virtual_card_get_sign_certificate (card));
  g_auto (Renewal) r = { 0 };
  g_autoptr (GError) error = NULL;
  Fixture f = { 0 };

  fixture_set_up (&f, card);
  run_renewal (&f, &r);
  if (pull_at == 0)
    {
      g_assert_no_error (r.error);
      *apdus_of_full_run = kiosk_virtual_card_get_apdu_count (card);
    }
  else
    {
      g_assert_error (r.error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED);
      g_test_message ("pulled at APDU %u: the renewal got past step %d", pull_at, r.done);
    }

  reinsert (&f);
  GBytes *auth = kiosk_virtual_card_get_auth_certificate (card);
  GBytes *sign_cert = kiosk_virtual_card_get_sign_certificate (card);
  gboolean is_new = r.done >= STEP_ACTIVATED;
  if (is_new)
    {
      g_assert_true (g_bytes_equal (auth, r.new_auth));
      g_assert_true (g_bytes_equal (sign_cert, r.new_sign));
    }
  else
    {
      g_assert_true (g_bytes_equal (auth, old_auth));
      g_assert_true (g_bytes_equal (sign_cert, old_sign));
    }

  /* The PIN and password that work are the ones the steps done say. */
  g_assert_true (
      verify (&f, KIOSK_JPKI_AUTH, r.done >= STEP_PIN_SET ? NEW_PIN : OLD_PIN, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (verify (&f, KIOSK_JPKI_SIGN,
                         r.done >= STEP_PASSWORD_SET ? NEW_PASSWORD : OLD_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  assert_card_signs_for (&f, KIOSK_JPKI_AUTH, auth);
  assert_card_signs_for (&f, KIOSK_JPKI_SIGN, sign_cert);

  fixture_tear_down (&f);
}

static void
test_pull_at_every_apdu (void)
{
  guint total = 0;

  check_pull_at (0, &total);
  /* Two VERIFYs with their SELECTs come before anything can change: start there anyway. */
  g_assert_cmpuint (total, >, 20);
  for (guint n = 1; n <= total; n++)
    check_pull_at (n, NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cardio/renewal/worker/full", test_renewal);
  g_test_add_func ("/cardio/renewal/worker/auth-only", test_renewal_auth_only);
  g_test_add_func ("/cardio/renewal/worker/sign-needs-verify-in-session",
                   test_sign_needs_verify_in_session);
  g_test_add_func ("/cardio/renewal/worker/verify-tries-left", test_verify_tries_left);
  g_test_add_func ("/cardio/renewal/worker/change-secret", test_change_secret);
  g_test_add_func ("/cardio/renewal/worker/management-needs-authentication",
                   test_management_needs_authentication);
  g_test_add_func ("/cardio/renewal/worker/pull-at-every-apdu", test_pull_at_every_apdu);

  return g_test_run ();
}
