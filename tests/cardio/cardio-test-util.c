/* cardio-test-util.c: virtual cards, trust stores and a scriptable transport for the cardio tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cardio-test-util.h"

#include "kiosk-card-error.h"

#include <glib/gstdio.h>
#include <string.h>

const char *
cardio_test_cards_dir (void)
{
  const char *dir = g_getenv ("KIOSK_CARDS_DIR");

  return dir != NULL && *dir != '\0' ? dir : KIOSK_SOURCE_CARDS_DIR;
}

const char *
cardio_test_ca_dir (void)
{
  const char *dir = g_getenv ("KIOSK_TEST_CA_DIR");

  return dir != NULL && *dir != '\0' ? dir : KIOSK_TEST_CA_DIR;
}

const char *
cardio_test_jpki_ca_dir (void)
{
  return KIOSK_SOURCE_JPKI_CA_DIR;
}

KioskTestCa *
cardio_test_get_ca (void)
{
  static KioskTestCa *ca;

  if (ca == NULL)
    {
      g_autoptr (GError) error = NULL;

      ca = kiosk_test_ca_load (cardio_test_ca_dir (), &error);
      g_assert_no_error (error);
    }
  return ca;
}

static KioskVirtualCard *
card_from_profile (KioskCardProfile *profile)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  KioskVirtualCard *card = kiosk_virtual_card_new (profile, cardio_test_get_ca (), now, &error);

  g_assert_no_error (error);
  return card;
}

KioskVirtualCard *
cardio_test_card_new (const char *profile_name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (KioskCardProfile) profile
             = kiosk_card_profile_load_named (cardio_test_cards_dir (), profile_name, now, &error);

  g_assert_no_error (error);
  return card_from_profile (profile);
}

KioskVirtualCard *
cardio_test_card_new_from_keys (const char *keys)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *dir = g_dir_make_tmp ("cardio-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "temp.card", NULL);
  g_autofree char *text = g_strconcat ("[card]\n", keys, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  g_autoptr (KioskCardProfile) profile = kiosk_card_profile_load (path, now, &error);
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
  return card_from_profile (profile);
}

KioskTrustStore *
cardio_test_trust_store_new (gboolean test_ca, gboolean jlis)
{
  g_autoptr (GError) error = NULL;
  KioskTrustStore *store = kiosk_trust_store_new ();
  KioskTestCa *ca = cardio_test_get_ca ();

  if (test_ca)
    {
      kiosk_trust_store_add_path (store, kiosk_test_ca_get_auth_ca_path (ca), &error);
      g_assert_no_error (error);
      kiosk_trust_store_add_path (store, kiosk_test_ca_get_sign_ca_path (ca), &error);
      g_assert_no_error (error);
    }
  if (jlis)
    {
      kiosk_trust_store_add_path (store, cardio_test_jpki_ca_dir (), &error);
      g_assert_no_error (error);
    }
  return store;
}

GBytes *
cardio_test_response (const guint8 *data, gsize len, guint16 sw)
{
  GByteArray *response = g_byte_array_sized_new (len + 2);
  const guint8 status[] = { sw >> 8, sw & 0xFF };

  if (len > 0)
    g_byte_array_append (response, data, len);
  g_byte_array_append (response, status, sizeof status);
  return g_byte_array_free_to_bytes (response);
}

/* TestTransport */

struct _TestTransport
{
  KioskCardTransport parent_instance;

  TestResponder responder;
  gpointer user_data;
  KioskVirtualCard *card;
  GPtrArray *commands;
};

G_DEFINE_FINAL_TYPE (TestTransport, test_transport, KIOSK_TYPE_CARD_TRANSPORT)

static KioskReaderState
test_transport_wait_for_change (KioskCardTransport *transport, KioskReaderState known,
                                guint timeout_ms, char **reader_name)
{
  *reader_name = g_strdup ("Test Reader");
  return KIOSK_READER_STATE_CARD_PRESENT;
}

static GBytes *
test_transport_connect (KioskCardTransport *transport, GError **error)
{
  TestTransport *self = TEST_TRANSPORT (transport);

  if (self->card != NULL)
    return g_bytes_ref (kiosk_virtual_card_get_atr (self->card));
  return g_bytes_new_static ("\x3B\x00", 2);
}

static GBytes *
test_transport_transmit (KioskCardTransport *transport, const guint8 *command, gsize command_len,
                         GError **error)
{
  TestTransport *self = TEST_TRANSPORT (transport);

  g_ptr_array_add (self->commands, g_bytes_new (command, command_len));

  if (self->card != NULL)
    {
      gboolean pulled = FALSE;
      GBytes *response = kiosk_virtual_card_process (self->card, command, command_len, &pulled);

      if (pulled)
        g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED, "pulled");
      return response;
    }
  return self->responder (command, command_len, self->user_data, error);
}

static void
test_transport_finalize (GObject *object)
{
  TestTransport *self = TEST_TRANSPORT (object);

  g_clear_object (&self->card);
  g_clear_pointer (&self->commands, g_ptr_array_unref);

  G_OBJECT_CLASS (test_transport_parent_class)->finalize (object);
}

static void
test_transport_class_init (TestTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskCardTransportClass *transport_class = KIOSK_CARD_TRANSPORT_CLASS (klass);

  object_class->finalize = test_transport_finalize;
  transport_class->wait_for_change = test_transport_wait_for_change;
  transport_class->connect = test_transport_connect;
  transport_class->transmit = test_transport_transmit;
}

static void
test_transport_init (TestTransport *self)
{
  self->commands = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
}

TestTransport *
test_transport_new (TestResponder responder, gpointer user_data)
{
  TestTransport *self = g_object_new (TEST_TYPE_TRANSPORT, NULL);

  self->responder = responder;
  self->user_data = user_data;
  return self;
}

TestTransport *
test_transport_new_for_card (KioskVirtualCard *card)
{
  TestTransport *self = g_object_new (TEST_TYPE_TRANSPORT, NULL);

  self->card = g_object_ref (card);
  return self;
}

GPtrArray *
test_transport_get_commands (TestTransport *self)
{
  return self->commands;
}

void
test_transport_assert_command (TestTransport *self, guint index, const char *hex)
{
  g_autoptr (GByteArray) expected = g_byte_array_new ();

  for (const char *p = hex; *p != '\0';)
    {
      if (*p == ' ')
        {
          p++;
          continue;
        }
      g_assert_true (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]));
      guint8 byte = g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]);
      g_byte_array_append (expected, &byte, 1);
      p += 2;
    }

  g_assert_cmpuint (index, <, self->commands->len);
  GBytes *sent = g_ptr_array_index (self->commands, index);
  g_assert_cmpmem (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent), expected->data,
                   expected->len);
}
