/* kiosk-test-ca.h: the test CA (auth + sign) made at build time, and issuing user certificates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "kiosk-card-profile.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_TEST_CA (kiosk_test_ca_get_type ())
G_DECLARE_FINAL_TYPE (KioskTestCa, kiosk_test_ca, KIOSK, TEST_CA, GObject)

typedef enum
{
  KIOSK_TEST_CA_ROLE_AUTH, /* user authentication (利用者証明用): EF 000A, key 0017 */
  KIOSK_TEST_CA_ROLE_SIGN, /* digital signature (署名用): EF 0001, key 001A */
} KioskTestCaRole;

/* Loads the CA the build made in @dir (KIOSK_TEST_CA_DIR): auth-ca.pem/.key, sign-ca.pem/.key, a
 * pool of pre-made RSA-2048 user keys user-key-NN.pem (key generation is too slow to do per
 * card) and the card management master key management-master.key. */
KioskTestCa *kiosk_test_ca_load (const char *dir, GError **error);

/* DER of the self-signed CA certificates, as the card holds them in 000B and 0002. */
GBytes *kiosk_test_ca_get_auth_ca_der (KioskTestCa *self);
GBytes *kiosk_test_ca_get_sign_ca_der (KioskTestCa *self);
/* PEM paths of the CA certificates, to give a trust store. */
const char *kiosk_test_ca_get_auth_ca_path (KioskTestCa *self);
const char *kiosk_test_ca_get_sign_ca_path (KioskTestCa *self);

/* The CA's private key and certificate of @role, to issue certificates with the same CA (the
 * issuance simulator: renewed certificates chain to the same trust anchors). Transfer none. */
EVP_PKEY *kiosk_test_ca_get_ca_key (KioskTestCa *self, KioskTestCaRole role);
X509 *kiosk_test_ca_get_ca_certificate (KioskTestCa *self, KioskTestCaRole role);

/* The 32-byte card management master key (management-master.key, raw): every virtual card's
 * management key derives from it (kiosk_card_management_derive_key, MANAGEMENT.md). */
GBytes *kiosk_test_ca_get_management_master_key (KioskTestCa *self);

guint kiosk_test_ca_get_user_key_count (KioskTestCa *self);
/* A key of the pool chosen from @seed (the profile name) and @role: the same profile always gets
 * the same keys, and its two roles never share one. Transfer none. */
EVP_PKEY *kiosk_test_ca_pick_user_key (KioskTestCa *self, const char *seed, KioskTestCaRole role);

/* Issues the user certificate of @role for @profile's holder and dates, binding @key (DER,
 * sha256WithRSA, deterministic serial per profile and dates):
 * - auth: subject C=JP, CN=<20-character opaque id from the profile name>, policy
 *   1.2.392.200149.8.5.1.3.30, keyUsage digitalSignature;
 * - sign: subject C=JP, L=<prefecture>, L=<city>, CN=<YYYYMMDDhhmmss><5-digit seq><9-char id>,
 *   policy 1.2.392.200149.8.5.1.1.20, keyUsage digitalSignature + nonRepudiation, and the holder
 *   in subjectAltName otherNames 1.2.392.200149.8.5.5.1-.6 ([0] EXPLICIT UTF8String).
 * Valid from the issued date 00:00 JST to the expiry date (kiosk_test_ca_compute_expiry)
 * 23:59:59 JST. */
GBytes *kiosk_test_ca_issue_certificate (KioskTestCa *self, KioskTestCaRole role,
                                         KioskCardProfile *profile, EVP_PKEY *key, GError **error);

/* The JPKI validity rule: the 5th birthday strictly after @issued (issued on the birthday itself:
 * five full years); born on 29 February, the birthday is 28 February in common years. */
void kiosk_test_ca_compute_expiry (const GDate *birth_date, const GDate *issued, GDate *expiry);

/* Date of birth as the sign certificate carries it: era digit + Gregorian YYYYMMDD
 * (1 Meiji, 2 Taisho, 3 Showa, 4 Heisei, 5 Reiwa), e.g. "419900102". */
char *kiosk_test_ca_format_birth_date (const GDate *birth_date);

G_END_DECLS
