/* kiosk-config.c: /etc/kiosk/kiosk.conf
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-config.h"
#include "kiosk-service-hours.h"

#include <errno.h>
#include <string.h>

GQuark
kiosk_config_error_quark (void)
{
  return g_quark_from_static_string ("kiosk-config-error-quark");
}

/* Printer kinds and the other closed choices, in the order of their enums (kiosk-config.h). */
static const char *const printer_kinds[] = { "none", "escpos-device", "escpos-tcp", "cups", NULL };
static const char *const paper_widths[] = { "58", "80", NULL };
static const char *const expired_policies[] = { "handoff", "kiosk", NULL };
static const char *const issuance_modes[] = { "none", "simulator", "http", NULL };
/* The languages the kiosk has catalogs for, in the order the language bar shows them. */
static const char *const known_languages[]
    = { "ja", "ja@easy", "en", "zh_CN", "ko", "vi", "pt_BR", "es", NULL };

struct _KioskConfig
{
  GObject parent_instance;

  /* [kiosk] */
  char *kiosk_id;
  char *location;
  gboolean demo;
  char *state_dir;
  gboolean shuffle_pin_pad;
  guint idle_seconds;
  guint idle_warning_seconds;
  /* [languages] */
  GStrv languages;
  guint default_language; /* index into known_languages */
  /* [reader] */
  char *reader_filter;
  /* [trust] */
  GStrv trust_anchors;
  /* [renewal] */
  guint renewal_months;
  guint expired_policy; /* KioskExpiredPolicy */
  /* [printer] */
  guint printer_kind; /* KioskPrinterKind */
  char *printer_device;
  char *printer_host;
  guint printer_port;
  char *printer_queue;
  guint paper_width; /* index into paper_widths */
  /* [receipt] */
  char *receipt_key;
  /* [hours] */
  char *hours[7]; /* Monday first: "HH:MM-HH:MM" or "closed" */
  /* [issuance] */
  guint issuance_mode; /* KioskIssuanceMode */
  char *issuance_url;
  char *issuance_ca_file;
  char *issuance_client_certificate;
  char *issuance_client_key;
  guint issuance_timeout_seconds;
  guint issuance_retries;
};

G_DEFINE_FINAL_TYPE (KioskConfig, kiosk_config, G_TYPE_OBJECT)

/* What a key's value must be. */
typedef enum
{
  VALUE_BOOLEAN,    /* gboolean */
  VALUE_TEXT,       /* char *, anything (trimmed) */
  VALUE_IDENTIFIER, /* char *, 1-16 of A-Z a-z 0-9 - (printed on receipts and in the QR) */
  VALUE_UINT,       /* guint in [min, max] */
  VALUE_CHOICE,     /* guint: the index in choices */
  VALUE_FILE,       /* char *, an existing file (relative to the config file's folder) */
  VALUE_FOLDER,     /* char *, an absolute path (created when needed) */
  VALUE_FILES,      /* GStrv, ";"-separated existing files or folders */
  VALUE_HTTPS_URL,  /* char *, https://host[:port][/path] */
  VALUE_DAY_HOURS,  /* char *, "HH:MM-HH:MM" or "closed" */
  VALUE_LANGUAGES,  /* GStrv, ";"-separated language tags from known_languages, no repeats */
} ValueKind;

/* Every key the file may hold, with where its value goes. A key not listed here is an error: a
 * misspelt key must not fall back to a default without anyone noticing. */
typedef struct
{
  const char *group;
  const char *key;
  ValueKind kind;
  gsize offset;
  guint min, max;
  const char *const *choices;
} KeySpec;

#define FIELD(name) G_STRUCT_OFFSET (KioskConfig, name)

static const KeySpec key_specs[] = {
  { "kiosk", "id", VALUE_IDENTIFIER, FIELD (kiosk_id) },
  { "kiosk", "location", VALUE_TEXT, FIELD (location) },
  { "kiosk", "demo", VALUE_BOOLEAN, FIELD (demo) },
  { "kiosk", "state-dir", VALUE_FOLDER, FIELD (state_dir) },
  { "kiosk", "shuffle-pin-pad", VALUE_BOOLEAN, FIELD (shuffle_pin_pad) },
  /* At least 20 s of warning, so anyone can reach the "continue" button (design.md). */
  { "kiosk", "idle-seconds", VALUE_UINT, FIELD (idle_seconds), 15, 3600 },
  { "kiosk", "idle-warning-seconds", VALUE_UINT, FIELD (idle_warning_seconds), 20, 300 },
  { "languages", "offered", VALUE_LANGUAGES, FIELD (languages) },
  { "languages", "default", VALUE_CHOICE, FIELD (default_language), 0, 0, known_languages },
  { "reader", "filter", VALUE_TEXT, FIELD (reader_filter) },
  { "trust", "anchors", VALUE_FILES, FIELD (trust_anchors) },
  { "renewal", "months-before-expiry", VALUE_UINT, FIELD (renewal_months), 1, 12 },
  { "renewal", "expired", VALUE_CHOICE, FIELD (expired_policy), 0, 0, expired_policies },
  { "printer", "kind", VALUE_CHOICE, FIELD (printer_kind), 0, 0, printer_kinds },
  { "printer", "device", VALUE_TEXT, FIELD (printer_device) },
  { "printer", "host", VALUE_TEXT, FIELD (printer_host) },
  { "printer", "port", VALUE_UINT, FIELD (printer_port), 1, 65535 },
  { "printer", "queue", VALUE_TEXT, FIELD (printer_queue) },
  { "printer", "paper-width-mm", VALUE_CHOICE, FIELD (paper_width), 0, 0, paper_widths },
  { "receipt", "key", VALUE_FILE, FIELD (receipt_key) },
  { "hours", "monday", VALUE_DAY_HOURS, FIELD (hours[0]) },
  { "hours", "tuesday", VALUE_DAY_HOURS, FIELD (hours[1]) },
  { "hours", "wednesday", VALUE_DAY_HOURS, FIELD (hours[2]) },
  { "hours", "thursday", VALUE_DAY_HOURS, FIELD (hours[3]) },
  { "hours", "friday", VALUE_DAY_HOURS, FIELD (hours[4]) },
  { "hours", "saturday", VALUE_DAY_HOURS, FIELD (hours[5]) },
  { "hours", "sunday", VALUE_DAY_HOURS, FIELD (hours[6]) },
  { "issuance", "mode", VALUE_CHOICE, FIELD (issuance_mode), 0, 0, issuance_modes },
  { "issuance", "url", VALUE_HTTPS_URL, FIELD (issuance_url) },
  { "issuance", "ca-file", VALUE_FILE, FIELD (issuance_ca_file) },
  { "issuance", "client-certificate", VALUE_FILE, FIELD (issuance_client_certificate) },
  { "issuance", "client-key", VALUE_FILE, FIELD (issuance_client_key) },
  { "issuance", "timeout-seconds", VALUE_UINT, FIELD (issuance_timeout_seconds), 1, 300 },
  { "issuance", "retries", VALUE_UINT, FIELD (issuance_retries), 0, 10 },
};

static gpointer
field_of (KioskConfig *self, const KeySpec *spec)
{
  return G_STRUCT_MEMBER_P (self, spec->offset);
}

static gboolean
holds_string (ValueKind kind)
{
  return kind == VALUE_TEXT || kind == VALUE_IDENTIFIER || kind == VALUE_FILE
         || kind == VALUE_FOLDER || kind == VALUE_HTTPS_URL || kind == VALUE_DAY_HOURS;
}

static void
kiosk_config_finalize (GObject *object)
{
  KioskConfig *self = KIOSK_CONFIG (object);

  for (gsize i = 0; i < G_N_ELEMENTS (key_specs); i++)
    {
      if (holds_string (key_specs[i].kind))
        g_free (*(char **)field_of (self, &key_specs[i]));
      else if (key_specs[i].kind == VALUE_FILES || key_specs[i].kind == VALUE_LANGUAGES)
        g_strfreev (*(GStrv *)field_of (self, &key_specs[i]));
    }
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

  self->kiosk_id = g_strdup ("KIOSK1");
  self->location = g_strdup ("");
  self->demo = FALSE;
  self->state_dir = g_strdup ("/var/lib/kiosk");
  self->idle_seconds = 90;
  self->idle_warning_seconds = 30;
  self->languages = g_strdupv ((GStrv)known_languages);
  self->default_language = 0;
  self->reader_filter = g_strdup ("");
  self->trust_anchors = g_strdupv ((GStrv)default_anchors);
  self->renewal_months = 3;
  self->expired_policy = KIOSK_EXPIRED_POLICY_HANDOFF;
  self->printer_kind = KIOSK_PRINTER_NONE;
  self->printer_device = g_strdup ("/dev/usb/lp0");
  self->printer_host = g_strdup ("");
  self->printer_port = 9100;
  self->printer_queue = g_strdup ("");
  self->paper_width = 1; /* 80 mm */
  self->receipt_key = g_strdup ("/etc/kiosk/receipt.key");
  /* Kashiwa City's counter hours: weekdays 8:30-17:15. */
  for (guint day = 0; day < 7; day++)
    self->hours[day] = g_strdup (day < 5 ? "08:30-17:15" : "closed");
  self->issuance_mode = KIOSK_ISSUANCE_MODE_NONE;
  self->issuance_url = g_strdup ("");
  self->issuance_ca_file = g_strdup ("");
  self->issuance_client_certificate = g_strdup ("");
  self->issuance_client_key = g_strdup ("");
  self->issuance_timeout_seconds = 30;
  self->issuance_retries = 3;
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
  for (gsize i = 0; i < G_N_ELEMENTS (key_specs); i++)
    if (g_str_equal (key_specs[i].group, group) && g_str_equal (key_specs[i].key, key))
      return TRUE;
  return FALSE;
}

static gboolean
is_known_group (const char *group)
{
  for (gsize i = 0; i < G_N_ELEMENTS (key_specs); i++)
    if (g_str_equal (key_specs[i].group, group))
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

/* Relative paths are taken from the config file's folder, not from wherever the kiosk happened
 * to be started. */
static char *
resolve_path (const char *base_dir, const char *path)
{
  return g_path_is_absolute (path) ? g_strdup (path) : g_build_filename (base_dir, path, NULL);
}

static gboolean
is_identifier (const char *text)
{
  size_t len = strlen (text);

  if (len == 0 || len > 16)
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-')
      return FALSE;
  return TRUE;
}

static gboolean
is_https_url (const char *text)
{
  g_autoptr (GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_strcmp0 (g_uri_get_scheme (uri), "https") == 0
         && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static char *
describe_choices (const char *const *choices)
{
  return g_strjoinv (", ", (GStrv)choices);
}

static void
read_files (Problems *problems, GKeyFile *file, const KeySpec *spec, const char *base_dir,
            GStrv *out)
{
  g_auto (GStrv) values = NULL;
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  gsize n = 0;
  guint line = line_of_key (problems, spec->group, spec->key);
  gboolean ok = TRUE;

  values = g_key_file_get_string_list (file, spec->group, spec->key, &n, NULL);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (values[i]));
      g_autofree char *path = NULL;

      if (*trimmed == '\0')
        continue;
      path = resolve_path (base_dir, trimmed);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          problem_at (problems, line, spec->group, spec->key, "“%s” does not exist", path);
          ok = FALSE;
          continue;
        }
      g_ptr_array_add (paths, g_steal_pointer (&path));
    }
  if (!ok)
    return;
  if (paths->len == 0)
    {
      problem_at (problems, line, spec->group, spec->key, "no path given");
      return;
    }
  g_ptr_array_add (paths, NULL);
  g_strfreev (*out);
  *out = (GStrv)g_ptr_array_free (g_steal_pointer (&paths), FALSE);
}

/* Reads one key into its field, or reports why its value is wrong. A key that is absent keeps
 * its default. */
/* A list of languages offered on the language bar: known tags only, each once, at least one. */
static void
read_languages (Problems *problems, GKeyFile *file, const KeySpec *spec, gpointer field)
{
  guint line = line_of_key (problems, spec->group, spec->key);
  g_auto (GStrv) items = g_key_file_get_string_list (file, spec->group, spec->key, NULL, NULL);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean ok = TRUE;

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (*items[i] == '\0')
        continue;
      if (!g_strv_contains (known_languages, items[i]))
        {
          g_autofree char *allowed = describe_choices (known_languages);

          problem_at (problems, line, spec->group, spec->key, "“%s” is not one of: %s", items[i],
                      allowed);
          ok = FALSE;
        }
      else if (!g_hash_table_add (seen, items[i]))
        {
          problem_at (problems, line, spec->group, spec->key, "“%s” is listed twice", items[i]);
          ok = FALSE;
        }
      else
        g_strv_builder_add (builder, items[i]);
    }
  if (ok && g_hash_table_size (seen) == 0)
    {
      problem_at (problems, line, spec->group, spec->key, "no language is offered");
      ok = FALSE;
    }
  if (!ok)
    return;
  g_strfreev (*(GStrv *)field);
  *(GStrv *)field = g_strv_builder_end (builder);
}

static void
read_value (KioskConfig *self, Problems *problems, GKeyFile *file, const KeySpec *spec,
            const char *base_dir)
{
  g_autofree char *raw = g_key_file_get_value (file, spec->group, spec->key, NULL);
  g_autofree char *value = NULL;
  guint line = line_of_key (problems, spec->group, spec->key);
  gpointer field = field_of (self, spec);

  if (raw == NULL)
    return;
  if (spec->kind == VALUE_FILES)
    {
      read_files (problems, file, spec, base_dir, field);
      return;
    }
  if (spec->kind == VALUE_LANGUAGES)
    {
      read_languages (problems, file, spec, field);
      return;
    }
  /* g_key_file_get_string undoes escapes; plain values are what the file says */
  value = g_key_file_get_string (file, spec->group, spec->key, NULL);
  if (value == NULL)
    value = g_strdup (raw);
  g_strstrip (value);

  switch (spec->kind)
    {
    case VALUE_BOOLEAN:
      {
        g_autoptr (GError) error = NULL;
        gboolean b = g_key_file_get_boolean (file, spec->group, spec->key, &error);

        if (error != NULL)
          problem_at (problems, line, spec->group, spec->key, "“%s” is not true or false", value);
        else
          *(gboolean *)field = b;
        return;
      }
    case VALUE_UINT:
      {
        guint64 n;

        if (!g_ascii_string_to_unsigned (value, 10, spec->min, spec->max, &n, NULL))
          problem_at (problems, line, spec->group, spec->key,
                      "“%s” is not a whole number from %u to %u", value, spec->min, spec->max);
        else
          *(guint *)field = (guint)n;
        return;
      }
    case VALUE_CHOICE:
      for (guint i = 0; spec->choices[i] != NULL; i++)
        if (g_str_equal (value, spec->choices[i]))
          {
            *(guint *)field = i;
            return;
          }
      {
        g_autofree char *allowed = describe_choices (spec->choices);

        problem_at (problems, line, spec->group, spec->key, "“%s” is not one of: %s", value,
                    allowed);
      }
      return;
    case VALUE_IDENTIFIER:
      if (!is_identifier (value))
        {
          problem_at (problems, line, spec->group, spec->key,
                      "“%s” is not 1 to 16 letters, digits or “-”", value);
          return;
        }
      break;
    case VALUE_FILE:
      {
        g_autofree char *path = resolve_path (base_dir, value);

        if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
          {
            problem_at (problems, line, spec->group, spec->key, "“%s” is not a file", path);
            return;
          }
        g_free (value);
        value = g_steal_pointer (&path);
        break;
      }
    case VALUE_FOLDER:
      if (!g_path_is_absolute (value))
        {
          problem_at (problems, line, spec->group, spec->key, "“%s” is not an absolute path",
                      value);
          return;
        }
      break;
    case VALUE_HTTPS_URL:
      if (!is_https_url (value))
        {
          problem_at (problems, line, spec->group, spec->key, "“%s” is not an https:// URL", value);
          return;
        }
      break;
    case VALUE_DAY_HOURS:
      {
        guint opens, closes;

        /* One parser for the hours, the one the service-hours rules use. */
        if (!kiosk_service_hours_parse_day (value, &opens, &closes, NULL))
          {
            problem_at (problems, line, spec->group, spec->key,
                        "“%s” is not “HH:MM-HH:MM” (opening before closing) or “closed”", value);
            return;
          }
        break;
      }
    case VALUE_TEXT:
    case VALUE_FILES:
    case VALUE_LANGUAGES:
      break;
    }
  g_free (*(char **)field);
  *(char **)field = g_steal_pointer (&value);
}

/* Settings that only make sense together: reported on the line of the key that asks for the
 * others. */
static void
check_combinations (KioskConfig *self, Problems *problems)
{
  guint line;

  line = line_of_key (problems, "printer", "kind");
  if (self->printer_kind == KIOSK_PRINTER_ESCPOS_TCP && *self->printer_host == '\0')
    problem_at (problems, line, "printer", "kind", "escpos-tcp needs [printer] host");
  if (self->printer_kind == KIOSK_PRINTER_CUPS && *self->printer_queue == '\0')
    problem_at (problems, line, "printer", "kind", "cups needs [printer] queue");
  if (self->printer_kind == KIOSK_PRINTER_ESCPOS_DEVICE && *self->printer_device == '\0')
    problem_at (problems, line, "printer", "kind", "escpos-device needs [printer] device");

  if (!g_strv_contains ((const char *const *)self->languages,
                        known_languages[self->default_language]))
    {
      line = line_of_key (problems, "languages", "default");
      if (line != 0)
        problem_at (problems, line, "languages", "default", "“%s” is not in [languages] offered",
                    known_languages[self->default_language]);
      else
        problem_at (problems, line_of_key (problems, "languages", "offered"), "languages",
                    "offered", "does not include the default language “%s”",
                    known_languages[self->default_language]);
    }

  line = line_of_key (problems, "issuance", "mode");
  if (self->issuance_mode == KIOSK_ISSUANCE_MODE_HTTP)
    {
      const struct
      {
        const char *key;
        const char *value;
      } needed[] = {
        { "url", self->issuance_url },
        { "ca-file", self->issuance_ca_file },
        { "client-certificate", self->issuance_client_certificate },
        { "client-key", self->issuance_client_key },
      };

      for (gsize i = 0; i < G_N_ELEMENTS (needed); i++)
        if (*needed[i].value == '\0')
          problem_at (problems, line, "issuance", "mode", "http needs [issuance] %s",
                      needed[i].key);
    }
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
  for (gsize i = 0; i < G_N_ELEMENTS (key_specs); i++)
    read_value (self, &problems, file, &key_specs[i], base_dir);
  if (problems.count == 0)
    check_combinations (self, &problems);

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

#define GETTER(type, name, field, fallback)                                                        \
  type kiosk_config_get_##name (KioskConfig *self)                                                 \
  {                                                                                                \
    g_return_val_if_fail (KIOSK_IS_CONFIG (self), fallback);                                       \
    return (type)self->field;                                                                      \
  }

GETTER (const char *, kiosk_id, kiosk_id, NULL)
GETTER (const char *, location, location, NULL)
GETTER (gboolean, demo, demo, FALSE)
GETTER (const char *, state_dir, state_dir, NULL)
GETTER (gboolean, shuffle_pin_pad, shuffle_pin_pad, FALSE)
GETTER (guint, idle_seconds, idle_seconds, 90)
GETTER (guint, idle_warning_seconds, idle_warning_seconds, 30)
GETTER (const char *const *, languages, languages, NULL)
GETTER (const char *, reader_filter, reader_filter, NULL)
GETTER (const char *const *, trust_anchors, trust_anchors, NULL)
GETTER (guint, renewal_months, renewal_months, 3)
GETTER (KioskExpiredPolicy, expired_policy, expired_policy, KIOSK_EXPIRED_POLICY_HANDOFF)
GETTER (KioskPrinterKind, printer_kind, printer_kind, KIOSK_PRINTER_NONE)
GETTER (const char *, printer_device, printer_device, NULL)
GETTER (const char *, printer_host, printer_host, NULL)
GETTER (guint, printer_port, printer_port, 9100)
GETTER (const char *, printer_queue, printer_queue, NULL)
GETTER (const char *, receipt_key, receipt_key, NULL)
GETTER (KioskIssuanceMode, issuance_mode, issuance_mode, KIOSK_ISSUANCE_MODE_NONE)
GETTER (const char *, issuance_url, issuance_url, NULL)
GETTER (const char *, issuance_ca_file, issuance_ca_file, NULL)
GETTER (const char *, issuance_client_certificate, issuance_client_certificate, NULL)
GETTER (const char *, issuance_client_key, issuance_client_key, NULL)
GETTER (guint, issuance_timeout_seconds, issuance_timeout_seconds, 30)
GETTER (guint, issuance_retries, issuance_retries, 3)

const char *
kiosk_config_get_default_language (KioskConfig *self)
{
  g_return_val_if_fail (KIOSK_IS_CONFIG (self), "ja");
  return known_languages[self->default_language];
}

const char *const *
kiosk_config_get_known_languages (void)
{
  return known_languages;
}

guint
kiosk_config_get_paper_width_mm (KioskConfig *self)
{
  g_return_val_if_fail (KIOSK_IS_CONFIG (self), 80);
  return self->paper_width == 0 ? 58 : 80;
}

const char *
kiosk_config_get_hours (KioskConfig *self, GDateWeekday weekday)
{
  g_return_val_if_fail (KIOSK_IS_CONFIG (self), NULL);
  g_return_val_if_fail (weekday >= G_DATE_MONDAY && weekday <= G_DATE_SUNDAY, NULL);
  return self->hours[weekday - G_DATE_MONDAY];
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

void
kiosk_config_set_issuance_mode (KioskConfig *self, KioskIssuanceMode mode)
{
  g_return_if_fail (KIOSK_IS_CONFIG (self));
  self->issuance_mode = mode;
}

void
kiosk_config_set_state_dir (KioskConfig *self, const char *path)
{
  g_return_if_fail (KIOSK_IS_CONFIG (self));
  g_return_if_fail (path != NULL);
  g_free (self->state_dir);
  self->state_dir = g_strdup (path);
}
