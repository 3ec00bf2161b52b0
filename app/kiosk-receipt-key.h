/* kiosk-receipt-key.h: the kiosk's Ed25519 receipt key: the private half signs on the kiosk,
 * the exported public half verifies on any staff machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KIOSK_RECEIPT_ERROR (kiosk_receipt_error_quark ())
GQuark kiosk_receipt_error_quark (void);

typedef enum
{
  KIOSK_RECEIPT_ERROR_KEY,       /* a key file is missing, unreadable or not Ed25519 */
  KIOSK_RECEIPT_ERROR_MALFORMED, /* not a payload at all (bad encoding, too short) */
  KIOSK_RECEIPT_ERROR_SIGNATURE, /* the signature does not match this key: changed or foreign */
  KIOSK_RECEIPT_ERROR_VERSION,   /* signed, but a payload version this program cannot read */
  KIOSK_RECEIPT_ERROR_FIELD,     /* a field cannot be carried (e.g. sequence above 65535) */
} KioskReceiptError;

#define KIOSK_RECEIPT_SIGNATURE_SIZE 64

#define KIOSK_TYPE_RECEIPT_KEY (kiosk_receipt_key_get_type ())
G_DECLARE_FINAL_TYPE (KioskReceiptKey, kiosk_receipt_key, KIOSK, RECEIPT_KEY, GObject)

KioskReceiptKey *kiosk_receipt_key_generate (GError **error);
/* A PEM file: a private key (PKCS#8) or a public key (SubjectPublicKeyInfo). */
KioskReceiptKey *kiosk_receipt_key_load (const char *path, GError **error);
gboolean kiosk_receipt_key_has_private (KioskReceiptKey *self);

/* Writes DIR/kiosk.key (mode 0600, fsync'd) and DIR/kiosk.pub (0644); refuses to overwrite an
 * existing kiosk.key (a lost key makes every printed receipt unverifiable). */
gboolean kiosk_receipt_key_save (KioskReceiptKey *self, const char *dir, GError **error);
/* The public key as PEM (transfer full). */
char *kiosk_receipt_key_dup_public_pem (KioskReceiptKey *self);

/* A 64-byte Ed25519 signature (needs the private key). */
GBytes *kiosk_receipt_key_sign (KioskReceiptKey *self, GBytes *message, GError **error);
gboolean kiosk_receipt_key_verify (KioskReceiptKey *self, GBytes *message, GBytes *signature);

G_END_DECLS
