/* kiosk-test-pcscd.c: a real pcscd run as the test's own child, stopped, killed and restarted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-test-pcscd.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <winscard.h>

#include "kiosk-test-process.h"

#define VPCD_CONFIG "/etc/reader.conf.d/vpcd"
#define VPCD_READER_PREFIX "Virtual PCD"
/* pcscd answers within ~50 ms here; a loaded CI machine may take far longer. */
#define READY_TIMEOUT_MS 10000
#define READY_POLL_MS 20
#define STOP_TIMEOUT_MS 5000

struct _KioskTestPcscd
{
  GObject parent_instance;

  char *dir; /* temporary: vpcd/, empty/, pcscd.log */
  char *log_path;
  GSubprocess *process;
};

G_DEFINE_FINAL_TYPE (KioskTestPcscd, kiosk_test_pcscd, G_TYPE_OBJECT)

static void
kiosk_test_pcscd_dispose (GObject *object)
{
  KioskTestPcscd *self = KIOSK_TEST_PCSCD (object);

  if (self->process != NULL)
    kiosk_test_process_end (self->process, SIGKILL, STOP_TIMEOUT_MS);
  g_clear_object (&self->process);
  G_OBJECT_CLASS (kiosk_test_pcscd_parent_class)->dispose (object);
}

static void
kiosk_test_pcscd_finalize (GObject *object)
{
  KioskTestPcscd *self = KIOSK_TEST_PCSCD (object);

  if (g_getenv ("KIOSK_TEST_KEEP_LOGS") == NULL)
    kiosk_test_process_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->log_path);
  G_OBJECT_CLASS (kiosk_test_pcscd_parent_class)->finalize (object);
}

static void
kiosk_test_pcscd_class_init (KioskTestPcscdClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_test_pcscd_dispose;
  object_class->finalize = kiosk_test_pcscd_finalize;
}

static void
kiosk_test_pcscd_init (KioskTestPcscd *self)
{
}

KioskTestPcscd *
kiosk_test_pcscd_new (void)
{
  return g_object_new (KIOSK_TEST_TYPE_PCSCD, NULL);
}

gboolean
kiosk_test_pcscd_in_namespace (void)
{
  return g_strcmp0 (g_getenv ("KIOSK_PCSC_NAMESPACE"), "1") == 0;
}

static gboolean
prepare_dir (KioskTestPcscd *self, GError **error)
{
  g_autofree char *vpcd_dir = NULL;
  g_autofree char *empty_dir = NULL;
  g_autofree char *vpcd_copy = NULL;
  g_autofree char *vpcd_config = NULL;
  gsize vpcd_config_len = 0;

  if (self->dir != NULL)
    return TRUE;
  if (!g_file_get_contents (VPCD_CONFIG, &vpcd_config, &vpcd_config_len, error))
    {
      g_prefix_error (error, "the vpcd reader configuration (package vsmartcard-vpcd): ");
      return FALSE;
    }
  self->dir = g_dir_make_tmp ("kiosk-test-pcscd-XXXXXX", error);
  if (self->dir == NULL)
    return FALSE;
  vpcd_dir = g_build_filename (self->dir, "vpcd", NULL);
  empty_dir = g_build_filename (self->dir, "empty", NULL);
  vpcd_copy = g_build_filename (vpcd_dir, "vpcd", NULL);
  self->log_path = g_build_filename (self->dir, "pcscd.log", NULL);
  if (g_mkdir (vpcd_dir, 0700) != 0 || g_mkdir (empty_dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot make the reader folders in %s: %s", self->dir, g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_set_contents (vpcd_copy, vpcd_config, vpcd_config_len, error);
}

static char *
read_log_tail (KioskTestPcscd *self)
{
  g_autofree char *log = NULL;
  gsize len = 0;
  const gsize tail = 2000;

  if (self->log_path == NULL || !g_file_get_contents (self->log_path, &log, &len, NULL))
    return g_strdup ("(no log)");
  return g_strdup (len > tail ? log + len - tail : log);
}

/* One attempt: does a pcscd answer, and with which readers? */
static LONG
probe_service (gboolean *has_vpcd_readers)
{
  SCARDCONTEXT context = 0;
  LPSTR readers = NULL;
  DWORD readers_len = SCARD_AUTOALLOCATE;
  LONG rv;

  *has_vpcd_readers = FALSE;
  rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
  if (rv != SCARD_S_SUCCESS)
    return rv;
  rv = SCardListReaders (context, NULL, (LPSTR)&readers, &readers_len);
  if (rv == SCARD_S_SUCCESS)
    {
      for (const char *r = readers; *r != '\0'; r += strlen (r) + 1)
        if (g_str_has_prefix (r, VPCD_READER_PREFIX))
          *has_vpcd_readers = TRUE;
      SCardFreeMemory (context, readers);
    }
  SCardReleaseContext (context);
  return rv;
}

static gboolean
wait_until_ready (KioskTestPcscd *self, KioskTestPcscdReaders readers, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  LONG rv = SCARD_E_NO_SERVICE;

  while (g_get_monotonic_time () < deadline)
    {
      gboolean has_vpcd_readers = FALSE;

      /* GLib reaps its children on its worker thread: no identifier = exited. */
      if (g_subprocess_get_identifier (self->process) == NULL)
        {
          g_autofree char *tail = read_log_tail (self);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "pcscd exited at start:\n%s", tail);
          return FALSE;
        }
      rv = probe_service (&has_vpcd_readers);
      if (readers == KIOSK_TEST_PCSCD_READERS_VPCD && rv == SCARD_S_SUCCESS && has_vpcd_readers)
        return TRUE;
      if (readers == KIOSK_TEST_PCSCD_READERS_NONE && rv == SCARD_E_NO_READERS_AVAILABLE)
        return TRUE;
      g_usleep (READY_POLL_MS * 1000);
    }
  {
    g_autofree char *tail = read_log_tail (self);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 "pcscd did not answer as expected within %d ms (last: %s):\n%s", READY_TIMEOUT_MS,
                 pcsc_stringify_error (rv), tail);
  }
  return FALSE;
}

gboolean
kiosk_test_pcscd_start (KioskTestPcscd *self, KioskTestPcscdReaders readers, GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autofree char *pcscd = NULL;
  g_autofree char *config_dir = NULL;
  gboolean has_vpcd_readers = FALSE;
  int log_fd;

  g_return_val_if_fail (KIOSK_TEST_IS_PCSCD (self), FALSE);
  g_return_val_if_fail (self->process == NULL, FALSE);

  if (!kiosk_test_pcscd_in_namespace ())
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "not in a private namespace: run through tests/tools/in-pcsc-namespace");
      return FALSE;
    }
  if (probe_service (&has_vpcd_readers) == SCARD_S_SUCCESS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           "another pcscd already answers in this namespace");
      return FALSE;
    }
  if (!prepare_dir (self, error))
    return FALSE;

  pcscd = g_find_program_in_path ("pcscd");
  if (pcscd == NULL && g_file_test ("/usr/sbin/pcscd", G_FILE_TEST_IS_EXECUTABLE))
    pcscd = g_strdup ("/usr/sbin/pcscd");
  if (pcscd == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "pcscd is not installed (package pcscd)");
      return FALSE;
    }
  config_dir = g_build_filename (self->dir,
                                 readers == KIOSK_TEST_PCSCD_READERS_VPCD ? "vpcd" : "empty", NULL);

  /* Appended, so the log of every run of this daemon survives restarts. */
  log_fd = g_open (self->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "cannot open %s: %s",
                   self->log_path, g_strerror (saved_errno));
      return FALSE;
    }
  launcher = kiosk_test_process_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT
                                              | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_take_stdout_fd (launcher, log_fd);
  if (g_getenv ("KIOSK_TEST_PCSCD_DEBUG") != NULL)
    self->process = g_subprocess_launcher_spawn (launcher, error, pcscd, "-f", "-d", "-a", "-c",
                                                 config_dir, NULL);
  else
    self->process
        = g_subprocess_launcher_spawn (launcher, error, pcscd, "-f", "-c", config_dir, NULL);
  if (self->process == NULL)
    return FALSE;
  if (!wait_until_ready (self, readers, error))
    {
      kiosk_test_process_end (self->process, SIGKILL, STOP_TIMEOUT_MS);
      g_clear_object (&self->process);
      return FALSE;
    }
  return TRUE;
}

static gboolean
end_process (KioskTestPcscd *self, int signal_num, GError **error)
{
  gboolean clean;

  g_return_val_if_fail (KIOSK_TEST_IS_PCSCD (self), FALSE);
  if (self->process == NULL)
    return TRUE;
  clean = kiosk_test_process_end (self->process, signal_num, STOP_TIMEOUT_MS);
  g_clear_object (&self->process);
  if (!clean)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "pcscd did not exit within %d ms of signal %d; killed", STOP_TIMEOUT_MS,
                   signal_num);
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_test_pcscd_stop (KioskTestPcscd *self, GError **error)
{
  return end_process (self, SIGTERM, error);
}

gboolean
kiosk_test_pcscd_kill (KioskTestPcscd *self, GError **error)
{
  return end_process (self, SIGKILL, error);
}

gboolean
kiosk_test_pcscd_restart (KioskTestPcscd *self, KioskTestPcscdReaders readers, GError **error)
{
  if (!kiosk_test_pcscd_stop (self, error))
    return FALSE;
  return kiosk_test_pcscd_start (self, readers, error);
}

gboolean
kiosk_test_pcscd_is_running (KioskTestPcscd *self)
{
  g_return_val_if_fail (KIOSK_TEST_IS_PCSCD (self), FALSE);
  return self->process != NULL;
}

const char *
kiosk_test_pcscd_get_log_path (KioskTestPcscd *self)
{
  g_return_val_if_fail (KIOSK_TEST_IS_PCSCD (self), NULL);
  return self->log_path;
}
