/* test-kioskctl.c: the staff's kioskctl run as a program: receipt verify (good, changed, wrong
 * key, unreadable, JSON), receipt keygen, usage errors, and no display or bus needed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-receipt-payload.h"
#include "receipt-test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct
{
  char *dir;
  char *pub;
  KioskReceiptKey *key;
  char *payload;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceipt) receipt = receipt_test_sample (42, "en");

  f->dir = receipt_test_make_key_dir (&f->key);
  f->pub = g_build_filename (f->dir, "kiosk.pub", NULL);
  f->payload = kiosk_receipt_payload_encode (receipt, f->key, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  receipt_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->pub);
  g_clear_object (&f->key);
  g_free (f->payload);
}

static void
test_verify_good (Fixture *f, gconstpointer data)
{
  const char *argv[] = { KIOSKCTL, "receipt", "verify", "--key", f->pub, f->payload, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (receipt_test_run (argv, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "K001-20261125-0042"));
  g_assert_nonnull (strstr (out, "RENEW"));
  g_assert_nonnull (strstr (out, "HANDED_OFF"));
  g_assert_nonnull (strstr (out, "PIN_LOCKED"));
  g_assert_nonnull (strstr (out, "2026-11-25 10:00:00 +09:00"));
  g_assert_nonnull (strstr (out, "利用者証明用暗証番号"));
}

static void
test_verify_json (Fixture *f, gconstpointer data)
{
  const char *argv[]
      = { KIOSKCTL, "receipt", "verify", "--json", "--key", f->pub, f->payload, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (receipt_test_run (argv, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "{\"valid\": true"));
  g_assert_nonnull (strstr (out, "\"number\": \"K001-20261125-0042\""));
  g_assert_nonnull (strstr (out, "\"procedure\": \"RENEW\""));
  g_assert_nonnull (strstr (out, "\"reason\": \"PIN_LOCKED\""));
  g_assert_nonnull (strstr (out, "\"time\": \"2026-11-25T10:00:00+09\""));
}

static void
test_verify_changed (Fixture *f, gconstpointer data)
{
  g_autofree char *changed = g_strdup (f->payload);
  const char *argv[] = { KIOSKCTL, "receipt", "verify", "--key", f->pub, changed, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gsize middle = strlen (changed) / 2;

  changed[middle] = changed[middle] == 'Q' ? 'R' : 'Q';
  g_assert_cmpint (receipt_test_run (argv, &out, &err), ==, 1);
  g_assert_null (strstr (out, "K001"));
  g_assert_nonnull (strstr (err, "NOT VALID"));
}

static void
test_verify_wrong_key (Fixture *f, gconstpointer data)
{
  g_autoptr (KioskReceiptKey) other = NULL;
  g_autofree char *other_dir = receipt_test_make_key_dir (&other);
  g_autofree char *other_pub = g_build_filename (other_dir, "kiosk.pub", NULL);
  const char *argv[] = { KIOSKCTL, "receipt", "verify", "--key", other_pub, f->payload, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (receipt_test_run (argv, &out, &err), ==, 1);
  receipt_test_remove_dir (other_dir);
}

static void
test_verify_unreadable (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.pub", NULL);
  const char *no_key[] = { KIOSKCTL, "receipt", "verify", "--key", missing, f->payload, NULL };
  const char *junk[] = { KIOSKCTL, "receipt", "verify", "--key", f->pub, "not a payload!", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (receipt_test_run (no_key, &out, &err), ==, 3);
  g_assert_nonnull (strstr (err, "missing.pub"));
  g_assert_cmpint (receipt_test_run (junk, &out2, &err2), ==, 3);
}

static void
test_usage (void)
{
  const char *nothing[] = { KIOSKCTL, NULL };
  const char *unknown[] = { KIOSKCTL, "frobnicate", NULL };
  const char *no_key[] = { KIOSKCTL, "receipt", "verify", "ABC", NULL };
  const char *no_payload[] = { KIOSKCTL, "receipt", "verify", "--key", "k.pub", NULL };
  const char *bad_option[] = { KIOSKCTL, "receipt", "verify", "--frob", NULL };
  const char *const *cases[] = { nothing, unknown, no_key, no_payload, bad_option };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (receipt_test_run (cases[i], &out, &err), ==, 2);
      g_assert_cmpuint (strlen (err), >, 0);
    }
}

static void
test_keygen (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *parent = g_dir_make_tmp ("kiosk-keygen-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (parent, "keys", NULL);
  g_autofree char *key_path = g_build_filename (dir, "kiosk.key", NULL);
  g_autofree char *pub_path = g_build_filename (dir, "kiosk.pub", NULL);
  const char *argv[] = { KIOSKCTL, "receipt", "keygen", "--out", dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;
  g_autoptr (KioskReceiptKey) key = NULL;
  g_autoptr (KioskReceipt) receipt = receipt_test_sample (8, "ja");
  g_autofree char *payload = NULL;
  g_autofree char *key_before = NULL;
  g_autofree char *key_after = NULL;
  GStatBuf st;

  g_assert_cmpint (receipt_test_run (argv, &out, &err), ==, 0);
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_test (pub_path, G_FILE_TEST_IS_REGULAR));

  /* The made key signs what kioskctl then verifies with the exported half. */
  key = kiosk_receipt_key_load (key_path, &error);
  g_assert_no_error (error);
  payload = kiosk_receipt_payload_encode (receipt, key, &error);
  g_assert_no_error (error);
  {
    const char *verify[] = { KIOSKCTL, "receipt", "verify", "--key", pub_path, payload, NULL };

    g_assert_cmpint (receipt_test_run (verify, &out3, &err3), ==, 0);
  }

  /* Running it again keeps the existing key. */
  g_file_get_contents (key_path, &key_before, NULL, NULL);
  g_assert_cmpint (receipt_test_run (argv, &out2, &err2), ==, 3);
  g_file_get_contents (key_path, &key_after, NULL, NULL);
  g_assert_cmpstr (key_before, ==, key_after);

  receipt_test_remove_dir (dir);
  g_rmdir (parent);
}

static void
test_no_display_needed (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  const char *const empty_env[] = { NULL };
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char *out = NULL;

  /* No DISPLAY, no WAYLAND_DISPLAY, no D-Bus address, no locale: as on a bare counter PC. */
  g_subprocess_launcher_set_environ (launcher, (char **)empty_env);
  process = g_subprocess_launcher_spawn (launcher, &error, KIOSKCTL, "receipt", "verify", "--key",
                                         f->pub, f->payload, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "K001-20261125-0042"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/receipt/kioskctl/verify-good", Fixture, NULL, fixture_set_up, test_verify_good,
              fixture_tear_down);
  g_test_add ("/receipt/kioskctl/verify-json", Fixture, NULL, fixture_set_up, test_verify_json,
              fixture_tear_down);
  g_test_add ("/receipt/kioskctl/verify-changed-byte", Fixture, NULL, fixture_set_up,
              test_verify_changed, fixture_tear_down);
  g_test_add ("/receipt/kioskctl/verify-wrong-key", Fixture, NULL, fixture_set_up,
              test_verify_wrong_key, fixture_tear_down);
  g_test_add ("/receipt/kioskctl/verify-unreadable", Fixture, NULL, fixture_set_up,
              test_verify_unreadable, fixture_tear_down);
  g_test_add ("/receipt/kioskctl/no-display-needed", Fixture, NULL, fixture_set_up,
              test_no_display_needed, fixture_tear_down);
  g_test_add_func ("/receipt/kioskctl/usage", test_usage);
  g_test_add_func ("/receipt/kioskctl/keygen", test_keygen);
  return g_test_run ();
}
