/* test-pcsc-status.c: every shipped card profile read through a real pcscd, vpcd and kiosk-vcard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "kiosk-card-profile.h"
#include "kiosk-card-worker.h"
#include "kiosk-pcsc-transport.h"
#include "kiosk-test-ca.h"
#include "kiosk-test-integration.h"
#include "kiosk-test-pcscd.h"
#include "kiosk-test-vcard.h"
#include "kiosk-virtual-card.h"
#include "kiosk-virtual-transport.h"

/* kiosk-vcard serves vpcd's first reader (TCP 35963). */
#define READER "Virtual PCD 00 00"
#define EVENT_TIMEOUT_MS 10000
/* A fast card's status read takes a few ms through pcscd (12 APDUs of ~100 µs); this bound is
 * that with a wide margin for a loaded machine, and far below a lost wake-up's full wait (1 s). */
#define PROMPT_PROFILE "valid"
#define PROMPT_READS 20
#define PROMPT_LIMIT_MS 500.0

/* One pcscd, one kiosk-vcard and one worker serve every case, as in a kiosk's day. */
static KioskTestPcscd *pcscd;
static KioskTestVcard *vcard;
static KioskCardWorker *worker;
static KioskReaderState reader_state = KIOSK_READER_STATE_NO_SERVICE;

static void
on_reader_state_changed (KioskCardWorker *w, KioskReaderState state, const char *reader_name,
                         gpointer user_data)
{
  g_test_message ("reader %s: %s", reader_name != NULL ? reader_name : "(none)",
                  kiosk_reader_state_to_string (state));
  reader_state = state;
}

static gboolean
reader_state_is (gpointer user_data)
{
  return reader_state == (KioskReaderState)GPOINTER_TO_INT (user_data);
}

static void
wait_for_reader_state (KioskReaderState state)
{
  if (!kiosk_test_wait_for (reader_state_is, GINT_TO_POINTER (state), EVENT_TIMEOUT_MS))
    g_error ("the reader did not become %s (it is %s)", kiosk_reader_state_to_string (state),
             kiosk_reader_state_to_string (reader_state));
}

typedef struct
{
  KioskCardStatus *status;
  GError *error;
  gboolean done;
} ReadResult;

static void
on_status_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ReadResult *read = user_data;

  read->status
      = kiosk_card_worker_read_status_finish (KIOSK_CARD_WORKER (source), result, &read->error);
  read->done = TRUE;
}

static gboolean
read_done (gpointer user_data)
{
  return ((ReadResult *)user_data)->done;
}

static KioskCardStatus *
read_status (KioskCardWorker *w, guint timeout_ms, GError **error)
{
  ReadResult read = { 0 };

  kiosk_card_worker_read_status_async (w, NULL, on_status_read, &read);
  if (!kiosk_test_wait_for (read_done, &read, timeout_ms))
    g_error ("no status read result within %u ms", timeout_ms);
  if (read.error != NULL)
    g_propagate_error (error, read.error);
  return read.status;
}

/* The same card, read in-process: the model kiosk-vcard serves, without pcscd in between. */
static KioskCardStatus *
read_status_in_process (KioskCardProfile *profile)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskTestCa) ca = kiosk_test_ca_load (kiosk_test_ca_dir (), &error);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (KioskVirtualCard) card = NULL;
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskTrustStore) trust = kiosk_test_trust_store_new (&error);
  g_autoptr (KioskCardWorker) local = NULL;
  KioskCardStatus *status;

  g_assert_no_error (error);
  card = kiosk_virtual_card_new (profile, ca, now, &error);
  g_assert_no_error (error);
  kiosk_virtual_transport_insert (transport, card);
  local = kiosk_card_worker_new (KIOSK_CARD_TRANSPORT (transport), trust);
  kiosk_card_worker_start (local);
  /* A slow profile's latency applies here too. */
  status = read_status (local, 60000, &error);
  g_assert_no_error (error);
  kiosk_card_worker_stop (local);
  return status;
}

static void
assert_same_certificate (KioskCertificate *got, KioskCertificate *expected)
{
  if (expected == NULL)
    {
      g_assert_null (got);
      return;
    }
  g_assert_nonnull (got);
  g_assert_cmpstr (kiosk_certificate_get_subject (got), ==,
                   kiosk_certificate_get_subject (expected));
  g_assert_cmpstr (kiosk_certificate_get_issuer (got), ==, kiosk_certificate_get_issuer (expected));
  g_assert_true (g_date_time_equal (kiosk_certificate_get_not_after (got),
                                    kiosk_certificate_get_not_after (expected)));
  g_assert_true (g_date_time_equal (kiosk_certificate_get_not_before (got),
                                    kiosk_certificate_get_not_before (expected)));
}

static void
test_status (gconstpointer data)
{
  const char *name = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (KioskCardProfile) profile = NULL;
  g_autoptr (KioskCardStatus) expected = NULL;
  g_autoptr (KioskCardStatus) status = NULL;
  KioskCardTransport *transport = kiosk_card_worker_get_transport (worker);
  KioskCertificate *cert;
  KioskCardCertificates certificates;
  guint apdus = 0;
  guint64 sent = 0, received = 0;
  gint64 started;
  gsize cert_len;
  guint minimum;

  profile = kiosk_card_profile_load_named (kiosk_test_cards_dir (), name, now, &error);
  g_assert_no_error (error);
  certificates = kiosk_card_profile_get_certificates (profile);

  g_assert_true (kiosk_test_vcard_insert (vcard, name, &error));
  g_assert_no_error (error);
  wait_for_reader_state (KIOSK_READER_STATE_CARD_PRESENT);

  kiosk_card_transport_reset_counters (transport);
  started = g_get_monotonic_time ();
  status = read_status (worker, 60000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status);
  kiosk_card_transport_get_counters (transport, &apdus, &sent, &received);
  g_test_message ("%s: %u APDUs, %" G_GUINT64_FORMAT " bytes sent, %" G_GUINT64_FORMAT
                  " received, %.0f ms",
                  name, apdus, sent, received, (g_get_monotonic_time () - started) / 1000.0);

  /* What the resident is shown, straight from the profile. */
  g_assert_cmpint (kiosk_card_status_get_auth_tries_left (status), ==,
                   (int)kiosk_card_profile_get_auth_tries (profile));
  if (certificates == KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN)
    {
      g_assert_cmpint (kiosk_card_status_get_sign_tries_left (status), ==,
                       (int)kiosk_card_profile_get_sign_tries (profile));
      g_assert_true (kiosk_card_status_has_sign_certificate (status));
    }
  else
    {
      g_assert_cmpint (kiosk_card_status_get_sign_tries_left (status), ==, -1);
      g_assert_false (kiosk_card_status_has_sign_certificate (status));
    }
  cert = kiosk_card_status_get_auth_certificate (status);
  if (certificates == KIOSK_CARD_CERTIFICATES_NONE)
    g_assert_null (cert);
  else
    {
      g_assert_nonnull (cert);
      g_assert_true (kiosk_card_status_get_auth_trusted (status));
      if (g_str_equal (name, "expired"))
        g_assert_cmpint (kiosk_certificate_get_validity (cert, now), ==, KIOSK_VALIDITY_EXPIRED);
      else
        g_assert_cmpint (kiosk_certificate_get_validity (cert, now), ==, KIOSK_VALIDITY_VALID);
    }
  g_assert_nonnull (kiosk_card_status_get_atr (status));

  /* The same answer as the card model in-process: pcscd and vpcd change nothing. */
  expected = read_status_in_process (profile);
  assert_same_certificate (cert, kiosk_card_status_get_auth_certificate (expected));
  g_assert_cmpint (kiosk_card_status_get_auth_trusted (status), ==,
                   kiosk_card_status_get_auth_trusted (expected));
  g_assert_cmpint (kiosk_card_status_get_sign_tries_left (status), ==,
                   kiosk_card_status_get_sign_tries_left (expected));
  g_assert_true (
      g_bytes_equal (kiosk_card_status_get_atr (status), kiosk_card_status_get_atr (expected)));

  /* No APDU more than the protocol needs. */
  cert_len = cert != NULL ? g_bytes_get_size (kiosk_certificate_get_der (cert)) : 0;
  minimum = kiosk_test_status_read_minimum (cert_len,
                                            kiosk_card_status_get_sign_tries_left (status) >= 0);
  g_assert_cmpuint (apdus, ==, minimum);

  /* A slow card is slow through pcscd too, and still read whole. */
  if (kiosk_card_profile_get_apdu_latency_ms (profile) > 0)
    g_assert_cmpint (g_get_monotonic_time () - started, >=,
                     (gint64)apdus * kiosk_card_profile_get_apdu_latency_ms (profile) * 1000);

  g_assert_true (kiosk_test_vcard_remove (vcard, &error));
  g_assert_no_error (error);
  wait_for_reader_state (KIOSK_READER_STATE_EMPTY);
}

/* The kiosk asks for the status the moment the card is reported, from the event's handler (as
 * the controller does); a fast card must then be read at once, every time. */
typedef struct
{
  ReadResult read;
  gboolean requested;
  gint64 requested_at;
  gint64 done_at;
} PromptRead;

static void
on_prompt_read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PromptRead *prompt = user_data;

  prompt->done_at = g_get_monotonic_time ();
  on_status_read (source, result, &prompt->read);
}

static void
read_when_present (KioskCardWorker *w, KioskReaderState state, const char *reader_name,
                   gpointer user_data)
{
  PromptRead *prompt = user_data;

  if (state != KIOSK_READER_STATE_CARD_PRESENT || prompt->requested)
    return;
  prompt->requested = TRUE;
  prompt->requested_at = g_get_monotonic_time ();
  kiosk_card_worker_read_status_async (w, NULL, on_prompt_read_done, prompt);
}

static void
test_every_read_prompt (void)
{
  g_autoptr (GError) error = NULL;
  double slowest_ms = 0;

  for (guint i = 0; i < PROMPT_READS; i++)
    {
      PromptRead prompt = { 0 };
      gulong handler = g_signal_connect (worker, "reader-state-changed",
                                         G_CALLBACK (read_when_present), &prompt);
      double read_ms;

      g_assert_true (kiosk_test_vcard_insert (vcard, PROMPT_PROFILE, &error));
      g_assert_no_error (error);
      g_assert_true (kiosk_test_wait_for (read_done, &prompt.read, EVENT_TIMEOUT_MS));
      g_signal_handler_disconnect (worker, handler);
      g_assert_no_error (prompt.read.error);
      g_assert_nonnull (prompt.read.status);
      g_clear_object (&prompt.read.status);

      read_ms = (prompt.done_at - prompt.requested_at) / 1000.0;
      g_test_message ("read %u: %.1f ms", i + 1, read_ms);
      slowest_ms = MAX (slowest_ms, read_ms);

      g_assert_true (kiosk_test_vcard_remove (vcard, &error));
      g_assert_no_error (error);
      wait_for_reader_state (KIOSK_READER_STATE_EMPTY);
    }
  g_test_message ("slowest of %d reads: %.1f ms", PROMPT_READS, slowest_ms);
  g_assert_cmpfloat (slowest_ms, <, PROMPT_LIMIT_MS);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskTrustStore) trust = NULL;
  g_autoptr (KioskCardTransport) transport = NULL;
  g_auto (GStrv) profiles = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!kiosk_test_require_namespace ())
    return g_strcmp0 (g_getenv ("CI"), "true") == 0 ? EXIT_FAILURE : EXIT_SUCCESS;

  profiles = kiosk_card_profile_list (kiosk_test_cards_dir (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (profiles);
  g_assert_cmpuint (g_strv_length (profiles), >, 0);
  for (guint i = 0; profiles[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/integration/status/%s", profiles[i]);
      g_test_add_data_func (path, profiles[i], test_status);
    }
  g_test_add_func ("/integration/status/every-read-prompt", test_every_read_prompt);

  pcscd = kiosk_test_pcscd_new ();
  if (!kiosk_test_pcscd_start (pcscd, KIOSK_TEST_PCSCD_READERS_VPCD, &error))
    g_error ("%s", error->message);
  vcard = kiosk_test_vcard_new (profiles[0], NULL);
  if (!kiosk_test_vcard_start (vcard, &error))
    g_error ("%s", error->message);

  trust = kiosk_test_trust_store_new (&error);
  g_assert_no_error (error);
  transport = kiosk_pcsc_transport_new (READER);
  worker = kiosk_card_worker_new (transport, trust);
  g_signal_connect (worker, "reader-state-changed", G_CALLBACK (on_reader_state_changed), NULL);
  kiosk_card_worker_start (worker);
  wait_for_reader_state (KIOSK_READER_STATE_EMPTY);

  status = g_test_run ();

  kiosk_card_worker_stop (worker);
  g_clear_object (&worker);
  g_clear_object (&vcard);
  g_clear_object (&pcscd);
  return status;
}
