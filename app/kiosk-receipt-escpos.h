/* kiosk-receipt-escpos.h: ESC/POS bytes for a receipt raster, and the printer's real-time
 * status (DLE EOT) answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Rows per GS v 0 band: small bands fit every printer's receive buffer. */
#define KIOSK_ESCPOS_BAND_ROWS 256

/* ESC @, the image as GS v 0 raster bands (mode 0, a dot is black where the luminance is
 * below half), then a partial cut after feeding the paper to the cutter plus @extra_feed motion
 * units (GS V 66 n). @image is CAIRO_FORMAT_RGB24 or ARGB32. Transfer full. */
GBytes *kiosk_escpos_encode_raster (cairo_surface_t *image, guint extra_feed);

/* DLE EOT n, the real-time status request (3 bytes). */
typedef enum
{
  KIOSK_ESCPOS_STATUS_PRINTER = 1,
  KIOSK_ESCPOS_STATUS_OFFLINE_CAUSE = 2,
  KIOSK_ESCPOS_STATUS_PAPER = 4,
} KioskEscposStatusKind;

void kiosk_escpos_status_request (KioskEscposStatusKind kind, guint8 out[3]);

typedef enum /*< flags >*/
{
  KIOSK_PRINTER_FAULT_NONE = 0,
  KIOSK_PRINTER_FAULT_OFFLINE = 1 << 0,
  KIOSK_PRINTER_FAULT_COVER_OPEN = 1 << 1,
  KIOSK_PRINTER_FAULT_PAPER_OUT = 1 << 2,
  KIOSK_PRINTER_FAULT_PAPER_NEAR_END = 1 << 3, /* a warning: the receipt still prints */
  KIOSK_PRINTER_FAULT_ERROR = 1 << 4,
} KioskPrinterFaults;

/* Adds to @faults what the answer byte to DLE EOT @kind says. FALSE if @answer is not a status
 * byte (its fixed bits are wrong: bit 1 and 4 set, bit 0 and 7 clear). */
gboolean kiosk_escpos_parse_status (KioskEscposStatusKind kind, guint8 answer,
                                    KioskPrinterFaults *faults);

/* Faults that stop printing (everything but near end). */
#define KIOSK_PRINTER_FAULTS_BLOCKING                                                              \
  (KIOSK_PRINTER_FAULT_OFFLINE | KIOSK_PRINTER_FAULT_COVER_OPEN | KIOSK_PRINTER_FAULT_PAPER_OUT    \
   | KIOSK_PRINTER_FAULT_ERROR)

/* "paper out, cover open" (transfer full); "no fault" for none. */
char *kiosk_printer_faults_to_string (KioskPrinterFaults faults);

G_END_DECLS
