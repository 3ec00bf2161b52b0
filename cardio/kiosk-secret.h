/* kiosk-secret.h: a PIN or password held in memory that is wiped when freed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * KioskSecret:
 *
 * A small, reference-counted, immutable byte string for PINs and passwords. The bytes live in a
 * buffer locked into RAM where the system allows (so they are never swapped out) and are
 * overwritten with zeros when the last reference goes. Never log or print one.
 */
typedef struct _KioskSecret KioskSecret;

#define KIOSK_TYPE_SECRET (kiosk_secret_get_type ())
GType kiosk_secret_get_type (void);

KioskSecret *kiosk_secret_new (const guint8 *data, gsize len);
KioskSecret *kiosk_secret_new_from_string (const char *text);
KioskSecret *kiosk_secret_ref (KioskSecret *self);
void kiosk_secret_unref (KioskSecret *self);
const guint8 *kiosk_secret_get_data (const KioskSecret *self);
gsize kiosk_secret_get_length (const KioskSecret *self);

/* Overwrites @len bytes at @mem so the compiler cannot drop the write. */
void kiosk_secret_wipe (void *mem, gsize len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSecret, kiosk_secret_unref)

G_END_DECLS
