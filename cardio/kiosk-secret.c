/* kiosk-secret.c: a PIN or password held in memory that is wiped when freed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-secret.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct _KioskSecret
{
  gatomicrefcount ref_count;
  gsize length;
  gsize mapped;    /* whole pages: no other data shares them, so munlock() touches only ours */
  gboolean locked; /* mlock() succeeded */
  guint8 *data;
};

G_DEFINE_BOXED_TYPE (KioskSecret, kiosk_secret, kiosk_secret_ref, kiosk_secret_unref)

void
kiosk_secret_wipe (void *mem, gsize len)
{
  if (mem == NULL || len == 0)
    return;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 25))
  explicit_bzero (mem, len);
#else
  /* The volatile pointer keeps the compiler from proving the stores dead. */
  volatile guint8 *p = mem;
  while (len--)
    *p++ = 0;
#endif
}

KioskSecret *
kiosk_secret_new (const guint8 *data, gsize len)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  KioskSecret *self = g_new0 (KioskSecret, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->length = len;
  /* Page-aligned memory of our own: mlock() works per page and does not nest, so a secret that
   * shared a page with another allocation would unlock that page for both on free. */
  gsize page = (gsize)sysconf (_SC_PAGESIZE);
  self->mapped = (len + 1 + page - 1) / page * page; /* + 1: always NUL-terminated */
  void *mem = mmap (NULL, self->mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED)
    g_error ("kiosk_secret_new: cannot map %" G_GSIZE_FORMAT " bytes", self->mapped);
  self->data = mem;
  /* mlock() fails without CAP_IPC_LOCK once RLIMIT_MEMLOCK is used up; the secret is still wiped
   * on free, it just might be swapped out meanwhile. */
  self->locked = mlock (self->data, self->mapped) == 0;
#ifdef MADV_DONTDUMP
  madvise (self->data, self->mapped, MADV_DONTDUMP);
#endif
  if (len > 0)
    memcpy (self->data, data, len);
  return self;
}

KioskSecret *
kiosk_secret_new_from_string (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return kiosk_secret_new ((const guint8 *)text, strlen (text));
}

KioskSecret *
kiosk_secret_ref (KioskSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kiosk_secret_unref (KioskSecret *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  kiosk_secret_wipe (self->data, self->mapped);
  if (self->locked)
    munlock (self->data, self->mapped);
  munmap (self->data, self->mapped);
  kiosk_secret_wipe (self, sizeof *self);
  g_free (self);
}

const guint8 *
kiosk_secret_get_data (const KioskSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

gsize
kiosk_secret_get_length (const KioskSecret *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->length;
}
