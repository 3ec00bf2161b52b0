/* kiosk-session-journal.c: incomplete issuance sessions, persisted so a restart finds them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-session-journal.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define GROUP "session"
#define SUFFIX ".session"

struct _KioskSessionJournal
{
  GObject parent_instance;

  char *dir;
  GHashTable *entries; /* session id → KioskJournalEntry */
};

G_DEFINE_FINAL_TYPE (KioskSessionJournal, kiosk_session_journal, G_TYPE_OBJECT)

void
kiosk_journal_entry_free (KioskJournalEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->session_id);
  g_free (entry->step);
  g_free (entry->card_reference);
  g_free (entry->card_state);
  g_clear_pointer (&entry->started, g_date_time_unref);
  g_free (entry);
}

static void
kiosk_session_journal_finalize (GObject *object)
{
  KioskSessionJournal *self = KIOSK_SESSION_JOURNAL (object);

  g_free (self->dir);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  G_OBJECT_CLASS (kiosk_session_journal_parent_class)->finalize (object);
}

static void
kiosk_session_journal_class_init (KioskSessionJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_session_journal_finalize;
}

static void
kiosk_session_journal_init (KioskSessionJournal *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify)kiosk_journal_entry_free);
}

/* Session ids come from the service: only a safe subset becomes a file name. */
static gboolean
is_safe_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
entry_path (KioskSessionJournal *self, const char *session_id)
{
  g_autofree char *name = g_strconcat (session_id, SUFFIX, NULL);
  return g_build_filename (self->dir, name, NULL);
}

static void
set_errno_error (GError **error, int saved_errno, const char *what, const char *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "cannot %s %s: %s", what,
               path, g_strerror (saved_errno));
}

static gboolean
fsync_dir (const char *dir, GError **error)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;
      if (fd >= 0)
        close (fd);
      set_errno_error (error, saved_errno, "sync the folder", dir);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
write_durably (const char *dir, const char *path, const char *data, gsize len, GError **error)
{
  g_autofree char *temp = g_strconcat (path, ".tmp", NULL);
  int fd = open (temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      set_errno_error (error, errno, "create", temp);
      return FALSE;
    }
  gsize done = 0;
  while (done < len)
    {
      ssize_t n = write (fd, data + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          close (fd);
          g_unlink (temp);
          set_errno_error (error, saved_errno, "write", temp);
          return FALSE;
        }
      done += (gsize)n;
    }
  if (fsync (fd) != 0)
    {
      int saved_errno = errno;
      close (fd);
      g_unlink (temp);
      set_errno_error (error, saved_errno, "sync", temp);
      return FALSE;
    }
  close (fd);
  if (g_rename (temp, path) != 0)
    {
      int saved_errno = errno;
      g_unlink (temp);
      set_errno_error (error, saved_errno, "rename into place", path);
      return FALSE;
    }
  return fsync_dir (dir, error);
}

static gboolean
is_card_state (const char *card_state)
{
  return g_strcmp0 (card_state, "old") == 0 || g_strcmp0 (card_state, "new") == 0;
}

static gboolean
save_entry (KioskSessionJournal *self, const KioskJournalEntry *entry, GError **error)
{
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autofree char *started = g_date_time_format_iso8601 (entry->started);

  g_key_file_set_string (key_file, GROUP, "session-id", entry->session_id);
  g_key_file_set_string (key_file, GROUP, "procedure",
                         kiosk_issuance_procedure_to_string (entry->procedure));
  g_key_file_set_string (key_file, GROUP, "step", entry->step);
  g_key_file_set_string (key_file, GROUP, "card-reference", entry->card_reference);
  g_key_file_set_string (key_file, GROUP, "started", started);
  if (entry->card_state != NULL)
    g_key_file_set_string (key_file, GROUP, "card-state", entry->card_state);

  gsize len = 0;
  g_autofree char *data = g_key_file_to_data (key_file, &len, NULL);
  g_autofree char *path = entry_path (self, entry->session_id);
  return write_durably (self->dir, path, data, len, error);
}

static KioskJournalEntry *
load_entry (const char *path, GError **error)
{
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autoptr (KioskJournalEntry) entry = g_new0 (KioskJournalEntry, 1);

  if (!g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, error))
    return NULL;
  entry->session_id = g_key_file_get_string (key_file, GROUP, "session-id", error);
  g_autofree char *procedure = entry->session_id != NULL
                                   ? g_key_file_get_string (key_file, GROUP, "procedure", error)
                                   : NULL;
  if (procedure == NULL)
    return NULL;
  entry->step = g_key_file_get_string (key_file, GROUP, "step", error);
  if (entry->step == NULL)
    return NULL;
  entry->card_reference = g_key_file_get_string (key_file, GROUP, "card-reference", error);
  if (entry->card_reference == NULL)
    return NULL;
  g_autofree char *started = g_key_file_get_string (key_file, GROUP, "started", error);
  if (started == NULL)
    return NULL;
  entry->started = g_date_time_new_from_iso8601 (started, NULL);
  entry->card_state = g_key_file_get_string (key_file, GROUP, "card-state", NULL);
  if (!kiosk_issuance_procedure_from_string (procedure, &entry->procedure) || entry->started == NULL
      || !is_safe_id (entry->session_id)
      || (entry->card_state != NULL && !is_card_state (entry->card_state)))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s: an invalid procedure, start time, session id or card state", path);
      return NULL;
    }
  return g_steal_pointer (&entry);
}

KioskSessionJournal *
kiosk_session_journal_new (const char *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_errno_error (error, errno, "create the journal folder", dir);
      return NULL;
    }
  g_autoptr (GDir) listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return NULL;

  g_autoptr (KioskSessionJournal) self = g_object_new (KIOSK_TYPE_SESSION_JOURNAL, NULL);
  self->dir = g_strdup (dir);
  for (const char *name; (name = g_dir_read_name (listing)) != NULL;)
    {
      if (!g_str_has_suffix (name, SUFFIX))
        continue; /* a leftover .tmp is an interrupted write: the old entry (if any) stands */
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (GError) local = NULL;
      KioskJournalEntry *entry = load_entry (path, &local);
      if (entry == NULL)
        {
          g_warning ("session journal: skipping %s: %s", path, local->message);
          continue;
        }
      g_hash_table_replace (self->entries, entry->session_id, entry);
    }
  return g_steal_pointer (&self);
}

gboolean
kiosk_session_journal_record (KioskSessionJournal *self, const char *session_id,
                              KioskIssuanceProcedure procedure, const char *step,
                              const char *card_reference, GDateTime *started, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_SESSION_JOURNAL (self), FALSE);
  g_return_val_if_fail (step != NULL && card_reference != NULL && started != NULL, FALSE);

  if (!is_safe_id (session_id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "a session id of letters, digits, - and _ is needed");
      return FALSE;
    }
  g_autoptr (KioskJournalEntry) entry = g_new0 (KioskJournalEntry, 1);
  entry->session_id = g_strdup (session_id);
  entry->procedure = procedure;
  entry->step = g_strdup (step);
  entry->card_reference = g_strdup (card_reference);
  entry->started = g_date_time_ref (started);
  {
    const KioskJournalEntry *known = g_hash_table_lookup (self->entries, session_id);

    /* What the card holds stays known while the steps move on. */
    entry->card_state = known != NULL ? g_strdup (known->card_state) : NULL;
  }
  if (!save_entry (self, entry, error))
    return FALSE;
  KioskJournalEntry *stored = g_steal_pointer (&entry);
  g_hash_table_replace (self->entries, stored->session_id, stored);
  return TRUE;
}

gboolean
kiosk_session_journal_set_step (KioskSessionJournal *self, const char *session_id, const char *step,
                                GError **error)
{
  g_return_val_if_fail (KIOSK_IS_SESSION_JOURNAL (self), FALSE);

  const KioskJournalEntry *entry = kiosk_session_journal_lookup (self, session_id);
  if (entry == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no journal entry for session %s",
                   session_id);
      return FALSE;
    }
  return kiosk_session_journal_record (self, session_id, entry->procedure, step,
                                       entry->card_reference, entry->started, error);
}

gboolean
kiosk_session_journal_mark_done (KioskSessionJournal *self, const char *session_id, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_SESSION_JOURNAL (self), FALSE);

  if (!g_hash_table_contains (self->entries, session_id))
    return TRUE;
  g_autofree char *path = entry_path (self, session_id);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      set_errno_error (error, errno, "remove", path);
      return FALSE;
    }
  g_hash_table_remove (self->entries, session_id);
  return fsync_dir (self->dir, error);
}

gboolean
kiosk_session_journal_set_card_state (KioskSessionJournal *self, const char *session_id,
                                      const char *card_state, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_SESSION_JOURNAL (self), FALSE);

  KioskJournalEntry *entry
      = session_id != NULL ? g_hash_table_lookup (self->entries, session_id) : NULL;
  if (entry == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no journal entry for session %s",
                   session_id);
      return FALSE;
    }
  if (!is_card_state (card_state))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the card state is \"old\" or \"new\", not \"%s\"", card_state);
      return FALSE;
    }
  g_autofree char *previous = g_steal_pointer (&entry->card_state);
  entry->card_state = g_strdup (card_state);
  if (save_entry (self, entry, error))
    return TRUE;
  g_free (entry->card_state);
  entry->card_state = g_steal_pointer (&previous);
  return FALSE;
}

/* The staff log: structured for journald (fields staff and tools can search), with the
 * human-readable MESSAGE last. Only ids, step names, a hashed card reference and ages. */
static void
log_entry_event (GLogLevelFlags level, const char *message_id, const KioskJournalEntry *entry,
                 const char *age_seconds, const char *message)
{
  const char *priority = level == G_LOG_LEVEL_WARNING ? "4" : "5";
  GLogField fields[10];
  gsize n = 0;

#define ADD_FIELD(name, text) fields[n++] = (GLogField){ (name), (text), -1 }
  ADD_FIELD ("PRIORITY", priority);
  ADD_FIELD ("GLIB_DOMAIN", G_LOG_DOMAIN);
  ADD_FIELD ("MESSAGE_ID", message_id);
  ADD_FIELD ("SESSION_ID", entry->session_id);
  ADD_FIELD ("PROCEDURE", kiosk_issuance_procedure_to_string (entry->procedure));
  ADD_FIELD ("STEP", entry->step);
  ADD_FIELD ("CARD_REF", entry->card_reference);
  if (age_seconds != NULL)
    ADD_FIELD ("AGE_SECONDS", age_seconds);
  if (entry->card_state != NULL)
    ADD_FIELD ("CARD_STATE", entry->card_state);
  ADD_FIELD ("MESSAGE", message);
#undef ADD_FIELD
  g_assert (n <= G_N_ELEMENTS (fields));
  g_log_structured_array (level, fields, n);
}

guint
kiosk_session_journal_report_incomplete_at (KioskSessionJournal *self, GDateTime *now)
{
  g_return_val_if_fail (KIOSK_IS_SESSION_JOURNAL (self), 0);
  g_return_val_if_fail (now != NULL, 0);

  g_autoptr (GPtrArray) incomplete = kiosk_session_journal_list_incomplete (self);
  for (guint i = 0; i < incomplete->len; i++)
    {
      const KioskJournalEntry *entry = g_ptr_array_index (incomplete, i);
      GTimeSpan age = g_date_time_difference (now, entry->started);
      g_autofree char *age_seconds
          = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (age, 0) / G_TIME_SPAN_SECOND);
      g_autofree char *message = g_strdup_printf (
          "Incomplete %s session %s stopped at step %s %s s ago (card %s): staff must finish it",
          kiosk_issuance_procedure_to_string (entry->procedure), entry->session_id, entry->step,
          age_seconds, entry->card_state != NULL ? entry->card_state : "state unknown");

      log_entry_event (G_LOG_LEVEL_WARNING, KIOSK_SESSION_JOURNAL_MESSAGE_ID_INCOMPLETE, entry,
                       age_seconds, message);
    }
  return incomplete->len;
}

guint
kiosk_session_journal_report_incomplete (KioskSessionJournal *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return kiosk_session_journal_report_incomplete_at (self, now);
}

gboolean
kiosk_session_journal_forget (KioskSessionJournal *self, const char *session_id, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_SESSION_JOURNAL (self), FALSE);

  const KioskJournalEntry *entry = kiosk_session_journal_lookup (self, session_id);
  if (entry == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no incomplete session %s",
                   session_id != NULL ? session_id : "(none)");
      return FALSE;
    }
  /* Logged from the entry before it goes: the record of what staff closed. */
  g_autofree char *message = g_strdup_printf ("Incomplete %s session %s (step %s) cleared by staff",
                                              kiosk_issuance_procedure_to_string (entry->procedure),
                                              entry->session_id, entry->step);
  g_autofree char *id = g_strdup (session_id);
  g_autofree char *path = entry_path (self, id);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      set_errno_error (error, errno, "remove", path);
      return FALSE;
    }
  log_entry_event (G_LOG_LEVEL_MESSAGE, KIOSK_SESSION_JOURNAL_MESSAGE_ID_FORGOTTEN, entry, NULL,
                   message);
  g_hash_table_remove (self->entries, id);
  return fsync_dir (self->dir, error);
}

static gint
compare_started (gconstpointer a, gconstpointer b)
{
  const KioskJournalEntry *first = *(KioskJournalEntry *const *)a;
  const KioskJournalEntry *second = *(KioskJournalEntry *const *)b;
  int order = g_date_time_compare (first->started, second->started);

  return order != 0 ? order : strcmp (first->session_id, second->session_id);
}

GPtrArray *
kiosk_session_journal_list_incomplete (KioskSessionJournal *self)
{
  g_return_val_if_fail (KIOSK_IS_SESSION_JOURNAL (self), NULL);

  GPtrArray *list = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, value);
  g_ptr_array_sort (list, compare_started);
  return list;
}

const KioskJournalEntry *
kiosk_session_journal_lookup (KioskSessionJournal *self, const char *session_id)
{
  g_return_val_if_fail (KIOSK_IS_SESSION_JOURNAL (self), NULL);
  return session_id != NULL ? g_hash_table_lookup (self->entries, session_id) : NULL;
}

char *
kiosk_session_journal_card_reference (GBytes *auth_certificate)
{
  g_return_val_if_fail (auth_certificate != NULL, NULL);
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, auth_certificate);
}
