/* kiosk-virtual-card.c: a model of the My Number card's JPKI AP, faithful to jpki-card.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the real card's answer is unknown the choice made here is listed, with its reason, in
 * CARD-NOTES.md beside this file; keep the two in step.
 */
#include "kiosk-virtual-card.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <string.h>

#include "kiosk-card-management.h"
#include "kiosk-secret.h"

/* Status words (jpki-card.md §3.7 and CARD-NOTES.md). */
enum
{
  SW_OK = 0x9000,
  SW_WRONG_LENGTH = 0x6700,
  SW_INCOMPATIBLE_FILE = 0x6981,
  SW_SECURITY_NOT_SATISFIED = 0x6982,
  SW_BLOCKED = 0x6984,
  SW_CONDITIONS_NOT_SATISFIED = 0x6985,
  SW_NO_CURRENT_EF = 0x6986,
  SW_WRONG_DATA = 0x6A80,
  SW_NOT_FOUND = 0x6A82,
  SW_WRONG_P1P2 = 0x6A86,
  SW_DATA_NOT_FOUND = 0x6A88,
  SW_OFFSET_OUTSIDE_EF = 0x6B00,
  SW_INS_NOT_SUPPORTED = 0x6D00,
  SW_CLA_NOT_SUPPORTED = 0x6E00,
};

/* EFs of the JPKI AP (jpki-card.md §2.2). */
enum
{
  FID_NONE = 0x0000,
  FID_SIGN_CERT = 0x0001,
  FID_SIGN_CA = 0x0002,
  FID_TOKEN = 0x0006,
  FID_AUTH_CERT = 0x000A,
  FID_AUTH_CA = 0x000B,
  FID_AUTH_KEY = 0x0017,
  FID_AUTH_PIN = 0x0018,
  FID_SIGN_KEY = 0x001A,
  FID_SIGN_PIN = 0x001B,
};

static const guint8 jpki_aid[] = { 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01 };

/* The card-info APs the real card has and we do not model (the kiosk never selects them). A real
 * card would switch to them, leaving the JPKI AP; see select_df. */
static const guint8 other_ap_aids[][10] = {
  { 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08 }, /* 券面事項入力補助AP */
  { 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02 }, /* 券面AP */
  { 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x01 }, /* 住基AP (one reading) */
  { 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00 }, /* 住基AP (the other) */
};

/* A realistic contact My Number ATR (jpki-card.md §1.3): exercises OpenSC's AID probe. */
static const guint8 my_number_atr[] = { 0x3B, 0xDA, 0x13, 0xFF, 0x81, 0x31, 0xFB, 0x46, 0x80, 0x12,
                                        0x39, 0x2F, 0x31, 0xC1, 0x73, 0xC6, 0x01, 0xC0, 0x3B };

#define TOKEN_TEXT "JPKIAPICCTOKEN2"
#define TOKEN_SIZE 32
#define MAX_SIGN_INPUT 245 /* k - 11 for a 2048-bit key */
#define SIGNATURE_SIZE 256
#define MODULUS_SIZE 256
#define MAX_EF_SIZE 4096 /* UPDATE BINARY's limit (MANAGEMENT.md) */
#define CARD_ID_LABEL "madoguchi virtual card "

typedef struct
{
  gboolean present;
  KioskSecret *value;
  guint tries_left;
  guint max_tries;
  gboolean verified;
} PinEf;

struct _KioskVirtualCard
{
  GObject parent_instance;

  /* Guards everything below but the immutable parts: the in-process transport resets a card on
   * insertion from the main thread while the worker may still talk to it. */
  GMutex lock;

  KioskCardProfile *profile;
  GBytes *atr;
  GBytes *token;
  GBytes *auth_certificate; /* NULL when the card has none */
  GBytes *auth_ca;          /* written with the auth certificate, else NULL */
  GBytes *sign_certificate;
  GBytes *sign_ca;
  EVP_PKEY *auth_key;
  EVP_PKEY *sign_key;

  PinEf auth_pin;
  PinEf sign_pin;

  gboolean jpki_selected;
  guint16 current_ef;

  /* Card management (MANAGEMENT.md). The challenge is single-use: dispatch drops it on every
   * command. Pending data exists only in the management state. */
  KioskTestCa *ca; /* the pool "generated" keys come from */
  GBytes *card_id;
  GBytes *card_key;
  guint8 challenge[KIOSK_CARD_MANAGEMENT_CHALLENGE_LENGTH];
  gboolean has_challenge;
  gboolean managing;
  char *session_id;
  EVP_PKEY *pending_auth_key;
  EVP_PKEY *pending_sign_key;
  GByteArray *pending_auth_certificate;
  GByteArray *pending_auth_ca;
  GByteArray *pending_sign_certificate;
  GByteArray *pending_sign_ca;
  guint keys_generated; /* by this card object: varies the pool choice */

  guint apdu_count; /* since creation */
  guint apdus_since_reset;
  gboolean pull_fired; /* the fault fires once per card: see CARD-NOTES.md */
  gboolean pulled;     /* out of the reader until the next reset (re-insertion) */
};

G_DEFINE_FINAL_TYPE (KioskVirtualCard, kiosk_virtual_card, G_TYPE_OBJECT)

static void
pin_ef_clear (PinEf *pin)
{
  g_clear_pointer (&pin->value, kiosk_secret_unref);
}

/* Caller holds the lock (or owns the card). */
static void
discard_pending (KioskVirtualCard *self)
{
  g_clear_pointer (&self->pending_auth_key, EVP_PKEY_free);
  g_clear_pointer (&self->pending_sign_key, EVP_PKEY_free);
  g_clear_pointer (&self->pending_auth_certificate, g_byte_array_unref);
  g_clear_pointer (&self->pending_auth_ca, g_byte_array_unref);
  g_clear_pointer (&self->pending_sign_certificate, g_byte_array_unref);
  g_clear_pointer (&self->pending_sign_ca, g_byte_array_unref);
}

static void
end_management (KioskVirtualCard *self)
{
  discard_pending (self);
  self->managing = FALSE;
  g_clear_pointer (&self->session_id, g_free);
}

static void
kiosk_virtual_card_finalize (GObject *object)
{
  KioskVirtualCard *self = KIOSK_VIRTUAL_CARD (object);

  g_clear_pointer (&self->profile, kiosk_card_profile_unref);
  g_clear_pointer (&self->atr, g_bytes_unref);
  g_clear_pointer (&self->token, g_bytes_unref);
  g_clear_pointer (&self->auth_certificate, g_bytes_unref);
  g_clear_pointer (&self->auth_ca, g_bytes_unref);
  g_clear_pointer (&self->sign_certificate, g_bytes_unref);
  g_clear_pointer (&self->sign_ca, g_bytes_unref);
  g_clear_pointer (&self->auth_key, EVP_PKEY_free);
  g_clear_pointer (&self->sign_key, EVP_PKEY_free);
  pin_ef_clear (&self->auth_pin);
  pin_ef_clear (&self->sign_pin);
  end_management (self);
  g_clear_object (&self->ca);
  g_clear_pointer (&self->card_id, g_bytes_unref);
  g_clear_pointer (&self->card_key, g_bytes_unref);
  kiosk_secret_wipe (self->challenge, sizeof self->challenge);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kiosk_virtual_card_parent_class)->finalize (object);
}

static void
kiosk_virtual_card_class_init (KioskVirtualCardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_virtual_card_finalize;
}

static void
kiosk_virtual_card_init (KioskVirtualCard *self)
{
  g_mutex_init (&self->lock);
}

static void
pin_ef_init (PinEf *pin, const char *value, guint tries_left, guint max_tries)
{
  pin->present = TRUE;
  pin->value = kiosk_secret_new_from_string (value);
  pin->tries_left = MIN (tries_left, max_tries);
  pin->max_tries = max_tries;
  pin->verified = FALSE;
}

static gboolean
issue (KioskVirtualCard *self, KioskTestCa *ca, KioskTestCaRole role, GError **error)
{
  const char *name = kiosk_card_profile_get_name (self->profile);
  EVP_PKEY *key = kiosk_test_ca_pick_user_key (ca, name, role);
  GBytes *certificate = kiosk_test_ca_issue_certificate (ca, role, self->profile, key, error);

  if (certificate == NULL)
    return FALSE;
  EVP_PKEY_up_ref (key);
  if (role == KIOSK_TEST_CA_ROLE_AUTH)
    {
      self->auth_certificate = certificate;
      self->auth_ca = g_bytes_ref (kiosk_test_ca_get_auth_ca_der (ca));
      self->auth_key = key;
    }
  else
    {
      self->sign_certificate = certificate;
      self->sign_ca = g_bytes_ref (kiosk_test_ca_get_sign_ca_der (ca));
      self->sign_key = key;
    }
  return TRUE;
}

KioskVirtualCard *
kiosk_virtual_card_new (KioskCardProfile *profile, KioskTestCa *ca, GDateTime *now, GError **error)
{
  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (KIOSK_IS_TEST_CA (ca), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr (KioskVirtualCard) self = g_object_new (KIOSK_TYPE_VIRTUAL_CARD, NULL);
  KioskCardCertificates certificates = kiosk_card_profile_get_certificates (profile);
  guint8 token[TOKEN_SIZE];

  self->profile = kiosk_card_profile_ref (profile);
  self->atr = g_bytes_new_static (my_number_atr, sizeof my_number_atr);
  memset (token, ' ', sizeof token);
  memcpy (token, TOKEN_TEXT, strlen (TOKEN_TEXT));
  self->token = g_bytes_new (token, sizeof token);
  self->ca = g_object_ref (ca);

  /* The card id and K_card a real card gets at personalisation (MANAGEMENT.md). */
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_checksum_update (checksum, (const guchar *)CARD_ID_LABEL, strlen (CARD_ID_LABEL));
  g_checksum_update (checksum, (const guchar *)kiosk_card_profile_get_name (profile), -1);
  g_checksum_get_digest (checksum, digest, &digest_len);
  self->card_id = g_bytes_new (digest, KIOSK_CARD_MANAGEMENT_CARD_ID_LENGTH);
  self->card_key = kiosk_card_management_derive_key (kiosk_test_ca_get_management_master_key (ca),
                                                     self->card_id);

  /* The auth PIN is set when the card is made, whatever certificates it carries; the sign
   * password exists only with a signature certificate (jpki-card.md §4; CARD-NOTES.md). */
  pin_ef_init (&self->auth_pin, kiosk_card_profile_get_auth_pin (profile),
               kiosk_card_profile_get_auth_tries (profile), 3);
  if (certificates != KIOSK_CARD_CERTIFICATES_NONE
      && !issue (self, ca, KIOSK_TEST_CA_ROLE_AUTH, error))
    return NULL;
  if (certificates == KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN)
    {
      if (!issue (self, ca, KIOSK_TEST_CA_ROLE_SIGN, error))
        return NULL;
      pin_ef_init (&self->sign_pin, kiosk_card_profile_get_sign_password (profile),
                   kiosk_card_profile_get_sign_tries (profile), 5);
    }

  return g_steal_pointer (&self);
}

KioskCardProfile *
kiosk_virtual_card_get_profile (KioskVirtualCard *self)
{
  g_return_val_if_fail (KIOSK_IS_VIRTUAL_CARD (self), NULL);
  return self->profile;
}

GBytes *
kiosk_virtual_card_get_atr (KioskVirtualCard *self)
{
  g_return_val_if_fail (KIOSK_IS_VIRTUAL_CARD (self), NULL);
  return self->atr;
}

GBytes *
kiosk_virtual_card_get_card_id (KioskVirtualCard *self)
{
  g_return_val_if_fail (KIOSK_IS_VIRTUAL_CARD (self), NULL);
  return self->card_id;
}

gboolean
kiosk_virtual_card_is_managing (KioskVirtualCard *self)
{
  g_return_val_if_fail (KIOSK_IS_VIRTUAL_CARD (self), FALSE);

  g_mutex_lock (&self->lock);
  gboolean managing = self->managing;
  g_mutex_unlock (&self->lock);
  return managing;
}

/* Caller holds the lock. Leaving the AP, a reset or a pull also ends the management state and
 * drops its pending data and any challenge (MANAGEMENT.md). */
static void
clear_security_state (KioskVirtualCard *self)
{
  self->auth_pin.verified = FALSE;
  self->sign_pin.verified = FALSE;
  self->has_challenge = FALSE;
  end_management (self);
}

void
kiosk_virtual_card_reset (KioskVirtualCard *self)
{
  g_return_if_fail (KIOSK_IS_VIRTUAL_CARD (self));

  g_mutex_lock (&self->lock);
  clear_security_state (self);
  self->jpki_selected = FALSE;
  self->current_ef = FID_NONE;
  self->apdus_since_reset = 0;
  self->pulled = FALSE;
  g_mutex_unlock (&self->lock);
}

guint
kiosk_virtual_card_get_apdu_count (KioskVirtualCard *self)
{
  g_return_val_if_fail (KIOSK_IS_VIRTUAL_CARD (self), 0);

  g_mutex_lock (&self->lock);
  guint count = self->apdu_count;
  g_mutex_unlock (&self->lock);
  return count;
}

GBytes *
kiosk_virtual_card_get_auth_certificate (KioskVirtualCard *self)
{
  g_return_val_if_fail (KIOSK_IS_VIRTUAL_CARD (self), NULL);
  return self->auth_certificate;
}

GBytes *
kiosk_virtual_card_get_sign_certificate (KioskVirtualCard *self)
{
  g_return_val_if_fail (KIOSK_IS_VIRTUAL_CARD (self), NULL);
  return self->sign_certificate;
}

/* --- APDU handling (the lock is held from here down) ------------------------------------ */

typedef struct
{
  guint8 cla, ins, p1, p2;
  const guint8 *data; /* NULL when there is no command data */
  gsize lc;
  gboolean has_le;
  gsize le; /* 1 … 256; 00 means 256 */
} Apdu;

/* Short APDUs only (cases 1–4): no JPKI client sends extended ones to the card (jpki-card.md
 * §3; pymyna's extended READ is untested). Anything else is a wrong length. */
static gboolean
parse_apdu (const guint8 *command, gsize len, Apdu *apdu)
{
  memset (apdu, 0, sizeof *apdu);
  if (len < 4)
    return FALSE;
  apdu->cla = command[0];
  apdu->ins = command[1];
  apdu->p1 = command[2];
  apdu->p2 = command[3];
  if (len == 4)
    return TRUE;
  if (len == 5)
    {
      apdu->has_le = TRUE;
      apdu->le = command[4] == 0 ? 256 : command[4];
      return TRUE;
    }
  apdu->lc = command[4];
  if (apdu->lc == 0) /* an extended-length APDU */
    return FALSE;
  apdu->data = command + 5;
  if (len == 5 + apdu->lc)
    return TRUE;
  if (len == 6 + apdu->lc)
    {
      apdu->has_le = TRUE;
      apdu->le = command[len - 1] == 0 ? 256 : command[len - 1];
      return TRUE;
    }
  return FALSE;
}

static GBytes *
status_only (guint16 sw)
{
  guint8 bytes[2] = { sw >> 8, sw & 0xff };
  return g_bytes_new (bytes, sizeof bytes);
}

static GBytes *
data_and_status (const guint8 *data, gsize len, guint16 sw)
{
  GByteArray *response = g_byte_array_sized_new (len + 2);
  guint8 status[2] = { sw >> 8, sw & 0xff };

  g_byte_array_append (response, data, len);
  g_byte_array_append (response, status, sizeof status);
  return g_byte_array_free_to_bytes (response);
}

static gboolean
is_other_ap (const guint8 *aid, gsize len)
{
  for (guint i = 0; i < G_N_ELEMENTS (other_ap_aids); i++)
    if (len == sizeof other_ap_aids[i] && memcmp (aid, other_ap_aids[i], len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
ef_exists (KioskVirtualCard *self, guint16 fid)
{
  switch (fid)
    {
    case FID_TOKEN:
    case FID_AUTH_CERT:
    case FID_AUTH_CA:
    case FID_SIGN_CERT:
    case FID_SIGN_CA:
    case FID_AUTH_KEY:
    case FID_SIGN_KEY:
    case FID_AUTH_PIN:
      return TRUE;
    case FID_SIGN_PIN:
      return self->sign_pin.present;
    default:
      return FALSE;
    }
}

static PinEf *
current_pin (KioskVirtualCard *self)
{
  if (self->current_ef == FID_AUTH_PIN)
    return &self->auth_pin;
  if (self->current_ef == FID_SIGN_PIN && self->sign_pin.present)
    return &self->sign_pin;
  return NULL;
}

static GBytes *
select_file (KioskVirtualCard *self, const Apdu *apdu)
{
  /* P2 0C (no response data) is what every client sends; 00 (return FCI) is accepted and answered
   * with no FCI (jpki-card.md §9.2). */
  if ((apdu->p2 != 0x0C && apdu->p2 != 0x00) || (apdu->p1 != 0x04 && apdu->p1 != 0x02))
    return status_only (SW_WRONG_P1P2);
  if (apdu->data == NULL)
    return status_only (SW_WRONG_LENGTH);

  if (apdu->p1 == 0x04)
    {
      if (apdu->lc > 16)
        return status_only (SW_WRONG_LENGTH);
      if (apdu->lc == sizeof jpki_aid && memcmp (apdu->data, jpki_aid, sizeof jpki_aid) == 0)
        {
          /* Re-selecting the JPKI AP clears its security state, as OpenSC's logout assumes. */
          clear_security_state (self);
          self->jpki_selected = TRUE;
          self->current_ef = FID_NONE;
          return status_only (SW_OK);
        }
      if (is_other_ap (apdu->data, apdu->lc))
        {
          /* The real card would switch to that AP and so leave the JPKI AP and its PIN state;
           * we do not model those APs, so we answer "not found" from outside any AP. */
          clear_security_state (self);
          self->jpki_selected = FALSE;
          self->current_ef = FID_NONE;
        }
      /* Truly unknown AIDs leave everything as it was (ISO 7816-4: a failed SELECT changes
       * nothing). Never 9000: OpenSC's earlier drivers probe AIDs (jpki-card.md §1.2). */
      return status_only (SW_NOT_FOUND);
    }

  if (apdu->lc != 2)
    return status_only (SW_WRONG_LENGTH);
  if (!self->jpki_selected)
    return status_only (SW_NO_CURRENT_EF);

  guint16 fid = (guint16)(apdu->data[0] << 8 | apdu->data[1]);
  if (!ef_exists (self, fid))
    return status_only (SW_NOT_FOUND);
  self->current_ef = fid;
  return status_only (SW_OK);
}

/* The content of a transparent EF (NULL: empty), or FALSE when @fid is not one. */
static gboolean
transparent_content (KioskVirtualCard *self, guint16 fid, GBytes **content)
{
  switch (fid)
    {
    case FID_TOKEN:
      *content = self->token;
      return TRUE;
    case FID_AUTH_CERT:
      *content = self->auth_certificate;
      return TRUE;
    case FID_AUTH_CA:
      *content = self->auth_ca;
      return TRUE;
    case FID_SIGN_CERT:
      *content = self->sign_certificate;
      return TRUE;
    case FID_SIGN_CA:
      *content = self->sign_ca;
      return TRUE;
    default:
      *content = NULL;
      return FALSE;
    }
}

static GBytes *
read_binary (KioskVirtualCard *self, const Apdu *apdu)
{
  GBytes *content;

  if (apdu->data != NULL || !apdu->has_le)
    return status_only (SW_WRONG_LENGTH);
  if (apdu->p1 & 0x80) /* short EF identifier: no client uses it */
    return status_only (SW_WRONG_P1P2);
  if (!self->jpki_selected || self->current_ef == FID_NONE)
    return status_only (SW_NO_CURRENT_EF);
  if (!transparent_content (self, self->current_ef, &content))
    return status_only (SW_INCOMPATIBLE_FILE);
  /* The sign certificate needs the sign password (jpki-card.md §4). A card without it has no
   * 001B, hence no condition left to check: its empty EF reads as empty. */
  if (self->current_ef == FID_SIGN_CERT && self->sign_pin.present && !self->sign_pin.verified)
    return status_only (SW_SECURITY_NOT_SATISFIED);

  gsize offset = (gsize)apdu->p1 << 8 | apdu->p2;
  gsize size = content != NULL ? g_bytes_get_size (content) : 0;
  if (offset >= size)
    return status_only (SW_OFFSET_OUTSIDE_EF);

  /* Le past the end: what is left, with 9000 (jpki-card.md §3.2). */
  gsize count = MIN (apdu->le, size - offset);
  const guint8 *bytes = g_bytes_get_data (content, NULL);
  return data_and_status (bytes + offset, count, SW_OK);
}

static GBytes *
verify (KioskVirtualCard *self, const Apdu *apdu)
{
  if (apdu->p1 != 0x00 || apdu->p2 != 0x80)
    return status_only (SW_WRONG_P1P2);
  if (apdu->has_le)
    return status_only (SW_WRONG_LENGTH);

  PinEf *pin = current_pin (self);
  if (!self->jpki_selected || pin == NULL)
    return status_only (SW_NO_CURRENT_EF);

  /* The empty VERIFY is the retry-counter query: 63Cx always, also when verified (OpenSC's bind
   * needs SW1 63) or blocked (63C0). */
  if (apdu->data == NULL)
    return status_only (0x63C0 | pin->tries_left);
  if (pin->tries_left == 0)
    return status_only (SW_BLOCKED);
  /* A sign password EF created by a renewal, before its password is set (MANAGEMENT.md). */
  if (pin->value == NULL)
    return status_only (SW_CONDITIONS_NOT_SATISFIED);

  /* A PIN of the wrong length is just a wrong PIN (it costs a try): the worst case the kiosk
   * must guard against by checking the format first. */
  gboolean match = apdu->lc == kiosk_secret_get_length (pin->value)
                   && CRYPTO_memcmp (apdu->data, kiosk_secret_get_data (pin->value), apdu->lc) == 0;
  if (!match)
    {
      pin->tries_left--;
      pin->verified = FALSE;
      return status_only (0x63C0 | pin->tries_left);
    }
  pin->tries_left = pin->max_tries;
  pin->verified = TRUE;
  return status_only (SW_OK);
}

static GBytes *
change_reference_data (KioskVirtualCard *self, const Apdu *apdu)
{
  if (apdu->p1 != 0x01 || apdu->p2 != 0x80)
    return status_only (SW_WRONG_P1P2);
  if (apdu->data == NULL || apdu->has_le)
    return status_only (SW_WRONG_LENGTH);

  PinEf *pin = current_pin (self);
  if (!self->jpki_selected || pin == NULL)
    return status_only (SW_NO_CURRENT_EF);
  /* In the management state the issuer sets the secret: no VERIFY, also on a blocked PIN. */
  if (!self->managing && pin->tries_left == 0)
    return status_only (SW_BLOCKED);
  if (!self->managing && !pin->verified)
    return status_only (SW_SECURITY_NOT_SATISFIED);

  gboolean valid = pin == &self->auth_pin
                       ? kiosk_card_profile_is_valid_auth_pin (apdu->data, apdu->lc)
                       : kiosk_card_profile_is_valid_sign_password (apdu->data, apdu->lc);
  if (!valid)
    return status_only (SW_WRONG_DATA);

  g_clear_pointer (&pin->value, kiosk_secret_unref);
  pin->value = kiosk_secret_new (apdu->data, apdu->lc);
  pin->tries_left = pin->max_tries;
  /* The holder just proved the old secret and chose the new one: the session stays verified.
   * Set by the issuer, the new value was not proven in this card session. */
  if (self->managing)
    pin->verified = FALSE;
  return status_only (SW_OK);
}

static GBytes *
compute_signature (KioskVirtualCard *self, const Apdu *apdu)
{
  EVP_PKEY *key;
  PinEf *pin;

  if (apdu->p1 != 0x00 || apdu->p2 != 0x80)
    return status_only (SW_WRONG_P1P2);
  /* Case 4 with Le = 00, as every client sends it (jpki-card.md §3.5). */
  if (apdu->data == NULL || !apdu->has_le || apdu->le != 256)
    return status_only (SW_WRONG_LENGTH);

  if (self->jpki_selected && self->current_ef == FID_AUTH_KEY)
    {
      key = self->auth_key;
      pin = &self->auth_pin;
    }
  else if (self->jpki_selected && self->current_ef == FID_SIGN_KEY)
    {
      key = self->sign_key;
      pin = &self->sign_pin;
    }
  else
    return status_only (SW_NO_CURRENT_EF);

  if (!pin->present || !pin->verified)
    return status_only (SW_SECURITY_NOT_SATISFIED);
  if (apdu->lc > MAX_SIGN_INPUT)
    return status_only (SW_WRONG_LENGTH);
  if (key == NULL) /* a card issued without certificates has no keys yet */
    return status_only (SW_CONDITIONS_NOT_SATISFIED);

  /* PKCS#1 v1.5 type-1 padding of the data as given (a DigestInfo; the card does not check)
   * and the RSA private operation: EVP_PKEY_sign with no signature digest set. */
  guint8 signature[SIGNATURE_SIZE];
  size_t signature_len = sizeof signature;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey (NULL, key, NULL);
  gboolean ok = ctx != NULL && EVP_PKEY_sign_init (ctx) == 1
                && EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING) == 1
                && EVP_PKEY_sign (ctx, signature, &signature_len, apdu->data, apdu->lc) == 1
                && signature_len == SIGNATURE_SIZE;
  EVP_PKEY_CTX_free (ctx);
  if (!ok)
    return status_only (SW_CONDITIONS_NOT_SATISFIED);
  return data_and_status (signature, signature_len, SW_OK);
}

/* --- Card management (MANAGEMENT.md) ------------------------------------------------------ */

static GBytes *
get_data (KioskVirtualCard *self, const Apdu *apdu)
{
  if (apdu->data != NULL || !apdu->has_le
      || (apdu->le != 256 && apdu->le != KIOSK_CARD_MANAGEMENT_CARD_ID_LENGTH))
    return status_only (SW_WRONG_LENGTH);
  if (!self->jpki_selected)
    return status_only (SW_NO_CURRENT_EF);
  if (apdu->p1 != 0x01 || apdu->p2 != 0x01)
    return status_only (SW_DATA_NOT_FOUND);
  return data_and_status (g_bytes_get_data (self->card_id, NULL), g_bytes_get_size (self->card_id),
                          SW_OK);
}

static GBytes *
get_challenge (KioskVirtualCard *self, const Apdu *apdu)
{
  if (apdu->p1 != 0x00 || apdu->p2 != 0x00)
    return status_only (SW_WRONG_P1P2);
  if (apdu->data != NULL || !apdu->has_le || apdu->le != sizeof self->challenge)
    return status_only (SW_WRONG_LENGTH);
  if (!self->jpki_selected)
    return status_only (SW_NO_CURRENT_EF);
  if (RAND_bytes (self->challenge, sizeof self->challenge) != 1)
    return status_only (SW_CONDITIONS_NOT_SATISFIED);
  self->has_challenge = TRUE;
  return data_and_status (self->challenge, sizeof self->challenge, SW_OK);
}

/* @challenge: the one GET CHALLENGE gave, taken by dispatch (NULL: none was fresh). */
static guint16
check_external_authenticate (KioskVirtualCard *self, const Apdu *apdu, const guint8 *challenge)
{
  if (apdu->p1 != 0x00 || apdu->p2 != 0x00)
    return SW_WRONG_P1P2;
  if (apdu->data == NULL || apdu->has_le)
    return SW_WRONG_LENGTH;
  gsize id_len = apdu->data[0];
  if (id_len == 0 || id_len > KIOSK_CARD_MANAGEMENT_SESSION_ID_MAX
      || apdu->lc != 1 + id_len + KIOSK_CARD_MANAGEMENT_CRYPTOGRAM_LENGTH)
    return SW_WRONG_LENGTH;
  if (!self->jpki_selected)
    return SW_NO_CURRENT_EF;
  if (!kiosk_card_management_session_id_bytes_are_valid (apdu->data + 1, id_len))
    return SW_WRONG_DATA;
  if (challenge == NULL)
    return SW_SECURITY_NOT_SATISFIED;

  g_autofree char *session_id = g_strndup ((const char *)apdu->data + 1, id_len);
  g_autoptr (GBytes) challenge_bytes = g_bytes_new (challenge, sizeof self->challenge);
  g_autoptr (GBytes) expected
             = kiosk_card_management_cryptogram (self->card_key, challenge_bytes, session_id);
  if (expected == NULL
      || CRYPTO_memcmp (g_bytes_get_data (expected, NULL), apdu->data + 1 + id_len,
                        KIOSK_CARD_MANAGEMENT_CRYPTOGRAM_LENGTH)
             != 0)
    return SW_SECURITY_NOT_SATISFIED;

  /* A fresh management state: nothing pending from an earlier one carries over. */
  end_management (self);
  self->managing = TRUE;
  self->session_id = g_steal_pointer (&session_id);
  return SW_OK;
}

static GBytes *
external_authenticate (KioskVirtualCard *self, const Apdu *apdu, const guint8 *challenge)
{
  guint16 sw = check_external_authenticate (self, apdu, challenge);

  /* Whatever failed, a management state the card was in ends: it never outlives a bad try. */
  if (sw != SW_OK)
    end_management (self);
  return status_only (sw);
}

static gboolean
holds_key (KioskVirtualCard *self, EVP_PKEY *key)
{
  EVP_PKEY *held[]
      = { self->auth_key, self->sign_key, self->pending_auth_key, self->pending_sign_key };

  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    if (held[i] != NULL && EVP_PKEY_eq (held[i], key) == 1)
      return TRUE;
  return FALSE;
}

/* A pool key the card does not hold, chosen deterministically (MANAGEMENT.md): real key
 * generation is too slow for hundreds of test cards. */
static EVP_PKEY *
pick_new_key (KioskVirtualCard *self, KioskTestCaRole role)
{
  const char *name = kiosk_card_profile_get_name (self->profile);

  for (guint attempt = 0; attempt < 256; attempt++)
    {
      g_autofree char *seed
          = g_strdup_printf ("%s/generated/%u/%u", name, self->keys_generated, attempt);
      EVP_PKEY *key = kiosk_test_ca_pick_user_key (self->ca, seed, role);
      if (key != NULL && !holds_key (self, key))
        {
          EVP_PKEY_up_ref (key);
          return key;
        }
    }
  return NULL;
}

static GBytes *
generate_key_pair (KioskVirtualCard *self, const Apdu *apdu)
{
  if (apdu->p1 != 0x00 || (apdu->p2 != (FID_AUTH_KEY & 0xff) && apdu->p2 != (FID_SIGN_KEY & 0xff)))
    return status_only (SW_WRONG_P1P2);
  if (apdu->data != NULL || !apdu->has_le || apdu->le != 256)
    return status_only (SW_WRONG_LENGTH);
  if (!self->managing)
    return status_only (SW_SECURITY_NOT_SATISFIED);

  gboolean auth = apdu->p2 == (FID_AUTH_KEY & 0xff);
  EVP_PKEY **pending = auth ? &self->pending_auth_key : &self->pending_sign_key;
  /* A second GENERATE for the same EF replaces the pending key: let it choose anew. */
  g_clear_pointer (pending, EVP_PKEY_free);
  EVP_PKEY *key = pick_new_key (self, auth ? KIOSK_TEST_CA_ROLE_AUTH : KIOSK_TEST_CA_ROLE_SIGN);
  BIGNUM *modulus = NULL;
  guint8 bytes[MODULUS_SIZE];
  if (key == NULL || EVP_PKEY_get_bn_param (key, OSSL_PKEY_PARAM_RSA_N, &modulus) != 1
      || BN_bn2binpad (modulus, bytes, sizeof bytes) != sizeof bytes)
    {
      BN_free (modulus);
      EVP_PKEY_free (key);
      return status_only (SW_CONDITIONS_NOT_SATISFIED);
    }
  BN_free (modulus);
  *pending = key;
  self->keys_generated++;
  return data_and_status (bytes, sizeof bytes, SW_OK);
}

/* The pending content of a certificate EF, or NULL when @fid is not one. */
static GByteArray **
pending_certificate_slot (KioskVirtualCard *self, guint16 fid)
{
  switch (fid)
    {
    case FID_AUTH_CERT:
      return &self->pending_auth_certificate;
    case FID_AUTH_CA:
      return &self->pending_auth_ca;
    case FID_SIGN_CERT:
      return &self->pending_sign_certificate;
    case FID_SIGN_CA:
      return &self->pending_sign_ca;
    default:
      return NULL;
    }
}

static GBytes *
update_binary (KioskVirtualCard *self, const Apdu *apdu)
{
  if (apdu->p1 & 0x80) /* short EF identifier */
    return status_only (SW_WRONG_P1P2);
  if (apdu->data == NULL || apdu->has_le)
    return status_only (SW_WRONG_LENGTH);
  if (!self->managing)
    return status_only (SW_SECURITY_NOT_SATISFIED);
  if (!self->jpki_selected || self->current_ef == FID_NONE)
    return status_only (SW_NO_CURRENT_EF);
  GByteArray **slot = pending_certificate_slot (self, self->current_ef);
  if (slot == NULL)
    return status_only (SW_INCOMPATIBLE_FILE);

  gsize offset = (gsize)apdu->p1 << 8 | apdu->p2;
  if (offset >= MAX_EF_SIZE)
    return status_only (SW_OFFSET_OUTSIDE_EF);
  if (offset + apdu->lc > MAX_EF_SIZE)
    return status_only (SW_WRONG_LENGTH);

  if (*slot == NULL)
    *slot = g_byte_array_new ();
  if ((*slot)->len < offset + apdu->lc)
    {
      gsize old_len = (*slot)->len;
      g_byte_array_set_size (*slot, (guint)(offset + apdu->lc));
      if (offset > old_len)
        memset ((*slot)->data + old_len, 0, offset - old_len);
    }
  memcpy ((*slot)->data + offset, apdu->data, apdu->lc);
  return status_only (SW_OK);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)

static X509 *
parse_pending (GByteArray *content)
{
  const unsigned char *der = content->data;
  return d2i_X509 (NULL, &der, content->len);
}

/* Whether the user certificate of one role would be consistent after ACTIVATE: a pending key
 * needs a pending certificate, and a pending certificate must bind the key active after it. */
static gboolean
role_can_activate (EVP_PKEY *active_key, EVP_PKEY *pending_key, GByteArray *pending_certificate,
                   GByteArray *pending_ca)
{
  if (pending_ca != NULL)
    {
      g_autoptr (X509) ca = parse_pending (pending_ca);
      if (ca == NULL)
        return FALSE;
    }
  if (pending_certificate == NULL)
    return pending_key == NULL;

  g_autoptr (X509) certificate = parse_pending (pending_certificate);
  EVP_PKEY *key = pending_key != NULL ? pending_key : active_key;
  return certificate != NULL && key != NULL
         && EVP_PKEY_eq (X509_get0_pubkey (certificate), key) == 1;
}

static void
activate_certificate (GBytes **active, GByteArray **pending)
{
  if (*pending == NULL)
    return;
  g_clear_pointer (active, g_bytes_unref);
  *active = g_byte_array_free_to_bytes (g_steal_pointer (pending));
}

static void
activate_key (EVP_PKEY **active, EVP_PKEY **pending)
{
  if (*pending == NULL)
    return;
  g_clear_pointer (active, EVP_PKEY_free);
  *active = g_steal_pointer (pending);
}

static GBytes *
activate (KioskVirtualCard *self, const Apdu *apdu)
{
  if (apdu->p1 != 0x00 || apdu->p2 != 0x00)
    return status_only (SW_WRONG_P1P2);
  if (apdu->data != NULL || apdu->has_le)
    return status_only (SW_WRONG_LENGTH);
  if (!self->managing)
    return status_only (SW_SECURITY_NOT_SATISFIED);

  /* Every check first, then every change: the card is old or new, never a mix. */
  if (!role_can_activate (self->auth_key, self->pending_auth_key, self->pending_auth_certificate,
                          self->pending_auth_ca)
      || !role_can_activate (self->sign_key, self->pending_sign_key, self->pending_sign_certificate,
                             self->pending_sign_ca))
    return status_only (SW_CONDITIONS_NOT_SATISFIED);

  /* A first sign key brings its password EF, with no password until the issuer sets one. */
  if (self->pending_sign_key != NULL && !self->sign_pin.present)
    {
      self->sign_pin.present = TRUE;
      self->sign_pin.value = NULL;
      self->sign_pin.max_tries = 5;
      self->sign_pin.tries_left = 5;
      self->sign_pin.verified = FALSE;
    }
  activate_key (&self->auth_key, &self->pending_auth_key);
  activate_key (&self->sign_key, &self->pending_sign_key);
  activate_certificate (&self->auth_certificate, &self->pending_auth_certificate);
  activate_certificate (&self->auth_ca, &self->pending_auth_ca);
  activate_certificate (&self->sign_certificate, &self->pending_sign_certificate);
  activate_certificate (&self->sign_ca, &self->pending_sign_ca);
  return status_only (SW_OK);
}

static GBytes *
dispatch (KioskVirtualCard *self, const guint8 *command, gsize command_len)
{
  Apdu apdu;
  guint8 challenge[KIOSK_CARD_MANAGEMENT_CHALLENGE_LENGTH];
  gboolean had_challenge = self->has_challenge;

  /* Single-use: whatever this command is, the challenge is spent by it. */
  memcpy (challenge, self->challenge, sizeof challenge);
  self->has_challenge = FALSE;
  kiosk_secret_wipe (self->challenge, sizeof self->challenge);

  if (!parse_apdu (command, command_len, &apdu))
    return status_only (SW_WRONG_LENGTH);

  /* Only the plain ISO class and the proprietary class of COMPUTE DIGITAL SIGNATURE: no
   * logical channels, no secure messaging (no JPKI client uses either). */
  if (apdu.cla != 0x00 && apdu.cla != 0x80)
    return status_only (SW_CLA_NOT_SUPPORTED);

  switch (apdu.cla << 8 | apdu.ins)
    {
    case 0x00A4:
      return select_file (self, &apdu);
    case 0x00B0:
      return read_binary (self, &apdu);
    case 0x0020:
      return verify (self, &apdu);
    case 0x0024:
      return change_reference_data (self, &apdu);
    case 0x802A:
      return compute_signature (self, &apdu);
    case 0x00CA:
      return get_data (self, &apdu);
    case 0x0084:
      return get_challenge (self, &apdu);
    case 0x0082:
      {
        GBytes *response = external_authenticate (self, &apdu, had_challenge ? challenge : NULL);
        kiosk_secret_wipe (challenge, sizeof challenge);
        return response;
      }
    case 0x0046:
      return generate_key_pair (self, &apdu);
    case 0x00D6:
      return update_binary (self, &apdu);
    case 0x0044:
      return activate (self, &apdu);
    default:
      return status_only (SW_INS_NOT_SUPPORTED);
    }
}

GBytes *
kiosk_virtual_card_process (KioskVirtualCard *self, const guint8 *command, gsize command_len,
                            gboolean *pulled)
{
  g_return_val_if_fail (KIOSK_IS_VIRTUAL_CARD (self), NULL);
  g_return_val_if_fail (command != NULL || command_len == 0, NULL);

  gboolean ignored;
  if (pulled == NULL)
    pulled = &ignored;
  *pulled = FALSE;

  /* A slow card is slow before it answers; sleep unlocked so a reset can still come in. */
  guint latency_ms = kiosk_card_profile_get_apdu_latency_ms (self->profile);
  if (latency_ms > 0)
    g_usleep ((gulong)latency_ms * 1000);

  g_mutex_lock (&self->lock);
  if (self->pulled)
    {
      g_mutex_unlock (&self->lock);
      *pulled = TRUE;
      return NULL;
    }
  self->apdu_count++;
  self->apdus_since_reset++;
  guint pull_at = kiosk_card_profile_get_pull_at_apdu (self->profile);
  if (pull_at != 0 && !self->pull_fired && self->apdus_since_reset == pull_at)
    {
      self->pull_fired = TRUE;
      self->pulled = TRUE;
      clear_security_state (self);
      g_mutex_unlock (&self->lock);
      *pulled = TRUE;
      return NULL;
    }
  GBytes *response = dispatch (self, command, command_len);
  g_mutex_unlock (&self->lock);
  return response;
}
