/* receipt-test-util.c: shared pieces of the receipt and printing tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "receipt-test-util.h"

#include <glib/gstdio.h>

KioskReceipt *
receipt_test_sample (guint sequence, const char *language)
{
  g_autoptr (GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr (GDateTime) time = g_date_time_new (tokyo, 2026, 11, 25, 10, 0, 0);
  g_autoptr (GBytes) secret = g_bytes_new_static ("kiosk secret for tests", 22);
  g_autoptr (GBytes) reference = kiosk_card_reference_new (secret, "0A1B2C3D4E5F");

  return kiosk_receipt_new ("K001", "柏市役所 本庁舎1階", sequence, time, KIOSK_PROCEDURE_RENEW,
                            KIOSK_OUTCOME_HANDED_OFF, KIOSK_REASON_PIN_LOCKED, language, reference);
}

char *
receipt_test_make_key_dir (KioskReceiptKey **key)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiosk-receipt-key-XXXXXX", &error);
  g_autoptr (KioskReceiptKey) made = NULL;

  g_assert_no_error (error);
  made = kiosk_receipt_key_generate (&error);
  g_assert_no_error (error);
  g_assert_true (kiosk_receipt_key_save (made, dir, &error));
  g_assert_no_error (error);
  if (key != NULL)
    *key = g_steal_pointer (&made);
  return g_steal_pointer (&dir);
}

int
receipt_test_run (const char *const *argv, char **out, char **err)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = g_subprocess_newv (
      argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

char *
receipt_test_decode_qr (const char *png)
{
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");

  if (zbarimg == NULL)
    {
      g_test_message ("zbarimg is not installed (package zbar-tools)");
      return NULL;
    }
  argv[0] = zbarimg;
  if (receipt_test_run (argv, &out, &err) != 0)
    {
      g_test_message ("zbarimg found no code in %s: %s", png, err);
      return NULL;
    }
  return g_strdup (g_strstrip (out));
}

void
receipt_test_remove_dir (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}
