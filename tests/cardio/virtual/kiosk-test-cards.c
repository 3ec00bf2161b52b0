/* kiosk-test-cards.c: shared helpers of the virtual-card tests (profiles, cards, APDUs)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-test-cards.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

static char *temp_dir;

static const char *
env_or (const char *variable, const char *fallback)
{
  const char *value = g_getenv (variable);

  return value != NULL && *value != '\0' ? value : fallback;
}

const char *
kiosk_test_cards_dir (void)
{
  return env_or ("KIOSK_CARDS_DIR", KIOSK_SOURCE_CARDS_DIR);
}

const char *
kiosk_test_ca_dir (void)
{
  return env_or ("KIOSK_TEST_CA_DIR", KIOSK_TEST_CA_DIR);
}

KioskTestCa *
kiosk_test_cards_get_ca (void)
{
  static KioskTestCa *ca;

  if (ca == NULL)
    {
      g_autoptr (GError) error = NULL;
      ca = kiosk_test_ca_load (kiosk_test_ca_dir (), &error);
      g_assert_no_error (error);
    }
  return ca;
}

KioskCardProfile *
kiosk_test_cards_load_profile (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  KioskCardProfile *profile
      = kiosk_card_profile_load_named (kiosk_test_cards_dir (), name, now, &error);

  g_assert_no_error (error);
  return profile;
}

static KioskVirtualCard *
card_from_profile (KioskCardProfile *profile)
{
  g_autoptr (GError) error = NULL;
  KioskVirtualCard *card
      = kiosk_virtual_card_new (profile, kiosk_test_cards_get_ca (), NULL, &error);

  g_assert_no_error (error);
  return card;
}

KioskVirtualCard *
kiosk_test_cards_new_card (const char *name)
{
  g_autoptr (KioskCardProfile) profile = kiosk_test_cards_load_profile (name);

  return card_from_profile (profile);
}

static void
remove_temp_dir (void)
{
  g_autoptr (GDir) dir = g_dir_open (temp_dir, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (temp_dir, entry, NULL);
      g_remove (path);
    }
  g_rmdir (temp_dir);
  g_clear_pointer (&temp_dir, g_free);
}

char *
kiosk_test_cards_write_profile (const char *name, const char *text)
{
  g_autoptr (GError) error = NULL;

  if (temp_dir == NULL)
    {
      temp_dir = g_dir_make_tmp ("kiosk-test-cards-XXXXXX", &error);
      g_assert_no_error (error);
      atexit (remove_temp_dir);
    }

  g_autofree char *file_name = g_strconcat (name, ".card", NULL);
  char *path = g_build_filename (temp_dir, file_name, NULL);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

KioskVirtualCard *
kiosk_test_cards_new_card_from_text (const char *name, const char *text)
{
  g_autofree char *path = kiosk_test_cards_write_profile (name, text);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (KioskCardProfile) profile = kiosk_card_profile_load (path, now, &error);

  g_assert_no_error (error);
  return card_from_profile (profile);
}

GBytes *
kiosk_test_hex (const char *hex)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  int high = -1;

  for (const char *p = hex; *p != '\0'; p++)
    {
      if (*p == ' ')
        continue;
      int digit = g_ascii_xdigit_value (*p);
      g_assert_cmpint (digit, >=, 0);
      if (high < 0)
        high = digit;
      else
        {
          guint8 byte = (guint8)(high << 4 | digit);
          g_byte_array_append (bytes, &byte, 1);
          high = -1;
        }
    }
  g_assert_cmpint (high, ==, -1);
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

GBytes *
kiosk_test_send (KioskVirtualCard *card, const char *hex)
{
  g_autoptr (GBytes) apdu = kiosk_test_hex (hex);
  gboolean pulled = FALSE;
  GBytes *response = kiosk_virtual_card_process (card, g_bytes_get_data (apdu, NULL),
                                                 g_bytes_get_size (apdu), &pulled);

  g_assert_true ((response == NULL) == pulled);
  return response;
}

guint16
kiosk_test_response_sw (GBytes *response)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (response, &len);

  g_assert_cmpuint (len, >=, 2);
  return (guint16)(data[len - 2] << 8 | data[len - 1]);
}

guint16
kiosk_test_sw_bytes (KioskVirtualCard *card, const guint8 *apdu, gsize len)
{
  gboolean pulled = FALSE;
  g_autoptr (GBytes) response = kiosk_virtual_card_process (card, apdu, len, &pulled);

  g_assert_false (pulled);
  g_assert_nonnull (response);
  return kiosk_test_response_sw (response);
}

guint16
kiosk_test_sw (KioskVirtualCard *card, const char *hex)
{
  g_autoptr (GBytes) response = kiosk_test_send (card, hex);

  g_assert_nonnull (response);
  return kiosk_test_response_sw (response);
}

void
kiosk_test_select_ef (KioskVirtualCard *card, const char *fid)
{
  g_autofree char *select = g_strconcat ("00 A4 02 0C 02 ", fid, NULL);

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  kiosk_assert_sw (card, select, 0x9000);
}

guint16
kiosk_test_verify (KioskVirtualCard *card, const char *pin_fid, const char *pin)
{
  g_autoptr (GByteArray) apdu = g_byte_array_new ();
  guint8 header[5] = { 0x00, 0x20, 0x00, 0x80, (guint8)strlen (pin) };

  kiosk_test_select_ef (card, pin_fid);
  g_byte_array_append (apdu, header, sizeof header);
  g_byte_array_append (apdu, (const guint8 *)pin, strlen (pin));
  return kiosk_test_sw_bytes (card, apdu->data, apdu->len);
}

GBytes *
kiosk_test_read_whole (KioskVirtualCard *card, gsize size)
{
  g_autoptr (GByteArray) content = g_byte_array_new ();

  while (content->len < size)
    {
      gsize left = size - content->len;
      guint8 apdu[5]
          = { 0x00, 0xB0, content->len >> 8, content->len & 0xff, left >= 256 ? 0 : (guint8)left };
      gboolean pulled = FALSE;
      g_autoptr (GBytes) response = kiosk_virtual_card_process (card, apdu, sizeof apdu, &pulled);
      gsize len;
      const guint8 *data = g_bytes_get_data (response, &len);

      g_assert_cmphex (kiosk_test_response_sw (response), ==, 0x9000);
      g_assert_cmpuint (len - 2, ==, MIN (left, 256));
      g_byte_array_append (content, data, len - 2);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&content));
}

X509 *
kiosk_test_parse_certificate (GBytes *der)
{
  gsize len;
  const unsigned char *data = g_bytes_get_data (der, &len);
  const unsigned char *p = data;
  X509 *cert = d2i_X509 (NULL, &p, (long)len);

  g_assert_nonnull (cert);
  g_assert_true (p == data + len);
  return cert;
}
