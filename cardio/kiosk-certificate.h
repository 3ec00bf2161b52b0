/* kiosk-certificate.h: an X.509 certificate read from the card, parsed with OpenSSL 3
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_VALIDITY_NOT_YET_VALID,
  KIOSK_VALIDITY_VALID,
  KIOSK_VALIDITY_EXPIRED,
} KioskValidity;

#define KIOSK_TYPE_CERTIFICATE (kiosk_certificate_get_type ())
G_DECLARE_FINAL_TYPE (KioskCertificate, kiosk_certificate, KIOSK, CERTIFICATE, GObject)

/* Parses DER; trailing bytes after the certificate are an error (MALFORMED). */
KioskCertificate *kiosk_certificate_new_from_der (GBytes *der, GError **error);

GBytes *kiosk_certificate_get_der (KioskCertificate *self);
GDateTime *kiosk_certificate_get_not_before (KioskCertificate *self); /* UTC, transfer none */
GDateTime *kiosk_certificate_get_not_after (KioskCertificate *self);  /* UTC, transfer none */
const char *kiosk_certificate_get_serial (KioskCertificate *self);    /* upper-case hex */
const char *kiosk_certificate_get_subject (KioskCertificate *self);   /* RFC 2253, UTF-8 */
const char *kiosk_certificate_get_issuer (KioskCertificate *self);    /* RFC 2253, UTF-8 */
KioskValidity kiosk_certificate_get_validity (KioskCertificate *self, GDateTime *now);

/* Checks a PKCS#1 v1.5 signature over a DigestInfo with the certificate's public key. */
gboolean kiosk_certificate_verify_digest_info (KioskCertificate *self, GBytes *digest_info,
                                               GBytes *signature, GError **error);

/* The OpenSSL X509 *, for other cardio code only (transfer none). */
gpointer _kiosk_certificate_get_x509 (KioskCertificate *self);

G_END_DECLS
