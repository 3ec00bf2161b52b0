/* kiosk-password-keyboard.h: the sign password keyboard: A–Z, 0–9, masked display and checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-secret-entry.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PASSWORD_KEYBOARD (kiosk_password_keyboard_get_type ())
G_DECLARE_FINAL_TYPE (KioskPasswordKeyboard, kiosk_password_keyboard, KIOSK, PASSWORD_KEYBOARD,
                      GtkWidget)

/**
 * KioskPasswordKeyboard:
 *
 * The 36 keys the sign password can hold: the digits 1–0 in one block of two rows, then the
 * capital letters A–Z in alphabetical order, seven to a row. Alphabetical, not QWERTY: many
 * older residents have never typed on a computer keyboard and find a letter by running through
 * the alphabet; in order, every letter is where the alphabet says (and the rows are wide enough
 * for keys of at least 96 px). Capitals only: the card upper-cases what is typed anyway.
 *
 * Above the keys, the entry masked as dots with its count ("8 / 16"), and the live checklist of
 * the rules (6–16 characters, a letter, a digit), each with a tick or cross AND its words,
 * updated on every key. OK is active only when the password is valid; it emits "done" and the
 * caller takes the password out of the entry. The characters live only in the KioskSecretEntry
 * the caller sets (of kind %KIOSK_JPKI_SIGN).
 */
GtkWidget *kiosk_password_keyboard_new (KioskSecretEntry *entry);

void kiosk_password_keyboard_set_entry (KioskPasswordKeyboard *self, KioskSecretEntry *entry);
KioskSecretEntry *kiosk_password_keyboard_get_entry (KioskPasswordKeyboard *self);

G_END_DECLS
