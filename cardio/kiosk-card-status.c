/* kiosk-card-status.c: what a status read learns from a card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-card-status.h"

struct _KioskCardStatus
{
  GObject parent_instance;

  GBytes *atr;
  KioskCertificate *auth_certificate;
  gboolean auth_trusted;
  char *trust_error;
  int auth_tries_left;
  int sign_tries_left;
};

G_DEFINE_FINAL_TYPE (KioskCardStatus, kiosk_card_status, G_TYPE_OBJECT)

static void
kiosk_card_status_finalize (GObject *object)
{
  KioskCardStatus *self = KIOSK_CARD_STATUS (object);

  g_clear_pointer (&self->atr, g_bytes_unref);
  g_clear_object (&self->auth_certificate);
  g_clear_pointer (&self->trust_error, g_free);

  G_OBJECT_CLASS (kiosk_card_status_parent_class)->finalize (object);
}

static void
kiosk_card_status_class_init (KioskCardStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiosk_card_status_finalize;
}

static void
kiosk_card_status_init (KioskCardStatus *self)
{
}

KioskCardStatus *
kiosk_card_status_new (GBytes *atr, KioskCertificate *auth_certificate, gboolean auth_trusted,
                       const char *trust_error, int auth_tries_left, int sign_tries_left)
{
  g_return_val_if_fail (auth_certificate == NULL || KIOSK_IS_CERTIFICATE (auth_certificate), NULL);
  g_return_val_if_fail (auth_tries_left >= 0 && sign_tries_left >= -1, NULL);

  KioskCardStatus *self = g_object_new (KIOSK_TYPE_CARD_STATUS, NULL);

  self->atr = atr != NULL ? g_bytes_ref (atr) : g_bytes_new (NULL, 0);
  self->auth_certificate = auth_certificate != NULL ? g_object_ref (auth_certificate) : NULL;
  /* Without a certificate there is nothing to trust. */
  self->auth_trusted = auth_certificate != NULL && auth_trusted;
  self->trust_error = self->auth_trusted ? NULL : g_strdup (trust_error);
  self->auth_tries_left = auth_tries_left;
  self->sign_tries_left = sign_tries_left;
  return self;
}

GBytes *
kiosk_card_status_get_atr (KioskCardStatus *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_STATUS (self), NULL);

  return self->atr;
}

KioskCertificate *
kiosk_card_status_get_auth_certificate (KioskCardStatus *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_STATUS (self), NULL);

  return self->auth_certificate;
}

gboolean
kiosk_card_status_get_auth_trusted (KioskCardStatus *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_STATUS (self), FALSE);

  return self->auth_trusted;
}

const char *
kiosk_card_status_get_trust_error (KioskCardStatus *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_STATUS (self), NULL);

  return self->trust_error;
}

int
kiosk_card_status_get_auth_tries_left (KioskCardStatus *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_STATUS (self), 0);

  return self->auth_tries_left;
}

int
kiosk_card_status_get_sign_tries_left (KioskCardStatus *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_STATUS (self), -1);

  return self->sign_tries_left;
}

gboolean
kiosk_card_status_has_sign_certificate (KioskCardStatus *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_STATUS (self), FALSE);

  /* The sign password EF exists exactly when a signature certificate was issued (jpki-card.md
   * §7: none for under-15s); its certificate is never read for a status, as it holds the
   * holder's name and address. */
  return self->sign_tries_left >= 0;
}
