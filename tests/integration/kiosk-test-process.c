/* kiosk-test-process.c: child processes for the integration tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-test-process.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocessLauncher *
kiosk_test_process_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

static void
on_waited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static gboolean
on_deadline (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
kiosk_test_process_wait (GSubprocess *process, guint timeout_ms)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GSource) deadline = g_timeout_source_new (timeout_ms);
  gboolean done = FALSE;
  gboolean expired = FALSE;

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (process, cancellable, on_waited, &done);
  g_source_set_callback (deadline, on_deadline, &expired, NULL);
  g_source_attach (deadline, context);
  while (!done && !expired)
    g_main_context_iteration (context, TRUE);
  if (!done)
    {
      /* The callback holds pointers into this frame: let it run (cancelled) before returning. */
      g_cancellable_cancel (cancellable);
      while (!done)
        g_main_context_iteration (context, TRUE);
    }
  g_source_destroy (deadline);
  g_main_context_pop_thread_default (context);
  return !expired || g_subprocess_get_identifier (process) == NULL;
}

gboolean
kiosk_test_process_end (GSubprocess *process, int signal_num, guint timeout_ms)
{
  if (g_subprocess_get_identifier (process) == NULL)
    return TRUE; /* already reaped */
  g_subprocess_send_signal (process, signal_num);
  if (kiosk_test_process_wait (process, timeout_ms))
    return TRUE;
  g_subprocess_force_exit (process);
  kiosk_test_process_wait (process, 5000);
  return FALSE;
}

void
kiosk_test_process_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          kiosk_test_process_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}
