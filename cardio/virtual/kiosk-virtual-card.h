/* kiosk-virtual-card.h: a model of the My Number card's JPKI AP, faithful to jpki-card.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-card-profile.h"
#include "kiosk-test-ca.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_VIRTUAL_CARD (kiosk_virtual_card_get_type ())
G_DECLARE_FINAL_TYPE (KioskVirtualCard, kiosk_virtual_card, KIOSK, VIRTUAL_CARD, GObject)

/* Builds the card a profile describes: certificates issued by @ca with the profile's dates,
 * PINs and counters. @now is not used (the profile resolved its relative dates when it was
 * loaded) and may be NULL. The card's methods are thread-safe (the in-process transport resets
 * a card on the main thread while the worker may talk to it). */
KioskVirtualCard *kiosk_virtual_card_new (KioskCardProfile *profile, KioskTestCa *ca,
                                          GDateTime *now, GError **error);

KioskCardProfile *kiosk_virtual_card_get_profile (KioskVirtualCard *self);
GBytes *kiosk_virtual_card_get_atr (KioskVirtualCard *self);

/* Power cycle (or warm reset): the security state and the current DF/EF are cleared; counters
 * are kept (they live in the card's EEPROM). Also restarts the count of APDUs that pull-at-apdu
 * watches, and puts a pulled card back (a transport calls this when a card is inserted). */
void kiosk_virtual_card_reset (KioskVirtualCard *self);

/* Processes one command APDU and returns the response with its status word. Sleeps the profile's
 * apdu-latency-ms first. When the profile's pull-at-apdu fault fires, returns NULL and sets
 * *pulled: the command got no answer and the card counts as taken out — every later APDU gets
 * the same until kiosk_virtual_card_reset() (re-insertion). The fault fires once per card object:
 * put back in, the card works (as for a resident who pulled it too early); make a new card to
 * see the fault again. @pulled may be NULL. Thread-safe. */
GBytes *kiosk_virtual_card_process (KioskVirtualCard *self, const guint8 *command,
                                    gsize command_len, gboolean *pulled);

/* Counts APDUs received since creation: the one the card was pulled at included, none while it
 * is out (for tests). */
guint kiosk_virtual_card_get_apdu_count (KioskVirtualCard *self);

/* The DER certificates the card holds (NULL when absent), for tests. */
GBytes *kiosk_virtual_card_get_auth_certificate (KioskVirtualCard *self);
GBytes *kiosk_virtual_card_get_sign_certificate (KioskVirtualCard *self);

/* The 16-byte card management id GET DATA 00 CA 01 01 answers (MANAGEMENT.md): the first 16
 * bytes of SHA-256("madoguchi virtual card " || profile name). Transfer none. */
GBytes *kiosk_virtual_card_get_card_id (KioskVirtualCard *self);
/* Whether a valid EXTERNAL AUTHENTICATE opened the management state (for tests). */
gboolean kiosk_virtual_card_is_managing (KioskVirtualCard *self);

G_END_DECLS
