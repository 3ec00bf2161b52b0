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

typedef enum
{
  KIOSK_EXPIRED_POLICY_HANDOFF, /* expired certificates are renewed at the counter (default) */
  KIOSK_EXPIRED_POLICY_KIOSK,   /* ... or at the kiosk */
} KioskExpiredPolicy;

typedef enum
{
  KIOSK_PRINTER_NONE,
  KIOSK_PRINTER_ESCPOS_DEVICE, /* a device node, e.g. /dev/usb/lp0 */
  KIOSK_PRINTER_ESCPOS_TCP,    /* raw TCP, port 9100 */
  KIOSK_PRINTER_CUPS,          /* a CUPS queue (PDF job) */
} KioskPrinterKind;

typedef enum
{
  KIOSK_ISSUANCE_MODE_NONE,      /* no service: procedures that need it go to the counter */
  KIOSK_ISSUANCE_MODE_SIMULATOR, /* the in-process simulator (demo) */
  KIOSK_ISSUANCE_MODE_HTTP,      /* a deployment's gateway over HTTPS with a client certificate */
} KioskIssuanceMode;

/* Defaults: every key at its documented default (see assets/kiosk.conf.example). */
KioskConfig *kiosk_config_new (void);
/* Reads and validates a file. Every bad value is reported, one per line of the message, as
 * "PATH:LINE: [group] key: what is wrong"; unknown groups and keys are errors too (a typo must not
 * silently fall back to a default). Relative paths are taken from the file's folder. */
KioskConfig *kiosk_config_load (const char *path, GError **error);
KioskConfig *kiosk_config_load_from_data (const char *data, const char *path_for_messages,
                                          GError **error);

/* [kiosk] */
const char *kiosk_config_get_kiosk_id (KioskConfig *self); /* on receipts and in the QR */
const char *kiosk_config_get_location (KioskConfig *self); /* printed on receipts */
gboolean kiosk_config_get_demo (KioskConfig *self);
const char *kiosk_config_get_state_dir (KioskConfig *self); /* journal, receipt queue */
/* A new digit layout each time the PIN pad is shown (against shoulder-surfing by position). */
gboolean kiosk_config_get_shuffle_pin_pad (KioskConfig *self);
/* [kiosk] idle-seconds: quiet time before the idle warning [90]; idle-warning-seconds: how long
 * the warning counts down before everything is wiped [30, at least 20]. */
guint kiosk_config_get_idle_seconds (KioskConfig *self);
guint kiosk_config_get_idle_warning_seconds (KioskConfig *self);
/* [languages] offered: the language bar's languages, in its order (gettext tags: "ja",
 * "ja@easy", "en", "zh_CN", "ko", "vi", "pt_BR", "es") [all]; default: the language a session
 * starts in ["ja"], one of those offered. */
const char *const *kiosk_config_get_languages (KioskConfig *self);
const char *kiosk_config_get_default_language (KioskConfig *self);
/* Every language the kiosk has a catalog for, in the language bar's order. */
const char *const *kiosk_config_get_known_languages (void);
/* [reader] filter: a substring of the reader name; empty = the first reader that holds a card. */
const char *kiosk_config_get_reader_filter (KioskConfig *self);
/* [trust] anchors: files or folders of the CA certificates card certificates are checked against.
 */
const char *const *kiosk_config_get_trust_anchors (KioskConfig *self);
/* [renewal] months-before-expiry: renewal opens the day after this many months before expiry. */
guint kiosk_config_get_renewal_months (KioskConfig *self);
KioskExpiredPolicy kiosk_config_get_expired_policy (KioskConfig *self);
/* [printer] */
KioskPrinterKind kiosk_config_get_printer_kind (KioskConfig *self);
const char *kiosk_config_get_printer_device (KioskConfig *self);
const char *kiosk_config_get_printer_host (KioskConfig *self);
guint kiosk_config_get_printer_port (KioskConfig *self);
const char *kiosk_config_get_printer_queue (KioskConfig *self);
guint kiosk_config_get_paper_width_mm (KioskConfig *self); /* 58 or 80 */
/* [receipt] key: the kiosk's Ed25519 private key (PEM) that signs receipts. */
const char *kiosk_config_get_receipt_key (KioskConfig *self);
/* [hours] monday … sunday: "HH:MM-HH:MM" or "closed" (Asia/Tokyo). */
const char *kiosk_config_get_hours (KioskConfig *self, GDateWeekday weekday);
/* [issuance] */
KioskIssuanceMode kiosk_config_get_issuance_mode (KioskConfig *self);
const char *kiosk_config_get_issuance_url (KioskConfig *self);
const char *kiosk_config_get_issuance_ca_file (KioskConfig *self);
const char *kiosk_config_get_issuance_client_certificate (KioskConfig *self);
const char *kiosk_config_get_issuance_client_key (KioskConfig *self);
guint kiosk_config_get_issuance_timeout_seconds (KioskConfig *self);
guint kiosk_config_get_issuance_retries (KioskConfig *self);

void kiosk_config_set_reader_filter (KioskConfig *self, const char *filter);
void kiosk_config_set_trust_anchors (KioskConfig *self, const char *const *anchors);
void kiosk_config_set_demo (KioskConfig *self, gboolean demo);
void kiosk_config_set_issuance_mode (KioskConfig *self, KioskIssuanceMode mode);
void kiosk_config_set_state_dir (KioskConfig *self, const char *path);

G_END_DECLS
