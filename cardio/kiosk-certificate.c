/* kiosk-certificate.c: an X.509 certificate read from the card, parsed with OpenSSL 3
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-certificate.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "kiosk-card-error.h"

struct _KioskCertificate
{
  GObject parent_instance;

  GBytes *der;
  X509 *x509;
  GDateTime *not_before;
  GDateTime *not_after;
  char *serial;
  char *subject;
  char *issuer;
};

G_DEFINE_FINAL_TYPE (KioskCertificate, kiosk_certificate, G_TYPE_OBJECT)

static void
kiosk_certificate_finalize (GObject *object)
{
  KioskCertificate *self = KIOSK_CERTIFICATE (object);

  g_clear_pointer (&self->der, g_bytes_unref);
  g_clear_pointer (&self->x509, X509_free);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);
  g_clear_pointer (&self->serial, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->issuer, g_free);

  G_OBJECT_CLASS (kiosk_certificate_parent_class)->finalize (object);
}

static void
kiosk_certificate_class_init (KioskCertificateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiosk_certificate_finalize;
}

static void
kiosk_certificate_init (KioskCertificate *self)
{
}

static GDateTime *
date_time_from_asn1 (const ASN1_TIME *time)
{
  struct tm tm = { 0 };

  if (time == NULL || ASN1_TIME_to_tm (time, &tm) != 1)
    return NULL;
  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                              tm.tm_sec);
}

/* RFC 2253 with UTF-8 kept as is: the default flags would escape every non-ASCII byte, and
 * J-LIS names are Japanese. */
static char *
name_to_string (const X509_NAME *name)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *text = NULL;
  char *data;
  long len;

  if (X509_NAME_print_ex (bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0)
    {
      len = BIO_get_mem_data (bio, &data);
      text = g_strndup (data, len);
    }
  BIO_free (bio);
  return text;
}

static char *
serial_to_hex (const ASN1_INTEGER *serial)
{
  BIGNUM *bn = ASN1_INTEGER_to_BN (serial, NULL);
  char *hex, *text = NULL;

  if (bn == NULL)
    return NULL;
  hex = BN_bn2hex (bn); /* upper case */
  if (hex != NULL)
    text = g_strdup (hex);
  OPENSSL_free (hex);
  BN_free (bn);
  return text;
}

KioskCertificate *
kiosk_certificate_new_from_der (GBytes *der, GError **error)
{
  g_return_val_if_fail (der != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gsize len;
  const guint8 *data = g_bytes_get_data (der, &len);
  const unsigned char *p = data;
  g_autoptr (KioskCertificate) self = NULL;
  X509 *x509;

  if (len == 0 || len > G_MAXLONG)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED, "empty certificate");
      return NULL;
    }

  x509 = d2i_X509 (NULL, &p, (long)len);
  if (x509 == NULL)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "not a DER X.509 certificate (%" G_GSIZE_FORMAT " bytes)", len);
      return NULL;
    }

  self = g_object_new (KIOSK_TYPE_CERTIFICATE, NULL);
  self->x509 = x509;
  self->der = g_bytes_ref (der);

  if ((gsize)(p - data) != len)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "%" G_GSIZE_FORMAT " bytes after the certificate", len - (gsize)(p - data));
      return NULL;
    }

  self->not_before = date_time_from_asn1 (X509_get0_notBefore (x509));
  self->not_after = date_time_from_asn1 (X509_get0_notAfter (x509));
  self->serial = serial_to_hex (X509_get0_serialNumber (x509));
  self->subject = name_to_string (X509_get_subject_name (x509));
  self->issuer = name_to_string (X509_get_issuer_name (x509));

  if (self->not_before == NULL || self->not_after == NULL || self->serial == NULL
      || self->subject == NULL || self->issuer == NULL)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "the certificate's validity, serial or names cannot be read");
      return NULL;
    }

  return g_steal_pointer (&self);
}

GBytes *
kiosk_certificate_get_der (KioskCertificate *self)
{
  g_return_val_if_fail (KIOSK_IS_CERTIFICATE (self), NULL);

  return self->der;
}

GDateTime *
kiosk_certificate_get_not_before (KioskCertificate *self)
{
  g_return_val_if_fail (KIOSK_IS_CERTIFICATE (self), NULL);

  return self->not_before;
}

GDateTime *
kiosk_certificate_get_not_after (KioskCertificate *self)
{
  g_return_val_if_fail (KIOSK_IS_CERTIFICATE (self), NULL);

  return self->not_after;
}

const char *
kiosk_certificate_get_serial (KioskCertificate *self)
{
  g_return_val_if_fail (KIOSK_IS_CERTIFICATE (self), NULL);

  return self->serial;
}

const char *
kiosk_certificate_get_subject (KioskCertificate *self)
{
  g_return_val_if_fail (KIOSK_IS_CERTIFICATE (self), NULL);

  return self->subject;
}

const char *
kiosk_certificate_get_issuer (KioskCertificate *self)
{
  g_return_val_if_fail (KIOSK_IS_CERTIFICATE (self), NULL);

  return self->issuer;
}

KioskValidity
kiosk_certificate_get_validity (KioskCertificate *self, GDateTime *now)
{
  g_return_val_if_fail (KIOSK_IS_CERTIFICATE (self), KIOSK_VALIDITY_EXPIRED);
  g_return_val_if_fail (now != NULL, KIOSK_VALIDITY_EXPIRED);

  if (g_date_time_compare (now, self->not_before) < 0)
    return KIOSK_VALIDITY_NOT_YET_VALID;
  /* notAfter is the last valid second (RFC 5280 §4.1.2.5). */
  if (g_date_time_compare (now, self->not_after) > 0)
    return KIOSK_VALIDITY_EXPIRED;
  return KIOSK_VALIDITY_VALID;
}

gboolean
kiosk_certificate_verify_digest_info (KioskCertificate *self, GBytes *digest_info,
                                      GBytes *signature, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CERTIFICATE (self), FALSE);
  g_return_val_if_fail (digest_info != NULL && signature != NULL, FALSE);

  EVP_PKEY *key = X509_get0_pubkey (self->x509);
  EVP_PKEY_CTX *ctx;
  gsize digest_len, signature_len;
  const guint8 *digest = g_bytes_get_data (digest_info, &digest_len);
  const guint8 *sig = g_bytes_get_data (signature, &signature_len);
  int rv = -1;

  if (key == NULL || EVP_PKEY_get_base_id (key) != EVP_PKEY_RSA)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "the certificate does not hold an RSA key");
      return FALSE;
    }

  /* No signature digest is set: the card signs a ready DigestInfo, so the check is "PKCS#1 v1.5
   * type 1 padding around exactly these bytes", with no hashing here. */
  ctx = EVP_PKEY_CTX_new (key, NULL);
  if (ctx != NULL && EVP_PKEY_verify_init (ctx) == 1
      && EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING) == 1)
    rv = EVP_PKEY_verify (ctx, sig, signature_len, digest, digest_len);
  EVP_PKEY_CTX_free (ctx);

  if (rv != 1)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "the signature does not match the certificate's key");
      return FALSE;
    }
  return TRUE;
}

gpointer
_kiosk_certificate_get_x509 (KioskCertificate *self)
{
  g_return_val_if_fail (KIOSK_IS_CERTIFICATE (self), NULL);

  return self->x509;
}
