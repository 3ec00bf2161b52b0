/* kiosk-window.h: the resident's window: one screen per flow state, scaled to the panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-flow.h"

G_BEGIN_DECLS

/* The panel the layout is authored for (portrait 1080×1920); any window shows it scaled. */
#define KIOSK_PANEL_WIDTH 1080
#define KIOSK_PANEL_HEIGHT 1920

#define KIOSK_TYPE_WINDOW (kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (KioskWindow, kiosk_window, KIOSK, WINDOW, GtkApplicationWindow)

/**
 * KioskWindow:
 *
 * Presents the flow: a GtkStack holding one screen per KioskFlowState, all built when the window
 * is made (so build it after the locale is set: template strings are translated when a screen is
 * instantiated). It follows the flow's "state" notify and never decides a transition; its screens
 * only send inputs.
 *
 * Above the screens, on every one, the window's own bar (KioskTopBar): the offered languages and
 * the "large text" and "high contrast" toggles. A language tapped there switches at once, at any
 * moment, mid-procedure too: kiosk_window_set_language(). The modes are CSS classes on the window
 * ("large-text", "high-contrast"; ui/style.css styles both); "no-animations" is set while GTK's
 * gtk-enable-animations is off or after kiosk_window_set_animations (FALSE).
 *
 * The resident cannot close it: it is not deletable and "close-request" is refused until
 * kiosk_window_allow_close(). It is resizable, 540×960 by default, and shows the 1080×1920 layout
 * scaled (KioskScaler).
 *
 * Signals:
 * - "screen-presented" (int state, a KioskFlowState): emitted from the frame clock's
 *   "after-paint" of the FIRST frame that actually drew the window after the visible screen
 *   changed (including the first screen when the window is first shown). If the state changes
 *   again before that frame, only the newest state is reported. This is the moment a resident
 *   can first see the screen: the benchmark times card-to-screen with it and the smoke mode and
 *   tests wait for it before they look.
 */
KioskWindow *kiosk_window_new (GtkApplication *application, KioskFlow *flow);
/* The same, offering @languages (gettext tags, in the bar's order; e.g. from
 * kiosk_config_get_languages()); kiosk_window_new() offers every known language. The window
 * opens in the first language of LANGUAGE when it is offered, else in the first offered. */
KioskWindow *kiosk_window_new_with_languages (GtkApplication *application, KioskFlow *flow,
                                              const char *const *languages);

KioskFlow *kiosk_window_get_flow (KioskWindow *self);
/* The screen that presents @state (transfer none). */
GtkWidget *kiosk_window_get_screen (KioskWindow *self, KioskFlowState state);
/* The state whose screen is visible now. */
KioskFlowState kiosk_window_get_visible_state (KioskWindow *self);
/* Lets the next close-request through (the application is quitting). */
void kiosk_window_allow_close (KioskWindow *self);

/* Switches the language (kiosk_locale_set_language(): LANGUAGE, so receipts issued from now on
 * follow it), then makes every screen anew in it and re-enters the visible one; the flow and its
 * state are untouched, but what was being typed on a PIN pad or keyboard is wiped (typed again).
 * The screens from before are gone: take them again with kiosk_window_get_screen(). The visible
 * screen is presented again ("screen-presented"). */
void kiosk_window_set_language (KioskWindow *self, const char *language);
/* The language the bar marks as chosen. */
const char *kiosk_window_get_language (KioskWindow *self);
/* The bar (a KioskTopBar; transfer none). */
GtkWidget *kiosk_window_get_top_bar (KioskWindow *self);

/* The modes a resident toggles on the bar (a session's end may turn them off again). */
void kiosk_window_set_large_text (KioskWindow *self, gboolean large_text);
gboolean kiosk_window_get_large_text (KioskWindow *self);
void kiosk_window_set_high_contrast (KioskWindow *self, gboolean high_contrast);
gboolean kiosk_window_get_high_contrast (KioskWindow *self);
/* FALSE turns the stylesheet's animations and transitions off whatever GTK's setting says
 * (e.g. a config key); TRUE leaves it to gtk-enable-animations again. */
void kiosk_window_set_animations (KioskWindow *self, gboolean enabled);
/* FALSE while animations are off, by either switch. */
gboolean kiosk_window_get_animations (KioskWindow *self);

G_END_DECLS
