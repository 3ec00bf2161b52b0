/* kiosk-demo-cards.h: the demo's card drawer: virtual cards by profile, into and out of the reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-clock.h"
#include "kiosk-test-ca.h"
#include "kiosk-virtual-transport.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_DEMO_CARDS (kiosk_demo_cards_get_type ())
G_DECLARE_FINAL_TYPE (KioskDemoCards, kiosk_demo_cards, KIOSK, DEMO_CARDS, GObject)

/**
 * KioskDemoCards:
 *
 * The one place the demo (panel and smoke mode) touches the in-process virtual reader. Each
 * profile's card is made the first time it is inserted and then kept for the session, so its
 * PIN counters persist across remove and insert, as a real card's do. Making a card only signs
 * two certificates with pre-made keys: quick enough for the main loop.
 */
KioskDemoCards *kiosk_demo_cards_new (KioskVirtualTransport *transport, const char *cards_dir,
                                      KioskTestCa *test_ca, KioskClock *clock, GError **error);

/* $KIOSK_CARDS_DIR, else the source tree's assets/cards, else the installed one. */
const char *kiosk_demo_cards_default_cards_dir (void);
/* $KIOSK_TEST_CA_DIR, else the build tree's test CA. */
const char *kiosk_demo_cards_default_test_ca_dir (void);
/* The J-LIS anchors: the source tree's assets/jpki-ca, else the installed one. */
const char *kiosk_demo_cards_default_jpki_ca_dir (void);

/* Sorted profile names. */
const char *const *kiosk_demo_cards_get_names (KioskDemoCards *self);
/* The profile's description (NULL if @name is not a profile or does not load). */
const char *kiosk_demo_cards_get_description (KioskDemoCards *self, const char *name);

gboolean kiosk_demo_cards_insert (KioskDemoCards *self, const char *name, GError **error);
void kiosk_demo_cards_remove (KioskDemoCards *self);
void kiosk_demo_cards_set_reader_present (KioskDemoCards *self, gboolean present);
gboolean kiosk_demo_cards_get_reader_present (KioskDemoCards *self);
/* The profile name of the card in the reader now (transfer full; NULL when empty). A card
 * pulled by its profile's fault is not in the reader any more. */
char *kiosk_demo_cards_dup_inserted (KioskDemoCards *self);

KioskVirtualTransport *kiosk_demo_cards_get_transport (KioskDemoCards *self);

G_END_DECLS
