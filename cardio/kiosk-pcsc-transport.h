/* kiosk-pcsc-transport.h: real readers through pcsc-lite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-card-transport.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PCSC_TRANSPORT (kiosk_pcsc_transport_get_type ())
G_DECLARE_FINAL_TYPE (KioskPcscTransport, kiosk_pcsc_transport, KIOSK, PCSC_TRANSPORT,
                      KioskCardTransport)

/* @reader_filter: a substring of the reader name; NULL or "" = any reader. Among the readers it
 * admits, the first one holding a card wins
 * (or the first reader, while none holds one). */
KioskCardTransport *kiosk_pcsc_transport_new (const char *reader_filter);

G_END_DECLS
