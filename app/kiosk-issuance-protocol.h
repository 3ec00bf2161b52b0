/* kiosk-issuance-protocol.h: the HTTP+JSON encoding shared by the issuance server and client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See ISSUANCE-PROTOCOL.md for the endpoints, fields and errors.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kiosk-issuance-error.h"

G_BEGIN_DECLS

#define KIOSK_ISSUANCE_PATH_PREFIX "/v1/sessions"
#define KIOSK_ISSUANCE_IDEMPOTENCY_HEADER "Idempotency-Key"

/* The steps as they appear in paths and in the server's fault commands. */
#define KIOSK_ISSUANCE_STEP_OPEN "open"
#define KIOSK_ISSUANCE_STEP_PROOF "proof"
#define KIOSK_ISSUANCE_STEP_MANAGEMENT "management"
#define KIOSK_ISSUANCE_STEP_CERTIFICATES "certificates"
#define KIOSK_ISSUANCE_STEP_COMMIT "commit"

/* Sets @member to @bytes in base64 (nothing when @bytes is NULL). */
void kiosk_issuance_json_set_bytes (JsonObject *object, const char *member, GBytes *bytes);
/* Reads a base64 member: NULL with a PROTOCOL error when missing or not base64, or (when
 * @optional) NULL without an error when missing or null. */
GBytes *kiosk_issuance_json_get_bytes (JsonObject *object, const char *member, gboolean optional,
                                       GError **error);
/* A string member, or NULL with a PROTOCOL error. */
const char *kiosk_issuance_json_get_string (JsonObject *object, const char *member, GError **error);

/* Parses a body that must be one JSON object; a PROTOCOL error otherwise. */
JsonObject *kiosk_issuance_json_parse_object (GBytes *body, GError **error);
GBytes *kiosk_issuance_json_to_bytes (JsonObject *object);

/* The HTTP status of an issuance error, and its JSON body
 * {"error": {"code", "reason"?, "retry_after"?, "message"}}. */
guint kiosk_issuance_error_to_status (const GError *error);
JsonObject *kiosk_issuance_error_to_json (const GError *error);
/* The GError an error body describes; a PROTOCOL error when it does not parse. */
GError *kiosk_issuance_error_from_json (guint status, GBytes *body);

G_END_DECLS
