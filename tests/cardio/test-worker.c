/* test-worker.c: the card worker thread with the in-process virtual card, in a main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cardio-test-util.h"
#include "kiosk-card-error.h"
#include "kiosk-card-worker.h"
#include "kiosk-virtual-transport.h"

#define VIRTUAL_READER "Madoguchi Virtual Reader"
/* Generous bounds for a loaded CI machine; the checks that matter are the orderings. */
#define EVENT_TIMEOUT_MS 5000

typedef struct
{
  KioskReaderState state;
  char *reader_name;
} Event;

typedef struct
{
  GThread *main_thread;
  KioskVirtualTransport *reader;
  KioskTrustStore *trust;
  KioskCardWorker *worker;
  GArray *events;
} Fixture;

typedef struct
{
  Fixture *fixture;
  gboolean done;
  KioskCardStatus *status;
  GError *error;
  guint events_before; /* how many reader events had arrived when the result did */
  gint64 when;
} Result;

static void
event_clear (gpointer data)
{
  Event *event = data;

  g_free (event->reader_name);
}

static void
reader_state_changed_cb (KioskCardWorker *worker, KioskReaderState state, const char *reader_name,
                         Fixture *f)
{
  Event event = { state, g_strdup (reader_name) };

  g_assert_true (g_thread_self () == f->main_thread);
  g_assert_true (worker == f->worker);
  g_array_append_val (f->events, event);
}

static void
fixture_set_up_with_trust (Fixture *f, KioskTrustStore *trust)
{
  f->main_thread = g_thread_self ();
  f->reader = kiosk_virtual_transport_new ();
  f->trust = trust;
  f->worker = kiosk_card_worker_new (KIOSK_CARD_TRANSPORT (f->reader), f->trust);
  f->events = g_array_new (FALSE, TRUE, sizeof (Event));
  g_array_set_clear_func (f->events, event_clear);
  g_signal_connect (f->worker, "reader-state-changed", G_CALLBACK (reader_state_changed_cb), f);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  fixture_set_up_with_trust (f, cardio_test_trust_store_new (TRUE, TRUE));
}

static void
fixture_set_up_jlis_only (Fixture *f, gconstpointer data)
{
  fixture_set_up_with_trust (f, cardio_test_trust_store_new (FALSE, TRUE));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  kiosk_card_worker_stop (f->worker);
  g_signal_handlers_disconnect_by_data (f->worker, f);
  /* finished requests give their reference to the worker back on the main context */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->worker);
  g_clear_object (&f->reader);
  g_clear_object (&f->trust);
  g_clear_pointer (&f->events, g_array_unref);
}

static void
result_clear (Result *r)
{
  g_clear_object (&r->status);
  g_clear_error (&r->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @done says so; fails the test after EVENT_TIMEOUT_MS. */
static void
run_until (gboolean (*done) (gpointer), gpointer data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (EVENT_TIMEOUT_MS, timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

typedef struct
{
  Fixture *f;
  guint count;
} EventCount;

static gboolean
has_events (gpointer data)
{
  EventCount *ec = data;

  return ec->f->events->len >= ec->count;
}

static void
wait_for_events (Fixture *f, guint count)
{
  EventCount ec = { f, count };

  run_until (has_events, &ec);
}

static Event *
event_at (Fixture *f, guint index)
{
  g_assert_cmpuint (index, <, f->events->len);
  return &g_array_index (f->events, Event, index);
}

static void
assert_event (Fixture *f, guint index, KioskReaderState state, const char *reader_name)
{
  Event *event = event_at (f, index);

  g_assert_cmpstr (kiosk_reader_state_to_string (event->state), ==,
                   kiosk_reader_state_to_string (state));
  g_assert_cmpstr (event->reader_name, ==, reader_name);
}

static void
read_status_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  g_assert_true (g_thread_self () == r->fixture->main_thread);
  g_assert_false (r->done);
  r->status = kiosk_card_worker_read_status_finish (KIOSK_CARD_WORKER (source), result, &r->error);
  g_assert_true ((r->status == NULL) != (r->error == NULL));
  r->events_before = r->fixture->events->len;
  r->when = g_get_monotonic_time ();
  r->done = TRUE;
}

static gboolean
result_done (gpointer data)
{
  return ((Result *)data)->done;
}

static void
start_read (Fixture *f, Result *r, GCancellable *cancellable)
{
  r->fixture = f;
  kiosk_card_worker_read_status_async (f->worker, cancellable, read_status_cb, r);
}

static void
read_status (Fixture *f, Result *r)
{
  start_read (f, r, NULL);
  run_until (result_done, r);
}

/* Inserts a card and waits until the worker has reported it. */
static KioskVirtualCard *
insert_card (Fixture *f, KioskVirtualCard *card)
{
  guint before = f->events->len;

  kiosk_virtual_transport_insert (f->reader, card);
  wait_for_events (f, before + 1);
  assert_event (f, f->events->len - 1, KIOSK_READER_STATE_CARD_PRESENT, VIRTUAL_READER);
  return card;
}

static void
start_with_card (Fixture *f, KioskVirtualCard *card)
{
  kiosk_card_worker_start (f->worker);
  wait_for_events (f, 1);
  assert_event (f, 0, KIOSK_READER_STATE_EMPTY, VIRTUAL_READER);
  insert_card (f, card);
}

/* Reader events */

static void
test_first_state_empty (Fixture *f, gconstpointer data)
{
  kiosk_card_worker_start (f->worker);
  wait_for_events (f, 1);
  assert_event (f, 0, KIOSK_READER_STATE_EMPTY, VIRTUAL_READER);
  g_assert_cmpint (kiosk_card_worker_get_reader_state (f->worker), ==, KIOSK_READER_STATE_EMPTY);
  g_assert_cmpstr (kiosk_card_worker_get_reader_name (f->worker), ==, VIRTUAL_READER);
}

static void
test_first_state_card_present (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");

  kiosk_virtual_transport_insert (f->reader, card);
  kiosk_card_worker_start (f->worker);
  wait_for_events (f, 1);
  assert_event (f, 0, KIOSK_READER_STATE_CARD_PRESENT, VIRTUAL_READER);
}

static void
test_insert_remove (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");

  start_with_card (f, card);
  kiosk_virtual_transport_remove (f->reader);
  wait_for_events (f, 3);
  assert_event (f, 2, KIOSK_READER_STATE_EMPTY, VIRTUAL_READER);
  g_assert_cmpint (kiosk_card_worker_get_reader_state (f->worker), ==, KIOSK_READER_STATE_EMPTY);

  /* nothing changes, nothing is posted */
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (f->events->len, ==, 3);
}

static void
test_reader_unplugged (Fixture *f, gconstpointer data)
{
  kiosk_card_worker_start (f->worker);
  wait_for_events (f, 1);

  kiosk_virtual_transport_set_reader_present (f->reader, FALSE);
  wait_for_events (f, 2);
  assert_event (f, 1, KIOSK_READER_STATE_NO_READER, NULL);
  g_assert_null (kiosk_card_worker_get_reader_name (f->worker));

  kiosk_virtual_transport_set_reader_present (f->reader, TRUE);
  wait_for_events (f, 3);
  assert_event (f, 2, KIOSK_READER_STATE_EMPTY, VIRTUAL_READER);
}

/* Status reads */

static guint
protocol_minimum (KioskVirtualCard *card)
{
  gsize len = g_bytes_get_size (kiosk_virtual_card_get_auth_certificate (card));

  /* SELECT AP + token (2) + SELECT 000A + ⌈len/256⌉ READ BINARY + 2 × (SELECT PIN EF + VERIFY) */
  return 1 + 2 + 1 + (len + 255) / 256 + 4;
}

static void
test_status_valid (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_auto (Result) r = { 0 };
  KioskCardProfile *profile = kiosk_virtual_card_get_profile (card);
  guint apdus = 0;

  start_with_card (f, card);
  kiosk_card_transport_reset_counters (KIOSK_CARD_TRANSPORT (f->reader));
  read_status (f, &r);
  g_assert_no_error (r.error);

  KioskCertificate *cert = kiosk_card_status_get_auth_certificate (r.status);
  g_assert_nonnull (cert);
  g_assert_true (g_bytes_equal (kiosk_certificate_get_der (cert),
                                kiosk_virtual_card_get_auth_certificate (card)));
  g_assert_true (
      g_bytes_equal (kiosk_card_status_get_atr (r.status), kiosk_virtual_card_get_atr (card)));
  g_assert_true (kiosk_card_status_get_auth_trusted (r.status));
  g_assert_null (kiosk_card_status_get_trust_error (r.status));
  g_assert_cmpint (kiosk_card_status_get_auth_tries_left (r.status), ==,
                   kiosk_card_profile_get_auth_tries (profile));
  g_assert_cmpint (kiosk_card_status_get_sign_tries_left (r.status), ==,
                   kiosk_card_profile_get_sign_tries (profile));
  g_assert_true (kiosk_card_status_has_sign_certificate (r.status));

  kiosk_card_transport_get_counters (KIOSK_CARD_TRANSPORT (f->reader), &apdus, NULL, NULL);
  g_assert_cmpuint (apdus, ==, protocol_minimum (card));
}

static void
test_status_no_certificates (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("no-certificates");
  g_auto (Result) r = { 0 };

  start_with_card (f, card);
  read_status (f, &r);
  g_assert_no_error (r.error);
  g_assert_null (kiosk_card_status_get_auth_certificate (r.status));
  g_assert_false (kiosk_card_status_get_auth_trusted (r.status));
  g_assert_cmpint (kiosk_card_status_get_auth_tries_left (r.status), ==,
                   kiosk_card_profile_get_auth_tries (kiosk_virtual_card_get_profile (card)));
  g_assert_cmpint (kiosk_card_status_get_sign_tries_left (r.status), ==, -1);
  g_assert_false (kiosk_card_status_has_sign_certificate (r.status));
}

static void
test_status_minor (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("minor");
  g_auto (Result) r = { 0 };

  start_with_card (f, card);
  read_status (f, &r);
  g_assert_no_error (r.error);
  g_assert_nonnull (kiosk_card_status_get_auth_certificate (r.status));
  g_assert_true (kiosk_card_status_get_auth_trusted (r.status));
  g_assert_cmpint (kiosk_card_status_get_sign_tries_left (r.status), ==, -1);
  g_assert_false (kiosk_card_status_has_sign_certificate (r.status));
}

static void
test_status_pin_locked (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("pin-locked");
  g_auto (Result) r = { 0 };

  start_with_card (f, card);
  read_status (f, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (kiosk_card_status_get_auth_tries_left (r.status), ==, 0);
  g_assert_cmpint (kiosk_card_status_get_sign_tries_left (r.status), ==,
                   kiosk_card_profile_get_sign_tries (kiosk_virtual_card_get_profile (card)));
}

static void
test_status_untrusted (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_auto (Result) r = { 0 };

  start_with_card (f, card);
  read_status (f, &r);
  /* not trusted is a field of the status, not an error */
  g_assert_no_error (r.error);
  g_assert_nonnull (kiosk_card_status_get_auth_certificate (r.status));
  g_assert_false (kiosk_card_status_get_auth_trusted (r.status));
  g_assert_nonnull (kiosk_card_status_get_trust_error (r.status));
}

static void
test_status_no_card (Fixture *f, gconstpointer data)
{
  g_auto (Result) r = { 0 };

  kiosk_card_worker_start (f->worker);
  wait_for_events (f, 1);
  read_status (f, &r);
  g_assert_error (r.error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NO_CARD);
}

static void
test_status_queued_in_order (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_auto (Result) first = { 0 };
  g_auto (Result) second = { 0 };

  start_with_card (f, card);
  start_read (f, &first, NULL);
  start_read (f, &second, NULL);
  run_until (result_done, &second);
  g_assert_true (first.done);
  g_assert_no_error (first.error);
  g_assert_no_error (second.error);
  g_assert_cmpint (first.when, <=, second.when);
}

static void
test_status_card_swapped (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskVirtualCard) valid = cardio_test_card_new ("valid");
  g_autoptr (KioskVirtualCard) minor = cardio_test_card_new ("minor");
  g_auto (Result) r1 = { 0 };
  g_auto (Result) r2 = { 0 };

  start_with_card (f, valid);
  read_status (f, &r1);
  g_assert_no_error (r1.error);
  g_assert_cmpint (kiosk_card_status_get_sign_tries_left (r1.status), >=, 0);

  kiosk_virtual_transport_remove (f->reader);
  wait_for_events (f, 3);
  insert_card (f, minor);
  read_status (f, &r2);
  g_assert_no_error (r2.error);
  g_assert_cmpint (kiosk_card_status_get_sign_tries_left (r2.status), ==, -1);
  g_assert_true (
      g_bytes_equal (kiosk_certificate_get_der (kiosk_card_status_get_auth_certificate (r2.status)),
                     kiosk_virtual_card_get_auth_certificate (minor)));
}

static void
test_worker_outlives_caller_reference (Fixture *f, gconstpointer data)
{
  /* The caller may drop its reference while a request runs: the result still arrives, and the
   * worker goes away afterwards, on the main thread. */
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_auto (Result) r = { 0 };
  KioskCardWorker *worker = f->worker;

  start_with_card (f, card);
  g_object_add_weak_pointer (G_OBJECT (worker), (gpointer *)&worker);
  start_read (f, &r, NULL);
  g_signal_handlers_disconnect_by_data (f->worker, f);
  g_clear_object (&f->worker);
  g_assert_nonnull (worker);

  run_until (result_done, &r);
  g_assert_no_error (r.error);
  while (worker != NULL)
    g_main_context_iteration (NULL, TRUE);

  /* for the tear-down */
  f->worker = kiosk_card_worker_new (KIOSK_CARD_TRANSPORT (f->reader), f->trust);
}

/* Cancellation and faults */

static void
test_cancel_before_run (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_auto (Result) r = { 0 };

  start_with_card (f, card);
  guint apdus_before = kiosk_virtual_card_get_apdu_count (card);
  g_cancellable_cancel (cancellable);
  start_read (f, &r, cancellable);
  run_until (result_done, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (kiosk_virtual_card_get_apdu_count (card), ==, apdus_before);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
  return G_SOURCE_REMOVE;
}

static void
test_cancel_mid_read (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("slow");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_auto (Result) r = { 0 };
  guint latency = kiosk_card_profile_get_apdu_latency_ms (kiosk_virtual_card_get_profile (card));

  g_assert_cmpuint (latency, >, 0);
  start_with_card (f, card);
  guint apdus_before = kiosk_virtual_card_get_apdu_count (card);

  start_read (f, &r, cancellable);
  /* a few APDUs in, well before the end of a read of more than ten */
  g_timeout_add (latency * 5 / 2, cancel_cb, cancellable);
  run_until (result_done, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  guint sent = kiosk_virtual_card_get_apdu_count (card) - apdus_before;
  g_assert_cmpuint (sent, >=, 1);
  g_assert_cmpuint (sent, <, protocol_minimum (card));

  /* no APDU after the result */
  g_usleep (latency * 2 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (kiosk_virtual_card_get_apdu_count (card) - apdus_before, ==, sent);
}

static void
test_card_pulled_mid_read (Fixture *f, gconstpointer data)
{
  /* the 5th APDU after insertion is the first READ BINARY of the certificate */
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new_from_keys ("pull-at-apdu=5\n");
  g_auto (Result) r = { 0 };

  start_with_card (f, card);
  guint events = f->events->len;
  read_status (f, &r);
  g_assert_error (r.error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED);

  /* then the reader shows empty, after the result */
  g_assert_cmpuint (r.events_before, ==, events);
  wait_for_events (f, events + 1);
  assert_event (f, events, KIOSK_READER_STATE_EMPTY, VIRTUAL_READER);
}

/* Stopping */

static void
test_stop_while_waiting (Fixture *f, gconstpointer data)
{
  kiosk_card_worker_start (f->worker);
  wait_for_events (f, 1);
  /* the worker is in a wait of up to a second now */
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);

  gint64 start = g_get_monotonic_time ();
  kiosk_card_worker_stop (f->worker);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 500 * G_TIME_SPAN_MILLISECOND);
}

static void
test_stop_while_reading (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("slow");
  g_auto (Result) r = { 0 };
  guint latency = kiosk_card_profile_get_apdu_latency_ms (kiosk_virtual_card_get_profile (card));

  start_with_card (f, card);
  start_read (f, &r, NULL);
  g_usleep (latency * 3 / 2 * G_TIME_SPAN_MILLISECOND);

  /* returns after the APDU in flight, not after the whole read */
  gint64 start = g_get_monotonic_time ();
  kiosk_card_worker_stop (f->worker);
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   (gint64)(latency * 2 + 500) * G_TIME_SPAN_MILLISECOND);

  run_until (result_done, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_stop_cancels_queued (Fixture *f, gconstpointer data)
{
  g_auto (Result) r = { 0 };

  /* never started: the request waits in the queue */
  start_read (f, &r, NULL);
  kiosk_card_worker_stop (f->worker);
  run_until (result_done, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_stop_twice_then_request (Fixture *f, gconstpointer data)
{
  g_auto (Result) r = { 0 };

  kiosk_card_worker_start (f->worker);
  wait_for_events (f, 1);
  kiosk_card_worker_stop (f->worker);
  kiosk_card_worker_stop (f->worker);

  read_status (f, &r);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cardio/worker/events/first-state-empty", test_first_state_empty);
  ADD ("/cardio/worker/events/first-state-card-present", test_first_state_card_present);
  ADD ("/cardio/worker/events/insert-remove", test_insert_remove);
  ADD ("/cardio/worker/events/reader-unplugged", test_reader_unplugged);

  ADD ("/cardio/worker/status/valid", test_status_valid);
  ADD ("/cardio/worker/status/no-certificates", test_status_no_certificates);
  ADD ("/cardio/worker/status/minor", test_status_minor);
  ADD ("/cardio/worker/status/pin-locked", test_status_pin_locked);
  g_test_add ("/cardio/worker/status/untrusted", Fixture, NULL, fixture_set_up_jlis_only,
              test_status_untrusted, fixture_tear_down);
  ADD ("/cardio/worker/status/no-card", test_status_no_card);
  ADD ("/cardio/worker/status/queued-in-order", test_status_queued_in_order);
  ADD ("/cardio/worker/status/card-swapped", test_status_card_swapped);
  ADD ("/cardio/worker/status/outlives-caller-reference", test_worker_outlives_caller_reference);

  ADD ("/cardio/worker/cancel/before-run", test_cancel_before_run);
  ADD ("/cardio/worker/cancel/mid-read", test_cancel_mid_read);
  ADD ("/cardio/worker/faults/card-pulled-mid-read", test_card_pulled_mid_read);

  ADD ("/cardio/worker/stop/while-waiting", test_stop_while_waiting);
  ADD ("/cardio/worker/stop/while-reading", test_stop_while_reading);
  ADD ("/cardio/worker/stop/cancels-queued", test_stop_cancels_queued);
  ADD ("/cardio/worker/stop/twice-then-request", test_stop_twice_then_request);
#undef ADD

  return g_test_run ();
}
