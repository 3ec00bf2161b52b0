/* kiosk-bench-util.c: what the window benchmarks share: percentiles, table cells, and showing
 * a screen in the kiosk window without the flow (the idle baselines)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-bench-util.h"

#include <math.h>

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

double
kiosk_bench_percentile (GArray *samples, double p)
{
  g_autoptr (GArray) sorted = NULL;
  guint rank;

  if (samples == NULL || samples->len == 0)
    return NAN;
  sorted = g_array_copy (samples);
  g_array_sort (sorted, compare_doubles);
  rank = (guint)ceil (p / 100.0 * sorted->len);
  return g_array_index (sorted, double, CLAMP (rank, 1, sorted->len) - 1);
}

double
kiosk_bench_median (GArray *samples)
{
  return kiosk_bench_percentile (samples, 50);
}

double
kiosk_bench_maximum (GArray *samples)
{
  return kiosk_bench_percentile (samples, 100);
}

double
kiosk_bench_minimum (GArray *samples)
{
  return kiosk_bench_percentile (samples, 100.0 / MAX (samples != NULL ? samples->len : 1, 1));
}

const char *
kiosk_bench_cell (char *buffer, gsize size, double value, int decimals)
{
  if (isnan (value))
    return "-";
  g_snprintf (buffer, size, "%.*f", decimals, value);
  return buffer;
}

gboolean
kiosk_bench_show_screen (KioskWindow *window, KioskFlowState state, GError **error)
{
  GtkWidget *screen = kiosk_window_get_screen (window, state);
  GtkWidget *page = screen;
  GtkWidget *stack = screen != NULL ? gtk_widget_get_ancestor (screen, GTK_TYPE_STACK) : NULL;

  if (stack == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "the %s screen is not in a GtkStack of the window",
                   kiosk_flow_state_to_string (state));
      return FALSE;
    }
  /* The stack's own child: the screen, or what the window wraps it in. */
  while (gtk_widget_get_parent (page) != stack)
    page = gtk_widget_get_parent (page);
  gtk_stack_set_visible_child (GTK_STACK (stack), page);
  return TRUE;
}
