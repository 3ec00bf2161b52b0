/* kiosk-idle-overlay.h: "are you still there?": the idle warning over the whole panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-idle-watch.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_IDLE_OVERLAY (kiosk_idle_overlay_get_type ())
G_DECLARE_FINAL_TYPE (KioskIdleOverlay, kiosk_idle_overlay, KIOSK, IDLE_OVERLAY, GtkWidget)

/**
 * KioskIdleOverlay:
 *
 * Shown while the watch is in WARNING, hidden otherwise: a shade over the whole panel (the screen
 * under it takes no touch), a plain message, the seconds left in big digits (named
 * "idle-countdown"; its accessible label says "N seconds left") and a big "Continue" button
 * (named "idle-continue") that ends the warning.
 */
GtkWidget *kiosk_idle_overlay_new (KioskIdleWatch *watch);

KioskIdleWatch *kiosk_idle_overlay_get_watch (KioskIdleOverlay *self);
/* The big digits as shown (transfer none). */
const char *kiosk_idle_overlay_get_countdown_text (KioskIdleOverlay *self);

/* Puts an overlay for @watch over everything @window shows, and makes every touch, click, key
 * press or scroll anywhere in the window a kiosk_idle_watch_touch(). When the window holds a
 * KioskScaler (its child or deeper), the overlay goes inside it, so it is scaled with the panel;
 * otherwise it wraps the window's child. Call it once, after the window has its content. Returns
 * the overlay (transfer none: the window owns it). */
KioskIdleOverlay *kiosk_idle_overlay_attach (GtkWindow *window, KioskIdleWatch *watch);

G_END_DECLS
