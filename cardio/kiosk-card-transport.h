/* kiosk-card-transport.h: how the card worker reaches a card (PC/SC or the in-process virtual card)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-reader-state.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CARD_TRANSPORT (kiosk_card_transport_get_type ())
G_DECLARE_DERIVABLE_TYPE (KioskCardTransport, kiosk_card_transport, KIOSK, CARD_TRANSPORT, GObject)

/**
 * KioskCardTransportClass:
 * @wait_for_change: blocks until the reader state differs from @known, @timeout_ms passes or
 *   @interrupt is called, then returns the state now (never busy-loops, also when the service is
 *   down). Sets @reader_name (transfer full, may be NULL) to the reader that state is about.
 * @interrupt: wakes a @wait_for_change in progress; the only method callable from any thread.
 * @connect: powers up the card in the current reader and connects (T=1, T=0 accepted); returns
 *   the ATR.
 * @transmit: sends one command APDU and returns the response with its status word (≥ 2 bytes).
 * @disconnect: releases the card; with @reset, resets it so no security state survives.
 *
 * Every method but @interrupt is called only from the card worker's thread.
 */
struct _KioskCardTransportClass
{
  GObjectClass parent_class;

  KioskReaderState (*wait_for_change) (KioskCardTransport *self, KioskReaderState known,
                                       guint timeout_ms, char **reader_name);
  void (*interrupt) (KioskCardTransport *self);
  GBytes *(*connect) (KioskCardTransport *self, GError **error);
  GBytes *(*transmit) (KioskCardTransport *self, const guint8 *command, gsize command_len,
                       GError **error);
  void (*disconnect) (KioskCardTransport *self, gboolean reset);
};

KioskReaderState kiosk_card_transport_wait_for_change (KioskCardTransport *self,
                                                       KioskReaderState known, guint timeout_ms,
                                                       char **reader_name);
void kiosk_card_transport_interrupt (KioskCardTransport *self);
GBytes *kiosk_card_transport_connect (KioskCardTransport *self, GError **error);
/* Counts every APDU and byte that goes through, for the benchmark and the APDU-count tests. */
GBytes *kiosk_card_transport_transmit (KioskCardTransport *self, const guint8 *command,
                                       gsize command_len, GError **error);
void kiosk_card_transport_disconnect (KioskCardTransport *self, gboolean reset);

void kiosk_card_transport_get_counters (KioskCardTransport *self, guint *apdus, guint64 *bytes_sent,
                                        guint64 *bytes_received);
void kiosk_card_transport_reset_counters (KioskCardTransport *self);

G_END_DECLS
