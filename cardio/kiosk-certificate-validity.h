/* kiosk-certificate-validity.h: the JPKI validity rule (until the 5th birthday after issuance)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Born on 29 February: which day is the birthday in a common year. The rule itself is not
 * published; FEB_28 (the day before 1 March, as Japanese age reckoning counts a year complete)
 * is the default and the assumption design.md asks to keep documented and configurable. */
typedef enum
{
  KIOSK_LEAP_DAY_FEB_28,
  KIOSK_LEAP_DAY_MAR_1,
} KioskLeapDayRule;

/* The holder's birthday in @year under @rule (a 29 February birthday moves in common years);
 * writes @birthday. */
void kiosk_birthday_in_year (const GDate *birth, GDateYear year, KioskLeapDayRule rule,
                             GDate *birthday);

/* The last valid date of a certificate issued on @issued to someone born on @birth: the 5th
 * birthday STRICTLY after @issued (issued on the birthday itself: five full years). Writes
 * @expiry. */
void kiosk_certificate_expiry_date (const GDate *birth, const GDate *issued, KioskLeapDayRule rule,
                                    GDate *expiry);

/* The same as the last valid moment: @expiry's 23:59:59 JST (14:59:59Z), in Asia/Tokyo.
 * Transfer full. */
GDateTime *kiosk_certificate_not_after (const GDate *birth, const GDate *issued,
                                        KioskLeapDayRule rule);

/* 23:59:59 JST on @date, in Asia/Tokyo (transfer full). */
GDateTime *kiosk_certificate_end_of_day (const GDate *date);
/* 00:00:00 JST on @date, in Asia/Tokyo (transfer full): a certificate's notBefore. */
GDateTime *kiosk_certificate_start_of_day (const GDate *date);

/* A signature certificate re-issued on its own (revoked after a change of name or address)
 * ends with the authentication certificate it sits beside: @auth_not_after, unchanged
 * (transfer full; a new reference to an equal moment in Asia/Tokyo). Never later than the
 * auth certificate, even if its own 5-year rule would give a later date. */
GDateTime *kiosk_certificate_reissued_sign_not_after (GDateTime *auth_not_after);

G_END_DECLS
