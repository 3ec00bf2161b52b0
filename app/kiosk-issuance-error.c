/* kiosk-issuance-error.c: typed errors of the issuance service, and the eligibility reasons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-issuance-error.h"

/* An extended error domain: the reason and the Retry-After travel with the GError itself, so
 * callers never parse messages. */
typedef struct
{
  KioskIssuanceReason reason;
  guint retry_after;
} KioskIssuanceErrorPrivate;

static void
kiosk_issuance_error_private_init (KioskIssuanceErrorPrivate *priv)
{
  priv->reason = KIOSK_ISSUANCE_REASON_NONE;
  priv->retry_after = 0;
}

static void
kiosk_issuance_error_private_copy (const KioskIssuanceErrorPrivate *src,
                                   KioskIssuanceErrorPrivate *dest)
{
  *dest = *src;
}

static void
kiosk_issuance_error_private_clear (KioskIssuanceErrorPrivate *priv)
{
  (void)priv;
}

G_DEFINE_EXTENDED_ERROR (KioskIssuanceError, kiosk_issuance_error)

static const char *const code_names[] = {
  [KIOSK_ISSUANCE_ERROR_BUSY] = "busy",
  [KIOSK_ISSUANCE_ERROR_UNAVAILABLE] = "unavailable",
  [KIOSK_ISSUANCE_ERROR_TIMEOUT] = "timeout",
  [KIOSK_ISSUANCE_ERROR_PROTOCOL] = "protocol",
  [KIOSK_ISSUANCE_ERROR_TLS] = "tls",
  [KIOSK_ISSUANCE_ERROR_REFUSED] = "refused",
  [KIOSK_ISSUANCE_ERROR_SESSION_EXPIRED] = "session-expired",
  [KIOSK_ISSUANCE_ERROR_NOT_FOUND] = "not-found",
};

static const char *const reason_names[] = {
  [KIOSK_ISSUANCE_REASON_NONE] = "none",
  [KIOSK_ISSUANCE_REASON_MINOR] = "minor",
  [KIOSK_ISSUANCE_REASON_ADULT_WARD] = "adult-ward",
  [KIOSK_ISSUANCE_REASON_REVOKED] = "revoked",
  [KIOSK_ISSUANCE_REASON_UNKNOWN_RESIDENT] = "unknown-resident",
  [KIOSK_ISSUANCE_REASON_BAD_SIGNATURE] = "bad-signature",
  [KIOSK_ISSUANCE_REASON_UNTRUSTED_CARD] = "untrusted-card",
};

void
kiosk_issuance_set_refused (GError **error, KioskIssuanceReason reason, const char *format, ...)
{
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_REFUSED, message);
  kiosk_issuance_error_get_private (*error)->reason = reason;
}

void
kiosk_issuance_set_busy (GError **error, guint retry_after_seconds)
{
  if (error == NULL)
    return;
  g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_BUSY,
               "the issuance service is busy: retry after %u s", retry_after_seconds);
  kiosk_issuance_error_get_private (*error)->retry_after = retry_after_seconds;
}

KioskIssuanceReason
kiosk_issuance_error_get_reason (const GError *error)
{
  if (!g_error_matches (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_REFUSED))
    return KIOSK_ISSUANCE_REASON_NONE;
  return kiosk_issuance_error_get_private (error)->reason;
}

guint
kiosk_issuance_error_get_retry_after (const GError *error)
{
  if (!g_error_matches (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_BUSY))
    return 0;
  return kiosk_issuance_error_get_private (error)->retry_after;
}

const char *
kiosk_issuance_error_code_to_string (KioskIssuanceErrorCode code)
{
  return (guint)code < G_N_ELEMENTS (code_names) ? code_names[code] : NULL;
}

gboolean
kiosk_issuance_error_code_from_string (const char *text, KioskIssuanceErrorCode *code)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (code_names); i++)
    if (g_str_equal (text, code_names[i]))
      {
        *code = (KioskIssuanceErrorCode)i;
        return TRUE;
      }
  return FALSE;
}

const char *
kiosk_issuance_reason_to_string (KioskIssuanceReason reason)
{
  return (guint)reason < G_N_ELEMENTS (reason_names) ? reason_names[reason] : NULL;
}

gboolean
kiosk_issuance_reason_from_string (const char *text, KioskIssuanceReason *reason)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (reason_names); i++)
    if (g_str_equal (text, reason_names[i]))
      {
        *reason = (KioskIssuanceReason)i;
        return TRUE;
      }
  return FALSE;
}
