/* kiosk-bench-procedures.c: the benchmark of the resident procedures: APDUs, bytes and time of
 * each through pcscd, vpcd and kiosk-vcard, beside the same procedure on the in-process card
 *
 * Run it through tests/bench/run-bench BUILD_DIR, which gives it private namespaces (its own
 * pcscd). For each procedure (change the 4-digit PIN, change the sign password, renew both
 * certificates, re-issue the signature certificate) it puts a fresh `valid` card in the reader
 * ITERATIONS times, after one unmeasured run, and runs the procedure with KioskCardWorker:
 *
 * - on KioskPcscTransport, the card served by kiosk-vcard behind vpcd;
 * - on KioskVirtualTransport, the same card in process: the same-run baseline, so the ratio
 *   pcscd / in-process is what the real stack (PC/SC, pcscd, vpcd's socket, the card process)
 *   costs on this machine at this moment.
 *
 * Renewal and re-issue run KioskRenewal against the in-process KioskIssuanceSimulator (a fresh
 * one per run: a renewal revokes the old certificate, and every run starts from the same card);
 * their time is the whole relay, service included. They start, as in the kiosk, after a status
 * read (not measured) that gives the relay the card's certificate and leaves the JPKI AP selected;
 * for them the table also splits APDUs and time by relay step (the relay's "progress" signal).
 * The PIN and password changes start on a freshly connected card, so their protocol minimum
 * (jpki-card.md §3.1, §3.3, §3.4) is SELECT AP, SELECT the PIN EF, VERIFY, CHANGE REFERENCE DATA:
 * 4 APDUs.
 *
 * APDUs and bytes are the transport's counters; time runs from the request to its result on the
 * main thread, with the card already seen in the reader. Prints a table, then key=value lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kiosk-card-profile.h"
#include "kiosk-card-worker.h"
#include "kiosk-issuance-simulator.h"
#include "kiosk-pcsc-transport.h"
#include "kiosk-renewal.h"
#include "kiosk-test-integration.h"
#include "kiosk-test-pcscd.h"
#include "kiosk-test-vcard.h"
#include "kiosk-virtual-transport.h"

#define PROFILE "valid"
/* The secrets of assets/cards/valid.card, and the new ones the changes set. */
#define CURRENT_PIN "1234"
#define CURRENT_PASSWORD "ABC123"
#define NEW_PIN "5678"
#define NEW_PASSWORD "XYZ789"
/* Bounds every wait: a stuck step fails the run instead of hanging it. Generous for a loaded
 * 2-core machine. */
#define STEP_TIMEOUT_MS 120000
#define SESSION_TTL_MS 600000

/* jpki-card.md: SELECT AP (§3.1), SELECT the PIN EF (§3.1), VERIFY (§3.3), CHANGE REFERENCE DATA
 * with the new value only (§3.4); the PIN EF stays the current EF after VERIFY. */
#define CHANGE_PROTOCOL_MINIMUM 4

typedef enum
{
  BENCH_CHANGE_PIN,
  BENCH_CHANGE_PASSWORD,
  BENCH_RENEW,
  BENCH_REISSUE_SIGN,
  BENCH_PROCEDURE_COUNT,
} BenchProcedure;

static const char *const procedure_names[BENCH_PROCEDURE_COUNT] = {
  "change-pin",
  "change-password",
  "renew",
  "reissue-sign",
};

typedef struct
{
  guint runs;
  guint apdus; /* of the first measured run */
  guint apdus_min;
  guint apdus_max;
  guint64 bytes_sent; /* of the first measured run */
  guint64 bytes_received;
  GArray *ms;
  /* Renewal and re-issue: ms per relay step, from its "progress" to the next step's (or the
   * result). A step skipped in a run adds nothing. */
  GArray *step_ms[KIOSK_RENEWAL_STEP_COUNT];
  guint step_apdus[KIOSK_RENEWAL_STEP_COUNT]; /* of the first measured run */
} Measure;

typedef struct
{
  BenchProcedure procedure;
  guint minimum; /* 0: no protocol minimum worked out */
  Measure pcscd;
  Measure in_process;
} ProcedureResult;

typedef struct Side Side;
struct Side
{
  const char *name;
  KioskCardTransport *transport;
  KioskCardWorker *worker;
  gboolean (*insert) (Side *side, const char *card_path, GError **error);
  gboolean (*remove) (Side *side, GError **error);
};

static struct
{
  guint iterations;
  gboolean check;

  char *work_dir;      /* fresh card profiles, the simulator's residents, the journal */
  char *residents_dir; /* the simulator's residents: valid.card */
  guint cards_made;

  KioskTestCa *ca;
  KioskClock *clock;
  KioskTrustStore *trust;
  KioskSessionJournal *journal;

  KioskTestPcscd *pcscd;
  KioskTestVcard *vcard;
  Side pcsc_side;
  Side local_side;

  int status;
} bench;

/* --- statistics --- */

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentile (0 < p <= 100) of the samples; NAN with none. */
static double
percentile (GArray *samples, double p)
{
  g_autoptr (GArray) sorted = NULL;
  guint rank;

  if (samples->len == 0)
    return NAN;
  sorted = g_array_copy (samples);
  g_array_sort (sorted, compare_doubles);
  rank = (guint)ceil (p / 100.0 * sorted->len);
  return g_array_index (sorted, double, CLAMP (rank, 1, sorted->len) - 1);
}

static double
median (GArray *samples)
{
  return percentile (samples, 50);
}

static double
maximum (GArray *samples)
{
  return percentile (samples, 100);
}

static double
minimum_of (GArray *samples)
{
  return percentile (samples, 100.0 / MAX (samples->len, 1));
}

static void
measure_add (Measure *m, guint apdus, guint64 sent, guint64 received, double ms)
{
  if (m->runs == 0)
    {
      m->apdus = m->apdus_min = m->apdus_max = apdus;
      m->bytes_sent = sent;
      m->bytes_received = received;
    }
  m->apdus_min = MIN (m->apdus_min, apdus);
  m->apdus_max = MAX (m->apdus_max, apdus);
  m->runs++;
  g_array_append_val (m->ms, ms);
}

static void
measure_init (Measure *m)
{
  m->ms = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < KIOSK_RENEWAL_STEP_COUNT; i++)
    m->step_ms[i] = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
measure_clear (Measure *m)
{
  g_clear_pointer (&m->ms, g_array_unref);
  for (guint i = 0; i < KIOSK_RENEWAL_STEP_COUNT; i++)
    g_clear_pointer (&m->step_ms[i], g_array_unref);
}

/* When each relay step started (0: not reached). */
typedef struct
{
  KioskCardTransport *transport;
  gint64 started[KIOSK_RENEWAL_STEP_COUNT];
  guint apdus_before[KIOSK_RENEWAL_STEP_COUNT]; /* the transport's count as the step started */
} StepTimes;

static void
on_renewal_progress (KioskRenewal *renewal, guint step, guint count, const char *step_name,
                     gpointer user_data)
{
  StepTimes *times = user_data;

  /* A step starts when the one before has its answer: the worker is idle, the count exact. */
  if (step < KIOSK_RENEWAL_STEP_COUNT)
    {
      times->started[step] = g_get_monotonic_time ();
      kiosk_card_transport_get_counters (times->transport, &times->apdus_before[step], NULL, NULL);
    }
}

/* @finished, @apdus: the time and the transport's count when the result came. */
static void
measure_add_steps (Measure *m, const StepTimes *times, gint64 finished, guint apdus)
{
  for (guint step = 0; step < KIOSK_RENEWAL_STEP_COUNT; step++)
    {
      gint64 end = finished;
      guint apdus_after = apdus;
      double ms;

      if (times->started[step] == 0)
        continue;
      for (guint next = step + 1; next < KIOSK_RENEWAL_STEP_COUNT; next++)
        if (times->started[next] != 0)
          {
            end = times->started[next];
            apdus_after = times->apdus_before[next];
            break;
          }
      ms = (end - times->started[step]) / 1000.0;
      if (m->step_ms[step]->len == 0)
        m->step_apdus[step] = apdus_after - times->apdus_before[step];
      g_array_append_val (m->step_ms[step], ms);
    }
}

/* --- waiting --- */

typedef struct
{
  KioskCardWorker *worker;
  KioskReaderState state;
} ReaderWait;

static gboolean
reader_state_is (gpointer user_data)
{
  ReaderWait *wait = user_data;

  return kiosk_card_worker_get_reader_state (wait->worker) == wait->state;
}

static gboolean
wait_reader_state (Side *side, KioskReaderState state, GError **error)
{
  ReaderWait wait = { side->worker, state };

  if (kiosk_test_wait_for (reader_state_is, &wait, STEP_TIMEOUT_MS))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               "%s: the worker did not see the reader %s (it sees %s)", side->name,
               kiosk_reader_state_to_string (state),
               kiosk_reader_state_to_string (kiosk_card_worker_get_reader_state (side->worker)));
  return FALSE;
}

static void
store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer user_data)
{
  return *(GAsyncResult **)user_data != NULL;
}

/* Runs the main context until the async call that stores into @slot is done. */
static GAsyncResult *
wait_result (GAsyncResult **slot, const char *what, GError **error)
{
  if (!kiosk_test_wait_for (result_arrived, slot, STEP_TIMEOUT_MS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "%s did not finish in %u s", what,
                   STEP_TIMEOUT_MS / 1000);
      return NULL;
    }
  return g_steal_pointer (slot);
}

/* --- the two sides --- */

static gboolean
pcsc_insert (Side *side, const char *card_path, GError **error)
{
  return kiosk_test_vcard_insert (bench.vcard, card_path, error)
         && wait_reader_state (side, KIOSK_READER_STATE_CARD_PRESENT, error);
}

static gboolean
pcsc_remove (Side *side, GError **error)
{
  return kiosk_test_vcard_remove (bench.vcard, error)
         && wait_reader_state (side, KIOSK_READER_STATE_EMPTY, error);
}

static gboolean
local_insert (Side *side, const char *card_path, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (KioskCardProfile) profile = kiosk_card_profile_load (card_path, now, error);
  g_autoptr (KioskVirtualCard) card = NULL;

  if (profile == NULL)
    return FALSE;
  card = kiosk_virtual_card_new (profile, bench.ca, now, error);
  if (card == NULL)
    return FALSE;
  kiosk_virtual_transport_insert (KIOSK_VIRTUAL_TRANSPORT (side->transport), card);
  return wait_reader_state (side, KIOSK_READER_STATE_CARD_PRESENT, error);
}

static gboolean
local_remove (Side *side, GError **error)
{
  kiosk_virtual_transport_remove (KIOSK_VIRTUAL_TRANSPORT (side->transport));
  return wait_reader_state (side, KIOSK_READER_STATE_EMPTY, error);
}

static gboolean
side_start (Side *side, const char *name, KioskCardTransport *transport,
            gboolean (*insert) (Side *, const char *, GError **),
            gboolean (*remove) (Side *, GError **), GError **error)
{
  side->name = name;
  side->transport = transport;
  side->worker = kiosk_card_worker_new (transport, bench.trust);
  side->insert = insert;
  side->remove = remove;
  kiosk_card_worker_start (side->worker);
  return wait_reader_state (side, KIOSK_READER_STATE_EMPTY, error);
}

static void
side_stop (Side *side)
{
  if (side->worker != NULL)
    kiosk_card_worker_stop (side->worker);
  g_clear_object (&side->worker);
  g_clear_object (&side->transport);
}

/* --- fresh cards --- */

/* A path to a copy of the shipped valid.card in a folder of its own. kiosk-vcard keeps one card
 * per path for its whole life (a changed PIN carries over to the next insertion, as on a real
 * card), so a new path is a new card; the profile name stays "valid", so the certificate and the
 * resident record are the shipped card's. */
static char *
fresh_card_path (GError **error)
{
  g_autofree char *source = g_build_filename (kiosk_test_cards_dir (), PROFILE ".card", NULL);
  g_autofree char *number = g_strdup_printf ("card-%03u", ++bench.cards_made);
  g_autofree char *dir = g_build_filename (bench.work_dir, number, NULL);
  g_autofree char *path = g_build_filename (dir, PROFILE ".card", NULL);
  g_autofree char *text = NULL;
  gsize len = 0;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot make %s", dir);
      return NULL;
    }
  if (!g_file_get_contents (source, &text, &len, error)
      || !g_file_set_contents (path, text, (gssize)len, error))
    return NULL;
  return g_steal_pointer (&path);
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);

  if (listing == NULL)
    return;
  for (const char *name; (name = g_dir_read_name (listing)) != NULL;)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* --- the procedures --- */

static gboolean
run_change (Side *side, KioskJpkiSecret which, GError **error)
{
  g_autoptr (KioskSecret) current = kiosk_secret_new_from_string (
      which == KIOSK_JPKI_AUTH ? CURRENT_PIN : CURRENT_PASSWORD);
  g_autoptr (KioskSecret) changed
             = kiosk_secret_new_from_string (which == KIOSK_JPKI_AUTH ? NEW_PIN : NEW_PASSWORD);
  g_autoptr (GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  kiosk_card_worker_change_secret_async (side->worker, which, current, changed, NULL, store_result,
                                         &slot);
  result = wait_result (&slot, "the change", error);
  return result != NULL
         && kiosk_card_worker_change_secret_finish (side->worker, result, NULL, error);
}

static GBytes *
read_auth_certificate (Side *side, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (KioskCardStatus) status = NULL;
  GAsyncResult *slot = NULL;
  KioskCertificate *certificate;

  kiosk_card_worker_read_status_async (side->worker, NULL, store_result, &slot);
  result = wait_result (&slot, "the status read", error);
  if (result == NULL)
    return NULL;
  status = kiosk_card_worker_read_status_finish (side->worker, result, error);
  if (status == NULL)
    return NULL;
  certificate = kiosk_card_status_get_auth_certificate (status);
  if (certificate == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the card has no certificate");
      return NULL;
    }
  return g_bytes_ref (kiosk_certificate_get_der (certificate));
}

static gboolean
run_renewal (Side *side, KioskRenewal *renewal, KioskIssuanceProcedure procedure,
             GBytes *auth_certificate, GError **error)
{
  g_autoptr (KioskSecret) pin = kiosk_secret_new_from_string (CURRENT_PIN);
  g_autoptr (KioskSecret) password = kiosk_secret_new_from_string (CURRENT_PASSWORD);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (KioskRenewalResult) outcome = NULL;
  GAsyncResult *slot = NULL;

  kiosk_renewal_run_async (renewal, procedure, pin, password, NULL, NULL, auth_certificate, NULL,
                           store_result, &slot);
  result = wait_result (&slot, "the relay", error);
  if (result == NULL)
    return FALSE;
  outcome = kiosk_renewal_run_finish (renewal, result);
  if (outcome->outcome != KIOSK_RENEWAL_OUTCOME_DONE || !outcome->sign_renewed
      || (procedure == KIOSK_ISSUANCE_PROCEDURE_RENEW) != outcome->auth_renewed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s ended %s at step %s (auth renewed: %d, sign renewed: %d): %s",
                   kiosk_issuance_procedure_to_string (procedure), outcome->reason_code,
                   kiosk_renewal_step_to_string (outcome->step), outcome->auth_renewed,
                   outcome->sign_renewed, outcome->message != NULL ? outcome->message : "");
      return FALSE;
    }
  return TRUE;
}

/* Fresh card in, the procedure, card out. With @measure, measured. */
static gboolean
run_once (Side *side, BenchProcedure procedure, Measure *measure, GError **error)
{
  g_autofree char *card_path = fresh_card_path (error);
  g_autoptr (GBytes) auth_certificate = NULL;
  g_autoptr (KioskIssuanceSimulator) simulator = NULL;
  g_autoptr (KioskRenewal) renewal = NULL;
  StepTimes step_times = { side->transport, { 0 }, { 0 } };
  gboolean renewing = procedure == BENCH_RENEW || procedure == BENCH_REISSUE_SIGN;
  guint apdus = 0;
  guint64 sent = 0, received = 0;
  gint64 started, finished;
  gboolean ok;

  if (card_path == NULL || !side->insert (side, card_path, error))
    return FALSE;

  if (renewing)
    {
      auth_certificate = read_auth_certificate (side, error);
      if (auth_certificate == NULL)
        return FALSE;
      simulator = kiosk_issuance_simulator_new (bench.ca, bench.residents_dir, bench.clock,
                                                SESSION_TTL_MS, error);
      if (simulator == NULL)
        return FALSE;
      renewal = kiosk_renewal_new (side->worker, KIOSK_ISSUANCE_SERVICE (simulator), bench.journal);
      g_signal_connect (renewal, "progress", G_CALLBACK (on_renewal_progress), &step_times);
    }

  kiosk_card_transport_reset_counters (side->transport);
  started = g_get_monotonic_time ();
  switch (procedure)
    {
    case BENCH_CHANGE_PIN:
      ok = run_change (side, KIOSK_JPKI_AUTH, error);
      break;
    case BENCH_CHANGE_PASSWORD:
      ok = run_change (side, KIOSK_JPKI_SIGN, error);
      break;
    case BENCH_RENEW:
      ok = run_renewal (side, renewal, KIOSK_ISSUANCE_PROCEDURE_RENEW, auth_certificate, error);
      break;
    case BENCH_REISSUE_SIGN:
      ok = run_renewal (side, renewal, KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN, auth_certificate,
                        error);
      break;
    default:
      g_assert_not_reached ();
    }
  finished = g_get_monotonic_time ();
  kiosk_card_transport_get_counters (side->transport, &apdus, &sent, &received);
  if (renewal != NULL)
    g_signal_handlers_disconnect_by_data (renewal, &step_times);
  if (!ok)
    return FALSE;
  if (measure != NULL)
    {
      measure_add (measure, apdus, sent, received, (finished - started) / 1000.0);
      if (renewing)
        measure_add_steps (measure, &step_times, finished, apdus);
    }
  return side->remove (side, error);
}

static gboolean
measure_procedure (ProcedureResult *result, GError **error)
{
  const char *name = procedure_names[result->procedure];
  Side *sides[] = { &bench.pcsc_side, &bench.local_side };
  Measure *measures[] = { &result->pcscd, &result->in_process };

  /* One unmeasured run first: first-use costs (OpenSSL's and the card program's tables,
   * pcscd's first transaction) are paid once a day, not per resident. The two transports take
   * turns, so both see the same moments of the machine's load. */
  for (guint i = 0; i <= bench.iterations; i++)
    {
      for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
        if (!run_once (sides[s], result->procedure, i == 0 ? NULL : measures[s], error))
          {
            g_prefix_error (error, "%s on %s, run %u: ", name, sides[s]->name, i);
            return FALSE;
          }
      if (isatty (STDERR_FILENO))
        g_printerr ("\r%s: %u/%u", name, i, bench.iterations);
    }
  if (isatty (STDERR_FILENO))
    g_printerr ("\n");
  return TRUE;
}

/* --- the report --- */

static const char *
cell (char *buffer, gsize size, double value, int decimals)
{
  if (isnan (value))
    return "-";
  g_snprintf (buffer, size, "%.*f", decimals, value);
  return buffer;
}

static void
print_table (ProcedureResult *results)
{
  printf ("\nMadoguchi benchmark: resident procedures with KioskCardWorker on a fresh `%s` card,\n"
          "through pcscd + vpcd + kiosk-vcard, and the same on the in-process card (same run);\n"
          "renewal and re-issue with KioskRenewal and the in-process issuance simulator, relay\n"
          "included. %u runs each, after one unmeasured. Times in ms.\n\n",
          PROFILE, bench.iterations);
  printf ("%-16s %5s %7s %9s %8s %8s %8s %8s %10s %6s\n", "", "", "", "", "", "pcscd", "", "",
          "in-process", "ratio");
  printf ("%-16s %5s %7s %9s %8s %8s %8s %8s %10s %6s\n", "procedure", "APDUs", "minimum",
          "bytes out", "bytes in", "median", "min", "max", "median", "");
  for (guint i = 0; i < BENCH_PROCEDURE_COUNT; i++)
    {
      ProcedureResult *r = &results[i];
      char minimum[16], a[32], b[32], c[32], d[32], e[32];
      double ratio = median (r->pcscd.ms) / median (r->in_process.ms);

      if (r->minimum > 0)
        g_snprintf (minimum, sizeof minimum, "%u", r->minimum);
      else
        g_strlcpy (minimum, "-", sizeof minimum);
      printf ("%-16s %5u %7s %9" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT " %8s %8s %8s %10s %6s\n",
              procedure_names[i], r->pcscd.apdus, minimum, r->pcscd.bytes_sent,
              r->pcscd.bytes_received, cell (a, sizeof a, median (r->pcscd.ms), 1),
              cell (b, sizeof b, minimum_of (r->pcscd.ms), 1),
              cell (c, sizeof c, maximum (r->pcscd.ms), 1),
              cell (d, sizeof d, median (r->in_process.ms), 1), cell (e, sizeof e, ratio, 1));
    }
  printf ("\n");
}

/* Where a relay's time goes: the median of each step on both transports. */
static void
print_steps (ProcedureResult *result)
{
  printf ("%s, median ms per relay step:\n", procedure_names[result->procedure]);
  printf ("  %-24s %6s %8s %11s\n", "step", "APDUs", "pcscd", "in-process");
  for (guint step = 0; step < KIOSK_RENEWAL_STEP_COUNT; step++)
    {
      GArray *pcscd = result->pcscd.step_ms[step];
      GArray *in_process = result->in_process.step_ms[step];
      char a[32], b[32];

      if (pcscd->len == 0 && in_process->len == 0)
        continue;
      printf ("  %-24s %6u %8s %11s\n", kiosk_renewal_step_to_string (step),
              result->pcscd.step_apdus[step], cell (a, sizeof a, median (pcscd), 2),
              cell (b, sizeof b, median (in_process), 2));
    }
  printf ("\n");
}

static void
print_measure (const char *procedure, const char *side, Measure *m)
{
  printf ("%s.%s.apdus=%u\n", procedure, side, m->apdus);
  printf ("%s.%s.apdus_min=%u\n", procedure, side, m->apdus_min);
  printf ("%s.%s.apdus_max=%u\n", procedure, side, m->apdus_max);
  printf ("%s.%s.bytes_sent=%" G_GUINT64_FORMAT "\n", procedure, side, m->bytes_sent);
  printf ("%s.%s.bytes_received=%" G_GUINT64_FORMAT "\n", procedure, side, m->bytes_received);
  printf ("%s.%s.ms_median=%.2f\n", procedure, side, median (m->ms));
  printf ("%s.%s.ms_min=%.2f\n", procedure, side, minimum_of (m->ms));
  printf ("%s.%s.ms_max=%.2f\n", procedure, side, maximum (m->ms));
  for (guint step = 0; step < KIOSK_RENEWAL_STEP_COUNT; step++)
    if (m->step_ms[step]->len > 0)
      {
        printf ("%s.%s.step.%s.apdus=%u\n", procedure, side, kiosk_renewal_step_to_string (step),
                m->step_apdus[step]);
        printf ("%s.%s.step.%s.ms_median=%.2f\n", procedure, side,
                kiosk_renewal_step_to_string (step), median (m->step_ms[step]));
      }
}

static void
print_results (ProcedureResult *results)
{
  const char *verdict[] = { "FAIL", "pass" };
  gboolean at_minimum = TRUE;
  gboolean same_apdus = TRUE;

  print_table (results);
  print_steps (&results[BENCH_RENEW]);
  print_steps (&results[BENCH_REISSUE_SIGN]);
  printf ("procedures.iterations=%u\n", bench.iterations);
  for (guint i = 0; i < BENCH_PROCEDURE_COUNT; i++)
    {
      ProcedureResult *r = &results[i];
      const char *p = procedure_names[i];

      print_measure (p, "pcscd", &r->pcscd);
      print_measure (p, "in_process", &r->in_process);
      if (r->minimum > 0)
        {
          printf ("%s.apdus_protocol_minimum=%u\n", p, r->minimum);
          if (r->pcscd.apdus_min != r->minimum || r->pcscd.apdus_max != r->minimum
              || r->in_process.apdus_min != r->minimum || r->in_process.apdus_max != r->minimum)
            at_minimum = FALSE;
        }
      printf ("%s.ratio_pcscd_to_in_process=%.2f\n", p,
              median (r->pcscd.ms) / median (r->in_process.ms));
      /* The same worker code on both transports: a different count would be a transport bug. */
      if (r->pcscd.apdus_min != r->in_process.apdus_min
          || r->pcscd.apdus_max != r->in_process.apdus_max)
        same_apdus = FALSE;
    }
  printf ("target.change_apdus_at_protocol_minimum=%s\n", verdict[at_minimum]);
  printf ("target.procedure_apdus_same_on_both_transports=%s\n", verdict[same_apdus]);
  if (bench.check && (!at_minimum || !same_apdus))
    bench.status = EXIT_FAILURE;
  fflush (stdout);
}

/* --- set-up --- */

static gboolean
set_up (GError **error)
{
  g_autofree char *journal_dir = NULL;
  g_autofree char *source = NULL;
  g_autofree char *resident = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr (KioskConfig) config = NULL;

  bench.work_dir = g_dir_make_tmp ("kiosk-bench-procedures-XXXXXX", error);
  if (bench.work_dir == NULL)
    return FALSE;
  bench.residents_dir = g_build_filename (bench.work_dir, "residents", NULL);
  journal_dir = g_build_filename (bench.work_dir, "journal", NULL);
  source = g_build_filename (kiosk_test_cards_dir (), PROFILE ".card", NULL);
  resident = g_build_filename (bench.residents_dir, PROFILE ".card", NULL);
  if (g_mkdir_with_parents (bench.residents_dir, 0700) != 0
      || !g_file_get_contents (source, &text, &len, error)
      || !g_file_set_contents (resident, text, (gssize)len, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot make %s", bench.residents_dir);
      return FALSE;
    }

  bench.ca = kiosk_test_ca_load (kiosk_test_ca_dir (), error);
  if (bench.ca == NULL)
    return FALSE;
  bench.clock = kiosk_clock_new ();
  bench.trust = kiosk_test_trust_store_new (error);
  if (bench.trust == NULL)
    return FALSE;
  bench.journal = kiosk_session_journal_new (journal_dir, error);
  if (bench.journal == NULL)
    return FALSE;

  bench.pcscd = kiosk_test_pcscd_new ();
  if (!kiosk_test_pcscd_start (bench.pcscd, KIOSK_TEST_PCSCD_READERS_VPCD, error))
    return FALSE;
  bench.vcard = kiosk_test_vcard_new (PROFILE, NULL);
  if (!kiosk_test_vcard_start (bench.vcard, error))
    return FALSE;

  /* The reader the kiosk as shipped picks: the first one holding a card. */
  config = kiosk_test_config_new (NULL, error);
  if (config == NULL)
    return FALSE;
  return side_start (&bench.pcsc_side, "pcscd",
                     kiosk_pcsc_transport_new (kiosk_config_get_reader_filter (config)),
                     pcsc_insert, pcsc_remove, error)
         && side_start (&bench.local_side, "in-process",
                        KIOSK_CARD_TRANSPORT (kiosk_virtual_transport_new ()), local_insert,
                        local_remove, error);
}

static void
tear_down (void)
{
  side_stop (&bench.pcsc_side);
  side_stop (&bench.local_side);
  g_clear_object (&bench.vcard);
  g_clear_object (&bench.pcscd);
  g_clear_object (&bench.journal);
  g_clear_object (&bench.trust);
  g_clear_object (&bench.clock);
  g_clear_object (&bench.ca);
  if (bench.work_dir != NULL)
    remove_tree (bench.work_dir);
  g_clear_pointer (&bench.work_dir, g_free);
  g_clear_pointer (&bench.residents_dir, g_free);
}

static void
run_benchmark (void)
{
  g_autoptr (GError) error = NULL;
  ProcedureResult results[BENCH_PROCEDURE_COUNT] = { 0 };
  gboolean ok;

  for (guint i = 0; i < BENCH_PROCEDURE_COUNT; i++)
    {
      results[i].procedure = i;
      results[i].minimum
          = i == BENCH_CHANGE_PIN || i == BENCH_CHANGE_PASSWORD ? CHANGE_PROTOCOL_MINIMUM : 0;
      measure_init (&results[i].pcscd);
      measure_init (&results[i].in_process);
    }

  ok = set_up (&error);
  for (guint i = 0; ok && i < BENCH_PROCEDURE_COUNT; i++)
    ok = measure_procedure (&results[i], &error);
  if (ok)
    print_results (results);
  else
    {
      g_printerr ("kiosk-bench-procedures: %s\n", error->message);
      if (bench.pcscd != NULL && kiosk_test_pcscd_get_log_path (bench.pcscd) != NULL)
        g_printerr ("kiosk-bench-procedures: pcscd log: %s\n",
                    kiosk_test_pcscd_get_log_path (bench.pcscd));
      bench.status = EXIT_FAILURE;
    }

  for (guint i = 0; i < BENCH_PROCEDURE_COUNT; i++)
    {
      measure_clear (&results[i].pcscd);
      measure_clear (&results[i].in_process);
    }
  tear_down ();
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) options = NULL;
  int iterations = 15;
  gboolean check = FALSE;
  GOptionEntry entries[] = {
    { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations,
      "Measured runs per procedure and transport (default 15)", "N" },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, "Exit 1 when a target is missed", NULL },
    { NULL },
  };

  options = g_option_context_new ("— the Madoguchi procedures benchmark");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("kiosk-bench-procedures: %s\n", error->message);
      return 2;
    }
  if (iterations < 1)
    {
      g_printerr ("kiosk-bench-procedures: --iterations must be at least 1\n");
      return 2;
    }
  if (!kiosk_test_pcscd_in_namespace ())
    {
      g_printerr ("kiosk-bench-procedures: run it through tests/bench/run-bench (it needs a "
                  "private namespace for its pcscd)\n");
      return 2;
    }

  bench.iterations = (guint)iterations;
  bench.check = check;
  bench.status = EXIT_SUCCESS;
  run_benchmark ();
  return bench.status;
}
