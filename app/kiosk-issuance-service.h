/* kiosk-issuance-service.h: the one narrow interface to the issuance service (simulator or HTTP)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-issuance-error.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_ISSUANCE_PROCEDURE_RENEW,        /* new auth and (when allowed) sign certificates */
  KIOSK_ISSUANCE_PROCEDURE_REISSUE_SIGN, /* a new signature certificate alone */
} KioskIssuanceProcedure;

/* What the service allows once card and holder are proven. */
typedef struct
{
  gboolean auth;
  gboolean sign;
  KioskIssuanceReason sign_reason; /* why sign is FALSE (MINOR, ADULT_WARD), else NONE */
} KioskIssuanceGrant;

/* The issued certificates (DER) and the CA certificates the card keeps in 000B and 0002. */
typedef struct
{
  GBytes *auth_certificate; /* NULL for REISSUE_SIGN */
  GBytes *sign_certificate; /* NULL when not issued */
  GBytes *auth_ca_certificate;
  GBytes *sign_ca_certificate;
} KioskIssuedCertificates;

KioskIssuedCertificates *kiosk_issued_certificates_copy (const KioskIssuedCertificates *self);
void kiosk_issued_certificates_free (KioskIssuedCertificates *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskIssuedCertificates, kiosk_issued_certificates_free)

const char *kiosk_issuance_procedure_to_string (KioskIssuanceProcedure procedure);
gboolean kiosk_issuance_procedure_from_string (const char *text, KioskIssuanceProcedure *procedure);

#define KIOSK_ISSUANCE_CHALLENGE_SIZE 32
#define KIOSK_ISSUANCE_CARD_ID_SIZE 16
#define KIOSK_ISSUANCE_CARD_CHALLENGE_SIZE 8
#define KIOSK_ISSUANCE_CRYPTOGRAM_SIZE 32
#define KIOSK_ISSUANCE_MODULUS_SIZE 256

#define KIOSK_TYPE_ISSUANCE_SERVICE (kiosk_issuance_service_get_type ())
G_DECLARE_INTERFACE (KioskIssuanceService, kiosk_issuance_service, KIOSK, ISSUANCE_SERVICE, GObject)

/**
 * KioskIssuanceService:
 *
 * The relay of design.md ("The issuance service"): open a session, prove card and holder, have
 * card management authorised, issue, commit. Every call completes on the caller's thread-default
 * main context and never blocks it; every step is idempotent on retry (the same idempotency key
 * or the same inputs give the same answer and never a second issuance); a session not committed
 * within the service's TTL expires (SESSION_EXPIRED). Errors are KIOSK_ISSUANCE_ERROR.
 */
struct _KioskIssuanceServiceInterface
{
  GTypeInterface parent_iface;

  void (*open_session) (KioskIssuanceService *self, KioskIssuanceProcedure procedure,
                        GBytes *auth_certificate, const char *idempotency_key,
                        GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data);
  char *(*open_session_finish) (KioskIssuanceService *self, GAsyncResult *result,
                                GBytes **challenge, GError **error);
  void (*prove) (KioskIssuanceService *self, const char *session_id, GBytes *signature,
                 GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  gboolean (*prove_finish) (KioskIssuanceService *self, GAsyncResult *result,
                            KioskIssuanceGrant *grant, GError **error);
  void (*authorize_management) (KioskIssuanceService *self, const char *session_id, GBytes *card_id,
                                GBytes *card_challenge, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
  GBytes *(*authorize_management_finish) (KioskIssuanceService *self, GAsyncResult *result,
                                          GError **error);
  void (*issue) (KioskIssuanceService *self, const char *session_id, GBytes *auth_modulus,
                 GBytes *sign_modulus, GCancellable *cancellable, GAsyncReadyCallback callback,
                 gpointer user_data);
  KioskIssuedCertificates *(*issue_finish) (KioskIssuanceService *self, GAsyncResult *result,
                                            GError **error);
  void (*commit) (KioskIssuanceService *self, const char *session_id, GCancellable *cancellable,
                  GAsyncReadyCallback callback, gpointer user_data);
  gboolean (*commit_finish) (KioskIssuanceService *self, GAsyncResult *result, GError **error);
};

/* @auth_certificate: the card's current auth certificate (DER). @idempotency_key: the same key
 * again gives the same session. Returns the session id; @challenge: 32 bytes for the card to sign
 * with its auth key. */
void kiosk_issuance_service_open_session (KioskIssuanceService *self,
                                          KioskIssuanceProcedure procedure,
                                          GBytes *auth_certificate, const char *idempotency_key,
                                          GCancellable *cancellable, GAsyncReadyCallback callback,
                                          gpointer user_data);
char *kiosk_issuance_service_open_session_finish (KioskIssuanceService *self, GAsyncResult *result,
                                                  GBytes **challenge, GError **error);

/* @signature: the card's RSA PKCS#1 v1.5 signature over the SHA-256 DigestInfo of the challenge.
 * A refusal of the whole procedure is a REFUSED error; a renewal without the sign certificate is
 * a grant with sign FALSE and its reason. */
void kiosk_issuance_service_prove (KioskIssuanceService *self, const char *session_id,
                                   GBytes *signature, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
gboolean kiosk_issuance_service_prove_finish (KioskIssuanceService *self, GAsyncResult *result,
                                              KioskIssuanceGrant *grant, GError **error);

/* @card_id: 16 bytes, @card_challenge: the card's 8-byte GET CHALLENGE answer. Returns the
 * 32-byte EXTERNAL AUTHENTICATE cryptogram. */
void kiosk_issuance_service_authorize_management (KioskIssuanceService *self,
                                                  const char *session_id, GBytes *card_id,
                                                  GBytes *card_challenge, GCancellable *cancellable,
                                                  GAsyncReadyCallback callback, gpointer user_data);
GBytes *kiosk_issuance_service_authorize_management_finish (KioskIssuanceService *self,
                                                            GAsyncResult *result, GError **error);

/* The new public keys as 256-byte RSA moduli (e = 65537): @auth_modulus for RENEW (NULL for
 * REISSUE_SIGN), @sign_modulus NULL when no sign certificate is wanted. */
void kiosk_issuance_service_issue (KioskIssuanceService *self, const char *session_id,
                                   GBytes *auth_modulus, GBytes *sign_modulus,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data);
KioskIssuedCertificates *kiosk_issuance_service_issue_finish (KioskIssuanceService *self,
                                                              GAsyncResult *result, GError **error);

void kiosk_issuance_service_commit (KioskIssuanceService *self, const char *session_id,
                                    GCancellable *cancellable, GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean kiosk_issuance_service_commit_finish (KioskIssuanceService *self, GAsyncResult *result,
                                               GError **error);

G_END_DECLS
