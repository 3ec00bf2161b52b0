/* kiosk-card-management.c: the card management crypto shared by the card and the issuance service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-card-management.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <string.h>

#include "kiosk-secret.h"

#define DERIVATION_LABEL "madoguchi card management v1"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MAC, EVP_MAC_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MAC_CTX, EVP_MAC_CTX_free)

/* HMAC-SHA256 over the concatenation of two parts. */
static GBytes *
hmac_sha256 (GBytes *key, const guint8 *first, gsize first_len, const guint8 *second,
             gsize second_len)
{
  g_autoptr (EVP_MAC) mac = EVP_MAC_fetch (NULL, "HMAC", NULL);
  g_autoptr (EVP_MAC_CTX) ctx = mac != NULL ? EVP_MAC_CTX_new (mac) : NULL;
  char digest_name[] = "SHA256";
  OSSL_PARAM params[] = {
    OSSL_PARAM_construct_utf8_string (OSSL_MAC_PARAM_DIGEST, digest_name, 0),
    OSSL_PARAM_construct_end (),
  };
  gsize key_len = 0;
  const guint8 *key_data = g_bytes_get_data (key, &key_len);
  guint8 out[32];
  size_t out_len = 0;

  if (ctx == NULL || EVP_MAC_init (ctx, key_data, key_len, params) != 1
      || EVP_MAC_update (ctx, first, first_len) != 1
      || EVP_MAC_update (ctx, second, second_len) != 1
      || EVP_MAC_final (ctx, out, &out_len, sizeof out) != 1 || out_len != sizeof out)
    {
      g_critical ("HMAC-SHA256 failed in OpenSSL");
      return NULL;
    }
  GBytes *result = g_bytes_new (out, sizeof out);
  kiosk_secret_wipe (out, sizeof out);
  return result;
}

GBytes *
kiosk_card_management_derive_key (GBytes *master_key, GBytes *card_id)
{
  g_return_val_if_fail (master_key != NULL, NULL);
  g_return_val_if_fail (card_id != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (master_key) == KIOSK_CARD_MANAGEMENT_MASTER_KEY_LENGTH,
                        NULL);
  g_return_val_if_fail (g_bytes_get_size (card_id) == KIOSK_CARD_MANAGEMENT_CARD_ID_LENGTH, NULL);

  gsize id_len = 0;
  const guint8 *id = g_bytes_get_data (card_id, &id_len);
  return hmac_sha256 (master_key, (const guint8 *)DERIVATION_LABEL, strlen (DERIVATION_LABEL), id,
                      id_len);
}

GBytes *
kiosk_card_management_cryptogram (GBytes *card_key, GBytes *card_challenge, const char *session_id)
{
  g_return_val_if_fail (card_key != NULL, NULL);
  g_return_val_if_fail (card_challenge != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (card_key) == KIOSK_CARD_MANAGEMENT_KEY_LENGTH, NULL);
  g_return_val_if_fail (g_bytes_get_size (card_challenge) == KIOSK_CARD_MANAGEMENT_CHALLENGE_LENGTH,
                        NULL);
  g_return_val_if_fail (kiosk_card_management_session_id_is_valid (session_id), NULL);

  gsize challenge_len = 0;
  const guint8 *challenge = g_bytes_get_data (card_challenge, &challenge_len);
  return hmac_sha256 (card_key, challenge, challenge_len, (const guint8 *)session_id,
                      strlen (session_id));
}

gboolean
kiosk_card_management_session_id_bytes_are_valid (const guint8 *data, gsize len)
{
  if (data == NULL || len < 1 || len > KIOSK_CARD_MANAGEMENT_SESSION_ID_MAX)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (data[i] < 0x20 || data[i] > 0x7e)
      return FALSE;
  return TRUE;
}

gboolean
kiosk_card_management_session_id_is_valid (const char *session_id)
{
  if (session_id == NULL)
    return FALSE;
  return kiosk_card_management_session_id_bytes_are_valid (
      (const guint8 *)session_id, strnlen (session_id, KIOSK_CARD_MANAGEMENT_SESSION_ID_MAX + 1));
}
