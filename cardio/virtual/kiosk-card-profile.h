/* kiosk-card-profile.h: a virtual card's description, read from assets/cards/NAME.card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN,
  KIOSK_CARD_CERTIFICATES_AUTH_ONLY,
  KIOSK_CARD_CERTIFICATES_NONE,
} KioskCardCertificates;

/**
 * KioskCardProfile:
 *
 * A profile file is a GKeyFile with one group [card]. Dates are absolute (YYYY-MM-DD) or relative
 * to "now" (e.g. -4y11m, -70y, +3d), so a profile never goes stale. Immutable once loaded.
 *
 * Keys, all optional (defaults in brackets): description [the name], birth-date [-40y],
 * issued [-1y], auth-pin [1234], sign-password [ABC123], auth-tries 0-3 [3], sign-tries 0-5 [5],
 * certificates auth,sign|auth|none [auth,sign], apdu-latency-ms [0], pull-at-apdu [0], and the
 * holder-* keys below. Unknown keys are errors. See cardio/virtual/CARD-NOTES.md.
 */
typedef struct _KioskCardProfile KioskCardProfile;

#define KIOSK_TYPE_CARD_PROFILE (kiosk_card_profile_get_type ())
GType kiosk_card_profile_get_type (void);

/* @now: the instant relative dates are resolved against (any time zone; dates are taken in
 * Asia/Tokyo). Errors name the key and the line. */
KioskCardProfile *kiosk_card_profile_load (const char *path, GDateTime *now, GError **error);
/* Looks up NAME.card in @dir. */
KioskCardProfile *kiosk_card_profile_load_named (const char *dir, const char *name, GDateTime *now,
                                                 GError **error);
/* Sorted profile names (without .card) in @dir. */
GStrv kiosk_card_profile_list (const char *dir, GError **error);

KioskCardProfile *kiosk_card_profile_ref (KioskCardProfile *self);
void kiosk_card_profile_unref (KioskCardProfile *self);

const char *kiosk_card_profile_get_name (const KioskCardProfile *self);
const char *kiosk_card_profile_get_description (const KioskCardProfile *self);
GDate *kiosk_card_profile_get_birth_date (const KioskCardProfile *self); /* transfer none */
GDate *kiosk_card_profile_get_issued (const KioskCardProfile *self);     /* transfer none */
const char *kiosk_card_profile_get_auth_pin (const KioskCardProfile *self);
const char *kiosk_card_profile_get_sign_password (const KioskCardProfile *self);
guint kiosk_card_profile_get_auth_tries (const KioskCardProfile *self);
guint kiosk_card_profile_get_sign_tries (const KioskCardProfile *self);
KioskCardCertificates kiosk_card_profile_get_certificates (const KioskCardProfile *self);
guint kiosk_card_profile_get_apdu_latency_ms (const KioskCardProfile *self);
/* 0 = never; N = the card is pulled when the Nth APDU after insertion arrives (unanswered). */
guint kiosk_card_profile_get_pull_at_apdu (const KioskCardProfile *self);

/* The file the profile was read from. */
const char *kiosk_card_profile_get_path (const KioskCardProfile *self);

/* The holder the signature certificate names (optional keys holder-name, holder-gender,
 * holder-address, holder-prefecture, holder-city; defaults: a made-up resident of Kashiwa).
 * Gender is "1" male, "2" female or "9" not applicable; prefecture and city are romaji for the
 * subject's L= attributes ("Chiba-ken", "Kashiwa-shi"). */
const char *kiosk_card_profile_get_holder_name (const KioskCardProfile *self);
const char *kiosk_card_profile_get_holder_gender (const KioskCardProfile *self);
const char *kiosk_card_profile_get_holder_address (const KioskCardProfile *self);
const char *kiosk_card_profile_get_holder_prefecture (const KioskCardProfile *self);
const char *kiosk_card_profile_get_holder_city (const KioskCardProfile *self);

/* Resolves a profile date: absolute "YYYY-MM-DD", or a signed offset from @now's date in
 * Asia/Tokyo with y, m, d components in that order ("-4y11m", "-70y", "+3d", "-1y2m3d").
 * Offsets clamp to the end of the month as a calendar does (29 Feb - 1y = 28 Feb). */
gboolean kiosk_card_profile_resolve_date (const char *text, GDateTime *now, GDate *out,
                                          GError **error);

/* The published formats, which the virtual card also enforces on CHANGE REFERENCE DATA: the
 * auth PIN is exactly 4 digits; the sign password is 6-16 of A-Z and 0-9 with at least one
 * letter and one digit (case-sensitive: lower case is refused). */
gboolean kiosk_card_profile_is_valid_auth_pin (const guint8 *pin, gsize len);
gboolean kiosk_card_profile_is_valid_sign_password (const guint8 *password, gsize len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskCardProfile, kiosk_card_profile_unref)

G_END_DECLS
