/* test-receipt-render.c: the receipt image for 58 and 80 mm paper: its QR read back with zbarimg
 * verifies with kioskctl; Japanese glyphs exist; the PDF page has the paper's width
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */

#include "config.h"

#include "kiosk-catalog.h"
#include "kiosk-receipt-payload.h"
#include "kiosk-receipt-renderer.h"
#include "receipt-test-util.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  char *dir;
  char *pub;
  KioskReceiptKey *key;
  KioskReceipt *receipt;
  char *payload;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = receipt_test_make_key_dir (&f->key);
  f->pub = g_build_filename (f->dir, "kiosk.pub", NULL);
  f->receipt = receipt_test_sample (42, "en");
  f->payload = kiosk_receipt_payload_encode (f->receipt, f->key, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  receipt_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->pub);
  g_clear_object (&f->key);
  g_clear_object (&f->receipt);
  g_free (f->payload);
}

static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_MESSAGES, "");
}

static void
assert_qr_verifies (Fixture *f, guint width)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("receipt-%u.png", width);
  g_autofree char *png = g_build_filename (f->dir, name, NULL);
  g_autofree char *decoded = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  cairo_surface_t *image;

  image = kiosk_receipt_render (f->receipt, f->payload, width, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (image), >, width);
  cairo_surface_destroy (image);

  g_assert_true (kiosk_receipt_render_png (f->receipt, f->payload, width, png, &error));
  g_assert_no_error (error);
  decoded = receipt_test_decode_qr (png);
  if (decoded == NULL && g_find_program_in_path ("zbarimg") == NULL
      && g_strcmp0 (g_getenv ("CI"), "true") != 0)
    {
      g_test_skip ("zbarimg is not installed (package zbar-tools)");
      return;
    }
  g_assert_cmpstr (decoded, ==, f->payload);
  {
    const char *argv[] = { KIOSKCTL, "receipt", "verify", "--key", f->pub, decoded, NULL };

    g_assert_cmpint (receipt_test_run (argv, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "K001-20261125-0042"));
  }
}

static void
test_58mm (Fixture *f, gconstpointer data)
{
  assert_qr_verifies (f, KIOSK_PAPER_58MM_DOTS);
}

static void
test_80mm (Fixture *f, gconstpointer data)
{
  assert_qr_verifies (f, KIOSK_PAPER_80MM_DOTS);
}

static void
test_japanese_font (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  PangoFontDescription *description = pango_font_description_from_string ("Noto Sans CJK JP 12");
  PangoFont *font = NULL;
  PangoFontDescription *got;
  const char *japanese = "署名用電子証明書窓口で対応";

  pango_context_set_language (context, pango_language_from_string ("ja"));
  font = pango_font_map_load_font (map, context, description);
  g_assert_nonnull (font);
  got = pango_font_describe (font);
  g_assert_cmpstr (pango_font_description_get_family (got), ==, "Noto Sans CJK JP");
  for (const char *c = japanese; *c != '\0'; c = g_utf8_next_char (c))
    g_assert_true (pango_font_has_char (font, g_utf8_get_char (c)));
  pango_font_description_free (got);
  pango_font_description_free (description);
  g_object_unref (font);
  g_object_unref (context);
}

static gboolean
surfaces_equal (cairo_surface_t *a, cairo_surface_t *b)
{
  int height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);

  return height == cairo_image_surface_get_height (b)
         && memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                    (gsize)height * stride)
                == 0;
}

/* The resident's part is in the receipt's own language, whatever the kiosk shows when it is
 * drawn (a queued receipt prints after the next resident chose another language); the staff
 * part is Japanese in all. */
static void
test_resident_language (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceipt) japanese_receipt = receipt_test_sample (42, "ja");
  g_autofree char *japanese_payload
      = kiosk_receipt_payload_encode (japanese_receipt, f->key, &error);
  cairo_surface_t *english;
  cairo_surface_t *english_under_ja;
  cairo_surface_t *japanese;
  cairo_surface_t *japanese_under_en;

  g_assert_no_error (error);
  use_language ("en");
  english = kiosk_receipt_render (f->receipt, f->payload, KIOSK_PAPER_58MM_DOTS, &error);
  japanese_under_en
      = kiosk_receipt_render (japanese_receipt, japanese_payload, KIOSK_PAPER_58MM_DOTS, &error);
  use_language ("ja");
  g_assert_cmpstr (_("Receipt"), !=, "Receipt");
  english_under_ja = kiosk_receipt_render (f->receipt, f->payload, KIOSK_PAPER_58MM_DOTS, &error);
  japanese
      = kiosk_receipt_render (japanese_receipt, japanese_payload, KIOSK_PAPER_58MM_DOTS, &error);
  use_language ("en");
  g_assert_no_error (error);

  g_assert_true (surfaces_equal (english, english_under_ja));
  g_assert_true (surfaces_equal (japanese, japanese_under_en));
  g_assert_false (surfaces_equal (english, japanese));
  cairo_surface_destroy (english);
  cairo_surface_destroy (english_under_ja);
  cairo_surface_destroy (japanese);
  cairo_surface_destroy (japanese_under_en);
}

/* The catalog a receipt is written from: its language's own, found where the domain is bound. */
static void
test_catalog (void)
{
  g_assert_cmpstr (kiosk_catalog_translate ("ja", NULL, "Receipt"), ==, "控え");
  g_assert_cmpstr (kiosk_catalog_translate ("ja", "receipt outcome", "Done"), !=, "Done");
  /* the same English words outside the context are another message */
  g_assert_cmpstr (kiosk_catalog_translate ("ja", "receipt outcome", "Done"), !=,
                   kiosk_catalog_translate ("ja", "no such context", "Done"));
  g_assert_cmpstr (kiosk_catalog_translate ("en", NULL, "Receipt"), ==, "Receipt");
  g_assert_cmpstr (kiosk_catalog_translate ("xx", NULL, "Receipt"), ==, "Receipt");
  g_assert_cmpstr (kiosk_catalog_translate ("../ja", NULL, "Receipt"), ==, "Receipt");
  g_assert_cmpstr (kiosk_catalog_translate ("ja", NULL, "not a message of ours"), ==,
                   "not a message of ours");
  /* whatever the process's language is */
  use_language ("ja");
  g_assert_cmpstr (kiosk_catalog_translate ("en", NULL, "Receipt"), ==, "Receipt");
  use_language ("en");
  g_assert_cmpstr (kiosk_catalog_translate ("ja", NULL, "Receipt"), ==, "控え");
}

static gpointer
translate_many (gpointer data)
{
  for (guint i = 0; i < 2000; i++)
    if (g_strcmp0 (kiosk_catalog_translate (i % 2 ? "ja" : "en", NULL, "Receipt"),
                   i % 2 ? "控え" : "Receipt")
        != 0)
      return GINT_TO_POINTER (FALSE);
  return GINT_TO_POINTER (TRUE);
}

/* Printing threads translate while the main thread does: no lock-up, no wrong answer. */
static void
test_catalog_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("translate", translate_many, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

static void
test_every_outcome (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr (GDateTime) time = g_date_time_new (tokyo, 2026, 12, 28, 16, 59, 0);

  for (guint p = 0; p < KIOSK_PROCEDURE_COUNT; p++)
    for (guint o = 0; o < KIOSK_OUTCOME_COUNT; o++)
      for (guint r = 0; r < KIOSK_REASON_COUNT; r += 5)
        {
          g_autoptr (KioskReceipt) receipt = kiosk_receipt_new ("K002", "テスト会場", p * 100 + o,
                                                                time, p, o, r, "en", NULL);
          g_autofree char *payload = kiosk_receipt_payload_encode (receipt, f->key, &error);
          cairo_surface_t *image;

          g_assert_no_error (error);
          image = kiosk_receipt_render (receipt, payload, KIOSK_PAPER_58MM_DOTS, &error);
          g_assert_no_error (error);
          g_assert_cmpint (cairo_image_surface_get_height (image), >, 400);
          cairo_surface_destroy (image);
        }
}

static void
test_pdf_page (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pdf
             = kiosk_receipt_render_pdf (f->receipt, f->payload, KIOSK_PAPER_80MM_DOTS, &error);
  cairo_surface_t *image
      = kiosk_receipt_render (f->receipt, f->payload, KIOSK_PAPER_80MM_DOTS, &error);
  g_autofree char *text = NULL;
  const char *media_box;
  double box[4];
  char *end;

  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (pdf), >, 2000);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  /* The PDF has binary streams: search the bytes, then read the numbers as text. */
  media_box = memmem (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), "/MediaBox [", 11);
  g_assert_nonnull (media_box);
  text = g_strndup (media_box, 80);
  media_box = text;
  end = (char *)media_box + strlen ("/MediaBox [");
  for (int i = 0; i < 4; i++)
    box[i] = g_ascii_strtod (end, &end);
  /* 80 mm paper: 576 dots at 203 dpi, in points; as tall as the raster. */
  g_assert_cmpfloat_with_epsilon (box[2], 576 * 72.0 / 203, 0.01);
  g_assert_cmpfloat_with_epsilon (box[3], cairo_image_surface_get_height (image) * 72.0 / 203,
                                  0.01);
  cairo_surface_destroy (image);
}

static void
test_qr_too_big (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *huge = g_strnfill (900, 'A');
  cairo_surface_t *image = kiosk_receipt_render (f->receipt, huge, 200, &error);

  g_assert_null (image);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, KIOSK_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_MESSAGES, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/receipt/render/58mm-qr-verifies", Fixture, NULL, fixture_set_up, test_58mm,
              fixture_tear_down);
  g_test_add ("/receipt/render/80mm-qr-verifies", Fixture, NULL, fixture_set_up, test_80mm,
              fixture_tear_down);
  g_test_add_func ("/receipt/render/japanese-font", test_japanese_font);
  g_test_add ("/receipt/render/resident-language", Fixture, NULL, fixture_set_up,
              test_resident_language, fixture_tear_down);
  g_test_add_func ("/receipt/render/catalog", test_catalog);
  g_test_add_func ("/receipt/render/catalog-threads", test_catalog_threads);
  g_test_add ("/receipt/render/every-outcome", Fixture, NULL, fixture_set_up, test_every_outcome,
              fixture_tear_down);
  g_test_add ("/receipt/render/pdf-page", Fixture, NULL, fixture_set_up, test_pdf_page,
              fixture_tear_down);
  g_test_add ("/receipt/render/qr-too-big", Fixture, NULL, fixture_set_up, test_qr_too_big,
              fixture_tear_down);
  return g_test_run ();
}
