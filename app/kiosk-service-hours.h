/* kiosk-service-hours.h: when procedures are open (weekly hours, holidays, closures)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-config.h"

G_BEGIN_DECLS

/* Why procedures are closed at a given moment. One reason is given, checked in this order: the
 * year-end closure, the weekly schedule (a day it never opens), then the one-day closures that
 * matter only when the schedule would have opened (a holiday, the maintenance Sunday), then the
 * time of day. */
typedef enum
{
  KIOSK_CLOSED_NONE,              /* open */
  KIOSK_CLOSED_YEAR_END,          /* 29 December – 3 January */
  KIOSK_CLOSED_WEEKLY_CLOSED_DAY, /* the schedule has no hours on this weekday */
  KIOSK_CLOSED_PUBLIC_HOLIDAY,    /* a Japanese public, substitute or citizens' holiday */
  KIOSK_CLOSED_MAINTENANCE,       /* the national system's day: the Sunday after the 3rd Saturday */
  KIOSK_CLOSED_OUTSIDE_HOURS,     /* before opening or from closing time on */
  KIOSK_CLOSED_UNKNOWN_CALENDAR,  /* a year outside the holiday table: closed rather than guess */
} KioskClosedReason;

/* A stable code for logs and receipts: "open", "year-end", "weekly-closed-day",
 * "public-holiday", "maintenance", "outside-hours", "unknown-calendar". */
const char *kiosk_closed_reason_to_code (KioskClosedReason reason);

#define KIOSK_SERVICE_HOURS_ERROR (kiosk_service_hours_error_quark ())
GQuark kiosk_service_hours_error_quark (void);

typedef enum
{
  KIOSK_SERVICE_HOURS_ERROR_INVALID, /* a day's hours that do not parse; the message says why */
} KioskServiceHoursError;

#define KIOSK_TYPE_SERVICE_HOURS (kiosk_service_hours_get_type ())
G_DECLARE_FINAL_TYPE (KioskServiceHours, kiosk_service_hours, KIOSK, SERVICE_HOURS, GObject)

/* Parses one day's hours: "08:30-17:15" (HH:MM-HH:MM, 24-hour, opening before closing, closing
 * at most 24:00) or "closed". On success writes minutes since midnight (both 0 when closed)
 * and returns TRUE. Opening is inclusive, closing exclusive: "08:30-17:15" is open from 08:30:00
 * up to 17:14:59. */
gboolean kiosk_service_hours_parse_day (const char *text, guint *open_minute, guint *close_minute,
                                        GError **error);

/* The Kashiwa default: Monday–Friday 08:30–17:15, Saturday and Sunday closed. */
KioskServiceHours *kiosk_service_hours_new_default (void);
/* @days: 7 strings, Monday first (the config's [hours] monday … sunday), each as
 * kiosk_service_hours_parse_day reads it. NULL with @error naming the day on a bad one. */
KioskServiceHours *kiosk_service_hours_new (const char *const days[7], GError **error);

/* From the config's [hours] monday … sunday (defaults: Kashiwa's hours). */
KioskServiceHours *kiosk_service_hours_new_from_config (KioskConfig *config, GError **error);

/* Whether procedures are open at @now (any time zone; judged in Asia/Tokyo). Returns the
 * reason they are closed, or KIOSK_CLOSED_NONE. */
KioskClosedReason kiosk_service_hours_check (KioskServiceHours *self, GDateTime *now);
gboolean kiosk_service_hours_is_open (KioskServiceHours *self, GDateTime *now);

/* The next moment procedures open at or after @now, in Asia/Tokyo (transfer full): @now itself
 * (converted) when open. NULL when none is known (no opening day in the schedule, or beyond the
 * holiday table's years). */
GDateTime *kiosk_service_hours_next_opening (KioskServiceHours *self, GDateTime *now);

/* The national system's maintenance day: the Sunday after the third Saturday of @date's month. */
gboolean kiosk_service_hours_is_maintenance_day (const GDate *date);
/* 29 December to 3 January. */
gboolean kiosk_service_hours_is_year_end (const GDate *date);

G_END_DECLS
