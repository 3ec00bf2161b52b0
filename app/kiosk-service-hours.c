/* kiosk-service-hours.c: when procedures are open (weekly hours, holidays, closures)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-service-hours.h"

#include <string.h>

#include "kiosk-clock.h"
#include "kiosk-holidays.h"

#define MINUTES_PER_DAY (24 * 60)
/* Far enough to cross the year end and any run of holidays; beyond it the schedule has no
 * opening day at all. */
#define SEARCH_DAYS 400

G_DEFINE_QUARK (kiosk - service - hours - error - quark, kiosk_service_hours_error)

typedef struct
{
  guint open_minute;  /* inclusive */
  guint close_minute; /* exclusive; 0 with open 0: closed all day */
} DayHours;

struct _KioskServiceHours
{
  GObject parent_instance;

  DayHours week[7]; /* Monday first */
};

G_DEFINE_FINAL_TYPE (KioskServiceHours, kiosk_service_hours, G_TYPE_OBJECT)

static void
kiosk_service_hours_class_init (KioskServiceHoursClass *klass)
{
}

static void
kiosk_service_hours_init (KioskServiceHours *self)
{
}

const char *
kiosk_closed_reason_to_code (KioskClosedReason reason)
{
  switch (reason)
    {
    case KIOSK_CLOSED_NONE:
      return "open";
    case KIOSK_CLOSED_YEAR_END:
      return "year-end";
    case KIOSK_CLOSED_WEEKLY_CLOSED_DAY:
      return "weekly-closed-day";
    case KIOSK_CLOSED_PUBLIC_HOLIDAY:
      return "public-holiday";
    case KIOSK_CLOSED_MAINTENANCE:
      return "maintenance";
    case KIOSK_CLOSED_OUTSIDE_HOURS:
      return "outside-hours";
    case KIOSK_CLOSED_UNKNOWN_CALENDAR:
      return "unknown-calendar";
    default:
      g_return_val_if_reached ("unknown-calendar");
    }
}

static const char *const weekday_names[7]
    = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" };

/* Reads exactly "HH:MM" at @text; *@minute gets minutes since midnight (24:00 allowed: the end
 * of the day). */
static gboolean
parse_clock (const char *text, guint *minute, GError **error)
{
  for (int i = 0; i < 5; i++)
    if (i == 2 ? text[i] != ':' : !g_ascii_isdigit (text[i]))
      {
        g_set_error (error, KIOSK_SERVICE_HOURS_ERROR, KIOSK_SERVICE_HOURS_ERROR_INVALID,
                     "expected HH:MM-HH:MM (e.g. 08:30-17:15) or “closed”");
        return FALSE;
      }

  guint hour = (guint)(text[0] - '0') * 10 + (guint)(text[1] - '0');
  guint min = (guint)(text[3] - '0') * 10 + (guint)(text[4] - '0');

  if (min > 59 || hour > 24 || (hour == 24 && min != 0))
    {
      g_set_error (error, KIOSK_SERVICE_HOURS_ERROR, KIOSK_SERVICE_HOURS_ERROR_INVALID,
                   "“%.5s” is not a time of day (00:00 to 24:00)", text);
      return FALSE;
    }
  *minute = hour * 60 + min;
  return TRUE;
}

gboolean
kiosk_service_hours_parse_day (const char *text, guint *open_minute, guint *close_minute,
                               GError **error)
{
  guint open = 0, close = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_ascii_strcasecmp (text, "closed") == 0)
    goto done;
  if (strlen (text) != 11 || text[5] != '-')
    {
      g_set_error (error, KIOSK_SERVICE_HOURS_ERROR, KIOSK_SERVICE_HOURS_ERROR_INVALID,
                   "“%s”: expected HH:MM-HH:MM (e.g. 08:30-17:15) or “closed”", text);
      return FALSE;
    }
  if (!parse_clock (text, &open, error) || !parse_clock (text + 6, &close, error))
    {
      g_prefix_error (error, "“%s”: ", text);
      return FALSE;
    }
  if (open == MINUTES_PER_DAY || close <= open)
    {
      g_set_error (error, KIOSK_SERVICE_HOURS_ERROR, KIOSK_SERVICE_HOURS_ERROR_INVALID,
                   "“%s”: the closing time must be after the opening time", text);
      return FALSE;
    }

done:
  if (open_minute != NULL)
    *open_minute = open;
  if (close_minute != NULL)
    *close_minute = close;
  return TRUE;
}

KioskServiceHours *
kiosk_service_hours_new (const char *const days[7], GError **error)
{
  g_autoptr (KioskServiceHours) self = g_object_new (KIOSK_TYPE_SERVICE_HOURS, NULL);

  g_return_val_if_fail (days != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (int i = 0; i < 7; i++)
    {
      if (days[i] == NULL)
        {
          g_set_error (error, KIOSK_SERVICE_HOURS_ERROR, KIOSK_SERVICE_HOURS_ERROR_INVALID,
                       "%s: no hours given", weekday_names[i]);
          return NULL;
        }
      if (!kiosk_service_hours_parse_day (days[i], &self->week[i].open_minute,
                                          &self->week[i].close_minute, error))
        {
          g_prefix_error (error, "%s: ", weekday_names[i]);
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}

KioskServiceHours *
kiosk_service_hours_new_default (void)
{
  static const char *const kashiwa[7]
      = { "08:30-17:15", "08:30-17:15", "08:30-17:15", "08:30-17:15",
          "08:30-17:15", "closed",      "closed" };

  return kiosk_service_hours_new (kashiwa, NULL);
}

KioskServiceHours *
kiosk_service_hours_new_from_config (KioskConfig *config, GError **error)
{
  const char *days[7];

  g_return_val_if_fail (KIOSK_IS_CONFIG (config), NULL);

  for (int i = 0; i < 7; i++)
    days[i] = kiosk_config_get_hours (config, (GDateWeekday)(G_DATE_MONDAY + i));
  return kiosk_service_hours_new (days, error);
}

gboolean
kiosk_service_hours_is_year_end (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  GDateMonth month = g_date_get_month (date);
  GDateDay day = g_date_get_day (date);

  return (month == G_DATE_DECEMBER && day >= 29) || (month == G_DATE_JANUARY && day <= 3);
}

gboolean
kiosk_service_hours_is_maintenance_day (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  g_autoptr (GDate) first = g_date_new_dmy (1, g_date_get_month (date), g_date_get_year (date));
  guint first_saturday = 1 + (G_DATE_SATURDAY + 7 - g_date_get_weekday (first)) % 7;

  /* Not "the third Sunday": in a month starting on a Sunday that would be the 15th, a week
   * early. */
  return g_date_get_day (date) == first_saturday + 14 + 1;
}

static const DayHours *
hours_of (KioskServiceHours *self, const GDate *date)
{
  return &self->week[g_date_get_weekday (date) - G_DATE_MONDAY];
}

/* The reason @date is closed all day, or KIOSK_CLOSED_NONE when the schedule's hours apply. */
static KioskClosedReason
day_closed_reason (KioskServiceHours *self, const GDate *date)
{
  gboolean unknown_year = FALSE;

  if (kiosk_service_hours_is_year_end (date))
    return KIOSK_CLOSED_YEAR_END;
  if (hours_of (self, date)->close_minute == 0)
    return KIOSK_CLOSED_WEEKLY_CLOSED_DAY;
  if (kiosk_holiday_lookup_full (date, NULL, &unknown_year))
    return KIOSK_CLOSED_PUBLIC_HOLIDAY;
  if (unknown_year)
    return KIOSK_CLOSED_UNKNOWN_CALENDAR;
  if (kiosk_service_hours_is_maintenance_day (date))
    return KIOSK_CLOSED_MAINTENANCE;
  return KIOSK_CLOSED_NONE;
}

static void
local_date_and_second (GDateTime *now, GDate *date, guint *second)
{
  g_autoptr (GDateTime) local = kiosk_clock_to_local (now);

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay)g_date_time_get_day_of_month (local),
                  (GDateMonth)g_date_time_get_month (local),
                  (GDateYear)g_date_time_get_year (local));
  *second = (guint)(g_date_time_get_hour (local) * 3600 + g_date_time_get_minute (local) * 60
                    + g_date_time_get_second (local));
}

KioskClosedReason
kiosk_service_hours_check (KioskServiceHours *self, GDateTime *now)
{
  GDate today;
  guint second;

  g_return_val_if_fail (KIOSK_IS_SERVICE_HOURS (self), KIOSK_CLOSED_UNKNOWN_CALENDAR);
  g_return_val_if_fail (now != NULL, KIOSK_CLOSED_UNKNOWN_CALENDAR);

  local_date_and_second (now, &today, &second);

  KioskClosedReason reason = day_closed_reason (self, &today);

  if (reason != KIOSK_CLOSED_NONE)
    return reason;

  const DayHours *hours = hours_of (self, &today);

  if (second < hours->open_minute * 60 || second >= hours->close_minute * 60)
    return KIOSK_CLOSED_OUTSIDE_HOURS;
  return KIOSK_CLOSED_NONE;
}

gboolean
kiosk_service_hours_is_open (KioskServiceHours *self, GDateTime *now)
{
  return kiosk_service_hours_check (self, now) == KIOSK_CLOSED_NONE;
}

GDateTime *
kiosk_service_hours_next_opening (KioskServiceHours *self, GDateTime *now)
{
  GDate day;
  guint second;

  g_return_val_if_fail (KIOSK_IS_SERVICE_HOURS (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  local_date_and_second (now, &day, &second);

  for (int i = 0; i < SEARCH_DAYS; i++, g_date_add_days (&day, 1))
    {
      KioskClosedReason reason = day_closed_reason (self, &day);

      if (reason == KIOSK_CLOSED_UNKNOWN_CALENDAR)
        return NULL;
      if (reason != KIOSK_CLOSED_NONE)
        continue;

      const DayHours *hours = hours_of (self, &day);

      if (i == 0 && second >= hours->close_minute * 60)
        continue;
      if (i == 0 && second >= hours->open_minute * 60)
        return kiosk_clock_to_local (now);
      return g_date_time_new (kiosk_clock_get_time_zone (), g_date_get_year (&day),
                              g_date_get_month (&day), g_date_get_day (&day),
                              (int)(hours->open_minute / 60), (int)(hours->open_minute % 60), 0);
    }
  return NULL;
}
