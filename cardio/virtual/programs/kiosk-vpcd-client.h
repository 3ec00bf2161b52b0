/* kiosk-vpcd-client.h: plays a virtual card into vsmartcard's vpcd (the "card side" of its socket)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-virtual-card.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_VPCD_CLIENT (kiosk_vpcd_client_get_type ())
G_DECLARE_FINAL_TYPE (KioskVpcdClient, kiosk_vpcd_client, KIOSK, VPCD_CLIENT, GObject)

/**
 * KioskVpcdClient:
 *
 * vpcd (the IFD handler pcscd loads) listens on a TCP port per reader; a card is "inserted" while
 * a client is connected to it. Every message both ways is a 2-byte big-endian length and a
 * payload; a 1-byte payload from vpcd is a control code (0 power off, 1 power on, 2 reset,
 * 4 send the ATR — pcscd asks every 400 ms), anything longer is a command APDU answered with
 * R-APDU + SW. Runs on the thread-default main context of its creator.
 *
 * Signals, all emitted on that context:
 * - "inserted": connected after kiosk_vpcd_client_insert();
 * - "waiting": vpcd is not listening (pcscd is down); retried every 100 ms, emitted once per
 *   outage;
 * - "connection-lost": vpcd closed the connection while the card was in (pcscd stopped);
 *   reconnection starts at once;
 * - "reconnected": connected again after "connection-lost";
 * - "pulled" (guint apdu): the profile's pull-at-apdu fault fired on that APDU; the socket is
 *   closed and the card stays out until the next insert.
 */

KioskVpcdClient *kiosk_vpcd_client_new (const char *host, guint16 port);

/* Connects @card to vpcd (retrying while vpcd is not listening). Inserting powers the card up
 * (kiosk_virtual_card_reset); its PIN counters are the card's own and carry on. */
void kiosk_vpcd_client_insert (KioskVpcdClient *self, KioskVirtualCard *card);
/* Closes the connection (the card leaves the reader) and stops any reconnection. */
void kiosk_vpcd_client_remove (KioskVpcdClient *self);
/* TRUE from insert until remove or a pull, also while waiting for vpcd. */
gboolean kiosk_vpcd_client_is_inserted (KioskVpcdClient *self);
KioskVirtualCard *kiosk_vpcd_client_get_card (KioskVpcdClient *self);

G_END_DECLS
