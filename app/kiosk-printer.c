/* kiosk-printer.c: the printer interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-printer.h"

G_DEFINE_QUARK (kiosk - printer - error - quark, kiosk_printer_error)

G_DEFINE_INTERFACE (KioskPrinter, kiosk_printer, G_TYPE_OBJECT)

static void
kiosk_printer_default_init (KioskPrinterInterface *iface)
{
}

void
kiosk_printer_print_async (KioskPrinter *self, KioskReceipt *receipt, const char *payload,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_return_if_fail (KIOSK_IS_PRINTER (self));
  g_return_if_fail (KIOSK_IS_RECEIPT (receipt));
  g_return_if_fail (payload != NULL);

  KIOSK_PRINTER_GET_IFACE (self)->print_async (self, receipt, payload, cancellable, callback,
                                               user_data);
}

gboolean
kiosk_printer_print_finish (KioskPrinter *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_PRINTER (self), FALSE);

  return KIOSK_PRINTER_GET_IFACE (self)->print_finish (self, result, error);
}
