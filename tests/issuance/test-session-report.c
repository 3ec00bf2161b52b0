/* test-session-report.c: incomplete sessions reported to staff after a restart, as structured
 * log records with nothing personal in them, and cleared by staff once handled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "issuance-test-util.h"
#include "kiosk-session-journal.h"

/* A stand-in for an auth certificate: what must never reach the log is its content. */
#define CERTIFICATE_TEXT "CN=YAMADA TARO, serialNumber=0A1B2C3D4E5F"

/* Every record the journal logs, field name → value, in order. */
static GPtrArray *captured;

static GLogWriterOutput
capture_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  g_autoptr (GHashTable) record = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean ours = FALSE;

  for (gsize i = 0; i < n_fields; i++)
    {
      g_autofree char *value = fields[i].length < 0
                                   ? g_strdup (fields[i].value)
                                   : g_strndup (fields[i].value, (gsize)fields[i].length);

      if (g_str_equal (fields[i].key, "MESSAGE_ID")
          && (g_str_equal (value, KIOSK_SESSION_JOURNAL_MESSAGE_ID_INCOMPLETE)
              || g_str_equal (value, KIOSK_SESSION_JOURNAL_MESSAGE_ID_FORGOTTEN)))
        ours = TRUE;
      g_hash_table_replace (record, g_strdup (fields[i].key), g_steal_pointer (&value));
    }
  if (!ours)
    return g_log_writer_default (level, fields, n_fields, user_data);
  g_hash_table_replace (record, g_strdup ("(level)"), g_strdup_printf ("%d", level));
  g_ptr_array_add (captured, g_steal_pointer (&record));
  return G_LOG_WRITER_HANDLED;
}

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autofree char *parent = g_dir_make_tmp ("journal-report-XXXXXX", NULL);

  g_assert_nonnull (parent);
  fixture->dir = g_build_filename (parent, "sessions", NULL);
  g_ptr_array_set_size (captured, 0);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (fixture->dir);

  issuance_test_remove_tree (parent);
  g_free (fixture->dir);
  g_ptr_array_set_size (captured, 0);
}

static KioskSessionJournal *
open_journal (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  KioskSessionJournal *journal = kiosk_session_journal_new (fixture->dir, &error);

  g_assert_no_error (error);
  return journal;
}

static char *
reference_for (const char *id)
{
  g_autofree char *text = g_strconcat (CERTIFICATE_TEXT, " ", id, NULL);
  g_autoptr (GBytes) certificate = g_bytes_new (text, strlen (text));

  return kiosk_session_journal_card_reference (certificate);
}

static void
record (KioskSessionJournal *journal, const char *id, KioskIssuanceProcedure procedure,
        const char *step, const char *started)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) when = g_date_time_new_from_iso8601 (started, NULL);
  g_autofree char *reference = reference_for (id);

  g_assert_true (
      kiosk_session_journal_record (journal, id, procedure, step, reference, when, &error));
  g_assert_no_error (error);
}

static const char *
field (guint index, const char *name)
{
  g_assert_cmpuint (index, <, captured->len);
  return g_hash_table_lookup (g_ptr_array_index (captured, index), name);
}

/* Two sessions left by one journal object are reported by a new one on the same folder (the
 * kiosk restarted): one warning each, oldest first, with the step, the card reference and the
 * age; a finished session is not reported. */
static void
test_restart_reports_each_once (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-25T06:00:00Z", NULL);
  g_autofree char *first_reference = reference_for ("sess-a1");
  g_autofree char *second_reference = reference_for ("sess-b2");
  {
    g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
    g_autoptr (GError) error = NULL;

    record (journal, "sess-b2", KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN, "write-certificates",
            "2026-11-25T05:59:00Z");
    record (journal, "sess-a1", KIOSK_ISSUANCE_PROCEDURE_RENEW, "generate-keys",
            "2026-11-25T05:00:00Z");
    record (journal, "sess-done", KIOSK_ISSUANCE_PROCEDURE_RENEW, "commit", "2026-11-25T04:00:00Z");
    g_assert_true (kiosk_session_journal_mark_done (journal, "sess-done", &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (captured->len, ==, 0);

  g_autoptr (KioskSessionJournal) restarted = open_journal (fixture);
  g_assert_cmpuint (kiosk_session_journal_report_incomplete_at (restarted, now), ==, 2);
  g_assert_cmpuint (captured->len, ==, 2);

  g_assert_cmpstr (field (0, "MESSAGE_ID"), ==, KIOSK_SESSION_JOURNAL_MESSAGE_ID_INCOMPLETE);
  g_assert_cmpstr (field (0, "PRIORITY"), ==, "4");
  g_assert_cmpstr (field (0, "(level)"), ==, "16"); /* G_LOG_LEVEL_WARNING */
  g_assert_cmpstr (field (0, "SESSION_ID"), ==, "sess-a1");
  g_assert_cmpstr (field (0, "PROCEDURE"), ==,
                   kiosk_issuance_procedure_to_string (KIOSK_ISSUANCE_PROCEDURE_RENEW));
  g_assert_cmpstr (field (0, "STEP"), ==, "generate-keys");
  g_assert_cmpstr (field (0, "CARD_REF"), ==, first_reference);
  g_assert_cmpstr (field (0, "AGE_SECONDS"), ==, "3600");
  g_assert_nonnull (strstr (field (0, "MESSAGE"), "sess-a1"));

  g_assert_cmpstr (field (1, "MESSAGE_ID"), ==, KIOSK_SESSION_JOURNAL_MESSAGE_ID_INCOMPLETE);
  g_assert_cmpstr (field (1, "SESSION_ID"), ==, "sess-b2");
  g_assert_cmpstr (field (1, "PROCEDURE"), ==,
                   kiosk_issuance_procedure_to_string (KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN));
  g_assert_cmpstr (field (1, "STEP"), ==, "write-certificates");
  g_assert_cmpstr (field (1, "CARD_REF"), ==, second_reference);
  g_assert_cmpstr (field (1, "AGE_SECONDS"), ==, "60");

  /* Reported, not forgotten: still there for staff. */
  g_assert_nonnull (kiosk_session_journal_lookup (restarted, "sess-a1"));
  g_assert_nonnull (kiosk_session_journal_lookup (restarted, "sess-b2"));
}

/* What the card holds is recorded, kept while the steps move on and across a restart, and
 * reported; a session where it is unknown carries no CARD_STATE field. */
static void
test_card_state_reported (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-25T06:00:00Z", NULL);
  {
    g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
    g_autoptr (GError) error = NULL;

    record (journal, "sess-new", KIOSK_ISSUANCE_PROCEDURE_RENEW, "activate",
            "2026-11-25T05:00:00Z");
    record (journal, "sess-unknown", KIOSK_ISSUANCE_PROCEDURE_RENEW, "authorize",
            "2026-11-25T05:30:00Z");
    g_assert_true (kiosk_session_journal_set_card_state (journal, "sess-new", "new", &error));
    g_assert_no_error (error);
    g_assert_true (kiosk_session_journal_set_step (journal, "sess-new", "set-pin", &error));
    g_assert_no_error (error);
  }
  g_autoptr (KioskSessionJournal) restarted = open_journal (fixture);
  g_assert_cmpstr (kiosk_session_journal_lookup (restarted, "sess-new")->card_state, ==, "new");
  g_assert_null (kiosk_session_journal_lookup (restarted, "sess-unknown")->card_state);

  g_assert_cmpuint (kiosk_session_journal_report_incomplete_at (restarted, now), ==, 2);
  g_assert_cmpstr (field (0, "SESSION_ID"), ==, "sess-new");
  g_assert_cmpstr (field (0, "STEP"), ==, "set-pin");
  g_assert_cmpstr (field (0, "CARD_STATE"), ==, "new");
  g_assert_cmpstr (field (1, "SESSION_ID"), ==, "sess-unknown");
  g_assert_null (field (1, "CARD_STATE"));
}

/* Only "old" and "new" are card states, and only for a known session. */
static void
test_card_state_checked (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
  g_autoptr (GError) error = NULL;

  record (journal, "sess-x", KIOSK_ISSUANCE_PROCEDURE_RENEW, "generate-keys",
          "2026-11-25T05:00:00Z");
  g_assert_false (kiosk_session_journal_set_card_state (journal, "sess-x", "mixed", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (kiosk_session_journal_lookup (journal, "sess-x")->card_state);
  g_assert_false (kiosk_session_journal_set_card_state (journal, "sess-y", "old", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (kiosk_session_journal_set_card_state (journal, "sess-x", "old", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_session_journal_lookup (journal, "sess-x")->card_state, ==, "old");
}

/* The records carry exactly the fields staff need, and none holds the certificate, the name in
 * it or its serial: the card reference is a hash. */
static void
test_nothing_secret_logged (Fixture *fixture, gconstpointer data)
{
  static const char *const allowed[]
      = { "PRIORITY", "GLIB_DOMAIN", "MESSAGE_ID", "SESSION_ID", "PROCEDURE", "STEP",
          "CARD_REF", "AGE_SECONDS", "CARD_STATE", "MESSAGE",    "(level)",   NULL };
  g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
  g_autoptr (GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  record (journal, "sess-s", KIOSK_ISSUANCE_PROCEDURE_RENEW, "write-certificates",
          "2026-11-25T05:00:00Z");
  g_assert_true (kiosk_session_journal_set_card_state (journal, "sess-s", "old", &error));
  g_assert_cmpuint (kiosk_session_journal_report_incomplete (journal), ==, 1);
  g_assert_true (kiosk_session_journal_forget (journal, "sess-s", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (captured->len, ==, 2);

  for (guint i = 0; i < captured->len; i++)
    {
      g_hash_table_iter_init (&iter, g_ptr_array_index (captured, i));
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_assert_true (g_strv_contains (allowed, key));
          g_assert_null (strstr (value, "YAMADA"));
          g_assert_null (strstr (value, "0A1B2C3D4E5F"));
          g_assert_null (g_strrstr (value, "0a1b2c3d4e5f"));
        }
      g_assert_cmpstr (field (i, "GLIB_DOMAIN"), ==, "kiosk-app");
      g_assert_cmpuint (strlen (field (i, "CARD_REF")), ==, 64);
    }
}

/* No incomplete session: nothing logged, zero returned. */
static void
test_none_reports_nothing (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSessionJournal) journal = open_journal (fixture);

  g_assert_cmpuint (kiosk_session_journal_report_incomplete (journal), ==, 0);
  g_assert_cmpuint (captured->len, ==, 0);
}

/* Staff clear a handled session: the clearing is logged, its file goes, and the next start
 * reports only the others. */
static void
test_forget_clears_for_restart (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-25T06:00:00Z", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "sess-f1.session", NULL);
  {
    g_autoptr (KioskSessionJournal) journal = open_journal (fixture);

    record (journal, "sess-f1", KIOSK_ISSUANCE_PROCEDURE_RENEW, "activate", "2026-11-25T05:00:00Z");
    record (journal, "sess-f2", KIOSK_ISSUANCE_PROCEDURE_RENEW, "authorize",
            "2026-11-25T05:10:00Z");
  }
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  {
    g_autoptr (KioskSessionJournal) staff = open_journal (fixture);

    g_assert_true (kiosk_session_journal_forget (staff, "sess-f1", &error));
    g_assert_no_error (error);
    g_assert_null (kiosk_session_journal_lookup (staff, "sess-f1"));
  }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (captured->len, ==, 1);
  g_assert_cmpstr (field (0, "MESSAGE_ID"), ==, KIOSK_SESSION_JOURNAL_MESSAGE_ID_FORGOTTEN);
  g_assert_cmpstr (field (0, "SESSION_ID"), ==, "sess-f1");
  g_assert_cmpstr (field (0, "STEP"), ==, "activate");
  g_ptr_array_set_size (captured, 0);

  g_autoptr (KioskSessionJournal) restarted = open_journal (fixture);
  g_assert_cmpuint (kiosk_session_journal_report_incomplete_at (restarted, now), ==, 1);
  g_assert_cmpstr (field (0, "SESSION_ID"), ==, "sess-f2");
}

/* A mistyped id is not taken as handled: an error, and nothing removed or logged. */
static void
test_forget_unknown_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
  g_autoptr (GError) error = NULL;

  record (journal, "sess-k", KIOSK_ISSUANCE_PROCEDURE_RENEW, "activate", "2026-11-25T05:00:00Z");
  g_assert_false (kiosk_session_journal_forget (journal, "sess-K", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpuint (captured->len, ==, 0);
  g_assert_nonnull (kiosk_session_journal_lookup (journal, "sess-k"));
  g_assert_cmpuint (kiosk_session_journal_report_incomplete (journal), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  captured = g_ptr_array_new_with_free_func ((GDestroyNotify)g_hash_table_unref);
  g_log_set_writer_func (capture_writer, NULL, NULL);

#define ADD(path, func)                                                                            \
  g_test_add ("/issuance/session-report/" path, Fixture, NULL, fixture_set_up, func,               \
              fixture_tear_down)
  ADD ("restart-reports-each-once", test_restart_reports_each_once);
  ADD ("card-state-reported", test_card_state_reported);
  ADD ("card-state-checked", test_card_state_checked);
  ADD ("nothing-secret-logged", test_nothing_secret_logged);
  ADD ("none-reports-nothing", test_none_reports_nothing);
  ADD ("forget-clears-for-restart", test_forget_clears_for_restart);
  ADD ("forget-unknown-refused", test_forget_unknown_refused);
#undef ADD
  int status = g_test_run ();
  g_ptr_array_unref (captured);
  return status;
}
