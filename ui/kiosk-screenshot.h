/* kiosk-screenshot.h: renders a widget to a PNG from inside the program, as it is on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * kiosk_widget_render:
 *
 * Renders @widget as it is now (see kiosk_widget_save_png()) into a texture (transfer full), or
 * NULL with @error set when it has no size or no renderer yet.
 */
GdkTexture *kiosk_widget_render (GtkWidget *widget, GError **error);

/**
 * kiosk_widget_save_png:
 *
 * Snapshots @widget (a realized window, usually) at its current size through a GtkWidgetPaintable
 * into a GtkSnapshot, renders that with the widget's own GskRenderer to a GdkTexture and saves it
 * as PNG: the same pixels the display gets, with no X tools (with GSK_RENDERER=cairo, repeatable
 * from run to run). Creates @path's folder. Errors if the widget has no size yet or the file
 * cannot be written.
 */
gboolean kiosk_widget_save_png (GtkWidget *widget, const char *path, GError **error);

G_END_DECLS
