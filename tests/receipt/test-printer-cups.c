/* test-printer-cups.c: receipts through a private CUPS (cupsd started by the test, everything
 * in a temporary folder): the job's bytes captured by a raw queue's backend are the receipt's
 * PDF; a failing job and a missing queue keep the receipt in the queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */

#include "kiosk-printer-cups.h"
#include "kiosk-printer-queue.h"
#include "kiosk-receipt-payload.h"
#include "kiosk-receipt-renderer.h"
#include "receipt-test-util.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define WAIT_MS 20000
#define JOB_TIMEOUT_MS 10000

static char *cups_root;     /* the private CUPS's folder */
static char *capture_dir;   /* where the capture backend writes each job */
static GSubprocess *cupsd;  /* NULL when CUPS could not start */
static char *cupsd_problem; /* why, for the skip or failure message */

/* ---- the private CUPS ---- */

static void
write_file (const char *dir, const char *name, const char *text, int mode)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, mode, &error);
  g_assert_no_error (error);
  g_chmod (path, mode);
}

static gboolean
run_quietly (const char *const *argv, char **err)
{
  g_autofree char *out = NULL;

  return receipt_test_run (argv, &out, err) == 0;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_cupsd (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *socket_path = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *files_conf = NULL;
  g_autofree char *backend_dir = NULL;
  g_autofree char *backend = NULL;
  g_autofree char *cupsd_path = g_find_program_in_path ("cupsd");
  const char *subdirs[] = { "bin/backend", "root", "spool", "cache", "state", "log", "capture" };

  if (cupsd_path == NULL)
    cupsd_path = g_strdup ("/usr/sbin/cupsd");
  if (!g_file_test (cupsd_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      cupsd_problem = g_strdup ("cupsd is not installed (package cups)");
      return;
    }
  cups_root = g_dir_make_tmp ("kiosk-cups-XXXXXX", &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *dir = g_build_filename (cups_root, subdirs[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    }
  capture_dir = g_build_filename (cups_root, "capture", NULL);
  {
    /* cupsd starts backends through ServerBin/daemon/cups-exec. */
    g_autofree char *daemon_dir = g_build_filename (cups_root, "bin", "daemon", NULL);

    g_autofree char *server_bin = NULL;
    g_autofree char *system_daemon = NULL;

    if (!g_spawn_command_line_sync ("cups-config --serverbin", &server_bin, NULL, NULL, NULL)
        || server_bin == NULL || *g_strstrip (server_bin) == '\0')
      {
        g_free (server_bin);
        server_bin = g_strdup ("/usr/lib/cups");
      }
    system_daemon = g_build_filename (server_bin, "daemon", NULL);
    g_assert_cmpint (symlink (system_daemon, daemon_dir), ==, 0);
  }
  backend_dir = g_build_filename (cups_root, "bin", "backend", NULL);
  socket_path = g_build_filename (cups_root, "cups.sock", NULL);

  /* Backends run as root only when root-owned and mode 0700; "capture" writes each job's bytes
   * to a file, "broken" fails every job. */
  backend = g_strdup_printf ("#!/bin/sh\n"
                             "if [ $# -eq 0 ]; then echo 'direct capture \"Unknown\" "
                             "\"Capture\"'; exit 0; fi\n"
                             "if [ -n \"$6\" ]; then cat \"$6\"; else cat; fi > '%s'/job-$1.tmp\n"
                             "mv '%s'/job-$1.tmp '%s'/job-$1.bin\n"
                             "exit 0\n",
                             capture_dir, capture_dir, capture_dir);
  write_file (backend_dir, "capture", backend, 0700);
  write_file (backend_dir, "broken",
              "#!/bin/sh\n"
              "if [ $# -eq 0 ]; then echo 'direct broken \"Unknown\" \"Broken\"'; exit 0; fi\n"
              "echo 'ERROR: printer on fire' >&2\n"
              "exit 1\n",
              0700);

  conf = g_strdup_printf ("Listen %s\nLogLevel warn\nWebInterface No\nBrowsing No\n"
                          "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n",
                          socket_path);
  write_file (cups_root, "cupsd.conf", conf, 0644);
  files_conf = g_strdup_printf ("ServerRoot %s/root\nServerBin %s/bin\nCacheDir %s/cache\n"
                                "StateDir %s/state\nRequestRoot %s/spool\nTempDir %s/spool\n"
                                "LogFileGroup root\nAccessLog %s/log/access_log\n"
                                "ErrorLog %s/log/error_log\nPageLog %s/log/page_log\n"
                                "FileDevice Yes\nSystemGroup root\n",
                                cups_root, cups_root, cups_root, cups_root, cups_root, cups_root,
                                cups_root, cups_root, cups_root);
  write_file (cups_root, "cups-files.conf", files_conf, 0644);

  {
    g_autofree char *conf_path = g_build_filename (cups_root, "cupsd.conf", NULL);
    g_autofree char *files_path = g_build_filename (cups_root, "cups-files.conf", NULL);

    g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

    /* Should this test be killed (a timeout), cupsd goes with it. */
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    cupsd = g_subprocess_launcher_spawn (launcher, &error, cupsd_path, "-f", "-c", conf_path, "-s",
                                         files_path, NULL);
    g_assert_no_error (error);
  }
  for (int i = 0; i < 200 && !g_file_test (socket_path, G_FILE_TEST_EXISTS); i++)
    g_usleep (25 * 1000);
  if (!g_file_test (socket_path, G_FILE_TEST_EXISTS))
    {
      cupsd_problem = g_strdup ("the private cupsd did not open its socket within 5 s");
      g_subprocess_force_exit (cupsd);
      g_clear_object (&cupsd);
      return;
    }
  g_setenv ("CUPS_SERVER", socket_path, TRUE);

  {
    const char *capture[] = { "lpadmin", "-p", "receipt", "-v", "capture:/", "-E", NULL };
    const char *broken[] = { "lpadmin",  "-p", "broken", "-v",
                             "broken:/", "-E", "-o",     "printer-error-policy=abort-job",
                             NULL };
    const char *stopping[] = { "lpadmin",  "-p", "stopping", "-v",
                               "broken:/", "-E", "-o",       "printer-error-policy=stop-printer",
                               NULL };
    const char *const *queues[] = { capture, broken, stopping };

    for (gsize i = 0; i < G_N_ELEMENTS (queues); i++)
      {
        g_autofree char *err = NULL;

        if (!run_quietly (queues[i], &err))
          {
            cupsd_problem = g_strdup_printf ("lpadmin failed: %s", err);
            return;
          }
      }
  }
}

static void
stop_cupsd (void)
{
  if (cupsd != NULL)
    {
      g_subprocess_send_signal (cupsd, SIGTERM);
      g_subprocess_wait (cupsd, NULL, NULL);
      g_clear_object (&cupsd);
    }
  if (cups_root != NULL)
    {
      const char *argv[] = { "rm", "-rf", cups_root, NULL };
      g_autofree char *err = NULL;

      run_quietly (argv, &err);
    }
}

static gboolean
have_cups (void)
{
  if (cupsd_problem == NULL)
    return TRUE;
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_test_fail_printf ("no private CUPS: %s", cupsd_problem);
  else
    g_test_skip (cupsd_problem);
  return FALSE;
}

/* ---- helpers ---- */

typedef struct
{
  char *queue_dir;
  KioskReceiptKey *key;
  KioskReceipt *receipt;
  char *payload;
  GMainLoop *loop;
  GAsyncResult *result;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->queue_dir = g_dir_make_tmp ("kiosk-cups-queue-XXXXXX", &error);
  g_assert_no_error (error);
  f->key = kiosk_receipt_key_generate (&error);
  g_assert_no_error (error);
  f->receipt = receipt_test_sample (42, "en");
  f->payload = kiosk_receipt_payload_encode (f->receipt, f->key, &error);
  g_assert_no_error (error);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  receipt_test_remove_dir (f->queue_dir);
  g_free (f->queue_dir);
  g_clear_object (&f->key);
  g_clear_object (&f->receipt);
  g_free (f->payload);
  g_main_loop_unref (f->loop);
  g_clear_object (&f->result);
}

static void
got_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
  g_main_loop_quit (f->loop);
}

static gboolean
give_up (gpointer user_data)
{
  g_error ("no print result within %d ms", WAIT_MS);
  return G_SOURCE_REMOVE;
}

static gboolean
print_to (Fixture *f, const char *queue_name, KioskPrinterQueue **queue_out, GError **error)
{
  g_autoptr (KioskCupsPrinter) printer = kiosk_cups_printer_new (queue_name, 384, JOB_TIMEOUT_MS);
  KioskPrinterQueue *queue = kiosk_printer_queue_new (KIOSK_PRINTER (printer), f->queue_dir);
  guint timeout = g_timeout_add (WAIT_MS, give_up, NULL);
  gboolean printed;

  kiosk_printer_queue_print_async (queue, f->receipt, f->payload, NULL, got_result, f);
  g_main_loop_run (f->loop);
  g_source_remove (timeout);
  printed = kiosk_printer_queue_print_finish (queue, f->result, error);
  *queue_out = queue;
  return printed;
}

static void
assert_queued (Fixture *f, KioskPrinterQueue *queue)
{
  g_auto (GStrv) pending = kiosk_printer_queue_list_pending (queue);

  g_assert_cmpuint (g_strv_length (pending), ==, 1);
  g_assert_cmpstr (pending[0], ==, kiosk_receipt_get_number (f->receipt));
}

/* The one captured job file (the backend renames it when complete). */
static GBytes *
captured_job (void)
{
  g_autoptr (GDir) dir = g_dir_open (capture_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".bin"))
      {
        g_autofree char *path = g_build_filename (capture_dir, name, NULL);
        g_autofree char *data = NULL;
        gsize length = 0;
        GBytes *bytes;

        g_assert_true (g_file_get_contents (path, &data, &length, NULL));
        bytes = g_bytes_new_take (g_steal_pointer (&data), length);
        g_remove (path);
        return bytes;
      }
  return NULL;
}

/* ---- cases ---- */

static void
test_pdf_job (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrinterQueue) queue = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) job = NULL;
  g_autoptr (GBytes) expected = NULL;
  g_auto (GStrv) pending = NULL;
  const char *media_box;
  g_autofree char *box_text = NULL;
  char *end;
  double width;

  if (!have_cups ())
    return;
  g_assert_true (print_to (f, "receipt", &queue, &error));
  g_assert_no_error (error);
  pending = kiosk_printer_queue_list_pending (queue);
  g_assert_cmpuint (g_strv_length (pending), ==, 0);

  /* A completed job means the backend ran: what it captured is exactly our PDF. */
  job = captured_job ();
  g_assert_nonnull (job);
  g_assert_cmpuint (g_bytes_get_size (job), >, 2000);
  g_assert_cmpmem (g_bytes_get_data (job, NULL), 5, "%PDF-", 5);
  expected = kiosk_receipt_render_pdf (f->receipt, f->payload, 384, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (job), ==, g_bytes_get_size (expected));
  media_box = memmem (g_bytes_get_data (job, NULL), g_bytes_get_size (job), "/MediaBox [", 11);
  g_assert_nonnull (media_box);
  box_text = g_strndup (media_box + 11, 60);
  end = box_text;
  g_ascii_strtod (end, &end);
  g_ascii_strtod (end, &end);
  width = g_ascii_strtod (end, &end);
  g_assert_cmpfloat_with_epsilon (width, 384 * 72.0 / 203, 0.01);
}

static void
test_job_aborted (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrinterQueue) queue = NULL;
  g_autoptr (GError) error = NULL;

  if (!have_cups ())
    return;
  receipt_test_log_expect (KIOSK_PRINTER_QUEUE_MESSAGE_ID_QUEUED,
                           "Receipt K001-20261125-0042 not printed (CUPS job * was aborted)*");
  g_assert_false (print_to (f, "broken", &queue, &error));
  receipt_test_log_assert_expected ();
  g_assert_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_JOB_FAILED);
  assert_queued (f, queue);
}

static void
test_queue_stopped (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrinterQueue) queue = NULL;
  g_autoptr (GError) error = NULL;

  if (!have_cups ())
    return;
  receipt_test_log_expect (KIOSK_PRINTER_QUEUE_MESSAGE_ID_QUEUED,
                           "Receipt K001-20261125-0042 not printed (CUPS*)*");
  g_assert_false (print_to (f, "stopping", &queue, &error));
  receipt_test_log_assert_expected ();
  g_assert_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_JOB_FAILED);
  assert_queued (f, queue);
}

static void
test_no_such_queue (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskPrinterQueue) queue = NULL;
  g_autoptr (GError) error = NULL;

  if (!have_cups ())
    return;
  receipt_test_log_expect (KIOSK_PRINTER_QUEUE_MESSAGE_ID_QUEUED, "Receipt * not printed*");
  g_assert_false (print_to (f, "no-such-queue", &queue, &error));
  receipt_test_log_assert_expected ();
  g_assert_error (error, KIOSK_PRINTER_ERROR, KIOSK_PRINTER_ERROR_UNREACHABLE);
  assert_queued (f, queue);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  receipt_test_log_capture ();
  start_cupsd ();
  g_test_add ("/printing/cups/pdf-job-captured", Fixture, NULL, fixture_set_up, test_pdf_job,
              fixture_tear_down);
  g_test_add ("/printing/cups/job-aborted-queued", Fixture, NULL, fixture_set_up, test_job_aborted,
              fixture_tear_down);
  g_test_add ("/printing/cups/queue-stopped-queued", Fixture, NULL, fixture_set_up,
              test_queue_stopped, fixture_tear_down);
  g_test_add ("/printing/cups/no-such-queue-queued", Fixture, NULL, fixture_set_up,
              test_no_such_queue, fixture_tear_down);
  status = g_test_run ();
  stop_cupsd ();
  return status;
}
