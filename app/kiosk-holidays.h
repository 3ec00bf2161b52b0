/* kiosk-holidays.h: Japanese public holidays 2024–2030, computed by rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The years the rules are checked against the Cabinet Office's published lists. The equinox
 * days are only decreed a year ahead, so outside these years the answer is "unknown". */
#define KIOSK_HOLIDAYS_FIRST_YEAR 2024
#define KIOSK_HOLIDAYS_LAST_YEAR 2030

typedef enum
{
  KIOSK_HOLIDAY_NONE,         /* a working day as far as holidays go (weekends are not holidays) */
  KIOSK_HOLIDAY_NATIONAL,     /* 国民の祝日 */
  KIOSK_HOLIDAY_SUBSTITUTE,   /* 振替休日: a holiday fell on Sunday */
  KIOSK_HOLIDAY_CITIZENS,     /* 国民の休日: a day between two holidays */
  KIOSK_HOLIDAY_UNKNOWN_YEAR, /* outside 2024–2030: not known */
} KioskHolidayKind;

/* What @date is. @english_name (may be NULL) receives a static English name, or NULL. */
KioskHolidayKind kiosk_holiday_kind (const GDate *date, const char **english_name);

/* TRUE when @date is a public, substitute or citizens' holiday. Outside 2024–2030 returns FALSE
 * with *@unknown_year (may be NULL) set TRUE: the caller must not treat that as a working day
 * without saying so. */
gboolean kiosk_holiday_lookup_full (const GDate *date, const char **english_name,
                                    gboolean *unknown_year);
/* kiosk_holiday_lookup_full without the unknown-year flag (FALSE outside 2024–2030 too; check
 * kiosk_holiday_year_known first). */
gboolean kiosk_holiday_lookup (const GDate *date, const char **english_name);
gboolean kiosk_holiday_year_known (GDateYear year);

G_END_DECLS
