/* kiosk-config.c: /etc/kiosk/kiosk.conf
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-config.h"

#include <errno.h>
#include <string.h>

GQuark
kiosk_config_error_quark (void)
{
  return g_quark_from_static_string ("kiosk-config-error-quark");
}

struct _KioskConfig
{
  GObject parent_instance;

  char *reader_filter;
  GStrv trust_anchors;
  gboolean demo;
  guint renewal_months;
};

G_DEFINE_FINAL_TYPE (KioskConfig, kiosk_config, G_TYPE_OBJECT)

/* Every key the file may hold. A key not listed here is an error: a misspelt key must not fall
 * back to a default without anyone noticing. */
typedef struct
{
  const char *group;
  const char *key;
} KnownKey;

static const KnownKey known_keys[] = {
  { "kiosk", "demo" },
  { "reader", "filter" },
  { "trust", "anchors" },
  { "renewal", "months-before-expiry" },
};

static void
kiosk_config_finalize (GObject *object)
{
  KioskConfig *self = KIOSK_CONFIG (object);

  g_free (self->reader_filter);
  g_strfreev (self->trust_anchors);
  G_OBJECT_CLASS (kiosk_config_parent_class)->finalize (object);
}

static void
kiosk_config_class_init (KioskConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_config_finalize;
}

static void
kiosk_config_init (KioskConfig *self)
{
  const char *const default_anchors[] = { KIOSK_DATADIR "/jpki-ca", NULL };

  self->reader_filter = g_strdup ("");
  self->trust_anchors = g_strdupv ((GStrv)default_anchors);
  self->demo = FALSE;
  self->renewal_months = 3;
}

KioskConfig *
kiosk_config_new (void)
{
  return g_object_new (KIOSK_TYPE_CONFIG, NULL);
}

/* The problems found in one file, each with the line it is on. GKeyFile reports no line numbers,
 * so the loader scans the text itself to place every key. */
typedef struct
{
  const char *path;
  GString *messages;
  guint count;
  GHashTable *key_lines; /* "group\nkey" → line number */
} Problems;

static void problem_at (Problems *problems, guint line, const char *group, const char *key,
                        const char *fmt, ...) G_GNUC_PRINTF (5, 6);

static void
problem_at (Problems *problems, guint line, const char *group, const char *key, const char *fmt,
            ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, fmt);
  what = g_strdup_vprintf (fmt, args);
  va_end (args);

  if (problems->count > 0)
    g_string_append_c (problems->messages, '\n');
  if (key != NULL)
    g_string_append_printf (problems->messages, "%s:%u: [%s] %s: %s", problems->path, line, group,
                            key, what);
  else if (group != NULL)
    g_string_append_printf (problems->messages, "%s:%u: [%s]: %s", problems->path, line, group,
                            what);
  else
    g_string_append_printf (problems->messages, "%s:%u: %s", problems->path, line, what);
  problems->count++;
}

static guint
line_of_key (Problems *problems, const char *group, const char *key)
{
  g_autofree char *id = g_strconcat (group, "\n", key, NULL);

  return GPOINTER_TO_UINT (g_hash_table_lookup (problems->key_lines, id));
}

/* Finds the line of every group header and key, and reports lines GKeyFile would refuse (so a
 * syntax error names its line too). */
static void
scan_lines (Problems *problems, const char *data)
{
  g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
  g_autofree char *group = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint line = i + 1;
      g_autofree char *text = g_strstrip (g_strdup (lines[i]));
      const char *eq;

      if (*text == '\0' || *text == '#')
        continue;
      if (*text == '[')
        {
          size_t len = strlen (text);

          if (len < 3 || text[len - 1] != ']')
            {
              problem_at (problems, line, NULL, NULL, "“%s” is not a group header", text);
              continue;
            }
          g_free (group);
          group = g_strndup (text + 1, len - 2);
          g_hash_table_insert (problems->key_lines, g_strconcat (group, "\n", NULL),
                               GUINT_TO_POINTER (line));
          continue;
        }
      eq = strchr (text, '=');
      if (eq == NULL)
        {
          problem_at (problems, line, group, NULL, "“%s” is not a “key = value” line", text);
          continue;
        }
      if (group == NULL)
        {
          problem_at (problems, line, NULL, NULL, "a key before the first [group]");
          continue;
        }
      {
        g_autofree char *key = g_strstrip (g_strndup (text, eq - text));
        g_autofree char *id = g_strconcat (group, "\n", key, NULL);

        if (g_hash_table_contains (problems->key_lines, id))
          problem_at (problems, line, group, key, "set twice (first on line %u)",
                      line_of_key (problems, group, key));
        else
          g_hash_table_insert (problems->key_lines, g_steal_pointer (&id), GUINT_TO_POINTER (line));
      }
    }
}

static gboolean
is_known_key (const char *group, const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known_keys); i++)
    if (g_str_equal (known_keys[i].group, group) && g_str_equal (known_keys[i].key, key))
      return TRUE;
  return FALSE;
}

static gboolean
is_known_group (const char *group)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known_keys); i++)
    if (g_str_equal (known_keys[i].group, group))
      return TRUE;
  return FALSE;
}

static void
check_unknown (Problems *problems, GKeyFile *file)
{
  g_auto (GStrv) groups = g_key_file_get_groups (file, NULL);

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto (GStrv) keys = NULL;

      if (!is_known_group (groups[g]))
        {
          g_autofree char *id = g_strconcat (groups[g], "\n", NULL);
          guint line = GPOINTER_TO_UINT (g_hash_table_lookup (problems->key_lines, id));

          problem_at (problems, line, groups[g], NULL, "unknown group");
          continue;
        }
      keys = g_key_file_get_keys (file, groups[g], NULL, NULL);
      for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
        if (!is_known_key (groups[g], keys[k]))
          problem_at (problems, line_of_key (problems, groups[g], keys[k]), groups[g], keys[k],
                      "unknown key");
    }
}

static void
read_boolean (Problems *problems, GKeyFile *file, const char *group, const char *key, gboolean *out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *raw = g_key_file_get_value (file, group, key, NULL);
  gboolean value;

  if (raw == NULL)
    return;
  value = g_key_file_get_boolean (file, group, key, &error);
  if (error != NULL)
    problem_at (problems, line_of_key (problems, group, key), group, key,
                "“%s” is not true or false", raw);
  else
    *out = value;
}

static void
read_uint_range (Problems *problems, GKeyFile *file, const char *group, const char *key, guint min,
                 guint max, guint *out)
{
  g_autofree char *raw = g_key_file_get_value (file, group, key, NULL);
  guint64 value;

  if (raw == NULL)
    return;
  g_strstrip (raw);
  if (!g_ascii_string_to_unsigned (raw, 10, min, max, &value, NULL))
    problem_at (problems, line_of_key (problems, group, key), group, key,
                "“%s” is not a whole number from %u to %u", raw, min, max);
  else
    *out = (guint)value;
}

static void
read_paths (Problems *problems, GKeyFile *file, const char *group, const char *key,
            const char *base_dir, GStrv *out)
{
  g_auto (GStrv) values = NULL;
  g_autoptr (GPtrArray) paths = NULL;
  gsize n = 0;
  guint line = line_of_key (problems, group, key);
  gboolean ok = TRUE;

  if (!g_key_file_has_key (file, group, key, NULL))
    return;
  values = g_key_file_get_string_list (file, group, key, &n, NULL);
  paths = g_ptr_array_new_with_free_func (g_free);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (values[i]));
      g_autofree char *path = NULL;

      if (*trimmed == '\0')
        continue;
      /* Relative paths are taken from the config file's folder, not from wherever the kiosk
       * happened to be started. */
      path = g_path_is_absolute (trimmed) ? g_strdup (trimmed)
                                          : g_build_filename (base_dir, trimmed, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          problem_at (problems, line, group, key, "“%s” does not exist", path);
          ok = FALSE;
          continue;
        }
      g_ptr_array_add (paths, g_steal_pointer (&path));
    }
  if (ok && paths->len == 0)
    {
      problem_at (problems, line, group, key, "no path given");
      return;
    }
  if (!ok)
    return;
  g_ptr_array_add (paths, NULL);
  g_strfreev (*out);
  *out = (GStrv)g_ptr_array_free (g_steal_pointer (&paths), FALSE);
}

KioskConfig *
kiosk_config_load_from_data (const char *data, const char *path_for_messages, GError **error)
{
  g_autoptr (KioskConfig) self = kiosk_config_new ();
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) parse_error = NULL;
  g_autoptr (GHashTable) key_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GString) messages = g_string_new (NULL);
  g_autofree char *base_dir = g_path_get_dirname (path_for_messages);
  Problems problems = { path_for_messages, messages, 0, key_lines };

  g_return_val_if_fail (data != NULL, NULL);

  scan_lines (&problems, data);
  if (problems.count > 0)
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_SYNTAX, "%s", messages->str);
      return NULL;
    }
  if (!g_key_file_load_from_data (file, data, -1, G_KEY_FILE_NONE, &parse_error))
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_SYNTAX, "%s: %s",
                   path_for_messages, parse_error->message);
      return NULL;
    }

  check_unknown (&problems, file);
  read_boolean (&problems, file, "kiosk", "demo", &self->demo);
  if (g_key_file_has_key (file, "reader", "filter", NULL))
    {
      g_free (self->reader_filter);
      self->reader_filter = g_strstrip (g_key_file_get_string (file, "reader", "filter", NULL));
    }
  read_paths (&problems, file, "trust", "anchors", base_dir, &self->trust_anchors);
  read_uint_range (&problems, file, "renewal", "months-before-expiry", 1, 12,
                   &self->renewal_months);

  if (problems.count > 0)
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID, "%s", messages->str);
      return NULL;
    }
  return g_steal_pointer (&self);
}

KioskConfig *
kiosk_config_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr (GError) read_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, NULL, &read_error))
    {
      g_set_error (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_NOT_FOUND, "%s",
                   read_error->message);
      return NULL;
    }
  return kiosk_config_load_from_data (data, path, error);
}

const char *
kiosk_config_get_reader_filter (KioskConfig *self)
{
  g_return_val_if_fail (KIOSK_IS_CONFIG (self), NULL);
  return self->reader_filter;
}

const char *const *
kiosk_config_get_trust_anchors (KioskConfig *self)
{
  g_return_val_if_fail (KIOSK_IS_CONFIG (self), NULL);
  return (const char *const *)self->trust_anchors;
}

gboolean
kiosk_config_get_demo (KioskConfig *self)
{
  g_return_val_if_fail (KIOSK_IS_CONFIG (self), FALSE);
  return self->demo;
}

guint
kiosk_config_get_renewal_months (KioskConfig *self)
{
  g_return_val_if_fail (KIOSK_IS_CONFIG (self), 3);
  return self->renewal_months;
}

void
kiosk_config_set_reader_filter (KioskConfig *self, const char *filter)
{
  g_return_if_fail (KIOSK_IS_CONFIG (self));
  g_free (self->reader_filter);
  self->reader_filter = g_strdup (filter != NULL ? filter : "");
}

void
kiosk_config_set_trust_anchors (KioskConfig *self, const char *const *anchors)
{
  g_return_if_fail (KIOSK_IS_CONFIG (self));
  g_strfreev (self->trust_anchors);
  self->trust_anchors = g_strdupv ((GStrv)anchors);
}

void
kiosk_config_set_demo (KioskConfig *self, gboolean demo)
{
  g_return_if_fail (KIOSK_IS_CONFIG (self));
  self->demo = demo;
}
