/* kiosk-card-status.h: what a status read learns from a card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kiosk-certificate.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CARD_STATUS (kiosk_card_status_get_type ())
G_DECLARE_FINAL_TYPE (KioskCardStatus, kiosk_card_status, KIOSK, CARD_STATUS, GObject)

/**
 * KioskCardStatus:
 *
 * Immutable once made. The auth certificate is NULL for a card without certificates. The sign
 * tries are -1 when the card has no sign password EF (no signature certificate). Nothing here is
 * personal: the auth certificate's subject is an opaque id, and the sign certificate (which holds
 * name and address) is never read for a status.
 */
KioskCardStatus *kiosk_card_status_new (GBytes *atr, KioskCertificate *auth_certificate,
                                        gboolean auth_trusted, const char *trust_error,
                                        int auth_tries_left, int sign_tries_left);

GBytes *kiosk_card_status_get_atr (KioskCardStatus *self);
KioskCertificate *kiosk_card_status_get_auth_certificate (KioskCardStatus *self); /* nullable */
gboolean kiosk_card_status_get_auth_trusted (KioskCardStatus *self);
const char *kiosk_card_status_get_trust_error (KioskCardStatus *self); /* nullable */
int kiosk_card_status_get_auth_tries_left (KioskCardStatus *self);
int kiosk_card_status_get_sign_tries_left (KioskCardStatus *self); /* -1: no sign password */
gboolean kiosk_card_status_has_sign_certificate (KioskCardStatus *self);

G_END_DECLS
