/* kiosk-printer-cups.h: a receipt printer behind a CUPS queue (a PDF job), for printers that
 * come with a driver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-printer.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CUPS_PRINTER (kiosk_cups_printer_get_type ())
G_DECLARE_FINAL_TYPE (KioskCupsPrinter, kiosk_cups_printer, KIOSK, CUPS_PRINTER, GObject)

/* @queue: the CUPS destination name; the server is libcups' default (CUPS_SERVER, client.conf).
 * @width_dots: the paper width at 203 dpi (the PDF page is that wide). The job must complete
 * within @job_timeout_ms, else it is cancelled and the print fails. */
KioskCupsPrinter *kiosk_cups_printer_new (const char *queue, guint width_dots,
                                          guint job_timeout_ms);

G_END_DECLS
