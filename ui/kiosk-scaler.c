/* kiosk-scaler.c: lays its child out at the panel's design size and shows it scaled to fit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-scaler.h"

struct _KioskScaler
{
  GtkWidget parent_instance;

  GtkWidget *child;
  int design_width;
  int design_height;
  double scale;
};

G_DEFINE_FINAL_TYPE (KioskScaler, kiosk_scaler, GTK_TYPE_WIDGET)

static void
kiosk_scaler_dispose (GObject *object)
{
  KioskScaler *self = KIOSK_SCALER (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  G_OBJECT_CLASS (kiosk_scaler_parent_class)->dispose (object);
}

/* The child's own size requests are deliberately not consulted: it always gets the design size.
 * A quarter of it is the smallest the window may shrink to and still be legible on a desk; the
 * design size itself is the natural one. */
static void
kiosk_scaler_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                      int *natural, int *minimum_baseline, int *natural_baseline)
{
  KioskScaler *self = KIOSK_SCALER (widget);
  int design = orientation == GTK_ORIENTATION_HORIZONTAL ? self->design_width : self->design_height;

  *minimum = design / 4;
  *natural = design;
}

static void
kiosk_scaler_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  KioskScaler *self = KIOSK_SCALER (widget);
  GskTransform *transform = NULL;
  float x, y;

  if (self->child == NULL || !gtk_widget_get_visible (self->child))
    return;

  self->scale = MIN ((double)width / self->design_width, (double)height / self->design_height);
  x = (width - self->design_width * self->scale) / 2.0;
  y = (height - self->design_height * self->scale) / 2.0;
  transform = gsk_transform_translate (transform, &GRAPHENE_POINT_INIT (x, y));
  transform = gsk_transform_scale (transform, self->scale, self->scale);

  /* Measuring first keeps GTK's allocation checks quiet; the result is not used (see measure). */
  gtk_widget_measure (self->child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
  gtk_widget_measure (self->child, GTK_ORIENTATION_VERTICAL, self->design_width, NULL, NULL, NULL,
                      NULL);
  gtk_widget_allocate (self->child, self->design_width, self->design_height, -1, transform);
}

static void
kiosk_scaler_class_init (KioskScalerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_scaler_dispose;
  widget_class->measure = kiosk_scaler_measure;
  widget_class->size_allocate = kiosk_scaler_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "kioskscaler");
}

static void
kiosk_scaler_init (KioskScaler *self)
{
  self->scale = 1.0;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
kiosk_scaler_new (int design_width, int design_height)
{
  KioskScaler *self;

  g_return_val_if_fail (design_width > 0 && design_height > 0, NULL);

  self = g_object_new (KIOSK_TYPE_SCALER, NULL);
  self->design_width = design_width;
  self->design_height = design_height;
  return GTK_WIDGET (self);
}

void
kiosk_scaler_set_child (KioskScaler *self, GtkWidget *child)
{
  g_return_if_fail (KIOSK_IS_SCALER (self));
  g_return_if_fail (child == NULL || gtk_widget_get_parent (child) == NULL);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
}

GtkWidget *
kiosk_scaler_get_child (KioskScaler *self)
{
  g_return_val_if_fail (KIOSK_IS_SCALER (self), NULL);
  return self->child;
}

double
kiosk_scaler_get_scale (KioskScaler *self)
{
  g_return_val_if_fail (KIOSK_IS_SCALER (self), 1.0);
  return self->scale;
}
