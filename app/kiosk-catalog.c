/* kiosk-catalog.c: a message catalog read for one language, whatever language the kiosk shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-catalog.h"

#include <gio/gio.h>
#include <libintl.h>
#include <string.h>

/* GNU .mo: a header of 32-bit words, then two tables of (length, offset) pairs pointing at the
 * original and the translated strings (gettext's manual, "The Format of GNU MO Files"). */
#define MO_MAGIC 0x950412deu
#define MO_HEADER_WORDS 5

static GMutex catalogs_lock;
static GHashTable *catalogs; /* language → GHashTable (key → translation), never freed */

static guint32
read_word (const guint8 *data, gsize offset, gboolean swapped)
{
  guint32 word;

  memcpy (&word, data + offset, sizeof word);
  return swapped ? GUINT32_SWAP_LE_BE (word) : word;
}

/* The string at table entry @index, or NULL when the entry points outside the file. */
static const char *
string_at (const guint8 *data, gsize size, guint32 table, guint32 index, gboolean swapped)
{
  gsize entry = (gsize)table + (gsize)index * 8;
  guint32 length, offset;

  if (entry + 8 > size)
    return NULL;
  length = read_word (data, entry, swapped);
  offset = read_word (data, entry + 4, swapped);
  if ((gsize)offset + length >= size || data[offset + length] != '\0')
    return NULL;
  return (const char *)data + offset;
}

/* Every message of the .mo file at @path (empty when it cannot be read or is malformed: the
 * receipt then falls back to English rather than fail). Plural entries keep their first form. */
static GHashTable *
load_catalog (const char *path)
{
  GHashTable *messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  const guint8 *data;
  gsize size;
  gboolean swapped;
  guint32 count, originals, translations;

  if (file == NULL)
    return messages;
  data = (const guint8 *)g_mapped_file_get_contents (file);
  size = g_mapped_file_get_length (file);
  if (size < MO_HEADER_WORDS * 4)
    return messages;
  swapped = read_word (data, 0, FALSE) != MO_MAGIC;
  if (read_word (data, 0, swapped) != MO_MAGIC)
    return messages;
  count = read_word (data, 8, swapped);
  originals = read_word (data, 12, swapped);
  translations = read_word (data, 16, swapped);
  for (guint32 i = 0; i < count; i++)
    {
      const char *original = string_at (data, size, originals, i, swapped);
      const char *translation = string_at (data, size, translations, i, swapped);

      /* The header (empty msgid) is not a message. */
      if (original == NULL || translation == NULL || *original == '\0')
        continue;
      g_hash_table_replace (messages, g_strdup (original), g_strdup (translation));
    }
  return messages;
}

static GHashTable *
catalog_for (const char *language)
{
  GHashTable *messages;

  g_mutex_lock (&catalogs_lock);
  if (catalogs == NULL)
    catalogs = g_hash_table_new (g_str_hash, g_str_equal);
  messages = g_hash_table_lookup (catalogs, language);
  if (messages == NULL)
    {
      /* Where the kiosk (or a test) bound its domain; NULL asks without changing it. */
      const char *dir = bindtextdomain (GETTEXT_PACKAGE, NULL);
      g_autofree char *file = g_strconcat (GETTEXT_PACKAGE, ".mo", NULL);
      g_autofree char *path = g_build_filename (dir != NULL ? dir : KIOSK_LOCALEDIR, language,
                                                "LC_MESSAGES", file, NULL);

      messages = load_catalog (path);
      g_hash_table_insert (catalogs, g_strdup (language), messages);
    }
  g_mutex_unlock (&catalogs_lock);
  return messages;
}

const char *
kiosk_catalog_translate (const char *language, const char *context, const char *msgid)
{
  g_autofree char *key = NULL;
  const char *translation;

  g_return_val_if_fail (msgid != NULL, NULL);

  /* English is the msgids' own language; a tag with a path in it is never a catalog. */
  if (language == NULL || *language == '\0' || strchr (language, '/') != NULL
      || g_str_equal (language, "en"))
    return msgid;
  key = context != NULL ? g_strconcat (context, "\004", msgid, NULL) : g_strdup (msgid);
  /* Catalogs are only ever added to, so a translation found stays valid without the lock. */
  translation = g_hash_table_lookup (catalog_for (language), key);
  return translation != NULL && *translation != '\0' ? translation : msgid;
}
