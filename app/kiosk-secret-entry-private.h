/* kiosk-secret-entry-private.h: test-only views into a KioskSecretEntry's wiped buffers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-secret-entry.h"

G_BEGIN_DECLS

/* The typing buffer and the first entry's buffer (both live as long as the entry, and are
 * kiosk_secret_entry_get_buffer_size() bytes), so a test can see that the bytes were zeroed.
 * Never for anything but tests. */
const guint8 *kiosk_secret_entry_peek_buffer (KioskSecretEntry *self);
const guint8 *kiosk_secret_entry_peek_held (KioskSecretEntry *self);
gsize kiosk_secret_entry_get_buffer_size (KioskSecretEntry *self);

G_END_DECLS
