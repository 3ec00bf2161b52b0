/* kiosk-clock.h: "now" for everything the kiosk shows or reasons about, in Asia/Tokyo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_CLOCK (kiosk_clock_get_type ())
G_DECLARE_FINAL_TYPE (KioskClock, kiosk_clock, KIOSK, CLOCK, GObject)

/* The real clock; the environment variable KIOSK_FAKE_NOW (ISO 8601 with offset, e.g.
 * 2026-11-25T10:00:00+09:00) fixes it, for the demo and tests. */
KioskClock *kiosk_clock_new (void);
/* A clock that always answers @now (tests). */
KioskClock *kiosk_clock_new_fixed (GDateTime *now);
void kiosk_clock_set_fixed (KioskClock *self, GDateTime *now); /* NULL: back to real time */

/* Now, in Asia/Tokyo (transfer full). */
GDateTime *kiosk_clock_now (KioskClock *self);

/* Asia/Tokyo whatever the system time zone is (transfer none). Aborts if tzdata lacks it. */
GTimeZone *kiosk_clock_get_time_zone (void);
/* @time converted to Asia/Tokyo (transfer full). */
GDateTime *kiosk_clock_to_local (GDateTime *time);

G_END_DECLS
