/* kiosk-trust-store.c: the configured trust anchors card certificates are checked against
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-trust-store.h"

#include <gio/gio.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <string.h>

struct _KioskTrustStore
{
  GObject parent_instance;

  X509_STORE *store;
};

G_DEFINE_FINAL_TYPE (KioskTrustStore, kiosk_trust_store, G_TYPE_OBJECT)

static void
kiosk_trust_store_finalize (GObject *object)
{
  KioskTrustStore *self = KIOSK_TRUST_STORE (object);

  g_clear_pointer (&self->store, X509_STORE_free);

  G_OBJECT_CLASS (kiosk_trust_store_parent_class)->finalize (object);
}

static void
kiosk_trust_store_class_init (KioskTrustStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiosk_trust_store_finalize;
}

static void
kiosk_trust_store_init (KioskTrustStore *self)
{
  self->store = X509_STORE_new ();
  /* A card's validity is shown and judged apart from trust: an expired certificate must read as
   * "expired", not "untrusted" (test-environment.md, OpenSSL notes). Partial chains stay off, so
   * only the self-signed anchors here end a chain. */
  X509_STORE_set_flags (self->store, X509_V_FLAG_NO_CHECK_TIME);
}

KioskTrustStore *
kiosk_trust_store_new (void)
{
  return g_object_new (KIOSK_TYPE_TRUST_STORE, NULL);
}

static gboolean
add_x509 (KioskTrustStore *self, X509 *x509)
{
  /* A certificate the store already holds is accepted and kept once. */
  return X509_STORE_add_cert (self->store, x509) == 1;
}

/* Adds every certificate in a PEM or DER file; returns how many, or -1 on a parse error. */
static int
add_file_contents (KioskTrustStore *self, const char *contents, gsize len)
{
  int added = 0;

  if (g_strstr_len (contents, len, "-----BEGIN") != NULL)
    {
      BIO *bio = BIO_new_mem_buf (contents, (int)len);
      X509 *x509;

      while ((x509 = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
        {
          if (add_x509 (self, x509))
            added++;
          X509_free (x509);
        }
      /* The loop ends on "no more PEM blocks", which OpenSSL reports as an error. */
      ERR_clear_error ();
      BIO_free (bio);
      return added;
    }

  const unsigned char *p = (const unsigned char *)contents;
  X509 *x509 = d2i_X509 (NULL, &p, (long)len);

  if (x509 == NULL)
    {
      ERR_clear_error ();
      return 0;
    }
  if (add_x509 (self, x509))
    added++;
  X509_free (x509);
  return added;
}

static gboolean
add_file (KioskTrustStore *self, const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;

  if (len == 0 || len > G_MAXINT || add_file_contents (self, contents, len) <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: no certificate in the file",
                   path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_certificate_file_name (const char *name)
{
  return g_str_has_suffix (name, ".pem") || g_str_has_suffix (name, ".cer")
         || g_str_has_suffix (name, ".der") || g_str_has_suffix (name, ".crt");
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

gboolean
kiosk_trust_store_add_path (KioskTrustStore *self, const char *path, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return add_file (self, path, error);

  g_autoptr (GDir) dir = g_dir_open (path, 0, error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_certificate_file_name (name))
      g_ptr_array_add (names, g_strdup (name));

  if (names->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: no certificate files", path);
      return FALSE;
    }

  /* Sorted, so a bad file is reported the same way on every machine. */
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      if (!add_file (self, file, error))
        return FALSE;
    }
  return TRUE;
}

guint
kiosk_trust_store_get_count (KioskTrustStore *self)
{
  g_return_val_if_fail (KIOSK_IS_TRUST_STORE (self), 0);

  STACK_OF (X509_OBJECT) * objects;
  guint count = 0;

  X509_STORE_lock (self->store);
  objects = X509_STORE_get0_objects (self->store);
  for (int i = 0; i < sk_X509_OBJECT_num (objects); i++)
    if (X509_OBJECT_get_type (sk_X509_OBJECT_value (objects, i)) == X509_LU_X509)
      count++;
  X509_STORE_unlock (self->store);
  return count;
}

gboolean
kiosk_trust_store_verify (KioskTrustStore *self, KioskCertificate *cert, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (KIOSK_IS_CERTIFICATE (cert), FALSE);

  X509_STORE_CTX *ctx = X509_STORE_CTX_new ();
  int ok = 0;

  /* No untrusted intermediates: the CA certificate the card holds (000B) proves nothing, as
   * whoever made the card made it too. */
  if (ctx != NULL
      && X509_STORE_CTX_init (ctx, self->store, _kiosk_certificate_get_x509 (cert), NULL) == 1)
    ok = X509_verify_cert (ctx);

  if (ok != 1)
    {
      int code = ctx != NULL ? X509_STORE_CTX_get_error (ctx) : X509_V_ERR_OUT_OF_MEM;

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                   X509_verify_cert_error_string (code));
    }

  X509_STORE_CTX_free (ctx);
  ERR_clear_error ();
  return ok == 1;
}
