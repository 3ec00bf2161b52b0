/* issuance-test-util.h: shared helpers of the issuance tests (test CA, cards, waiting)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "kiosk-card-profile.h"
#include "kiosk-issuance-service.h"
#include "kiosk-test-ca.h"

G_BEGIN_DECLS

/* KIOSK_TEST_CA_DIR / KIOSK_CARDS_DIR or the build's defaults. */
const char *issuance_test_ca_dir (void);
const char *issuance_test_cards_dir (void);

/* The fixed "now" of the tests: 2026-11-25 10:00 JST. */
GDateTime *issuance_test_now (void);

/* Waits (bounded: fails the test after 20 s) for an async call to complete. */
GAsyncResult *issuance_test_wait (GAsyncResult **slot);
void issuance_test_store_result (GObject *source, GAsyncResult *result, gpointer user_data);

/* A folder of residents: the named profiles copied from the repository's cards, plus
 * adult-ward.card and revoked.card (valid cards with those [resident] facts). Returns the
 * folder (rm -r it with issuance_test_remove_tree). */
char *issuance_test_make_cards_dir (void);
void issuance_test_remove_tree (const char *dir);

/* The card of profile @name as the virtual card holds it: its auth certificate (DER) and key. */
GBytes *issuance_test_auth_certificate (KioskTestCa *ca, const char *cards_dir, const char *name);
EVP_PKEY *issuance_test_auth_key (KioskTestCa *ca, const char *name); /* transfer none */
/* RSA PKCS#1 v1.5 SHA-256 signature of @data with @key. */
GBytes *issuance_test_sign (EVP_PKEY *key, GBytes *data);
/* The 256-byte modulus of a pool key (a "newly generated" key for the tests). */
GBytes *issuance_test_modulus (EVP_PKEY *key);
/* The card id of the virtual card of @name (MANAGEMENT.md). */
GBytes *issuance_test_card_id (const char *name);

X509 *issuance_test_parse (GBytes *der);
/* Whether @der was signed by the CA certificate @ca_der. */
gboolean issuance_test_chains_to (GBytes *der, GBytes *ca_der);
/* Seconds since the epoch of the certificate's notBefore / notAfter. */
gint64 issuance_test_not_before (GBytes *der);
gint64 issuance_test_not_after (GBytes *der);
/* The subject's CN. */
char *issuance_test_common_name (GBytes *der);
/* Whether the certificate's public key has modulus @modulus. */
gboolean issuance_test_has_modulus (GBytes *der, GBytes *modulus);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)

G_END_DECLS
