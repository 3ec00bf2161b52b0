/* kiosk-screen.h: the base of every screen: presents one flow state, sends the resident's inputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-flow.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SCREEN (kiosk_screen_get_type ())
G_DECLARE_DERIVABLE_TYPE (KioskScreen, kiosk_screen, KIOSK, SCREEN, GtkWidget)

/**
 * KioskScreenClass:
 * @enter: called each time the flow enters the screen's state, just before the screen is shown:
 *   a screen that shows facts (the status report, the last error) fills its labels here, from
 *   the flow. Screens never decide where to go next; they only send inputs.
 *
 * A screen's content is its composite template (one child, laid out by a GtkBinLayout). Its
 * "flow" property is set at construction and never changes.
 */
struct _KioskScreenClass
{
  GtkWidgetClass parent_class;

  void (*enter) (KioskScreen *self, KioskFlow *flow);
};

KioskFlow *kiosk_screen_get_flow (KioskScreen *self);
void kiosk_screen_enter (KioskScreen *self);
/* What a tap on one of the screen's buttons does: one input to the flow. */
void kiosk_screen_send (KioskScreen *self, KioskFlowInput input);

/* What the resident chose on the menu, in the menu's words ("Renew my certificates"), so a screen
 * on the way says which procedure this is; NULL when none was chosen (a card put straight on the
 * reader). */
const char *kiosk_screen_get_procedure_name (KioskScreen *self);

G_END_DECLS
