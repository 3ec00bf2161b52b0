/* kiosk-test-vcard.h: kiosk-vcard (the virtual card behind vpcd) run as the test's own child
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KIOSK_TEST_TYPE_VCARD (kiosk_test_vcard_get_type ())
G_DECLARE_FINAL_TYPE (KioskTestVcard, kiosk_test_vcard, KIOSK_TEST, VCARD, GObject)

/**
 * KioskTestVcard:
 *
 * Runs `kiosk-vcard PROFILE --cards-dir DIR --test-ca DIR` with pipes on stdin (commands) and
 * stdout (one event line each). A thread reads the events as they come, so the pipe never fills
 * and a wait can give up on time. The program is found through the env variable KIOSK_VCARD, else
 * the path the build compiled in. Every wait is bounded; disposing sends `quit`, then kills.
 */
KioskTestVcard *kiosk_test_vcard_new (const char *profile, const char *cards_dir);

/* Spawns the program and waits for it to say it is ready. */
gboolean kiosk_test_vcard_start (KioskTestVcard *self, GError **error);
/* Writes one command line (`insert [PROFILE]`, `remove`, `quit`). */
gboolean kiosk_test_vcard_send (KioskTestVcard *self, const char *command, GError **error);
/* Returns the next event line starting with @prefix (transfer full), skipping others (they are
 * kept for kiosk_test_vcard_get_history). An `error` line or the program ending fails the wait,
 * so does @timeout_ms passing. */
char *kiosk_test_vcard_wait_for_event (KioskTestVcard *self, const char *prefix, guint timeout_ms,
                                       GError **error);
/* Forgets the events not waited for yet (e.g. the repeated reconnections of a restart). */
void kiosk_test_vcard_drain (KioskTestVcard *self);

/* `insert [PROFILE]` (NULL: the profile given at creation) and wait for `inserted`. */
gboolean kiosk_test_vcard_insert (KioskTestVcard *self, const char *profile, GError **error);
/* `remove` and wait for `removed`. */
gboolean kiosk_test_vcard_remove (KioskTestVcard *self, GError **error);
/* `quit`, wait for the exit, kill when it takes too long. */
void kiosk_test_vcard_stop (KioskTestVcard *self);

/* Every line the program printed so far, one per line (transfer full). */
char *kiosk_test_vcard_get_history (KioskTestVcard *self);

G_END_DECLS
