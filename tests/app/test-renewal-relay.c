/* test-renewal-relay.c: KioskRenewal end to end with the in-process card and issuance simulator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiosk-card-error.h"
#include "kiosk-card-profile.h"
#include "kiosk-certificate-validity.h"
#include "kiosk-certificate.h"
#include "kiosk-issuance-simulator.h"
#include "kiosk-renewal.h"
#include "kiosk-test-files.h"
#include "kiosk-virtual-transport.h"

#define WAIT_TIMEOUT_S 20
#define OLD_PIN "1234"
#define OLD_PASSWORD "ABC123"
#define NEW_PIN "5678"
#define NEW_PASSWORD "XYZ789"

typedef struct
{
  GDateTime *now;
  KioskTestCa *ca;
  char *residents_dir; /* the simulator's residents, with their [resident] facts */
  char *cards_dir;     /* the profiles the cards are made from (no [resident] group) */
  char *journal_dir;
  KioskClock *clock;
  KioskIssuanceSimulator *simulator;
  KioskSessionJournal *journal;
  KioskVirtualTransport *reader;
  KioskCardWorker *worker;
  KioskTrustStore *trust;
  KioskVirtualCard *card;
  KioskReaderState state;
  GArray *progress; /* KioskRenewalStep, in the order "progress" announced them */
  KioskIssuanceSimulatorMode mode_at_step;
  KioskRenewalStep switch_step;
  GCancellable *cancellable;
  KioskRenewalStep cancel_step;  /* the resident presses cancel when this step starts */
  GBytes *presented_certificate; /* nullable: what the kiosk says the card is, if not its own */
} Fixture;

/* --- setting up -------------------------------------------------------------------------- */

static gboolean
set_flag (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
state_cb (KioskCardWorker *worker, KioskReaderState state, const char *name, Fixture *f)
{
  (void)worker;
  (void)name;
  f->state = state;
}

static void
wait_for_state (Fixture *f, KioskReaderState state)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_S, set_flag, &timed_out);

  while (f->state != state && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  (void)source;
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_S, set_flag, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
  return g_steal_pointer (slot);
}

static void
fixture_set_up (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  g_autoptr (GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");

  memset (f, 0, sizeof *f);
  f->now = g_date_time_new_now (tokyo);
  f->ca = kiosk_test_ca_load (kiosk_test_files_ca_dir (), &error);
  g_assert_no_error (error);

  f->residents_dir = g_dir_make_tmp ("renewal-residents-XXXXXX", &error);
  g_assert_no_error (error);
  f->cards_dir = g_dir_make_tmp ("renewal-cards-XXXXXX", &error);
  g_assert_no_error (error);
  f->journal_dir = g_dir_make_tmp ("renewal-journal-XXXXXX", &error);
  g_assert_no_error (error);
  kiosk_test_files_write_profile (f->residents_dir, "valid", "valid", NULL);
  kiosk_test_files_write_profile (f->residents_dir, "minor", "minor", NULL);
  kiosk_test_files_write_profile (f->residents_dir, "revoked", "valid",
                                  "[resident]\nrevoked=true\n");
  kiosk_test_files_write_profile (f->residents_dir, "adult-ward", "valid",
                                  "[resident]\nadult-ward=true\n");

  f->clock = kiosk_clock_new_fixed (f->now);
  f->simulator = kiosk_issuance_simulator_new (f->ca, f->residents_dir, f->clock, 60000, &error);
  g_assert_no_error (error);
  f->journal = kiosk_session_journal_new (f->journal_dir, &error);
  g_assert_no_error (error);

  f->trust = kiosk_trust_store_new ();
  kiosk_trust_store_add_path (f->trust, kiosk_test_ca_get_auth_ca_path (f->ca), &error);
  g_assert_no_error (error);
  kiosk_trust_store_add_path (f->trust, kiosk_test_ca_get_sign_ca_path (f->ca), &error);
  g_assert_no_error (error);
  f->reader = kiosk_virtual_transport_new ();
  f->worker = kiosk_card_worker_new (KIOSK_CARD_TRANSPORT (f->reader), f->trust);
  f->state = KIOSK_READER_STATE_NO_SERVICE;
  g_signal_connect (f->worker, "reader-state-changed", G_CALLBACK (state_cb), f);
  kiosk_card_worker_start (f->worker);
  wait_for_state (f, KIOSK_READER_STATE_EMPTY);
  f->progress = g_array_new (FALSE, FALSE, sizeof (KioskRenewalStep));
  f->switch_step = KIOSK_RENEWAL_STEP_DONE;
  f->cancellable = g_cancellable_new ();
  f->cancel_step = KIOSK_RENEWAL_STEP_DONE;
}

static void
fixture_tear_down (Fixture *f)
{
  kiosk_card_worker_stop (f->worker);
  g_signal_handlers_disconnect_by_data (f->worker, f);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->worker);
  g_clear_object (&f->reader);
  g_clear_object (&f->card);
  g_clear_object (&f->trust);
  g_clear_object (&f->journal);
  g_clear_object (&f->simulator);
  g_clear_object (&f->clock);
  g_clear_object (&f->ca);
  g_clear_pointer (&f->progress, g_array_unref);
  g_clear_object (&f->cancellable);
  g_clear_pointer (&f->presented_certificate, g_bytes_unref);
  kiosk_test_files_remove_tree (f->residents_dir);
  kiosk_test_files_remove_tree (f->cards_dir);
  kiosk_test_files_remove_tree (f->journal_dir);
  g_free (f->residents_dir);
  g_free (f->cards_dir);
  g_free (f->journal_dir);
  g_date_time_unref (f->now);
}

/* Makes the card of profile @name (the shipped one, with @extra keys) and inserts it. */
static void
insert_card (Fixture *f, const char *name, const char *extra)
{
  g_autoptr (GError) error = NULL;
  const char *shipped
      = g_str_equal (name, "revoked") || g_str_equal (name, "adult-ward") ? "valid" : name;

  kiosk_test_files_write_profile (f->cards_dir, name, shipped, extra);
  g_autoptr (KioskCardProfile) profile
             = kiosk_card_profile_load_named (f->cards_dir, name, f->now, &error);
  g_assert_no_error (error);
  f->card = kiosk_virtual_card_new (profile, f->ca, f->now, &error);
  g_assert_no_error (error);
  kiosk_virtual_transport_insert (f->reader, f->card);
  wait_for_state (f, KIOSK_READER_STATE_CARD_PRESENT);
}

/* Takes the card out (if the relay did not) and puts it back: a fresh card session. */
static void
reinsert_card (Fixture *f)
{
  kiosk_virtual_transport_remove (f->reader);
  wait_for_state (f, KIOSK_READER_STATE_EMPTY);
  kiosk_virtual_transport_insert (f->reader, f->card);
  wait_for_state (f, KIOSK_READER_STATE_CARD_PRESENT);
}

/* --- the relay --------------------------------------------------------------------------- */

static void
progress_cb (KioskRenewal *renewal, guint step, guint count, const char *name, Fixture *f)
{
  KioskRenewalStep value = step;

  (void)renewal;
  g_assert_cmpuint (count, ==, KIOSK_RENEWAL_STEP_COUNT);
  g_assert_cmpstr (name, ==, kiosk_renewal_step_to_string (step));
  g_array_append_val (f->progress, value);
  /* A fault of the service that comes in the middle of the relay. */
  if (step == f->switch_step)
    kiosk_issuance_simulator_set_mode (f->simulator, f->mode_at_step, 0);
  if (step == f->cancel_step)
    g_cancellable_cancel (f->cancellable);
}

static KioskSecret *
secret_or_null (const char *text)
{
  return text != NULL ? kiosk_secret_new_from_string (text) : NULL;
}

static KioskRenewalResult *
run_relay (Fixture *f, KioskIssuanceProcedure procedure, const char *pin, const char *password,
           const char *new_pin, const char *new_password)
{
  g_autoptr (KioskRenewal) renewal
             = kiosk_renewal_new (f->worker, KIOSK_ISSUANCE_SERVICE (f->simulator), f->journal);
  g_autoptr (KioskSecret) pin_secret = secret_or_null (pin);
  g_autoptr (KioskSecret) password_secret = secret_or_null (password);
  g_autoptr (KioskSecret) new_pin_secret = secret_or_null (new_pin);
  g_autoptr (KioskSecret) new_password_secret = secret_or_null (new_password);
  g_autoptr (GBytes) certificate = g_bytes_ref (
      f->presented_certificate != NULL ? f->presented_certificate
                                       : kiosk_virtual_card_get_auth_certificate (f->card));
  GAsyncResult *slot = NULL;

  g_array_set_size (f->progress, 0);
  g_signal_connect (renewal, "progress", G_CALLBACK (progress_cb), f);
  kiosk_renewal_run_async (renewal, procedure, pin_secret, password_secret, new_pin_secret,
                           new_password_secret, certificate, f->cancellable, store_result, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  KioskRenewalResult *outcome = kiosk_renewal_run_finish (renewal, result);
  g_assert_nonnull (outcome);
  g_assert_nonnull (outcome->reason_code);
  return outcome;
}

static KioskRenewalResult *
renew (Fixture *f, const char *pin, const char *password)
{
  return run_relay (f, KIOSK_ISSUANCE_PROCEDURE_RENEW, pin, password, NEW_PIN,
                    password != NULL ? NEW_PASSWORD : NULL);
}

/* --- reading the card back --------------------------------------------------------------- */

static KioskCardStatus *
read_status (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  GAsyncResult *slot = NULL;

  kiosk_card_worker_read_status_async (f->worker, NULL, store_result, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  KioskCardStatus *status = kiosk_card_worker_read_status_finish (f->worker, result, &error);
  g_assert_no_error (error);
  return status;
}

static gboolean
verify (Fixture *f, KioskJpkiSecret which, const char *text, guint *tries_left, GError **error)
{
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (text);
  GAsyncResult *slot = NULL;

  kiosk_card_worker_verify_async (f->worker, which, secret, NULL, store_result, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_verify_finish (f->worker, result, tries_left, error);
}

static void
assert_verifies (Fixture *f, KioskJpkiSecret which, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (verify (f, which, text, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_refused (Fixture *f, KioskJpkiSecret which, const char *text)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (verify (f, which, text, NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN);
}

/* The card's @which key signs for @certificate_der (needs @which verified in this session). */
static void
assert_card_signs_for (Fixture *f, KioskJpkiSecret which, GBytes *certificate_der)
{
  g_autoptr (GError) error = NULL;
  static const char message[] = "renewal relay read-back";
  g_autoptr (GBytes) digest_info
             = kiosk_jpki_sha256_digest_info ((const guint8 *)message, sizeof message - 1);
  GAsyncResult *slot = NULL;

  kiosk_card_worker_sign_async (f->worker, which, digest_info, NULL, store_result, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  g_autoptr (GBytes) signature = kiosk_card_worker_sign_finish (f->worker, result, &error);
  g_assert_no_error (error);
  g_autoptr (KioskCertificate) certificate
             = kiosk_certificate_new_from_der (certificate_der, &error);
  g_assert_no_error (error);
  g_assert_true (
      kiosk_certificate_verify_digest_info (certificate, digest_info, signature, &error));
  g_assert_no_error (error);
}

static KioskCertificate *
parse (GBytes *der)
{
  g_autoptr (GError) error = NULL;
  KioskCertificate *certificate = kiosk_certificate_new_from_der (der, &error);

  g_assert_no_error (error);
  return certificate;
}

static void
assert_journal_empty (Fixture *f)
{
  g_autoptr (GPtrArray) incomplete = kiosk_session_journal_list_incomplete (f->journal);

  g_assert_cmpuint (incomplete->len, ==, 0);
}

/* The card still holds @old_auth / @old_sign, and the old PIN and password. */
static void
assert_card_old (Fixture *f, GBytes *old_auth, GBytes *old_sign)
{
  g_autoptr (KioskCardStatus) status = read_status (f);

  g_assert_true (g_bytes_equal (
      kiosk_certificate_get_der (kiosk_card_status_get_auth_certificate (status)), old_auth));
  if (old_sign != NULL)
    g_assert_true (g_bytes_equal (kiosk_virtual_card_get_sign_certificate (f->card), old_sign));
  assert_verifies (f, KIOSK_JPKI_AUTH, OLD_PIN);
  assert_card_signs_for (f, KIOSK_JPKI_AUTH, old_auth);
  if (old_sign != NULL)
    {
      assert_verifies (f, KIOSK_JPKI_SIGN, OLD_PASSWORD);
      assert_card_signs_for (f, KIOSK_JPKI_SIGN, old_sign);
    }
}

/* --- cases ------------------------------------------------------------------------------- */

static void
test_renew_valid_certificates (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  g_autoptr (GBytes) old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (f.card));
  g_autoptr (GBytes) old_sign = g_bytes_ref (kiosk_virtual_card_get_sign_certificate (f.card));
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, OLD_PASSWORD);

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
  g_assert_cmpstr (result->reason_code, ==, "DONE");
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_NEW);
  g_assert_true (result->auth_renewed);
  g_assert_true (result->sign_renewed);

  /* Read back: a new auth certificate the kiosk trusts, valid until the 5th birthday strictly
   * after today, 23:59:59 JST. */
  reinsert_card (&f);
  g_autoptr (KioskCardStatus) status = read_status (&f);
  KioskCertificate *auth = kiosk_card_status_get_auth_certificate (status);
  g_assert_false (g_bytes_equal (kiosk_certificate_get_der (auth), old_auth));
  g_assert_true (kiosk_card_status_get_auth_trusted (status));
  g_assert_true (kiosk_card_status_has_sign_certificate (status));

  g_autoptr (KioskCardProfile) profile
             = kiosk_card_profile_load_named (f.cards_dir, "valid", f.now, NULL);
  GDate today;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (f.now), g_date_time_get_month (f.now),
                  g_date_time_get_year (f.now));
  g_autoptr (GDateTime) expected_not_after = kiosk_certificate_not_after (
      kiosk_card_profile_get_birth_date (profile), &today, KIOSK_LEAP_DAY_FEB_28);
  g_assert_cmpint (g_date_time_to_unix (kiosk_certificate_get_not_after (auth)), ==,
                   g_date_time_to_unix (expected_not_after));

  /* A new sign certificate from the same issuer, ending with the auth one, that the new sign
   * key signs for. */
  GBytes *sign_der = kiosk_virtual_card_get_sign_certificate (f.card);
  g_assert_false (g_bytes_equal (sign_der, old_sign));
  g_autoptr (KioskCertificate) sign_certificate = parse (sign_der);
  g_autoptr (GError) error = NULL;
  g_assert_true (kiosk_trust_store_verify (f.trust, sign_certificate, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_to_unix (kiosk_certificate_get_not_after (sign_certificate)), ==,
                   g_date_time_to_unix (expected_not_after));
  assert_verifies (&f, KIOSK_JPKI_AUTH, NEW_PIN);
  assert_card_signs_for (&f, KIOSK_JPKI_AUTH, kiosk_certificate_get_der (auth));
  assert_verifies (&f, KIOSK_JPKI_SIGN, NEW_PASSWORD);
  assert_card_signs_for (&f, KIOSK_JPKI_SIGN, sign_der);
  fixture_tear_down (&f);
}

static void
test_renew_valid_secrets (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, OLD_PASSWORD);
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
  g_assert_true (result->pin_set);
  g_assert_true (result->password_set);

  reinsert_card (&f);
  assert_refused (&f, KIOSK_JPKI_AUTH, OLD_PIN);
  assert_refused (&f, KIOSK_JPKI_SIGN, OLD_PASSWORD);
  assert_verifies (&f, KIOSK_JPKI_AUTH, NEW_PIN);
  assert_verifies (&f, KIOSK_JPKI_SIGN, NEW_PASSWORD);
  fixture_tear_down (&f);
}

static void
test_renew_valid_commits_and_clears_journal (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, OLD_PASSWORD);
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
  g_assert_nonnull (result->session_id);
  g_assert_false (result->journaled);
  assert_journal_empty (&f);
  g_assert_cmpuint (kiosk_issuance_simulator_get_committed_count (f.simulator), ==, 1);
  g_assert_cmpuint (kiosk_issuance_simulator_get_issued_count (f.simulator), ==, 1);

  /* A restart finds nothing left over either. */
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSessionJournal) reopened = kiosk_session_journal_new (f.journal_dir, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) incomplete = kiosk_session_journal_list_incomplete (reopened);
  g_assert_cmpuint (incomplete->len, ==, 0);
  fixture_tear_down (&f);
}

static void
test_renew_valid_progress (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, OLD_PASSWORD);
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);

  /* Every step of a full renewal, once each and in order: both keys before the certificates. */
  g_assert_cmpuint (f.progress->len, ==, KIOSK_RENEWAL_STEP_COUNT);
  for (guint i = 0; i < f.progress->len; i++)
    g_assert_cmpint (g_array_index (f.progress, KioskRenewalStep, i), ==, i);
  fixture_tear_down (&f);
}

static void
test_renew_minor_auth_only (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "minor", NULL);
  g_autoptr (GBytes) old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (f.card));
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, NULL);

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
  g_assert_true (result->auth_renewed);
  g_assert_false (result->sign_renewed);
  g_assert_false (result->password_set);
  for (guint i = 0; i < f.progress->len; i++)
    {
      KioskRenewalStep step = g_array_index (f.progress, KioskRenewalStep, i);
      g_assert_cmpint (step, !=, KIOSK_RENEWAL_STEP_VERIFY_PASSWORD);
      g_assert_cmpint (step, !=, KIOSK_RENEWAL_STEP_GENERATE_SIGN_KEY);
    }

  reinsert_card (&f);
  g_autoptr (KioskCardStatus) status = read_status (&f);
  GBytes *auth = kiosk_certificate_get_der (kiosk_card_status_get_auth_certificate (status));
  g_assert_false (g_bytes_equal (auth, old_auth));
  g_assert_true (kiosk_card_status_get_auth_trusted (status));
  g_assert_false (kiosk_card_status_has_sign_certificate (status));
  g_assert_null (kiosk_virtual_card_get_sign_certificate (f.card));
  assert_verifies (&f, KIOSK_JPKI_AUTH, NEW_PIN);
  assert_card_signs_for (&f, KIOSK_JPKI_AUTH, auth);
  g_assert_cmpuint (kiosk_issuance_simulator_get_committed_count (f.simulator), ==, 1);
  fixture_tear_down (&f);
}

static void
test_reissue_sign_ends_with_auth (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  g_autoptr (GBytes) old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (f.card));
  g_autoptr (GBytes) old_sign = g_bytes_ref (kiosk_virtual_card_get_sign_certificate (f.card));
  g_autoptr (KioskRenewalResult) result = run_relay (&f, KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN,
                                                     OLD_PIN, OLD_PASSWORD, NULL, NEW_PASSWORD);

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
  g_assert_false (result->auth_renewed);
  g_assert_true (result->sign_renewed);
  g_assert_false (result->pin_set);

  reinsert_card (&f);
  g_autoptr (KioskCardStatus) status = read_status (&f);
  KioskCertificate *auth = kiosk_card_status_get_auth_certificate (status);
  g_assert_true (g_bytes_equal (kiosk_certificate_get_der (auth), old_auth));
  GBytes *sign_der = kiosk_virtual_card_get_sign_certificate (f.card);
  g_assert_false (g_bytes_equal (sign_der, old_sign));
  g_autoptr (KioskCertificate) sign_certificate = parse (sign_der);
  g_assert_cmpint (g_date_time_to_unix (kiosk_certificate_get_not_after (sign_certificate)), ==,
                   g_date_time_to_unix (kiosk_certificate_get_not_after (auth)));
  assert_verifies (&f, KIOSK_JPKI_AUTH, OLD_PIN);
  assert_card_signs_for (&f, KIOSK_JPKI_AUTH, old_auth);
  assert_refused (&f, KIOSK_JPKI_SIGN, OLD_PASSWORD);
  assert_verifies (&f, KIOSK_JPKI_SIGN, NEW_PASSWORD);
  assert_card_signs_for (&f, KIOSK_JPKI_SIGN, sign_der);
  fixture_tear_down (&f);
}

static void
test_pin_wrong (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  g_autoptr (GBytes) old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (f.card));
  g_autoptr (GBytes) old_sign = g_bytes_ref (kiosk_virtual_card_get_sign_certificate (f.card));
  g_autoptr (KioskRenewalResult) result = renew (&f, "9999", OLD_PASSWORD);

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_PIN_WRONG);
  g_assert_cmpstr (result->reason_code, ==, "PIN_WRONG");
  g_assert_cmpint (result->step, ==, KIOSK_RENEWAL_STEP_VERIFY_PIN);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);
  g_assert_cmpint (result->tries_left, ==, 2);
  g_assert_null (result->session_id);

  /* Exactly one try spent, and nothing else touched. */
  reinsert_card (&f);
  g_autoptr (KioskCardStatus) status = read_status (&f);
  g_assert_cmpint (kiosk_card_status_get_auth_tries_left (status), ==, 2);
  g_assert_cmpint (kiosk_card_status_get_sign_tries_left (status), ==, 5);
  assert_card_old (&f, old_auth, old_sign);
  assert_journal_empty (&f);
  g_assert_cmpuint (kiosk_issuance_simulator_get_issued_count (f.simulator), ==, 0);
  fixture_tear_down (&f);
}

static void
test_sign_password_wrong (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, "WRONG1");

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_SIGN_WRONG);
  g_assert_cmpint (result->tries_left, ==, 4);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);
  reinsert_card (&f);
  g_autoptr (KioskCardStatus) status = read_status (&f);
  g_assert_cmpint (kiosk_card_status_get_sign_tries_left (status), ==, 4);
  fixture_tear_down (&f);
}

/* Runs the relay on a card with a locked secret: @expected, and the card saw nothing but the
 * status read (as many APDUs as one more status read sends). */
static void
check_locked (const char *profile, KioskRenewalOutcome expected, const char *code)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, profile, NULL);
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, OLD_PASSWORD);
  g_assert_cmpint (result->outcome, ==, expected);
  g_assert_cmpstr (result->reason_code, ==, code);
  g_assert_cmpint (result->step, ==, KIOSK_RENEWAL_STEP_CHECK_CARD);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);

  guint apdus_of_relay = kiosk_virtual_card_get_apdu_count (f.card);
  g_autoptr (KioskCardStatus) status = read_status (&f);
  guint apdus_of_status = kiosk_virtual_card_get_apdu_count (f.card) - apdus_of_relay;
  g_assert_cmpuint (apdus_of_status, >, 0);
  g_assert_cmpuint (apdus_of_relay, ==, apdus_of_status);
  fixture_tear_down (&f);
}

static void
test_pin_locked (void)
{
  check_locked ("pin-locked", KIOSK_RENEWAL_OUTCOME_PIN_LOCKED, "PIN_LOCKED");
}

static void
test_sign_locked (void)
{
  check_locked ("sign-password-locked", KIOSK_RENEWAL_OUTCOME_SIGN_LOCKED, "SIGN_LOCKED");
}

static void
test_malformed_new_pin_never_sent (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  guint before = kiosk_virtual_card_get_apdu_count (f.card);
  g_autoptr (KioskRenewalResult) result = run_relay (&f, KIOSK_ISSUANCE_PROCEDURE_RENEW, OLD_PIN,
                                                     OLD_PASSWORD, "12345", NEW_PASSWORD);
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_SECRET_INVALID);
  g_assert_cmpuint (kiosk_virtual_card_get_apdu_count (f.card), ==, before);
  fixture_tear_down (&f);
}

static void
test_wrong_card (void)
{
  Fixture f;
  g_autoptr (GError) error = NULL;

  fixture_set_up (&f);
  /* The status was read from the minor's card; then the valid card is in the reader. */
  g_autoptr (KioskCardProfile) minor = kiosk_card_profile_load_named (kiosk_test_files_cards_dir (),
                                                                      "minor", f.now, &error);
  g_assert_no_error (error);
  g_autoptr (KioskVirtualCard) minor_card = kiosk_virtual_card_new (minor, f.ca, f.now, &error);
  g_assert_no_error (error);
  f.presented_certificate = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (minor_card));
  insert_card (&f, "valid", NULL);
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, OLD_PASSWORD);

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_WRONG_CARD);
  g_assert_cmpint (result->step, ==, KIOSK_RENEWAL_STEP_CHECK_CARD);
  g_autoptr (KioskCardStatus) status = read_status (&f);
  g_assert_cmpint (kiosk_card_status_get_auth_tries_left (status), ==, 3);
  g_assert_cmpuint (kiosk_issuance_simulator_get_issued_count (f.simulator), ==, 0);
  fixture_tear_down (&f);
}

static void
check_service_mode (KioskIssuanceSimulatorMode mode, guint parameter, KioskRenewalOutcome expected,
                    const char *code)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  g_autoptr (GBytes) old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (f.card));
  g_autoptr (GBytes) old_sign = g_bytes_ref (kiosk_virtual_card_get_sign_certificate (f.card));
  kiosk_issuance_simulator_set_mode (f.simulator, mode, parameter);
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, OLD_PASSWORD);

  g_assert_cmpint (result->outcome, ==, expected);
  g_assert_cmpstr (result->reason_code, ==, code);
  g_assert_cmpint (result->step, ==, KIOSK_RENEWAL_STEP_OPEN_SESSION);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);
  if (mode == KIOSK_ISSUANCE_SIMULATOR_BUSY)
    g_assert_cmpuint (result->retry_after_seconds, ==, parameter);
  reinsert_card (&f);
  assert_card_old (&f, old_auth, old_sign);
  assert_journal_empty (&f);
  fixture_tear_down (&f);
}

static void
test_service_busy (void)
{
  check_service_mode (KIOSK_ISSUANCE_SIMULATOR_BUSY, 30, KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY,
                      "SERVICE_BUSY");
}

static void
test_service_down (void)
{
  check_service_mode (KIOSK_ISSUANCE_SIMULATOR_DOWN, 0, KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN,
                      "SERVICE_DOWN");
}

/* The service goes down when the relay reaches @step (after management was authorised). */
static KioskRenewalResult *
renew_with_service_down_at (Fixture *f, KioskRenewalStep step)
{
  f->switch_step = step;
  f->mode_at_step = KIOSK_ISSUANCE_SIMULATOR_DOWN;
  return renew (f, OLD_PIN, OLD_PASSWORD);
}

static void
test_service_down_at_issue (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  g_autoptr (GBytes) old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (f.card));
  g_autoptr (GBytes) old_sign = g_bytes_ref (kiosk_virtual_card_get_sign_certificate (f.card));
  g_autoptr (KioskRenewalResult) result = renew_with_service_down_at (&f, KIOSK_RENEWAL_STEP_ISSUE);

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD);
  g_assert_cmpstr (result->reason_code, ==, "RENEWAL_INCOMPLETE_OLD");
  g_assert_cmpint (result->cause, ==, KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);
  g_assert_true (result->journaled);
  const KioskJournalEntry *entry = kiosk_session_journal_lookup (f.journal, result->session_id);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->step, ==, "generate-sign-key");

  reinsert_card (&f);
  assert_card_old (&f, old_auth, old_sign);
  fixture_tear_down (&f);
}

static void
test_service_down_at_commit (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  g_autoptr (GBytes) old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (f.card));
  g_autoptr (KioskRenewalResult) result
             = renew_with_service_down_at (&f, KIOSK_RENEWAL_STEP_COMMIT);

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW);
  g_assert_cmpstr (result->reason_code, ==, "RENEWAL_INCOMPLETE_NEW");
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_NEW);
  g_assert_true (result->pin_set);
  g_assert_true (result->password_set);

  /* The session survives a restart, for staff. */
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSessionJournal) reopened = kiosk_session_journal_new (f.journal_dir, &error);
  g_assert_no_error (error);
  const KioskJournalEntry *entry = kiosk_session_journal_lookup (reopened, result->session_id);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->step, ==, "set-password");
  g_assert_cmpint (entry->procedure, ==, KIOSK_ISSUANCE_PROCEDURE_RENEW);
  g_assert_cmpuint (kiosk_issuance_simulator_get_committed_count (f.simulator), ==, 0);

  reinsert_card (&f);
  g_autoptr (KioskCardStatus) status = read_status (&f);
  GBytes *auth = kiosk_certificate_get_der (kiosk_card_status_get_auth_certificate (status));
  g_assert_false (g_bytes_equal (auth, old_auth));
  assert_verifies (&f, KIOSK_JPKI_AUTH, NEW_PIN);
  assert_card_signs_for (&f, KIOSK_JPKI_AUTH, auth);
  fixture_tear_down (&f);
}

static void
test_cancel_before_activate (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  g_autoptr (GBytes) old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (f.card));
  g_autoptr (GBytes) old_sign = g_bytes_ref (kiosk_virtual_card_get_sign_certificate (f.card));
  f.cancel_step = KIOSK_RENEWAL_STEP_GENERATE_AUTH_KEY;
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, OLD_PASSWORD);

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD);
  g_assert_cmpint (result->cause, ==, KIOSK_RENEWAL_OUTCOME_CANCELLED);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);
  g_assert_true (result->journaled);
  g_assert_nonnull (kiosk_session_journal_lookup (f.journal, result->session_id));
  reinsert_card (&f);
  assert_card_old (&f, old_auth, old_sign);
  fixture_tear_down (&f);
}

static void
test_cancel_after_activate_finishes (void)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", NULL);
  f.cancel_step = KIOSK_RENEWAL_STEP_SET_PIN;
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, OLD_PASSWORD);

  /* The card is new already: the PIN, password and commit still follow. */
  g_assert_true (g_cancellable_is_cancelled (f.cancellable));
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
  g_assert_true (result->pin_set);
  g_assert_true (result->password_set);
  assert_journal_empty (&f);
  g_assert_cmpuint (kiosk_issuance_simulator_get_committed_count (f.simulator), ==, 1);
  reinsert_card (&f);
  assert_verifies (&f, KIOSK_JPKI_AUTH, NEW_PIN);
  assert_verifies (&f, KIOSK_JPKI_SIGN, NEW_PASSWORD);
  fixture_tear_down (&f);
}

static void
check_refused (const char *profile, const char *code)
{
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, profile, NULL);
  g_autoptr (GBytes) old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (f.card));
  g_autoptr (GBytes) old_sign = g_bytes_ref (kiosk_virtual_card_get_sign_certificate (f.card));
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, OLD_PASSWORD);

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_REFUSED);
  g_assert_cmpstr (result->reason_code, ==, code);
  g_assert_cmpint (result->step, ==, KIOSK_RENEWAL_STEP_PROVE);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);
  g_assert_false (result->journaled);
  assert_journal_empty (&f);
  reinsert_card (&f);
  assert_card_old (&f, old_auth, old_sign);
  g_assert_cmpuint (kiosk_issuance_simulator_get_issued_count (f.simulator), ==, 0);
  fixture_tear_down (&f);
}

static void
test_refused_revoked (void)
{
  check_refused ("revoked", "REFUSED_REVOKED");
}

static void
test_refused_adult_ward (void)
{
  check_refused ("adult-ward", "REFUSED_ADULT_WARD");
}

/* Pulled at APDU @pull_at of the relay: the result says old or new and the card agrees; the
 * journal holds the session whenever management had been authorised. */
static void
check_pull_at (guint pull_at, guint *apdus_of_full_run)
{
  g_autofree char *keys = g_strdup_printf ("pull-at-apdu=%u\n", pull_at);
  Fixture f;

  fixture_set_up (&f);
  insert_card (&f, "valid", keys);
  g_autoptr (GBytes) old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (f.card));
  g_autoptr (GBytes) old_sign = g_bytes_ref (kiosk_virtual_card_get_sign_certificate (f.card));
  g_autoptr (KioskRenewalResult) result = renew (&f, OLD_PIN, OLD_PASSWORD);

  if (pull_at == 0)
    {
      g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
      *apdus_of_full_run = kiosk_virtual_card_get_apdu_count (f.card);
      fixture_tear_down (&f);
      return;
    }

  g_test_message ("pulled at APDU %u: %s at %s", pull_at, result->reason_code,
                  kiosk_renewal_step_to_string (result->step));
  gboolean authorised = result->step > KIOSK_RENEWAL_STEP_AUTHORIZE;
  if (authorised)
    {
      g_assert_cmpint (result->cause, ==, KIOSK_RENEWAL_OUTCOME_CARD_REMOVED);
      g_assert_cmpint (result->outcome, ==,
                       result->card == KIOSK_RENEWAL_CARD_NEW
                           ? KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW
                           : KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD);
      g_assert_true (result->journaled);
      const KioskJournalEntry *entry = kiosk_session_journal_lookup (f.journal, result->session_id);
      g_assert_nonnull (entry);
      /* staff read from the journal what the card holds */
      g_assert_cmpstr (entry->card_state, ==,
                       result->card == KIOSK_RENEWAL_CARD_NEW ? "new" : "old");
    }
  else
    {
      g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_CARD_REMOVED);
      g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);
      g_assert_false (result->journaled);
      assert_journal_empty (&f);
    }
  g_assert_cmpuint (kiosk_issuance_simulator_get_committed_count (f.simulator), ==, 0);

  wait_for_state (&f, KIOSK_READER_STATE_EMPTY);
  kiosk_virtual_transport_insert (f.reader, f.card);
  wait_for_state (&f, KIOSK_READER_STATE_CARD_PRESENT);
  if (result->card == KIOSK_RENEWAL_CARD_OLD)
    assert_card_old (&f, old_auth, old_sign);
  else
    {
      g_autoptr (KioskCardStatus) status = read_status (&f);
      GBytes *auth = kiosk_certificate_get_der (kiosk_card_status_get_auth_certificate (status));
      GBytes *sign_der = kiosk_virtual_card_get_sign_certificate (f.card);
      g_assert_false (g_bytes_equal (auth, old_auth));
      g_assert_false (g_bytes_equal (sign_der, old_sign));
      g_assert_true (kiosk_card_status_get_auth_trusted (status));
      assert_verifies (&f, KIOSK_JPKI_AUTH, result->pin_set ? NEW_PIN : OLD_PIN);
      assert_card_signs_for (&f, KIOSK_JPKI_AUTH, auth);
      assert_verifies (&f, KIOSK_JPKI_SIGN, result->password_set ? NEW_PASSWORD : OLD_PASSWORD);
      assert_card_signs_for (&f, KIOSK_JPKI_SIGN, sign_der);
    }
  fixture_tear_down (&f);
}

static void
test_pull_at_every_apdu (void)
{
  guint total = 0;

  check_pull_at (0, &total);
  g_assert_cmpuint (total, >, 20);
  for (guint n = 1; n <= total; n++)
    check_pull_at (n, NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/renewal-relay/renew/certificates", test_renew_valid_certificates);
  g_test_add_func ("/app/renewal-relay/renew/secrets", test_renew_valid_secrets);
  g_test_add_func ("/app/renewal-relay/renew/commit-and-journal",
                   test_renew_valid_commits_and_clears_journal);
  g_test_add_func ("/app/renewal-relay/renew/progress", test_renew_valid_progress);
  g_test_add_func ("/app/renewal-relay/renew/minor-auth-only", test_renew_minor_auth_only);
  g_test_add_func ("/app/renewal-relay/reissue-sign/ends-with-auth",
                   test_reissue_sign_ends_with_auth);
  g_test_add_func ("/app/renewal-relay/secrets/pin-wrong", test_pin_wrong);
  g_test_add_func ("/app/renewal-relay/secrets/sign-password-wrong", test_sign_password_wrong);
  g_test_add_func ("/app/renewal-relay/secrets/pin-locked", test_pin_locked);
  g_test_add_func ("/app/renewal-relay/secrets/sign-locked", test_sign_locked);
  g_test_add_func ("/app/renewal-relay/secrets/malformed-new-pin",
                   test_malformed_new_pin_never_sent);
  g_test_add_func ("/app/renewal-relay/card/wrong-card", test_wrong_card);
  g_test_add_func ("/app/renewal-relay/service/busy", test_service_busy);
  g_test_add_func ("/app/renewal-relay/service/down", test_service_down);
  g_test_add_func ("/app/renewal-relay/service/down-at-issue", test_service_down_at_issue);
  g_test_add_func ("/app/renewal-relay/service/down-at-commit", test_service_down_at_commit);
  g_test_add_func ("/app/renewal-relay/cancel/before-activate", test_cancel_before_activate);
  g_test_add_func ("/app/renewal-relay/cancel/after-activate-finishes",
                   test_cancel_after_activate_finishes);
  g_test_add_func ("/app/renewal-relay/refused/revoked", test_refused_revoked);
  g_test_add_func ("/app/renewal-relay/refused/adult-ward", test_refused_adult_ward);
  g_test_add_func ("/app/renewal-relay/card/pull-at-every-apdu", test_pull_at_every_apdu);

  return g_test_run ();
}
