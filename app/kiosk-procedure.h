/* kiosk-procedure.h: the procedures a resident can do, one list for the flow and the receipts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The values 0…5 travel in the receipt's signed QR payload (kiosk-receipt-payload.h): never
 * renumber them; add new procedures at the end. */
typedef enum
{
  KIOSK_PROCEDURE_NONE = -1, /* not chosen yet (the flow only; a card put straight on the
                              * reader is checked); never on a receipt */
  KIOSK_PROCEDURE_CHECK_CARD = 0,
  KIOSK_PROCEDURE_CHANGE_PIN = 1,
  KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD = 2,
  KIOSK_PROCEDURE_RENEW = 3,
  KIOSK_PROCEDURE_REISSUE_SIGN = 4,
  KIOSK_PROCEDURE_HANDOFF_ONLY = 5, /* the counter takes over before a procedure starts */
} KioskProcedure;
#define KIOSK_PROCEDURE_COUNT 6

G_END_DECLS
