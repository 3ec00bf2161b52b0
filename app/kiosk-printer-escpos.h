/* kiosk-printer-escpos.h: an ESC/POS receipt printer on a device node (/dev/usb/lp0,
 * /dev/ttyS0) or on raw TCP (port 9100)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-printer.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_ESCPOS_PRINTER (kiosk_escpos_printer_get_type ())
G_DECLARE_FINAL_TYPE (KioskEscposPrinter, kiosk_escpos_printer, KIOSK, ESCPOS_PRINTER, GObject)

/* @width_dots: 384 (58 mm) or 576 (80 mm). @status_timeout_ms: how long to wait for a DLE EOT
 * answer; a printer that does not answer in time is taken as one that never answers (many
 * USB-serial and network printers do not) and is printed to without a status check. */
KioskEscposPrinter *kiosk_escpos_printer_new_device (const char *path, guint width_dots,
                                                     guint status_timeout_ms);
/* @connect_timeout_ms also bounds each write. */
KioskEscposPrinter *kiosk_escpos_printer_new_tcp (const char *host, guint16 port, guint width_dots,
                                                  guint status_timeout_ms,
                                                  guint connect_timeout_ms);

G_END_DECLS
