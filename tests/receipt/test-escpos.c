/* test-escpos.c: the ESC/POS bytes of a receipt (init, raster header and bits, bands, cut) and
 * the parsing of the printer's real-time status answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-receipt-escpos.h"
#include "kiosk-receipt-payload.h"
#include "kiosk-receipt-renderer.h"
#include "receipt-test-util.h"

static cairo_surface_t *
white_image (int width, int height)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (image);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  return image;
}

static void
black_dot (cairo_surface_t *image, int x, int y)
{
  cairo_t *cr = cairo_create (image);

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, x, y, 1, 1);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
test_receipt_bytes (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) key = kiosk_receipt_key_generate (&error);
  g_autoptr (KioskReceipt) receipt = receipt_test_sample (42, "en");
  g_autofree char *payload = kiosk_receipt_payload_encode (receipt, key, &error);
  cairo_surface_t *image = kiosk_receipt_render (receipt, payload, 384, &error);
  int height = cairo_image_surface_get_height (image);
  g_autoptr (GBytes) bytes = kiosk_escpos_encode_raster (image, 48);
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gsize at = 2;
  int rows = 0;

  g_assert_no_error (error);
  /* ESC @, then bands of GS v 0 m xL xH yL yH + data, 48 bytes a row for 384 dots. */
  g_assert_cmpuint (data[0], ==, 0x1b);
  g_assert_cmpuint (data[1], ==, '@');
  while (at + 8 <= size && data[at] == 0x1d && data[at + 1] == 'v')
    {
      guint width_bytes = data[at + 4] | (data[at + 5] << 8);
      guint band = data[at + 6] | (data[at + 7] << 8);

      g_assert_cmpuint (data[at + 2], ==, '0');
      g_assert_cmpuint (data[at + 3], ==, 0);
      g_assert_cmpuint (width_bytes, ==, 48);
      g_assert_cmpuint (band, <=, KIOSK_ESCPOS_BAND_ROWS);
      rows += band;
      at += 8 + (gsize)width_bytes * band;
    }
  g_assert_cmpint (rows, ==, height);
  /* Then GS V 66 n: feed and partial cut, and nothing after it. */
  g_assert_cmpuint (size - at, ==, 4);
  g_assert_cmpuint (data[at], ==, 0x1d);
  g_assert_cmpuint (data[at + 1], ==, 'V');
  g_assert_cmpuint (data[at + 2], ==, 66);
  g_assert_cmpuint (data[at + 3], ==, 48);
  cairo_surface_destroy (image);
}

static void
test_raster_bits (void)
{
  cairo_surface_t *image = white_image (12, 2);
  g_autoptr (GBytes) bytes = NULL;
  const guint8 expected[] = {
    0x1b, '@',  0x1d, 'v', '0', 0, 2, 0, 2, 0, /* 12 dots = 2 bytes a row, 2 rows */
    0x81, 0x00,                                /* row 0: dots 0 and 7 */
    0x00, 0x10,                                /* row 1: dot 11; the last 4 bits are padding */
    0x1d, 'V',  66,   0,
  };

  black_dot (image, 0, 0);
  black_dot (image, 7, 0);
  black_dot (image, 11, 1);
  bytes = kiosk_escpos_encode_raster (image, 0);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected,
                   sizeof expected);
  cairo_surface_destroy (image);
}

static void
test_threshold (void)
{
  cairo_surface_t *image = white_image (8, 1);
  cairo_t *cr = cairo_create (image);
  g_autoptr (GBytes) bytes = NULL;
  const guint8 *data;

  /* Dark grey prints, light grey does not. */
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_rectangle (cr, 0, 0, 4, 1);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
  cairo_rectangle (cr, 4, 0, 4, 1);
  cairo_fill (cr);
  cairo_destroy (cr);
  bytes = kiosk_escpos_encode_raster (image, 0);
  data = g_bytes_get_data (bytes, NULL);
  g_assert_cmphex (data[10], ==, 0xf0);
  cairo_surface_destroy (image);
}

static void
test_bands (void)
{
  cairo_surface_t *image = white_image (384, 600);
  g_autoptr (GBytes) bytes = kiosk_escpos_encode_raster (image, 10);
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  gsize band_size = 8 + 48 * KIOSK_ESCPOS_BAND_ROWS;

  /* 600 rows: 256 + 256 + 88. */
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 2 + 3 * 8 + 48 * 600 + 4);
  g_assert_cmpuint (data[2 + 6], ==, 0);
  g_assert_cmpuint (data[2 + 7], ==, 1);
  g_assert_cmpuint (data[2 + 2 * band_size + 6], ==, 88);
  g_assert_cmpuint (data[2 + 2 * band_size + 7], ==, 0);
  cairo_surface_destroy (image);
}

static void
test_status_request (void)
{
  guint8 request[3];

  kiosk_escpos_status_request (KIOSK_ESCPOS_STATUS_PAPER, request);
  g_assert_cmpuint (request[0], ==, 0x10);
  g_assert_cmpuint (request[1], ==, 0x04);
  g_assert_cmpuint (request[2], ==, 4);
  kiosk_escpos_status_request (KIOSK_ESCPOS_STATUS_PRINTER, request);
  g_assert_cmpuint (request[2], ==, 1);
}

static void
test_status_healthy (void)
{
  KioskPrinterFaults faults = KIOSK_PRINTER_FAULT_NONE;

  g_assert_true (kiosk_escpos_parse_status (KIOSK_ESCPOS_STATUS_PRINTER, 0x12, &faults));
  g_assert_true (kiosk_escpos_parse_status (KIOSK_ESCPOS_STATUS_OFFLINE_CAUSE, 0x12, &faults));
  g_assert_true (kiosk_escpos_parse_status (KIOSK_ESCPOS_STATUS_PAPER, 0x12, &faults));
  g_assert_cmpint (faults, ==, KIOSK_PRINTER_FAULT_NONE);
}

static void
test_status_paper_out (void)
{
  KioskPrinterFaults faults = KIOSK_PRINTER_FAULT_NONE;
  g_autofree char *text = NULL;

  g_assert_true (kiosk_escpos_parse_status (KIOSK_ESCPOS_STATUS_PAPER, 0x72, &faults));
  g_assert_true (faults & KIOSK_PRINTER_FAULT_PAPER_OUT);
  g_assert_true (faults & KIOSK_PRINTER_FAULTS_BLOCKING);
  text = kiosk_printer_faults_to_string (faults);
  g_assert_cmpstr (text, ==, "paper out");

  faults = KIOSK_PRINTER_FAULT_NONE;
  g_assert_true (kiosk_escpos_parse_status (KIOSK_ESCPOS_STATUS_OFFLINE_CAUSE, 0x32, &faults));
  g_assert_cmpint (faults, ==, KIOSK_PRINTER_FAULT_PAPER_OUT);
}

static void
test_status_near_end (void)
{
  KioskPrinterFaults faults = KIOSK_PRINTER_FAULT_NONE;

  /* Near end is a warning: the receipt still prints. */
  g_assert_true (kiosk_escpos_parse_status (KIOSK_ESCPOS_STATUS_PAPER, 0x1e, &faults));
  g_assert_cmpint (faults, ==, KIOSK_PRINTER_FAULT_PAPER_NEAR_END);
  g_assert_false (faults & KIOSK_PRINTER_FAULTS_BLOCKING);
}

static void
test_status_cover_open_offline (void)
{
  KioskPrinterFaults faults = KIOSK_PRINTER_FAULT_NONE;
  g_autofree char *text = NULL;

  g_assert_true (kiosk_escpos_parse_status (KIOSK_ESCPOS_STATUS_PRINTER, 0x1a, &faults));
  g_assert_true (kiosk_escpos_parse_status (KIOSK_ESCPOS_STATUS_OFFLINE_CAUSE, 0x16, &faults));
  g_assert_cmpint (faults, ==, KIOSK_PRINTER_FAULT_OFFLINE | KIOSK_PRINTER_FAULT_COVER_OPEN);
  text = kiosk_printer_faults_to_string (faults);
  g_assert_cmpstr (text, ==, "offline, cover open");
}

static void
test_status_not_a_status_byte (void)
{
  KioskPrinterFaults faults = KIOSK_PRINTER_FAULT_NONE;

  /* Fixed bits wrong: an echo, garbage or a byte of another answer. */
  g_assert_false (kiosk_escpos_parse_status (KIOSK_ESCPOS_STATUS_PAPER, 0x00, &faults));
  g_assert_false (kiosk_escpos_parse_status (KIOSK_ESCPOS_STATUS_PAPER, 0xff, &faults));
  g_assert_false (kiosk_escpos_parse_status (KIOSK_ESCPOS_STATUS_PRINTER, 0x10, &faults));
  g_assert_cmpint (faults, ==, KIOSK_PRINTER_FAULT_NONE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/receipt/escpos/receipt-bytes", test_receipt_bytes);
  g_test_add_func ("/receipt/escpos/raster-bits", test_raster_bits);
  g_test_add_func ("/receipt/escpos/threshold", test_threshold);
  g_test_add_func ("/receipt/escpos/bands", test_bands);
  g_test_add_func ("/receipt/escpos/status-request", test_status_request);
  g_test_add_func ("/receipt/escpos/status-healthy", test_status_healthy);
  g_test_add_func ("/receipt/escpos/status-paper-out", test_status_paper_out);
  g_test_add_func ("/receipt/escpos/status-near-end", test_status_near_end);
  g_test_add_func ("/receipt/escpos/status-cover-open-offline", test_status_cover_open_offline);
  g_test_add_func ("/receipt/escpos/status-not-a-status-byte", test_status_not_a_status_byte);
  return g_test_run ();
}
