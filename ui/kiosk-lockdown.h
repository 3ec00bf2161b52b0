/* kiosk-lockdown.h: nothing on the resident's window leads out of the kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * kiosk_lockdown_prepare:
 *
 * Call before gtk_init(): drops GTK_DEBUG from the environment, since GTK_DEBUG=interactive (or
 * "all") makes gtk_init() open the GTK inspector over the kiosk.
 */
void kiosk_lockdown_prepare (void);

/**
 * kiosk_lockdown_window:
 *
 * Locks @window for residents: no inspector (its Ctrl+Shift+I / Ctrl+Shift+D keybinding, on by
 * default in GTK 4.8's settings, is refused; GTK_DEBUG: see kiosk_lockdown_prepare()); no window
 * decorations to drag, resize or close by; back to fullscreen whenever it leaves it (once it has
 * been fullscreen); no shortcut keys (anything with Ctrl, Alt or Super, the function keys, the
 * Menu key) from a stray keyboard; no secondary or middle click (context menus, primary paste);
 * and no selectable text: every label under the window is made unselectable now and again each
 * time a KioskWindow presents a screen. Plain keys, taps and primary clicks go through as before.
 */
void kiosk_lockdown_window (GtkWindow *window);

/* Makes every label under @root unselectable; returns how many were selectable. */
guint kiosk_lockdown_sweep (GtkWidget *root);

G_END_DECLS
