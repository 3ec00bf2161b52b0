/* kiosk-card-management.h: the card management crypto shared by the card and the issuance service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project's own scheme (cardio/virtual/MANAGEMENT.md): each card holds
 * K_card = HMAC-SHA256(master, "madoguchi card management v1" || card id), and the issuance
 * service proves it knows K_card by answering the card's challenge with
 * HMAC-SHA256(K_card, challenge || session id). A real deployment supplies the real protocol.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_CARD_MANAGEMENT_MASTER_KEY_LENGTH 32
#define KIOSK_CARD_MANAGEMENT_CARD_ID_LENGTH 16
#define KIOSK_CARD_MANAGEMENT_KEY_LENGTH 32
#define KIOSK_CARD_MANAGEMENT_CHALLENGE_LENGTH 8
#define KIOSK_CARD_MANAGEMENT_CRYPTOGRAM_LENGTH 32
#define KIOSK_CARD_MANAGEMENT_SESSION_ID_MAX 64

/* K_card = HMAC-SHA256(key = @master_key (32 bytes), "madoguchi card management v1" || @card_id
 * (16 bytes)): 32 bytes. NULL (with a critical) when a length is wrong. */
GBytes *kiosk_card_management_derive_key (GBytes *master_key, GBytes *card_id);

/* HMAC-SHA256(key = @card_key (32 bytes), @card_challenge (8 bytes) || @session_id's ASCII bytes,
 * no terminator): 32 bytes. NULL (with a critical) when a length or the session id is invalid. */
GBytes *kiosk_card_management_cryptogram (GBytes *card_key, GBytes *card_challenge,
                                          const char *session_id);

/* A session id is 1–64 printable ASCII characters (0x20–0x7E). */
gboolean kiosk_card_management_session_id_is_valid (const char *session_id);
/* The same for @len bytes not necessarily NUL-terminated (as the card receives them). */
gboolean kiosk_card_management_session_id_bytes_are_valid (const guint8 *data, gsize len);

G_END_DECLS
