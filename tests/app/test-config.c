/* test-config.c: the config loader reports every bad value with its key and line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-config.h"

#include <glib/gstdio.h>
#include <string.h>

static void
test_defaults (void)
{
  g_autoptr (KioskConfig) config = kiosk_config_new ();
  const char *const *anchors = kiosk_config_get_trust_anchors (config);

  g_assert_cmpstr (kiosk_config_get_reader_filter (config), ==, "");
  g_assert_false (kiosk_config_get_demo (config));
  g_assert_cmpuint (kiosk_config_get_renewal_months (config), ==, 3);
  g_assert_cmpint (kiosk_config_get_expired_policy (config), ==, KIOSK_EXPIRED_POLICY_HANDOFF);
  g_assert_cmpint (kiosk_config_get_printer_kind (config), ==, KIOSK_PRINTER_NONE);
  g_assert_cmpuint (kiosk_config_get_paper_width_mm (config), ==, 80);
  g_assert_cmpint (kiosk_config_get_issuance_mode (config), ==, KIOSK_ISSUANCE_MODE_NONE);
  g_assert_cmpstr (kiosk_config_get_hours (config, G_DATE_FRIDAY), ==, "08:30-17:15");
  g_assert_cmpstr (kiosk_config_get_hours (config, G_DATE_SATURDAY), ==, "closed");
  g_assert_cmpuint (kiosk_config_get_idle_seconds (config), ==, 90);
  g_assert_cmpuint (kiosk_config_get_idle_warning_seconds (config), ==, 30);
  /* every language offered, Japanese first and by default */
  g_assert_cmpuint (g_strv_length ((GStrv)kiosk_config_get_languages (config)), ==, 8);
  g_assert_cmpstr (kiosk_config_get_default_language (config), ==, "ja");
  g_assert_true (g_strv_contains (kiosk_config_get_languages (config), "ja@easy"));
  g_assert_nonnull (anchors);
  g_assert_cmpstr (anchors[0], ==, KIOSK_DATADIR "/jpki-ca");
}

static void
test_good_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = g_strdup_printf ("# kiosk at the Kashiwa city office\n"
                                           "[kiosk]\n"
                                           "demo = true\n"
                                           "\n"
                                           "[reader]\n"
                                           "filter = ACS ACR39U\n"
                                           "[trust]\n"
                                           "anchors = %s;%s/auth_ca_2023.pem\n"
                                           "[renewal]\n"
                                           "months-before-expiry=2\n",
                                           KIOSK_SOURCE_JPKI_CA_DIR, KIOSK_SOURCE_JPKI_CA_DIR);
  g_autoptr (KioskConfig) config
             = kiosk_config_load_from_data (data, "/etc/kiosk/kiosk.conf", &error);
  const char *const *anchors;

  g_assert_no_error (error);
  g_assert_true (kiosk_config_get_demo (config));
  g_assert_cmpstr (kiosk_config_get_reader_filter (config), ==, "ACS ACR39U");
  g_assert_cmpuint (kiosk_config_get_renewal_months (config), ==, 2);
  anchors = kiosk_config_get_trust_anchors (config);
  g_assert_cmpuint (g_strv_length ((GStrv)anchors), ==, 2);
  g_assert_cmpstr (anchors[0], ==, KIOSK_SOURCE_JPKI_CA_DIR);
}

/* Each bad value, alone, must be reported with the key's own line. */
typedef struct
{
  const char *name;
  const char *text;
  KioskConfigError code;
  const char *expected; /* must appear in the message */
} BadCase;

static const BadCase bad_cases[] = {
  { "demo-not-boolean", "[kiosk]\n\ndemo = maybe\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:3: [kiosk] demo: “maybe” is not true or false" },
  { "months-not-number", "[renewal]\nmonths-before-expiry = three\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [renewal] months-before-expiry: “three” is not a whole number from 1 to 12" },
  { "months-out-of-range", "# c\n[renewal]\nmonths-before-expiry = 13\n",
    KIOSK_CONFIG_ERROR_INVALID, "kiosk.conf:3: [renewal] months-before-expiry" },
  { "anchor-missing", "[trust]\nanchors = /nonexistent/ca.pem\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [trust] anchors: “/nonexistent/ca.pem” does not exist" },
  { "anchors-empty", "[trust]\nanchors =\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [trust] anchors: no path given" },
  { "unknown-key", "[reader]\nfilter = x\nfliter = y\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:3: [reader] fliter: unknown key" },
  { "unknown-group", "[kiosk]\ndemo=false\n[display]\nrotate = x\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:3: [display]: unknown group" },
  { "kiosk-id-bad", "[kiosk]\nid = Kashiwa lobby 1\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [kiosk] id: “Kashiwa lobby 1” is not 1 to 16 letters, digits or “-”" },
  { "state-dir-relative", "[kiosk]\nstate-dir = var/kiosk\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [kiosk] state-dir: “var/kiosk” is not an absolute path" },
  { "expired-policy-bad", "[renewal]\nexpired = sometimes\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [renewal] expired: “sometimes” is not one of: handoff, kiosk" },
  { "printer-kind-bad", "[printer]\nkind = laser\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [printer] kind: “laser” is not one of: none, escpos-device, escpos-tcp, cups" },
  { "paper-width-bad", "[printer]\npaper-width-mm = 72\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [printer] paper-width-mm: “72” is not one of: 58, 80" },
  { "printer-port-bad", "[printer]\nport = 70000\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [printer] port: “70000” is not a whole number from 1 to 65535" },
  { "printer-tcp-without-host", "[printer]\nkind = escpos-tcp\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [printer] kind: escpos-tcp needs [printer] host" },
  { "printer-cups-without-queue", "\n[printer]\nkind = cups\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:3: [printer] kind: cups needs [printer] queue" },
  { "receipt-key-missing", "[receipt]\nkey = /nonexistent/kiosk.key\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [receipt] key: “/nonexistent/kiosk.key” is not a file" },
  { "hours-bad", "[hours]\nmonday = 8:30-17:15\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [hours] monday: “8:30-17:15” is not “HH:MM-HH:MM”" },
  { "hours-backwards", "[hours]\nfriday = 17:15-08:30\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [hours] friday: “17:15-08:30”" },
  { "idle-too-short", "[kiosk]\nidle-seconds = 5\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [kiosk] idle-seconds: “5” is not a whole number from 15 to 3600" },
  { "idle-warning-under-20", "[kiosk]\nidle-warning-seconds = 10\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [kiosk] idle-warning-seconds: “10” is not a whole number from 20 to 300" },
  { "language-unknown", "[languages]\noffered = ja;fr;en\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [languages] offered: “fr” is not one of: ja, ja@easy, en, zh_CN" },
  { "language-twice", "[languages]\noffered = ja;en;ja\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [languages] offered: “ja” is listed twice" },
  { "languages-none", "[languages]\noffered = ;\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [languages] offered: no language is offered" },
  { "default-language-not-offered", "[languages]\noffered = en;ko\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [languages] offered: does not include the default language “ja”" },
  { "default-language-elsewhere", "[languages]\noffered = en;ko\ndefault = vi\n",
    KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:3: [languages] default: “vi” is not in [languages] offered" },
  { "issuance-url-not-https", "[issuance]\nurl = http://gateway.example/\n",
    KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [issuance] url: “http://gateway.example/” is not an https:// URL" },
  { "issuance-http-incomplete", "[issuance]\nmode = http\nurl = https://gw.example/v1\n",
    KIOSK_CONFIG_ERROR_INVALID, "kiosk.conf:2: [issuance] mode: http needs [issuance] ca-file" },
  { "issuance-timeout-bad", "[issuance]\ntimeout-seconds = 0\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:2: [issuance] timeout-seconds: “0” is not a whole number from 1 to 300" },
  { "not-key-value", "[kiosk]\ndemo false\n", KIOSK_CONFIG_ERROR_SYNTAX,
    "kiosk.conf:2: [kiosk]: “demo false” is not a “key = value” line" },
  { "key-before-group", "demo = true\n", KIOSK_CONFIG_ERROR_SYNTAX,
    "kiosk.conf:1: a key before the first [group]" },
  { "broken-header", "[kiosk\n", KIOSK_CONFIG_ERROR_SYNTAX,
    "kiosk.conf:1: “[kiosk” is not a group header" },
  { "key-twice", "[reader]\nfilter = a\nfilter = b\n", KIOSK_CONFIG_ERROR_SYNTAX,
    "kiosk.conf:3: [reader] filter: set twice (first on line 2)" },
};

static void
test_bad_value (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config
             = kiosk_config_load_from_data (c->text, "/etc/kiosk/kiosk.conf", &error);

  g_assert_null (config);
  g_assert_error (error, KIOSK_CONFIG_ERROR, (int)c->code);
  if (strstr (error->message, c->expected) == NULL)
    g_error ("expected “%s” in “%s”", c->expected, error->message);
}

static void
test_every_problem_reported (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = kiosk_config_load_from_data ("[kiosk]\n"
                                                                "demo = perhaps\n"
                                                                "[renewal]\n"
                                                                "months-before-expiry = 0\n"
                                                                "[trust]\n"
                                                                "anchors = missing.pem\n",
                                                                "/srv/kiosk.conf", &error);
  g_auto (GStrv) lines = NULL;

  g_assert_null (config);
  g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID);
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "/srv/kiosk.conf:2: [kiosk] demo"));
  /* a relative anchor is taken from the config file's folder */
  g_assert_nonnull (
      strstr (error->message, "/srv/kiosk.conf:6: [trust] anchors: “/srv/missing.pem”"));
  g_assert_nonnull (strstr (error->message, "/srv/kiosk.conf:4: [renewal] months-before-expiry"));
}

static void
test_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskConfig) config = kiosk_config_load ("/nonexistent/kiosk.conf", &error);

  g_assert_null (config);
  g_assert_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/kiosk.conf"));
}

static void
test_load_from_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiosk-config-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "kiosk.conf", NULL);
  g_autoptr (KioskConfig) config = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "[reader]\nfilter = Virtual PCD 00 00\n", -1, &error));
  config = kiosk_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_config_get_reader_filter (config), ==, "Virtual PCD 00 00");
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_every_key (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = g_strdup_printf ("[kiosk]\n"
                                           "id = KASHIWA-01\n"
                                           "location = 柏市役所 本庁舎1階\n"
                                           "state-dir = /var/lib/madoguchi\n"
                                           "shuffle-pin-pad = true\n"
                                           "idle-seconds = 120\n"
                                           "idle-warning-seconds = 45\n"
                                           "[languages]\n"
                                           "offered = en;ja;vi\n"
                                           "default = vi\n"
                                           "[renewal]\n"
                                           "expired = kiosk\n"
                                           "[printer]\n"
                                           "kind = escpos-tcp\n"
                                           "host = 192.0.2.10\n"
                                           "port = 9101\n"
                                           "paper-width-mm = 58\n"
                                           "[receipt]\n"
                                           "key = %s/auth_ca_2023.pem\n"
                                           "[hours]\n"
                                           "saturday = 09:00-12:00\n"
                                           "monday = closed\n"
                                           "[issuance]\n"
                                           "mode = http\n"
                                           "url = https://gateway.example:8443/v1\n"
                                           "ca-file = %s/auth_ca_2023.pem\n"
                                           "client-certificate = %s/sign_ca_2023.pem\n"
                                           "client-key = %s/sign_ca_2015.pem\n"
                                           "timeout-seconds = 10\n"
                                           "retries = 0\n",
                                           KIOSK_SOURCE_JPKI_CA_DIR, KIOSK_SOURCE_JPKI_CA_DIR,
                                           KIOSK_SOURCE_JPKI_CA_DIR, KIOSK_SOURCE_JPKI_CA_DIR);
  g_autoptr (KioskConfig) config
             = kiosk_config_load_from_data (data, "/etc/kiosk/kiosk.conf", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_config_get_kiosk_id (config), ==, "KASHIWA-01");
  g_assert_cmpstr (kiosk_config_get_location (config), ==, "柏市役所 本庁舎1階");
  g_assert_cmpstr (kiosk_config_get_state_dir (config), ==, "/var/lib/madoguchi");
  g_assert_true (kiosk_config_get_shuffle_pin_pad (config));
  g_assert_cmpuint (kiosk_config_get_idle_seconds (config), ==, 120);
  g_assert_cmpuint (kiosk_config_get_idle_warning_seconds (config), ==, 45);
  g_assert_cmpuint (g_strv_length ((GStrv)kiosk_config_get_languages (config)), ==, 3);
  g_assert_cmpstr (kiosk_config_get_languages (config)[0], ==, "en");
  g_assert_cmpstr (kiosk_config_get_languages (config)[2], ==, "vi");
  g_assert_cmpstr (kiosk_config_get_default_language (config), ==, "vi");
  g_assert_cmpint (kiosk_config_get_expired_policy (config), ==, KIOSK_EXPIRED_POLICY_KIOSK);
  g_assert_cmpint (kiosk_config_get_printer_kind (config), ==, KIOSK_PRINTER_ESCPOS_TCP);
  g_assert_cmpstr (kiosk_config_get_printer_host (config), ==, "192.0.2.10");
  g_assert_cmpuint (kiosk_config_get_printer_port (config), ==, 9101);
  g_assert_cmpuint (kiosk_config_get_paper_width_mm (config), ==, 58);
  g_assert_true (g_str_has_suffix (kiosk_config_get_receipt_key (config), "auth_ca_2023.pem"));
  g_assert_cmpstr (kiosk_config_get_hours (config, G_DATE_SATURDAY), ==, "09:00-12:00");
  g_assert_cmpstr (kiosk_config_get_hours (config, G_DATE_MONDAY), ==, "closed");
  g_assert_cmpstr (kiosk_config_get_hours (config, G_DATE_TUESDAY), ==, "08:30-17:15");
  g_assert_cmpstr (kiosk_config_get_hours (config, G_DATE_SUNDAY), ==, "closed");
  g_assert_cmpint (kiosk_config_get_issuance_mode (config), ==, KIOSK_ISSUANCE_MODE_HTTP);
  g_assert_cmpstr (kiosk_config_get_issuance_url (config), ==, "https://gateway.example:8443/v1");
  g_assert_cmpuint (kiosk_config_get_issuance_timeout_seconds (config), ==, 10);
  g_assert_cmpuint (kiosk_config_get_issuance_retries (config), ==, 0);
}

static void
test_shipped_example_loads (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path
      = g_test_build_filename (G_TEST_DIST, "..", "assets", "kiosk.conf.example", NULL);
  g_autoptr (KioskConfig) config = kiosk_config_load (path, &error);

  g_assert_no_error (error);
  g_assert_false (kiosk_config_get_demo (config));
  g_assert_cmpuint (kiosk_config_get_renewal_months (config), ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/app/config/defaults", test_defaults);
  g_test_add_func ("/app/config/good-file", test_good_file);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/app/config/bad/%s", bad_cases[i].name);
      g_test_add_data_func (path, &bad_cases[i], test_bad_value);
    }
  g_test_add_func ("/app/config/every-problem-reported", test_every_problem_reported);
  g_test_add_func ("/app/config/missing-file", test_missing_file);
  g_test_add_func ("/app/config/load-from-file", test_load_from_file);
  g_test_add_func ("/app/config/shipped-example-loads", test_shipped_example_loads);
  g_test_add_func ("/app/config/every-key", test_every_key);
  return g_test_run ();
}
