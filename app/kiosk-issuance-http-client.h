/* kiosk-issuance-http-client.h: the issuance service over HTTPS (libsoup 3 + json-glib)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-issuance-service.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_ISSUANCE_HTTP_CLIENT (kiosk_issuance_http_client_get_type ())
G_DECLARE_FINAL_TYPE (KioskIssuanceHttpClient, kiosk_issuance_http_client, KIOSK,
                      ISSUANCE_HTTP_CLIENT, GObject)

typedef struct
{
  const char *base_url;                /* e.g. https://issuance.example:8443 (no trailing /v1) */
  const char *ca_file;                 /* PEM CAs that verify the service; NULL: the system's */
  const char *client_certificate_file; /* PEM; NULL: none */
  const char *client_key_file;         /* PEM; NULL: in the certificate file */
  guint timeout_ms;                    /* per request */
  guint max_tries;                     /* per step, busy and dropped answers included */
  guint max_total_seconds;             /* per step, waits included */
} KioskIssuanceHttpSettings;

/* Implements KioskIssuanceService. Each step has a fresh Idempotency-Key, reused on its retries;
 * a 503 is retried after its Retry-After and a dropped connection after a short pause, within
 * @max_tries and @max_total_seconds (then BUSY or UNAVAILABLE); a timeout is TIMEOUT, a
 * certificate that does not verify TLS, a body that does not parse PROTOCOL. */
KioskIssuanceHttpClient *kiosk_issuance_http_client_new (const KioskIssuanceHttpSettings *settings,
                                                         GError **error);

/* How many HTTP requests were sent (tests and status pages). */
guint kiosk_issuance_http_client_get_request_count (KioskIssuanceHttpClient *self);

G_END_DECLS
