/* kiosk-test-pcscd.h: a real pcscd run as the test's own child, stopped, killed and restarted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Which readers the daemon is configured with. */
typedef enum
{
  KIOSK_TEST_PCSCD_READERS_VPCD, /* vsmartcard's vpcd: "Virtual PCD 00 00" (TCP 35963) and "00 01"
                                  */
  KIOSK_TEST_PCSCD_READERS_NONE, /* an empty configuration folder: the service runs, no reader */
} KioskTestPcscdReaders;

#define KIOSK_TEST_TYPE_PCSCD (kiosk_test_pcscd_get_type ())
G_DECLARE_FINAL_TYPE (KioskTestPcscd, kiosk_test_pcscd, KIOSK_TEST, PCSCD, GObject)

/**
 * KioskTestPcscd:
 *
 * `pcscd -f -c DIR` as a child process (never a daemonised pcscd: this sandbox reaps a daemon
 * late and the next one refuses to start), with DIR a private folder in a temporary directory
 * holding either a copy of /etc/reader.conf.d/vpcd or nothing. Its output goes to a log file in
 * that directory. Only use it inside tests/tools/in-pcsc-namespace: the daemon's socket and the
 * vpcd ports are fixed, so outside a namespace it would clash with (or stand in for) the
 * machine's own pcscd. Every wait is bounded; disposing kills a daemon still running.
 */
KioskTestPcscd *kiosk_test_pcscd_new (void);

/* Starts the daemon and waits (bounded) until it answers SCardEstablishContext and lists its
 * readers: the vpcd readers, or none. Fails if a pcscd already answers. */
gboolean kiosk_test_pcscd_start (KioskTestPcscd *self, KioskTestPcscdReaders readers,
                                 GError **error);
/* SIGTERM and wait for it to exit; SIGKILL if it has not after a few seconds. */
gboolean kiosk_test_pcscd_stop (KioskTestPcscd *self, GError **error);
/* SIGKILL and wait: the daemon leaves its socket and pid file behind, as after a crash. */
gboolean kiosk_test_pcscd_kill (KioskTestPcscd *self, GError **error);
/* stop, then start with @readers. */
gboolean kiosk_test_pcscd_restart (KioskTestPcscd *self, KioskTestPcscdReaders readers,
                                   GError **error);

gboolean kiosk_test_pcscd_is_running (KioskTestPcscd *self);
/* The daemon's stdout and stderr, all runs appended (for failure messages). */
const char *kiosk_test_pcscd_get_log_path (KioskTestPcscd *self);

/* TRUE when the process runs where tests/tools/in-pcsc-namespace put it (it exports a marker),
 * so the tests may start a pcscd of their own. */
gboolean kiosk_test_pcscd_in_namespace (void);

G_END_DECLS
