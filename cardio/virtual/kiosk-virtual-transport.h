/* kiosk-virtual-transport.h: the in-process virtual card as a transport (unit tests and demo)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-card-transport.h"
#include "kiosk-virtual-card.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_VIRTUAL_TRANSPORT (kiosk_virtual_transport_get_type ())
G_DECLARE_FINAL_TYPE (KioskVirtualTransport, kiosk_virtual_transport, KIOSK, VIRTUAL_TRANSPORT,
                      KioskCardTransport)

/* One virtual reader named "Madoguchi Virtual Reader", plugged in and empty.
 *
 * Behaviour worth knowing: insert() powers the card up (kiosk_virtual_card_reset); connect()
 * does not reset (a verified PIN survives a disconnect without reset, as with PC/SC's
 * LEAVE_CARD); a pull-at-apdu fault or a remove() during a command makes transmit() fail with
 * KIOSK_CARD_ERROR_REMOVED and the reader EMPTY; interrupt() is sticky (one that comes while no
 * one waits makes the next wait_for_change() return at once). */
KioskVirtualTransport *kiosk_virtual_transport_new (void);

/* These three are thread-safe (the demo panel calls them on the main thread while the worker
 * waits) and wake a waiting worker. Inserting replaces any card in the reader. */
void kiosk_virtual_transport_insert (KioskVirtualTransport *self, KioskVirtualCard *card);
void kiosk_virtual_transport_remove (KioskVirtualTransport *self);
/* FALSE: the reader is unplugged (NO_READER), as for the no-reader screen. */
void kiosk_virtual_transport_set_reader_present (KioskVirtualTransport *self, gboolean present);

/* The card in the reader (transfer full; NULL when empty). */
KioskVirtualCard *kiosk_virtual_transport_get_card (KioskVirtualTransport *self);

G_END_DECLS
