/* kiosk-accessible.h: the names a screen reader gives the kiosk's buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Gives every button under @root whose name was not set on purpose (see
 * kiosk_accessible_set_name()) the words it shows as its accessible name. GTK names a button
 * made with a label itself, but not one whose content is a wrapping label of its own (the
 * choices, "keep my current PIN"). Called on every entry of a screen, after its words are set. */
void kiosk_accessible_name_buttons (GtkWidget *root);

/* Sets @widget's accessible name to @name and keeps it from kiosk_accessible_name_buttons(). */
void kiosk_accessible_set_name (GtkWidget *widget, const char *name);

G_END_DECLS
