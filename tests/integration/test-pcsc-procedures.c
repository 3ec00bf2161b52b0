/* test-pcsc-procedures.c: every resident procedure through a real pcscd, vpcd, kiosk-vcard and
 * the kiosk-issuance-server program
 *
 * PIN and password changes go through the card worker; renewals and re-issues through
 * KioskRenewal with the HTTP client talking TLS to the server program, whose faults are switched
 * per case; the card is also pulled at each step of a renewal (a profile with pull-at-apdu = N,
 * N found by counting a clean run's APDUs per step). Each case ends by reading the card back over
 * pcscd on a connection of its own: the card must be wholly old or wholly new, as the result
 * says, and the session journal must hold the session exactly when the result is INCOMPLETE_*.
 *
 * Each case uses a card of its own (a copy of a shipped profile under a new name): kiosk-vcard
 * keeps a card's state for its lifetime, as a real card would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "issuance-test-server.h"
#include "kiosk-card-error.h"
#include "kiosk-card-profile.h"
#include "kiosk-card-worker.h"
#include "kiosk-certificate-validity.h"
#include "kiosk-certificate.h"
#include "kiosk-issuance-error.h"
#include "kiosk-pcsc-transport.h"
#include "kiosk-renewal.h"
#include "kiosk-test-ca.h"
#include "kiosk-test-integration.h"
#include "kiosk-test-pcscd.h"
#include "kiosk-test-process.h"
#include "kiosk-test-vcard.h"
#include "kiosk-virtual-card.h"

#define WAIT_TIMEOUT_MS 30000
#define OLD_PIN "1234"
#define OLD_PASSWORD "ABC123"
#define NEW_PIN "5678"
#define NEW_PASSWORD "XYZ789"

/* What the whole program shares: one pcscd, one kiosk-vcard, the TLS material. */
static KioskTestPcscd *pcscd;
static KioskTestVcard *vcard;
static char *work_dir;
static char *cards_dir;
static IssuanceTestTls tls;
static IssuanceTestTls other_tls; /* another CA: a server certificate the client cannot verify */
static KioskTestCa *test_ca;
static KioskTrustStore *trust;

/* --- one case: a card of its own, a server, a worker, a journal ---------------------------- */

typedef struct
{
  char *card_name;
  GBytes *old_auth; /* the card's certificates before the case, as the profile makes them */
  GBytes *old_sign; /* nullable */
  GDate *birth_date;
  char *journal_dir;
  KioskSessionJournal *journal;
  IssuanceTestServer *server;
  KioskIssuanceHttpClient *client;
  KioskCardTransport *transport;
  KioskCardWorker *worker;
  KioskReaderState reader_state;
  gint64 step_start[KIOSK_RENEWAL_STEP_COUNT + 1]; /* APDUs sent when each step began; -1 */
} Case;

static gboolean
worker_sees_card (gpointer user_data)
{
  Case *c = user_data;
  return c->reader_state == KIOSK_READER_STATE_CARD_PRESENT;
}

static void
on_reader_state (KioskCardWorker *worker, KioskReaderState state, const char *name, Case *c)
{
  (void)worker;
  (void)name;
  c->reader_state = state;
}

/* Waits until pcscd reports @wanted for the reader (it polls vpcd's card every 400 ms: a card
 * taken out and another put in quicker than that would look like one card). */
static void
wait_for_reader (KioskReaderState wanted)
{
  g_autoptr (KioskCardTransport) transport = kiosk_pcsc_transport_new (NULL);
  KioskReaderState state = KIOSK_READER_STATE_NO_SERVICE;
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  while (state != wanted && g_get_monotonic_time () < deadline)
    {
      g_autofree char *reader_name = NULL;
      state = kiosk_card_transport_wait_for_change (transport, state, 1000, &reader_name);
    }
  g_assert_cmpstr (kiosk_reader_state_to_string (state), ==, kiosk_reader_state_to_string (wanted));
}

/* Writes @to.card into the shared cards folder: the shipped @from with @pull_at (0: none). */
static void
write_card_profile (const char *to, const char *from, guint pull_at)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autofree char *source_file = g_strconcat (from, ".card", NULL);
  g_autofree char *source = g_build_filename (kiosk_test_cards_dir (), source_file, NULL);
  g_autofree char *target_file = g_strconcat (to, ".card", NULL);
  g_autofree char *target = g_build_filename (cards_dir, target_file, NULL);

  g_key_file_load_from_file (key_file, source, G_KEY_FILE_KEEP_COMMENTS, &error);
  g_assert_no_error (error);
  if (pull_at > 0)
    g_key_file_set_integer (key_file, "card", "pull-at-apdu", (int)pull_at);
  g_key_file_save_to_file (key_file, target, &error);
  g_assert_no_error (error);
}

/* Starts a case: the card @name (a copy of @from) made and put in the reader, the issuance
 * server started with @faults and a client with @max_tries and @timeout_ms, a worker on the
 * real PC/SC transport that sees the card. */
static void
case_start (Case *c, const char *name, const char *from, guint pull_at, const char *const *faults,
            guint max_tries, guint timeout_ms)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr (GDateTime) now = g_date_time_new_now (tokyo);

  memset (c, 0, sizeof *c);
  c->card_name = g_strdup (name);
  write_card_profile (name, from, pull_at);

  /* The card's certificates as kiosk-vcard makes them from the same profile, the same day. */
  g_autoptr (KioskCardProfile) profile
             = kiosk_card_profile_load_named (cards_dir, name, now, &error);
  g_assert_no_error (error);
  g_autoptr (KioskVirtualCard) card = kiosk_virtual_card_new (profile, test_ca, now, &error);
  g_assert_no_error (error);
  c->old_auth = g_bytes_ref (kiosk_virtual_card_get_auth_certificate (card));
  if (kiosk_virtual_card_get_sign_certificate (card) != NULL)
    c->old_sign = g_bytes_ref (kiosk_virtual_card_get_sign_certificate (card));
  c->birth_date = g_date_copy (kiosk_card_profile_get_birth_date (profile));

  c->journal_dir = g_build_filename (work_dir, name, NULL);
  c->journal = kiosk_session_journal_new (c->journal_dir, &error);
  g_assert_no_error (error);

  c->server = issuance_test_server_new (cards_dir, kiosk_test_ca_dir (), &tls);
  issuance_test_server_start (c->server, NULL, NULL, faults);
  c->client = issuance_test_server_new_client (c->server, TRUE, timeout_ms, max_tries, 30);

  g_assert_true (kiosk_test_vcard_insert (vcard, name, &error));
  g_assert_no_error (error);
  c->transport = kiosk_pcsc_transport_new (NULL);
  c->worker = kiosk_card_worker_new (c->transport, trust);
  c->reader_state = KIOSK_READER_STATE_NO_SERVICE;
  g_signal_connect (c->worker, "reader-state-changed", G_CALLBACK (on_reader_state), c);
  kiosk_card_worker_start (c->worker);
  g_assert_true (kiosk_test_wait_for (worker_sees_card, c, WAIT_TIMEOUT_MS));
  for (guint i = 0; i <= KIOSK_RENEWAL_STEP_COUNT; i++)
    c->step_start[i] = -1;
}

/* The worker lets go of the card (a reset: no security state survives). */
static void
case_stop_worker (Case *c)
{
  if (c->worker == NULL)
    return;
  kiosk_card_worker_stop (c->worker);
  g_signal_handlers_disconnect_by_data (c->worker, c);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&c->worker);
  g_clear_object (&c->transport);
}

static void
case_finish (Case *c)
{
  g_autoptr (GError) error = NULL;

  case_stop_worker (c);
  g_clear_object (&c->client);
  issuance_test_server_stop (c->server);
  g_clear_object (&c->server);
  g_clear_object (&c->journal);
  /* The card leaves the reader, ready for the next case's card. */
  g_assert_true (kiosk_test_vcard_remove (vcard, &error));
  g_assert_no_error (error);
  wait_for_reader (KIOSK_READER_STATE_EMPTY);
  kiosk_test_process_remove_tree (c->journal_dir);
  g_free (c->journal_dir);
  g_free (c->card_name);
  g_clear_pointer (&c->old_auth, g_bytes_unref);
  g_clear_pointer (&c->old_sign, g_bytes_unref);
  g_date_free (c->birth_date);
}

/* --- waiting for the worker and the relay -------------------------------------------------- */

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  (void)source;
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer user_data)
{
  return *(GAsyncResult **)user_data != NULL;
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  if (!kiosk_test_wait_for (result_arrived, slot, WAIT_TIMEOUT_MS))
    g_error ("no answer within %u ms", WAIT_TIMEOUT_MS);
  return g_steal_pointer (slot);
}

static gboolean
worker_change_secret (Case *c, KioskJpkiSecret which, const char *current, const char *new_text,
                      guint *tries_left, GError **error)
{
  g_autoptr (KioskSecret) current_secret = kiosk_secret_new_from_string (current);
  g_autoptr (KioskSecret) new_secret = kiosk_secret_new_from_string (new_text);
  GAsyncResult *slot = NULL;

  kiosk_card_worker_change_secret_async (c->worker, which, current_secret, new_secret, NULL,
                                         store_result, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  return kiosk_card_worker_change_secret_finish (c->worker, result, tries_left, error);
}

static void
progress_cb (KioskRenewal *renewal, guint step, guint count, const char *name, Case *c)
{
  guint apdus = 0;

  (void)renewal;
  (void)count;
  (void)name;
  kiosk_card_transport_get_counters (c->transport, &apdus, NULL, NULL);
  c->step_start[step] = apdus;
}

static KioskSecret *
secret_or_null (const char *text)
{
  return text != NULL ? kiosk_secret_new_from_string (text) : NULL;
}

/* Runs the relay on the case's card with the HTTP client; logs the result. */
static KioskRenewalResult *
run_relay (Case *c, KioskIssuanceProcedure procedure, const char *password, const char *new_pin,
           const char *new_password)
{
  g_autoptr (KioskRenewal) renewal
             = kiosk_renewal_new (c->worker, KIOSK_ISSUANCE_SERVICE (c->client), c->journal);
  g_autoptr (KioskSecret) pin_secret = kiosk_secret_new_from_string (OLD_PIN);
  g_autoptr (KioskSecret) password_secret = secret_or_null (password);
  g_autoptr (KioskSecret) new_pin_secret = secret_or_null (new_pin);
  g_autoptr (KioskSecret) new_password_secret = secret_or_null (new_password);
  GAsyncResult *slot = NULL;
  guint apdus = 0;
  gint64 started = g_get_monotonic_time ();

  kiosk_card_transport_reset_counters (c->transport);
  g_signal_connect (renewal, "progress", G_CALLBACK (progress_cb), c);
  kiosk_renewal_run_async (renewal, procedure, pin_secret, password_secret, new_pin_secret,
                           new_password_secret, c->old_auth, NULL, store_result, &slot);
  g_autoptr (GAsyncResult) result = wait_result (&slot);
  KioskRenewalResult *outcome = kiosk_renewal_run_finish (renewal, result);
  g_assert_nonnull (outcome);
  kiosk_card_transport_get_counters (c->transport, &apdus, NULL, NULL);
  c->step_start[KIOSK_RENEWAL_STEP_DONE] = apdus;
  g_test_message ("%s: %s (cause %s) at %s, card %s, %u APDUs, %" G_GINT64_FORMAT " ms",
                  c->card_name, outcome->reason_code,
                  kiosk_renewal_outcome_to_string (outcome->cause),
                  kiosk_renewal_step_to_string (outcome->step),
                  outcome->card == KIOSK_RENEWAL_CARD_NEW ? "new" : "old", apdus,
                  (g_get_monotonic_time () - started) / 1000);
  return outcome;
}

static KioskRenewalResult *
renew (Case *c)
{
  return run_relay (c, KIOSK_ISSUANCE_PROCEDURE_RENEW, OLD_PASSWORD, NEW_PIN, NEW_PASSWORD);
}

/* --- reading the card back over pcscd, on a connection of its own ------------------------ */

typedef struct
{
  KioskCardTransport *transport;
} Reader;

static void
reader_open (Reader *r)
{
  g_autoptr (GError) error = NULL;

  /* pcscd sees a card put back in at its next poll (up to 400 ms). */
  wait_for_reader (KIOSK_READER_STATE_CARD_PRESENT);
  r->transport = kiosk_pcsc_transport_new (NULL);
  g_autoptr (GBytes) atr = kiosk_card_transport_connect (r->transport, &error);
  g_assert_no_error (error);
  g_assert_nonnull (atr);
  g_assert_true (kiosk_jpki_select_ap (r->transport, NULL, &error));
  g_assert_no_error (error);
}

static void
reader_close (Reader *r)
{
  kiosk_card_transport_disconnect (r->transport, TRUE);
  g_clear_object (&r->transport);
}

static GBytes *
reader_read (Reader *r, guint16 fid)
{
  g_autoptr (GError) error = NULL;
  GBytes *der = kiosk_jpki_read_certificate (r->transport, fid, NULL, &error);

  if (g_error_matches (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_END_OF_FILE))
    return NULL;
  g_assert_no_error (error);
  return der;
}

static guint
reader_tries_left (Reader *r, KioskJpkiSecret which)
{
  g_autoptr (GError) error = NULL;
  guint tries = 0;

  g_assert_true (kiosk_jpki_get_tries_left (r->transport, which, &tries, NULL, &error));
  g_assert_no_error (error);
  return tries;
}

static gboolean
reader_verify (Reader *r, KioskJpkiSecret which, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string (text);
  guint tries = 0;
  gboolean ok = kiosk_jpki_verify (r->transport, which, secret, &tries, NULL, &error);

  if (!ok)
    g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN);
  return ok;
}

/* The card's @which key signs for @certificate_der (needs @which verified). */
static void
reader_assert_signs_for (Reader *r, KioskJpkiSecret which, GBytes *certificate_der)
{
  g_autoptr (GError) error = NULL;
  static const char message[] = "procedures read-back";
  g_autoptr (GBytes) digest_info
             = kiosk_jpki_sha256_digest_info ((const guint8 *)message, sizeof message - 1);
  g_autoptr (GBytes) signature = kiosk_jpki_sign (r->transport, which, digest_info, NULL, &error);
  g_assert_no_error (error);
  g_autoptr (KioskCertificate) certificate
             = kiosk_certificate_new_from_der (certificate_der, &error);
  g_assert_no_error (error);
  g_assert_true (
      kiosk_certificate_verify_digest_info (certificate, digest_info, signature, &error));
  g_assert_no_error (error);
}

/* What the card holds now: its certificates, and which PIN and password it takes. */
typedef struct
{
  GBytes *auth;
  GBytes *sign; /* nullable: none */
  gboolean new_pin;
  gboolean new_password;
} CardContent;

static void
card_content_clear (CardContent *content)
{
  g_clear_pointer (&content->auth, g_bytes_unref);
  g_clear_pointer (&content->sign, g_bytes_unref);
}

/* Reads the whole card back: certificates, which secrets verify (trying the one the card is
 * expected to hold first, so a right guess spends no try; a wrong one is restored by the right
 * one), and that each key signs for its certificate. */
static void
read_card (gboolean expect_new_pin, gboolean expect_new_password, gboolean has_sign,
           CardContent *out)
{
  Reader r;

  reader_open (&r);
  out->auth = reader_read (&r, KIOSK_JPKI_EF_AUTH_CERT);
  g_assert_nonnull (out->auth);
  g_assert_cmpuint (reader_tries_left (&r, KIOSK_JPKI_AUTH), ==, 3);
  const char *pin_first = expect_new_pin ? NEW_PIN : OLD_PIN;
  const char *pin_second = expect_new_pin ? OLD_PIN : NEW_PIN;
  if (reader_verify (&r, KIOSK_JPKI_AUTH, pin_first))
    out->new_pin = expect_new_pin;
  else
    {
      g_assert_true (reader_verify (&r, KIOSK_JPKI_AUTH, pin_second));
      out->new_pin = !expect_new_pin;
    }
  reader_assert_signs_for (&r, KIOSK_JPKI_AUTH, out->auth);

  if (has_sign)
    {
      g_assert_cmpuint (reader_tries_left (&r, KIOSK_JPKI_SIGN), ==, 5);
      const char *first = expect_new_password ? NEW_PASSWORD : OLD_PASSWORD;
      const char *second = expect_new_password ? OLD_PASSWORD : NEW_PASSWORD;
      if (reader_verify (&r, KIOSK_JPKI_SIGN, first))
        out->new_password = expect_new_password;
      else
        {
          g_assert_true (reader_verify (&r, KIOSK_JPKI_SIGN, second));
          out->new_password = !expect_new_password;
        }
      out->sign = reader_read (&r, KIOSK_JPKI_EF_SIGN_CERT);
      g_assert_nonnull (out->sign);
      reader_assert_signs_for (&r, KIOSK_JPKI_SIGN, out->sign);
    }
  else
    {
      g_autoptr (GError) error = NULL;
      guint tries = 0;
      g_assert_false (
          kiosk_jpki_get_tries_left (r.transport, KIOSK_JPKI_SIGN, &tries, NULL, &error));
      g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NOT_FOUND);
    }
  reader_close (&r);
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
assert_trusted (GBytes *der)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskCertificate) certificate = parse (der);

  g_assert_true (kiosk_trust_store_verify (trust, certificate, &error));
  g_assert_no_error (error);
}

/* The notAfter a certificate issued on its notBefore's date (JST) must have. */
static void
assert_renewed_validity (Case *c, GBytes *der)
{
  g_autoptr (GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr (KioskCertificate) certificate = parse (der);
  g_autoptr (GDateTime) not_before
             = g_date_time_to_timezone (kiosk_certificate_get_not_before (certificate), tokyo);
  g_autoptr (GDateTime) today = g_date_time_new_now (tokyo);
  GDate issued;

  /* Issued today (or yesterday, when the case ran across midnight in Japan). */
  g_assert_cmpint (g_date_time_difference (today, not_before), >=, 0);
  g_assert_cmpint (g_date_time_difference (today, not_before), <, 2 * G_TIME_SPAN_DAY);
  g_assert_cmpint (g_date_time_get_hour (not_before), ==, 0);
  g_date_clear (&issued, 1);
  g_date_set_dmy (&issued, g_date_time_get_day_of_month (not_before),
                  g_date_time_get_month (not_before), g_date_time_get_year (not_before));
  g_autoptr (GDateTime) expected
             = kiosk_certificate_not_after (c->birth_date, &issued, KIOSK_LEAP_DAY_FEB_28);
  g_assert_cmpint (g_date_time_to_unix (kiosk_certificate_get_not_after (certificate)), ==,
                   g_date_time_to_unix (expected));
}

static gboolean
is_incomplete (KioskRenewalOutcome outcome)
{
  return outcome == KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD
         || outcome == KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW;
}

/* The journal holds the session exactly when the result is INCOMPLETE_*, also after a
 * restart (a journal opened afresh from the folder). */
static void
assert_journal_matches (Case *c, const KioskRenewalResult *result)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSessionJournal) reopened = kiosk_session_journal_new (c->journal_dir, &error);
  g_assert_no_error (error);
  g_autoptr (GPtrArray) incomplete = kiosk_session_journal_list_incomplete (reopened);

  if (is_incomplete (result->outcome))
    {
      g_assert_true (result->journaled);
      g_assert_cmpuint (incomplete->len, ==, 1);
      g_assert_nonnull (result->session_id);
      const KioskJournalEntry *entry = kiosk_session_journal_lookup (reopened, result->session_id);
      g_assert_nonnull (entry);
      g_autofree char *reference = kiosk_session_journal_card_reference (c->old_auth);
      g_assert_cmpstr (entry->card_reference, ==, reference);
    }
  else
    {
      g_assert_false (result->journaled);
      g_assert_cmpuint (incomplete->len, ==, 0);
    }
}

/* Reads the card back after a renewal (RENEW) that ended with @result: wholly old or wholly
 * new as the result says, never mixed; the journal agrees. */
static void
assert_card_as_result (Case *c, const KioskRenewalResult *result)
{
  CardContent content = { 0 };
  gboolean has_sign = c->old_sign != NULL;

  assert_journal_matches (c, result);
  if (result->outcome == KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD)
    g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);
  if (result->outcome == KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW
      || result->outcome == KIOSK_RENEWAL_OUTCOME_DONE)
    g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_NEW);

  read_card (result->pin_set, result->password_set, has_sign, &content);
  g_assert_cmpint (content.new_pin, ==, result->pin_set);
  if (has_sign)
    g_assert_cmpint (content.new_password, ==, result->password_set);
  if (result->card == KIOSK_RENEWAL_CARD_OLD)
    {
      g_assert_false (result->pin_set);
      g_assert_false (result->password_set);
      g_assert_true (g_bytes_equal (content.auth, c->old_auth));
      if (has_sign)
        g_assert_true (g_bytes_equal (content.sign, c->old_sign));
    }
  else
    {
      g_assert_true (result->auth_renewed);
      g_assert_false (g_bytes_equal (content.auth, c->old_auth));
      assert_trusted (content.auth);
      assert_renewed_validity (c, content.auth);
      if (has_sign)
        {
          g_assert_true (result->sign_renewed);
          g_assert_false (g_bytes_equal (content.sign, c->old_sign));
          assert_trusted (content.sign);
          assert_renewed_validity (c, content.sign);
        }
    }
  card_content_clear (&content);
}

/* Ends a renewal case: the worker lets go, the card is read back against @result. */
static void
case_end (Case *c, const KioskRenewalResult *result)
{
  case_stop_worker (c);
  assert_card_as_result (c, result);
  case_finish (c);
}

/* --- 1. PIN and password changes through the worker -------------------------------------- */

static void
check_change_secret (KioskJpkiSecret which, const char *name)
{
  g_autoptr (GError) error = NULL;
  const char *old_text = which == KIOSK_JPKI_AUTH ? OLD_PIN : OLD_PASSWORD;
  const char *new_text = which == KIOSK_JPKI_AUTH ? NEW_PIN : NEW_PASSWORD;
  guint max = which == KIOSK_JPKI_AUTH ? 3 : 5;
  guint tries = 0;
  Case c;
  Reader r;

  case_start (&c, name, "valid", 0, NULL, 3, 5000);
  gboolean changed = worker_change_secret (&c, which, old_text, new_text, &tries, &error);
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpuint (tries, ==, max);
  case_stop_worker (&c);

  /* A new card session: the old secret is refused at the cost of one try, the new one verifies
   * and restores the counter; the other secret is untouched. */
  reader_open (&r);
  g_assert_cmpuint (reader_tries_left (&r, which), ==, max);
  g_assert_false (reader_verify (&r, which, old_text));
  g_assert_cmpuint (reader_tries_left (&r, which), ==, max - 1);
  g_assert_true (reader_verify (&r, which, new_text));
  g_assert_cmpuint (reader_tries_left (&r, which), ==, max);
  KioskJpkiSecret other = which == KIOSK_JPKI_AUTH ? KIOSK_JPKI_SIGN : KIOSK_JPKI_AUTH;
  g_assert_true (reader_verify (&r, other, other == KIOSK_JPKI_AUTH ? OLD_PIN : OLD_PASSWORD));
  /* The certificates did not change. */
  g_autoptr (GBytes) auth = reader_read (&r, KIOSK_JPKI_EF_AUTH_CERT);
  g_assert_true (g_bytes_equal (auth, c.old_auth));
  reader_close (&r);
  case_finish (&c);
}

static void
test_change_pin (void)
{
  check_change_secret (KIOSK_JPKI_AUTH, "change-pin");
}

static void
test_change_password (void)
{
  check_change_secret (KIOSK_JPKI_SIGN, "change-password");
}

static void
test_change_pin_wrong_current (void)
{
  g_autoptr (GError) error = NULL;
  guint tries = 0;
  Case c;
  Reader r;

  case_start (&c, "change-pin-wrong", "valid", 0, NULL, 3, 5000);
  g_assert_false (worker_change_secret (&c, KIOSK_JPKI_AUTH, "9999", NEW_PIN, &tries, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN);
  g_assert_cmpuint (tries, ==, 2);
  case_stop_worker (&c);

  /* Nothing changed but the one try spent. */
  reader_open (&r);
  g_assert_cmpuint (reader_tries_left (&r, KIOSK_JPKI_AUTH), ==, 2);
  g_assert_false (reader_verify (&r, KIOSK_JPKI_AUTH, NEW_PIN));
  g_assert_true (reader_verify (&r, KIOSK_JPKI_AUTH, OLD_PIN));
  g_assert_cmpuint (reader_tries_left (&r, KIOSK_JPKI_AUTH), ==, 3);
  reader_close (&r);
  case_finish (&c);
}

/* --- 2. a full renewal ------------------------------------------------------------------- */

static void
test_renew_valid (void)
{
  Case c;

  case_start (&c, "renew-valid", "valid", 0, NULL, 3, 5000);
  g_autoptr (KioskRenewalResult) result = renew (&c);
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
  g_assert_cmpstr (result->reason_code, ==, "DONE");
  g_assert_true (result->auth_renewed);
  g_assert_true (result->sign_renewed);
  g_assert_true (result->pin_set);
  g_assert_true (result->password_set);
  issuance_test_server_wait_for_line (c.server, "answer commit 200");
  issuance_test_server_wait_for_line (c.server, "issued-count 1");
  /* One request per step of the relay. */
  g_assert_cmpuint (kiosk_issuance_http_client_get_request_count (c.client), ==, 5);
  case_end (&c, result);
}

/* --- 3. auth-only renewal, sign re-issue ------------------------------------------------- */

static void
test_renew_minor (void)
{
  Case c;

  case_start (&c, "renew-minor", "minor", 0, NULL, 3, 5000);
  g_assert_null (c.old_sign);
  g_autoptr (KioskRenewalResult) result
             = run_relay (&c, KIOSK_ISSUANCE_PROCEDURE_RENEW, NULL, NEW_PIN, NULL);
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
  g_assert_true (result->auth_renewed);
  g_assert_false (result->sign_renewed);
  g_assert_false (result->password_set);
  /* The card never saw a sign key generated, nor the password checked. */
  g_assert_cmpint (c.step_start[KIOSK_RENEWAL_STEP_GENERATE_SIGN_KEY], ==, -1);
  g_assert_cmpint (c.step_start[KIOSK_RENEWAL_STEP_VERIFY_PASSWORD], ==, -1);
  case_end (&c, result);
}

static void
test_reissue_sign (void)
{
  CardContent content = { 0 };
  Case c;

  case_start (&c, "reissue-sign", "valid", 0, NULL, 3, 5000);
  g_autoptr (KioskRenewalResult) result = run_relay (&c, KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN,
                                                     OLD_PASSWORD, NULL, NEW_PASSWORD);
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_NEW);
  g_assert_false (result->auth_renewed);
  g_assert_true (result->sign_renewed);
  g_assert_false (result->pin_set);
  g_assert_true (result->password_set);
  case_stop_worker (&c);
  assert_journal_matches (&c, result);

  /* The auth certificate and PIN as before; a new sign certificate that ends with it. */
  read_card (FALSE, TRUE, TRUE, &content);
  g_assert_false (content.new_pin);
  g_assert_true (content.new_password);
  g_assert_true (g_bytes_equal (content.auth, c.old_auth));
  g_assert_false (g_bytes_equal (content.sign, c.old_sign));
  assert_trusted (content.sign);
  g_autoptr (KioskCertificate) auth = parse (content.auth);
  g_autoptr (KioskCertificate) sign = parse (content.sign);
  g_assert_cmpint (g_date_time_to_unix (kiosk_certificate_get_not_after (sign)), ==,
                   g_date_time_to_unix (kiosk_certificate_get_not_after (auth)));
  card_content_clear (&content);
  case_finish (&c);
}

/* --- 4. the server's faults -------------------------------------------------------------- */

/* A renewal of a fresh copy of `valid` with @faults on the server and a client making at most
 * @max_tries requests per step, each within @timeout_ms. */
static KioskRenewalResult *
renew_with_faults (Case *c, const char *name, const char *const *faults, guint max_tries,
                   guint timeout_ms)
{
  case_start (c, name, "valid", 0, faults, max_tries, timeout_ms);
  return renew (c);
}

static void
test_fault_slow (void)
{
  static const char *const faults[] = { "slow 400", NULL };
  Case c;
  gint64 started = g_get_monotonic_time ();
  g_autoptr (KioskRenewalResult) result = renew_with_faults (&c, "fault-slow", faults, 3, 5000);

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
  /* Five answers, each 400 ms late, waited for. */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 5 * 400 * G_TIME_SPAN_MILLISECOND);
  case_end (&c, result);
}

static void
test_fault_busy (void)
{
  static const char *const faults[] = { "busy 10 1", NULL };
  Case c;
  g_autoptr (KioskRenewalResult) result = renew_with_faults (&c, "fault-busy", faults, 3, 5000);

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_SERVICE_BUSY);
  g_assert_cmpstr (result->reason_code, ==, "SERVICE_BUSY");
  g_assert_cmpint (result->step, ==, KIOSK_RENEWAL_STEP_OPEN_SESSION);
  g_assert_cmpuint (result->retry_after_seconds, ==, 1);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);
  issuance_test_server_wait_for_lines (c.server, "busy open", 3);
  g_assert_cmpuint (issuance_test_server_count_lines (c.server, "busy open"), ==, 3);
  case_end (&c, result);
}

/* A dropped connection at @step with a client that does not retry. */
static KioskRenewalResult *
renew_with_drop (Case *c, const char *name, const char *step)
{
  g_autofree char *fault = g_strdup_printf ("drop %s", step);
  const char *const faults[] = { fault, NULL };
  g_autofree char *dropped = g_strdup_printf ("dropped %s", step);
  KioskRenewalResult *result = renew_with_faults (c, name, faults, 1, 5000);

  issuance_test_server_wait_for_line (c->server, dropped);
  return result;
}

static void
test_fault_drop_proof (void)
{
  Case c;
  g_autoptr (KioskRenewalResult) result = renew_with_drop (&c, "fault-drop-proof", "proof");

  /* Before management was authorised: nothing to keep, the card untouched. */
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN);
  g_assert_cmpint (result->step, ==, KIOSK_RENEWAL_STEP_PROVE);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);
  case_end (&c, result);
}

static void
test_fault_drop_certificates (void)
{
  Case c;
  g_autoptr (KioskRenewalResult) result
             = renew_with_drop (&c, "fault-drop-certificates", "certificates");

  /* After authorisation, before ACTIVATE: an incomplete session, the card old. */
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD);
  g_assert_cmpstr (result->reason_code, ==, "RENEWAL_INCOMPLETE_OLD");
  g_assert_cmpint (result->cause, ==, KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN);
  g_assert_cmpint (result->step, ==, KIOSK_RENEWAL_STEP_ISSUE);
  case_end (&c, result);
}

static void
test_fault_drop_commit (void)
{
  Case c;
  g_autoptr (KioskRenewalResult) result = renew_with_drop (&c, "fault-drop-commit", "commit");

  /* The card is new, with the new PIN and password; the service never heard the commit. */
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW);
  g_assert_cmpstr (result->reason_code, ==, "RENEWAL_INCOMPLETE_NEW");
  g_assert_cmpint (result->step, ==, KIOSK_RENEWAL_STEP_COMMIT);
  g_assert_true (result->pin_set);
  g_assert_true (result->password_set);
  case_end (&c, result);
}

static void
test_fault_drop_retried (void)
{
  static const char *const faults[] = { "drop certificates", NULL };
  Case c;
  g_autoptr (KioskRenewalResult) result
             = renew_with_faults (&c, "fault-drop-retried", faults, 3, 5000);

  /* The client retries with the same idempotency key and gets the answer it lost. */
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
  issuance_test_server_wait_for_line (c.server, "dropped certificates");
  issuance_test_server_wait_for_line (c.server, "replay certificates");
  g_assert_cmpuint (issuance_test_server_count_lines (c.server, "issued-count "), ==, 1);
  case_end (&c, result);
}

static void
check_malformed (const char *name, const char *step, KioskRenewalOutcome expected)
{
  g_autofree char *fault = g_strdup_printf ("malformed %s", step);
  const char *const faults[] = { fault, NULL };
  g_autofree char *line = g_strdup_printf ("malformed %s", step);
  Case c;
  g_autoptr (KioskRenewalResult) result = renew_with_faults (&c, name, faults, 3, 5000);

  issuance_test_server_wait_for_line (c.server, line);
  g_assert_cmpint (result->outcome, ==, expected);
  if (is_incomplete (expected))
    g_assert_cmpint (result->cause, ==, KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN);
  case_end (&c, result);
}

static void
test_fault_malformed_proof (void)
{
  check_malformed ("fault-malformed-proof", "proof", KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN);
}

static void
test_fault_malformed_management (void)
{
  /* The cryptogram never arrived, so the card never entered management: nothing to keep. */
  static const char *const faults[] = { "malformed management", NULL };
  Case c;
  g_autoptr (KioskRenewalResult) result
             = renew_with_faults (&c, "fault-malformed-management", faults, 3, 5000);

  issuance_test_server_wait_for_line (c.server, "malformed management");
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN);
  g_assert_cmpint (result->step, ==, KIOSK_RENEWAL_STEP_AUTHORIZE);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);
  case_end (&c, result);
}

static void
test_fault_malformed_commit (void)
{
  /* The service committed but its answer does not parse: the card is new, the session kept. */
  check_malformed ("fault-malformed-commit", "commit", KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW);
}

static void
test_fault_slow_beyond_timeout (void)
{
  static const char *const faults[] = { "slow 2000", NULL };
  Case c;
  g_autoptr (KioskRenewalResult) result
             = renew_with_faults (&c, "fault-slow-timeout", faults, 3, 300);

  /* A timeout is not retried: the first step gives up, the card untouched. */
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN);
  g_assert_cmpint (result->step, ==, KIOSK_RENEWAL_STEP_OPEN_SESSION);
  g_assert_cmpint (result->card, ==, KIOSK_RENEWAL_CARD_OLD);
  case_end (&c, result);
}

static void
test_fault_untrusted_tls (void)
{
  g_autoptr (GError) error = NULL;
  Case c;

  /* The server presents a certificate of a CA the client does not trust. */
  case_start (&c, "fault-untrusted-tls", "valid", 0, NULL, 3, 5000);
  issuance_test_server_stop (c.server);
  issuance_test_server_start (c.server, other_tls.server_certificate, other_tls.server_key, NULL);
  g_clear_object (&c.client);
  c.client = issuance_test_server_new_client (c.server, TRUE, 5000, 3, 30);
  g_autoptr (KioskRenewalResult) result = renew (&c);

  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_SERVICE_DOWN);
  g_assert_cmpstr (result->reason_code, ==, "SERVICE_DOWN");
  g_assert_cmpint (result->step, ==, KIOSK_RENEWAL_STEP_OPEN_SESSION);
  g_assert_cmpuint (issuance_test_server_count_lines (c.server, "request "), ==, 0);
  case_end (&c, result);
}

/* --- 5. the card pulled at each step ----------------------------------------------------- */

/* The APDUs each step of a clean renewal of `valid` sends: [first, last], 1-based; first = 0
 * when the step sends none. Counted once per program through the transport's counters. */
static guint step_first_apdu[KIOSK_RENEWAL_STEP_COUNT];
static guint step_last_apdu[KIOSK_RENEWAL_STEP_COUNT];
static gboolean steps_counted;

static void
count_step_apdus (void)
{
  Case c;

  if (steps_counted)
    return;
  case_start (&c, "pull-count", "valid", 0, NULL, 3, 5000);
  g_autoptr (KioskRenewalResult) result = renew (&c);
  g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_DONE);
  for (guint step = 0; step < KIOSK_RENEWAL_STEP_COUNT; step++)
    {
      gint64 start = c.step_start[step];
      gint64 end = -1;

      g_assert_cmpint (start, >=, 0); /* a full renewal goes through every step */
      for (guint next = step + 1; next <= KIOSK_RENEWAL_STEP_COUNT && end < 0; next++)
        end = c.step_start[next];
      g_assert_cmpint (end, >=, start);
      step_first_apdu[step] = end > start ? (guint)start + 1 : 0;
      step_last_apdu[step] = end > start ? (guint)end : 0;
      g_test_message ("step %s: APDUs %u to %u", kiosk_renewal_step_to_string (step),
                      step_first_apdu[step], step_last_apdu[step]);
    }
  case_stop_worker (&c);
  case_finish (&c);
  steps_counted = TRUE;
}

/* Whether the step talks to the card (what a clean run measured may not be known yet when the
 * cases are registered: these are the steps design.md gives the card). */
static gboolean
step_touches_card (KioskRenewalStep step)
{
  switch (step)
    {
    case KIOSK_RENEWAL_STEP_CHECK_CARD:
    case KIOSK_RENEWAL_STEP_VERIFY_PIN:
    case KIOSK_RENEWAL_STEP_VERIFY_PASSWORD:
    case KIOSK_RENEWAL_STEP_SIGN_CHALLENGE:
    case KIOSK_RENEWAL_STEP_GET_CARD_ID:
    case KIOSK_RENEWAL_STEP_GET_CHALLENGE:
    case KIOSK_RENEWAL_STEP_EXTERNAL_AUTHENTICATE:
    case KIOSK_RENEWAL_STEP_GENERATE_AUTH_KEY:
    case KIOSK_RENEWAL_STEP_GENERATE_SIGN_KEY:
    case KIOSK_RENEWAL_STEP_WRITE_CERTIFICATES:
    case KIOSK_RENEWAL_STEP_ACTIVATE:
    case KIOSK_RENEWAL_STEP_SET_PIN:
    case KIOSK_RENEWAL_STEP_SET_PASSWORD:
      return TRUE;
    case KIOSK_RENEWAL_STEP_OPEN_SESSION:
    case KIOSK_RENEWAL_STEP_PROVE:
    case KIOSK_RENEWAL_STEP_AUTHORIZE:
    case KIOSK_RENEWAL_STEP_ISSUE:
    case KIOSK_RENEWAL_STEP_COMMIT:
    case KIOSK_RENEWAL_STEP_DONE:
    default:
      return FALSE;
    }
}

static void
test_pull_at_step (gconstpointer data)
{
  KioskRenewalStep step = GPOINTER_TO_UINT (data);
  g_autoptr (GError) error = NULL;
  Case c;

  count_step_apdus ();
  g_assert_cmpuint (step_first_apdu[step], >, 0);
  /* The last APDU of the step: the one that would complete it (for ACTIVATE, the only one). */
  guint pull_at = step_last_apdu[step];
  g_autofree char *name = g_strdup_printf ("pull-%s", kiosk_renewal_step_to_string (step));
  g_autofree char *expected_event = g_strdup_printf ("pulled at apdu %u", pull_at);

  case_start (&c, name, "valid", pull_at, NULL, 3, 5000);
  g_autoptr (KioskRenewalResult) result = renew (&c);
  g_autofree char *event
      = kiosk_test_vcard_wait_for_event (vcard, "pulled", WAIT_TIMEOUT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (event, ==, expected_event);

  /* It failed at the step the card was pulled in, because the card was pulled. */
  g_assert_cmpint (result->step, ==, step);
  g_assert_cmpint (result->cause, ==, KIOSK_RENEWAL_OUTCOME_CARD_REMOVED);
  if (step > KIOSK_RENEWAL_STEP_AUTHORIZE)
    g_assert_cmpint (result->outcome, ==,
                     result->card == KIOSK_RENEWAL_CARD_NEW ? KIOSK_RENEWAL_OUTCOME_INCOMPLETE_NEW
                                                            : KIOSK_RENEWAL_OUTCOME_INCOMPLETE_OLD);
  else
    g_assert_cmpint (result->outcome, ==, KIOSK_RENEWAL_OUTCOME_CARD_REMOVED);
  /* Pulled up to and including ACTIVATE the card is old; after it, new. */
  g_assert_cmpint (result->card, ==,
                   step > KIOSK_RENEWAL_STEP_ACTIVATE ? KIOSK_RENEWAL_CARD_NEW
                                                      : KIOSK_RENEWAL_CARD_OLD);
  g_assert_false (issuance_test_server_has_line (c.server, "answer commit 200"));

  /* Put back, it reads as the result says. */
  case_stop_worker (&c);
  wait_for_reader (KIOSK_READER_STATE_EMPTY);
  g_assert_true (kiosk_test_vcard_insert (vcard, name, &error));
  g_assert_no_error (error);
  assert_card_as_result (&c, result);
  case_finish (&c);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!kiosk_test_require_namespace ())
    return g_strcmp0 (g_getenv ("CI"), "true") == 0 ? EXIT_FAILURE : EXIT_SUCCESS;

  g_test_add_func ("/integration/procedures/change/pin", test_change_pin);
  g_test_add_func ("/integration/procedures/change/password", test_change_password);
  g_test_add_func ("/integration/procedures/change/pin-wrong-current",
                   test_change_pin_wrong_current);
  g_test_add_func ("/integration/procedures/renew/valid", test_renew_valid);
  g_test_add_func ("/integration/procedures/renew/minor-auth-only", test_renew_minor);
  g_test_add_func ("/integration/procedures/reissue-sign/valid", test_reissue_sign);
  g_test_add_func ("/integration/procedures/fault/slow", test_fault_slow);
  g_test_add_func ("/integration/procedures/fault/busy", test_fault_busy);
  g_test_add_func ("/integration/procedures/fault/drop-proof", test_fault_drop_proof);
  g_test_add_func ("/integration/procedures/fault/drop-certificates", test_fault_drop_certificates);
  g_test_add_func ("/integration/procedures/fault/drop-commit", test_fault_drop_commit);
  g_test_add_func ("/integration/procedures/fault/drop-retried", test_fault_drop_retried);
  g_test_add_func ("/integration/procedures/fault/malformed-proof", test_fault_malformed_proof);
  g_test_add_func ("/integration/procedures/fault/malformed-management",
                   test_fault_malformed_management);
  g_test_add_func ("/integration/procedures/fault/malformed-commit", test_fault_malformed_commit);
  g_test_add_func ("/integration/procedures/fault/slow-beyond-timeout",
                   test_fault_slow_beyond_timeout);
  g_test_add_func ("/integration/procedures/fault/untrusted-tls", test_fault_untrusted_tls);
  for (guint step = 0; step < KIOSK_RENEWAL_STEP_COUNT; step++)
    if (step_touches_card (step))
      {
        g_autofree char *path = g_strdup_printf ("/integration/procedures/pull/%s",
                                                 kiosk_renewal_step_to_string (step));
        g_test_add_data_func (path, GUINT_TO_POINTER (step), test_pull_at_step);
      }

  work_dir = g_dir_make_tmp ("kiosk-test-procedures-XXXXXX", &error);
  g_assert_no_error (error);
  cards_dir = g_build_filename (work_dir, "cards", NULL);
  g_assert_cmpint (g_mkdir (cards_dir, 0700), ==, 0);
  issuance_test_tls_make (work_dir, "test", &tls);
  issuance_test_tls_make (work_dir, "other", &other_tls);
  test_ca = kiosk_test_ca_load (kiosk_test_ca_dir (), &error);
  g_assert_no_error (error);
  trust = kiosk_test_trust_store_new (&error);
  g_assert_no_error (error);

  pcscd = kiosk_test_pcscd_new ();
  if (!kiosk_test_pcscd_start (pcscd, KIOSK_TEST_PCSCD_READERS_VPCD, &error))
    g_error ("%s", error->message);
  /* Started with a card that never goes in: each case inserts its own. */
  write_card_profile ("valid", "valid", 0);
  vcard = kiosk_test_vcard_new ("valid", cards_dir);
  if (!kiosk_test_vcard_start (vcard, &error))
    g_error ("%s", error->message);

  status = g_test_run ();

  g_clear_object (&vcard);
  g_clear_object (&pcscd);
  g_clear_object (&trust);
  g_clear_object (&test_ca);
  issuance_test_tls_clear (&tls);
  issuance_test_tls_clear (&other_tls);
  kiosk_test_process_remove_tree (work_dir);
  g_free (cards_dir);
  g_free (work_dir);
  return status;
}
