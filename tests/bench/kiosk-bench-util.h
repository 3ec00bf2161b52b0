/* kiosk-bench-util.h: what the window benchmarks share: percentiles, table cells, and showing
 * a screen in the kiosk window without the flow (the idle baselines)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-window.h"

G_BEGIN_DECLS

/* Nearest-rank percentile (0 < @p <= 100) of @samples (doubles); NAN with none. */
double kiosk_bench_percentile (GArray *samples, double p);
double kiosk_bench_median (GArray *samples);
double kiosk_bench_maximum (GArray *samples);
double kiosk_bench_minimum (GArray *samples);

/* A table cell: "-" for NAN (nothing was measured), else @value with @decimals. */
const char *kiosk_bench_cell (char *buffer, gsize size, double value, int decimals);

/* Shows @state's screen in @window as the window's stack would, without telling the flow: its
 * animations run (a screen's map starts them) but no card or network work is asked for. The idle
 * baselines use it, so that "idle" draws what the measured run drew. FALSE (and @error) when the
 * screen is not in a GtkStack of the window. Show the flow's own screen again with
 * @state = kiosk_window_get_visible_state(). */
gboolean kiosk_bench_show_screen (KioskWindow *window, KioskFlowState state, GError **error);

G_END_DECLS
