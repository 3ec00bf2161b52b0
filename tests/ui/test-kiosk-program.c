/* test-kiosk-program.c: the `kiosk` program as an operator runs it: --version, no display, a
 * broken configuration, and the smoke mode on the real window
 *
 * The program's path comes from meson (KIOSK_PROGRAM, built before the test runs); the
 * environment variable KIOSK_PROGRAM overrides it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static const char *
kiosk_program (void)
{
  const char *from_env = g_getenv ("KIOSK_PROGRAM");

  return from_env != NULL && *from_env != '\0' ? from_env : KIOSK_PROGRAM;
}

static gboolean
have_display (void)
{
  const char *x11 = g_getenv ("DISPLAY");
  const char *wayland = g_getenv ("WAYLAND_DISPLAY");

  return (x11 != NULL && *x11 != '\0') || (wayland != NULL && *wayland != '\0');
}

static gboolean
require_display (void)
{
  if (have_display ())
    return TRUE;
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_test_fail_printf ("no display: the ui suite needs an X server (run it through "
                        "tests/tools/with-xvfb)");
  else
    g_test_skip ("no display: run the ui suite through tests/tools/with-xvfb");
  return FALSE;
}

/* Runs the kiosk with @args (NULL-terminated) and waits for it. @unset: environment variables
 * to remove first (NULL-terminated, may be NULL). */
static void
run_kiosk (Run *run, const char *const *args, const char *const *unset)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; unset != NULL && unset[i] != NULL; i++)
    g_subprocess_launcher_unsetenv (launcher, unset[i]);

  g_ptr_array_add (argv, (gpointer)kiosk_program ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("kiosk exited %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

/* The "key: value" lines of the smoke output. */
static GHashTable *
parse_fields (const char *out)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strstr (lines[i], ": ");

      if (colon == NULL)
        continue;
      g_hash_table_insert (fields, g_strndup (lines[i], colon - lines[i]), g_strdup (colon + 2));
    }
  return fields;
}

static void
test_version (void)
{
  const char *const args[] = { "--version", NULL };
  g_auto (Run) run = { 0 };
  g_autofree char *expected = g_strdup_printf ("kiosk (Madoguchi) %s\n", PACKAGE_VERSION);

  run_kiosk (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);
}

static void
test_no_display (void)
{
  const char *const args[] = { "--demo", NULL };
  const char *const unset[] = { "DISPLAY", "WAYLAND_DISPLAY", NULL };
  g_auto (Run) run = { 0 };

  run_kiosk (&run, args, unset);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "no display"));
}

/* Every bad line is reported with its key and line number, and the kiosk does not start. */
static void
test_broken_config (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiosk-config-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *option = NULL;
  g_autofree char *line_3 = NULL;
  g_autofree char *line_5 = NULL;
  g_auto (Run) run = { 0 };
  const char *args[] = { NULL, NULL };

  g_assert_no_error (error);
  path = g_build_filename (dir, "kiosk.conf", NULL);
  g_file_set_contents (path,
                       "[kiosk]\n"
                       "demo=false\n"
                       "colour=blue\n"
                       "[renewal]\n"
                       "months-before-expiry=many\n",
                       -1, &error);
  g_assert_no_error (error);
  option = g_strconcat ("--config=", path, NULL);
  args[0] = option;

  run_kiosk (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 1);
  line_3 = g_strdup_printf ("%s:3:", path);
  line_5 = g_strdup_printf ("%s:5:", path);
  g_assert_nonnull (strstr (run.err, line_3));
  g_assert_nonnull (strstr (run.err, "colour"));
  g_assert_nonnull (strstr (run.err, line_5));
  g_assert_nonnull (strstr (run.err, "months-before-expiry"));

  g_unlink (path);
  g_rmdir (dir);
}

/* Whole days from today to @expires's date, both in Japan time. */
static int
days_until (GDateTime *expires)
{
  g_autoptr (GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr (GDateTime) now = g_date_time_new_now (tokyo);
  g_autoptr (GDateTime) end = g_date_time_to_timezone (expires, tokyo);
  g_autoptr (GDate) today = g_date_new_dmy (
      g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  g_autoptr (GDate) last = g_date_new_dmy (g_date_time_get_day_of_month (end),
                                           g_date_time_get_month (end), g_date_time_get_year (end));

  return g_date_days_between (today, last);
}

static GHashTable *
smoke (const char *profile, Run *run)
{
  g_autofree char *option = g_strconcat ("--smoke=", profile, NULL);
  /* A configuration file that is not there is fine in demo mode. */
  const char *const args[] = { "--demo", "--config=/nonexistent/kiosk.conf", option, NULL };

  run_kiosk (run, args, NULL);
  return parse_fields (run->out);
}

static void
assert_field (GHashTable *fields, const char *key, const char *value)
{
  g_assert_cmpstr (g_hash_table_lookup (fields, key), ==, value);
}

static void
assert_days_left_match_expiry (GHashTable *fields)
{
  const char *expires_text = g_hash_table_lookup (fields, "expires");
  g_autoptr (GDateTime) expires = NULL;

  g_assert_nonnull (expires_text);
  /* The last moment of the certificate, written in Japan time. */
  g_assert_true (g_str_has_suffix (expires_text, "T23:59:59+09:00"));
  expires = g_date_time_new_from_iso8601 (expires_text, NULL);
  g_assert_nonnull (expires);
  g_assert_cmpint (atoi (g_hash_table_lookup (fields, "days-left")), ==, days_until (expires));
}

static void
test_smoke_valid (void)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GHashTable) fields = NULL;

  if (!require_display ())
    return;
  fields = smoke ("valid", &run);
  g_assert_cmpint (run.status, ==, 0);
  assert_field (fields, "state", "status");
  assert_field (fields, "validity", "valid");
  assert_field (fields, "renewal-open", "no");
  assert_field (fields, "auth-tries-left", "3");
  assert_field (fields, "sign-tries-left", "5");
  assert_field (fields, "advice", "all-good");
  assert_days_left_match_expiry (fields);
  g_assert_cmpint (atoi (g_hash_table_lookup (fields, "days-left")), >, 3 * 365);
}

static void
test_smoke_minor (void)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GHashTable) fields = NULL;

  if (!require_display ())
    return;
  fields = smoke ("minor", &run);
  g_assert_cmpint (run.status, ==, 0);
  assert_field (fields, "state", "status");
  assert_field (fields, "validity", "valid");
  assert_field (fields, "auth-tries-left", "3");
  assert_field (fields, "sign-tries-left", "none");
  assert_days_left_match_expiry (fields);
}

static void
test_smoke_expired (void)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GHashTable) fields = NULL;

  if (!require_display ())
    return;
  fields = smoke ("expired", &run);
  g_assert_cmpint (run.status, ==, 0);
  assert_field (fields, "state", "status");
  assert_field (fields, "validity", "expired");
  assert_field (fields, "advice", "expired");
  assert_days_left_match_expiry (fields);
  g_assert_cmpint (atoi (g_hash_table_lookup (fields, "days-left")), <, 0);
}

static void
test_smoke_unknown_profile (void)
{
  g_auto (Run) run = { 0 };
  g_autoptr (GHashTable) fields = NULL;

  if (!require_display ())
    return;
  fields = smoke ("no-such-card", &run);
  g_assert_cmpint (run.status, ==, 1);
  /* It says where it stopped: the card was asked for and could not be made. */
  assert_field (fields, "state", "place-card");
  g_assert_nonnull (strstr (run.err, "no-such-card"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/program/version", test_version);
  g_test_add_func ("/ui/program/no-display", test_no_display);
  g_test_add_func ("/ui/program/broken-config", test_broken_config);
  g_test_add_func ("/ui/program/smoke/valid", test_smoke_valid);
  g_test_add_func ("/ui/program/smoke/minor", test_smoke_minor);
  g_test_add_func ("/ui/program/smoke/expired", test_smoke_expired);
  g_test_add_func ("/ui/program/smoke/unknown-profile", test_smoke_unknown_profile);

  return g_test_run ();
}
