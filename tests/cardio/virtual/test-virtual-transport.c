/* test-virtual-transport.c: the in-process virtual reader: waiting, inserting, pulling, threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <time.h>

#include "kiosk-card-error.h"
#include "kiosk-test-cards.h"
#include "kiosk-virtual-transport.h"

#define READER "Madoguchi Virtual Reader"
#define LONG_WAIT_MS 10000

static KioskCardTransport *
as_transport (KioskVirtualTransport *transport)
{
  return KIOSK_CARD_TRANSPORT (transport);
}

static GBytes *
transmit_hex (KioskVirtualTransport *transport, const char *hex, GError **error)
{
  g_autoptr (GBytes) apdu = kiosk_test_hex (hex);

  return kiosk_card_transport_transmit (as_transport (transport), g_bytes_get_data (apdu, NULL),
                                        g_bytes_get_size (apdu), error);
}

static guint16
transmit_sw (KioskVirtualTransport *transport, const char *hex)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) response = transmit_hex (transport, hex, &error);

  g_assert_no_error (error);
  return kiosk_test_response_sw (response);
}

static KioskReaderState
state_now (KioskVirtualTransport *transport, char **reader_name)
{
  /* Asking about a state that cannot be the current one returns at once. */
  return kiosk_card_transport_wait_for_change (as_transport (transport),
                                               KIOSK_READER_STATE_NO_SERVICE, 0, reader_name);
}

/* A wait_for_change() on another thread, as the card worker does it. */
typedef struct
{
  KioskVirtualTransport *transport;
  KioskReaderState known;
  guint timeout_ms;
  KioskReaderState result;
  gint64 waited_us;
  gint64 cpu_ns;
} Waiter;

static gint64
thread_cpu_ns (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64)now.tv_sec * G_GINT64_CONSTANT (1000000000) + now.tv_nsec;
}

static gpointer
wait_in_thread (gpointer data)
{
  Waiter *waiter = data;
  gint64 start = g_get_monotonic_time ();
  gint64 cpu_start = thread_cpu_ns ();

  waiter->result = kiosk_card_transport_wait_for_change (as_transport (waiter->transport),
                                                         waiter->known, waiter->timeout_ms, NULL);
  waiter->cpu_ns = thread_cpu_ns () - cpu_start;
  waiter->waited_us = g_get_monotonic_time () - start;
  return NULL;
}

static GThread *
start_waiter (Waiter *waiter)
{
  GThread *thread = g_thread_new ("waiter", wait_in_thread, waiter);

  /* Let it block first, so the change comes to a waiting thread. */
  g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  return thread;
}

static void
test_initial_state (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autofree char *name = NULL;

  g_assert_cmpint (state_now (transport, &name), ==, KIOSK_READER_STATE_EMPTY);
  g_assert_cmpstr (name, ==, READER);
  g_assert_null (kiosk_virtual_transport_get_card (transport));
}

static void
test_insert_wakes_waiter (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  Waiter waiter = { transport, KIOSK_READER_STATE_EMPTY, LONG_WAIT_MS };
  GThread *thread = start_waiter (&waiter);

  kiosk_virtual_transport_insert (transport, card);
  g_thread_join (thread);
  g_assert_cmpint (waiter.result, ==, KIOSK_READER_STATE_CARD_PRESENT);
  g_assert_cmpint (waiter.waited_us, <, LONG_WAIT_MS * G_TIME_SPAN_MILLISECOND / 2);

  g_autoptr (KioskVirtualCard) inside = kiosk_virtual_transport_get_card (transport);
  g_assert_true (inside == card);
}

static void
test_remove_wakes_waiter (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_virtual_transport_insert (transport, card);
  Waiter waiter = { transport, KIOSK_READER_STATE_CARD_PRESENT, LONG_WAIT_MS };
  GThread *thread = start_waiter (&waiter);
  kiosk_virtual_transport_remove (transport);
  g_thread_join (thread);
  g_assert_cmpint (waiter.result, ==, KIOSK_READER_STATE_EMPTY);
  g_assert_cmpint (waiter.waited_us, <, LONG_WAIT_MS * G_TIME_SPAN_MILLISECOND / 2);
}

static void
test_reader_unplugged (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  kiosk_virtual_transport_insert (transport, card);
  Waiter waiter = { transport, KIOSK_READER_STATE_CARD_PRESENT, LONG_WAIT_MS };
  GThread *thread = start_waiter (&waiter);
  kiosk_virtual_transport_set_reader_present (transport, FALSE);
  g_thread_join (thread);
  g_assert_cmpint (waiter.result, ==, KIOSK_READER_STATE_NO_READER);

  g_assert_cmpint (state_now (transport, &name), ==, KIOSK_READER_STATE_NO_READER);
  g_assert_null (name);
  g_autoptr (GBytes) atr = kiosk_card_transport_connect (as_transport (transport), &error);
  g_assert_null (atr);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NO_READER);

  /* Plugged back in with the card still inside. */
  kiosk_virtual_transport_set_reader_present (transport, TRUE);
  g_assert_cmpint (state_now (transport, NULL), ==, KIOSK_READER_STATE_CARD_PRESENT);
}

static void
test_unplugged_mid_session (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GError) error = NULL;

  kiosk_virtual_transport_insert (transport, card);
  g_autoptr (GBytes) atr = kiosk_card_transport_connect (as_transport (transport), &error);
  g_assert_no_error (error);
  kiosk_virtual_transport_set_reader_present (transport, FALSE);
  g_autoptr (GBytes) response = transmit_hex (transport, KIOSK_TEST_SELECT_JPKI, &error);
  g_assert_null (response);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_READER_GONE);
}

static void
test_wait_times_out_without_spinning (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  Waiter waiter = { transport, KIOSK_READER_STATE_EMPTY, 400 };
  GThread *thread = g_thread_new ("waiter", wait_in_thread, &waiter);

  g_thread_join (thread);
  g_assert_cmpint (waiter.result, ==, KIOSK_READER_STATE_EMPTY);
  g_assert_cmpint (waiter.waited_us, >=, 400 * G_TIME_SPAN_MILLISECOND);
  /* Blocked, not polling: a few milliseconds of CPU at most over the whole wait. */
  g_test_message ("waited %" G_GINT64_FORMAT " ms using %" G_GINT64_FORMAT " µs of CPU",
                  waiter.waited_us / 1000, waiter.cpu_ns / 1000);
  g_assert_cmpint (waiter.cpu_ns, <, 20 * 1000 * 1000);
}

static void
test_interrupt_wakes_waiter (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  Waiter waiter = { transport, KIOSK_READER_STATE_EMPTY, LONG_WAIT_MS };
  GThread *thread = start_waiter (&waiter);

  kiosk_card_transport_interrupt (as_transport (transport));
  g_thread_join (thread);
  g_assert_cmpint (waiter.result, ==, KIOSK_READER_STATE_EMPTY);
  g_assert_cmpint (waiter.waited_us, <, LONG_WAIT_MS * G_TIME_SPAN_MILLISECOND / 2);
}

static void
test_interrupt_before_wait (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  gint64 start = g_get_monotonic_time ();

  /* A request queued just before the worker waits must not wait out the timeout. */
  kiosk_card_transport_interrupt (as_transport (transport));
  g_assert_cmpint (kiosk_card_transport_wait_for_change (
                       as_transport (transport), KIOSK_READER_STATE_EMPTY, LONG_WAIT_MS, NULL),
                   ==, KIOSK_READER_STATE_EMPTY);
  g_assert_cmpint (g_get_monotonic_time () - start, <, LONG_WAIT_MS * G_TIME_SPAN_MILLISECOND / 2);
  /* Consumed: the next wait times out normally. */
  start = g_get_monotonic_time ();
  kiosk_card_transport_wait_for_change (as_transport (transport), KIOSK_READER_STATE_EMPTY, 200,
                                        NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * G_TIME_SPAN_MILLISECOND);
}

static void
test_connect (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) none = kiosk_card_transport_connect (as_transport (transport), &error);

  g_assert_null (none);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NO_CARD);
  g_clear_error (&error);

  kiosk_virtual_transport_insert (transport, card);
  g_autoptr (GBytes) atr = kiosk_card_transport_connect (as_transport (transport), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (atr, kiosk_virtual_card_get_atr (card)));
}

static void
test_transmit (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GError) error = NULL;
  guint apdus;
  guint64 sent, received;

  kiosk_virtual_transport_insert (transport, card);
  g_autoptr (GBytes) atr = kiosk_card_transport_connect (as_transport (transport), &error);
  g_assert_no_error (error);
  g_assert_cmphex (transmit_sw (transport, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (transmit_sw (transport, "00 A4 02 0C 02 00 06"), ==, 0x9000);
  g_autoptr (GBytes) token = transmit_hex (transport, "00 B0 00 00 20", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (token), ==, 34);

  kiosk_card_transport_get_counters (as_transport (transport), &apdus, &sent, &received);
  g_assert_cmpuint (apdus, ==, 3);
  g_assert_cmpuint (sent, ==, 15 + 7 + 5);
  g_assert_cmpuint (received, ==, 2 + 2 + 34);
  g_assert_cmpuint (kiosk_virtual_card_get_apdu_count (card), ==, 3);
}

static void
test_transmit_without_connect (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GError) error = NULL;

  kiosk_virtual_transport_insert (transport, card);
  g_autoptr (GBytes) response = transmit_hex (transport, KIOSK_TEST_SELECT_JPKI, &error);
  g_assert_null (response);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NO_CARD);
}

static void
test_pull (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card
             = kiosk_test_cards_new_card_from_text ("pull-at-2", "[card]\npull-at-apdu=2\n");
  g_autoptr (GError) error = NULL;

  kiosk_virtual_transport_insert (transport, card);
  g_autoptr (GBytes) atr = kiosk_card_transport_connect (as_transport (transport), &error);
  g_assert_no_error (error);
  g_assert_cmphex (transmit_sw (transport, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);

  g_autoptr (GBytes) response = transmit_hex (transport, "00 A4 02 0C 02 00 0A", &error);
  g_assert_null (response);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED);
  g_clear_error (&error);

  /* The card is out of the reader. */
  g_assert_cmpint (kiosk_card_transport_wait_for_change (as_transport (transport),
                                                         KIOSK_READER_STATE_CARD_PRESENT, 0, NULL),
                   ==, KIOSK_READER_STATE_EMPTY);
  g_assert_null (kiosk_virtual_transport_get_card (transport));
  g_autoptr (GBytes) again = transmit_hex (transport, KIOSK_TEST_SELECT_JPKI, &error);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED);
  g_clear_error (&error);
  kiosk_card_transport_disconnect (as_transport (transport), FALSE);

  /* Put back, it reads: the resident pulled it too early once. */
  kiosk_virtual_transport_insert (transport, card);
  g_autoptr (GBytes) atr2 = kiosk_card_transport_connect (as_transport (transport), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_cmphex (transmit_sw (transport, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
}

static void
test_pull_wakes_waiter (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card
             = kiosk_test_cards_new_card_from_text ("pull-at-1", "[card]\npull-at-apdu=1\n");
  g_autoptr (GError) error = NULL;

  kiosk_virtual_transport_insert (transport, card);
  g_autoptr (GBytes) atr = kiosk_card_transport_connect (as_transport (transport), &error);
  Waiter waiter = { transport, KIOSK_READER_STATE_CARD_PRESENT, LONG_WAIT_MS };
  GThread *thread = start_waiter (&waiter);
  g_autoptr (GBytes) response = transmit_hex (transport, KIOSK_TEST_SELECT_JPKI, &error);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED);
  g_thread_join (thread);
  g_assert_cmpint (waiter.result, ==, KIOSK_READER_STATE_EMPTY);
}

static void
test_removed_mid_session (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (KioskVirtualCard) other = kiosk_test_cards_new_card ("minor");
  g_autoptr (GError) error = NULL;

  kiosk_virtual_transport_insert (transport, card);
  g_autoptr (GBytes) atr = kiosk_card_transport_connect (as_transport (transport), &error);
  g_assert_cmphex (transmit_sw (transport, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  /* Swapped for another card: the old connection must not reach the new card. */
  kiosk_virtual_transport_insert (transport, other);
  g_autoptr (GBytes) response = transmit_hex (transport, KIOSK_TEST_SELECT_JPKI, &error);
  g_assert_null (response);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED);
  g_assert_cmpuint (kiosk_virtual_card_get_apdu_count (other), ==, 0);
}

typedef struct
{
  KioskVirtualTransport *transport;
  GError *error;
  GBytes *response;
} Transmitter;

static gpointer
transmit_in_thread (gpointer data)
{
  Transmitter *transmitter = data;

  transmitter->response
      = transmit_hex (transmitter->transport, KIOSK_TEST_SELECT_JPKI, &transmitter->error);
  return NULL;
}

static void
test_removed_during_slow_command (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("slow");
  g_autoptr (GError) error = NULL;
  Transmitter transmitter = { transport, NULL, NULL };

  kiosk_virtual_transport_insert (transport, card);
  g_autoptr (GBytes) atr = kiosk_card_transport_connect (as_transport (transport), &error);
  GThread *thread = g_thread_new ("transmitter", transmit_in_thread, &transmitter);
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  /* The demo panel can take the card out while the worker waits on its 300 ms answer. */
  gint64 start = g_get_monotonic_time ();
  kiosk_virtual_transport_remove (transport);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 100 * G_TIME_SPAN_MILLISECOND);
  g_thread_join (thread);
  g_assert_null (transmitter.response);
  g_assert_error (transmitter.error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED);
  g_clear_error (&transmitter.error);
}

static void
test_disconnect_reset (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GError) error = NULL;

  kiosk_virtual_transport_insert (transport, card);
  g_autoptr (GBytes) atr = kiosk_card_transport_connect (as_transport (transport), &error);
  g_assert_cmphex (transmit_sw (transport, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (transmit_sw (transport, "00 A4 02 0C 02 00 1B"), ==, 0x9000);
  g_assert_cmphex (transmit_sw (transport, "00 20 00 80 06 41 42 43 31 32 33"), ==, 0x9000);

  /* Leaving the card: the next connection finds it verified (PC/SC LEAVE_CARD). */
  kiosk_card_transport_disconnect (as_transport (transport), FALSE);
  g_autoptr (GBytes) atr2 = kiosk_card_transport_connect (as_transport (transport), &error);
  g_assert_cmphex (transmit_sw (transport, "00 A4 02 0C 02 00 01"), ==, 0x9000);
  g_assert_cmphex (transmit_sw (transport, "00 B0 00 00 04"), ==, 0x9000);

  /* Resetting it: nothing survives. */
  kiosk_card_transport_disconnect (as_transport (transport), TRUE);
  g_autoptr (GBytes) atr3 = kiosk_card_transport_connect (as_transport (transport), &error);
  g_assert_cmphex (transmit_sw (transport, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (transmit_sw (transport, "00 A4 02 0C 02 00 01"), ==, 0x9000);
  g_assert_cmphex (transmit_sw (transport, "00 B0 00 00 04"), ==, 0x6982);
}

static void
test_insert_powers_up (void)
{
  g_autoptr (KioskVirtualTransport) transport = kiosk_virtual_transport_new ();
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GError) error = NULL;

  kiosk_virtual_transport_insert (transport, card);
  g_autoptr (GBytes) atr = kiosk_card_transport_connect (as_transport (transport), &error);
  g_assert_cmphex (transmit_sw (transport, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (transmit_sw (transport, "00 A4 02 0C 02 00 18"), ==, 0x9000);
  g_assert_cmphex (transmit_sw (transport, "00 20 00 80 04 30 30 30 30"), ==, 0x63C2);
  g_assert_cmphex (transmit_sw (transport, "00 20 00 80 04 31 32 33 34"), ==, 0x9000);
  kiosk_card_transport_disconnect (as_transport (transport), FALSE);

  /* Out and back in: a new session (not verified), the same card (its counters). */
  kiosk_virtual_transport_remove (transport);
  kiosk_virtual_transport_insert (transport, card);
  g_autoptr (GBytes) atr2 = kiosk_card_transport_connect (as_transport (transport), &error);
  g_assert_cmphex (transmit_sw (transport, "00 A4 02 0C 02 00 18"), ==, 0x6986);
  g_assert_cmphex (transmit_sw (transport, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (transmit_sw (transport, "00 A4 02 0C 02 00 17"), ==, 0x9000);
  g_assert_cmphex (transmit_sw (transport, "80 2A 00 80 01 00 00"), ==, 0x6982);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cardio/virtual/transport/initial-state", test_initial_state);
  g_test_add_func ("/cardio/virtual/transport/insert-wakes-waiter", test_insert_wakes_waiter);
  g_test_add_func ("/cardio/virtual/transport/remove-wakes-waiter", test_remove_wakes_waiter);
  g_test_add_func ("/cardio/virtual/transport/reader-unplugged", test_reader_unplugged);
  g_test_add_func ("/cardio/virtual/transport/unplugged-mid-session", test_unplugged_mid_session);
  g_test_add_func ("/cardio/virtual/transport/wait-times-out-without-spinning",
                   test_wait_times_out_without_spinning);
  g_test_add_func ("/cardio/virtual/transport/interrupt-wakes-waiter", test_interrupt_wakes_waiter);
  g_test_add_func ("/cardio/virtual/transport/interrupt-before-wait", test_interrupt_before_wait);
  g_test_add_func ("/cardio/virtual/transport/connect", test_connect);
  g_test_add_func ("/cardio/virtual/transport/transmit", test_transmit);
  g_test_add_func ("/cardio/virtual/transport/transmit-without-connect",
                   test_transmit_without_connect);
  g_test_add_func ("/cardio/virtual/transport/pull", test_pull);
  g_test_add_func ("/cardio/virtual/transport/pull-wakes-waiter", test_pull_wakes_waiter);
  g_test_add_func ("/cardio/virtual/transport/removed-mid-session", test_removed_mid_session);
  g_test_add_func ("/cardio/virtual/transport/removed-during-slow-command",
                   test_removed_during_slow_command);
  g_test_add_func ("/cardio/virtual/transport/disconnect-reset", test_disconnect_reset);
  g_test_add_func ("/cardio/virtual/transport/insert-powers-up", test_insert_powers_up);

  return g_test_run ();
}
