/* kiosk-secret-entry.h: what the resident is typing on a PIN pad or keyboard, in wiped memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-jpki.h"
#include "kiosk-secret-rules.h"
#include "kiosk-secret.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SECRET_ENTRY (kiosk_secret_entry_get_type ())
G_DECLARE_FINAL_TYPE (KioskSecretEntry, kiosk_secret_entry, KIOSK, SECRET_ENTRY, GObject)

/**
 * KioskSecretEntry:
 *
 * The model behind the entry widgets (no GTK): the characters typed so far, kept in a buffer of
 * its own pages, locked into RAM where the system allows and wiped on every clear, on dispose and
 * when the text is taken out. The kind decides what may be typed: %KIOSK_JPKI_AUTH, the 4-digit
 * PIN (digits only, at most 4); %KIOSK_JPKI_SIGN, the sign password (A–Z and 0–9, at most 16,
 * lowercase upper-cased as it is typed). A key that could never be valid does nothing, so a
 * malformed entry cannot be built one key at a time.
 *
 * The text never leaves except through kiosk_secret_entry_take(): the widgets learn only the
 * length (the "changed" signal) and the checklist of the rules. Nothing here is ever logged.
 *
 * A new secret is typed twice: kiosk_secret_entry_hold_for_confirm() keeps the first entry aside
 * (in locked memory too) and clears the typing; kiosk_secret_entry_confirm() compares the second
 * entry with it.
 *
 * Signals: "changed" (guint length), emitted whenever the length changes or the entry is wiped;
 * "step-changed", when it moves between typing and confirming.
 */
KioskSecretEntry *kiosk_secret_entry_new (KioskJpkiSecret kind);

KioskJpkiSecret kiosk_secret_entry_get_kind (KioskSecretEntry *self);
/* 4 for the PIN, 16 for the password. */
guint kiosk_secret_entry_get_max_length (KioskSecretEntry *self);
guint kiosk_secret_entry_get_length (KioskSecretEntry *self);

/* Adds one typed character (ASCII; a–z counts as A–Z for the password). FALSE, and nothing
 * changes, when the kind does not allow it or the entry is full. */
gboolean kiosk_secret_entry_append (KioskSecretEntry *self, char c);
/* Removes (and wipes) the last character; FALSE when empty. */
gboolean kiosk_secret_entry_backspace (KioskSecretEntry *self);
/* Wipes what is typed and, when confirming, the first entry too: back to an empty first step. */
void kiosk_secret_entry_clear (KioskSecretEntry *self);

/* The rules of kiosk-secret-rules.h on what is typed now. */
KioskSecretFormat kiosk_secret_entry_check (KioskSecretEntry *self);
gboolean kiosk_secret_entry_is_valid (KioskSecretEntry *self);
/* The password's live checklist. For the PIN: ONLY_ALLOWED always (its keys are digits),
 * HAS_DIGIT once a digit is typed, LENGTH_OK at exactly 4. */
KioskPasswordChecks kiosk_secret_entry_get_checklist (KioskSecretEntry *self);

/* Hands what is typed over as a KioskSecret (transfer full) and wipes the entry; NULL when it is
 * not valid (the entry is left as it was). */
KioskSecret *kiosk_secret_entry_take (KioskSecretEntry *self);

/* ---- a new secret, typed twice ---- */

typedef enum
{
  KIOSK_SECRET_ENTRY_STEP_FIRST,   /* typing the new secret */
  KIOSK_SECRET_ENTRY_STEP_CONFIRM, /* typing it again */
} KioskSecretEntryStep;

typedef enum
{
  KIOSK_SECRET_MATCH,
  KIOSK_SECRET_MISMATCH,
} KioskSecretConfirmation;

KioskSecretEntryStep kiosk_secret_entry_get_step (KioskSecretEntry *self);
/* First step done: keeps the (valid) typed entry aside, clears the typing and moves to
 * %KIOSK_SECRET_ENTRY_STEP_CONFIRM. FALSE, and nothing changes, when the entry is not valid or the
 * step is already CONFIRM. */
gboolean kiosk_secret_entry_hold_for_confirm (KioskSecretEntry *self);
/* Second step done: compares what is typed now with the first entry. MATCH: @secret (may be
 * NULL) gets the new secret, transfer full. MISMATCH: @secret gets NULL. Either way both entries
 * are wiped and the step is FIRST again (on a mismatch the resident starts over, typing both). */
KioskSecretConfirmation kiosk_secret_entry_confirm (KioskSecretEntry *self, KioskSecret **secret);

G_END_DECLS
