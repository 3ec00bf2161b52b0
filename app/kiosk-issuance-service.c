/* kiosk-issuance-service.c: the one narrow interface to the issuance service (simulator or HTTP)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-issuance-service.h"

G_DEFINE_INTERFACE (KioskIssuanceService, kiosk_issuance_service, G_TYPE_OBJECT)

static void
kiosk_issuance_service_default_init (KioskIssuanceServiceInterface *iface)
{
  (void)iface;
}

KioskIssuedCertificates *
kiosk_issued_certificates_copy (const KioskIssuedCertificates *self)
{
  KioskIssuedCertificates *copy = g_new0 (KioskIssuedCertificates, 1);

#define COPY(field) copy->field = self->field != NULL ? g_bytes_ref (self->field) : NULL
  COPY (auth_certificate);
  COPY (sign_certificate);
  COPY (auth_ca_certificate);
  COPY (sign_ca_certificate);
#undef COPY
  return copy;
}

void
kiosk_issued_certificates_free (KioskIssuedCertificates *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->auth_certificate, g_bytes_unref);
  g_clear_pointer (&self->sign_certificate, g_bytes_unref);
  g_clear_pointer (&self->auth_ca_certificate, g_bytes_unref);
  g_clear_pointer (&self->sign_ca_certificate, g_bytes_unref);
  g_free (self);
}

const char *
kiosk_issuance_procedure_to_string (KioskIssuanceProcedure procedure)
{
  return procedure == KIOSK_ISSUANCE_PROCEDURE_RENEW ? "renew" : "reissue-sign";
}

gboolean
kiosk_issuance_procedure_from_string (const char *text, KioskIssuanceProcedure *procedure)
{
  if (g_strcmp0 (text, "renew") == 0)
    *procedure = KIOSK_ISSUANCE_PROCEDURE_RENEW;
  else if (g_strcmp0 (text, "reissue-sign") == 0)
    *procedure = KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN;
  else
    return FALSE;
  return TRUE;
}

#define IFACE(self) KIOSK_ISSUANCE_SERVICE_GET_IFACE (self)

void
kiosk_issuance_service_open_session (KioskIssuanceService *self, KioskIssuanceProcedure procedure,
                                     GBytes *auth_certificate, const char *idempotency_key,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_ISSUANCE_SERVICE (self));
  g_return_if_fail (auth_certificate != NULL && idempotency_key != NULL);
  IFACE (self)->open_session (self, procedure, auth_certificate, idempotency_key, cancellable,
                              callback, user_data);
}

char *
kiosk_issuance_service_open_session_finish (KioskIssuanceService *self, GAsyncResult *result,
                                            GBytes **challenge, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_ISSUANCE_SERVICE (self), NULL);
  return IFACE (self)->open_session_finish (self, result, challenge, error);
}

void
kiosk_issuance_service_prove (KioskIssuanceService *self, const char *session_id, GBytes *signature,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_ISSUANCE_SERVICE (self));
  g_return_if_fail (session_id != NULL && signature != NULL);
  IFACE (self)->prove (self, session_id, signature, cancellable, callback, user_data);
}

gboolean
kiosk_issuance_service_prove_finish (KioskIssuanceService *self, GAsyncResult *result,
                                     KioskIssuanceGrant *grant, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_ISSUANCE_SERVICE (self), FALSE);
  return IFACE (self)->prove_finish (self, result, grant, error);
}

void
kiosk_issuance_service_authorize_management (KioskIssuanceService *self, const char *session_id,
                                             GBytes *card_id, GBytes *card_challenge,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_ISSUANCE_SERVICE (self));
  g_return_if_fail (session_id != NULL && card_id != NULL && card_challenge != NULL);
  IFACE (self)->authorize_management (self, session_id, card_id, card_challenge, cancellable,
                                      callback, user_data);
}

GBytes *
kiosk_issuance_service_authorize_management_finish (KioskIssuanceService *self,
                                                    GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_ISSUANCE_SERVICE (self), NULL);
  return IFACE (self)->authorize_management_finish (self, result, error);
}

void
kiosk_issuance_service_issue (KioskIssuanceService *self, const char *session_id,
                              GBytes *auth_modulus, GBytes *sign_modulus, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_ISSUANCE_SERVICE (self));
  g_return_if_fail (session_id != NULL);
  IFACE (self)->issue (self, session_id, auth_modulus, sign_modulus, cancellable, callback,
                       user_data);
}

KioskIssuedCertificates *
kiosk_issuance_service_issue_finish (KioskIssuanceService *self, GAsyncResult *result,
                                     GError **error)
{
  g_return_val_if_fail (KIOSK_IS_ISSUANCE_SERVICE (self), NULL);
  return IFACE (self)->issue_finish (self, result, error);
}

void
kiosk_issuance_service_commit (KioskIssuanceService *self, const char *session_id,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_ISSUANCE_SERVICE (self));
  g_return_if_fail (session_id != NULL);
  IFACE (self)->commit (self, session_id, cancellable, callback, user_data);
}

gboolean
kiosk_issuance_service_commit_finish (KioskIssuanceService *self, GAsyncResult *result,
                                      GError **error)
{
  g_return_val_if_fail (KIOSK_IS_ISSUANCE_SERVICE (self), FALSE);
  return IFACE (self)->commit_finish (self, result, error);
}
