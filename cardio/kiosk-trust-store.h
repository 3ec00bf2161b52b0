/* kiosk-trust-store.h: the configured trust anchors card certificates are checked against
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-certificate.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_TRUST_STORE (kiosk_trust_store_get_type ())
G_DECLARE_FINAL_TYPE (KioskTrustStore, kiosk_trust_store, KIOSK, TRUST_STORE, GObject)

KioskTrustStore *kiosk_trust_store_new (void);
/* Adds every certificate of a PEM or DER file, or of every *.pem / *.cer / *.der file in a
 * folder. An unreadable or empty source is an error naming it. */
gboolean kiosk_trust_store_add_path (KioskTrustStore *self, const char *path, GError **error);
guint kiosk_trust_store_get_count (KioskTrustStore *self);

/* TRUE when @cert chains to an anchor. Time is not checked (an expired card must show as
 * expired, not as untrusted); the CA certificate on the card itself is never used. On FALSE,
 * @error says why (OpenSSL's verify message). */
gboolean kiosk_trust_store_verify (KioskTrustStore *self, KioskCertificate *cert, GError **error);

G_END_DECLS
