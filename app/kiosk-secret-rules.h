/* kiosk-secret-rules.h: the formats of the 4-digit PIN and the sign password, and tries left
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kiosk-jpki.h"
#include "kiosk-secret.h"

G_BEGIN_DECLS

/* The formats (design.md "Rules"; jpki-card.md §6). Pure functions: they read the caller's bytes
 * in place, copy nothing, keep nothing and log nothing, so they are safe on a KioskSecret's
 * data. A malformed entry must be refused here, before it can cost a try on the card. */
#define KIOSK_AUTH_PIN_LENGTH 4
#define KIOSK_SIGN_PASSWORD_MIN_LENGTH 6
#define KIOSK_SIGN_PASSWORD_MAX_LENGTH 16
#define KIOSK_AUTH_PIN_MAX_TRIES 3
#define KIOSK_SIGN_PASSWORD_MAX_TRIES 5

/* The live checklist under the sign-password keyboard: each rule that holds sets its flag. */
typedef enum
{
  KIOSK_PASSWORD_CHECK_NONE = 0,
  KIOSK_PASSWORD_CHECK_LENGTH_OK = 1 << 0,    /* 6 to 16 characters */
  KIOSK_PASSWORD_CHECK_HAS_LETTER = 1 << 1,   /* at least one A–Z */
  KIOSK_PASSWORD_CHECK_HAS_DIGIT = 1 << 2,    /* at least one 0–9 */
  KIOSK_PASSWORD_CHECK_ONLY_ALLOWED = 1 << 3, /* nothing but A–Z and 0–9 (after upper-casing) */
  KIOSK_PASSWORD_CHECK_ALL = 0xf,
} KioskPasswordChecks;

/* One verdict on an entry: OK, or the first thing wrong in the order listed. */
typedef enum
{
  KIOSK_SECRET_FORMAT_OK,
  KIOSK_SECRET_FORMAT_EMPTY,
  KIOSK_SECRET_FORMAT_BAD_CHARACTER, /* PIN: not 0–9; password: not A–Z/a–z/0–9 */
  KIOSK_SECRET_FORMAT_TOO_SHORT,
  KIOSK_SECRET_FORMAT_TOO_LONG,
  KIOSK_SECRET_FORMAT_NO_LETTER, /* password only */
  KIOSK_SECRET_FORMAT_NO_DIGIT,  /* password only */
} KioskSecretFormat;

/* 4-digit PIN: exactly 4 ASCII digits. @data may be NULL when @len is 0. */
KioskSecretFormat kiosk_auth_pin_check (const guint8 *data, gsize len);

/* Sign password, as typed (lowercase counts as its upper-case letter, so "abc123" is OK). */
KioskPasswordChecks kiosk_sign_password_checklist (const guint8 *data, gsize len);
KioskSecretFormat kiosk_sign_password_check (const guint8 *data, gsize len);

/* Upper-cases a–z in place (the keyboard only offers A–Z, but a hardware keyboard may not);
 * nothing else changes. Works in the caller's (wiped) buffer: no copy. */
void kiosk_sign_password_normalise (guint8 *data, gsize len);

/* Either format by kind (KIOSK_JPKI_AUTH: the 4-digit PIN; KIOSK_JPKI_SIGN: the password). */
KioskSecretFormat kiosk_secret_format_check (KioskJpkiSecret kind, const guint8 *data, gsize len);
/* Convenience for NUL-terminated text (tests, the entry widgets). */
KioskSecretFormat kiosk_secret_format_check_string (KioskJpkiSecret kind, const char *text);

/* The same on a held secret (what the flow has before anything is sent to the card). */
KioskSecretFormat kiosk_secret_format_check_secret (KioskJpkiSecret kind,
                                                    const KioskSecret *secret);

/* The card's maximum tries for @kind: 3 for the PIN, 5 for the password. */
int kiosk_secret_max_tries (KioskJpkiSecret kind);

/* What to show before an entry, from the card's retry counter. */
typedef enum
{
  KIOSK_TRIES_NORMAL,   /* show "N tries left" */
  KIOSK_TRIES_LAST_TRY, /* one try left: warn plainly before entry */
  KIOSK_TRIES_BLOCKED,  /* none left: no entry at all, hand off to the counter */
  KIOSK_TRIES_UNKNOWN,  /* counter unreadable or out of range (< 0 or > max): hand off */
} KioskTriesAdvice;

KioskTriesAdvice kiosk_tries_advice (KioskJpkiSecret kind, int tries_left);

G_END_DECLS
