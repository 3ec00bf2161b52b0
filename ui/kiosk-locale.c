/* kiosk-locale.c: the kiosk's language: gettext set-up, the C.UTF-8 fallback, switching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-locale.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <string.h>

static char *locale_dir;

static gboolean
is_plain_c (const char *name)
{
  return name == NULL || strcmp (name, "C") == 0 || strcmp (name, "POSIX") == 0;
}

/* The build tree's catalogs are used only by programs that live in the build tree, so an
 * installed kiosk never picks up a stale build folder that happens to be on the machine. */
static gboolean
running_from_build_tree (const char *build_locale_dir)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_root = g_path_get_dirname (build_locale_dir);
  g_autofree char *prefix = g_strconcat (build_root, G_DIR_SEPARATOR_S, NULL);
  g_autofree char *catalog
      = g_build_filename (build_locale_dir, "ja", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

  return exe != NULL && g_str_has_prefix (exe, prefix)
         && g_file_test (catalog, G_FILE_TEST_IS_REGULAR);
}

static const char *
choose_locale_dir (void)
{
  const char *from_env = g_getenv ("KIOSK_LOCALEDIR");

  if (from_env != NULL && *from_env != '\0')
    return from_env;
  if (running_from_build_tree (KIOSK_BUILD_LOCALEDIR))
    return KIOSK_BUILD_LOCALEDIR;
  return KIOSK_LOCALEDIR;
}

void
kiosk_locale_init (void)
{
  const char *language = g_getenv ("LANGUAGE");

  if (language == NULL || *language == '\0')
    g_setenv ("LANGUAGE", "ja", TRUE);

  setlocale (LC_ALL, "");
  if (is_plain_c (setlocale (LC_MESSAGES, NULL)) || is_plain_c (setlocale (LC_CTYPE, NULL)))
    setlocale (LC_ALL, "C.UTF-8");
  /* GTK would call setlocale (LC_ALL, "") again and undo the fallback. */
  gtk_disable_setlocale ();

  g_free (locale_dir);
  locale_dir = g_strdup (choose_locale_dir ());
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
kiosk_locale_set_language (const char *language)
{
  g_autofree char *current = NULL;

  g_return_if_fail (language != NULL && *language != '\0');

  g_setenv ("LANGUAGE", language, TRUE);
  /* glibc keeps serving translations it has cached until a setlocale() call really changes a
   * locale name (setting the same name again is a no-op, and "" could fall back to C, where
   * LANGUAGE is ignored): step through C and back. */
  current = g_strdup (setlocale (LC_MESSAGES, NULL));
  setlocale (LC_MESSAGES, "C");
  setlocale (LC_MESSAGES, current);
}

const char *
kiosk_locale_get_dir (void)
{
  return locale_dir != NULL ? locale_dir : KIOSK_LOCALEDIR;
}
