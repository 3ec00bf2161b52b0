/* kiosk-card-profile.c: a virtual card's description, read from assets/cards/NAME.card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-card-profile.h"

#include <stdio.h>
#include <string.h>

#include "kiosk-secret.h"

#define PROFILE_GROUP "card"
/* Facts the national system holds about the card's holder (adult ward, revoked): read by the
 * issuance simulator (app/ISSUANCE-PROTOCOL.md), never by the card model. */
#define RESIDENT_GROUP "resident"
#define PROFILE_SUFFIX ".card"

struct _KioskCardProfile
{
  gatomicrefcount ref_count;
  char *path;
  char *name;
  char *description;
  GDate birth_date;
  GDate issued;
  char *auth_pin;
  char *sign_password;
  guint auth_tries;
  guint sign_tries;
  KioskCardCertificates certificates;
  guint apdu_latency_ms;
  guint pull_at_apdu;
  char *holder_name;
  char *holder_gender;
  char *holder_address;
  char *holder_prefecture;
  char *holder_city;
};

G_DEFINE_BOXED_TYPE (KioskCardProfile, kiosk_card_profile, kiosk_card_profile_ref,
                     kiosk_card_profile_unref)

/* Every key a profile may hold; anything else is a typo worth reporting, not ignoring. */
static const char *const known_keys[] = {
  "description", "birth-date",    "issued",         "auth-pin",          "sign-password",
  "auth-tries",  "sign-tries",    "certificates",   "apdu-latency-ms",   "pull-at-apdu",
  "holder-name", "holder-gender", "holder-address", "holder-prefecture", "holder-city",
};

/* The holder written into the signature certificate when a profile names none: a made-up
 * resident of Kashiwa (the seed city), never a real person. */
#define DEFAULT_HOLDER_NAME "柏 花子"
#define DEFAULT_HOLDER_GENDER "2"
#define DEFAULT_HOLDER_ADDRESS "千葉県柏市柏五丁目10番1号"
#define DEFAULT_HOLDER_PREFECTURE "Chiba-ken"
#define DEFAULT_HOLDER_CITY "Kashiwa-shi"

KioskCardProfile *
kiosk_card_profile_ref (KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
wipe_string (char **text)
{
  if (*text != NULL)
    {
      kiosk_secret_wipe (*text, strlen (*text));
      g_clear_pointer (text, g_free);
    }
}

void
kiosk_card_profile_unref (KioskCardProfile *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->path);
  g_free (self->name);
  g_free (self->description);
  wipe_string (&self->auth_pin);
  wipe_string (&self->sign_password);
  g_free (self->holder_name);
  g_free (self->holder_gender);
  g_free (self->holder_address);
  g_free (self->holder_prefecture);
  g_free (self->holder_city);
  g_free (self);
}

/* GKeyFile keeps no line numbers: find the line where @key is set in @group by scanning the text
 * the way GKeyFile reads it (comments, [groups], "key = value"); with @key NULL, the line of the
 * group's header. Returns the 1-based line, or 0 when it is not in the file. */
static guint
find_key_line (const char *text, const char *group, const char *key)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean in_group = FALSE;
  gsize key_len = key != NULL ? strlen (key) : 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      while (g_ascii_isspace (*line))
        line++;
      if (*line == '#' || *line == '\0')
        continue;
      if (*line == '[')
        {
          const char *end = strchr (line, ']');
          in_group = group != NULL && end != NULL && (gsize)(end - line - 1) == strlen (group)
                     && strncmp (line + 1, group, end - line - 1) == 0;
          if (group != NULL && key == NULL && in_group)
            return i + 1;
          continue;
        }
      if (!in_group || key == NULL || strncmp (line, key, key_len) != 0)
        continue;
      line += key_len;
      while (*line == ' ' || *line == '\t')
        line++;
      if (*line == '=')
        return i + 1;
    }
  return 0;
}

static void set_value_error (GError **error, const char *path, const char *text, const char *key,
                             const char *format, ...) G_GNUC_PRINTF (5, 6);

/* Every complaint reads "PATH:LINE: key “KEY”: what is wrong", so the author of a profile finds
 * the line at once. */
static void
set_value_error (GError **error, const char *path, const char *text, const char *key,
                 const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *problem = g_strdup_vprintf (format, args);
  va_end (args);

  guint line = find_key_line (text, PROFILE_GROUP, key);
  if (line == 0)
    line = find_key_line (text, PROFILE_GROUP, NULL);

  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "%s:%u: key “%s”: %s", path,
               line, key, problem);
}

static GTimeZone *
japan_time_zone (void)
{
  /* Japan has had no daylight saving time since 1951: a fixed offset is exact and needs no
   * tzdata. */
  return g_time_zone_new_offset (9 * 3600);
}

static gboolean
parse_absolute_date (const char *text, GDate *out)
{
  guint year, month, day;
  char trailing;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &trailing) != 3)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

/* "[+-]Ny Nm Nd" with the components in that order, each at most once, so "-1y1y" or "-3d2m"
 * are rejected rather than guessed at. */
static gboolean
parse_offset (const char *text, gboolean *negative, guint amounts[3])
{
  static const char units[] = { 'y', 'm', 'd' };
  guint next_unit = 0;
  const char *p = text + 1;

  if (text[0] != '+' && text[0] != '-')
    return FALSE;
  *negative = text[0] == '-';
  amounts[0] = amounts[1] = amounts[2] = 0;
  if (*p == '\0')
    return FALSE;
  while (*p != '\0')
    {
      guint amount = 0;
      const char *digits = p;

      /* At most 1000 of anything keeps GDate's arithmetic inside its range. */
      for (; g_ascii_isdigit (*p); p++)
        if ((amount = amount * 10 + (guint)(*p - '0')) > 1000)
          return FALSE;
      if (p == digits)
        return FALSE;
      while (next_unit < G_N_ELEMENTS (units) && units[next_unit] != *p)
        next_unit++;
      if (next_unit == G_N_ELEMENTS (units))
        return FALSE;
      amounts[next_unit++] = amount;
      p++;
    }
  return TRUE;
}

gboolean
kiosk_card_profile_resolve_date (const char *text, GDateTime *now, GDate *out, GError **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  gboolean negative;
  guint amounts[3];

  if (parse_absolute_date (text, out))
    return TRUE;
  if (text[0] != '+' && text[0] != '-')
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "“%s” is neither a date (YYYY-MM-DD) nor a signed offset (e.g. -4y11m, +3d)",
                   text);
      return FALSE;
    }
  if (!parse_offset (text, &negative, amounts))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "“%s” is not an offset like -4y11m, -70y or +3d (a sign, then numbers up to "
                   "1000 with y, m, d in that order)",
                   text);
      return FALSE;
    }

  g_autoptr (GTimeZone) japan = japan_time_zone ();
  g_autoptr (GDateTime) local = g_date_time_to_timezone (now, japan);
  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  /* GDate clamps to the end of the month (29 Feb - 1y = 28 Feb), as a calendar does. */
  if (negative)
    {
      g_date_subtract_years (out, amounts[0]);
      g_date_subtract_months (out, amounts[1]);
      g_date_subtract_days (out, amounts[2]);
    }
  else
    {
      g_date_add_years (out, amounts[0]);
      g_date_add_months (out, amounts[1]);
      g_date_add_days (out, amounts[2]);
    }
  return TRUE;
}

/* The rules the card itself enforces on CHANGE REFERENCE DATA, applied to profiles too, so no
 * profile starts with a secret the real card would never hold. */
gboolean
kiosk_card_profile_is_valid_auth_pin (const guint8 *pin, gsize len)
{
  if (len != 4)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

gboolean
kiosk_card_profile_is_valid_sign_password (const guint8 *password, gsize len)
{
  gboolean letter = FALSE, digit = FALSE;

  if (len < 6 || len > 16)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (password[i] >= 'A' && password[i] <= 'Z')
        letter = TRUE;
      else if (g_ascii_isdigit (password[i]))
        digit = TRUE;
      else
        return FALSE;
    }
  return letter && digit;
}

typedef struct
{
  const char *path;
  const char *text;
  GKeyFile *key_file;
} ProfileSource;

/* The raw value of @key, or NULL (not an error) when the key is absent. */
static char *
get_optional_value (ProfileSource *source, const char *key)
{
  if (!g_key_file_has_key (source->key_file, PROFILE_GROUP, key, NULL))
    return NULL;
  /* get_string (not get_value) so escapes like \s are honoured as GKeyFile documents them. */
  return g_key_file_get_string (source->key_file, PROFILE_GROUP, key, NULL);
}

static gboolean
read_unsigned (ProfileSource *source, const char *key, guint max, guint fallback, guint *out,
               GError **error)
{
  g_autofree char *value = get_optional_value (source, key);
  guint64 number;

  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  g_strstrip (value);
  if (!g_ascii_string_to_unsigned (value, 10, 0, max, &number, NULL))
    {
      set_value_error (error, source->path, source->text, key,
                       "must be a whole number from 0 to %u, not “%s”", max, value);
      return FALSE;
    }
  *out = (guint)number;
  return TRUE;
}

static gboolean
read_date (ProfileSource *source, const char *key, const char *fallback, GDateTime *now, GDate *out,
           GError **error)
{
  g_autofree char *value = get_optional_value (source, key);
  g_autoptr (GError) local_error = NULL;

  if (value == NULL)
    value = g_strdup (fallback);
  g_strstrip (value);
  if (!kiosk_card_profile_resolve_date (value, now, out, &local_error))
    {
      set_value_error (error, source->path, source->text, key, "%s", local_error->message);
      return FALSE;
    }
  if (g_date_get_year (out) < 1900 || g_date_get_year (out) > 2099)
    {
      set_value_error (error, source->path, source->text, key,
                       "“%s” resolves to a date outside 1900–2099", value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_text (ProfileSource *source, const char *key, const char *fallback, char **out, GError **error)
{
  g_autofree char *value = get_optional_value (source, key);

  if (value == NULL)
    value = g_strdup (fallback);
  g_strstrip (value);
  if (*value == '\0' && *fallback != '\0')
    {
      set_value_error (error, source->path, source->text, key, "must not be empty");
      return FALSE;
    }
  *out = g_steal_pointer (&value);
  return TRUE;
}

static gboolean
read_certificates (ProfileSource *source, KioskCardCertificates *out, GError **error)
{
  g_autofree char *value = get_optional_value (source, "certificates");
  gboolean auth = FALSE, sign = FALSE, none = FALSE;

  if (value == NULL)
    {
      *out = KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN;
      return TRUE;
    }

  g_auto (GStrv) items = g_strsplit (value, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = g_strstrip (items[i]);
      gboolean *flag = g_str_equal (item, "auth")   ? &auth
                       : g_str_equal (item, "sign") ? &sign
                       : g_str_equal (item, "none") ? &none
                                                    : NULL;
      if (flag == NULL || *flag)
        goto bad;
      *flag = TRUE;
    }

  /* A signature certificate is never issued without the authentication one. */
  if (auth && sign && !none)
    *out = KIOSK_CARD_CERTIFICATES_AUTH_AND_SIGN;
  else if (auth && !sign && !none)
    *out = KIOSK_CARD_CERTIFICATES_AUTH_ONLY;
  else if (none && !auth && !sign)
    *out = KIOSK_CARD_CERTIFICATES_NONE;
  else
    goto bad;
  return TRUE;

bad:
  set_value_error (error, source->path, source->text, "certificates",
                   "must be “auth,sign”, “auth” or “none”, not “%s”", value);
  return FALSE;
}

static gboolean
check_keys (ProfileSource *source, GError **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (source->key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    if (!g_str_equal (groups[i], PROFILE_GROUP) && !g_str_equal (groups[i], RESIDENT_GROUP))
      {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                     "%s:%u: unknown group [%s] (a profile has [" PROFILE_GROUP
                     "] and, for the issuance simulator, [" RESIDENT_GROUP "])",
                     source->path, find_key_line (source->text, groups[i], NULL), groups[i]);
        return FALSE;
      }
  if (!g_key_file_has_group (source->key_file, PROFILE_GROUP))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                   "%s: no [" PROFILE_GROUP "] group", source->path);
      return FALSE;
    }

  g_auto (GStrv) keys = g_key_file_get_keys (source->key_file, PROFILE_GROUP, NULL, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      gboolean known = g_str_has_prefix (keys[i], "description[");

      for (guint k = 0; !known && k < G_N_ELEMENTS (known_keys); k++)
        known = g_str_equal (keys[i], known_keys[k]);
      if (!known)
        {
          set_value_error (error, source->path, source->text, keys[i], "unknown key");
          return FALSE;
        }
    }
  return TRUE;
}

static char *
profile_name_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  if (g_str_has_suffix (base, PROFILE_SUFFIX))
    base[strlen (base) - strlen (PROFILE_SUFFIX)] = '\0';
  return g_steal_pointer (&base);
}

KioskCardProfile *
kiosk_card_profile_load (const char *path, GDateTime *now, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autofree char *text = NULL;
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  if (!g_key_file_load_from_data (key_file, text, -1, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", path,
                   local_error->message);
      return NULL;
    }

  ProfileSource source = { path, text, key_file };
  if (!check_keys (&source, error))
    return NULL;

  g_autoptr (KioskCardProfile) self = g_new0 (KioskCardProfile, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->path = g_strdup (path);
  self->name = profile_name_from_path (path);

  /* Defaults make a test's temporary profile a few lines long; shipped profiles spell
   * everything out. */
  if (!read_text (&source, "description", self->name, &self->description, error)
      || !read_date (&source, "birth-date", "-40y", now, &self->birth_date, error)
      || !read_date (&source, "issued", "-1y", now, &self->issued, error)
      || !read_text (&source, "auth-pin", "1234", &self->auth_pin, error)
      || !read_text (&source, "sign-password", "ABC123", &self->sign_password, error)
      || !read_unsigned (&source, "auth-tries", 3, 3, &self->auth_tries, error)
      || !read_unsigned (&source, "sign-tries", 5, 5, &self->sign_tries, error)
      || !read_certificates (&source, &self->certificates, error)
      || !read_unsigned (&source, "apdu-latency-ms", 60000, 0, &self->apdu_latency_ms, error)
      || !read_unsigned (&source, "pull-at-apdu", G_MAXINT, 0, &self->pull_at_apdu, error)
      || !read_text (&source, "holder-name", DEFAULT_HOLDER_NAME, &self->holder_name, error)
      || !read_text (&source, "holder-gender", DEFAULT_HOLDER_GENDER, &self->holder_gender, error)
      || !read_text (&source, "holder-address", DEFAULT_HOLDER_ADDRESS, &self->holder_address,
                     error)
      || !read_text (&source, "holder-prefecture", DEFAULT_HOLDER_PREFECTURE,
                     &self->holder_prefecture, error)
      || !read_text (&source, "holder-city", DEFAULT_HOLDER_CITY, &self->holder_city, error))
    return NULL;

  if (g_date_compare (&self->birth_date, &self->issued) >= 0)
    {
      set_value_error (error, path, text, "birth-date", "must be before the issued date");
      return NULL;
    }
  if (!kiosk_card_profile_is_valid_auth_pin ((const guint8 *)self->auth_pin,
                                             strlen (self->auth_pin)))
    {
      /* Never echo a PIN, not even a malformed one. */
      set_value_error (error, path, text, "auth-pin", "must be exactly 4 digits");
      return NULL;
    }
  if (!kiosk_card_profile_is_valid_sign_password ((const guint8 *)self->sign_password,
                                                  strlen (self->sign_password)))
    {
      set_value_error (error, path, text, "sign-password",
                       "must be 6–16 characters A–Z and 0–9 with at least one letter and one "
                       "digit");
      return NULL;
    }
  if (!g_str_equal (self->holder_gender, "1") && !g_str_equal (self->holder_gender, "2")
      && !g_str_equal (self->holder_gender, "9"))
    {
      set_value_error (error, path, text, "holder-gender",
                       "must be 1 (male), 2 (female) or 9 (not applicable), not “%s”",
                       self->holder_gender);
      return NULL;
    }
  for (const char *p = self->holder_prefecture; *p != '\0'; p++)
    if (!g_ascii_isprint (*p))
      {
        set_value_error (error, path, text, "holder-prefecture", "must be in romaji (ASCII)");
        return NULL;
      }
  for (const char *p = self->holder_city; *p != '\0'; p++)
    if (!g_ascii_isprint (*p))
      {
        set_value_error (error, path, text, "holder-city", "must be in romaji (ASCII)");
        return NULL;
      }

  return g_steal_pointer (&self);
}

KioskCardProfile *
kiosk_card_profile_load_named (const char *dir, const char *name, GDateTime *now, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (*name == '\0' || strchr (name, G_DIR_SEPARATOR) != NULL || name[0] == '.')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "“%s” is not a profile name", name);
      return NULL;
    }

  g_autofree char *file_name = g_strconcat (name, PROFILE_SUFFIX, NULL);
  g_autofree char *path = g_build_filename (dir, file_name, NULL);
  return kiosk_card_profile_load (path, now, error);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

GStrv
kiosk_card_profile_list (const char *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);

  g_autoptr (GDir) handle = g_dir_open (dir, 0, error);
  if (handle == NULL)
    return NULL;

  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;
  while ((entry = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (entry, PROFILE_SUFFIX) && entry[0] != '.')
      g_ptr_array_add (names, profile_name_from_path (entry));

  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return (GStrv)g_ptr_array_steal (names, NULL);
}

const char *
kiosk_card_profile_get_path (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

const char *
kiosk_card_profile_get_name (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

const char *
kiosk_card_profile_get_description (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->description;
}

GDate *
kiosk_card_profile_get_birth_date (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (GDate *)&self->birth_date;
}

GDate *
kiosk_card_profile_get_issued (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (GDate *)&self->issued;
}

const char *
kiosk_card_profile_get_auth_pin (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->auth_pin;
}

const char *
kiosk_card_profile_get_sign_password (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sign_password;
}

guint
kiosk_card_profile_get_auth_tries (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->auth_tries;
}

guint
kiosk_card_profile_get_sign_tries (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->sign_tries;
}

KioskCardCertificates
kiosk_card_profile_get_certificates (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, KIOSK_CARD_CERTIFICATES_NONE);
  return self->certificates;
}

guint
kiosk_card_profile_get_apdu_latency_ms (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->apdu_latency_ms;
}

guint
kiosk_card_profile_get_pull_at_apdu (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pull_at_apdu;
}

const char *
kiosk_card_profile_get_holder_name (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->holder_name;
}

const char *
kiosk_card_profile_get_holder_gender (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->holder_gender;
}

const char *
kiosk_card_profile_get_holder_address (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->holder_address;
}

const char *
kiosk_card_profile_get_holder_prefecture (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->holder_prefecture;
}

const char *
kiosk_card_profile_get_holder_city (const KioskCardProfile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->holder_city;
}
