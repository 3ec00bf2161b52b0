/* kiosk-top-bar.h: the band on every screen: what the kiosk is for, the languages, the two modes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_TOP_BAR (kiosk_top_bar_get_type ())
G_DECLARE_FINAL_TYPE (KioskTopBar, kiosk_top_bar, KIOSK, TOP_BAR, GtkWidget)

/**
 * KioskTopBar:
 *
 * Part of the window, not of a screen, so it is there whatever the flow's state. Two rows: the
 * banner (what this kiosk is for) with the "large text" and "high contrast" toggles, then one
 * button per offered language, each named in its own language and script (never translated: a
 * resident looks for the words they read). The chosen language and an active mode are marked by
 * a check mark and a frame as well as by colour. Every target is at least 96 panel px high.
 *
 * Buttons are named for tests and for the window: "language-<tag>" (e.g. "language-en"),
 * "large-text", "high-contrast".
 *
 * Signals:
 * - "language-chosen" (const char *tag): a resident tapped a language other than the current one.
 *   The bar already marks it; the receiver switches the catalogs and rebuilds.
 *
 * Properties: "large-text", "high-contrast" (booleans, follow the toggles both ways).
 */
GtkWidget *kiosk_top_bar_new (const char *const *languages);

/* Marks @language (one of those offered) as the current one, without emitting "language-chosen". */
void kiosk_top_bar_set_language (KioskTopBar *self, const char *language);
const char *kiosk_top_bar_get_language (KioskTopBar *self);

gboolean kiosk_top_bar_get_large_text (KioskTopBar *self);
void kiosk_top_bar_set_large_text (KioskTopBar *self, gboolean large_text);
gboolean kiosk_top_bar_get_high_contrast (KioskTopBar *self);
void kiosk_top_bar_set_high_contrast (KioskTopBar *self, gboolean high_contrast);

/* Reads the bar's own words (banner, toggles) from the catalogs again, after a language switch. */
void kiosk_top_bar_retranslate (KioskTopBar *self);

/* A language's name in its own language and script ("English", "日本語", …); the tag itself for
 * a tag the kiosk does not know. */
const char *kiosk_top_bar_get_native_name (const char *language);

G_END_DECLS
