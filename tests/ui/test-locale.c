/* test-locale.c: the catalogs are complete and valid, and the kiosk speaks Japanese by default
 *
 * The template is made fresh from the sources on every run (xgettext over locale/POTFILES.in,
 * with the keywords of meson's glib preset), so a new string that nobody translated fails here,
 * not on the panel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "kiosk-locale.h"

/* ---- a small .po/.pot reader: enough for what gettext's tools write ---- */

typedef struct
{
  char *context; /* NULL when none */
  char *id;
  char *id_plural; /* NULL when not plural */
  GPtrArray *strs; /* msgstr, or msgstr[0..n] */
  gboolean fuzzy;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->context);
  g_free (entry->id);
  g_free (entry->id_plural);
  g_ptr_array_unref (entry->strs);
  g_free (entry);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Entry, entry_free)

static char *
entry_key (const Entry *entry)
{
  return g_strconcat (entry->context != NULL ? entry->context : "", "\004", entry->id, NULL);
}

/* The text of a quoted line ("..." with C escapes). */
static char *
unquote (const char *line)
{
  const char *start = strchr (line, '"');
  const char *end = strrchr (line, '"');
  g_autofree char *raw = NULL;

  g_assert_nonnull (start);
  g_assert_true (end > start);
  raw = g_strndup (start + 1, end - start - 1);
  return g_strcompress (raw);
}

/* Reads every entry but the header (msgid "") and obsolete ones (#~), keyed by context+id. */
static GHashTable *
read_catalog (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *entries
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)entry_free);
  g_autoptr (Entry) entry = NULL;
  gboolean fuzzy_pending = FALSE;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0;; i++)
    {
      const char *line = lines[i];
      gboolean starts_entry
          = line == NULL || g_str_has_prefix (line, "msgctxt ")
            || (g_str_has_prefix (line, "msgid ") && entry != NULL && entry->strs->len > 0);

      if (starts_entry && entry != NULL)
        {
          if (*entry->id != '\0')
            {
              Entry *done = g_steal_pointer (&entry);

              g_hash_table_replace (entries, entry_key (done), done);
            }
          g_clear_pointer (&entry, entry_free);
        }
      if (line == NULL)
        break;
      if (g_str_has_prefix (line, "#,") && strstr (line, "fuzzy") != NULL)
        fuzzy_pending = TRUE;
      if (*line == '#' || *line == '\0')
        continue;

      if (entry == NULL)
        {
          entry = g_new0 (Entry, 1);
          entry->strs = g_ptr_array_new_with_free_func (g_free);
          entry->fuzzy = fuzzy_pending;
          fuzzy_pending = FALSE;
        }

      if (g_str_has_prefix (line, "msgctxt "))
        entry->context = unquote (line);
      else if (g_str_has_prefix (line, "msgid_plural "))
        entry->id_plural = unquote (line);
      else if (g_str_has_prefix (line, "msgid "))
        entry->id = unquote (line);
      else if (g_str_has_prefix (line, "msgstr"))
        g_ptr_array_add (entry->strs, unquote (line));
      else if (*line == '"')
        {
          g_autofree char *more = unquote (line);
          char **field = entry->strs->len > 0 ? (char **)&entry->strs->pdata[entry->strs->len - 1]
                         : entry->id_plural != NULL ? &entry->id_plural
                                                    : &entry->id;
          char *joined = g_strconcat (*field != NULL ? *field : "", more, NULL);

          g_free (*field);
          *field = joined;
        }
    }
  return entries;
}

static char *
make_template (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kiosk-pot-XXXXXX", &error);
  g_autofree char *pot = NULL;
  g_autofree char *potfiles = g_build_filename (KIOSK_SOURCE_ROOT, "locale", "POTFILES.in", NULL);
  g_autoptr (GSubprocess) process = NULL;

  g_assert_no_error (error);
  pot = g_build_filename (dir, "madoguchi.pot", NULL);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, KIOSK_XGETTEXT,
                              "--package-name=madoguchi", "--from-code=UTF-8", "--add-comments",
                              "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
                              "--keyword=NC_:1c,2", "--keyword=g_dngettext:2,3", "-D",
                              KIOSK_SOURCE_ROOT, "-f", potfiles, "-o", pot, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&pot);
}

static void
remove_template (const char *pot)
{
  g_autofree char *dir = g_path_get_dirname (pot);

  g_unlink (pot);
  g_rmdir (dir);
}

static void
check_complete (const char *language)
{
  g_autofree char *pot = make_template ();
  g_autofree char *po_name = g_strconcat (language, ".po", NULL);
  g_autofree char *po = g_build_filename (KIOSK_SOURCE_ROOT, "locale", po_name, NULL);
  g_autoptr (GHashTable) wanted = read_catalog (pot);
  g_autoptr (GHashTable) have = read_catalog (po);
  g_autoptr (GString) problems = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  /* The sources have strings at all: an empty template would pass anything. */
  g_assert_cmpuint (g_hash_table_size (wanted), >, 40);

  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Entry *template_entry = value;
      const Entry *entry = g_hash_table_lookup (have, key);

      if (entry == NULL)
        {
          g_string_append_printf (problems, "  missing: \"%s\"\n", template_entry->id);
          continue;
        }
      if (entry->fuzzy)
        g_string_append_printf (problems, "  fuzzy: \"%s\"\n", entry->id);
      if (entry->strs->len == 0)
        g_string_append_printf (problems, "  no msgstr: \"%s\"\n", entry->id);
      for (guint i = 0; i < entry->strs->len; i++)
        if (*(const char *)entry->strs->pdata[i] == '\0')
          g_string_append_printf (problems, "  empty msgstr: \"%s\"\n", entry->id);
    }
  remove_template (pot);

  if (problems->len > 0)
    g_test_fail_printf ("%s is not complete:\n%s", po, problems->str);
}

static void
test_ja_complete (void)
{
  check_complete ("ja");
}

static void
test_en_complete (void)
{
  check_complete ("en");
}

/* msgfmt --check: formats (%d, %s) match their msgid, headers are sound. */
static void
test_catalogs_valid (void)
{
  const char *const languages[] = { "ja", "en" };

  for (gsize i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *po_name = g_strconcat (languages[i], ".po", NULL);
      g_autofree char *po = g_build_filename (KIOSK_SOURCE_ROOT, "locale", po_name, NULL);
      g_autoptr (GSubprocess) process = g_subprocess_new (
          G_SUBPROCESS_FLAGS_NONE, &error, KIOSK_MSGFMT, "--check", "-o", "/dev/null", po, NULL);

      g_assert_no_error (error);
      g_subprocess_wait_check (process, NULL, &error);
      g_assert_no_error (error);
    }
}

static gboolean
has_translatable_strings (const char *path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  return strstr (text, "_ (\"") != NULL || strstr (text, "N_ (\"") != NULL
         || strstr (text, "ngettext (") != NULL || strstr (text, "translatable=\"yes\"") != NULL;
}

/* Every source with a translatable string is listed (else its strings never reach a
 * translator), every listed file exists, and the list is sorted. */
static void
test_potfiles_complete (void)
{
  const char *const folders[] = { "ui", "app" };
  g_autofree char *potfiles = g_build_filename (KIOSK_SOURCE_ROOT, "locale", "POTFILES.in", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) listed = NULL;
  g_autoptr (GError) error = NULL;
  const char *previous = "";

  g_file_get_contents (potfiles, &text, NULL, &error);
  g_assert_no_error (error);
  listed = g_strsplit (g_strstrip (text), "\n", -1);

  for (guint i = 0; listed[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (KIOSK_SOURCE_ROOT, listed[i], NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpint (strcmp (previous, listed[i]), <, 0);
      previous = listed[i];
    }

  for (gsize f = 0; f < G_N_ELEMENTS (folders); f++)
    {
      g_autofree char *folder = g_build_filename (KIOSK_SOURCE_ROOT, folders[f], NULL);
      g_autoptr (GDir) dir = g_dir_open (folder, 0, &error);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *relative = g_build_filename (folders[f], name, NULL);
          g_autofree char *path = g_build_filename (KIOSK_SOURCE_ROOT, relative, NULL);

          if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".ui"))
            continue;
          if (has_translatable_strings (path)
              && !g_strv_contains ((const char *const *)listed, relative))
            g_test_fail_printf ("%s has translatable strings but is not in POTFILES.in", relative);
        }
    }
}

/* ---- the kiosk's own locale set-up (each in a fresh process: it changes global state) ---- */

static void
test_japanese_by_default (void)
{
  if (g_test_subprocess ())
    {
      kiosk_locale_init ();
      g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "ja");
      g_assert_cmpstr (_("Start"), ==, "はじめる");
      g_assert_cmpstr (_("Reading your card"), ==, "カードを読み取っています");
      return;
    }
  g_unsetenv ("LANGUAGE");
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Under plain C glibc ignores LANGUAGE: the kiosk moves itself to C.UTF-8 and still translates. */
static void
test_c_locale_fallback (void)
{
  if (g_test_subprocess ())
    {
      kiosk_locale_init ();
      g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), ==, "C.UTF-8");
      g_assert_cmpstr (setlocale (LC_CTYPE, NULL), ==, "C.UTF-8");
      g_assert_cmpstr (_("Start"), ==, "はじめる");
      return;
    }
  g_setenv ("LC_ALL", "C", TRUE);
  g_setenv ("LANGUAGE", "ja", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The language the environment asks for wins over the default. */
static void
test_language_from_environment (void)
{
  if (g_test_subprocess ())
    {
      kiosk_locale_init ();
      g_assert_cmpstr (_("Reading your card"), ==, "Reading your card");
      g_assert_cmpstr (ngettext ("%d try left", "%d tries left", 3), ==, "%d tries left");
      return;
    }
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_switch_language (void)
{
  if (g_test_subprocess ())
    {
      kiosk_locale_init ();
      g_assert_cmpstr (_("Back"), ==, "戻る");
      kiosk_locale_set_language ("en");
      g_assert_cmpstr (_("Back"), ==, "Back");
      kiosk_locale_set_language ("ja");
      g_assert_cmpstr (_("Back"), ==, "戻る");
      return;
    }
  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A program in the build tree reads the catalogs the build staged, unless told otherwise. */
static void
test_build_tree_catalogs (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *catalog = NULL;

      kiosk_locale_init ();
      g_assert_cmpstr (kiosk_locale_get_dir (), ==, KIOSK_BUILD_LOCALEDIR);
      catalog = g_build_filename (kiosk_locale_get_dir (), "ja", "LC_MESSAGES",
                                  GETTEXT_PACKAGE ".mo", NULL);
      g_assert_true (g_file_test (catalog, G_FILE_TEST_IS_REGULAR));
      return;
    }
  g_unsetenv ("KIOSK_LOCALEDIR");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_locale_dir_override (void)
{
  if (g_test_subprocess ())
    {
      kiosk_locale_init ();
      g_assert_cmpstr (kiosk_locale_get_dir (), ==, "/nonexistent/locale");
      /* No catalog there: the English msgids show, nothing breaks. */
      g_assert_cmpstr (_("Start"), ==, "Start");
      return;
    }
  g_setenv ("KIOSK_LOCALEDIR", "/nonexistent/locale", TRUE);
  g_unsetenv ("LANGUAGE");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_unsetenv ("KIOSK_LOCALEDIR");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/locale/ja-complete", test_ja_complete);
  g_test_add_func ("/ui/locale/en-complete", test_en_complete);
  g_test_add_func ("/ui/locale/catalogs-valid", test_catalogs_valid);
  g_test_add_func ("/ui/locale/potfiles-complete", test_potfiles_complete);
  g_test_add_func ("/ui/locale/japanese-by-default", test_japanese_by_default);
  g_test_add_func ("/ui/locale/c-locale-fallback", test_c_locale_fallback);
  g_test_add_func ("/ui/locale/language-from-environment", test_language_from_environment);
  g_test_add_func ("/ui/locale/switch-language", test_switch_language);
  g_test_add_func ("/ui/locale/build-tree-catalogs", test_build_tree_catalogs);
  g_test_add_func ("/ui/locale/locale-dir-override", test_locale_dir_override);

  return g_test_run ();
}
