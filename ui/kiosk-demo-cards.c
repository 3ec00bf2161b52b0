/* kiosk-demo-cards.c: the demo's card drawer: virtual cards by profile, into and out of the reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-demo-cards.h"

#include "kiosk-card-profile.h"

struct _KioskDemoCards
{
  GObject parent_instance;

  KioskVirtualTransport *transport;
  KioskTestCa *test_ca;
  KioskClock *clock;
  char *cards_dir;
  GStrv names;
  GHashTable *profiles; /* name → KioskCardProfile, or absent when it did not load */
  GHashTable *cards;    /* name → KioskVirtualCard, made on first insert */
  gboolean reader_present;
};

G_DEFINE_FINAL_TYPE (KioskDemoCards, kiosk_demo_cards, G_TYPE_OBJECT)

static void
kiosk_demo_cards_dispose (GObject *object)
{
  KioskDemoCards *self = KIOSK_DEMO_CARDS (object);

  g_clear_pointer (&self->cards, g_hash_table_unref);
  g_clear_pointer (&self->profiles, g_hash_table_unref);
  g_clear_object (&self->transport);
  g_clear_object (&self->test_ca);
  g_clear_object (&self->clock);
  G_OBJECT_CLASS (kiosk_demo_cards_parent_class)->dispose (object);
}

static void
kiosk_demo_cards_finalize (GObject *object)
{
  KioskDemoCards *self = KIOSK_DEMO_CARDS (object);

  g_free (self->cards_dir);
  g_strfreev (self->names);
  G_OBJECT_CLASS (kiosk_demo_cards_parent_class)->finalize (object);
}

static void
kiosk_demo_cards_class_init (KioskDemoCardsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_demo_cards_dispose;
  object_class->finalize = kiosk_demo_cards_finalize;
}

static void
kiosk_demo_cards_init (KioskDemoCards *self)
{
  self->profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)kiosk_card_profile_unref);
  self->cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->reader_present = TRUE;
}

static const char *
first_existing (const char *env_name, const char *const *candidates)
{
  const char *from_env = env_name != NULL ? g_getenv (env_name) : NULL;

  if (from_env != NULL && *from_env != '\0')
    return from_env;
  for (guint i = 0; candidates[i + 1] != NULL; i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_DIR))
      return candidates[i];
  /* The last candidate is the answer when none exists: errors then name the expected place. */
  return candidates[g_strv_length ((GStrv)candidates) - 1];
}

const char *
kiosk_demo_cards_default_cards_dir (void)
{
  static const char *const candidates[] = { KIOSK_SOURCE_CARDS_DIR, KIOSK_DATADIR "/cards", NULL };

  return first_existing ("KIOSK_CARDS_DIR", candidates);
}

const char *
kiosk_demo_cards_default_test_ca_dir (void)
{
  static const char *const candidates[] = { KIOSK_TEST_CA_DIR, NULL };

  return first_existing ("KIOSK_TEST_CA_DIR", candidates);
}

const char *
kiosk_demo_cards_default_jpki_ca_dir (void)
{
  static const char *const candidates[]
      = { KIOSK_SOURCE_JPKI_CA_DIR, KIOSK_DATADIR "/jpki-ca", NULL };

  return first_existing (NULL, candidates);
}

KioskDemoCards *
kiosk_demo_cards_new (KioskVirtualTransport *transport, const char *cards_dir, KioskTestCa *test_ca,
                      KioskClock *clock, GError **error)
{
  g_autoptr (KioskDemoCards) self = NULL;
  g_autoptr (GDateTime) now = NULL;

  g_return_val_if_fail (KIOSK_IS_VIRTUAL_TRANSPORT (transport), NULL);
  g_return_val_if_fail (cards_dir != NULL, NULL);
  g_return_val_if_fail (KIOSK_IS_TEST_CA (test_ca), NULL);
  g_return_val_if_fail (KIOSK_IS_CLOCK (clock), NULL);

  self = g_object_new (KIOSK_TYPE_DEMO_CARDS, NULL);
  self->transport = g_object_ref (transport);
  self->test_ca = g_object_ref (test_ca);
  self->clock = g_object_ref (clock);
  self->cards_dir = g_strdup (cards_dir);
  self->names = kiosk_card_profile_list (cards_dir, error);
  if (self->names == NULL)
    return NULL;

  /* Profiles are loaded up front so the panel can show their descriptions; one that does not
   * load is still listed, and inserting it reports why. */
  now = kiosk_clock_now (clock);
  for (guint i = 0; self->names[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;
      KioskCardProfile *profile
          = kiosk_card_profile_load_named (cards_dir, self->names[i], now, &local_error);

      if (profile == NULL)
        g_warning ("card profile %s: %s", self->names[i], local_error->message);
      else
        g_hash_table_insert (self->profiles, g_strdup (self->names[i]), profile);
    }
  return g_steal_pointer (&self);
}

const char *const *
kiosk_demo_cards_get_names (KioskDemoCards *self)
{
  g_return_val_if_fail (KIOSK_IS_DEMO_CARDS (self), NULL);
  return (const char *const *)self->names;
}

const char *
kiosk_demo_cards_get_description (KioskDemoCards *self, const char *name)
{
  KioskCardProfile *profile;

  g_return_val_if_fail (KIOSK_IS_DEMO_CARDS (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  profile = g_hash_table_lookup (self->profiles, name);
  return profile != NULL ? kiosk_card_profile_get_description (profile) : NULL;
}

static KioskVirtualCard *
get_card (KioskDemoCards *self, const char *name, GError **error)
{
  KioskVirtualCard *card = g_hash_table_lookup (self->cards, name);
  g_autoptr (KioskCardProfile) profile = NULL;
  g_autoptr (GDateTime) now = NULL;

  if (card != NULL)
    return card;

  now = kiosk_clock_now (self->clock);
  profile = g_hash_table_lookup (self->profiles, name);
  if (profile != NULL)
    kiosk_card_profile_ref (profile);
  else
    profile = kiosk_card_profile_load_named (self->cards_dir, name, now, error);
  if (profile == NULL)
    return NULL;

  card = kiosk_virtual_card_new (profile, self->test_ca, now, error);
  if (card == NULL)
    return NULL;
  g_hash_table_insert (self->cards, g_strdup (name), card);
  return card;
}

gboolean
kiosk_demo_cards_insert (KioskDemoCards *self, const char *name, GError **error)
{
  KioskVirtualCard *card;

  g_return_val_if_fail (KIOSK_IS_DEMO_CARDS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  card = get_card (self, name, error);
  if (card == NULL)
    return FALSE;
  kiosk_virtual_transport_insert (self->transport, card);
  return TRUE;
}

void
kiosk_demo_cards_remove (KioskDemoCards *self)
{
  g_return_if_fail (KIOSK_IS_DEMO_CARDS (self));
  kiosk_virtual_transport_remove (self->transport);
}

void
kiosk_demo_cards_set_reader_present (KioskDemoCards *self, gboolean present)
{
  g_return_if_fail (KIOSK_IS_DEMO_CARDS (self));
  self->reader_present = !!present;
  kiosk_virtual_transport_set_reader_present (self->transport, present);
}

gboolean
kiosk_demo_cards_get_reader_present (KioskDemoCards *self)
{
  g_return_val_if_fail (KIOSK_IS_DEMO_CARDS (self), FALSE);
  return self->reader_present;
}

char *
kiosk_demo_cards_dup_inserted (KioskDemoCards *self)
{
  g_autoptr (KioskVirtualCard) card = NULL;

  g_return_val_if_fail (KIOSK_IS_DEMO_CARDS (self), NULL);

  card = kiosk_virtual_transport_get_card (self->transport);
  if (card == NULL)
    return NULL;
  return g_strdup (kiosk_card_profile_get_name (kiosk_virtual_card_get_profile (card)));
}

KioskVirtualTransport *
kiosk_demo_cards_get_transport (KioskDemoCards *self)
{
  g_return_val_if_fail (KIOSK_IS_DEMO_CARDS (self), NULL);
  return self->transport;
}
