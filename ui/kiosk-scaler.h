/* kiosk-scaler.h: lays its child out at the panel's design size and shows it scaled to fit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_SCALER (kiosk_scaler_get_type ())
G_DECLARE_FINAL_TYPE (KioskScaler, kiosk_scaler, KIOSK, SCALER, GtkWidget)

/**
 * KioskScaler:
 *
 * The whole kiosk is authored at the panel's size (1080×1920). The scaler always allocates its
 * child exactly @design_width × @design_height and hands GTK a scale transform (plus a centring
 * offset, letterboxed) through gtk_widget_allocate(), so drawing, picking and input are all
 * mapped through it: a window of any size shows the same layout, and a tap lands on what is
 * drawn under the finger.
 */
GtkWidget *kiosk_scaler_new (int design_width, int design_height);

void kiosk_scaler_set_child (KioskScaler *self, GtkWidget *child);
GtkWidget *kiosk_scaler_get_child (KioskScaler *self);
/* The scale of the last allocation (1.0 before the first). */
double kiosk_scaler_get_scale (KioskScaler *self);

G_END_DECLS
