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

static GMutex log_lock;
static GPtrArray *log_records;
static GPtrArray *log_expected; /* pairs: message id, pattern */

static GLogWriterOutput
capture_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  g_autoptr (GHashTable) record = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (gsize i = 0; i < n_fields; i++)
    g_hash_table_replace (record, g_strdup (fields[i].key),
                          fields[i].length < 0
                              ? g_strdup (fields[i].value)
                              : g_strndup (fields[i].value, (gsize)fields[i].length));
  if (!g_hash_table_contains (record, "MESSAGE_ID"))
    return g_log_writer_default (level, fields, n_fields, user_data);
  g_mutex_lock (&log_lock);
  g_ptr_array_add (log_records, g_steal_pointer (&record));
  g_mutex_unlock (&log_lock);
  return G_LOG_WRITER_HANDLED;
}

void
receipt_test_log_capture (void)
{
  log_records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_hash_table_unref);
  log_expected = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);
}

void
receipt_test_log_clear (void)
{
  g_mutex_lock (&log_lock);
  g_ptr_array_set_size (log_records, 0);
  g_mutex_unlock (&log_lock);
}

GPtrArray *
receipt_test_log_records (const char *message_id)
{
  GPtrArray *found = g_ptr_array_new ();

  g_mutex_lock (&log_lock);
  for (guint i = 0; i < log_records->len; i++)
    {
      GHashTable *record = g_ptr_array_index (log_records, i);

      if (message_id == NULL
          || g_strcmp0 (g_hash_table_lookup (record, "MESSAGE_ID"), message_id) == 0)
        g_ptr_array_add (found, record);
    }
  g_mutex_unlock (&log_lock);
  return found;
}

void
receipt_test_log_expect (const char *message_id, const char *message_pattern)
{
  g_ptr_array_add (log_expected, g_strdup (message_id));
  g_ptr_array_add (log_expected, g_strdup (message_pattern));
}

void
receipt_test_log_assert_expected (void)
{
  for (guint e = 0; e + 1 < log_expected->len; e += 2)
    {
      const char *message_id = g_ptr_array_index (log_expected, e);
      const char *pattern = g_ptr_array_index (log_expected, e + 1);
      g_autoptr (GPtrArray) records = receipt_test_log_records (message_id);
      gboolean seen = FALSE;

      for (guint i = 0; i < records->len && !seen; i++)
        {
          GHashTable *record = g_ptr_array_index (records, i);
          const char *message = g_hash_table_lookup (record, "MESSAGE");

          seen = message != NULL && g_pattern_match_simple (pattern, message)
                 && g_hash_table_contains (record, "RECEIPT_NUMBER")
                 && g_hash_table_contains (record, "PRINTER")
                 && g_hash_table_contains (record, "QUEUE_LENGTH");
        }
      if (!seen)
        g_error ("no log record %s \"%s\" with RECEIPT_NUMBER, PRINTER and QUEUE_LENGTH",
                 message_id, pattern);
    }
  g_ptr_array_set_size (log_expected, 0);
  receipt_test_log_clear ();
}
