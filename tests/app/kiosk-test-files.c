/* kiosk-test-files.c: where the tests find the card profiles and the test CA, and the temporary
 * folders they make
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-test-files.h"

#include <glib/gstdio.h>

static const char *
env_or (const char *variable, const char *fallback)
{
  const char *value = g_getenv (variable);

  return value != NULL && *value != '\0' ? value : fallback;
}

const char *
kiosk_test_files_cards_dir (void)
{
  return env_or ("KIOSK_CARDS_DIR", KIOSK_SOURCE_CARDS_DIR);
}

const char *
kiosk_test_files_ca_dir (void)
{
  return env_or ("KIOSK_TEST_CA_DIR", KIOSK_TEST_CA_DIR);
}

void
kiosk_test_files_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      /* Links are removed, never followed. */
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        kiosk_test_files_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
kiosk_test_files_write_profile (const char *dir, const char *to, const char *from,
                                const char *extra)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_strconcat (from, ".card", NULL);
  g_autofree char *source = g_build_filename (kiosk_test_files_cards_dir (), file, NULL);
  g_autofree char *target_file = g_strconcat (to, ".card", NULL);
  g_autofree char *target = g_build_filename (dir, target_file, NULL);
  g_autofree char *text = NULL;
  g_autofree char *content = NULL;

  g_assert_true (g_file_get_contents (source, &text, NULL, &error));
  g_assert_no_error (error);
  /* Keys given again later in the [card] group win, so @extra overrides the profile. */
  content = g_strconcat (text, "\n", extra != NULL ? extra : "", NULL);
  g_assert_true (g_file_set_contents (target, content, -1, &error));
  g_assert_no_error (error);
}
