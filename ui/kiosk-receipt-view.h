/* kiosk-receipt-view.h: the receipt on screen: the slip as printed (with its QR), its number,
 * and whether it was printed or the resident should show this screen at the counter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-receipt-desk.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_RECEIPT_VIEW (kiosk_receipt_view_get_type ())
G_DECLARE_FINAL_TYPE (KioskReceiptView, kiosk_receipt_view, KIOSK, RECEIPT_VIEW, GtkWidget)

GtkWidget *kiosk_receipt_view_new (void);
/* Properties: "slip-height" (int): how tall the slip is drawn, in panel pixels (default 440);
 * "compact" (boolean): smaller type, for a screen with many facts.
 *
 * Follows @desk's current receipt (NULL: hidden). Hidden too while the desk has no receipt. */
void kiosk_receipt_view_set_desk (KioskReceiptView *self, KioskReceiptDesk *desk);
/* The slip shown (the desk's rendered receipt), NULL when none (transfer none). */
cairo_surface_t *kiosk_receipt_view_get_slip (KioskReceiptView *self);

G_END_DECLS
