/* kiosk-secret-rules.c: the formats of the 4-digit PIN and the sign password, and tries left
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-secret-rules.h"

#include <string.h>

/* ASCII only, whatever the locale: g_ascii_* never consults it. */
static gboolean
is_digit (guint8 c)
{
  return c >= '0' && c <= '9';
}

static gboolean
is_letter (guint8 c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

KioskSecretFormat
kiosk_auth_pin_check (const guint8 *data, gsize len)
{
  g_return_val_if_fail (data != NULL || len == 0, KIOSK_SECRET_FORMAT_EMPTY);

  if (len == 0)
    return KIOSK_SECRET_FORMAT_EMPTY;
  for (gsize i = 0; i < len; i++)
    if (!is_digit (data[i]))
      return KIOSK_SECRET_FORMAT_BAD_CHARACTER;
  if (len < KIOSK_AUTH_PIN_LENGTH)
    return KIOSK_SECRET_FORMAT_TOO_SHORT;
  if (len > KIOSK_AUTH_PIN_LENGTH)
    return KIOSK_SECRET_FORMAT_TOO_LONG;
  return KIOSK_SECRET_FORMAT_OK;
}

KioskPasswordChecks
kiosk_sign_password_checklist (const guint8 *data, gsize len)
{
  KioskPasswordChecks checks = KIOSK_PASSWORD_CHECK_ONLY_ALLOWED;

  g_return_val_if_fail (data != NULL || len == 0, KIOSK_PASSWORD_CHECK_NONE);

  if (len >= KIOSK_SIGN_PASSWORD_MIN_LENGTH && len <= KIOSK_SIGN_PASSWORD_MAX_LENGTH)
    checks |= KIOSK_PASSWORD_CHECK_LENGTH_OK;
  for (gsize i = 0; i < len; i++)
    {
      if (is_letter (data[i]))
        checks |= KIOSK_PASSWORD_CHECK_HAS_LETTER;
      else if (is_digit (data[i]))
        checks |= KIOSK_PASSWORD_CHECK_HAS_DIGIT;
      else
        checks &= ~KIOSK_PASSWORD_CHECK_ONLY_ALLOWED;
    }
  return checks;
}

KioskSecretFormat
kiosk_sign_password_check (const guint8 *data, gsize len)
{
  g_return_val_if_fail (data != NULL || len == 0, KIOSK_SECRET_FORMAT_EMPTY);

  if (len == 0)
    return KIOSK_SECRET_FORMAT_EMPTY;

  KioskPasswordChecks checks = kiosk_sign_password_checklist (data, len);

  if (!(checks & KIOSK_PASSWORD_CHECK_ONLY_ALLOWED))
    return KIOSK_SECRET_FORMAT_BAD_CHARACTER;
  if (len < KIOSK_SIGN_PASSWORD_MIN_LENGTH)
    return KIOSK_SECRET_FORMAT_TOO_SHORT;
  if (len > KIOSK_SIGN_PASSWORD_MAX_LENGTH)
    return KIOSK_SECRET_FORMAT_TOO_LONG;
  if (!(checks & KIOSK_PASSWORD_CHECK_HAS_LETTER))
    return KIOSK_SECRET_FORMAT_NO_LETTER;
  if (!(checks & KIOSK_PASSWORD_CHECK_HAS_DIGIT))
    return KIOSK_SECRET_FORMAT_NO_DIGIT;
  return KIOSK_SECRET_FORMAT_OK;
}

void
kiosk_sign_password_normalise (guint8 *data, gsize len)
{
  g_return_if_fail (data != NULL || len == 0);

  for (gsize i = 0; i < len; i++)
    if (data[i] >= 'a' && data[i] <= 'z')
      data[i] = (guint8)(data[i] - 'a' + 'A');
}

KioskSecretFormat
kiosk_secret_format_check (KioskJpkiSecret kind, const guint8 *data, gsize len)
{
  switch (kind)
    {
    case KIOSK_JPKI_AUTH:
      return kiosk_auth_pin_check (data, len);
    case KIOSK_JPKI_SIGN:
      return kiosk_sign_password_check (data, len);
    default:
      g_return_val_if_reached (KIOSK_SECRET_FORMAT_BAD_CHARACTER);
    }
}

KioskSecretFormat
kiosk_secret_format_check_string (KioskJpkiSecret kind, const char *text)
{
  g_return_val_if_fail (text != NULL, KIOSK_SECRET_FORMAT_EMPTY);

  return kiosk_secret_format_check (kind, (const guint8 *)text, strlen (text));
}

KioskSecretFormat
kiosk_secret_format_check_secret (KioskJpkiSecret kind, const KioskSecret *secret)
{
  g_return_val_if_fail (secret != NULL, KIOSK_SECRET_FORMAT_EMPTY);

  return kiosk_secret_format_check (kind, kiosk_secret_get_data (secret),
                                    kiosk_secret_get_length (secret));
}

int
kiosk_secret_max_tries (KioskJpkiSecret kind)
{
  switch (kind)
    {
    case KIOSK_JPKI_AUTH:
      return KIOSK_AUTH_PIN_MAX_TRIES;
    case KIOSK_JPKI_SIGN:
      return KIOSK_SIGN_PASSWORD_MAX_TRIES;
    default:
      g_return_val_if_reached (0);
    }
}

KioskTriesAdvice
kiosk_tries_advice (KioskJpkiSecret kind, int tries_left)
{
  int max_tries = kiosk_secret_max_tries (kind);

  /* A counter we cannot trust is never a reason to let the resident type: hand off. */
  if (max_tries == 0 || tries_left < 0 || tries_left > max_tries)
    return KIOSK_TRIES_UNKNOWN;
  if (tries_left == 0)
    return KIOSK_TRIES_BLOCKED;
  if (tries_left == 1)
    return KIOSK_TRIES_LAST_TRY;
  return KIOSK_TRIES_NORMAL;
}
