/* kiosk-controller.h: wires the card worker to the flow (no GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-card-transport.h"
#include "kiosk-card-worker.h"
#include "kiosk-clock.h"
#include "kiosk-config.h"
#include "kiosk-flow.h"
#include "kiosk-issuance-service.h"
#include "kiosk-receipt-desk.h"
#include "kiosk-session-journal.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CONTROLLER (kiosk_controller_get_type ())
G_DECLARE_FINAL_TYPE (KioskController, kiosk_controller, KIOSK, CONTROLLER, GObject)

/**
 * KioskController:
 *
 * Owns the flow and the card worker. Reader events become flow inputs; the flow's commands
 * become worker requests (each with a GCancellable cancelled when the flow asks or the session
 * ends); results come back as flow inputs. Everything runs on the main context; nothing here
 * waits on the card.
 */
KioskController *kiosk_controller_new (KioskConfig *config, KioskClock *clock,
                                       KioskCardTransport *transport, GError **error);

void kiosk_controller_start (KioskController *self);
void kiosk_controller_stop (KioskController *self);

KioskFlow *kiosk_controller_get_flow (KioskController *self);
KioskCardWorker *kiosk_controller_get_worker (KioskController *self);
KioskConfig *kiosk_controller_get_config (KioskController *self);
KioskClock *kiosk_controller_get_clock (KioskController *self);

/* The desk that makes a receipt each time the flow enters DONE, HANDOFF, or STATUS for a check
 * (NULL: no receipts). The controller keeps a reference and hangs it on its flow for the screens
 * (kiosk_receipt_desk_get_attached()). Set it before the first session. */
void kiosk_controller_set_receipt_desk (KioskController *self, KioskReceiptDesk *desk);
KioskReceiptDesk *kiosk_controller_get_receipt_desk (KioskController *self); /* nullable */

/* The issuance service renewal and re-issue go through, and the journal their sessions are kept
 * in until committed. Without them (NULL) a renewal ends as "service down" at once. */
void kiosk_controller_set_issuance (KioskController *self, KioskIssuanceService *service,
                                    KioskSessionJournal *journal);
KioskIssuanceService *kiosk_controller_get_issuance (KioskController *self); /* nullable */

G_END_DECLS
