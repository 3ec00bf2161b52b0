/* kiosk-session-journal.h: incomplete issuance sessions, persisted so a restart finds them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-issuance-service.h"

G_BEGIN_DECLS

/* One incomplete session. No personal data: @card_reference is a hash of the card's auth
 * certificate, never a name or number. */
typedef struct
{
  char *session_id;
  KioskIssuanceProcedure procedure;
  char *step;           /* the last step reached: "opened", "proven", "authorized", "issued", … */
  char *card_reference; /* hex */
  GDateTime *started;
  char *card_state; /* "old" or "new" once the relay knows what the card holds; else NULL */
} KioskJournalEntry;

/* The journald MESSAGE_ID of each event staff may search for (fixed: never change them). */
#define KIOSK_SESSION_JOURNAL_MESSAGE_ID_INCOMPLETE "47ed575daf1c47379b5293037b032d66"
#define KIOSK_SESSION_JOURNAL_MESSAGE_ID_FORGOTTEN "c30716d553394c7ebccef5eb7cfe95d1"

void kiosk_journal_entry_free (KioskJournalEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskJournalEntry, kiosk_journal_entry_free)

#define KIOSK_TYPE_SESSION_JOURNAL (kiosk_session_journal_get_type ())
G_DECLARE_FINAL_TYPE (KioskSessionJournal, kiosk_session_journal, KIOSK, SESSION_JOURNAL, GObject)

/* Opens the journal in @dir (made if missing, mode 0700) and loads every entry there. Files that
 * do not parse are skipped with a warning, never deleted. */
KioskSessionJournal *kiosk_session_journal_new (const char *dir, GError **error);

/* Records (or updates) a session: one file per session, written to a temp file, fsync'd, renamed
 * over the old one and the folder fsync'd, so a crash leaves the old entry or the new one. */
gboolean kiosk_session_journal_record (KioskSessionJournal *self, const char *session_id,
                                       KioskIssuanceProcedure procedure, const char *step,
                                       const char *card_reference, GDateTime *started,
                                       GError **error);
/* Updates the step of a recorded session. */
gboolean kiosk_session_journal_set_step (KioskSessionJournal *self, const char *session_id,
                                         const char *step, GError **error);
/* The session is finished (committed, or handled by staff): its file is removed. */
gboolean kiosk_session_journal_mark_done (KioskSessionJournal *self, const char *session_id,
                                          GError **error);

/* Records what the card holds now: "old" (its keys and certificates as before) or "new" (the
 * renewal was activated on it). Kept across later steps and restarts; reported to staff. */
gboolean kiosk_session_journal_set_card_state (KioskSessionJournal *self, const char *session_id,
                                               const char *card_state, GError **error);

/* For staff at start: logs one structured warning per incomplete session (MESSAGE_ID
 * KIOSK_SESSION_JOURNAL_MESSAGE_ID_INCOMPLETE, SESSION_ID, PROCEDURE, STEP, CARD_REF,
 * AGE_SECONDS, and CARD_STATE when recorded; nothing personal) and returns how many there were.
 * The sessions stay in the journal until staff forget them. */
guint kiosk_session_journal_report_incomplete (KioskSessionJournal *self);
/* The same, with the age counted up to @now (tests). */
guint kiosk_session_journal_report_incomplete_at (KioskSessionJournal *self, GDateTime *now);
/* Staff have handled the session: its file is removed and the clearing logged (MESSAGE_ID
 * KIOSK_SESSION_JOURNAL_MESSAGE_ID_FORGOTTEN). Unlike mark_done, an unknown session is an error
 * (G_IO_ERROR_NOT_FOUND), so a mistyped id is not taken as handled. */
gboolean kiosk_session_journal_forget (KioskSessionJournal *self, const char *session_id,
                                       GError **error);

/* The incomplete sessions, oldest first (transfer container: the entries belong to the
 * journal). */
GPtrArray *kiosk_session_journal_list_incomplete (KioskSessionJournal *self);
/* An entry, or NULL (transfer none). */
const KioskJournalEntry *kiosk_session_journal_lookup (KioskSessionJournal *self,
                                                       const char *session_id);

/* A card reference that is not personal data: SHA-256 hex of the auth certificate (DER). */
char *kiosk_session_journal_card_reference (GBytes *auth_certificate);

G_END_DECLS
