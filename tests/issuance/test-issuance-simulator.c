/* test-issuance-simulator.c: the in-process issuance simulator end to end, with real crypto
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "issuance-test-util.h"
#include "kiosk-card-management.h"
#include "kiosk-certificate-validity.h"
#include "kiosk-issuance-simulator.h"
#include "kiosk-virtual-card.h"

typedef struct
{
  char *cards_dir;
  KioskTestCa *ca;
  KioskClock *clock;
  KioskIssuanceSimulator *simulator;
  KioskIssuanceService *service;
} Fixture;

static void
fixture_set_up_with_ttl (Fixture *fixture, guint ttl_ms)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = issuance_test_now ();

  fixture->cards_dir = issuance_test_make_cards_dir ();
  fixture->ca = kiosk_test_ca_load (issuance_test_ca_dir (), &error);
  g_assert_no_error (error);
  fixture->clock = kiosk_clock_new_fixed (now);
  fixture->simulator = kiosk_issuance_simulator_new (fixture->ca, fixture->cards_dir,
                                                     fixture->clock, ttl_ms, &error);
  g_assert_no_error (error);
  fixture->service = KIOSK_ISSUANCE_SERVICE (fixture->simulator);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  (void)data;
  fixture_set_up_with_ttl (fixture, 60000);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  (void)data;
  g_clear_object (&fixture->simulator);
  g_clear_object (&fixture->clock);
  g_clear_object (&fixture->ca);
  issuance_test_remove_tree (fixture->cards_dir);
  g_free (fixture->cards_dir);
}

/* ---- synchronous wrappers over the async interface ---- */

static char *
open_session (Fixture *fixture, KioskIssuanceProcedure procedure, GBytes *certificate,
              const char *key, GBytes **challenge, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_issuance_service_open_session (fixture->service, procedure, certificate, key, NULL,
                                       issuance_test_store_result, &result);
  return kiosk_issuance_service_open_session_finish (fixture->service, issuance_test_wait (&result),
                                                     challenge, error);
}

static gboolean
prove (Fixture *fixture, const char *session, GBytes *signature, KioskIssuanceGrant *grant,
       GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_issuance_service_prove (fixture->service, session, signature, NULL,
                                issuance_test_store_result, &result);
  return kiosk_issuance_service_prove_finish (fixture->service, issuance_test_wait (&result), grant,
                                              error);
}

static GBytes *
authorize (Fixture *fixture, const char *session, GBytes *card_id, GBytes *card_challenge,
           GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_issuance_service_authorize_management (fixture->service, session, card_id, card_challenge,
                                               NULL, issuance_test_store_result, &result);
  return kiosk_issuance_service_authorize_management_finish (fixture->service,
                                                             issuance_test_wait (&result), error);
}

static KioskIssuedCertificates *
issue (Fixture *fixture, const char *session, GBytes *auth_modulus, GBytes *sign_modulus,
       GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_issuance_service_issue (fixture->service, session, auth_modulus, sign_modulus, NULL,
                                issuance_test_store_result, &result);
  return kiosk_issuance_service_issue_finish (fixture->service, issuance_test_wait (&result),
                                              error);
}

static gboolean
commit (Fixture *fixture, const char *session, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  kiosk_issuance_service_commit (fixture->service, session, NULL, issuance_test_store_result,
                                 &result);
  return kiosk_issuance_service_commit_finish (fixture->service, issuance_test_wait (&result),
                                               error);
}

/* Opens and proves a session for the card of profile @name; returns the session id. */
static char *
open_and_prove (Fixture *fixture, const char *name, KioskIssuanceProcedure procedure,
                KioskIssuanceGrant *grant, GError **error)
{
  g_autoptr (GBytes) certificate
             = issuance_test_auth_certificate (fixture->ca, fixture->cards_dir, name);
  g_autoptr (GBytes) challenge = NULL;
  g_autofree char *key = g_strdup_printf ("open-%s-%d", name, g_random_int ());
  g_autofree char *session = open_session (fixture, procedure, certificate, key, &challenge, NULL);

  g_assert_nonnull (session);
  g_autoptr (GBytes) signature
             = issuance_test_sign (issuance_test_auth_key (fixture->ca, name), challenge);
  if (!prove (fixture, session, signature, grant, error))
    return NULL;
  return g_steal_pointer (&session);
}

static GBytes *
authorize_card (Fixture *fixture, const char *session, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) card_id = issuance_test_card_id (name);
  static const guint8 challenge_bytes[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  g_autoptr (GBytes) card_challenge = g_bytes_new_static (challenge_bytes, 8);
  GBytes *cryptogram = authorize (fixture, session, card_id, card_challenge, &error);

  g_assert_no_error (error);
  return cryptogram;
}

static GBytes *
pool_modulus (Fixture *fixture, const char *seed, KioskTestCaRole role)
{
  return issuance_test_modulus (kiosk_test_ca_pick_user_key (fixture->ca, seed, role));
}

static void
get_birth_date (Fixture *fixture, const char *name, GDate *birth)
{
  g_autoptr (GDateTime) now = issuance_test_now ();
  g_autoptr (KioskCardProfile) profile
             = kiosk_card_profile_load_named (fixture->cards_dir, name, now, NULL);

  g_assert_nonnull (profile);
  *birth = *kiosk_card_profile_get_birth_date (profile);
}

/* ---- cases ---- */

static void
test_renew_end_to_end (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KioskIssuanceGrant grant;
  g_autofree char *session = open_and_prove (fixture, "renewal-window-open",
                                             KIOSK_ISSUANCE_PROCEDURE_RENEW, &grant, &error);
  (void)data;
  g_assert_no_error (error);
  g_assert_true (grant.auth);
  g_assert_true (grant.sign);

  /* The cryptogram is what the card computes with its own key over its challenge and session. */
  g_autoptr (GBytes) cryptogram = authorize_card (fixture, session, "renewal-window-open");
  g_autoptr (GBytes) card_id = issuance_test_card_id ("renewal-window-open");
  g_autoptr (GBytes) card_key = kiosk_card_management_derive_key (
      kiosk_test_ca_get_management_master_key (fixture->ca), card_id);
  static const guint8 challenge_bytes[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  g_autoptr (GBytes) card_challenge = g_bytes_new_static (challenge_bytes, 8);
  g_autoptr (GBytes) expected
             = kiosk_card_management_cryptogram (card_key, card_challenge, session);
  g_assert_true (g_bytes_equal (cryptogram, expected));

  g_autoptr (GBytes) auth_modulus = pool_modulus (fixture, "new-keys", KIOSK_TEST_CA_ROLE_AUTH);
  g_autoptr (GBytes) sign_modulus = pool_modulus (fixture, "new-keys", KIOSK_TEST_CA_ROLE_SIGN);
  g_autoptr (KioskIssuedCertificates) issued
             = issue (fixture, session, auth_modulus, sign_modulus, &error);
  g_assert_no_error (error);
  g_assert_nonnull (issued->auth_certificate);
  g_assert_nonnull (issued->sign_certificate);

  /* Chains to the test CA the kiosk trusts, and carries the new keys. */
  g_assert_true (
      g_bytes_equal (issued->auth_ca_certificate, kiosk_test_ca_get_auth_ca_der (fixture->ca)));
  g_assert_true (
      g_bytes_equal (issued->sign_ca_certificate, kiosk_test_ca_get_sign_ca_der (fixture->ca)));
  g_assert_true (issuance_test_chains_to (issued->auth_certificate, issued->auth_ca_certificate));
  g_assert_true (issuance_test_chains_to (issued->sign_certificate, issued->sign_ca_certificate));
  g_assert_true (issuance_test_has_modulus (issued->auth_certificate, auth_modulus));
  g_assert_true (issuance_test_has_modulus (issued->sign_certificate, sign_modulus));

  /* Valid from today 00:00 JST until the 5th birthday after today, 23:59:59 JST. */
  GDate birth, today;
  get_birth_date (fixture, "renewal-window-open", &birth);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 25, G_DATE_NOVEMBER, 2026);
  g_autoptr (GDateTime) not_after
             = kiosk_certificate_not_after (&birth, &today, KIOSK_LEAP_DAY_FEB_28);
  g_autoptr (GDateTime) not_before = kiosk_certificate_start_of_day (&today);
  g_assert_cmpint (issuance_test_not_after (issued->auth_certificate), ==,
                   g_date_time_to_unix (not_after));
  g_assert_cmpint (issuance_test_not_after (issued->sign_certificate), ==,
                   g_date_time_to_unix (not_after));
  g_assert_cmpint (issuance_test_not_before (issued->auth_certificate), ==,
                   g_date_time_to_unix (not_before));
  g_assert_cmpint (g_date_time_get_year (not_after), >=, 2030);

  /* Subjects: the auth CN is the resident's opaque id (unchanged); the sign CN names today's
   * issue request. */
  g_autoptr (GBytes) old_auth = issuance_test_auth_certificate (fixture->ca, fixture->cards_dir,
                                                                "renewal-window-open");
  g_autofree char *old_cn = issuance_test_common_name (old_auth);
  g_autofree char *auth_cn = issuance_test_common_name (issued->auth_certificate);
  g_autofree char *sign_cn = issuance_test_common_name (issued->sign_certificate);
  g_assert_cmpstr (auth_cn, ==, old_cn);
  g_assert_true (g_str_has_prefix (sign_cn, "20261125100000"));
  g_assert_cmpuint (strlen (sign_cn), ==, 14 + 5 + 9);
  g_autoptr (X509) sign = issuance_test_parse (issued->sign_certificate);
  g_assert_cmpint (X509_get_ext_by_NID (sign, NID_subject_alt_name, -1), >=, 0);

  g_assert_true (commit (fixture, session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_issuance_simulator_get_issued_count (fixture->simulator), ==, 1);
  g_assert_cmpuint (kiosk_issuance_simulator_get_committed_count (fixture->simulator), ==, 1);
}

static void
test_minor_renews_auth_only (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KioskIssuanceGrant grant;
  g_autofree char *session
      = open_and_prove (fixture, "minor", KIOSK_ISSUANCE_PROCEDURE_RENEW, &grant, &error);
  (void)data;
  g_assert_no_error (error);
  g_assert_true (grant.auth);
  g_assert_false (grant.sign);
  g_assert_cmpint (grant.sign_reason, ==, KIOSK_ISSUANCE_REASON_MINOR);

  g_autoptr (GBytes) cryptogram = authorize_card (fixture, session, "minor");
  g_autoptr (GBytes) auth_modulus = pool_modulus (fixture, "minor-new", KIOSK_TEST_CA_ROLE_AUTH);
  g_autoptr (GBytes) sign_modulus = pool_modulus (fixture, "minor-new", KIOSK_TEST_CA_ROLE_SIGN);

  /* Asking for a sign certificate anyway is refused, with the reason. */
  g_autoptr (KioskIssuedCertificates) refused
             = issue (fixture, session, auth_modulus, sign_modulus, &error);
  g_assert_null (refused);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_REFUSED);
  g_assert_cmpint (kiosk_issuance_error_get_reason (error), ==, KIOSK_ISSUANCE_REASON_MINOR);
  g_clear_error (&error);

  g_autoptr (KioskIssuedCertificates) issued = issue (fixture, session, auth_modulus, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (issued->auth_certificate);
  g_assert_null (issued->sign_certificate);
  g_assert_true (issuance_test_chains_to (issued->auth_certificate, issued->auth_ca_certificate));
}

static void
test_minor_reissue_sign_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KioskIssuanceGrant grant;
  g_autofree char *session
      = open_and_prove (fixture, "minor", KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN, &grant, &error);
  (void)data;
  g_assert_null (session);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_REFUSED);
  g_assert_cmpint (kiosk_issuance_error_get_reason (error), ==, KIOSK_ISSUANCE_REASON_MINOR);
}

static void
test_reissue_sign_ends_with_auth (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KioskIssuanceGrant grant;
  g_autofree char *session
      = open_and_prove (fixture, "valid", KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN, &grant, &error);
  (void)data;
  g_assert_no_error (error);
  g_assert_false (grant.auth);
  g_assert_true (grant.sign);
  g_autoptr (GBytes) cryptogram = authorize_card (fixture, session, "valid");
  g_autoptr (GBytes) sign_modulus = pool_modulus (fixture, "valid-new", KIOSK_TEST_CA_ROLE_SIGN);
  g_autoptr (KioskIssuedCertificates) issued = issue (fixture, session, NULL, sign_modulus, &error);
  g_assert_no_error (error);
  g_assert_null (issued->auth_certificate);
  g_assert_nonnull (issued->sign_certificate);

  g_autoptr (GBytes) auth
             = issuance_test_auth_certificate (fixture->ca, fixture->cards_dir, "valid");
  g_assert_cmpint (issuance_test_not_after (issued->sign_certificate), ==,
                   issuance_test_not_after (auth));
  g_assert_true (issuance_test_chains_to (issued->sign_certificate, issued->sign_ca_certificate));
}

static void
test_retries_are_idempotent (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) certificate
             = issuance_test_auth_certificate (fixture->ca, fixture->cards_dir, "valid");
  g_autoptr (GBytes) challenge = NULL;
  g_autoptr (GBytes) challenge_again = NULL;
  (void)data;

  g_autofree char *session = open_session (fixture, KIOSK_ISSUANCE_PROCEDURE_RENEW, certificate,
                                           "same-key", &challenge, &error);
  g_autofree char *again = open_session (fixture, KIOSK_ISSUANCE_PROCEDURE_RENEW, certificate,
                                         "same-key", &challenge_again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session, ==, again);
  g_assert_true (g_bytes_equal (challenge, challenge_again));
  g_assert_cmpuint (g_bytes_get_size (challenge), ==, 32);

  g_autoptr (GBytes) signature
             = issuance_test_sign (issuance_test_auth_key (fixture->ca, "valid"), challenge);
  g_assert_true (prove (fixture, session, signature, NULL, &error));
  g_assert_true (prove (fixture, session, signature, NULL, &error));
  g_autoptr (GBytes) cryptogram = authorize_card (fixture, session, "valid");
  g_autoptr (GBytes) cryptogram_again = authorize_card (fixture, session, "valid");
  g_assert_true (g_bytes_equal (cryptogram, cryptogram_again));

  g_autoptr (GBytes) auth_modulus = pool_modulus (fixture, "retry", KIOSK_TEST_CA_ROLE_AUTH);
  g_autoptr (GBytes) sign_modulus = pool_modulus (fixture, "retry", KIOSK_TEST_CA_ROLE_SIGN);
  g_autoptr (KioskIssuedCertificates) first
             = issue (fixture, session, auth_modulus, sign_modulus, &error);
  g_autoptr (KioskIssuedCertificates) second
             = issue (fixture, session, auth_modulus, sign_modulus, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (first->auth_certificate, second->auth_certificate));
  g_assert_true (g_bytes_equal (first->sign_certificate, second->sign_certificate));
  g_assert_cmpuint (kiosk_issuance_simulator_get_issued_count (fixture->simulator), ==, 1);

  g_assert_true (commit (fixture, session, &error));
  g_assert_true (commit (fixture, session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_issuance_simulator_get_committed_count (fixture->simulator), ==, 1);
}

static void
test_other_keys_after_issuance_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *session
      = open_and_prove (fixture, "valid", KIOSK_ISSUANCE_PROCEDURE_RENEW, NULL, &error);
  (void)data;
  g_autoptr (GBytes) cryptogram = authorize_card (fixture, session, "valid");
  g_autoptr (GBytes) first_key = pool_modulus (fixture, "one", KIOSK_TEST_CA_ROLE_AUTH);
  g_autoptr (GBytes) other_key = pool_modulus (fixture, "one", KIOSK_TEST_CA_ROLE_SIGN);
  g_autoptr (KioskIssuedCertificates) issued = issue (fixture, session, first_key, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (KioskIssuedCertificates) again = issue (fixture, session, other_key, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL);
  g_assert_cmpuint (kiosk_issuance_simulator_get_issued_count (fixture->simulator), ==, 1);
}

static void
test_steps_out_of_order (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) certificate
             = issuance_test_auth_certificate (fixture->ca, fixture->cards_dir, "valid");
  g_autofree char *session
      = open_session (fixture, KIOSK_ISSUANCE_PROCEDURE_RENEW, certificate, "order", NULL, &error);
  g_autoptr (GBytes) modulus = pool_modulus (fixture, "order", KIOSK_TEST_CA_ROLE_AUTH);
  (void)data;

  /* Issuing or committing before the card is proven and management authorised is refused. */
  g_autoptr (KioskIssuedCertificates) issued = issue (fixture, session, modulus, NULL, &error);
  g_assert_null (issued);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (commit (fixture, session, &error));
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL);
  g_assert_cmpuint (kiosk_issuance_simulator_get_issued_count (fixture->simulator), ==, 0);
}

static void
test_session_expires (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  (void)data;

  /* A fresh simulator whose sessions live 50 ms. */
  g_clear_object (&fixture->simulator);
  fixture->simulator
      = kiosk_issuance_simulator_new (fixture->ca, fixture->cards_dir, fixture->clock, 50, &error);
  g_assert_no_error (error);
  fixture->service = KIOSK_ISSUANCE_SERVICE (fixture->simulator);

  g_autofree char *session
      = open_and_prove (fixture, "valid", KIOSK_ISSUANCE_PROCEDURE_RENEW, NULL, &error);
  g_assert_no_error (error);
  g_usleep (120 * 1000);
  g_autoptr (GBytes) card_id = issuance_test_card_id ("valid");
  g_autoptr (GBytes) card_challenge = g_bytes_new ("12345678", 8);
  g_autoptr (GBytes) cryptogram = authorize (fixture, session, card_id, card_challenge, &error);
  g_assert_null (cryptogram);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_SESSION_EXPIRED);
}

static void
test_unknown_session (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  (void)data;

  g_assert_false (commit (fixture, "s-no-such-session", &error));
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_NOT_FOUND);
}

static void
assert_refused (Fixture *fixture, const char *name, KioskIssuanceProcedure procedure,
                KioskIssuanceReason reason)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *session = open_and_prove (fixture, name, procedure, NULL, &error);

  g_assert_null (session);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_REFUSED);
  g_assert_cmpint (kiosk_issuance_error_get_reason (error), ==, reason);
}

static void
test_revoked_refused (Fixture *fixture, gconstpointer data)
{
  (void)data;
  assert_refused (fixture, "revoked", KIOSK_ISSUANCE_PROCEDURE_RENEW,
                  KIOSK_ISSUANCE_REASON_REVOKED);
}

static void
test_adult_ward (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  KioskIssuanceGrant grant;
  g_autofree char *session
      = open_and_prove (fixture, "adult-ward", KIOSK_ISSUANCE_PROCEDURE_RENEW, &grant, &error);
  (void)data;

  /* A renewal gives the auth certificate alone; a sign re-issue is refused. */
  g_assert_no_error (error);
  g_assert_true (grant.auth);
  g_assert_false (grant.sign);
  g_assert_cmpint (grant.sign_reason, ==, KIOSK_ISSUANCE_REASON_ADULT_WARD);
  assert_refused (fixture, "adult-ward", KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN,
                  KIOSK_ISSUANCE_REASON_ADULT_WARD);
}

static void
test_resident_facts_switch (Fixture *fixture, gconstpointer data)
{
  (void)data;
  g_assert_true (
      kiosk_issuance_simulator_set_resident_facts (fixture->simulator, "valid", FALSE, TRUE));
  assert_refused (fixture, "valid", KIOSK_ISSUANCE_PROCEDURE_RENEW, KIOSK_ISSUANCE_REASON_REVOKED);
  g_assert_false (
      kiosk_issuance_simulator_set_resident_facts (fixture->simulator, "nobody", FALSE, TRUE));
}

static void
test_unknown_resident_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  (void)data;

  /* pin-locked is a card of the test CA, but no resident of this simulator's folder. */
  g_autoptr (GBytes) certificate = issuance_test_auth_certificate (
      fixture->ca, issuance_test_cards_dir (), "pin-locked");
  g_autoptr (GBytes) challenge = NULL;
  g_autofree char *session = open_session (fixture, KIOSK_ISSUANCE_PROCEDURE_RENEW, certificate,
                                           "stranger", &challenge, &error);
  g_autoptr (GBytes) signature
             = issuance_test_sign (issuance_test_auth_key (fixture->ca, "pin-locked"), challenge);
  g_assert_false (prove (fixture, session, signature, NULL, &error));
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_REFUSED);
  g_assert_cmpint (kiosk_issuance_error_get_reason (error), ==,
                   KIOSK_ISSUANCE_REASON_UNKNOWN_RESIDENT);
}

static void
test_bad_signature_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) certificate
             = issuance_test_auth_certificate (fixture->ca, fixture->cards_dir, "valid");
  g_autoptr (GBytes) challenge = NULL;
  g_autofree char *session = open_session (fixture, KIOSK_ISSUANCE_PROCEDURE_RENEW, certificate,
                                           "forged", &challenge, &error);
  (void)data;

  /* Signed by another card's key: the holder of this certificate is not proven. */
  g_autoptr (GBytes) signature
             = issuance_test_sign (issuance_test_auth_key (fixture->ca, "minor"), challenge);
  g_assert_false (prove (fixture, session, signature, NULL, &error));
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_REFUSED);
  g_assert_cmpint (kiosk_issuance_error_get_reason (error), ==,
                   KIOSK_ISSUANCE_REASON_BAD_SIGNATURE);
}

static void
test_untrusted_card_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = issuance_test_now ();
  g_autoptr (KioskCardProfile) profile
             = kiosk_card_profile_load_named (fixture->cards_dir, "valid", now, &error);
  EVP_PKEY *key = issuance_test_auth_key (fixture->ca, "valid");
  (void)data;

  /* The same subject and key, but issued by the sign CA: not an auth certificate of the issuer. */
  g_autoptr (GBytes) certificate = kiosk_test_ca_issue_certificate (
      fixture->ca, KIOSK_TEST_CA_ROLE_SIGN, profile, key, &error);
  g_assert_no_error (error);
  g_autoptr (GBytes) challenge = NULL;
  g_autofree char *session = open_session (fixture, KIOSK_ISSUANCE_PROCEDURE_RENEW, certificate,
                                           "untrusted", &challenge, &error);
  g_autoptr (GBytes) signature = issuance_test_sign (key, challenge);
  g_assert_false (prove (fixture, session, signature, NULL, &error));
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_REFUSED);
  g_assert_cmpint (kiosk_issuance_error_get_reason (error), ==,
                   KIOSK_ISSUANCE_REASON_UNTRUSTED_CARD);
}

static void
test_old_certificate_revoked_after_commit (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *session
      = open_and_prove (fixture, "valid", KIOSK_ISSUANCE_PROCEDURE_RENEW, NULL, &error);
  (void)data;
  g_autoptr (GBytes) cryptogram = authorize_card (fixture, session, "valid");
  g_autoptr (GBytes) modulus = pool_modulus (fixture, "revoke", KIOSK_TEST_CA_ROLE_AUTH);
  g_autoptr (KioskIssuedCertificates) issued = issue (fixture, session, modulus, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (commit (fixture, session, &error));

  assert_refused (fixture, "valid", KIOSK_ISSUANCE_PROCEDURE_RENEW, KIOSK_ISSUANCE_REASON_REVOKED);
}

static void
test_mode_busy (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  (void)data;

  kiosk_issuance_simulator_set_mode (fixture->simulator, KIOSK_ISSUANCE_SIMULATOR_BUSY, 7);
  g_assert_false (commit (fixture, "s-any", &error));
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_BUSY);
  g_assert_cmpuint (kiosk_issuance_error_get_retry_after (error), ==, 7);
}

static void
test_mode_down (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  (void)data;

  kiosk_issuance_simulator_set_mode (fixture->simulator, KIOSK_ISSUANCE_SIMULATOR_DOWN, 0);
  g_assert_false (commit (fixture, "s-any", &error));
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_UNAVAILABLE);

  kiosk_issuance_simulator_set_mode (fixture->simulator, KIOSK_ISSUANCE_SIMULATOR_UP, 0);
  g_clear_error (&error);
  g_assert_false (commit (fixture, "s-any", &error));
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_NOT_FOUND);
}

static gboolean
count_tick (gpointer data)
{
  (*(guint *)data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_mode_slow_keeps_main_loop_running (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  guint ticks = 0;
  (void)data;

  /* The answer comes after 300 ms, and the caller's main loop keeps turning meanwhile. */
  kiosk_issuance_simulator_set_mode (fixture->simulator, KIOSK_ISSUANCE_SIMULATOR_SLOW, 300);
  guint source = g_timeout_add (20, count_tick, &ticks);
  gint64 start = g_get_monotonic_time ();
  g_assert_false (commit (fixture, "s-any", &error));
  gint64 elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_source_remove (source);
  g_assert_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_NOT_FOUND);
  g_assert_cmpint (elapsed_ms, >=, 300);
  g_assert_cmpuint (ticks, >=, 5);
}

/* Sends @apdu (hex) to @card; returns the answer's data and asserts its status word. */
static GBytes *
transmit (KioskVirtualCard *card, const guint8 *apdu, gsize len, guint expected_sw)
{
  g_autoptr (GBytes) answer = kiosk_virtual_card_process (card, apdu, len, NULL);
  gsize answer_len = 0;
  const guint8 *data = g_bytes_get_data (answer, &answer_len);

  g_assert_cmpuint (answer_len, >=, 2);
  g_assert_cmphex ((guint)data[answer_len - 2] << 8 | data[answer_len - 1], ==, expected_sw);
  return g_bytes_new (data, answer_len - 2);
}

static void
test_virtual_card_accepts_cryptogram (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = issuance_test_now ();
  g_autoptr (KioskCardProfile) profile
             = kiosk_card_profile_load_named (fixture->cards_dir, "valid", now, &error);
  g_assert_no_error (error);
  g_autoptr (KioskVirtualCard) card = kiosk_virtual_card_new (profile, fixture->ca, now, &error);
  g_assert_no_error (error);
  (void)data;

  /* The relay with the in-process card: its own certificate opens the session, the service's
   * cryptogram over the card's challenge opens management, and the card's new keys get
   * certificates. */
  GBytes *certificate = kiosk_virtual_card_get_auth_certificate (card);
  g_autoptr (GBytes) challenge = NULL;
  g_autofree char *session = open_session (fixture, KIOSK_ISSUANCE_PROCEDURE_RENEW, certificate,
                                           "card", &challenge, &error);
  g_autoptr (GBytes) signature
             = issuance_test_sign (issuance_test_auth_key (fixture->ca, "valid"), challenge);
  g_assert_true (prove (fixture, session, signature, NULL, &error));
  g_assert_no_error (error);

  static const guint8 select_jpki[] = { 0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0,
                                        0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01 };
  static const guint8 get_card_id[] = { 0x00, 0xCA, 0x01, 0x01, 0x00 };
  static const guint8 get_challenge[] = { 0x00, 0x84, 0x00, 0x00, 0x08 };
  g_autoptr (GBytes) selected = transmit (card, select_jpki, sizeof select_jpki, 0x9000);
  g_autoptr (GBytes) card_id = transmit (card, get_card_id, sizeof get_card_id, 0x9000);
  g_autoptr (GBytes) card_challenge = transmit (card, get_challenge, sizeof get_challenge, 0x9000);
  g_autoptr (GBytes) cryptogram = authorize (fixture, session, card_id, card_challenge, &error);
  g_assert_no_error (error);

  g_autoptr (GByteArray) authenticate = g_byte_array_new ();
  guint8 session_len = (guint8)strlen (session);
  guint8 header[] = { 0x00, 0x82, 0x00, 0x00, (guint8)(1 + session_len + 32), session_len };
  g_byte_array_append (authenticate, header, sizeof header);
  g_byte_array_append (authenticate, (const guint8 *)session, session_len);
  g_byte_array_append (authenticate, g_bytes_get_data (cryptogram, NULL), 32);
  g_autoptr (GBytes) authenticated = transmit (card, authenticate->data, authenticate->len, 0x9000);
  g_assert_true (kiosk_virtual_card_is_managing (card));

  static const guint8 generate_auth[] = { 0x00, 0x46, 0x00, 0x17, 0x00 };
  static const guint8 generate_sign[] = { 0x00, 0x46, 0x00, 0x1A, 0x00 };
  g_autoptr (GBytes) auth_modulus = transmit (card, generate_auth, sizeof generate_auth, 0x9000);
  g_autoptr (GBytes) sign_modulus = transmit (card, generate_sign, sizeof generate_sign, 0x9000);
  g_autoptr (KioskIssuedCertificates) issued
             = issue (fixture, session, auth_modulus, sign_modulus, &error);
  g_assert_no_error (error);
  g_assert_true (issuance_test_has_modulus (issued->auth_certificate, auth_modulus));
  g_assert_true (issuance_test_has_modulus (issued->sign_certificate, sign_modulus));

  /* The same cryptogram again is a replay: the card refuses it and leaves management. */
  g_autoptr (GBytes) replayed = transmit (card, authenticate->data, authenticate->len, 0x6982);
  g_assert_false (kiosk_virtual_card_is_managing (card));
}

static void
test_error_names_round_trip (void)
{
  for (int code = KIOSK_ISSUANCE_ERROR_BUSY; code <= KIOSK_ISSUANCE_ERROR_NOT_FOUND; code++)
    {
      KioskIssuanceErrorCode parsed;
      g_assert_true (kiosk_issuance_error_code_from_string (
          kiosk_issuance_error_code_to_string (code), &parsed));
      g_assert_cmpint (parsed, ==, code);
    }
  for (int reason = KIOSK_ISSUANCE_REASON_NONE; reason <= KIOSK_ISSUANCE_REASON_UNTRUSTED_CARD;
       reason++)
    {
      KioskIssuanceReason parsed;
      g_assert_true (
          kiosk_issuance_reason_from_string (kiosk_issuance_reason_to_string (reason), &parsed));
      g_assert_cmpint (parsed, ==, reason);
    }
  KioskIssuanceReason unused;
  g_assert_false (kiosk_issuance_reason_from_string ("no-such-reason", &unused));
}

static void
test_bad_resident_group_rejected (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("issuance-bad-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "typo.card", NULL);
  g_autoptr (KioskTestCa) ca = kiosk_test_ca_load (issuance_test_ca_dir (), &error);
  g_autoptr (GDateTime) now = issuance_test_now ();
  g_autoptr (KioskClock) clock = kiosk_clock_new_fixed (now);

  g_assert_true (g_file_set_contents (path, "[card]\n[resident]\nadult-ward=maybe\n", -1, NULL));
  g_autoptr (KioskIssuanceSimulator) simulator
             = kiosk_issuance_simulator_new (ca, dir, clock, 1000, &error);
  g_assert_null (simulator);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "adult-ward"));
  issuance_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add ("/issuance/simulator/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("renew-end-to-end", test_renew_end_to_end);
  ADD ("minor-renews-auth-only", test_minor_renews_auth_only);
  ADD ("minor-reissue-sign-refused", test_minor_reissue_sign_refused);
  ADD ("reissue-sign-ends-with-auth", test_reissue_sign_ends_with_auth);
  ADD ("retries-are-idempotent", test_retries_are_idempotent);
  ADD ("other-keys-after-issuance-refused", test_other_keys_after_issuance_refused);
  ADD ("steps-out-of-order", test_steps_out_of_order);
  ADD ("session-expires", test_session_expires);
  ADD ("unknown-session", test_unknown_session);
  ADD ("revoked-refused", test_revoked_refused);
  ADD ("adult-ward", test_adult_ward);
  ADD ("resident-facts-switch", test_resident_facts_switch);
  ADD ("unknown-resident-refused", test_unknown_resident_refused);
  ADD ("bad-signature-refused", test_bad_signature_refused);
  ADD ("untrusted-card-refused", test_untrusted_card_refused);
  ADD ("old-certificate-revoked-after-commit", test_old_certificate_revoked_after_commit);
  ADD ("mode-busy", test_mode_busy);
  ADD ("mode-down", test_mode_down);
  ADD ("mode-slow-keeps-main-loop-running", test_mode_slow_keeps_main_loop_running);
  ADD ("virtual-card-accepts-cryptogram", test_virtual_card_accepts_cryptogram);
#undef ADD
  g_test_add_func ("/issuance/errors/names-round-trip", test_error_names_round_trip);
  g_test_add_func ("/issuance/simulator/bad-resident-group-rejected",
                   test_bad_resident_group_rejected);
  return g_test_run ();
}
