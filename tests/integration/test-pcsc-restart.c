/* test-pcsc-restart.c: pcscd stopped, killed, restarted and started without readers under one
 * running kiosk (controller, flow, worker on the real PC/SC transport), which must recover by
 * itself, and must not spin while the service is away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <sys/resource.h>

#include "kiosk-controller.h"
#include "kiosk-pcsc-transport.h"
#include "kiosk-test-integration.h"
#include "kiosk-test-pcscd.h"
#include "kiosk-test-vcard.h"

#define GOOD_PROFILE "valid"
#define SLOW_PROFILE "slow"
#define FLOW_TIMEOUT_MS 20000
/* Long enough for the transport's reconnection back-off to run many rounds. */
#define DOWNTIME_MS 2000
/* CPU the whole process may use while the service is down for DOWNTIME_MS: a loop that waits
 * properly uses a few milliseconds; a spinning one uses the whole 2 s. */
#define DOWNTIME_CPU_LIMIT_MS 100

static KioskTestPcscd *pcscd;
static KioskTestVcard *vcard;
static KioskController *controller;

/* What the worker reported since the last clear. */
static GArray *reader_states;

static void
on_reader_state_changed (KioskCardWorker *worker, KioskReaderState state, const char *reader_name,
                         gpointer user_data)
{
  g_test_message ("reader %s: %s", reader_name != NULL ? reader_name : "(none)",
                  kiosk_reader_state_to_string (state));
  g_array_append_val (reader_states, state);
}

static void
on_flow_state (GObject *flow, GParamSpec *pspec, gpointer user_data)
{
  g_test_message ("flow: %s",
                  kiosk_flow_state_to_string (kiosk_flow_get_state (KIOSK_FLOW (flow))));
}

static KioskFlow *
flow (void)
{
  return kiosk_controller_get_flow (controller);
}

static KioskCardWorker *
worker (void)
{
  return kiosk_controller_get_worker (controller);
}

static gboolean
flow_state_is (gpointer user_data)
{
  return kiosk_flow_get_state (flow ()) == (KioskFlowState)GPOINTER_TO_INT (user_data);
}

static void
wait_for_flow_state (KioskFlowState state)
{
  if (!kiosk_test_wait_for (flow_state_is, GINT_TO_POINTER (state), FLOW_TIMEOUT_MS))
    g_error ("the flow did not reach %s (it is %s)", kiosk_flow_state_to_string (state),
             kiosk_flow_state_to_string (kiosk_flow_get_state (flow ())));
}

static gboolean
worker_state_is (gpointer user_data)
{
  return kiosk_card_worker_get_reader_state (worker ())
         == (KioskReaderState)GPOINTER_TO_INT (user_data);
}

static void
wait_for_worker_state (KioskReaderState state)
{
  if (!kiosk_test_wait_for (worker_state_is, GINT_TO_POINTER (state), FLOW_TIMEOUT_MS))
    g_error ("the worker did not report %s (it is %s)", kiosk_reader_state_to_string (state),
             kiosk_reader_state_to_string (kiosk_card_worker_get_reader_state (worker ())));
}

static gboolean
reported (KioskReaderState state)
{
  for (guint i = 0; i < reader_states->len; i++)
    if (g_array_index (reader_states, KioskReaderState, i) == state)
      return TRUE;
  return FALSE;
}

static void
assert_good_status (void)
{
  KioskStatusReport *report = kiosk_flow_get_report (flow ());

  g_assert_nonnull (report);
  g_assert_true (kiosk_status_report_has_certificate (report));
  g_assert_cmpint (kiosk_status_report_get_validity (report), ==, KIOSK_VALIDITY_VALID);
  g_assert_cmpint (kiosk_status_report_get_auth_tries_left (report), >, 0);
}

/* The card in, read, on the status screen: where a resident would be when pcscd goes away. */
static void
show_status_of (const char *profile)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (kiosk_flow_get_state (flow ()), ==, KIOSK_FLOW_STATE_WELCOME);
  g_assert_true (kiosk_test_vcard_insert (vcard, profile, &error));
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_STATUS);
  assert_good_status ();
}

/* Done, card taken: home, for the next case. */
static void
finish_session (void)
{
  g_autoptr (GError) error = NULL;

  kiosk_flow_input (flow (), KIOSK_FLOW_INPUT_FINISH);
  g_assert_true (kiosk_test_vcard_remove (vcard, &error));
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_WELCOME);
  wait_for_worker_state (KIOSK_READER_STATE_EMPTY);
}

static gint64
cpu_time_us (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return (gint64)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC
         + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

/* Runs the main loop for DOWNTIME_MS and returns the CPU time the process used meanwhile. */
static gint64
cpu_used_while_idle_ms (void)
{
  gint64 before = cpu_time_us ();

  kiosk_test_run_for (DOWNTIME_MS);
  return (cpu_time_us () - before) / 1000;
}

/* pcscd goes away under the status screen and comes back: the kiosk shows "no reader", then
 * reads the card again (kiosk-vcard reconnects to vpcd by itself), without being recreated. */
static void
restart_under_status (gboolean kill)
{
  g_autoptr (GError) error = NULL;

  show_status_of (GOOD_PROFILE);
  g_array_set_size (reader_states, 0);

  if (kill)
    kiosk_test_pcscd_kill (pcscd, &error);
  else
    kiosk_test_pcscd_stop (pcscd, &error);
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_NO_READER);
  wait_for_worker_state (KIOSK_READER_STATE_NO_SERVICE);
  g_assert_null (kiosk_flow_get_report (flow ()));

  kiosk_test_pcscd_start (pcscd, KIOSK_TEST_PCSCD_READERS_VPCD, &error);
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_STATUS);
  g_assert_true (reported (KIOSK_READER_STATE_CARD_PRESENT));
  assert_good_status ();
  finish_session ();
}

static void
test_sigterm (void)
{
  restart_under_status (FALSE);
}

static void
test_sigkill (void)
{
  restart_under_status (TRUE);
}

/* pcscd killed while a slow card is being read: the read ends as a card that left (nothing is
 * shown half-read), the kiosk shows "no reader", and reads the card after the restart. */
static void
test_killed_while_reading (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_test_vcard_insert (vcard, SLOW_PROFILE, &error));
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_READING);
  kiosk_test_run_for (1000); /* a few of the slow card's APDUs */
  g_assert_cmpint (kiosk_flow_get_state (flow ()), ==, KIOSK_FLOW_STATE_READING);

  kiosk_test_pcscd_kill (pcscd, &error);
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_NO_READER);
  g_assert_null (kiosk_flow_get_report (flow ()));

  kiosk_test_pcscd_start (pcscd, KIOSK_TEST_PCSCD_READERS_VPCD, &error);
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_STATUS);
  assert_good_status ();
  finish_session ();
}

/* pcscd runs with no reader at all, then is restarted with vpcd: the reader arrives with the
 * card already in it, and the card is read. */
static void
test_no_reader_then_reader (void)
{
  g_autoptr (GError) error = NULL;

  g_array_set_size (reader_states, 0);
  kiosk_test_pcscd_restart (pcscd, KIOSK_TEST_PCSCD_READERS_NONE, &error);
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_NO_READER);
  wait_for_worker_state (KIOSK_READER_STATE_NO_READER);

  /* The resident's card goes in while the kiosk has no reader: kiosk-vcard waits for vpcd. */
  g_assert_true (kiosk_test_vcard_send (vcard, "insert " GOOD_PROFILE, &error));
  g_assert_no_error (error);
  kiosk_test_run_for (500);
  g_assert_cmpint (kiosk_flow_get_state (flow ()), ==, KIOSK_FLOW_STATE_NO_READER);

  kiosk_test_pcscd_restart (pcscd, KIOSK_TEST_PCSCD_READERS_VPCD, &error);
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_STATUS);
  g_assert_true (reported (KIOSK_READER_STATE_CARD_PRESENT));
  assert_good_status ();
  finish_session ();
}

static void
test_idle_without_service (void)
{
  g_autoptr (GError) error = NULL;
  gint64 used_ms;

  kiosk_test_pcscd_stop (pcscd, &error);
  g_assert_no_error (error);
  wait_for_worker_state (KIOSK_READER_STATE_NO_SERVICE);

  used_ms = cpu_used_while_idle_ms ();
  g_test_message ("CPU time over %d ms without pcscd: %" G_GINT64_FORMAT " ms", DOWNTIME_MS,
                  used_ms);
  g_assert_cmpint (used_ms, <, DOWNTIME_CPU_LIMIT_MS);
  g_assert_cmpint (kiosk_flow_get_state (flow ()), ==, KIOSK_FLOW_STATE_NO_READER);

  kiosk_test_pcscd_start (pcscd, KIOSK_TEST_PCSCD_READERS_VPCD, &error);
  g_assert_no_error (error);
  wait_for_flow_state (KIOSK_FLOW_STATE_WELCOME);
}

/* With no reader pcscd answers "unknown reader" at once: a naive wait loop spins there. */
static void
test_idle_without_reader (void)
{
  g_autoptr (GError) error = NULL;
  gint64 used_ms;

  kiosk_test_pcscd_restart (pcscd, KIOSK_TEST_PCSCD_READERS_NONE, &error);
  g_assert_no_error (error);
  wait_for_worker_state (KIOSK_READER_STATE_NO_READER);

  used_ms = cpu_used_while_idle_ms ();
  g_test_message ("CPU time over %d ms with no reader: %" G_GINT64_FORMAT " ms", DOWNTIME_MS,
                  used_ms);
  g_assert_cmpint (used_ms, <, DOWNTIME_CPU_LIMIT_MS);
  g_assert_cmpint (kiosk_flow_get_state (flow ()), ==, KIOSK_FLOW_STATE_NO_READER);

  kiosk_test_pcscd_restart (pcscd, KIOSK_TEST_PCSCD_READERS_VPCD, &error);
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

  g_test_add_func ("/integration/restart/sigterm", test_sigterm);
  g_test_add_func ("/integration/restart/sigkill", test_sigkill);
  g_test_add_func ("/integration/restart/killed-while-reading", test_killed_while_reading);
  g_test_add_func ("/integration/restart/no-reader-then-reader", test_no_reader_then_reader);
  g_test_add_func ("/integration/idle/no-service", test_idle_without_service);
  g_test_add_func ("/integration/idle/no-reader", test_idle_without_reader);

  reader_states = g_array_new (FALSE, FALSE, sizeof (KioskReaderState));
  pcscd = kiosk_test_pcscd_new ();
  if (!kiosk_test_pcscd_start (pcscd, KIOSK_TEST_PCSCD_READERS_VPCD, &error))
    g_error ("%s", error->message);
  vcard = kiosk_test_vcard_new (GOOD_PROFILE, NULL);
  if (!kiosk_test_vcard_start (vcard, &error))
    g_error ("%s", error->message);

  config = kiosk_test_config_new (NULL, &error);
  g_assert_no_error (error);
  clock = kiosk_clock_new ();
  transport = kiosk_pcsc_transport_new (kiosk_config_get_reader_filter (config));
  controller = kiosk_controller_new (config, clock, transport, &error);
  g_assert_no_error (error);
  g_signal_connect (worker (), "reader-state-changed", G_CALLBACK (on_reader_state_changed), NULL);
  g_signal_connect (flow (), "notify::state", G_CALLBACK (on_flow_state), NULL);
  kiosk_controller_start (controller);
  wait_for_worker_state (KIOSK_READER_STATE_EMPTY);
  wait_for_flow_state (KIOSK_FLOW_STATE_WELCOME);

  status = g_test_run ();

  kiosk_controller_stop (controller);
  g_clear_object (&controller);
  g_clear_object (&vcard);
  g_clear_object (&pcscd);
  g_array_unref (reader_states);
  return status;
}
