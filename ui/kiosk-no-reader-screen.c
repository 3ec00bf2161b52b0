/* kiosk-no-reader-screen.c: the reader is missing or its service is down; staff are needed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-no-reader-screen.h"

struct _KioskNoReaderScreen
{
  KioskScreen parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskNoReaderScreen, kiosk_no_reader_screen, KIOSK_TYPE_SCREEN)

static void
kiosk_no_reader_screen_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_NO_READER_SCREEN);
  G_OBJECT_CLASS (kiosk_no_reader_screen_parent_class)->dispose (object);
}

static void
kiosk_no_reader_screen_class_init (KioskNoReaderScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_no_reader_screen_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-no-reader-screen.ui");
}

static void
kiosk_no_reader_screen_init (KioskNoReaderScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_no_reader_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_NO_READER_SCREEN, "flow", flow, NULL);
}
