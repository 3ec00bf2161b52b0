/* kiosk-config.h: /etc/kiosk/kiosk.conf
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KIOSK_CONFIG_ERROR (kiosk_config_error_quark ())
typedef enum
{
  KIOSK_CONFIG_ERROR_NOT_FOUND, /* the file cannot be read */
  KIOSK_CONFIG_ERROR_SYNTAX,    /* not a key file */
  KIOSK_CONFIG_ERROR_INVALID, /* one or more bad values; the message lists each with key and line */
} KioskConfigError;
GQuark kiosk_config_error_quark (void);

#define KIOSK_TYPE_CONFIG (kiosk_config_get_type ())
G_DECLARE_FINAL_TYPE (KioskConfig, kiosk_config, KIOSK, CONFIG, GObject)

/* Defaults: every key at its documented default. */
KioskConfig *kiosk_config_new (void);
/* Reads and validates a file. Every bad value is reported, one per line of the message, as
 * "PATH:LINE: [group] key: what is wrong"; unknown groups and keys are errors too (a typo must not
 * silently fall back to a default). */
KioskConfig *kiosk_config_load (const char *path, GError **error);
KioskConfig *kiosk_config_load_from_data (const char *data, const char *path_for_messages,
                                          GError **error);

/* [reader] filter: a substring of the reader name; empty = the first reader that holds a card. */
const char *kiosk_config_get_reader_filter (KioskConfig *self);
/* [trust] anchors: files or folders of the CA certificates card certificates are checked against.
 */
const char *const *kiosk_config_get_trust_anchors (KioskConfig *self);
/* [kiosk] demo: run on the in-process virtual card with the demo panel. */
gboolean kiosk_config_get_demo (KioskConfig *self);
/* [renewal] months-before-expiry: renewal opens the day after this many months before expiry. */
guint kiosk_config_get_renewal_months (KioskConfig *self);

void kiosk_config_set_reader_filter (KioskConfig *self, const char *filter);
void kiosk_config_set_trust_anchors (KioskConfig *self, const char *const *anchors);
void kiosk_config_set_demo (KioskConfig *self, gboolean demo);

G_END_DECLS
