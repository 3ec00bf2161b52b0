/* kiosk-demo-panel.h: the demo's control window: put virtual cards in and out, unplug the reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-card-worker.h"
#include "kiosk-demo-cards.h"
#include "kiosk-flow.h"
#include "kiosk-issuance-simulator.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_DEMO_PANEL (kiosk_demo_panel_get_type ())
G_DECLARE_FINAL_TYPE (KioskDemoPanel, kiosk_demo_panel, KIOSK, DEMO_PANEL, GtkApplicationWindow)

/**
 * KioskDemoPanel:
 *
 * A separate window, made only in demo mode, for whoever shows the kiosk: every card profile
 * with its description and Insert / Remove buttons, and a switch that plugs and unplugs the
 * virtual reader. What it says about the reader comes from the card worker's
 * "reader-state-changed", so it shows what the kiosk itself sees (a card pulled by a fault
 * profile disappears from it too).
 */
KioskDemoPanel *kiosk_demo_panel_new (GtkApplication *application, KioskDemoCards *cards,
                                      KioskCardWorker *worker);

/* Adds the national system's state (up, slow, busy, down: @simulator NULL when the kiosk talks to
 * a real service, then only the hours are offered) and the office hours (as scheduled, open,
 * closed), so every procedure and handoff can be walked at any time of day. Sets the flow's hours
 * to "open" to start with: a demo at night should still reach the renewal. */
void kiosk_demo_panel_add_issuance_controls (KioskDemoPanel *self,
                                             KioskIssuanceSimulator *simulator, KioskFlow *flow);

G_END_DECLS
