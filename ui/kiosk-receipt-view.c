/* kiosk-receipt-view.c: the receipt on screen: the slip as printed, its number, its print state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-receipt-view.h"

#include <glib/gi18n.h>

/* Tall enough that the QR on the slip can be scanned from the panel by staff. */
#define DEFAULT_SLIP_HEIGHT 440

enum
{
  PROP_0,
  PROP_SLIP_HEIGHT,
  PROP_COMPACT,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

struct _KioskReceiptView
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *labels;
  gboolean compact;
  GtkWidget *slip_area; /* the slip drawn, slip_height tall */
  int slip_height;
  GtkLabel *number_label;
  GtkLabel *print_label;
  KioskReceiptDesk *desk;
  cairo_surface_t *slip;
};

G_DEFINE_FINAL_TYPE (KioskReceiptView, kiosk_receipt_view, GTK_TYPE_WIDGET)

/* Nearest-neighbour scaling: every QR module stays crisp black or white on the panel (smoothed
 * grey edges are what makes a downscaled code unreadable to a scanner). */
static void
draw_slip (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  KioskReceiptView *self = user_data;
  cairo_pattern_t *pattern;
  double scale;
  int slip_width, slip_height;

  if (self->slip == NULL)
    return;
  slip_width = cairo_image_surface_get_width (self->slip);
  slip_height = cairo_image_surface_get_height (self->slip);
  scale = MIN ((double)width / slip_width, (double)height / slip_height);
  cairo_translate (cr, (width - slip_width * scale) / 2, 0);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, self->slip, 0, 0);
  pattern = cairo_get_source (cr);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
}

static const char *
print_state_text (KioskReceiptPrintState state)
{
  switch (state)
    {
    case KIOSK_RECEIPT_PRINT_SCREEN_ONLY:
      return _("This screen is your receipt. If you need it, show it at the counter.");
    case KIOSK_RECEIPT_PRINT_PRINTING:
      return _("Printing your receipt…");
    case KIOSK_RECEIPT_PRINT_PRINTED:
      return _("Your receipt has been printed. Please take it with you.");
    case KIOSK_RECEIPT_PRINT_QUEUED:
      return _("The printer has a problem: please show this screen at the counter.");
    }
  return "";
}

static void
resize_slip (KioskReceiptView *self)
{
  int width = 1;

  if (self->slip != NULL)
    width = MAX (1, self->slip_height * cairo_image_surface_get_width (self->slip)
                        / cairo_image_surface_get_height (self->slip));
  gtk_widget_set_size_request (self->slip_area, width, self->slip_height);
}

static void
refresh (KioskReceiptView *self)
{
  const char *number = self->desk != NULL ? kiosk_receipt_desk_get_number (self->desk) : NULL;
  cairo_surface_t *image = self->desk != NULL ? kiosk_receipt_desk_get_image (self->desk) : NULL;
  g_autofree char *number_text = NULL;

  g_clear_pointer (&self->slip, cairo_surface_destroy);
  if (number == NULL || image == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  self->slip = cairo_surface_reference (image);
  resize_slip (self);
  gtk_widget_queue_draw (self->slip_area);
  /* Translators: %s is the receipt number, e.g. K001-20261125-0042 */
  number_text = g_strdup_printf (_("Receipt number: %s"), number);
  gtk_label_set_text (self->number_label, number_text);
  gtk_label_set_text (self->print_label,
                      print_state_text (kiosk_receipt_desk_get_print_state (self->desk)));
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

void
kiosk_receipt_view_set_desk (KioskReceiptView *self, KioskReceiptDesk *desk)
{
  g_return_if_fail (KIOSK_IS_RECEIPT_VIEW (self));
  g_return_if_fail (desk == NULL || KIOSK_IS_RECEIPT_DESK (desk));

  if (self->desk != desk)
    {
      if (self->desk != NULL)
        g_signal_handlers_disconnect_by_data (self->desk, self);
      g_set_object (&self->desk, desk);
      if (desk != NULL)
        g_signal_connect_swapped (desk, "changed", G_CALLBACK (refresh), self);
    }
  refresh (self);
}

cairo_surface_t *
kiosk_receipt_view_get_slip (KioskReceiptView *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT_VIEW (self), NULL);
  return self->slip;
}

static void
kiosk_receipt_view_dispose (GObject *object)
{
  KioskReceiptView *self = KIOSK_RECEIPT_VIEW (object);

  if (self->desk != NULL)
    g_signal_handlers_disconnect_by_data (self->desk, self);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->slip, cairo_surface_destroy);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (kiosk_receipt_view_parent_class)->dispose (object);
}

/* Compact: smaller type and tighter lines, for a screen that already shows many facts. */
static void
set_compact (KioskReceiptView *self, gboolean compact)
{
  const char *old_class = compact ? "hint" : "fact-name";
  const char *new_class = compact ? "fact-name" : "hint";

  self->compact = compact;
  gtk_box_set_spacing (GTK_BOX (self->labels), compact ? 4 : 24);
  gtk_widget_remove_css_class (GTK_WIDGET (self->number_label), old_class);
  gtk_widget_remove_css_class (GTK_WIDGET (self->print_label), old_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->number_label), new_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->print_label), new_class);
}

static void
kiosk_receipt_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskReceiptView *self = KIOSK_RECEIPT_VIEW (object);
  switch (prop_id)
    {
    case PROP_SLIP_HEIGHT:
      g_value_set_int (value, self->slip_height);
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_receipt_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  KioskReceiptView *self = KIOSK_RECEIPT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SLIP_HEIGHT:
      self->slip_height = g_value_get_int (value);
      resize_slip (self);
      break;
    case PROP_COMPACT:
      set_compact (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_receipt_view_class_init (KioskReceiptViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_receipt_view_dispose;
  object_class->get_property = kiosk_receipt_view_get_property;
  object_class->set_property = kiosk_receipt_view_set_property;
  /* How tall the slip is drawn on the panel: a screen with many facts gives it less room. */
  properties[PROP_SLIP_HEIGHT]
      = g_param_spec_int ("slip-height", NULL, NULL, 120, 1600, DEFAULT_SLIP_HEIGHT,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPACT] = g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                                                   G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "receipt");
}

static void
kiosk_receipt_view_init (KioskReceiptView *self)
{
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);

  self->labels = labels;

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 40);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_halign (self->box, GTK_ALIGN_FILL);

  self->slip_area = gtk_drawing_area_new ();
  gtk_widget_set_name (self->slip_area, "receipt-image");
  gtk_widget_set_valign (self->slip_area, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->slip_area), draw_slip, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->slip_area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The receipt, with a code staff can scan"), -1);
  self->slip_height = DEFAULT_SLIP_HEIGHT;
  resize_slip (self);
  gtk_box_append (GTK_BOX (self->box), self->slip_area);

  self->number_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->number_label), "receipt-number");
  gtk_label_set_wrap (self->number_label, TRUE);
  gtk_label_set_xalign (self->number_label, 0);
  gtk_label_set_selectable (self->number_label, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->number_label), "hint");
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->number_label));

  self->print_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->print_label), "receipt-print-state");
  gtk_label_set_wrap (self->print_label, TRUE);
  gtk_label_set_xalign (self->print_label, 0);
  /* Wide lines rather than a tall column: the dense status screen has little height to spare. */
  gtk_label_set_width_chars (self->print_label, 24);
  gtk_widget_add_css_class (GTK_WIDGET (self->print_label), "hint");
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->print_label));

  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (self->box), labels);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
kiosk_receipt_view_new (void)
{
  return g_object_new (KIOSK_TYPE_RECEIPT_VIEW, NULL);
}
