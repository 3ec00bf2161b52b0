/* kiosk-pin-pad.h: the 4-digit PIN pad: dots for what is typed, 0–9, delete and OK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-secret-entry.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PIN_PAD (kiosk_pin_pad_get_type ())
G_DECLARE_FINAL_TYPE (KioskPinPad, kiosk_pin_pad, KIOSK, PIN_PAD, GtkWidget)

/**
 * KioskPinPad:
 *
 * A row of four boxes that fill with a dot per digit typed (never the digits), the tries left
 * above them ("あと3回"; on the last try a warning in words with an icon), and a 3×4 pad of big
 * keys: 1–9, then delete, 0, OK. OK is active only when four digits are typed; it emits "done",
 * and the caller takes the PIN out of the entry (kiosk_secret_entry_take()).
 *
 * The digits live only in the KioskSecretEntry the caller sets (of kind %KIOSK_JPKI_AUTH): no
 * GtkEntry, no text buffer, nothing a clipboard could reach.
 *
 * Properties: "entry" (KioskSecretEntry), "tries-left" (int, -1: not shown), "shuffled"
 * (boolean: the digits take new places, drawn with the system's CSPRNG, each time the pad is
 * shown; off by default, for muscle memory and for residents who read the keys slowly).
 */
GtkWidget *kiosk_pin_pad_new (KioskSecretEntry *entry);

void kiosk_pin_pad_set_entry (KioskPinPad *self, KioskSecretEntry *entry);
KioskSecretEntry *kiosk_pin_pad_get_entry (KioskPinPad *self);

/* The card's retry counter, read before the entry (-1 hides the line). No tries left makes the
 * keys insensitive: the flow hands off instead of asking. */
void kiosk_pin_pad_set_tries_left (KioskPinPad *self, int tries_left);
int kiosk_pin_pad_get_tries_left (KioskPinPad *self);

void kiosk_pin_pad_set_shuffled (KioskPinPad *self, gboolean shuffled);
gboolean kiosk_pin_pad_get_shuffled (KioskPinPad *self);

G_END_DECLS
