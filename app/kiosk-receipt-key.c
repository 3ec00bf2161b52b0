/* kiosk-receipt-key.c: Ed25519 keys through OpenSSL's EVP interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-receipt-key.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

G_DEFINE_QUARK (kiosk - receipt - error - quark, kiosk_receipt_error)

struct _KioskReceiptKey
{
  GObject parent_instance;

  EVP_PKEY *pkey;
  gboolean has_private;
};

G_DEFINE_FINAL_TYPE (KioskReceiptKey, kiosk_receipt_key, G_TYPE_OBJECT)

static void
kiosk_receipt_key_finalize (GObject *object)
{
  KioskReceiptKey *self = KIOSK_RECEIPT_KEY (object);

  g_clear_pointer (&self->pkey, EVP_PKEY_free);
  G_OBJECT_CLASS (kiosk_receipt_key_parent_class)->finalize (object);
}

static void
kiosk_receipt_key_class_init (KioskReceiptKeyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_receipt_key_finalize;
}

static void
kiosk_receipt_key_init (KioskReceiptKey *self)
{
}

static void
set_openssl_error (GError **error, const char *what)
{
  char detail[256] = "";

  ERR_error_string_n (ERR_get_error (), detail, sizeof detail);
  ERR_clear_error ();
  g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_KEY, "%s: %s", what, detail);
}

static KioskReceiptKey *
wrap (EVP_PKEY *pkey, gboolean has_private)
{
  KioskReceiptKey *self = g_object_new (KIOSK_TYPE_RECEIPT_KEY, NULL);

  self->pkey = pkey;
  self->has_private = has_private;
  return self;
}

KioskReceiptKey *
kiosk_receipt_key_generate (GError **error)
{
  EVP_PKEY *pkey = EVP_PKEY_Q_keygen (NULL, NULL, "ED25519");

  if (pkey == NULL)
    {
      set_openssl_error (error, "Cannot make an Ed25519 key");
      return NULL;
    }
  return wrap (pkey, TRUE);
}

KioskReceiptKey *
kiosk_receipt_key_load (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr (GError) local_error = NULL;
  BIO *bio;
  EVP_PKEY *pkey;
  gboolean has_private = TRUE;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_KEY, "Cannot read key %s: %s",
                   path, local_error->message);
      return NULL;
    }
  bio = BIO_new_mem_buf (text, (int)length);
  pkey = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  if (pkey == NULL)
    {
      ERR_clear_error ();
      BIO_free (bio);
      bio = BIO_new_mem_buf (text, (int)length);
      pkey = PEM_read_bio_PUBKEY (bio, NULL, NULL, NULL);
      has_private = FALSE;
    }
  BIO_free (bio);
  if (pkey == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_KEY,
                   "%s holds no PEM private or public key", path);
      return NULL;
    }
  if (!EVP_PKEY_is_a (pkey, "ED25519"))
    {
      EVP_PKEY_free (pkey);
      g_set_error (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_KEY, "%s is not an Ed25519 key",
                   path);
      return NULL;
    }
  return wrap (pkey, has_private);
}

gboolean
kiosk_receipt_key_has_private (KioskReceiptKey *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_KEY (self), FALSE);
  return self->has_private;
}

static char *
bio_to_string (BIO *bio)
{
  char *data = NULL;
  long length = BIO_get_mem_data (bio, &data);

  return g_strndup (data, length);
}

char *
kiosk_receipt_key_dup_public_pem (KioskReceiptKey *self)
{
  BIO *bio;
  char *pem = NULL;

  g_return_val_if_fail (KIOSK_IS_RECEIPT_KEY (self), NULL);
  bio = BIO_new (BIO_s_mem ());
  if (PEM_write_bio_PUBKEY (bio, self->pkey) == 1)
    pem = bio_to_string (bio);
  BIO_free (bio);
  return pem;
}

gboolean
kiosk_receipt_key_save (KioskReceiptKey *self, const char *dir, GError **error)
{
  g_autofree char *key_path = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *private_pem = NULL;
  g_autofree char *public_pem = NULL;
  BIO *bio;

  g_return_val_if_fail (KIOSK_IS_RECEIPT_KEY (self), FALSE);
  g_return_val_if_fail (self->has_private, FALSE);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot make %s: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  key_path = g_build_filename (dir, "kiosk.key", NULL);
  pub_path = g_build_filename (dir, "kiosk.pub", NULL);
  if (g_file_test (key_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s exists: refusing to replace a receipt key", key_path);
      return FALSE;
    }

  bio = BIO_new (BIO_s_mem ());
  if (PEM_write_bio_PrivateKey (bio, self->pkey, NULL, NULL, 0, NULL, NULL) == 1)
    private_pem = bio_to_string (bio);
  BIO_free (bio);
  public_pem = kiosk_receipt_key_dup_public_pem (self);
  if (private_pem == NULL || public_pem == NULL)
    {
      set_openssl_error (error, "Cannot write the key as PEM");
      return FALSE;
    }

  /* Mode 0600 from the start: the private key is never readable by others, not even briefly. */
  if (!g_file_set_contents_full (key_path, private_pem, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600,
                                 error))
    return FALSE;
  return g_file_set_contents_full (pub_path, public_pem, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}

GBytes *
kiosk_receipt_key_sign (KioskReceiptKey *self, GBytes *message, GError **error)
{
  EVP_MD_CTX *ctx;
  guint8 signature[KIOSK_RECEIPT_SIGNATURE_SIZE];
  size_t signature_size = sizeof signature;
  gsize size = 0;
  const guint8 *data;
  gboolean ok;

  g_return_val_if_fail (KIOSK_IS_RECEIPT_KEY (self), NULL);
  g_return_val_if_fail (message != NULL, NULL);

  if (!self->has_private)
    {
      g_set_error_literal (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_KEY,
                           "A public key cannot sign");
      return NULL;
    }
  data = g_bytes_get_data (message, &size);
  ctx = EVP_MD_CTX_new ();
  /* Ed25519 hashes internally: no digest is given (NULL md) and signing is one shot. */
  ok = ctx != NULL && EVP_DigestSignInit (ctx, NULL, NULL, NULL, self->pkey) == 1
       && EVP_DigestSign (ctx, signature, &signature_size, data, size) == 1;
  EVP_MD_CTX_free (ctx);
  if (!ok || signature_size != sizeof signature)
    {
      set_openssl_error (error, "Cannot sign");
      return NULL;
    }
  return g_bytes_new (signature, signature_size);
}

gboolean
kiosk_receipt_key_verify (KioskReceiptKey *self, GBytes *message, GBytes *signature)
{
  EVP_MD_CTX *ctx;
  gsize size = 0;
  gsize signature_size = 0;
  const guint8 *data;
  const guint8 *signature_data;
  gboolean ok;

  g_return_val_if_fail (KIOSK_IS_RECEIPT_KEY (self), FALSE);
  g_return_val_if_fail (message != NULL && signature != NULL, FALSE);

  data = g_bytes_get_data (message, &size);
  signature_data = g_bytes_get_data (signature, &signature_size);
  if (signature_size != KIOSK_RECEIPT_SIGNATURE_SIZE)
    return FALSE;
  ctx = EVP_MD_CTX_new ();
  ok = ctx != NULL && EVP_DigestVerifyInit (ctx, NULL, NULL, NULL, self->pkey) == 1
       && EVP_DigestVerify (ctx, signature_data, signature_size, data, size) == 1;
  EVP_MD_CTX_free (ctx);
  ERR_clear_error ();
  return ok;
}
