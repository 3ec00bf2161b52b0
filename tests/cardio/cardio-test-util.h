/* cardio-test-util.h: virtual cards, trust stores and a scriptable transport for the cardio tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-card-transport.h"
#include "kiosk-trust-store.h"
#include "kiosk-virtual-card.h"

G_BEGIN_DECLS

const char *cardio_test_cards_dir (void);
const char *cardio_test_ca_dir (void);
const char *cardio_test_jpki_ca_dir (void);

/* The build's test CA, loaded once (transfer none). */
KioskTestCa *cardio_test_get_ca (void);

/* A fresh card from a shipped profile (assets/cards/NAME.card). */
KioskVirtualCard *cardio_test_card_new (const char *profile_name);
/* A fresh card from a profile written on the fly ("[card]\n" is prepended). */
KioskVirtualCard *cardio_test_card_new_from_keys (const char *keys);

/* A store with the test CA's two anchors and/or the J-LIS anchors. */
KioskTrustStore *cardio_test_trust_store_new (gboolean test_ca, gboolean jlis);

/* Builds a response: @data then SW1 SW2. */
GBytes *cardio_test_response (const guint8 *data, gsize len, guint16 sw);

/*
 * TestTransport: a transport whose answers come from a function (a scripted card) or from a
 * KioskVirtualCard called directly, and that records every command sent.
 */
typedef GBytes *(*TestResponder) (const guint8 *command, gsize command_len, gpointer user_data,
                                  GError **error);

#define TEST_TYPE_TRANSPORT (test_transport_get_type ())
G_DECLARE_FINAL_TYPE (TestTransport, test_transport, TEST, TRANSPORT, KioskCardTransport)

TestTransport *test_transport_new (TestResponder responder, gpointer user_data);
TestTransport *test_transport_new_for_card (KioskVirtualCard *card);
/* Every command transmitted so far (GBytes), in order. */
GPtrArray *test_transport_get_commands (TestTransport *self);
/* Asserts command @index equals the hex string @hex (spaces ignored). */
void test_transport_assert_command (TestTransport *self, guint index, const char *hex);

G_END_DECLS
