/* kiosk-receipt-payload.h: the receipt's QR payload: a versioned compact binary of the receipt's
 * fields, signed with the kiosk's Ed25519 key, in upper-case base32
 *
 * Layout of version 1 (big-endian), then 64 signature bytes over everything before them:
 *   version (1) | kiosk id length (1) + ASCII | Unix time (4) | sequence (2)
 *   | procedure << 4 | outcome (1) | reason (1) | language length (1) + ASCII
 *   | card reference length (1, 0 or 10) + bytes
 * About 92 bytes = 148 characters for a 4-character kiosk id and a 2-letter language: a
 * version-5 QR (37 modules) at error correction M.
 *
 * Why base32 (RFC 4648, no padding) rather than base45: every character (A–Z, 2–7) is in the
 * QR alphanumeric set, and unlike base45 it has no space, '$', '%' or '*', so staff can paste a
 * scanned payload into a shell or a keyboard-wedge scanner can type it without quoting or
 * mangling; it costs about 5% more characters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-receipt-key.h"
#include "kiosk-receipt.h"

G_BEGIN_DECLS

#define KIOSK_RECEIPT_PAYLOAD_VERSION 1

/* The unsigned binary fields of @receipt (transfer full). The location name is not carried. */
GBytes *kiosk_receipt_payload_pack (KioskReceipt *receipt, GError **error);
/* @body followed by its signature, base32-encoded (transfer full). */
char *kiosk_receipt_payload_seal (GBytes *body, KioskReceiptKey *key, GError **error);
/* pack + seal. */
char *kiosk_receipt_payload_encode (KioskReceipt *receipt, KioskReceiptKey *key, GError **error);

/* Decodes and verifies @payload against @key (a public key is enough): the signature first
 * (any changed byte: KIOSK_RECEIPT_ERROR_SIGNATURE), then the version, then the fields. The
 * receipt returned has no location name. */
KioskReceipt *kiosk_receipt_payload_decode (const char *payload, KioskReceiptKey *key,
                                            GError **error);

/* RFC 4648 base32, upper case, no padding (transfer full). */
char *kiosk_base32_encode (const guint8 *data, gsize size);
/* Accepts either case and no padding; NULL on any other character. */
GBytes *kiosk_base32_decode (const char *text);

G_END_DECLS
