/* kiosk-issuance-protocol.c: the HTTP+JSON encoding shared by the issuance server and client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-issuance-protocol.h"

#include <gio/gio.h>
#include <string.h>

void
kiosk_issuance_json_set_bytes (JsonObject *object, const char *member, GBytes *bytes)
{
  if (bytes == NULL)
    return;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autofree char *text = g_base64_encode (data, len);
  json_object_set_string_member (object, member, text);
}

const char *
kiosk_issuance_json_get_string (JsonObject *object, const char *member, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "the field “%s” is missing or not a string", member);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
is_base64 (const char *text)
{
  gsize len = 0;

  for (const char *p = text; *p != '\0'; p++, len++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;
  return len % 4 == 0;
}

GBytes *
kiosk_issuance_json_get_bytes (JsonObject *object, const char *member, gboolean optional,
                               GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (optional && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return NULL;
  const char *text = kiosk_issuance_json_get_string (object, member, error);
  if (text == NULL)
    return NULL;
  if (!is_base64 (text))
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "the field “%s” is not base64", member);
      return NULL;
    }
  gsize len = 0;
  guchar *data = g_base64_decode (text, &len);
  return g_bytes_new_take (data, len);
}

JsonObject *
kiosk_issuance_json_parse_object (GBytes *body, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize)len, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                   "the body is not a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

GBytes *
kiosk_issuance_json_to_bytes (JsonObject *object)
{
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  gsize len = 0;

  json_node_set_object (root, object);
  char *text = json_to_string (root, FALSE);
  len = strlen (text);
  return g_bytes_new_take (text, len);
}

guint
kiosk_issuance_error_to_status (const GError *error)
{
  if (error->domain != KIOSK_ISSUANCE_ERROR)
    return 500;
  switch ((KioskIssuanceErrorCode)error->code)
    {
    case KIOSK_ISSUANCE_ERROR_BUSY:
      return 503;
    case KIOSK_ISSUANCE_ERROR_UNAVAILABLE:
      return 502;
    case KIOSK_ISSUANCE_ERROR_TIMEOUT:
      return 504;
    case KIOSK_ISSUANCE_ERROR_PROTOCOL:
      return 400;
    case KIOSK_ISSUANCE_ERROR_TLS:
      return 400;
    case KIOSK_ISSUANCE_ERROR_REFUSED:
      return 403;
    case KIOSK_ISSUANCE_ERROR_SESSION_EXPIRED:
      return 410;
    case KIOSK_ISSUANCE_ERROR_NOT_FOUND:
      return 404;
    }
  return 500;
}

JsonObject *
kiosk_issuance_error_to_json (const GError *error)
{
  JsonObject *body = json_object_new ();
  JsonObject *details = json_object_new ();
  const char *code = error->domain == KIOSK_ISSUANCE_ERROR
                         ? kiosk_issuance_error_code_to_string (error->code)
                         : NULL;

  json_object_set_string_member (details, "code", code != NULL ? code : "internal");
  if (g_error_matches (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_REFUSED))
    json_object_set_string_member (
        details, "reason",
        kiosk_issuance_reason_to_string (kiosk_issuance_error_get_reason (error)));
  if (g_error_matches (error, KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_BUSY))
    json_object_set_int_member (details, "retry_after",
                                kiosk_issuance_error_get_retry_after (error));
  json_object_set_string_member (details, "message", error->message);
  json_object_set_object_member (body, "error", details);
  return body;
}

GError *
kiosk_issuance_error_from_json (guint status, GBytes *body)
{
  GError *error = NULL;
  g_autoptr (JsonObject) object = kiosk_issuance_json_parse_object (body, &error);

  if (object == NULL)
    {
      g_prefix_error (&error, "HTTP %u: ", status);
      return error;
    }
  JsonNode *details_node = json_object_get_member (object, "error");
  JsonObject *details = details_node != NULL && JSON_NODE_HOLDS_OBJECT (details_node)
                            ? json_node_get_object (details_node)
                            : NULL;
  const char *code_text
      = details != NULL ? json_object_get_string_member_with_default (details, "code", NULL) : NULL;
  const char *message
      = details != NULL ? json_object_get_string_member_with_default (details, "message", "") : "";
  KioskIssuanceErrorCode code;
  if (code_text == NULL || !kiosk_issuance_error_code_from_string (code_text, &code))
    return g_error_new (KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                        "HTTP %u with an error body the kiosk does not know", status);

  if (code == KIOSK_ISSUANCE_ERROR_REFUSED)
    {
      KioskIssuanceReason reason = KIOSK_ISSUANCE_REASON_NONE;
      if (!kiosk_issuance_reason_from_string (
              json_object_get_string_member_with_default (details, "reason", NULL), &reason))
        return g_error_new (KIOSK_ISSUANCE_ERROR, KIOSK_ISSUANCE_ERROR_PROTOCOL,
                            "a refusal without a known reason");
      kiosk_issuance_set_refused (&error, reason, "%s", message);
      return error;
    }
  if (code == KIOSK_ISSUANCE_ERROR_BUSY)
    {
      kiosk_issuance_set_busy (
          &error, (guint)json_object_get_int_member_with_default (details, "retry_after", 1));
      return error;
    }
  return g_error_new_literal (KIOSK_ISSUANCE_ERROR, code, message);
}
