/* test-pcsc-pull.c: the card pulled at each APDU of a status read, through a real pcscd
 *
 * A copy of the `valid` profile with pull-at-apdu=N is made for every N from 1 to the number of
 * APDUs a status read takes: kiosk-vcard then closes its vpcd connection when the Nth APDU
 * arrives, as a card yanked out of the reader mid-command. The kiosk (controller, flow and worker
 * on the real PC/SC transport) must end each time on the card-removed screen with a clean REMOVED
 * error, and read the card once it is put back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "kiosk-card-error.h"
#include "kiosk-card-profile.h"
#include "kiosk-controller.h"
#include "kiosk-pcsc-transport.h"
#include "kiosk-test-ca.h"
#include "kiosk-test-integration.h"
#include "kiosk-test-pcscd.h"
#include "kiosk-test-process.h"
#include "kiosk-test-vcard.h"
#include "kiosk-virtual-card.h"

#define GOOD_PROFILE "valid"
#define FLOW_TIMEOUT_MS 15000

static KioskTestPcscd *pcscd;
static KioskTestVcard *vcard;
static KioskController *controller;
static char *cards_dir;
static guint read_apdus; /* the APDUs of one status read of GOOD_PROFILE */

/* Every state the flow went through since the last clear, for the assertions and messages. */
static GArray *flow_states;

static void
on_flow_state (GObject *flow, GParamSpec *pspec, gpointer user_data)
{
  KioskFlowState state = kiosk_flow_get_state (KIOSK_FLOW (flow));

  g_test_message ("flow: %s", kiosk_flow_state_to_string (state));
  g_array_append_val (flow_states, state);
}

static gboolean
flow_state_is (gpointer user_data)
{
  return kiosk_flow_get_state (kiosk_controller_get_flow (controller))
         == (KioskFlowState)GPOINTER_TO_INT (user_data);
}

static void
wait_for_flow_state (KioskFlowState state)
{
  KioskFlow *flow = kiosk_controller_get_flow (controller);

  if (!kiosk_test_wait_for (flow_state_is, GINT_TO_POINTER (state), FLOW_TIMEOUT_MS))
    g_error ("the flow did not reach %s (it is %s)", kiosk_flow_state_to_string (state),
             kiosk_flow_state_to_string (kiosk_flow_get_state (flow)));
}

static gboolean
flow_went_through (KioskFlowState state)
{
  for (guint i = 0; i < flow_states->len; i++)
    if (g_array_index (flow_states, KioskFlowState, i) == state)
      return TRUE;
  return FALSE;
}

static gboolean
worker_sees_no_card (gpointer user_data)
{
  return kiosk_card_worker_get_reader_state (kiosk_controller_get_worker (controller))
         == KIOSK_READER_STATE_EMPTY;
}

static char *
pull_profile_name (guint apdu)
{
  return g_strdup_printf ("pulled-at-apdu-%u", apdu);
}

/* Copies of the good profile, one per APDU to pull at, in a private cards folder. */
static void
write_pull_profiles (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *source = g_strdup_printf ("%s/%s.card", kiosk_test_cards_dir (), GOOD_PROFILE);
  g_autofree char *text = NULL;
  g_autofree char *good = g_build_filename (cards_dir, GOOD_PROFILE ".card", NULL);

  g_file_get_contents (source, &text, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (good, text, -1, &error);
  g_assert_no_error (error);
  for (guint n = 1; n <= read_apdus; n++)
    {
      g_autoptr (GKeyFile) key_file = g_key_file_new ();
      g_autofree char *name = pull_profile_name (n);
      g_autofree char *file = g_strdup_printf ("%s.card", name);
      g_autofree char *path = g_build_filename (cards_dir, file, NULL);

      g_key_file_load_from_data (key_file, text, -1, G_KEY_FILE_KEEP_COMMENTS, &error);
      g_assert_no_error (error);
      g_key_file_set_integer (key_file, "card", "pull-at-apdu", (int)n);
      g_key_file_save_to_file (key_file, path, &error);
      g_assert_no_error (error);
    }
}

/* The status read's length comes from the certificate the card holds: made in-process from the
 * same profile and test CA. */
static guint
count_status_read_apdus (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (KioskCardProfile) profile = NULL;
  g_autoptr (KioskTestCa) ca = NULL;
  g_autoptr (KioskVirtualCard) card = NULL;
  GBytes *auth;

  profile = kiosk_card_profile_load_named (kiosk_test_cards_dir (), GOOD_PROFILE, now, &error);
  g_assert_no_error (error);
  ca = kiosk_test_ca_load (kiosk_test_ca_dir (), &error);
  g_assert_no_error (error);
  card = kiosk_virtual_card_new (profile, ca, now, &error);
  g_assert_no_error (error);
  auth = kiosk_virtual_card_get_auth_certificate (card);
  g_assert_nonnull (auth);
  g_assert_cmpint (kiosk_card_profile_get_certificates (profile), ==,
                   KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN);
  return kiosk_test_status_read_minimum (g_bytes_get_size (auth), TRUE);
}

static void
assert_good_status (void)
{
  KioskStatusReport *report = kiosk_flow_get_report (kiosk_controller_get_flow (controller));

  g_assert_nonnull (report);
  g_assert_true (kiosk_status_report_has_certificate (report));
  g_assert_cmpint (kiosk_status_report_get_validity (report), ==, KIOSK_VALIDITY_VALID);
  g_assert_cmpint (kiosk_status_report_get_auth_tries_left (report), >, 0);
}

static void
test_pull (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr (GError) error = NULL;
  g_autofree char *name = pull_profile_name (n);
  g_autofree char *event = NULL;
  g_autofree char *expected_event = g_strdup_printf ("pulled at apdu %u", n);
  KioskFlow *flow = kiosk_controller_get_flow (controller);
  KioskCardTransport *transport
      = kiosk_card_worker_get_transport (kiosk_controller_get_worker (controller));
  const GError *read_error;
  guint apdus = 0;

  g_assert_cmpint (kiosk_flow_get_state (flow), ==, KIOSK_FLOW_STATE_WELCOME);
  g_array_set_size (flow_states, 0);
  kiosk_card_transport_reset_counters (transport);

  /* The card goes in; the kiosk starts reading; the card leaves at the Nth APDU. */
  g_assert_true (kiosk_test_vcard_insert (vcard, name, &error));
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_CARD_REMOVED);
  event = kiosk_test_vcard_wait_for_event (vcard, "pulled", FLOW_TIMEOUT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (event, ==, expected_event);
  g_assert_true (flow_went_through (KIOSK_FLOW_STATE_READING));
  g_assert_false (flow_went_through (KIOSK_FLOW_STATE_STATUS));
  g_assert_false (flow_went_through (KIOSK_FLOW_STATE_CARD_UNREADABLE));
  read_error = kiosk_flow_get_last_error (flow);
  g_assert_nonnull (read_error);
  g_assert_error (read_error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED);
  kiosk_card_transport_get_counters (transport, &apdus, NULL, NULL);
  g_assert_cmpuint (apdus, ==, n);
  /* The worker sees the empty reader and does not get stuck on the dead card. */
  g_assert_true (kiosk_test_wait_for (worker_sees_no_card, NULL, FLOW_TIMEOUT_MS));

  /* The card put back is read as if nothing had happened. */
  g_array_set_size (flow_states, 0);
  g_assert_true (kiosk_test_vcard_insert (vcard, GOOD_PROFILE, &error));
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_STATUS);
  g_assert_true (flow_went_through (KIOSK_FLOW_STATE_READING));
  assert_good_status ();

  /* Done, card taken: home for the next case. */
  kiosk_flow_input (flow, KIOSK_FLOW_INPUT_FINISH);
  g_assert_cmpint (kiosk_flow_get_state (flow), ==, KIOSK_FLOW_STATE_TAKE_CARD);
  g_assert_true (kiosk_test_vcard_remove (vcard, &error));
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_WELCOME);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = NULL;
  g_autoptr (KioskClock) clock = NULL;
  g_autoptr (KioskCardTransport) transport = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!kiosk_test_require_namespace ())
    return g_strcmp0 (g_getenv ("CI"), "true") == 0 ? EXIT_FAILURE : EXIT_SUCCESS;

  read_apdus = count_status_read_apdus ();
  for (guint n = 1; n <= read_apdus; n++)
    {
      g_autofree char *path = g_strdup_printf ("/integration/pull/apdu-%u", n);
      g_test_add_data_func (path, GUINT_TO_POINTER (n), test_pull);
    }

  cards_dir = g_dir_make_tmp ("kiosk-test-pull-XXXXXX", &error);
  g_assert_no_error (error);
  write_pull_profiles ();
  flow_states = g_array_new (FALSE, FALSE, sizeof (KioskFlowState));

  pcscd = kiosk_test_pcscd_new ();
  if (!kiosk_test_pcscd_start (pcscd, KIOSK_TEST_PCSCD_READERS_VPCD, &error))
    g_error ("%s", error->message);
  vcard = kiosk_test_vcard_new (GOOD_PROFILE, cards_dir);
  if (!kiosk_test_vcard_start (vcard, &error))
    g_error ("%s", error->message);

  /* The kiosk as configured by default: any reader, the first that holds a card. */
  config = kiosk_test_config_new (NULL, &error);
  g_assert_no_error (error);
  clock = kiosk_clock_new ();
  transport = kiosk_pcsc_transport_new (kiosk_config_get_reader_filter (config));
  controller = kiosk_controller_new (config, clock, transport, &error);
  g_assert_no_error (error);
  g_signal_connect (kiosk_controller_get_flow (controller), "notify::state",
                    G_CALLBACK (on_flow_state), NULL);
  kiosk_controller_start (controller);
  g_assert_true (kiosk_test_wait_for (worker_sees_no_card, NULL, FLOW_TIMEOUT_MS));

  status = g_test_run ();

  kiosk_controller_stop (controller);
  g_clear_object (&controller);
  g_clear_object (&vcard);
  g_clear_object (&pcscd);
  kiosk_test_process_remove_tree (cards_dir);
  g_free (cards_dir);
  g_array_unref (flow_states);
  return status;
}
