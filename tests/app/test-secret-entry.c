/* test-secret-entry.c: the typed PIN and password model: what it accepts, and that it wipes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "kiosk-secret-entry-private.h"
#include "kiosk-secret-entry.h"

static void
type_text (KioskSecretEntry *entry, const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    kiosk_secret_entry_append (entry, *p);
}

static gboolean
all_zero (const guint8 *bytes, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (bytes[i] != 0)
      return FALSE;
  return TRUE;
}

static void
assert_secret_is (KioskSecret *secret, const char *text)
{
  g_assert_nonnull (secret);
  g_assert_cmpmem (kiosk_secret_get_data (secret), kiosk_secret_get_length (secret), text,
                   strlen (text));
}

static void
test_pin_takes_digits (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_AUTH);
  g_autoptr (KioskSecret) secret = NULL;

  g_assert_cmpuint (kiosk_secret_entry_get_max_length (entry), ==, 4);
  for (const char *p = "0918"; *p != '\0'; p++)
    g_assert_true (kiosk_secret_entry_append (entry, *p));
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 4);
  g_assert_true (kiosk_secret_entry_is_valid (entry));
  secret = kiosk_secret_entry_take (entry);
  assert_secret_is (secret, "0918");
}

static void
test_pin_refuses_non_digits (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_AUTH);
  static const char refused[] = "aZ #*.-+\t\x7f";

  for (gsize i = 0; i < sizeof refused - 1; i++)
    g_assert_false (kiosk_secret_entry_append (entry, refused[i]));
  g_assert_false (kiosk_secret_entry_append (entry, '\0'));
  g_assert_false (kiosk_secret_entry_append (entry, (char)0xe3)); /* a UTF-8 lead byte */
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 0);
  g_assert_true (all_zero (kiosk_secret_entry_peek_buffer (entry),
                           kiosk_secret_entry_get_buffer_size (entry)));
}

static void
test_pin_max_length (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_AUTH);
  g_autoptr (KioskSecret) secret = NULL;

  type_text (entry, "1234");
  g_assert_false (kiosk_secret_entry_append (entry, '5'));
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 4);
  secret = kiosk_secret_entry_take (entry);
  assert_secret_is (secret, "1234");
}

static void
test_pin_short_is_not_valid (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_AUTH);

  g_assert_cmpint (kiosk_secret_entry_check (entry), ==, KIOSK_SECRET_FORMAT_EMPTY);
  type_text (entry, "123");
  g_assert_cmpint (kiosk_secret_entry_check (entry), ==, KIOSK_SECRET_FORMAT_TOO_SHORT);
  g_assert_false (kiosk_secret_entry_is_valid (entry));
  g_assert_false (kiosk_secret_entry_get_checklist (entry) & KIOSK_PASSWORD_CHECK_LENGTH_OK);
  type_text (entry, "4");
  g_assert_true (kiosk_secret_entry_get_checklist (entry) & KIOSK_PASSWORD_CHECK_LENGTH_OK);
}

static void
test_password_upper_cases (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_SIGN);
  g_autoptr (KioskSecret) secret = NULL;

  type_text (entry, "abc123xyz");
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 9);
  secret = kiosk_secret_entry_take (entry);
  assert_secret_is (secret, "ABC123XYZ");
}

static void
test_password_refuses_symbols (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_SIGN);
  static const char refused[] = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

  for (gsize i = 0; i < sizeof refused - 1; i++)
    g_assert_false (kiosk_secret_entry_append (entry, refused[i]));
  g_assert_false (kiosk_secret_entry_append (entry, (char)0xef));
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 0);
  /* Every letter and digit goes in. */
  for (char c = 'A'; c <= 'P'; c++)
    g_assert_true (kiosk_secret_entry_append (entry, c));
  kiosk_secret_entry_clear (entry);
  for (char c = 'Q'; c <= 'Z'; c++)
    g_assert_true (kiosk_secret_entry_append (entry, c));
  for (char c = '0'; c <= '5'; c++)
    g_assert_true (kiosk_secret_entry_append (entry, c));
  kiosk_secret_entry_clear (entry);
  for (char c = '6'; c <= '9'; c++)
    g_assert_true (kiosk_secret_entry_append (entry, c));
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 4);
}

static void
test_password_max_length (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_SIGN);
  g_autoptr (KioskSecret) secret = NULL;

  g_assert_cmpuint (kiosk_secret_entry_get_max_length (entry), ==, 16);
  type_text (entry, "ABCDEFGH12345678");
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 16);
  g_assert_false (kiosk_secret_entry_append (entry, '9'));
  g_assert_false (kiosk_secret_entry_append (entry, 'Z'));
  secret = kiosk_secret_entry_take (entry);
  assert_secret_is (secret, "ABCDEFGH12345678");
}

static void
test_password_checklist_live (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_SIGN);
  KioskPasswordChecks checks;

  type_text (entry, "ab");
  checks = kiosk_secret_entry_get_checklist (entry);
  g_assert_true (checks & KIOSK_PASSWORD_CHECK_HAS_LETTER);
  g_assert_false (checks & KIOSK_PASSWORD_CHECK_HAS_DIGIT);
  g_assert_false (checks & KIOSK_PASSWORD_CHECK_LENGTH_OK);
  type_text (entry, "cdef");
  checks = kiosk_secret_entry_get_checklist (entry);
  g_assert_true (checks & KIOSK_PASSWORD_CHECK_LENGTH_OK);
  g_assert_cmpint (kiosk_secret_entry_check (entry), ==, KIOSK_SECRET_FORMAT_NO_DIGIT);
  type_text (entry, "7");
  g_assert_cmpint (kiosk_secret_entry_get_checklist (entry), ==, KIOSK_PASSWORD_CHECK_ALL);
  g_assert_true (kiosk_secret_entry_is_valid (entry));
  kiosk_secret_entry_backspace (entry);
  g_assert_false (kiosk_secret_entry_is_valid (entry));
}

static void
test_backspace_wipes (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_AUTH);
  const guint8 *buffer = kiosk_secret_entry_peek_buffer (entry);

  type_text (entry, "987");
  g_assert_true (kiosk_secret_entry_backspace (entry));
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 2);
  g_assert_cmpmem (buffer, 2, "98", 2);
  g_assert_true (all_zero (buffer + 2, kiosk_secret_entry_get_buffer_size (entry) - 2));
  g_assert_true (kiosk_secret_entry_backspace (entry));
  g_assert_true (kiosk_secret_entry_backspace (entry));
  g_assert_false (kiosk_secret_entry_backspace (entry));
  g_assert_true (all_zero (buffer, kiosk_secret_entry_get_buffer_size (entry)));
}

static void
test_clear_wipes (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_SIGN);
  const guint8 *buffer = kiosk_secret_entry_peek_buffer (entry);

  type_text (entry, "SECRET99");
  g_assert_false (all_zero (buffer, kiosk_secret_entry_get_buffer_size (entry)));
  kiosk_secret_entry_clear (entry);
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 0);
  g_assert_true (all_zero (buffer, kiosk_secret_entry_get_buffer_size (entry)));
}

static void
test_take_wipes (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_AUTH);
  const guint8 *buffer = kiosk_secret_entry_peek_buffer (entry);
  g_autoptr (KioskSecret) secret = NULL;

  type_text (entry, "4821");
  g_assert_cmpmem (buffer, 4, "4821", 4);
  secret = kiosk_secret_entry_take (entry);
  assert_secret_is (secret, "4821");
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 0);
  g_assert_true (all_zero (buffer, kiosk_secret_entry_get_buffer_size (entry)));
  /* The secret is a copy of its own, not a view of the wiped buffer. */
  g_assert_true (kiosk_secret_get_data (secret) != buffer);
}

static void
test_take_refuses_invalid (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_SIGN);

  type_text (entry, "ABCDEF");
  g_assert_null (kiosk_secret_entry_take (entry));
  /* Refused, the entry stays as typed: the resident adds a digit and goes on. */
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 6);
  type_text (entry, "1");
  g_autoptr (KioskSecret) secret = kiosk_secret_entry_take (entry);
  assert_secret_is (secret, "ABCDEF1");
}

static void
test_dispose_wipes (void)
{
  KioskSecretEntry *entry = kiosk_secret_entry_new (KIOSK_JPKI_SIGN);
  const guint8 *buffer = kiosk_secret_entry_peek_buffer (entry);

  type_text (entry, "PASS1234");
  g_object_run_dispose (G_OBJECT (entry));
  g_assert_true (all_zero (buffer, kiosk_secret_entry_get_buffer_size (entry)));
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 0);
  g_object_unref (entry);
}

static void
on_changed (KioskSecretEntry *entry, guint length, GArray *lengths)
{
  g_array_append_val (lengths, length);
}

static void
test_changed_carries_length_only (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_AUTH);
  g_autoptr (GArray) lengths = g_array_new (FALSE, FALSE, sizeof (guint));
  GSignalQuery query;
  static const guint expected[] = { 1, 2, 1, 2, 0 };

  g_signal_query (g_signal_lookup ("changed", KIOSK_TYPE_SECRET_ENTRY), &query);
  g_assert_cmpuint (query.n_params, ==, 1);
  g_assert_true (query.param_types[0] == G_TYPE_UINT);

  g_signal_connect (entry, "changed", G_CALLBACK (on_changed), lengths);
  type_text (entry, "5x6"); /* the refused x emits nothing */
  kiosk_secret_entry_backspace (entry);
  kiosk_secret_entry_append (entry, '0');
  kiosk_secret_entry_clear (entry);
  g_assert_cmpmem (lengths->data, lengths->len * sizeof (guint), expected, sizeof expected);
}

static void
test_confirm_match (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_SIGN);
  g_autoptr (KioskSecret) secret = NULL;

  g_assert_cmpint (kiosk_secret_entry_get_step (entry), ==, KIOSK_SECRET_ENTRY_STEP_FIRST);
  type_text (entry, "newpass42");
  g_assert_true (kiosk_secret_entry_hold_for_confirm (entry));
  g_assert_cmpint (kiosk_secret_entry_get_step (entry), ==, KIOSK_SECRET_ENTRY_STEP_CONFIRM);
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 0);
  type_text (entry, "NEWPASS42"); /* upper-cased either way: the same password */
  g_assert_cmpint (kiosk_secret_entry_confirm (entry, &secret), ==, KIOSK_SECRET_MATCH);
  assert_secret_is (secret, "NEWPASS42");
  g_assert_cmpint (kiosk_secret_entry_get_step (entry), ==, KIOSK_SECRET_ENTRY_STEP_FIRST);
  g_assert_true (
      all_zero (kiosk_secret_entry_peek_held (entry), kiosk_secret_entry_get_buffer_size (entry)));
  g_assert_true (all_zero (kiosk_secret_entry_peek_buffer (entry),
                           kiosk_secret_entry_get_buffer_size (entry)));
}

static void
test_confirm_mismatch_wipes_both (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_AUTH);
  KioskSecret *secret = NULL;
  const guint8 *typed = kiosk_secret_entry_peek_buffer (entry);
  const guint8 *held = kiosk_secret_entry_peek_held (entry);
  gsize size = kiosk_secret_entry_get_buffer_size (entry);

  type_text (entry, "1357");
  g_assert_true (kiosk_secret_entry_hold_for_confirm (entry));
  g_assert_cmpmem (held, 4, "1357", 4);
  type_text (entry, "1358");
  g_assert_cmpint (kiosk_secret_entry_confirm (entry, &secret), ==, KIOSK_SECRET_MISMATCH);
  g_assert_null (secret);
  g_assert_true (all_zero (typed, size));
  g_assert_true (all_zero (held, size));
  g_assert_cmpint (kiosk_secret_entry_get_step (entry), ==, KIOSK_SECRET_ENTRY_STEP_FIRST);
}

static void
test_confirm_mismatch_prefix (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_SIGN);
  KioskSecret *secret = NULL;

  /* A second entry that is the first one cut short is not a match. */
  type_text (entry, "ABC1234");
  g_assert_true (kiosk_secret_entry_hold_for_confirm (entry));
  type_text (entry, "ABC123");
  g_assert_cmpint (kiosk_secret_entry_confirm (entry, &secret), ==, KIOSK_SECRET_MISMATCH);
  g_assert_null (secret);
}

static void
test_hold_refuses_invalid (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_AUTH);

  type_text (entry, "12");
  g_assert_false (kiosk_secret_entry_hold_for_confirm (entry));
  g_assert_cmpint (kiosk_secret_entry_get_step (entry), ==, KIOSK_SECRET_ENTRY_STEP_FIRST);
  g_assert_cmpuint (kiosk_secret_entry_get_length (entry), ==, 2);
  type_text (entry, "34");
  g_assert_true (kiosk_secret_entry_hold_for_confirm (entry));
  type_text (entry, "1234");
  /* Holding twice would lose the first entry: refused. */
  g_assert_false (kiosk_secret_entry_hold_for_confirm (entry));
}

static void
test_clear_while_confirming (void)
{
  g_autoptr (KioskSecretEntry) entry = kiosk_secret_entry_new (KIOSK_JPKI_AUTH);

  type_text (entry, "2468");
  g_assert_true (kiosk_secret_entry_hold_for_confirm (entry));
  type_text (entry, "24");
  kiosk_secret_entry_clear (entry);
  g_assert_cmpint (kiosk_secret_entry_get_step (entry), ==, KIOSK_SECRET_ENTRY_STEP_FIRST);
  g_assert_true (
      all_zero (kiosk_secret_entry_peek_held (entry), kiosk_secret_entry_get_buffer_size (entry)));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/secret-entry/pin/takes-digits", test_pin_takes_digits);
  g_test_add_func ("/app/secret-entry/pin/refuses-non-digits", test_pin_refuses_non_digits);
  g_test_add_func ("/app/secret-entry/pin/max-length", test_pin_max_length);
  g_test_add_func ("/app/secret-entry/pin/short-is-not-valid", test_pin_short_is_not_valid);
  g_test_add_func ("/app/secret-entry/password/upper-cases", test_password_upper_cases);
  g_test_add_func ("/app/secret-entry/password/refuses-symbols", test_password_refuses_symbols);
  g_test_add_func ("/app/secret-entry/password/max-length", test_password_max_length);
  g_test_add_func ("/app/secret-entry/password/checklist-live", test_password_checklist_live);
  g_test_add_func ("/app/secret-entry/wipe/backspace", test_backspace_wipes);
  g_test_add_func ("/app/secret-entry/wipe/clear", test_clear_wipes);
  g_test_add_func ("/app/secret-entry/wipe/take", test_take_wipes);
  g_test_add_func ("/app/secret-entry/wipe/dispose", test_dispose_wipes);
  g_test_add_func ("/app/secret-entry/take/refuses-invalid", test_take_refuses_invalid);
  g_test_add_func ("/app/secret-entry/changed/length-only", test_changed_carries_length_only);
  g_test_add_func ("/app/secret-entry/confirm/match", test_confirm_match);
  g_test_add_func ("/app/secret-entry/confirm/mismatch-wipes-both",
                   test_confirm_mismatch_wipes_both);
  g_test_add_func ("/app/secret-entry/confirm/mismatch-prefix", test_confirm_mismatch_prefix);
  g_test_add_func ("/app/secret-entry/confirm/hold-refuses-invalid", test_hold_refuses_invalid);
  g_test_add_func ("/app/secret-entry/confirm/clear-while-confirming", test_clear_while_confirming);

  return g_test_run ();
}
