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
  { "unknown-group", "[kiosk]\ndemo=false\n[printer]\nqueue = x\n", KIOSK_CONFIG_ERROR_INVALID,
    "kiosk.conf:3: [printer]: unknown group" },
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
  return g_test_run ();
}
