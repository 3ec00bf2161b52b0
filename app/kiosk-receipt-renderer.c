/* kiosk-receipt-renderer.c: lays the receipt out once on a recording surface, then replays it
 * onto a raster (ESC/POS, PNG) or a PDF page (CUPS)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-receipt-renderer.h"

#include "kiosk-catalog.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#define FONT_FAMILY "Noto Sans CJK JP"
#define QR_QUIET_ZONE 4
#define QR_MIN_MODULE 3
#define QR_MAX_MODULE 8

/* Contexts keep these apart from the same English words on the screens ("Done" is a button). */
static const char *const procedure_names[] = {
  NC_("receipt procedure", "Check my card"),
       NC_("receipt procedure", "Change the 4-digit PIN"),
            NC_("receipt procedure", "Change the signature password"),
                 NC_("receipt procedure", "Renew the certificates"),
                      NC_("receipt procedure", "Re-issue the signature certificate"),
                           NC_("receipt procedure", "Help at the counter"),
                      };
G_STATIC_ASSERT (G_N_ELEMENTS (procedure_names) == KIOSK_PROCEDURE_COUNT);

static const char *const outcome_names[] = {
  NC_("receipt outcome", "Done"),
       NC_("receipt outcome", "Continued at the counter"),
            NC_("receipt outcome", "Not completed"),
       };
G_STATIC_ASSERT (G_N_ELEMENTS (outcome_names) == KIOSK_OUTCOME_COUNT);

/* What the resident does next, in the receipt's own language. */
static const char *
next_step_for (KioskOutcome outcome, KioskReason reason, const char *language)
{
  switch (outcome)
    {
    case KIOSK_OUTCOME_DONE:
      return kiosk_catalog_translate (language, NULL,
                                      N_ ("Your procedure is complete. Please keep this receipt."));
    case KIOSK_OUTCOME_HANDED_OFF:
      return kiosk_catalog_translate (
          language, NULL,
          N_ ("Please take this receipt and your card to the My Number card counter."));
    case KIOSK_OUTCOME_FAILED:
    default:
      /* A renewal stopped after the card took its new certificates did change the card. */
      if (reason == KIOSK_REASON_RENEWAL_INCOMPLETE_NEW)
        return kiosk_catalog_translate (
            language, NULL,
            N_ ("Your card holds its new certificates, but the procedure is not finished. "
                "Please show this receipt at the My Number card counter."));
      return kiosk_catalog_translate (
          language, NULL,
          N_ ("Nothing was changed on your card. Please show this receipt at the My Number "
              "card counter."));
    }
}

static const char *
staff_next_step_ja (KioskOutcome outcome)
{
  switch (outcome)
    {
    case KIOSK_OUTCOME_DONE:
      return "手続きは完了しています。";
    case KIOSK_OUTCOME_HANDED_OFF:
      return "窓口で手続きを引き継いでください（QRで内容を確認）。";
    case KIOSK_OUTCOME_FAILED:
    default:
      return "手続きは完了していません。QRで内容を確認してください。";
    }
}

typedef struct
{
  cairo_t *cr;
  int width;
  int margin;
  int y;
  int body_size; /* pixels */
} Layout;

static void
add_text (Layout *layout, const char *text, int size, gboolean bold, const char *language,
          PangoAlignment alignment)
{
  g_autoptr (PangoLayout) pango = pango_cairo_create_layout (layout->cr);
  PangoFontDescription *font = pango_font_description_new ();
  int height = 0;

  pango_font_description_set_family (font, FONT_FAMILY);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (pango, font);
  pango_font_description_free (font);
  /* With Noto CJK the language picks Japanese glyph forms for shared ideographs. */
  if (language != NULL)
    pango_context_set_language (pango_layout_get_context (pango),
                                pango_language_from_string (language));
  pango_layout_context_changed (pango);
  pango_layout_set_width (pango, (layout->width - 2 * layout->margin) * PANGO_SCALE);
  pango_layout_set_wrap (pango, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (pango, alignment);
  pango_layout_set_text (pango, text, -1);

  cairo_move_to (layout->cr, layout->margin, layout->y);
  pango_cairo_show_layout (layout->cr, pango);
  pango_layout_get_pixel_size (pango, NULL, &height);
  layout->y += height + size / 4;
}

static void
add_rule (Layout *layout)
{
  layout->y += layout->body_size / 3;
  cairo_rectangle (layout->cr, layout->margin, layout->y, layout->width - 2 * layout->margin, 2);
  cairo_fill (layout->cr);
  layout->y += 2 + layout->body_size / 2;
}

static gboolean
add_qr (Layout *layout, const char *payload, GError **error)
{
  /* Mode 8 with case sensitivity lets libqrencode pick alphanumeric mode for our base32. */
  QRcode *qr = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  int modules;
  int module_size;
  int x0;
  int y0;

  if (qr == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot encode the QR: %s",
                   g_strerror (errno));
      return FALSE;
    }
  modules = qr->width + 2 * QR_QUIET_ZONE;
  module_size = MIN (QR_MAX_MODULE, (layout->width * 3 / 4) / modules);
  if (module_size < QR_MIN_MODULE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   "The QR (%d modules) does not fit %d dots at %d dots a module", qr->width,
                   layout->width, QR_MIN_MODULE);
      QRcode_free (qr);
      return FALSE;
    }
  x0 = (layout->width - modules * module_size) / 2 + QR_QUIET_ZONE * module_size;
  y0 = layout->y + QR_QUIET_ZONE * module_size;
  cairo_save (layout->cr);
  cairo_set_antialias (layout->cr, CAIRO_ANTIALIAS_NONE);
  for (int row = 0; row < qr->width; row++)
    for (int column = 0; column < qr->width; column++)
      if (qr->data[row * qr->width + column] & 1)
        cairo_rectangle (layout->cr, x0 + column * module_size, y0 + row * module_size, module_size,
                         module_size);
  cairo_fill (layout->cr);
  cairo_restore (layout->cr);
  layout->y += modules * module_size;
  QRcode_free (qr);
  return TRUE;
}

/* Draws the receipt in black on @cr (transparent background) and returns its height. */
static int
draw_receipt (cairo_t *cr, KioskReceipt *receipt, const char *payload, guint width_dots,
              GError **error)
{
  Layout layout
      = { cr, (int)width_dots, (int)width_dots / 24, (int)width_dots / 24, (int)width_dots / 16 };
  int body = layout.body_size;
  KioskProcedure procedure = kiosk_receipt_get_procedure (receipt);
  KioskOutcome outcome = kiosk_receipt_get_outcome (receipt);
  KioskReason reason = kiosk_receipt_get_reason (receipt);
  const char *language = kiosk_receipt_get_language (receipt);
  const char *location = kiosk_receipt_get_location_name (receipt);
  g_autofree char *when = NULL;
  g_autofree char *line = NULL;
  g_autofree char *staff = NULL;

  cairo_set_source_rgb (cr, 0, 0, 0);
  /* The resident's part is in the receipt's language, whatever the screen shows now (a queued
   * receipt may print after the next resident chose another). */
  /* Translators: the receipt's date and time (strftime format, Asia/Tokyo). */
  when = g_date_time_format (kiosk_receipt_get_time (receipt),
                             kiosk_catalog_translate (language, NULL, N_ ("%Y-%m-%d %H:%M")));

  add_text (&layout, kiosk_catalog_translate (language, NULL, N_ ("Receipt")), body * 4 / 3, TRUE,
                                              language, PANGO_ALIGN_CENTER);
  if (location != NULL)
    add_text (&layout, location, body, FALSE, "ja", PANGO_ALIGN_CENTER);
  add_text (&layout, when, body, FALSE, language, PANGO_ALIGN_CENTER);
  line = g_strdup_printf (kiosk_catalog_translate (language, NULL, N_ ("Receipt number: %s")),
                                                   kiosk_receipt_get_number (receipt));
  add_text (&layout, line, body, FALSE, language, PANGO_ALIGN_CENTER);
  add_rule (&layout);

  add_text (&layout,
            kiosk_catalog_translate (language, "receipt procedure", procedure_names[procedure]),
            body * 7 / 6, TRUE, language, PANGO_ALIGN_LEFT);
  add_text (&layout, kiosk_catalog_translate (language, "receipt outcome", outcome_names[outcome]),
            body * 7 / 6, TRUE, language, PANGO_ALIGN_LEFT);
  add_text (&layout, next_step_for (outcome, reason, language), body, FALSE, language,
            PANGO_ALIGN_LEFT);
  add_rule (&layout);

  /* Staff always read Japanese, whatever the resident's language. */
  add_text (&layout, "職員用", body * 5 / 6, TRUE, "ja", PANGO_ALIGN_LEFT);
  staff = g_strdup_printf ("%s：%s", kiosk_procedure_get_staff_text_ja (procedure),
                           kiosk_outcome_get_staff_text_ja (outcome));
  add_text (&layout, staff, body, FALSE, "ja", PANGO_ALIGN_LEFT);
  if (reason != KIOSK_REASON_NONE)
    {
      g_autofree char *why = g_strdup_printf ("%s（%s）", kiosk_reason_get_staff_text_ja (reason),
                                              kiosk_reason_get_code (reason));

      add_text (&layout, why, body * 5 / 6, FALSE, "ja", PANGO_ALIGN_LEFT);
    }
  add_text (&layout, staff_next_step_ja (outcome), body * 5 / 6, FALSE, "ja", PANGO_ALIGN_LEFT);

  if (!add_qr (&layout, payload, error))
    return -1;
  return layout.y + layout.margin;
}

/* The receipt on an unbounded recording surface, and its height. */
static cairo_surface_t *
record_receipt (KioskReceipt *receipt, const char *payload, guint width_dots, int *height,
                GError **error)
{
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (recording);

  *height = draw_receipt (cr, receipt, payload, width_dots, error);
  cairo_destroy (cr);
  if (*height < 0)
    {
      cairo_surface_destroy (recording);
      return NULL;
    }
  return recording;
}

cairo_surface_t *
kiosk_receipt_render (KioskReceipt *receipt, const char *payload, guint width_dots, GError **error)
{
  cairo_surface_t *recording;
  cairo_surface_t *image;
  cairo_t *cr;
  int height = 0;

  g_return_val_if_fail (KIOSK_IS_RECEIPT (receipt), NULL);
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (width_dots >= 200 && width_dots <= 2048, NULL);

  recording = record_receipt (receipt, payload, width_dots, &height, error);
  if (recording == NULL)
    return NULL;
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width_dots, height);
  cr = cairo_create (image);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (recording);
  cairo_surface_flush (image);
  return image;
}

gboolean
kiosk_receipt_render_png (KioskReceipt *receipt, const char *payload, guint width_dots,
                          const char *path, GError **error)
{
  cairo_surface_t *image = kiosk_receipt_render (receipt, payload, width_dots, error);
  cairo_status_t status;

  if (image == NULL)
    return FALSE;
  status = cairo_surface_write_to_png (image, path);
  cairo_surface_destroy (image);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static cairo_status_t
append_to_array (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
kiosk_receipt_render_pdf (KioskReceipt *receipt, const char *payload, guint width_dots,
                          GError **error)
{
  g_autoptr (GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *recording;
  cairo_surface_t *page;
  cairo_t *cr;
  int height = 0;
  double scale = 72.0 / KIOSK_PRINTER_DPI;
  cairo_status_t status;

  g_return_val_if_fail (KIOSK_IS_RECEIPT (receipt), NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  recording = record_receipt (receipt, payload, width_dots, &height, error);
  if (recording == NULL)
    return NULL;
  page = cairo_pdf_surface_create_for_stream (append_to_array, pdf, width_dots * scale,
                                              height * scale);
  cr = cairo_create (page);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (page);
  status = cairo_surface_status (page);
  cairo_surface_destroy (page);
  cairo_surface_destroy (recording);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot make the PDF: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}
