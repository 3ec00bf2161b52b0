/* test-session-journal.c: incomplete issuance sessions survive a restart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "issuance-test-util.h"
#include "kiosk-session-journal.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  (void)data;
  g_autofree char *parent = g_dir_make_tmp ("journal-XXXXXX", NULL);
  g_assert_nonnull (parent);
  /* A folder that does not exist yet: the journal makes it. */
  fixture->dir = g_build_filename (parent, "sessions", NULL);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  (void)data;
  g_autofree char *parent = g_path_get_dirname (fixture->dir);
  issuance_test_remove_tree (parent);
  g_free (fixture->dir);
}

static GDateTime *
at (const char *iso)
{
  return g_date_time_new_from_iso8601 (iso, NULL);
}

static KioskSessionJournal *
open_journal (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  KioskSessionJournal *journal = kiosk_session_journal_new (fixture->dir, &error);

  g_assert_no_error (error);
  return journal;
}

static void
record (KioskSessionJournal *journal, const char *id, KioskIssuanceProcedure procedure,
        const char *step, const char *started)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) when = at (started);
  g_autoptr (GBytes) certificate = g_bytes_new (id, strlen (id));
  g_autofree char *reference = kiosk_session_journal_card_reference (certificate);

  g_assert_true (
      kiosk_session_journal_record (journal, id, procedure, step, reference, when, &error));
  g_assert_no_error (error);
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  guint count = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    count++;
  return count;
}

static void
test_survives_restart (Fixture *fixture, gconstpointer data)
{
  (void)data;
  {
    g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
    record (journal, "s-second", KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN, "proven",
            "2026-11-25T10:05:00+09:00");
    record (journal, "s-first", KIOSK_ISSUANCE_PROCEDURE_RENEW, "issued",
            "2026-11-25T10:00:00+09:00");
  }

  /* A new process: a new object reading the same folder. */
  g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
  g_autoptr (GPtrArray) incomplete = kiosk_session_journal_list_incomplete (journal);
  g_assert_cmpuint (incomplete->len, ==, 2);
  const KioskJournalEntry *first = g_ptr_array_index (incomplete, 0);
  const KioskJournalEntry *second = g_ptr_array_index (incomplete, 1);
  g_assert_cmpstr (first->session_id, ==, "s-first");
  g_assert_cmpint (first->procedure, ==, KIOSK_ISSUANCE_PROCEDURE_RENEW);
  g_assert_cmpstr (first->step, ==, "issued");
  g_autoptr (GBytes) certificate = g_bytes_new ("s-first", 7);
  g_autofree char *reference = kiosk_session_journal_card_reference (certificate);
  g_assert_cmpstr (first->card_reference, ==, reference);
  g_autoptr (GDateTime) started = at ("2026-11-25T10:00:00+09:00");
  g_assert_true (g_date_time_equal (first->started, started));
  g_assert_cmpstr (second->session_id, ==, "s-second");
  g_assert_cmpint (second->procedure, ==, KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN);
  /* One file per session, no temp files left behind. */
  g_assert_cmpuint (count_files (fixture->dir), ==, 2);
}

static void
test_mark_done_removes (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  (void)data;
  {
    g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
    record (journal, "s-done", KIOSK_ISSUANCE_PROCEDURE_RENEW, "committed",
            "2026-11-25T10:00:00+09:00");
    record (journal, "s-left", KIOSK_ISSUANCE_PROCEDURE_RENEW, "authorized",
            "2026-11-25T10:01:00+09:00");
    g_assert_true (kiosk_session_journal_mark_done (journal, "s-done", &error));
    g_assert_no_error (error);
    g_assert_null (kiosk_session_journal_lookup (journal, "s-done"));
  }
  g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
  g_autoptr (GPtrArray) incomplete = kiosk_session_journal_list_incomplete (journal);
  g_assert_cmpuint (incomplete->len, ==, 1);
  g_assert_cmpstr (((KioskJournalEntry *)g_ptr_array_index (incomplete, 0))->session_id, ==,
                   "s-left");
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
}

static void
test_step_update_persists (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  (void)data;
  {
    g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
    record (journal, "s-step", KIOSK_ISSUANCE_PROCEDURE_RENEW, "opened",
            "2026-11-25T10:00:00+09:00");
    g_assert_true (kiosk_session_journal_set_step (journal, "s-step", "issued", &error));
    g_assert_no_error (error);
    g_assert_false (kiosk_session_journal_set_step (journal, "s-unknown", "issued", &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
  g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
  const KioskJournalEntry *entry = kiosk_session_journal_lookup (journal, "s-step");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->step, ==, "issued");
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
}

static void
test_unsafe_session_id_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
  g_autoptr (GDateTime) now = at ("2026-11-25T10:00:00+09:00");
  (void)data;

  /* A session id from the network never becomes a path outside the folder. */
  g_assert_false (kiosk_session_journal_record (
      journal, "../escape", KIOSK_ISSUANCE_PROCEDURE_RENEW, "opened", "00", now, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);
}

static void
test_damaged_file_skipped (Fixture *fixture, gconstpointer data)
{
  (void)data;
  {
    g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
    record (journal, "s-good", KIOSK_ISSUANCE_PROCEDURE_RENEW, "proven",
            "2026-11-25T10:00:00+09:00");
  }
  g_autofree char *damaged = g_build_filename (fixture->dir, "s-bad.session", NULL);
  g_assert_true (g_file_set_contents (damaged, "[session]\nsession-id=s-bad\n", -1, NULL));

  g_test_expect_message ("kiosk-app", G_LOG_LEVEL_WARNING, "*skipping*s-bad.session*");
  g_autoptr (KioskSessionJournal) journal = open_journal (fixture);
  g_test_assert_expected_messages ();
  g_autoptr (GPtrArray) incomplete = kiosk_session_journal_list_incomplete (journal);
  g_assert_cmpuint (incomplete->len, ==, 1);
  /* Kept for staff to look at, never deleted. */
  g_assert_true (g_file_test (damaged, G_FILE_TEST_EXISTS));
}

static void
test_card_reference_is_not_the_certificate (void)
{
  g_autoptr (GBytes) certificate = g_bytes_new ("certificate bytes", 17);
  g_autofree char *reference = kiosk_session_journal_card_reference (certificate);

  g_assert_cmpuint (strlen (reference), ==, 64);
  g_assert_null (strstr (reference, "certificate"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func)                                                                            \
  g_test_add ("/issuance/journal/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("survives-restart", test_survives_restart);
  ADD ("mark-done-removes", test_mark_done_removes);
  ADD ("step-update-persists", test_step_update_persists);
  ADD ("unsafe-session-id-refused", test_unsafe_session_id_refused);
  ADD ("damaged-file-skipped", test_damaged_file_skipped);
#undef ADD
  g_test_add_func ("/issuance/journal/card-reference-is-not-the-certificate",
                   test_card_reference_is_not_the_certificate);
  return g_test_run ();
}
