/* kiosk-test-process.h: child processes for the integration tests: spawned to die with the test,
 * waited for with a deadline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A launcher whose children get SIGKILL when the test process dies, so a crashed or timed-out
 * test leaves no pcscd or kiosk-vcard behind in its namespace. */
GSubprocessLauncher *kiosk_test_process_launcher_new (GSubprocessFlags flags);

/* Waits up to @timeout_ms for @process to exit (reaping it). Iterates a private main context
 * only, so no other source of the caller runs meanwhile. FALSE on timeout. */
gboolean kiosk_test_process_wait (GSubprocess *process, guint timeout_ms);

/* Sends @signal_num and waits up to @timeout_ms; then SIGKILL and waits again. FALSE when the
 * process had to be killed (or would not die at all). */
gboolean kiosk_test_process_end (GSubprocess *process, int signal_num, guint timeout_ms);

/* Deletes a temporary folder tree the test made (no symlink is followed). */
void kiosk_test_process_remove_tree (const char *path);

G_END_DECLS
