/* kiosk-test-cards.h: shared helpers of the virtual-card tests (profiles, cards, APDUs)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <openssl/x509.h>

#include "kiosk-card-profile.h"
#include "kiosk-test-ca.h"
#include "kiosk-virtual-card.h"

G_BEGIN_DECLS

/* $KIOSK_CARDS_DIR, else the source tree's assets/cards. */
const char *kiosk_test_cards_dir (void);
/* $KIOSK_TEST_CA_DIR, else the build's test CA. */
const char *kiosk_test_ca_dir (void);
/* The build's test CA, loaded once per test program (transfer none). */
KioskTestCa *kiosk_test_cards_get_ca (void);

KioskCardProfile *kiosk_test_cards_load_profile (const char *name);
/* A card made from a shipped profile. */
KioskVirtualCard *kiosk_test_cards_new_card (const char *name);
/* Writes @text to a fresh temporary NAME.card and returns its path (the folder is removed at
 * exit). */
char *kiosk_test_cards_write_profile (const char *name, const char *text);
/* A card made from a temporary profile holding @text. */
KioskVirtualCard *kiosk_test_cards_new_card_from_text (const char *name, const char *text);

/* @hex: an APDU as hex digits, spaces allowed ("00 A4 04 0C 0A D3…"). */
GBytes *kiosk_test_hex (const char *hex);
/* Sends @hex and returns the whole response (NULL if the card was pulled). */
GBytes *kiosk_test_send (KioskVirtualCard *card, const char *hex);
/* Sends @hex and returns the status word (fails the test if the card was pulled). */
guint16 kiosk_test_sw (KioskVirtualCard *card, const char *hex);
guint16 kiosk_test_sw_bytes (KioskVirtualCard *card, const guint8 *apdu, gsize len);
guint16 kiosk_test_response_sw (GBytes *response);

#define KIOSK_TEST_SELECT_JPKI "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"

/* SELECT JPKI AP, SELECT @fid (e.g. "00 18"), asserting 9000 for both. */
void kiosk_test_select_ef (KioskVirtualCard *card, const char *fid);
/* SELECT JPKI AP + PIN EF, then VERIFY @pin; returns VERIFY's status word. */
guint16 kiosk_test_verify (KioskVirtualCard *card, const char *pin_fid, const char *pin);
/* Reads the current EF whole, 256 bytes at a time, as clients do (asserts 9000 for each). */
GBytes *kiosk_test_read_whole (KioskVirtualCard *card, gsize size);

X509 *kiosk_test_parse_certificate (GBytes *der);

#define kiosk_assert_sw(card, hex, expected)                                                       \
  G_STMT_START                                                                                     \
  {                                                                                                \
    guint16 _sw = kiosk_test_sw ((card), (hex));                                                   \
    if (_sw != (expected))                                                                         \
      {                                                                                            \
        g_autofree char *_message                                                                  \
            = g_strdup_printf ("%s → SW %04X, expected %04X", (hex), _sw, (guint)(expected));      \
        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, _message);               \
      }                                                                                            \
  }                                                                                                \
  G_STMT_END

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)

G_END_DECLS
