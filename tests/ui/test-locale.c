/* test-locale.c: every catalog is complete and valid, and the kiosk speaks each of its languages
 *
 * The template is made fresh from the sources on every run (xgettext over locale/POTFILES.in,
 * with the keywords of meson's glib preset), so a new string that nobody translated fails here,
 * not on the panel. Expected translations are read from the catalogs themselves: a case checks
 * that what the kiosk shows is what the translator wrote, not a copy of it in this file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <pango/pangocairo.h>
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
  gboolean c_format; /* xgettext saw printf conversions in the msgid */
} Entry;

/* The languages the kiosk offers (issue 4), as locale/LINGUAS names them. */
static const char *const kiosk_languages[]
    = { "ja", "ja@easy", "en", "zh_CN", "ko", "vi", "pt_BR", "es" };

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
  gboolean c_format_pending = FALSE;

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
      if (g_str_has_prefix (line, "#,") && strstr (line, " c-format") != NULL)
        c_format_pending = TRUE;
      if (*line == '#' || *line == '\0')
        continue;

      if (entry == NULL)
        {
          entry = g_new0 (Entry, 1);
          entry->strs = g_ptr_array_new_with_free_func (g_free);
          entry->fuzzy = fuzzy_pending;
          entry->c_format = c_format_pending;
          fuzzy_pending = FALSE;
          c_format_pending = FALSE;
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

static char *
catalog_path (const char *language)
{
  g_autofree char *po_name = g_strconcat (language, ".po", NULL);

  return g_build_filename (KIOSK_SOURCE_ROOT, "locale", po_name, NULL);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* The printf conversions of a text, sorted ("d s u"): a translation may reorder them with %1$s, but
 * must keep each one, with its type, or g_strdup_printf() reads the wrong argument. */
static char *
conversions (const char *text)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  for (const char *p = strchr (text, '%'); p != NULL; p = strchr (p, '%'))
    {
      g_autoptr (GString) conversion = g_string_new (NULL);

      p++;
      if (*p == '%')
        {
          p++;
          continue;
        }
      /* An argument position ("1$"), flags, width and precision do not change the type. */
      while (*p != '\0' && strchr ("0123456789$#-+ '.*", *p) != NULL)
        p++;
      while (*p != '\0' && strchr ("hlLqjzt", *p) != NULL)
        g_string_append_c (conversion, *p++);
      if (*p == '\0')
        break;
      g_string_append_c (conversion, *p++);
      g_ptr_array_add (found, g_string_free (g_steal_pointer (&conversion), FALSE));
    }
  g_ptr_array_sort (found, compare_strings);
  g_ptr_array_add (found, NULL);
  return g_strjoinv (" ", (char **)found->pdata);
}

/* A translated date format must print the moment in numbers: the kiosk runs without locales, so
 * %B or %A would print English names in every language. English itself may keep them. */
static void
check_date_format (const char *language, const Entry *entry, const char *format, GString *problems)
{
  const char *const name_codes[] = { "%B", "%b", "%h", "%A", "%a", "%p", "%P", "%c", "%x", "%X" };
  g_autoptr (GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr (GDateTime) moment = g_date_time_new (tokyo, 2026, 11, 5, 9, 7, 0);
  g_autofree char *shown = g_date_time_format (moment, format);

  if (shown == NULL)
    {
      g_string_append_printf (problems, "  not a date format: \"%s\" for \"%s\"\n", format,
                              entry->id);
      return;
    }
  if (strcmp (language, "en") != 0)
    for (gsize i = 0; i < G_N_ELEMENTS (name_codes); i++)
      if (strstr (format, name_codes[i]) != NULL)
        g_string_append_printf (problems, "  %s prints an English name: \"%s\"\n", name_codes[i],
                                format);
  /* What the English format shows (year, day, hour, minute), the translation shows too. */
  if (strstr (shown, "2026") == NULL || strchr (shown, '5') == NULL
      || (strstr (entry->id, "%H") != NULL && strchr (shown, '9') == NULL)
      || (strstr (entry->id, "%M") != NULL && strstr (shown, "07") == NULL))
    g_string_append_printf (problems, "  \"%s\" shows 2026-11-05 09:07 as \"%s\"\n", format, shown);
}

static void
check_complete (const char *language)
{
  g_autofree char *pot = make_template ();
  g_autofree char *po = catalog_path (language);
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
      g_autofree char *wanted_conversions = NULL;

      if (entry == NULL)
        {
          g_string_append_printf (problems, "  missing: \"%s\"\n", template_entry->id);
          continue;
        }
      if (entry->fuzzy)
        g_string_append_printf (problems, "  fuzzy: \"%s\"\n", entry->id);
      if (entry->strs->len == 0)
        g_string_append_printf (problems, "  no msgstr: \"%s\"\n", entry->id);
      if ((template_entry->id_plural != NULL) != (entry->id_plural != NULL))
        g_string_append_printf (problems, "  plural or not as in the sources: \"%s\"\n", entry->id);
      wanted_conversions = conversions (
          template_entry->id_plural != NULL ? template_entry->id_plural : template_entry->id);
      for (guint i = 0; i < entry->strs->len; i++)
        {
          const char *text = entry->strs->pdata[i];

          if (*text == '\0')
            {
              g_string_append_printf (problems, "  empty msgstr: \"%s\"\n", entry->id);
              continue;
            }
          if (template_entry->c_format)
            {
              g_autofree char *have_conversions = conversions (text);

              if (strcmp (have_conversions, wanted_conversions) != 0)
                g_string_append_printf (problems, "  conversions [%s], not [%s]: \"%s\"\n",
                                        have_conversions, wanted_conversions, text);
            }
          else if (strstr (template_entry->id, "%Y") != NULL)
            check_date_format (language, template_entry, text, problems);
        }
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

static void
test_language_complete (gconstpointer language)
{
  check_complete (language);
}

/* msgfmt --check: formats (%d, %s) match their msgid, headers are sound. */
static void
test_catalogs_valid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kiosk_languages); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *po = catalog_path (kiosk_languages[i]);
      g_autoptr (GSubprocess) process = g_subprocess_new (
          G_SUBPROCESS_FLAGS_NONE, &error, KIOSK_MSGFMT, "--check", "-o", "/dev/null", po, NULL);

      g_assert_no_error (error);
      g_subprocess_wait_check (process, NULL, &error);
      g_assert_no_error (error);
    }
}

/* LINGUAS is what meson builds .mo files from: a language missing there is never shown, and each
 * one listed is staged in the build tree where the kiosk reads it. */
static void
test_linguas_lists_every_language (void)
{
  g_autofree char *linguas = g_build_filename (KIOSK_SOURCE_ROOT, "locale", "LINGUAS", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) listed = NULL;
  g_autoptr (GError) error = NULL;
  guint count = 0;

  g_file_get_contents (linguas, &text, NULL, &error);
  g_assert_no_error (error);
  listed = g_strsplit_set (g_strstrip (text), " \n", -1);

  for (guint i = 0; listed[i] != NULL; i++)
    if (*listed[i] != '\0')
      count++;
  g_assert_cmpuint (count, ==, G_N_ELEMENTS (kiosk_languages));

  for (gsize i = 0; i < G_N_ELEMENTS (kiosk_languages); i++)
    {
      g_autofree char *po = catalog_path (kiosk_languages[i]);
      g_autofree char *mo = g_build_filename (KIOSK_BUILD_LOCALEDIR, kiosk_languages[i],
                                              "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

      g_assert_true (g_strv_contains ((const char *const *)listed, kiosk_languages[i]));
      g_assert_true (g_file_test (po, G_FILE_TEST_IS_REGULAR));
      g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
    }
}

/* The text of a header field ("Language") of a catalog, NULL when absent. */
static char *
header_field (const char *po, const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *prefix = g_strdup_printf ("\"%s: ", field);
  const char *start;
  const char *end;

  g_file_get_contents (po, &text, NULL, &error);
  g_assert_no_error (error);
  start = strstr (text, prefix);
  if (start == NULL)
    return NULL;
  start += strlen (prefix);
  end = strstr (start, "\\n\"");
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

/* Each catalog says which language it is, in UTF-8, with as many plural forms as its entries
 * have: gettext picks a plural by the header, so a mismatch shows an empty or wrong form. */
static void
test_catalog_headers (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kiosk_languages); i++)
    {
      g_autofree char *po = catalog_path (kiosk_languages[i]);
      g_autofree char *language = header_field (po, "Language");
      g_autofree char *content_type = header_field (po, "Content-Type");
      g_autofree char *plural_forms = header_field (po, "Plural-Forms");
      g_autoptr (GHashTable) entries = read_catalog (po);
      const char *nplurals;
      GHashTableIter iter;
      gpointer value;

      g_assert_cmpstr (language, ==, kiosk_languages[i]);
      g_assert_cmpstr (content_type, ==, "text/plain; charset=UTF-8");
      g_assert_nonnull (plural_forms);
      nplurals = strstr (plural_forms, "nplurals=");
      g_assert_nonnull (nplurals);

      g_hash_table_iter_init (&iter, entries);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          const Entry *entry = value;

          if (entry->id_plural != NULL)
            g_assert_cmpuint (entry->strs->len, ==,
                              g_ascii_strtoull (nplurals + strlen ("nplurals="), NULL, 10));
        }
    }
}

typedef enum
{
  SCRIPT_KANA,       /* hiragana or katakana */
  SCRIPT_HAN,        /* CJK ideographs */
  SCRIPT_HANGUL,     /* Korean syllables */
  SCRIPT_VIETNAMESE, /* Latin letters only Vietnamese uses: ă đ ơ ư and the stacked-tone range */
} Script;

static gboolean
has_script (const char *text, Script script)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (script)
        {
        case SCRIPT_KANA:
          if (c >= 0x3041 && c <= 0x30ff)
            return TRUE;
          break;
        case SCRIPT_HAN:
          if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN)
            return TRUE;
          break;
        case SCRIPT_HANGUL:
          if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HANGUL)
            return TRUE;
          break;
        case SCRIPT_VIETNAMESE:
          if ((c >= 0x1ea0 && c <= 0x1ef9) || g_utf8_strchr ("ăĂđĐơƠưƯ", -1, c) != NULL)
            return TRUE;
          break;
        }
    }
  return FALSE;
}

typedef struct
{
  const char *language;
  Script script;      /* most translations are written in it */
  gboolean kana_free; /* none has kana: Japanese did not leak into a Chinese or Korean text */
} ScriptRule;

static const ScriptRule script_rules[] = {
  { "ja", SCRIPT_KANA, FALSE },  { "ja@easy", SCRIPT_KANA, FALSE }, { "zh_CN", SCRIPT_HAN, TRUE },
  { "ko", SCRIPT_HANGUL, TRUE }, { "vi", SCRIPT_VIETNAMESE, TRUE },
};

/* A catalog is written in its own language: its translations are not the English msgids, and
 * they are in the script of that language (a pasted Japanese or English text fails here). */
static void
test_written_in_own_language (gconstpointer data)
{
  const char *language = data;
  g_autofree char *po = catalog_path (language);
  g_autoptr (GHashTable) entries = read_catalog (po);
  const ScriptRule *rule = NULL;
  guint total = 0, untranslated = 0, in_script = 0;
  g_autoptr (GString) problems = g_string_new (NULL);
  GHashTableIter iter;
  gpointer value;

  for (gsize i = 0; i < G_N_ELEMENTS (script_rules); i++)
    if (strcmp (script_rules[i].language, language) == 0)
      rule = &script_rules[i];

  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Entry *entry = value;
      const char *text = entry->strs->len > 0 ? entry->strs->pdata[0] : "";
      gboolean cjk = has_script (text, SCRIPT_KANA) || has_script (text, SCRIPT_HAN)
                     || has_script (text, SCRIPT_HANGUL);

      total++;
      if (strcmp (text, entry->id) == 0)
        untranslated++;
      if (rule != NULL && has_script (text, rule->script))
        in_script++;
      if ((rule == NULL && cjk)
          || (rule != NULL && rule->kana_free && has_script (text, SCRIPT_KANA)))
        g_string_append_printf (problems, "  not in %s's script: \"%s\"\n", language, text);
    }

  g_assert_cmpuint (total, >, 40);
  if (problems->len > 0)
    g_test_fail_printf ("%s:\n%s", po, problems->str);
  /* Short codes ("OK", "%d / %d") may stay as they are; whole sentences may not. */
  g_assert_cmpuint (untranslated * 10, <, total);
  if (rule != NULL)
    g_assert_cmpuint (in_script * 10, >=, total * 8);
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

/* The font families the stylesheet names, in order. Only quoted names count: a generic family
 * such as sans-serif is whatever fontconfig falls back to, which is what must not be relied on. */
static GPtrArray *
stylesheet_families (void)
{
  g_autofree char *css = g_build_filename (KIOSK_SOURCE_ROOT, "ui", "style.css", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *families = g_ptr_array_new_with_free_func (g_free);

  g_file_get_contents (css, &text, NULL, &error);
  g_assert_no_error (error);
  for (const char *p = strstr (text, "font-family:"); p != NULL; p = strstr (p, "font-family:"))
    {
      const char *end = strchr (p, ';');

      g_assert_nonnull (end);
      for (const char *open = strchr (p, '"'); open != NULL && open < end;
           open = strchr (open, '"'))
        {
          const char *close = strchr (open + 1, '"');
          g_autofree char *family = NULL;

          g_assert_nonnull (close);
          family = g_strndup (open + 1, close - open - 1);
          if (!g_ptr_array_find_with_equal_func (families, family, g_str_equal, NULL))
            g_ptr_array_add (families, g_steal_pointer (&family));
          open = close + 1;
        }
      p = end;
    }
  return families;
}

/* Every character a catalog shows is drawn by a font the stylesheet names, and those fonts are
 * installed (fonts-noto-cjk, fonts-noto-core): no empty boxes on the panel in any language. */
static void
test_fonts_cover (gconstpointer data)
{
  const char *language = data;
  g_autofree char *po = catalog_path (language);
  g_autoptr (GHashTable) entries = read_catalog (po);
  g_autoptr (GPtrArray) families = stylesheet_families ();
  g_autoptr (PangoFontMap) font_map = pango_cairo_font_map_new ();
  /* This Pango has no autoptr for PangoContext. */
  g_autoptr (GObject) context = G_OBJECT (pango_font_map_create_context (font_map));
  g_autoptr (GPtrArray) fonts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GString) missing = g_string_new (NULL);
  GHashTableIter iter;
  gpointer value;

  g_assert_cmpuint (families->len, >, 0);
  for (guint i = 0; i < families->len; i++)
    {
      PangoFontDescription *wanted = pango_font_description_new ();
      PangoFontDescription *loaded;
      PangoFont *font;

      pango_font_description_set_family (wanted, families->pdata[i]);
      font = pango_font_map_load_font (font_map, PANGO_CONTEXT (context), wanted);
      g_assert_nonnull (font);
      loaded = pango_font_describe (font);
      /* fontconfig substitutes another family for one that is not installed. */
      if (g_ascii_strcasecmp (pango_font_description_get_family (loaded), families->pdata[i]) != 0)
        g_test_fail_printf ("font \"%s\" is not installed (got \"%s\")",
                            (const char *)families->pdata[i],
                            pango_font_description_get_family (loaded));
      g_ptr_array_add (fonts, font);
      pango_font_description_free (loaded);
      pango_font_description_free (wanted);
    }

  g_hash_table_iter_init (&iter, entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Entry *entry = value;

      for (guint s = 0; s < entry->strs->len; s++)
        for (const char *p = entry->strs->pdata[s]; *p != '\0'; p = g_utf8_next_char (p))
          {
            gunichar c = g_utf8_get_char (p);
            gboolean drawn = FALSE;

            if (g_unichar_iscntrl (c))
              continue;
            for (guint f = 0; f < fonts->len && !drawn; f++)
              drawn = pango_font_has_char (fonts->pdata[f], c);
            if (!drawn)
              g_string_append_printf (missing, " U+%04X", c);
          }
    }
  if (missing->len > 0)
    g_test_fail_printf ("%s: no stylesheet font draws%s", po, missing->str);
}

/* The translation a catalog holds for a msgid (form 0, or the given plural form). */
static char *
catalog_text (const char *language, const char *context, const char *id, guint form)
{
  g_autofree char *po = catalog_path (language);
  g_autoptr (GHashTable) entries = read_catalog (po);
  g_autofree char *key = g_strconcat (context != NULL ? context : "", "\004", id, NULL);
  const Entry *entry = g_hash_table_lookup (entries, key);

  g_assert_nonnull (entry);
  if (form == G_MAXUINT)
    form = entry->strs->len - 1;
  g_assert_cmpuint (form, <, entry->strs->len);
  return g_strdup (entry->strs->pdata[form]);
}

/* After the switch the kiosk shows the language's own words: a label, a label with a context
 * and a plural. They differ from the English and from the Japanese it switched away from, so a
 * catalog that is not found (gettext then falls back to ja@easy's parent ja, or to English)
 * fails. */
static void
test_shows_language (gconstpointer data)
{
  const char *language = data;

  if (g_test_subprocess ())
    {
      g_autofree char *take_card = catalog_text (language, NULL, "Please take your card", 0);
      g_autofree char *reading = catalog_text (language, NULL, "Reading your card", 0);
      g_autofree char *delete_key = catalog_text (language, "pin-pad", "Delete", 0);
      /* 1 takes the first form in every language the kiosk has; 5 takes the last one. */
      g_autofree char *one_day = catalog_text (language, NULL, "%d day left", 0);
      g_autofree char *five_days = catalog_text (language, NULL, "%d day left", G_MAXUINT);
      g_autofree char *japanese = catalog_text ("ja", NULL, "Reading your card", 0);

      g_assert_cmpstr (reading, !=, "Reading your card");
      g_assert_cmpstr (reading, !=, japanese);

      kiosk_locale_init ();
      g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Reading your card"), ==, japanese);
      kiosk_locale_set_language (language);
      g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Reading your card"), ==, reading);
      g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Please take your card"), ==, take_card);
      g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "pin-pad", "Delete"), ==, delete_key);
      g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", 1), ==,
                       one_day);
      g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", 5), ==,
                       five_days);
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
  g_test_add_data_func ("/ui/locale/ja-easy-complete", "ja@easy", test_language_complete);
  g_test_add_data_func ("/ui/locale/zh_CN-complete", "zh_CN", test_language_complete);
  g_test_add_data_func ("/ui/locale/ko-complete", "ko", test_language_complete);
  g_test_add_data_func ("/ui/locale/vi-complete", "vi", test_language_complete);
  g_test_add_data_func ("/ui/locale/pt_BR-complete", "pt_BR", test_language_complete);
  g_test_add_data_func ("/ui/locale/es-complete", "es", test_language_complete);
  g_test_add_func ("/ui/locale/catalogs-valid", test_catalogs_valid);
  g_test_add_func ("/ui/locale/linguas-lists-every-language", test_linguas_lists_every_language);
  g_test_add_func ("/ui/locale/catalog-headers", test_catalog_headers);
  g_test_add_func ("/ui/locale/potfiles-complete", test_potfiles_complete);
  g_test_add_func ("/ui/locale/japanese-by-default", test_japanese_by_default);
  g_test_add_func ("/ui/locale/c-locale-fallback", test_c_locale_fallback);
  g_test_add_func ("/ui/locale/language-from-environment", test_language_from_environment);
  g_test_add_func ("/ui/locale/switch-language", test_switch_language);
  g_test_add_data_func ("/ui/locale/shows-ja-easy", "ja@easy", test_shows_language);
  g_test_add_data_func ("/ui/locale/shows-zh_CN", "zh_CN", test_shows_language);
  g_test_add_data_func ("/ui/locale/shows-ko", "ko", test_shows_language);
  g_test_add_data_func ("/ui/locale/shows-vi", "vi", test_shows_language);
  g_test_add_data_func ("/ui/locale/shows-pt_BR", "pt_BR", test_shows_language);
  g_test_add_data_func ("/ui/locale/shows-es", "es", test_shows_language);
  for (gsize i = 0; i < G_N_ELEMENTS (kiosk_languages); i++)
    if (strcmp (kiosk_languages[i], "en") != 0)
      {
        g_autofree char *name = g_strdup_printf ("/ui/locale/written-in-%s", kiosk_languages[i]);

        g_strdelimit (name, "@", '-');
        g_test_add_data_func (name, kiosk_languages[i], test_written_in_own_language);
      }
  for (gsize i = 0; i < G_N_ELEMENTS (kiosk_languages); i++)
    {
      g_autofree char *name = g_strdup_printf ("/ui/locale/fonts-cover-%s", kiosk_languages[i]);

      g_strdelimit (name, "@", '-');
      g_test_add_data_func (name, kiosk_languages[i], test_fonts_cover);
    }
  g_test_add_func ("/ui/locale/build-tree-catalogs", test_build_tree_catalogs);
  g_test_add_func ("/ui/locale/locale-dir-override", test_locale_dir_override);

  return g_test_run ();
}
