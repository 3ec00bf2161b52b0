/* kiosk-test-integration.h: what the integration tests and the benchmark share: where the
 * cards and the test CA are, a trust configuration, bounded main-loop waits, the protocol
 * minimum of a status read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-config.h"
#include "kiosk-trust-store.h"

G_BEGIN_DECLS

/* The card profiles folder: env KIOSK_CARDS_DIR, else the source tree's assets/cards. */
const char *kiosk_test_cards_dir (void);
/* The test CA folder: env KIOSK_TEST_CA_DIR, else the build tree's. */
const char *kiosk_test_ca_dir (void);

/* The test CA's two certificates, as a kiosk configured to trust them has them. */
KioskTrustStore *kiosk_test_trust_store_new (GError **error);
/* Defaults, with the test CA as trust anchors and @reader_filter (NULL: the default, empty). */
KioskConfig *kiosk_test_config_new (const char *reader_filter, GError **error);

typedef gboolean (*KioskTestCheck) (gpointer user_data);

/* Runs the default main context until @check is TRUE or @timeout_ms passes; FALSE on timeout.
 * @check runs after every dispatch and at least every 20 ms. */
gboolean kiosk_test_wait_for (KioskTestCheck check, gpointer user_data, guint timeout_ms);
/* Runs the default main context for @ms, whatever happens. */
void kiosk_test_run_for (guint ms);

/* The fewest APDUs a status read can take (jpki-card.md §3): SELECT AP, SELECT + READ of the
 * token, SELECT 000A and ⌈@cert_len/256⌉ READ BINARYs (one that answers 6B00 when the EF is
 * empty), SELECT 0018 + empty VERIFY, SELECT 001B and, when the card has that EF, an empty
 * VERIFY. */
guint kiosk_test_status_read_minimum (gsize cert_len, gboolean has_sign_password);

/* When the process is not inside tests/tools/in-pcsc-namespace, prints a TAP plan that skips
 * everything and returns FALSE: the caller then exits 0 (or 1 under CI=true, where a skip
 * would hide a broken set-up). */
gboolean kiosk_test_require_namespace (void);

G_END_DECLS
