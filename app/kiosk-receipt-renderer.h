/* kiosk-receipt-renderer.h: the printed receipt as an image (Pango/Cairo): text in the
 * resident's language and Japanese for staff, and the signed QR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-receipt.h"

#include <cairo.h>

G_BEGIN_DECLS

/* Paper widths in dots at 203 dpi. */
#define KIOSK_PAPER_58MM_DOTS 384
#define KIOSK_PAPER_80MM_DOTS 576
#define KIOSK_PRINTER_DPI 203.0

/* The resident's texts come from the current gettext language (the kiosk's language when the
 * receipt is made); the staff texts are always Japanese. @payload is the signed QR payload.
 * Returns a white CAIRO_FORMAT_RGB24 image @width_dots wide and as tall as the content, drawn
 * black only (thresholds cleanly to 1 bit); NULL with @error if the QR does not fit. */
cairo_surface_t *kiosk_receipt_render (KioskReceipt *receipt, const char *payload, guint width_dots,
                                       GError **error);
gboolean kiosk_receipt_render_png (KioskReceipt *receipt, const char *payload, guint width_dots,
                                   const char *path, GError **error);
/* A one-page PDF, page = paper width × content height (for CUPS). */
GBytes *kiosk_receipt_render_pdf (KioskReceipt *receipt, const char *payload, guint width_dots,
                                  GError **error);

G_END_DECLS
