/* kiosk-test-gate-transport.h: a transport for UI tests: the virtual reader, with a gate on
 * every command (to hold a read while a screen is looked at) and a "not a My Number card" mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-card-transport.h"
#include "kiosk-virtual-transport.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_TEST_GATE_TRANSPORT (kiosk_test_gate_transport_get_type ())
G_DECLARE_FINAL_TYPE (KioskTestGateTransport, kiosk_test_gate_transport, KIOSK, TEST_GATE_TRANSPORT,
                      KioskCardTransport)

/* Forwards everything to @inner (the reader's state, the card's answers). */
KioskTestGateTransport *kiosk_test_gate_transport_new (KioskVirtualTransport *inner);

/* While closed, every command waits in the worker's thread until the gate opens (or, as a
 * safety net for a broken test, 10 s pass). Thread-safe. */
void kiosk_test_gate_transport_set_open (KioskTestGateTransport *self, gboolean open);
/* TRUE: every command is answered 6A82 (file not found), as by a card that is not a My Number
 * card, without reaching the virtual card. */
void kiosk_test_gate_transport_set_foreign (KioskTestGateTransport *self, gboolean foreign);
/* How many commands are waiting at the gate now. */
guint kiosk_test_gate_transport_get_waiting (KioskTestGateTransport *self);

G_END_DECLS
