/* kiosk-smoke.h: `kiosk --demo --smoke=PROFILE`: one real check of a card, printed, then exit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-demo-cards.h"
#include "kiosk-window.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SMOKE (kiosk_smoke_get_type ())
G_DECLARE_FINAL_TYPE (KioskSmoke, kiosk_smoke, KIOSK, SMOKE, GObject)

/**
 * KioskSmoke:
 *
 * Walks the real window the way a resident would: on the welcome screen it taps "start", on the
 * place-card screen it inserts @profile, and once the status screen has been drawn
 * ("screen-presented") it prints the status fields to stdout, one "key: value" per line:
 *
 *   state: status
 *   validity: valid | expired | not-yet-valid | none
 *   expires: 2029-03-14T23:59:59+09:00 | none     (Japan time)
 *   days-left: N | none
 *   renewal-open: yes | no
 *   renewal-opens: YYYY-MM-DD | none
 *   auth-tries-left: N
 *   sign-tries-left: N | none                     (none: no signature certificate)
 *   advice: all-good | renewal-open | pin-last-try | …   (kiosk_advice_to_string())
 *
 * and quits @application with exit status 0. Any other end (an error screen, an insert that
 * fails, no status within @timeout_seconds) prints "state: NAME" for the state it reached, a
 * reason on stderr, and quits with status 1.
 */
KioskSmoke *kiosk_smoke_new (GApplication *application, KioskWindow *window, KioskDemoCards *cards,
                             const char *profile, guint timeout_seconds);

/* 0 after a status was printed, 1 otherwise (also while it still runs). */
int kiosk_smoke_get_exit_status (KioskSmoke *self);

G_END_DECLS
