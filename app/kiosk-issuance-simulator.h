/* kiosk-issuance-simulator.h: the in-process issuance service (a local CA and resident records)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-clock.h"
#include "kiosk-issuance-service.h"
#include "kiosk-test-ca.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_ISSUANCE_SIMULATOR_UP,
  KIOSK_ISSUANCE_SIMULATOR_SLOW, /* answers after the given milliseconds */
  KIOSK_ISSUANCE_SIMULATOR_BUSY, /* every answer is BUSY with the given Retry-After seconds */
  KIOSK_ISSUANCE_SIMULATOR_DOWN, /* every answer is UNAVAILABLE */
} KioskIssuanceSimulatorMode;

#define KIOSK_TYPE_ISSUANCE_SIMULATOR (kiosk_issuance_simulator_get_type ())
G_DECLARE_FINAL_TYPE (KioskIssuanceSimulator, kiosk_issuance_simulator, KIOSK, ISSUANCE_SIMULATOR,
                      GObject)

/**
 * kiosk_issuance_simulator_new:
 * @ca: the CA that issues (the test CA the kiosk trusts in demo and tests) and holds the card
 *   management master key
 * @cards_dir: the residents: one per card profile NAME.card, matched to a card by its auth
 *   certificate's subject CN; an optional [resident] group with adult-ward= and revoked=
 *   (true|false) holds facts of the national system (see ISSUANCE-PROTOCOL.md)
 * @clock: "today" (Asia/Tokyo) for ages and validity
 * @session_ttl_ms: how long an uncommitted session lives
 *
 * Implements KioskIssuanceService; crypto runs in a worker thread.
 */
KioskIssuanceSimulator *kiosk_issuance_simulator_new (KioskTestCa *ca, const char *cards_dir,
                                                      KioskClock *clock, guint session_ttl_ms,
                                                      GError **error);

/* Switchable at run time (any thread); @parameter: SLOW's milliseconds, BUSY's seconds. */
void kiosk_issuance_simulator_set_mode (KioskIssuanceSimulator *self,
                                        KioskIssuanceSimulatorMode mode, guint parameter);
KioskIssuanceSimulatorMode kiosk_issuance_simulator_get_mode (KioskIssuanceSimulator *self,
                                                              guint *parameter);

/* Overrides the [resident] facts of the resident of profile @name; FALSE if there is none. */
gboolean kiosk_issuance_simulator_set_resident_facts (KioskIssuanceSimulator *self,
                                                      const char *name, gboolean adult_ward,
                                                      gboolean revoked);

/* How many sessions have had certificates issued (retries never add to it). */
guint kiosk_issuance_simulator_get_issued_count (KioskIssuanceSimulator *self);
/* How many sessions are committed. */
guint kiosk_issuance_simulator_get_committed_count (KioskIssuanceSimulator *self);

G_END_DECLS
