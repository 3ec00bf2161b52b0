/* kiosk-receipt.h: the receipt a resident takes home (and staff scan): what was done, with
 * which outcome and why, and nothing personal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-procedure.h"

G_BEGIN_DECLS

/* The numeric values are written into signed payloads: never renumber, only append. */

typedef enum
{
  KIOSK_OUTCOME_DONE = 0,
  KIOSK_OUTCOME_HANDED_OFF = 1,
  KIOSK_OUTCOME_FAILED = 2,
} KioskOutcome;
#define KIOSK_OUTCOME_COUNT 3

/* Why a procedure was handed off or failed; NONE for a procedure that simply finished. */
typedef enum
{
  KIOSK_REASON_NONE = 0,
  KIOSK_REASON_PIN_LOCKED,
  KIOSK_REASON_SIGN_LOCKED,
  KIOSK_REASON_NO_CERTIFICATES,
  KIOSK_REASON_PROXY,
  KIOSK_REASON_MINOR,
  KIOSK_REASON_ADULT_WARD,
  KIOSK_REASON_REVOKED,
  KIOSK_REASON_EXPIRED_POLICY,
  KIOSK_REASON_SERVICE_BUSY,
  KIOSK_REASON_SERVICE_DOWN,
  KIOSK_REASON_CARD_UNREADABLE,
  KIOSK_REASON_CARD_REMOVED,
  KIOSK_REASON_PRINTER_FAULT,
  KIOSK_REASON_RENEWAL_INCOMPLETE_OLD,
  KIOSK_REASON_RENEWAL_INCOMPLETE_NEW,
  KIOSK_REASON_RENEWAL_NOT_OPEN, /* too early: the window opens later */
  KIOSK_REASON_OUTSIDE_HOURS,    /* the national system's hours are over */
  KIOSK_REASON_NOT_ELIGIBLE,     /* the service refused for another reason (unknown record …) */
  KIOSK_REASON_KIOSK_FAULT,      /* the kiosk itself failed (its session journal) */
} KioskReason;
#define KIOSK_REASON_COUNT 20

/* The stable ASCII code staff read ("PIN_LOCKED"), and the staff texts. */
const char *kiosk_reason_get_code (KioskReason reason);
const char *kiosk_reason_get_staff_text_ja (KioskReason reason);
const char *kiosk_reason_get_staff_text_en (KioskReason reason);
/* FALSE if @code names no reason. */
gboolean kiosk_reason_from_code (const char *code, KioskReason *reason);

const char *kiosk_procedure_get_code (KioskProcedure procedure); /* "CHANGE_PIN" */
const char *kiosk_procedure_get_staff_text_ja (KioskProcedure procedure);
gboolean kiosk_procedure_from_code (const char *code, KioskProcedure *procedure);
const char *kiosk_outcome_get_code (KioskOutcome outcome); /* "HANDED_OFF" */
const char *kiosk_outcome_get_staff_text_ja (KioskOutcome outcome);
gboolean kiosk_outcome_from_code (const char *code, KioskOutcome *outcome);

#define KIOSK_CARD_REFERENCE_SIZE 10

/* The card reference: HMAC-SHA256 keyed with the kiosk's secret over the authentication
 * certificate's serial (upper-case hex as KioskCertificate gives it), truncated. It lets staff
 * match two receipts of the same card without any personal data. Transfer full; NULL on an
 * OpenSSL failure. */
GBytes *kiosk_card_reference_new (GBytes *kiosk_secret, const char *certificate_serial);

#define KIOSK_TYPE_RECEIPT (kiosk_receipt_get_type ())
G_DECLARE_FINAL_TYPE (KioskReceipt, kiosk_receipt, KIOSK, RECEIPT, GObject)

/* An immutable receipt. @kiosk_id is short ASCII (letters, digits, '-', at most 16), @sequence the
 * kiosk-local counter, @time any zone (kept in Asia/Tokyo, whole seconds), @language a gettext
 * language tag ("ja", "en", "ja@easy", "pt_BR"), @card_reference NULL when no card was read.
 * The receipt number is made from the kiosk id, the Tokyo date and the sequence:
 * "K001-20261125-0042". Returns NULL (with a critical) on invalid arguments. */
KioskReceipt *kiosk_receipt_new (const char *kiosk_id, const char *location_name, guint sequence,
                                 GDateTime *time, KioskProcedure procedure, KioskOutcome outcome,
                                 KioskReason reason, const char *language, GBytes *card_reference);

const char *kiosk_receipt_get_number (KioskReceipt *self);
const char *kiosk_receipt_get_kiosk_id (KioskReceipt *self);
const char *kiosk_receipt_get_location_name (KioskReceipt *self); /* NULL if unknown */
guint kiosk_receipt_get_sequence (KioskReceipt *self);
GDateTime *kiosk_receipt_get_time (KioskReceipt *self); /* Asia/Tokyo, transfer none */
KioskProcedure kiosk_receipt_get_procedure (KioskReceipt *self);
KioskOutcome kiosk_receipt_get_outcome (KioskReceipt *self);
KioskReason kiosk_receipt_get_reason (KioskReceipt *self);
const char *kiosk_receipt_get_language (KioskReceipt *self);
GBytes *kiosk_receipt_get_card_reference (KioskReceipt *self); /* transfer none, may be NULL */
/* The card reference in lower-case hex, or NULL (transfer full). */
char *kiosk_receipt_dup_card_reference_hex (KioskReceipt *self);

/* TRUE if both hold the same fields (location name included). */
gboolean kiosk_receipt_equal (KioskReceipt *a, KioskReceipt *b);

G_END_DECLS
