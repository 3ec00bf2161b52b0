/* kiosk-receipt-escpos.c: the ESC/POS encoder and status parser
 *
 * Text is never sent as characters: Japanese needs the printer's Kanji mode, which differs
 * between models and is off by default, so the whole receipt goes as a raster image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-receipt-escpos.h"

#define ESC 0x1b
#define GS 0x1d
#define DLE 0x10
#define EOT 0x04

static void
append (GByteArray *out, const guint8 *bytes, gsize size)
{
  g_byte_array_append (out, bytes, size);
}

GBytes *
kiosk_escpos_encode_raster (cairo_surface_t *image, guint extra_feed)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  const guint8 init[] = { ESC, '@' };
  int width;
  int height;
  int stride;
  int width_bytes;
  const guint8 *pixels;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (cairo_image_surface_get_format (image) == CAIRO_FORMAT_RGB24
                            || cairo_image_surface_get_format (image) == CAIRO_FORMAT_ARGB32,
                        NULL);

  cairo_surface_flush (image);
  width = cairo_image_surface_get_width (image);
  height = cairo_image_surface_get_height (image);
  stride = cairo_image_surface_get_stride (image);
  pixels = cairo_image_surface_get_data (image);
  width_bytes = (width + 7) / 8;

  append (out, init, sizeof init);
  for (int band = 0; band < height; band += KIOSK_ESCPOS_BAND_ROWS)
    {
      int rows = MIN (KIOSK_ESCPOS_BAND_ROWS, height - band);
      const guint8 header[] = { GS,
                                'v',
                                '0',
                                0, /* mode 0: normal density */
                                width_bytes & 0xff,
                                width_bytes >> 8,
                                rows & 0xff,
                                rows >> 8 };

      append (out, header, sizeof header);
      for (int y = band; y < band + rows; y++)
        {
          const guint32 *row = (const guint32 *)(pixels + (gsize)y * stride);

          for (int xb = 0; xb < width_bytes; xb++)
            {
              guint8 byte = 0;

              for (int bit = 0; bit < 8; bit++)
                {
                  int x = xb * 8 + bit;
                  guint32 pixel;
                  guint luminance;

                  if (x >= width)
                    continue;
                  pixel = row[x];
                  /* Rec. 601 weights in integers; an unpremultiplied alpha of 0 is white. */
                  luminance = (299 * ((pixel >> 16) & 0xff) + 587 * ((pixel >> 8) & 0xff)
                               + 114 * (pixel & 0xff))
                              / 1000;
                  if (cairo_image_surface_get_format (image) == CAIRO_FORMAT_ARGB32
                      && (pixel >> 24) < 128)
                    luminance = 255;
                  if (luminance < 128)
                    byte |= 0x80 >> bit;
                }
              g_byte_array_append (out, &byte, 1);
            }
        }
    }
  {
    const guint8 cut[] = { GS, 'V', 66, MIN (extra_feed, 255) };

    append (out, cut, sizeof cut);
  }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

void
kiosk_escpos_status_request (KioskEscposStatusKind kind, guint8 out[3])
{
  out[0] = DLE;
  out[1] = EOT;
  out[2] = kind;
}

gboolean
kiosk_escpos_parse_status (KioskEscposStatusKind kind, guint8 answer, KioskPrinterFaults *faults)
{
  g_return_val_if_fail (faults != NULL, FALSE);

  if ((answer & 0x93) != 0x12)
    return FALSE;
  switch (kind)
    {
    case KIOSK_ESCPOS_STATUS_PRINTER:
      if (answer & 0x08)
        *faults |= KIOSK_PRINTER_FAULT_OFFLINE;
      return TRUE;
    case KIOSK_ESCPOS_STATUS_OFFLINE_CAUSE:
      if (answer & 0x04)
        *faults |= KIOSK_PRINTER_FAULT_COVER_OPEN;
      if (answer & 0x20)
        *faults |= KIOSK_PRINTER_FAULT_PAPER_OUT;
      if (answer & 0x40)
        *faults |= KIOSK_PRINTER_FAULT_ERROR;
      return TRUE;
    case KIOSK_ESCPOS_STATUS_PAPER:
      if (answer & 0x0c)
        *faults |= KIOSK_PRINTER_FAULT_PAPER_NEAR_END;
      if (answer & 0x60)
        *faults |= KIOSK_PRINTER_FAULT_PAPER_OUT;
      return TRUE;
    default:
      return FALSE;
    }
}

char *
kiosk_printer_faults_to_string (KioskPrinterFaults faults)
{
  static const struct
  {
    KioskPrinterFaults fault;
    const char *name;
  } names[] = {
    { KIOSK_PRINTER_FAULT_OFFLINE, "offline" },
    { KIOSK_PRINTER_FAULT_COVER_OPEN, "cover open" },
    { KIOSK_PRINTER_FAULT_PAPER_OUT, "paper out" },
    { KIOSK_PRINTER_FAULT_PAPER_NEAR_END, "paper near end" },
    { KIOSK_PRINTER_FAULT_ERROR, "printer error" },
  };
  g_autoptr (GString) text = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (faults & names[i].fault)
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", names[i].name);
  if (text->len == 0)
    g_string_append (text, "no fault");
  return g_string_free (g_steal_pointer (&text), FALSE);
}
