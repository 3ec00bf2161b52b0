/* kiosk-bench-receipt.c: the benchmark of a receipt: build, sign and encode its QR payload,
 * render it for 80 mm and 58 mm paper, encode it as ESC/POS
 *
 * What the kiosk does when a procedure ends (KioskReceiptDesk, then the ESC/POS printer), timed
 * as one piece per receipt: kiosk_receipt_new (with the HMAC card reference),
 * kiosk_receipt_payload_encode (pack + Ed25519 signature + base32), kiosk_receipt_render
 * (Pango/Cairo text in the resident's language and Japanese, and the QR) and
 * kiosk_escpos_encode_raster. Each receipt gets the next sequence number, as at the kiosk.
 * One unmeasured receipt per width first (fontconfig and Pango load their fonts once a day, not
 * per resident); its time is printed apart as the cold start. Target: median under 20 ms.
 *
 * Prints a table, then key=value lines. Needs no display and no pcscd; run-bench runs it with
 * the environment of the test suites.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk-locale.h"
#include "kiosk-receipt-escpos.h"
#include "kiosk-receipt-payload.h"
#include "kiosk-receipt-renderer.h"

#define TARGET_MEDIAN_MS 20.0
/* What the ESC/POS printer feeds after the image before it cuts (app/kiosk-printer-escpos.c). */
#define CUT_EXTRA_FEED 48
#define KIOSK_ID "K001"
#define LOCATION "柏市役所 本庁舎 1階"
/* A made-up certificate serial: the card reference is an HMAC of it, as at the kiosk. */
#define CERTIFICATE_SERIAL "3F6A0C5E9B1D2A7C4E8F0B3D5A6C7E91"

typedef struct
{
  const char *name; /* "80mm" */
  guint width_dots;
  GArray *total_ms;
  GArray *payload_ms; /* receipt + card reference + pack + sign + base32 */
  GArray *render_ms;
  GArray *escpos_ms;
  double cold_ms;
  guint height_dots;
  gsize raster_bytes; /* the 1-bit image the printer gets: ⌈width / 8⌉ × height */
  gsize escpos_bytes;
  gsize payload_chars;
} WidthResult;

static struct
{
  guint receipts;
  gboolean check;
  KioskReceiptKey *key;
  GBytes *kiosk_secret;
  GDateTime *time;
  guint sequence;
} bench;

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentile (0 < p <= 100) of the samples; NAN with none. */
static double
percentile (GArray *samples, double p)
{
  g_autoptr (GArray) sorted = NULL;
  guint rank;

  if (samples->len == 0)
    return NAN;
  sorted = g_array_copy (samples);
  g_array_sort (sorted, compare_doubles);
  rank = (guint)ceil (p / 100.0 * sorted->len);
  return g_array_index (sorted, double, CLAMP (rank, 1, sorted->len) - 1);
}

static double
median (GArray *samples)
{
  return percentile (samples, 50);
}

static double
elapsed_ms (gint64 from, gint64 to)
{
  return (to - from) / 1000.0;
}

/* One receipt, start to ESC/POS bytes. With @measured, its times are added. */
static gboolean
one_receipt (WidthResult *result, gboolean measured, GError **error)
{
  g_autoptr (GBytes) card_reference = NULL;
  g_autoptr (KioskReceipt) receipt = NULL;
  g_autofree char *payload = NULL;
  g_autoptr (GBytes) escpos = NULL;
  cairo_surface_t *image;
  gint64 started, signed_at, rendered_at, encoded_at;
  double ms;

  started = g_get_monotonic_time ();
  card_reference = kiosk_card_reference_new (bench.kiosk_secret, CERTIFICATE_SERIAL);
  receipt
      = kiosk_receipt_new (KIOSK_ID, LOCATION, ++bench.sequence, bench.time, KIOSK_PROCEDURE_RENEW,
                           KIOSK_OUTCOME_DONE, KIOSK_REASON_NONE, "ja", card_reference);
  if (card_reference == NULL || receipt == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot make the receipt");
      return FALSE;
    }
  payload = kiosk_receipt_payload_encode (receipt, bench.key, error);
  if (payload == NULL)
    return FALSE;
  signed_at = g_get_monotonic_time ();
  image = kiosk_receipt_render (receipt, payload, result->width_dots, error);
  if (image == NULL)
    return FALSE;
  rendered_at = g_get_monotonic_time ();
  escpos = kiosk_escpos_encode_raster (image, CUT_EXTRA_FEED);
  encoded_at = g_get_monotonic_time ();

  result->height_dots = (guint)cairo_image_surface_get_height (image);
  result->raster_bytes = (gsize)(cairo_image_surface_get_width (image) + 7) / 8
                         * (gsize)cairo_image_surface_get_height (image);
  result->escpos_bytes = g_bytes_get_size (escpos);
  result->payload_chars = strlen (payload);
  cairo_surface_destroy (image);

  if (!measured)
    {
      result->cold_ms = elapsed_ms (started, encoded_at);
      return TRUE;
    }
  ms = elapsed_ms (started, encoded_at);
  g_array_append_val (result->total_ms, ms);
  ms = elapsed_ms (started, signed_at);
  g_array_append_val (result->payload_ms, ms);
  ms = elapsed_ms (signed_at, rendered_at);
  g_array_append_val (result->render_ms, ms);
  ms = elapsed_ms (rendered_at, encoded_at);
  g_array_append_val (result->escpos_ms, ms);
  return TRUE;
}

/* The widths take turns, receipt by receipt, so both see the same moments of the machine's
 * load. */
static gboolean
measure_widths (WidthResult *results, guint n_results, GError **error)
{
  for (guint w = 0; w < n_results; w++)
    if (!one_receipt (&results[w], FALSE, error))
      {
        g_prefix_error (error, "%s paper: ", results[w].name);
        return FALSE;
      }
  for (guint i = 0; i < bench.receipts; i++)
    for (guint w = 0; w < n_results; w++)
      if (!one_receipt (&results[w], TRUE, error))
        {
          g_prefix_error (error, "%s paper: ", results[w].name);
          return FALSE;
        }
  return TRUE;
}

/* FALSE when a target is missed. */
static gboolean
print_results (WidthResult *results, guint n_results)
{
  const char *verdict[] = { "FAIL", "pass" };
  gboolean median_ok = TRUE;

  printf (
      "\nMadoguchi benchmark: a receipt (renewal done, Japanese): receipt + card reference +\n"
      "Ed25519-signed payload, Pango/Cairo render with the QR, ESC/POS raster; %u receipts\n"
      "per width after one unmeasured (the cold start). Times in ms; target: median < %.0f.\n\n",
      bench.receipts, TARGET_MEDIAN_MS);
  printf ("%-6s %7s %7s %7s %8s %8s %8s %6s %7s %8s %7s\n", "paper", "median", "p95", "cold",
          "payload", "render", "ESC/POS", "dots", "height", "raster", "ESC/POS");
  printf ("%-6s %7s %7s %7s %8s %8s %8s %6s %7s %8s %7s\n", "", "", "", "", "median", "median",
          "median", "wide", "dots", "bytes", "bytes");
  for (guint i = 0; i < n_results; i++)
    {
      WidthResult *r = &results[i];

      printf ("%-6s %7.2f %7.2f %7.1f %8.2f %8.2f %8.2f %6u %7u %8" G_GSIZE_FORMAT
              " %7" G_GSIZE_FORMAT "\n",
              r->name, median (r->total_ms), percentile (r->total_ms, 95), r->cold_ms,
              median (r->payload_ms), median (r->render_ms), median (r->escpos_ms), r->width_dots,
              r->height_dots, r->raster_bytes, r->escpos_bytes);
    }
  printf ("\n");

  printf ("receipt.count=%u\n", bench.receipts);
  for (guint i = 0; i < n_results; i++)
    {
      WidthResult *r = &results[i];
      const char *p = r->name;

      printf ("receipt.%s.ms_median=%.2f\n", p, median (r->total_ms));
      printf ("receipt.%s.ms_p95=%.2f\n", p, percentile (r->total_ms, 95));
      printf ("receipt.%s.ms_max=%.2f\n", p, percentile (r->total_ms, 100));
      printf ("receipt.%s.ms_cold=%.2f\n", p, r->cold_ms);
      printf ("receipt.%s.payload_ms_median=%.3f\n", p, median (r->payload_ms));
      printf ("receipt.%s.render_ms_median=%.2f\n", p, median (r->render_ms));
      printf ("receipt.%s.escpos_ms_median=%.3f\n", p, median (r->escpos_ms));
      printf ("receipt.%s.width_dots=%u\n", p, r->width_dots);
      printf ("receipt.%s.height_dots=%u\n", p, r->height_dots);
      printf ("receipt.%s.raster_bytes=%" G_GSIZE_FORMAT "\n", p, r->raster_bytes);
      printf ("receipt.%s.escpos_bytes=%" G_GSIZE_FORMAT "\n", p, r->escpos_bytes);
      printf ("receipt.%s.payload_chars=%" G_GSIZE_FORMAT "\n", p, r->payload_chars);
      if (!(median (r->total_ms) < TARGET_MEDIAN_MS))
        median_ok = FALSE;
    }
  printf ("target.receipt_median_below_%.0fms=%s\n", TARGET_MEDIAN_MS, verdict[median_ok]);
  return median_ok;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) options = NULL;
  g_autoptr (GTimeZone) tokyo = NULL;
  int receipts = 200;
  gboolean check = FALSE;
  WidthResult results[] = {
    { .name = "80mm", .width_dots = KIOSK_PAPER_80MM_DOTS },
    { .name = "58mm", .width_dots = KIOSK_PAPER_58MM_DOTS },
  };
  GOptionEntry entries[] = {
    { "receipts", 'r', 0, G_OPTION_ARG_INT, &receipts,
      "Receipts measured per paper width (default 200)", "N" },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, "Exit 1 when the median is 20 ms or more", NULL },
    { NULL },
  };
  static const guint8 kiosk_secret[32] = "madoguchi-bench-card-reference!";

  /* Japanese, as the kiosk starts: the resident's texts are drawn in it. */
  kiosk_locale_init ();

  options = g_option_context_new ("— the Madoguchi receipt benchmark");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("kiosk-bench-receipt: %s\n", error->message);
      return 2;
    }
  if (receipts < 1)
    {
      g_printerr ("kiosk-bench-receipt: --receipts must be at least 1\n");
      return 2;
    }

  bench.receipts = (guint)receipts;
  bench.check = check;
  bench.key = kiosk_receipt_key_generate (&error);
  if (bench.key == NULL)
    {
      g_printerr ("kiosk-bench-receipt: %s\n", error->message);
      return EXIT_FAILURE;
    }
  bench.kiosk_secret = g_bytes_new_static (kiosk_secret, sizeof kiosk_secret);
  tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  bench.time = g_date_time_new (tokyo, 2026, 11, 25, 10, 30, 0);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      results[i].total_ms = g_array_new (FALSE, FALSE, sizeof (double));
      results[i].payload_ms = g_array_new (FALSE, FALSE, sizeof (double));
      results[i].render_ms = g_array_new (FALSE, FALSE, sizeof (double));
      results[i].escpos_ms = g_array_new (FALSE, FALSE, sizeof (double));
    }
  if (!measure_widths (results, G_N_ELEMENTS (results), &error))
    {
      g_printerr ("kiosk-bench-receipt: %s\n", error->message);
      return EXIT_FAILURE;
    }
  gboolean targets_met = print_results (results, G_N_ELEMENTS (results));

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_array_unref (results[i].total_ms);
      g_array_unref (results[i].payload_ms);
      g_array_unref (results[i].render_ms);
      g_array_unref (results[i].escpos_ms);
    }
  g_date_time_unref (bench.time);
  g_bytes_unref (bench.kiosk_secret);
  g_object_unref (bench.key);
  return bench.check && !targets_met ? EXIT_FAILURE : EXIT_SUCCESS;
}
