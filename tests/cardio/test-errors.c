/* test-errors.c: status words and errors (kiosk-card-error), reader states, secrets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "kiosk-card-error.h"
#include "kiosk-reader-state.h"
#include "kiosk-secret.h"

typedef struct
{
  const char *path;
  guint16 sw;
  KioskCardError code;
  int tries; /* -1: the out parameter stays untouched */
} SwCase;

static const SwCase sw_cases[] = {
  { "/cardio/errors/sw/63C2-wrong-pin", 0x63C2, KIOSK_CARD_ERROR_WRONG_PIN, 2 },
  { "/cardio/errors/sw/63C1-wrong-pin", 0x63C1, KIOSK_CARD_ERROR_WRONG_PIN, 1 },
  { "/cardio/errors/sw/63CF-wrong-pin", 0x63CF, KIOSK_CARD_ERROR_WRONG_PIN, 15 },
  { "/cardio/errors/sw/63C0-blocked", 0x63C0, KIOSK_CARD_ERROR_BLOCKED, 0 },
  { "/cardio/errors/sw/6984-blocked", 0x6984, KIOSK_CARD_ERROR_BLOCKED, -1 },
  { "/cardio/errors/sw/6982-security", 0x6982, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED, -1 },
  { "/cardio/errors/sw/6A82-not-found", 0x6A82, KIOSK_CARD_ERROR_NOT_FOUND, -1 },
  { "/cardio/errors/sw/6B00-end-of-file", 0x6B00, KIOSK_CARD_ERROR_END_OF_FILE, -1 },
  { "/cardio/errors/sw/6700-wrong-length", 0x6700, KIOSK_CARD_ERROR_WRONG_LENGTH, -1 },
  { "/cardio/errors/sw/6D00-other", 0x6D00, KIOSK_CARD_ERROR_COMMAND_FAILED, -1 },
  { "/cardio/errors/sw/6986-other", 0x6986, KIOSK_CARD_ERROR_COMMAND_FAILED, -1 },
  { "/cardio/errors/sw/6300-other", 0x6300, KIOSK_CARD_ERROR_COMMAND_FAILED, -1 },
};

static void
test_sw_case (gconstpointer data)
{
  const SwCase *sc = data;
  int tries = -1;
  g_autoptr (GError) error = NULL;
  g_autofree char *word = g_strdup_printf ("SW %04X", sc->sw);

  g_assert_cmpint (kiosk_card_error_from_sw (sc->sw, &tries), ==, sc->code);
  g_assert_cmpint (tries, ==, sc->tries);

  kiosk_card_error_set_from_sw (&error, sc->sw, "VERIFY");
  g_assert_error (error, KIOSK_CARD_ERROR, (int)sc->code);
  /* the raw word and the command are in the message, for the logs */
  g_assert_true (g_str_has_prefix (error->message, word));
  g_assert_nonnull (strstr (error->message, "VERIFY"));
}

static void
test_card_gone (void)
{
  for (int code = KIOSK_CARD_ERROR_NO_SERVICE; code <= KIOSK_CARD_ERROR_COMMAND_FAILED; code++)
    {
      g_autoptr (GError) error = g_error_new_literal (KIOSK_CARD_ERROR, code, "x");
      gboolean gone = code == KIOSK_CARD_ERROR_REMOVED || code == KIOSK_CARD_ERROR_READER_GONE
                      || code == KIOSK_CARD_ERROR_NO_SERVICE;

      g_assert_cmpint (kiosk_card_error_is_card_gone (error), ==, gone);
    }

  g_autoptr (GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_assert_false (kiosk_card_error_is_card_gone (cancelled));
  g_assert_false (kiosk_card_error_is_card_gone (NULL));
}

static void
test_code_names_distinct (void)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (int code = KIOSK_CARD_ERROR_NO_SERVICE; code <= KIOSK_CARD_ERROR_COMMAND_FAILED; code++)
    {
      const char *name = kiosk_card_error_to_string (code);

      g_assert_cmpstr (name, !=, "unknown");
      g_assert_false (g_hash_table_contains (seen, name));
      g_hash_table_add (seen, (gpointer)name);
    }
}

static void
test_reader_state_names (void)
{
  GEnumClass *klass = g_type_class_ref (KIOSK_TYPE_READER_STATE);

  /* the registered nicks (signal arguments, D-Bus strings) and to_string agree */
  g_assert_cmpuint (klass->n_values, ==, 5);
  for (guint i = 0; i < klass->n_values; i++)
    g_assert_cmpstr (kiosk_reader_state_to_string (klass->values[i].value), ==,
                     klass->values[i].value_nick);
  g_type_class_unref (klass);
}

static void
test_secret_holds_bytes (void)
{
  const guint8 bytes[] = { '1', '2', 0, '4' };
  g_autoptr (KioskSecret) secret = kiosk_secret_new (bytes, sizeof bytes);
  g_autoptr (KioskSecret) text = kiosk_secret_new_from_string ("ABC123");
  KioskSecret *again = kiosk_secret_ref (secret);

  g_assert_cmpmem (kiosk_secret_get_data (secret), kiosk_secret_get_length (secret), bytes,
                   sizeof bytes);
  g_assert_cmpmem (kiosk_secret_get_data (text), kiosk_secret_get_length (text), "ABC123", 6);
  g_assert_true (kiosk_secret_get_data (again) == kiosk_secret_get_data (secret));
  kiosk_secret_unref (again);
  /* still there: one reference left */
  g_assert_cmpmem (kiosk_secret_get_data (secret), 4, bytes, 4);
}

static void
test_secret_boxed (void)
{
  g_autoptr (KioskSecret) secret = kiosk_secret_new_from_string ("1234");
  KioskSecret *copy = g_boxed_copy (KIOSK_TYPE_SECRET, secret);

  /* a boxed copy is a reference to the same locked buffer, not a second copy of the PIN */
  g_assert_true (copy == secret);
  g_boxed_free (KIOSK_TYPE_SECRET, copy);
}

static void
test_secret_wipe (void)
{
  char buffer[] = "00 20 00 80 04 1234";

  kiosk_secret_wipe (buffer, sizeof buffer);
  for (gsize i = 0; i < sizeof buffer; i++)
    g_assert_cmpint (buffer[i], ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (sw_cases); i++)
    g_test_add_data_func (sw_cases[i].path, &sw_cases[i], test_sw_case);
  g_test_add_func ("/cardio/errors/card-gone", test_card_gone);
  g_test_add_func ("/cardio/errors/code-names-distinct", test_code_names_distinct);
  g_test_add_func ("/cardio/reader-state/names", test_reader_state_names);
  g_test_add_func ("/cardio/secret/holds-bytes", test_secret_holds_bytes);
  g_test_add_func ("/cardio/secret/boxed", test_secret_boxed);
  g_test_add_func ("/cardio/secret/wipe", test_secret_wipe);

  return g_test_run ();
}
