/* kiosk-card-worker.h: the one thread that owns all card I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-card-status.h"
#include "kiosk-card-transport.h"
#include "kiosk-trust-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CARD_WORKER (kiosk_card_worker_get_type ())
G_DECLARE_FINAL_TYPE (KioskCardWorker, kiosk_card_worker, KIOSK, CARD_WORKER, GObject)

/**
 * KioskCardWorker:
 *
 * Owns a transport and a thread. The thread waits on the reader (never busy), runs requests one
 * at a time, and posts results and reader events to the main context that was the thread-default
 * when the worker was made. Requests carry a snapshot of their data (PINs as KioskSecret, wiped
 * when the request ends); a request's GCancellable is checked between APDUs.
 *
 * Signals (emitted on the main context):
 * - "reader-state-changed" (KioskReaderState state, const char *reader_name): every change,
 *   including the first state found after start.
 */
KioskCardWorker *kiosk_card_worker_new (KioskCardTransport *transport, KioskTrustStore *trust);

void kiosk_card_worker_start (KioskCardWorker *self);
/* Cancels what runs, stops the thread and joins it. Safe to call twice. */
void kiosk_card_worker_stop (KioskCardWorker *self);

/* The state the last "reader-state-changed" carried (NO_SERVICE before the first one). */
KioskReaderState kiosk_card_worker_get_reader_state (KioskCardWorker *self);
/* The reader the last "reader-state-changed" named (nullable). */
const char *kiosk_card_worker_get_reader_name (KioskCardWorker *self);
KioskCardTransport *kiosk_card_worker_get_transport (KioskCardWorker *self);

/* Reads what the status screen shows: SELECT AP, token check, auth certificate, both retry
 * counters (the protocol minimum, see kiosk-jpki.h), and checks the certificate against the
 * trust store. */
void kiosk_card_worker_read_status_async (KioskCardWorker *self, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
KioskCardStatus *kiosk_card_worker_read_status_finish (KioskCardWorker *self, GAsyncResult *result,
                                                       GError **error);

G_END_DECLS
