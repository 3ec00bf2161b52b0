/* kiosk-test-kiosk.h: the kiosk's parts as a test assembles them around a controller: the
 * in-process card reader, the issuance simulator, the session journal and a receipt desk with a
 * fresh key, all in a temporary folder (no GTK: the window tests add their window)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-controller.h"
#include "kiosk-issuance-simulator.h"
#include "kiosk-receipt-desk.h"
#include "kiosk-session-journal.h"
#include "kiosk-test-ca.h"
#include "kiosk-virtual-card.h"
#include "kiosk-virtual-transport.h"

G_BEGIN_DECLS

typedef struct
{
  char *state_dir; /* everything below is removed by kiosk_test_kiosk_tear_down() */
  char *cards_dir; /* the residents: copies of shipped profiles (kiosk_test_kiosk_add_profile) */
  char *public_key_path; /* the receipt key's public half, for `kioskctl receipt verify` */
  KioskReceiptKey *key;
  KioskTestCa *ca;
  KioskClock *clock;
  KioskConfig *config;
  KioskVirtualTransport *reader;
  KioskVirtualCard *card; /* the last one inserted */
  KioskController *controller;
  KioskFlow *flow; /* the controller's (transfer none) */
  KioskReceiptDesk *desk;
  KioskIssuanceSimulator *simulator; /* NULL: no issuance service */
  KioskSessionJournal *journal;
} KioskTestKiosk;

/* Makes the parts in a new temporary folder named after @prefix, with the national system's
 * hours forced open (the flow's own tests cover them) and no issuance service yet: add the
 * residents, then kiosk_test_kiosk_restart_simulator(). The controller is not started. */
void kiosk_test_kiosk_set_up (KioskTestKiosk *k, const char *prefix);
void kiosk_test_kiosk_tear_down (KioskTestKiosk *k);

/* A resident: the shipped profile @from as @to, with @extra keys appended. */
void kiosk_test_kiosk_add_profile (KioskTestKiosk *k, const char *to, const char *from,
                                   const char *extra);
/* A new simulator, which reads the residents present now, wired to the controller. */
void kiosk_test_kiosk_restart_simulator (KioskTestKiosk *k);
/* Puts a new card of the resident @profile in the reader (k->card). */
void kiosk_test_kiosk_insert_card (KioskTestKiosk *k, const char *profile);

G_END_DECLS
