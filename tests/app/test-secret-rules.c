/* test-secret-rules.c: the 4-digit PIN and sign password formats, the checklist and tries left
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kiosk-secret-rules.h"

typedef struct
{
  const char *name;
  KioskJpkiSecret kind;
  const char *entry; /* as typed */
  gsize len;         /* 0: strlen (entry); else the length, for entries with a NUL inside */
  KioskSecretFormat verdict;
} FormatCase;

#define A KIOSK_JPKI_AUTH
#define S KIOSK_JPKI_SIGN

static const FormatCase format_cases[] = {
  { "pin/ok", A, "1234", 0, KIOSK_SECRET_FORMAT_OK },
  { "pin/ok-zeros", A, "0000", 0, KIOSK_SECRET_FORMAT_OK },
  { "pin/empty", A, "", 0, KIOSK_SECRET_FORMAT_EMPTY },
  { "pin/three-digits", A, "123", 0, KIOSK_SECRET_FORMAT_TOO_SHORT },
  { "pin/one-digit", A, "7", 0, KIOSK_SECRET_FORMAT_TOO_SHORT },
  { "pin/five-digits", A, "12345", 0, KIOSK_SECRET_FORMAT_TOO_LONG },
  { "pin/letter", A, "12a4", 0, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "pin/space", A, "12 4", 0, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "pin/leading-space", A, " 1234", 0, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "pin/sign", A, "-123", 0, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "pin/fullwidth-digits", A, "１２３４", 0, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "pin/embedded-nul", A, "12\0004", 4, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "pin/newline", A, "1234\n", 0, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "password/ok-min", S, "ABC123", 0, KIOSK_SECRET_FORMAT_OK },
  { "password/ok-max", S, "ABCDEFGH12345678", 0, KIOSK_SECRET_FORMAT_OK },
  { "password/ok-one-letter", S, "12345A", 0, KIOSK_SECRET_FORMAT_OK },
  { "password/ok-one-digit", S, "ABCDE9", 0, KIOSK_SECRET_FORMAT_OK },
  { "password/ok-lowercase", S, "abc123", 0, KIOSK_SECRET_FORMAT_OK },
  { "password/ok-mixed-case", S, "aBc12D", 0, KIOSK_SECRET_FORMAT_OK },
  { "password/empty", S, "", 0, KIOSK_SECRET_FORMAT_EMPTY },
  { "password/five", S, "ABC12", 0, KIOSK_SECRET_FORMAT_TOO_SHORT },
  { "password/seventeen", S, "ABCDEFGH123456789", 0, KIOSK_SECRET_FORMAT_TOO_LONG },
  { "password/letters-only", S, "ABCDEFG", 0, KIOSK_SECRET_FORMAT_NO_DIGIT },
  { "password/digits-only", S, "1234567", 0, KIOSK_SECRET_FORMAT_NO_LETTER },
  { "password/symbol", S, "ABC-123", 0, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "password/space", S, "ABC 123", 0, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "password/underscore", S, "ABC_123", 0, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "password/fullwidth-letter", S, "ＡBC123", 0, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "password/accented", S, "ÉBC123", 0, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "password/embedded-nul", S, "ABC\000123", 7, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  /* The character rule comes before the length: the resident fixes what they typed first. */
  { "password/short-and-symbol", S, "A1!", 0, KIOSK_SECRET_FORMAT_BAD_CHARACTER },
  { "password/short-letters-only", S, "ABC", 0, KIOSK_SECRET_FORMAT_TOO_SHORT },
  { "password/long-digits-only", S, "12345678901234567", 0, KIOSK_SECRET_FORMAT_TOO_LONG },
};

static void
test_format (gconstpointer data)
{
  const FormatCase *c = data;
  gsize len = c->len ? c->len : strlen (c->entry);

  g_assert_cmpint (kiosk_secret_format_check (c->kind, (const guint8 *)c->entry, len), ==,
                   c->verdict);
  if (c->kind == KIOSK_JPKI_AUTH)
    g_assert_cmpint (kiosk_auth_pin_check ((const guint8 *)c->entry, len), ==, c->verdict);
  else
    g_assert_cmpint (kiosk_sign_password_check ((const guint8 *)c->entry, len), ==, c->verdict);
  if (c->len == 0)
    g_assert_cmpint (kiosk_secret_format_check_string (c->kind, c->entry), ==, c->verdict);
}

/* The wrong kind's format is refused: a password never passes as a PIN and vice versa. */
static void
test_kinds_not_interchangeable (void)
{
  g_assert_cmpint (kiosk_secret_format_check_string (KIOSK_JPKI_SIGN, "1234"), !=,
                   KIOSK_SECRET_FORMAT_OK);
  g_assert_cmpint (kiosk_secret_format_check_string (KIOSK_JPKI_AUTH, "ABC123"), !=,
                   KIOSK_SECRET_FORMAT_OK);
}

static void
test_null_with_zero_length (void)
{
  g_assert_cmpint (kiosk_auth_pin_check (NULL, 0), ==, KIOSK_SECRET_FORMAT_EMPTY);
  g_assert_cmpint (kiosk_sign_password_check (NULL, 0), ==, KIOSK_SECRET_FORMAT_EMPTY);
  g_assert_cmpint (kiosk_sign_password_checklist (NULL, 0), ==, KIOSK_PASSWORD_CHECK_ONLY_ALLOWED);
}

/* The flow checks what it holds in a KioskSecret before a VERIFY is built. */
static void
test_held_secret (void)
{
  g_autoptr (KioskSecret) pin = kiosk_secret_new_from_string ("1234");
  g_autoptr (KioskSecret) short_pin = kiosk_secret_new_from_string ("123");
  g_autoptr (KioskSecret) password = kiosk_secret_new_from_string ("ABC123");
  g_autoptr (KioskSecret) no_digit = kiosk_secret_new_from_string ("ABCDEF");

  g_assert_cmpint (kiosk_secret_format_check_secret (KIOSK_JPKI_AUTH, pin), ==,
                   KIOSK_SECRET_FORMAT_OK);
  g_assert_cmpint (kiosk_secret_format_check_secret (KIOSK_JPKI_AUTH, short_pin), ==,
                   KIOSK_SECRET_FORMAT_TOO_SHORT);
  g_assert_cmpint (kiosk_secret_format_check_secret (KIOSK_JPKI_SIGN, password), ==,
                   KIOSK_SECRET_FORMAT_OK);
  g_assert_cmpint (kiosk_secret_format_check_secret (KIOSK_JPKI_SIGN, no_digit), ==,
                   KIOSK_SECRET_FORMAT_NO_DIGIT);
}

typedef struct
{
  const char *name;
  const char *entry;
  KioskPasswordChecks checks;
} ChecklistCase;

#define L KIOSK_PASSWORD_CHECK_LENGTH_OK
#define HL KIOSK_PASSWORD_CHECK_HAS_LETTER
#define HD KIOSK_PASSWORD_CHECK_HAS_DIGIT
#define O KIOSK_PASSWORD_CHECK_ONLY_ALLOWED

/* What the live checklist shows as the resident types, key by key. */
static const ChecklistCase checklist_cases[] = {
  { "nothing-typed", "", O },
  { "one-letter", "A", HL | O },
  { "one-digit", "1", HD | O },
  { "letter-and-digit", "A1", HL | HD | O },
  { "five", "A1B2C", HL | HD | O },
  { "six", "A1B2C3", L | HL | HD | O },
  { "lowercase-counts", "a1b2c3", L | HL | HD | O },
  { "sixteen", "A1B2C3D4E5F6G7H8", L | HL | HD | O },
  { "seventeen", "A1B2C3D4E5F6G7H8I", HL | HD | O },
  { "six-letters", "ABCDEF", L | HL | O },
  { "six-digits", "123456", L | HD | O },
  { "symbol", "ABC12!", L | HL | HD },
  { "only-symbols", "!!!!!!", L },
};

static void
test_checklist (gconstpointer data)
{
  const ChecklistCase *c = data;
  KioskPasswordChecks checks
      = kiosk_sign_password_checklist ((const guint8 *)c->entry, strlen (c->entry));

  g_assert_cmphex (checks, ==, c->checks);
  /* All four ticks exactly when the verdict is OK. */
  g_assert_cmpint (checks == KIOSK_PASSWORD_CHECK_ALL, ==,
                   kiosk_secret_format_check_string (KIOSK_JPKI_SIGN, c->entry)
                       == KIOSK_SECRET_FORMAT_OK);
}

static void
test_normalise_upper_cases_in_place (void)
{
  guint8 typed[] = { 'a', 'b', 'Z', '1', 'z', '9', '!', 0xc3, 0xa9 };
  const guint8 expected[] = { 'A', 'B', 'Z', '1', 'Z', '9', '!', 0xc3, 0xa9 };

  kiosk_sign_password_normalise (typed, sizeof typed);
  g_assert_cmpmem (typed, sizeof typed, expected, sizeof expected);
}

static void
test_normalise_then_valid (void)
{
  guint8 typed[] = { 'm', 'y', 'p', 'a', 's', 's', '1' };

  kiosk_sign_password_normalise (typed, sizeof typed);
  g_assert_cmpmem (typed, sizeof typed, "MYPASS1", 7);
  g_assert_cmpint (kiosk_sign_password_check (typed, sizeof typed), ==, KIOSK_SECRET_FORMAT_OK);
  kiosk_sign_password_normalise (NULL, 0);
}

typedef struct
{
  const char *name;
  KioskJpkiSecret kind;
  int tries_left;
  KioskTriesAdvice advice;
} TriesCase;

static const TriesCase tries_cases[] = {
  { "pin/3-of-3", A, 3, KIOSK_TRIES_NORMAL },
  { "pin/2-of-3", A, 2, KIOSK_TRIES_NORMAL },
  { "pin/1-of-3-last-try", A, 1, KIOSK_TRIES_LAST_TRY },
  { "pin/0-blocked", A, 0, KIOSK_TRIES_BLOCKED },
  { "pin/4-impossible", A, 4, KIOSK_TRIES_UNKNOWN },
  { "pin/5-impossible", A, 5, KIOSK_TRIES_UNKNOWN },
  { "pin/negative-unread", A, -1, KIOSK_TRIES_UNKNOWN },
  { "password/5-of-5", S, 5, KIOSK_TRIES_NORMAL },
  { "password/4-of-5", S, 4, KIOSK_TRIES_NORMAL },
  { "password/2-of-5", S, 2, KIOSK_TRIES_NORMAL },
  { "password/1-of-5-last-try", S, 1, KIOSK_TRIES_LAST_TRY },
  { "password/0-blocked", S, 0, KIOSK_TRIES_BLOCKED },
  { "password/6-impossible", S, 6, KIOSK_TRIES_UNKNOWN },
  { "password/15-impossible", S, 15, KIOSK_TRIES_UNKNOWN },
  { "password/negative-unread", S, -1, KIOSK_TRIES_UNKNOWN },
};

static void
test_tries (gconstpointer data)
{
  const TriesCase *c = data;

  g_assert_cmpint (kiosk_tries_advice (c->kind, c->tries_left), ==, c->advice);
}

static void
test_max_tries (void)
{
  g_assert_cmpint (kiosk_secret_max_tries (KIOSK_JPKI_AUTH), ==, 3);
  g_assert_cmpint (kiosk_secret_max_tries (KIOSK_JPKI_SIGN), ==, 5);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/app/secret-rules/format/%s", format_cases[i].name);
      g_test_add_data_func (path, &format_cases[i], test_format);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (checklist_cases); i++)
    {
      g_autofree char *path
          = g_strdup_printf ("/app/secret-rules/checklist/%s", checklist_cases[i].name);
      g_test_add_data_func (path, &checklist_cases[i], test_checklist);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (tries_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/app/secret-rules/tries/%s", tries_cases[i].name);
      g_test_add_data_func (path, &tries_cases[i], test_tries);
    }
  g_test_add_func ("/app/secret-rules/format/kinds-not-interchangeable",
                   test_kinds_not_interchangeable);
  g_test_add_func ("/app/secret-rules/format/null-with-zero-length", test_null_with_zero_length);
  g_test_add_func ("/app/secret-rules/normalise/upper-cases-in-place",
                   test_normalise_upper_cases_in_place);
  g_test_add_func ("/app/secret-rules/normalise/then-valid", test_normalise_then_valid);
  g_test_add_func ("/app/secret-rules/tries/max", test_max_tries);
  g_test_add_func ("/app/secret-rules/format/held-secret", test_held_secret);
  return g_test_run ();
}
