/* kiosk-jpki.h: the JPKI AP protocol of the My Number card (jpki-card.md §3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-card-transport.h"
#include "kiosk-secret.h"

G_BEGIN_DECLS

/* The two secrets of the JPKI AP and the key and certificate each one guards. */
typedef enum
{
  KIOSK_JPKI_AUTH, /* 4-digit PIN EF 0018, key 0017, certificate 000A */
  KIOSK_JPKI_SIGN, /* sign password EF 001B, key 001A, certificate 0001 */
} KioskJpkiSecret;

/* Elementary files of the JPKI AP */
#define KIOSK_JPKI_EF_TOKEN 0x0006
#define KIOSK_JPKI_EF_AUTH_CERT 0x000A
#define KIOSK_JPKI_EF_AUTH_CA 0x000B
#define KIOSK_JPKI_EF_SIGN_CERT 0x0001
#define KIOSK_JPKI_EF_SIGN_CA 0x0002
#define KIOSK_JPKI_EF_AUTH_KEY 0x0017
#define KIOSK_JPKI_EF_AUTH_PIN 0x0018
#define KIOSK_JPKI_EF_SIGN_KEY 0x001A
#define KIOSK_JPKI_EF_SIGN_PIN 0x001B

extern const guint8 kiosk_jpki_aid[10];

/* All of these run on the card worker's thread and block. Each one is a few APDUs; @cancellable
 * is checked between APDUs. Status words become KIOSK_CARD_ERROR codes. */
gboolean kiosk_jpki_select_ap (KioskCardTransport *t, GCancellable *cancellable, GError **error);
gboolean kiosk_jpki_select_ef (KioskCardTransport *t, guint16 fid, GCancellable *cancellable,
                               GError **error);
/* Reads EF 0006 and checks it is a My Number card's token (NOT_JPKI otherwise). */
gboolean kiosk_jpki_check_token (KioskCardTransport *t, GCancellable *cancellable, GError **error);
/* SELECTs a certificate EF and reads it whole in ⌈length/256⌉ READ BINARYs (the first read's
 * DER header gives the length). An EF with no certificate gives END_OF_FILE. */
GBytes *kiosk_jpki_read_certificate (KioskCardTransport *t, guint16 fid, GCancellable *cancellable,
                                     GError **error);
/* SELECT PIN EF + empty VERIFY: the tries left, without spending one. A card without the sign
 * password EF gives NOT_FOUND. */
gboolean kiosk_jpki_get_tries_left (KioskCardTransport *t, KioskJpkiSecret which, guint *tries_left,
                                    GCancellable *cancellable, GError **error);
/* SELECT PIN EF + VERIFY. On WRONG_PIN, *tries_left says what is left; BLOCKED when none. */
gboolean kiosk_jpki_verify (KioskCardTransport *t, KioskJpkiSecret which, KioskSecret *secret,
                            guint *tries_left, GCancellable *cancellable, GError **error);
/* CHANGE REFERENCE DATA (P1=01, new data only) on the PIN EF, after a VERIFY of the same. Selects
 * the PIN EF first, so it is safe whatever ran since the VERIFY. */
gboolean kiosk_jpki_change (KioskCardTransport *t, KioskJpkiSecret which, KioskSecret *new_secret,
                            GCancellable *cancellable, GError **error);
/* SELECT PIN EF + VERIFY @current + CHANGE REFERENCE DATA to @new_secret: the protocol minimum
 * (the EF stays selected between the two). On WRONG_PIN, *tries_left says what is left. */
gboolean kiosk_jpki_verify_and_change (KioskCardTransport *t, KioskJpkiSecret which,
                                       KioskSecret *current, KioskSecret *new_secret,
                                       guint *tries_left, GCancellable *cancellable,
                                       GError **error);
/* SELECT key EF + COMPUTE DIGITAL SIGNATURE over a DER DigestInfo; returns the 256-byte signature.
 */
GBytes *kiosk_jpki_sign (KioskCardTransport *t, KioskJpkiSecret which, GBytes *digest_info,
                         GCancellable *cancellable, GError **error);

/* --- Card management: the project's own commands (cardio/virtual/MANAGEMENT.md) ---------------
 * Status words map as everywhere: 6982 (no management state, a bad cryptogram) gives
 * SECURITY_NOT_SATISFIED, 6700 WRONG_LENGTH, 6985 (ACTIVATE with a key/certificate mismatch) and
 * the rest COMMAND_FAILED with the status word in the message. */

/* GET DATA 00 CA 01 01: the card's 16-byte management id (no PIN needed). */
GBytes *kiosk_jpki_get_card_id (KioskCardTransport *t, GCancellable *cancellable, GError **error);
/* GET CHALLENGE: 8 bytes, spent by the card's next command whatever it is. */
GBytes *kiosk_jpki_get_challenge (KioskCardTransport *t, GCancellable *cancellable, GError **error);
/* EXTERNAL AUTHENTICATE with the service's 32-byte cryptogram over the last challenge and
 * @session_id (1–64 printable ASCII characters): opens the management state. */
gboolean kiosk_jpki_external_authenticate (KioskCardTransport *t, const char *session_id,
                                           GBytes *cryptogram, GCancellable *cancellable,
                                           GError **error);
/* GENERATE KEY PAIR for @which's key EF: the 256-byte modulus (e = 65537) of the new, pending key.
 */
GBytes *kiosk_jpki_generate_key_pair (KioskCardTransport *t, KioskJpkiSecret which,
                                      GCancellable *cancellable, GError **error);
/* SELECT @fid + UPDATE BINARY of @content (at most 4096 bytes) in chunks of at most 255 bytes,
 * into the EF's pending content. */
gboolean kiosk_jpki_write_ef (KioskCardTransport *t, guint16 fid, GBytes *content,
                              GCancellable *cancellable, GError **error);
/* ACTIVATE: every pending key and certificate becomes active at once. */
gboolean kiosk_jpki_activate (KioskCardTransport *t, GCancellable *cancellable, GError **error);
/* SELECT PIN EF + CHANGE REFERENCE DATA in the management state: no VERIFY needed, the counter
 * goes back to its maximum (also on a blocked PIN). */
gboolean kiosk_jpki_set_secret (KioskCardTransport *t, KioskJpkiSecret which,
                                KioskSecret *new_secret, GCancellable *cancellable, GError **error);

/* A SHA-256 DigestInfo over @data (for the card to sign). */
GBytes *kiosk_jpki_sha256_digest_info (const guint8 *data, gsize len);

G_END_DECLS
