/* kiosk-issuance-error.h: typed errors of the issuance service, and the eligibility reasons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KIOSK_ISSUANCE_ERROR (kiosk_issuance_error_quark ())
GQuark kiosk_issuance_error_quark (void);

typedef enum
{
  KIOSK_ISSUANCE_ERROR_BUSY,        /* try again later: see kiosk_issuance_error_get_retry_after */
  KIOSK_ISSUANCE_ERROR_UNAVAILABLE, /* down, connection refused or dropped */
  KIOSK_ISSUANCE_ERROR_TIMEOUT,     /* no answer in time */
  KIOSK_ISSUANCE_ERROR_PROTOCOL,    /* an answer (or a request) that does not parse */
  KIOSK_ISSUANCE_ERROR_TLS,         /* the service's certificate did not verify */
  KIOSK_ISSUANCE_ERROR_REFUSED,     /* not eligible: see kiosk_issuance_error_get_reason */
  KIOSK_ISSUANCE_ERROR_SESSION_EXPIRED, /* not committed within the service's TTL */
  KIOSK_ISSUANCE_ERROR_NOT_FOUND,       /* no such session */
} KioskIssuanceErrorCode;

/* Why the service refuses an issuance, or one of the two certificates. */
typedef enum
{
  KIOSK_ISSUANCE_REASON_NONE,
  KIOSK_ISSUANCE_REASON_MINOR,            /* under 15: no signature certificate */
  KIOSK_ISSUANCE_REASON_ADULT_WARD,       /* no signature certificate */
  KIOSK_ISSUANCE_REASON_REVOKED,          /* the presented certificate is revoked */
  KIOSK_ISSUANCE_REASON_UNKNOWN_RESIDENT, /* no resident record for the certificate */
  KIOSK_ISSUANCE_REASON_BAD_SIGNATURE,    /* the proof does not verify with the certificate */
  KIOSK_ISSUANCE_REASON_UNTRUSTED_CARD,   /* the certificate does not chain to the issuer's CA */
} KioskIssuanceReason;

/* Sets a REFUSED error carrying @reason. */
void kiosk_issuance_set_refused (GError **error, KioskIssuanceReason reason, const char *format,
                                 ...) G_GNUC_PRINTF (3, 4);
/* Sets a BUSY error carrying @retry_after_seconds. */
void kiosk_issuance_set_busy (GError **error, guint retry_after_seconds);

/* The reason of a REFUSED error (NONE for any other error). */
KioskIssuanceReason kiosk_issuance_error_get_reason (const GError *error);
/* Seconds to wait of a BUSY error (0 for any other error). */
guint kiosk_issuance_error_get_retry_after (const GError *error);

/* Stable lower-case names used on the wire and in logs ("busy", "minor", …); NULL/-1 if unknown. */
const char *kiosk_issuance_error_code_to_string (KioskIssuanceErrorCode code);
gboolean kiosk_issuance_error_code_from_string (const char *text, KioskIssuanceErrorCode *code);
const char *kiosk_issuance_reason_to_string (KioskIssuanceReason reason);
gboolean kiosk_issuance_reason_from_string (const char *text, KioskIssuanceReason *reason);

G_END_DECLS
