/* kiosk-jpki.c: the JPKI AP protocol of the My Number card (jpki-card.md §3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-jpki.h"

#include <string.h>

#include "kiosk-card-error.h"

const guint8 kiosk_jpki_aid[10] = { 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01 };

#define SW_OK 0x9000
/* ISO 7816-4 warning "end of file reached before Le bytes": data follows, as with 9000. */
#define SW_END_REACHED 0x6282
#define SW_NOT_FOUND 0x6A82
#define SW_WRONG_OFFSET 0x6B00
#define SW_BLOCKED 0x6984

/* Short APDUs: at most 256 bytes per READ BINARY (Le = 00). */
#define READ_CHUNK 256
/* READ BINARY offsets are 15 bits (P1 bit 8 would select an SFI), so no EF we can read is larger.
 */
#define MAX_EF_LENGTH 0x7FFF
/* The token EF: JPKIAPICCTOKEN2 padded with spaces to 32 bytes (jpki-card.md §2.2). */
#define TOKEN_READ_LENGTH 0x20
#define MY_NUMBER_CARD_TOKEN "JPKIAPICCTOKEN2"
/* A bound on GET RESPONSE chains so a card that keeps answering 61xx cannot hold us forever. */
#define MAX_GET_RESPONSES 64

typedef struct
{
  guint16 pin_ef;
  guint16 key_ef;
  guint max_tries; /* the counter's value after a successful VERIFY (jpki-card.md §6) */
  const char *name;
} SecretFiles;

static const SecretFiles secret_files[] = {
  [KIOSK_JPKI_AUTH] = { KIOSK_JPKI_EF_AUTH_PIN, KIOSK_JPKI_EF_AUTH_KEY, 3, "auth PIN" },
  [KIOSK_JPKI_SIGN] = { KIOSK_JPKI_EF_SIGN_PIN, KIOSK_JPKI_EF_SIGN_KEY, 5, "sign password" },
};

static const SecretFiles *
get_secret_files (KioskJpkiSecret which)
{
  g_assert ((guint)which < G_N_ELEMENTS (secret_files));
  return &secret_files[which];
}

/* TRUE when a command APDU ends with an Le byte (ISO 7816-3 cases 2 and 4, short form). */
static gboolean
apdu_has_le (const guint8 *apdu, gsize len)
{
  return len == 5 || (len > 5 && len == 6 + (gsize)apdu[4]);
}

/*
 * Sends one command and collects its whole answer. No JPKI client has needed 61xx or 6Cxx
 * (jpki-card.md §10), but T=0 readers can produce them: 61xx is followed with GET RESPONSE,
 * and 6Cxx resends the command once with the Le the card asked for. Returns the data without the
 * status word and sets *sw to the last status word.
 */
static GBytes *
transceive (KioskCardTransport *t, const guint8 *apdu, gsize apdu_len, const char *what,
            guint16 *sw, GCancellable *cancellable, GError **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 resend[5 + 255 + 1];
  guint8 get_response[5] = { 0x00, 0xC0, 0x00, 0x00, 0x00 };
  const guint8 *command = apdu;
  gsize command_len = apdu_len;
  gboolean resent = FALSE;
  guint get_responses = 0;

  g_assert (apdu_len <= sizeof resend);

  for (;;)
    {
      g_autoptr (GBytes) response = NULL;
      const guint8 *bytes;
      gsize len;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;

      response = kiosk_card_transport_transmit (t, command, command_len, error);
      if (response == NULL)
        {
          g_prefix_error (error, "%s: ", what);
          break;
        }

      bytes = g_bytes_get_data (response, &len);
      g_assert (len >= 2); /* the transport base class guarantees a status word */

      guint8 sw1 = bytes[len - 2];
      guint8 sw2 = bytes[len - 1];

      g_byte_array_append (data, bytes, len - 2);

      if (sw1 == 0x61 && get_responses < MAX_GET_RESPONSES)
        {
          get_response[4] = sw2;
          command = get_response;
          command_len = sizeof get_response;
          get_responses++;
          continue;
        }
      if (sw1 == 0x6C && !resent && command == apdu && apdu_has_le (apdu, apdu_len))
        {
          memcpy (resend, apdu, apdu_len);
          resend[apdu_len - 1] = sw2;
          command = resend;
          resent = TRUE;
          g_byte_array_set_size (data, 0);
          continue;
        }

      *sw = (guint16)(sw1 << 8 | sw2);
      kiosk_secret_wipe (resend, sizeof resend);
      return g_byte_array_free_to_bytes (g_steal_pointer (&data));
    }

  kiosk_secret_wipe (resend, sizeof resend);
  return NULL;
}

/* Sends a command whose only good answer is 9000 and whose data does not matter. */
static gboolean
transceive_ok (KioskCardTransport *t, const guint8 *apdu, gsize apdu_len, const char *what,
               GCancellable *cancellable, GError **error)
{
  guint16 sw = 0;
  g_autoptr (GBytes) data = transceive (t, apdu, apdu_len, what, &sw, cancellable, error);

  if (data == NULL)
    return FALSE;
  if (sw != SW_OK)
    {
      kiosk_card_error_set_from_sw (error, sw, what);
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_jpki_select_ap (KioskCardTransport *t, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), FALSE);

  guint8 apdu[5 + sizeof kiosk_jpki_aid] = { 0x00, 0xA4, 0x04, 0x0C, sizeof kiosk_jpki_aid };
  guint16 sw = 0;

  memcpy (apdu + 5, kiosk_jpki_aid, sizeof kiosk_jpki_aid);

  g_autoptr (GBytes) data = transceive (t, apdu, sizeof apdu, "SELECT AP", &sw, cancellable, error);
  if (data == NULL)
    return FALSE;

  if (sw == SW_NOT_FOUND)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NOT_JPKI,
                   "SW %04X: SELECT AP: the card has no JPKI AP", sw);
      return FALSE;
    }
  if (sw != SW_OK)
    {
      kiosk_card_error_set_from_sw (error, sw, "SELECT AP");
      return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_jpki_select_ef (KioskCardTransport *t, guint16 fid, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), FALSE);

  const guint8 apdu[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, fid >> 8, fid & 0xFF };
  g_autofree char *what = g_strdup_printf ("SELECT EF %04X", fid);

  return transceive_ok (t, apdu, sizeof apdu, what, cancellable, error);
}

/* One READ BINARY of @le bytes (1..256) at @offset of the current EF. */
static GBytes *
read_binary (KioskCardTransport *t, guint16 offset, guint le, guint16 *sw,
             GCancellable *cancellable, GError **error)
{
  g_assert (offset <= MAX_EF_LENGTH && le >= 1 && le <= READ_CHUNK);

  const guint8 apdu[] = { 0x00, 0xB0, offset >> 8, offset & 0xFF, le & 0xFF };
  g_autofree char *what = g_strdup_printf ("READ BINARY at %04X", offset);

  return transceive (t, apdu, sizeof apdu, what, sw, cancellable, error);
}

static gboolean
read_sw_ok (guint16 sw)
{
  return sw == SW_OK || sw == SW_END_REACHED;
}

gboolean
kiosk_jpki_check_token (KioskCardTransport *t, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), FALSE);

  g_autoptr (GError) local_error = NULL;
  guint16 sw = 0;

  if (!kiosk_jpki_select_ef (t, KIOSK_JPKI_EF_TOKEN, cancellable, &local_error))
    {
      if (g_error_matches (local_error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NOT_FOUND))
        {
          g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NOT_JPKI,
                       "the JPKI AP has no token EF: %s", local_error->message);
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_autoptr (GBytes) token = read_binary (t, 0, TOKEN_READ_LENGTH, &sw, cancellable, error);
  if (token == NULL)
    return FALSE;
  if (!read_sw_ok (sw))
    {
      kiosk_card_error_set_from_sw (error, sw, "READ BINARY token");
      return FALSE;
    }

  gsize len;
  const char *text = g_bytes_get_data (token, &len);

  /* Real cards pad with spaces and clients trim only those (jpki-card.md §2.2). */
  while (len > 0 && text[len - 1] == ' ')
    len--;

  if (len == strlen (MY_NUMBER_CARD_TOKEN) && memcmp (text, MY_NUMBER_CARD_TOKEN, len) == 0)
    return TRUE;

  /* g_strndup (NULL, 0) is NULL: an empty answer has no data pointer. */
  g_autofree char *shown = len > 0 ? g_strndup (text, len) : g_strdup ("");
  for (char *c = shown; *c != '\0'; c++)
    if (!g_ascii_isprint (*c))
      *c = '.';

  g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NOT_JPKI,
               "token \"%s\" is not a My Number card's (%s)", shown,
               g_str_equal (shown, "JPKIAPICCTOKEN") ? "a Basic Resident Registration card"
                                                     : "unknown card");
  return FALSE;
}

/* Total length (header included) of the DER SEQUENCE at the start of @der, or 0 (and @error)
 * when the header is not one this reader accepts. */
static gsize
der_sequence_length (const guint8 *der, gsize len, GError **error)
{
  gsize header, content;

  if (len < 2 || der[0] != 0x30)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "the EF does not start with a DER SEQUENCE");
      return 0;
    }

  if (der[1] < 0x80)
    {
      header = 2;
      content = der[1];
    }
  else if (der[1] == 0x81 && len >= 3)
    {
      header = 3;
      content = der[2];
    }
  else if (der[1] == 0x82 && len >= 4)
    {
      header = 4;
      content = (gsize)der[2] << 8 | der[3];
    }
  else
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "unsupported DER length form %02X", der[1]);
      return 0;
    }

  if (header + content > MAX_EF_LENGTH)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "a certificate of %" G_GSIZE_FORMAT " bytes cannot be read with short offsets",
                   header + content);
      return 0;
    }
  return header + content;
}

GBytes *
kiosk_jpki_read_certificate (KioskCardTransport *t, guint16 fid, GCancellable *cancellable,
                             GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), NULL);

  guint16 sw = 0;

  if (!kiosk_jpki_select_ef (t, fid, cancellable, error))
    return NULL;

  /* The first read asks for a full chunk rather than a 4- or 7-byte header as other clients do:
   * its header gives the length, and a certificate of up to 256 bytes needs no second read. */
  g_autoptr (GBytes) first = read_binary (t, 0, READ_CHUNK, &sw, cancellable, error);
  if (first == NULL)
    return NULL;

  gsize first_len;
  const guint8 *first_data = g_bytes_get_data (first, &first_len);

  /* 6B00 is what real cards give (jpki-card.md §3.2); 9000 with no data is the other convention
   * seen (jpki/myna's dummy card). Both mean an empty EF. */
  if (sw == SW_WRONG_OFFSET || (read_sw_ok (sw) && first_len == 0))
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_END_OF_FILE,
                   "SW %04X: EF %04X is empty", sw, fid);
      return NULL;
    }
  if (!read_sw_ok (sw))
    {
      kiosk_card_error_set_from_sw (error, sw, "READ BINARY");
      return NULL;
    }
  if (first_len > READ_CHUNK)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "READ BINARY answered %" G_GSIZE_FORMAT " bytes for 256", first_len);
      return NULL;
    }

  gsize total = der_sequence_length (first_data, first_len, error);
  if (total == 0)
    return NULL;

  if (first_len < MIN (total, READ_CHUNK))
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "EF %04X: READ BINARY gave %" G_GSIZE_FORMAT " bytes of a %" G_GSIZE_FORMAT
                   "-byte certificate",
                   fid, first_len, total);
      return NULL;
    }

  g_autoptr (GByteArray) der = g_byte_array_sized_new (total);
  /* An EF may be longer than its certificate (padding): keep only the certificate. */
  g_byte_array_append (der, first_data, MIN (total, first_len));

  while (der->len < total)
    {
      guint16 offset = der->len;
      guint want = MIN (total - der->len, READ_CHUNK);
      g_autoptr (GBytes) chunk = read_binary (t, offset, want, &sw, cancellable, error);

      if (chunk == NULL)
        return NULL;
      if (sw == SW_WRONG_OFFSET)
        {
          g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                       "SW %04X: EF %04X ends at %04X, before its %" G_GSIZE_FORMAT
                       "-byte certificate",
                       sw, fid, offset, total);
          return NULL;
        }
      if (!read_sw_ok (sw))
        {
          kiosk_card_error_set_from_sw (error, sw, "READ BINARY");
          return NULL;
        }
      if (g_bytes_get_size (chunk) != want)
        {
          g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                       "EF %04X: READ BINARY at %04X gave %" G_GSIZE_FORMAT " bytes for %u", fid,
                       offset, g_bytes_get_size (chunk), want);
          return NULL;
        }
      g_byte_array_append (der, g_bytes_get_data (chunk, NULL), want);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&der));
}

gboolean
kiosk_jpki_get_tries_left (KioskCardTransport *t, KioskJpkiSecret which, guint *tries_left,
                           GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), FALSE);
  g_return_val_if_fail ((guint)which < G_N_ELEMENTS (secret_files), FALSE);

  const SecretFiles *files = get_secret_files (which);
  /* VERIFY without data (case 1) asks for the counter and spends no try (jpki-card.md §3.3). */
  static const guint8 apdu[] = { 0x00, 0x20, 0x00, 0x80 };
  guint16 sw = 0;
  guint tries;

  if (!kiosk_jpki_select_ef (t, files->pin_ef, cancellable, error))
    return FALSE;

  g_autofree char *what = g_strdup_printf ("VERIFY (query) %s", files->name);
  g_autoptr (GBytes) data = transceive (t, apdu, sizeof apdu, what, &sw, cancellable, error);
  if (data == NULL)
    return FALSE;

  if ((sw & 0xFFF0) == 0x63C0)
    tries = sw & 0x0F;
  else if (sw == SW_OK)
    /* ISO lets a card answer 9000 while the PIN is verified; only a successful VERIFY verifies,
     * and success resets the counter, so it is at its maximum. */
    tries = files->max_tries;
  else if (sw == SW_BLOCKED)
    tries = 0;
  else
    {
      kiosk_card_error_set_from_sw (error, sw, what);
      return FALSE;
    }

  if (tries_left != NULL)
    *tries_left = tries;
  return TRUE;
}

/* Fills @apdu with a case 3 command carrying @secret and returns its length, or 0 (and @error)
 * when the secret cannot go in a short APDU. */
static gsize
build_secret_apdu (guint8 apdu[5 + 255], guint8 ins, guint8 p1, KioskSecret *secret, GError **error)
{
  gsize len = kiosk_secret_get_length (secret);

  if (len == 0 || len > 255)
    {
      /* An empty one would be the counter query: never send that by accident. */
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_LENGTH,
                   "a PIN of %" G_GSIZE_FORMAT " characters cannot be sent", len);
      return 0;
    }

  apdu[0] = 0x00;
  apdu[1] = ins;
  apdu[2] = p1;
  apdu[3] = 0x80;
  apdu[4] = (guint8)len;
  memcpy (apdu + 5, kiosk_secret_get_data (secret), len);
  return 5 + len;
}

gboolean
kiosk_jpki_verify (KioskCardTransport *t, KioskJpkiSecret which, KioskSecret *secret,
                   guint *tries_left, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), FALSE);
  g_return_val_if_fail ((guint)which < G_N_ELEMENTS (secret_files), FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);

  const SecretFiles *files = get_secret_files (which);
  guint8 apdu[5 + 255];
  guint16 sw = 0;
  gsize apdu_len;

  if (!kiosk_jpki_select_ef (t, files->pin_ef, cancellable, error))
    return FALSE;

  apdu_len = build_secret_apdu (apdu, 0x20, 0x00, secret, error);
  if (apdu_len == 0)
    return FALSE;

  g_autofree char *what = g_strdup_printf ("VERIFY %s", files->name);
  g_autoptr (GBytes) data = transceive (t, apdu, apdu_len, what, &sw, cancellable, error);
  kiosk_secret_wipe (apdu, sizeof apdu);
  if (data == NULL)
    return FALSE;

  if (sw == SW_OK)
    {
      if (tries_left != NULL)
        *tries_left = files->max_tries;
      return TRUE;
    }

  int left = -1;
  kiosk_card_error_from_sw (sw, &left);
  if (sw == SW_BLOCKED)
    left = 0;
  if (left >= 0 && tries_left != NULL)
    *tries_left = left;
  kiosk_card_error_set_from_sw (error, sw, what);
  return FALSE;
}

/* CHANGE REFERENCE DATA on the PIN EF already selected. */
static gboolean
send_change (KioskCardTransport *t, const SecretFiles *files, KioskSecret *new_secret,
             GCancellable *cancellable, GError **error)
{
  guint8 apdu[5 + 255];
  gsize apdu_len;

  apdu_len = build_secret_apdu (apdu, 0x24, 0x01, new_secret, error);
  if (apdu_len == 0)
    return FALSE;

  g_autofree char *what = g_strdup_printf ("CHANGE REFERENCE DATA %s", files->name);
  gboolean ok = transceive_ok (t, apdu, apdu_len, what, cancellable, error);
  kiosk_secret_wipe (apdu, sizeof apdu);
  return ok;
}

gboolean
kiosk_jpki_change (KioskCardTransport *t, KioskJpkiSecret which, KioskSecret *new_secret,
                   GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), FALSE);
  g_return_val_if_fail ((guint)which < G_N_ELEMENTS (secret_files), FALSE);
  g_return_val_if_fail (new_secret != NULL, FALSE);

  const SecretFiles *files = get_secret_files (which);

  /* Selecting the PIN EF again keeps the verified state (jpki-card.md §3.6) and makes sure the
   * new value goes to the secret the caller named, whatever ran in between. */
  if (!kiosk_jpki_select_ef (t, files->pin_ef, cancellable, error))
    return FALSE;
  return send_change (t, files, new_secret, cancellable, error);
}

gboolean
kiosk_jpki_verify_and_change (KioskCardTransport *t, KioskJpkiSecret which, KioskSecret *current,
                              KioskSecret *new_secret, guint *tries_left, GCancellable *cancellable,
                              GError **error)
{
  g_return_val_if_fail (new_secret != NULL, FALSE);

  /* The VERIFY leaves the PIN EF selected: nothing runs in between, so no second SELECT. */
  if (!kiosk_jpki_verify (t, which, current, tries_left, cancellable, error))
    return FALSE;
  return send_change (t, get_secret_files (which), new_secret, cancellable, error);
}

GBytes *
kiosk_jpki_sign (KioskCardTransport *t, KioskJpkiSecret which, GBytes *digest_info,
                 GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), NULL);
  g_return_val_if_fail ((guint)which < G_N_ELEMENTS (secret_files), NULL);
  g_return_val_if_fail (digest_info != NULL, NULL);

  const SecretFiles *files = get_secret_files (which);
  gsize len;
  const guint8 *data = g_bytes_get_data (digest_info, &len);
  guint8 apdu[5 + 255 + 1];
  guint16 sw = 0;

  if (len == 0 || len > 255)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_LENGTH,
                   "%" G_GSIZE_FORMAT " bytes cannot be signed in one short APDU", len);
      return NULL;
    }

  if (!kiosk_jpki_select_ef (t, files->key_ef, cancellable, error))
    return NULL;

  /* Proprietary class 80, case 4 with Le = 00: the 256-byte RSA-2048 signature (§3.5). */
  apdu[0] = 0x80;
  apdu[1] = 0x2A;
  apdu[2] = 0x00;
  apdu[3] = 0x80;
  apdu[4] = (guint8)len;
  memcpy (apdu + 5, data, len);
  apdu[5 + len] = 0x00;

  g_autofree char *what = g_strdup_printf ("COMPUTE DIGITAL SIGNATURE with %s key",
                                           which == KIOSK_JPKI_AUTH ? "auth" : "sign");
  g_autoptr (GBytes) signature = transceive (t, apdu, 6 + len, what, &sw, cancellable, error);
  if (signature == NULL)
    return NULL;
  if (sw != SW_OK)
    {
      kiosk_card_error_set_from_sw (error, sw, what);
      return NULL;
    }
  if (g_bytes_get_size (signature) != 256)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "%s: a signature of %" G_GSIZE_FORMAT " bytes, not 256", what,
                   g_bytes_get_size (signature));
      return NULL;
    }
  return g_steal_pointer (&signature);
}

GBytes *
kiosk_jpki_sha256_digest_info (const guint8 *data, gsize len)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  /* DER DigestInfo { AlgorithmIdentifier sha256 NULL, OCTET STRING (32) } (RFC 8017 §9.2). */
  static const guint8 prefix[] = { 0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                   0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20 };
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest_info[sizeof prefix + 32];
  gsize digest_len = 32;

  g_checksum_update (checksum, data, len);
  memcpy (digest_info, prefix, sizeof prefix);
  g_checksum_get_digest (checksum, digest_info + sizeof prefix, &digest_len);
  g_assert (digest_len == 32);

  return g_bytes_new (digest_info, sizeof digest_info);
}

/* --- Card management (cardio/virtual/MANAGEMENT.md) ---------------------------------------- */

#define CARD_ID_LENGTH 16
#define CHALLENGE_LENGTH 8
#define CRYPTOGRAM_LENGTH 32
#define SESSION_ID_MAX 64
#define MODULUS_LENGTH 256
#define WRITE_CHUNK 255
#define MAX_WRITE_LENGTH 4096

/* Sends a command whose good answer is 9000 with exactly @expected bytes of data. */
static GBytes *
transceive_data (KioskCardTransport *t, const guint8 *apdu, gsize apdu_len, const char *what,
                 gsize expected, GCancellable *cancellable, GError **error)
{
  guint16 sw = 0;
  g_autoptr (GBytes) data = transceive (t, apdu, apdu_len, what, &sw, cancellable, error);

  if (data == NULL)
    return NULL;
  if (sw != SW_OK)
    {
      kiosk_card_error_set_from_sw (error, sw, what);
      return NULL;
    }
  if (g_bytes_get_size (data) != expected)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "%s: %" G_GSIZE_FORMAT " bytes, not %" G_GSIZE_FORMAT, what,
                   g_bytes_get_size (data), expected);
      return NULL;
    }
  return g_steal_pointer (&data);
}

GBytes *
kiosk_jpki_get_card_id (KioskCardTransport *t, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), NULL);

  static const guint8 apdu[] = { 0x00, 0xCA, 0x01, 0x01, 0x00 };
  return transceive_data (t, apdu, sizeof apdu, "GET DATA card id", CARD_ID_LENGTH, cancellable,
                          error);
}

GBytes *
kiosk_jpki_get_challenge (KioskCardTransport *t, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), NULL);

  static const guint8 apdu[] = { 0x00, 0x84, 0x00, 0x00, CHALLENGE_LENGTH };
  return transceive_data (t, apdu, sizeof apdu, "GET CHALLENGE", CHALLENGE_LENGTH, cancellable,
                          error);
}

gboolean
kiosk_jpki_external_authenticate (KioskCardTransport *t, const char *session_id, GBytes *cryptogram,
                                  GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);
  g_return_val_if_fail (cryptogram != NULL, FALSE);

  gsize id_len = strlen (session_id);
  if (id_len == 0 || id_len > SESSION_ID_MAX || g_bytes_get_size (cryptogram) != CRYPTOGRAM_LENGTH)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_LENGTH,
                   "EXTERNAL AUTHENTICATE: a %" G_GSIZE_FORMAT "-character session id and a "
                   "%" G_GSIZE_FORMAT "-byte cryptogram (1–64 and 32 needed)",
                   id_len, g_bytes_get_size (cryptogram));
      return FALSE;
    }

  guint8 apdu[5 + 1 + SESSION_ID_MAX + CRYPTOGRAM_LENGTH];
  apdu[0] = 0x00;
  apdu[1] = 0x82;
  apdu[2] = 0x00;
  apdu[3] = 0x00;
  apdu[4] = (guint8)(1 + id_len + CRYPTOGRAM_LENGTH);
  apdu[5] = (guint8)id_len;
  memcpy (apdu + 6, session_id, id_len);
  memcpy (apdu + 6 + id_len, g_bytes_get_data (cryptogram, NULL), CRYPTOGRAM_LENGTH);

  return transceive_ok (t, apdu, 6 + id_len + CRYPTOGRAM_LENGTH, "EXTERNAL AUTHENTICATE",
                        cancellable, error);
}

GBytes *
kiosk_jpki_generate_key_pair (KioskCardTransport *t, KioskJpkiSecret which,
                              GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), NULL);
  g_return_val_if_fail ((guint)which < G_N_ELEMENTS (secret_files), NULL);

  const SecretFiles *files = get_secret_files (which);
  const guint8 apdu[] = { 0x00, 0x46, 0x00, files->key_ef & 0xFF, 0x00 };
  g_autofree char *what = g_strdup_printf ("GENERATE KEY PAIR %04X", files->key_ef);

  return transceive_data (t, apdu, sizeof apdu, what, MODULUS_LENGTH, cancellable, error);
}

gboolean
kiosk_jpki_write_ef (KioskCardTransport *t, guint16 fid, GBytes *content, GCancellable *cancellable,
                     GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  gsize len;
  const guint8 *data = g_bytes_get_data (content, &len);

  if (len == 0 || len > MAX_WRITE_LENGTH)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_LENGTH,
                   "EF %04X: %" G_GSIZE_FORMAT " bytes cannot be written (1–4096)", fid, len);
      return FALSE;
    }
  if (!kiosk_jpki_select_ef (t, fid, cancellable, error))
    return FALSE;

  for (gsize offset = 0; offset < len; offset += WRITE_CHUNK)
    {
      gsize chunk = MIN (WRITE_CHUNK, len - offset);
      guint8 apdu[5 + WRITE_CHUNK];
      g_autofree char *what
          = g_strdup_printf ("UPDATE BINARY %04X at %04" G_GSIZE_MODIFIER "X", fid, offset);

      apdu[0] = 0x00;
      apdu[1] = 0xD6;
      apdu[2] = (guint8)(offset >> 8);
      apdu[3] = (guint8)(offset & 0xFF);
      apdu[4] = (guint8)chunk;
      memcpy (apdu + 5, data + offset, chunk);
      if (!transceive_ok (t, apdu, 5 + chunk, what, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kiosk_jpki_activate (KioskCardTransport *t, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (t), FALSE);

  static const guint8 apdu[] = { 0x00, 0x44, 0x00, 0x00 };
  return transceive_ok (t, apdu, sizeof apdu, "ACTIVATE", cancellable, error);
}

gboolean
kiosk_jpki_set_secret (KioskCardTransport *t, KioskJpkiSecret which, KioskSecret *new_secret,
                       GCancellable *cancellable, GError **error)
{
  /* The same APDUs as a holder's change: the card's management state is what lets it through
   * without a VERIFY (MANAGEMENT.md). */
  return kiosk_jpki_change (t, which, new_secret, cancellable, error);
}
