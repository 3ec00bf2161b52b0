/* kiosk-catalog.h: a message catalog read for one language, whatever language the kiosk shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * kiosk_catalog_translate:
 * @language: a gettext language tag ("ja", "ja@easy", "pt_BR")
 * @context: (nullable): the msgctxt, as NC_() gives it
 * @msgid: the English message
 *
 * The translation of @msgid in @language from the kiosk's own .mo catalog, found where
 * bindtextdomain() points the kiosk's domain. gettext answers in the process's current language
 * only (LANGUAGE), which a resident may change at any moment and which a printing thread must
 * not touch: a receipt is written in its own language with this instead. Catalogs are read once
 * and kept; safe from any thread. Returns @msgid when the language, the catalog or the message
 * is unknown (transfer none: the string lives as long as the process). Like gettext, a format
 * @msgid gives a format translation (msgfmt -c checks the catalogs), so the compiler checks
 * the arguments against @msgid.
 */
const char *kiosk_catalog_translate (const char *language, const char *context, const char *msgid)
    G_GNUC_FORMAT (3);

G_END_DECLS
