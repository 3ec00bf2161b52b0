/* kiosk-test-files.h: where the tests find the card profiles and the test CA, and the temporary
 * folders they make: one copy for every test that drives the kiosk on the virtual card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The shipped card profiles: env KIOSK_CARDS_DIR, else the source tree's assets/cards. */
const char *kiosk_test_files_cards_dir (void);
/* The test CA made at build time: env KIOSK_TEST_CA_DIR, else the build tree's. */
const char *kiosk_test_files_ca_dir (void);

/* Removes @path and everything below it (the test's own temporary folders only). */
void kiosk_test_files_remove_tree (const char *path);

/* Writes @dir/@to.card: the shipped profile @from with @extra (key lines, a group) appended, so
 * a test has a resident with a fault or a fact of its own. Aborts the test on failure. */
void kiosk_test_files_write_profile (const char *dir, const char *to, const char *from,
                                     const char *extra);

G_END_DECLS
