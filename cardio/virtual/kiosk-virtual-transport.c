/* kiosk-virtual-transport.c: the in-process virtual card as a transport (unit tests and demo)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-virtual-transport.h"

#include "kiosk-card-error.h"

#define READER_NAME "Madoguchi Virtual Reader"

struct _KioskVirtualTransport
{
  KioskCardTransport parent_instance;

  /* The demo panel and tests insert and remove on their thread while the worker waits or
   * transmits on its own: everything below is under the lock, and the cond wakes the waiter. */
  GMutex lock;
  GCond changed;
  gboolean reader_present;
  KioskVirtualCard *card;
  /* Bumped whenever the card in the reader changes or loses power (insert, remove, reader
   * unplugged): a connection made under an older generation talks to a card that is gone. */
  guint64 generation;
  gboolean connected;
  guint64 connected_generation;
  /* Sticky: an interrupt that comes while no one waits makes the next wait return at once, so a
   * request queued just before the worker starts waiting is never left waiting a full timeout. */
  gboolean interrupted;
};

G_DEFINE_FINAL_TYPE (KioskVirtualTransport, kiosk_virtual_transport, KIOSK_TYPE_CARD_TRANSPORT)

/* Caller holds the lock. */
static KioskReaderState
current_state (KioskVirtualTransport *self)
{
  if (!self->reader_present)
    return KIOSK_READER_STATE_NO_READER;
  return self->card != NULL ? KIOSK_READER_STATE_CARD_PRESENT : KIOSK_READER_STATE_EMPTY;
}

static KioskReaderState
kiosk_virtual_transport_wait_for_change (KioskCardTransport *transport, KioskReaderState known,
                                         guint timeout_ms, char **reader_name)
{
  KioskVirtualTransport *self = KIOSK_VIRTUAL_TRANSPORT (transport);
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;

  g_mutex_lock (&self->lock);
  while (current_state (self) == known && !self->interrupted)
    if (!g_cond_wait_until (&self->changed, &self->lock, deadline))
      break;
  self->interrupted = FALSE;
  KioskReaderState state = current_state (self);
  if (reader_name != NULL)
    *reader_name = self->reader_present ? g_strdup (READER_NAME) : NULL;
  g_mutex_unlock (&self->lock);
  return state;
}

static void
kiosk_virtual_transport_interrupt (KioskCardTransport *transport)
{
  KioskVirtualTransport *self = KIOSK_VIRTUAL_TRANSPORT (transport);

  g_mutex_lock (&self->lock);
  self->interrupted = TRUE;
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);
}

static GBytes *
kiosk_virtual_transport_connect (KioskCardTransport *transport, GError **error)
{
  KioskVirtualTransport *self = KIOSK_VIRTUAL_TRANSPORT (transport);
  GBytes *atr = NULL;

  g_mutex_lock (&self->lock);
  if (!self->reader_present)
    g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NO_READER, "no reader: %s unplugged",
                 READER_NAME);
  else if (self->card == NULL)
    g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NO_CARD, "no card in %s", READER_NAME);
  else
    {
      /* Connecting does not reset the card: as with PC/SC's LEAVE_CARD, a verified PIN survives
       * a disconnect without reset (jpki-card.md §3.6). The card was powered on insertion. */
      self->connected = TRUE;
      self->connected_generation = self->generation;
      atr = g_bytes_ref (kiosk_virtual_card_get_atr (self->card));
    }
  g_mutex_unlock (&self->lock);
  return atr;
}

/* Caller holds the lock. */
static gboolean
check_connection (KioskVirtualTransport *self, GError **error)
{
  if (!self->reader_present)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_READER_GONE, "%s was unplugged",
                   READER_NAME);
      return FALSE;
    }
  if (!self->connected)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NO_CARD, "not connected to a card");
      return FALSE;
    }
  if (self->connected_generation != self->generation)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED,
                   "the card was removed from %s", READER_NAME);
      return FALSE;
    }
  return TRUE;
}

static GBytes *
kiosk_virtual_transport_transmit (KioskCardTransport *transport, const guint8 *command,
                                  gsize command_len, GError **error)
{
  KioskVirtualTransport *self = KIOSK_VIRTUAL_TRANSPORT (transport);
  g_autoptr (KioskVirtualCard) card = NULL;
  g_autoptr (GBytes) response = NULL;
  gboolean pulled = FALSE;

  g_mutex_lock (&self->lock);
  if (!check_connection (self, error))
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  card = g_object_ref (self->card);
  guint64 generation = self->generation;
  g_mutex_unlock (&self->lock);

  /* Unlocked: a slow card sleeps in here, and the demo must be able to pull it meanwhile. */
  response = kiosk_virtual_card_process (card, command, command_len, &pulled);

  g_mutex_lock (&self->lock);
  if (pulled && self->generation == generation)
    {
      /* The profile's pull-at-apdu fault: the card leaves the reader mid-command. */
      g_clear_object (&self->card);
      self->generation++;
      g_cond_broadcast (&self->changed);
    }
  gboolean ok = check_connection (self, error);
  g_mutex_unlock (&self->lock);

  if (!ok)
    return NULL;
  return g_steal_pointer (&response);
}

static void
kiosk_virtual_transport_disconnect (KioskCardTransport *transport, gboolean reset)
{
  KioskVirtualTransport *self = KIOSK_VIRTUAL_TRANSPORT (transport);
  g_autoptr (KioskVirtualCard) card = NULL;

  g_mutex_lock (&self->lock);
  if (reset && self->connected && self->card != NULL
      && self->connected_generation == self->generation)
    card = g_object_ref (self->card);
  self->connected = FALSE;
  g_mutex_unlock (&self->lock);

  if (card != NULL)
    kiosk_virtual_card_reset (card);
}

static void
kiosk_virtual_transport_finalize (GObject *object)
{
  KioskVirtualTransport *self = KIOSK_VIRTUAL_TRANSPORT (object);

  g_clear_object (&self->card);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->changed);

  G_OBJECT_CLASS (kiosk_virtual_transport_parent_class)->finalize (object);
}

static void
kiosk_virtual_transport_class_init (KioskVirtualTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskCardTransportClass *transport_class = KIOSK_CARD_TRANSPORT_CLASS (klass);

  object_class->finalize = kiosk_virtual_transport_finalize;
  transport_class->wait_for_change = kiosk_virtual_transport_wait_for_change;
  transport_class->interrupt = kiosk_virtual_transport_interrupt;
  transport_class->connect = kiosk_virtual_transport_connect;
  transport_class->transmit = kiosk_virtual_transport_transmit;
  transport_class->disconnect = kiosk_virtual_transport_disconnect;
}

static void
kiosk_virtual_transport_init (KioskVirtualTransport *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->changed);
  self->reader_present = TRUE;
}

KioskVirtualTransport *
kiosk_virtual_transport_new (void)
{
  return g_object_new (KIOSK_TYPE_VIRTUAL_TRANSPORT, NULL);
}

void
kiosk_virtual_transport_insert (KioskVirtualTransport *self, KioskVirtualCard *card)
{
  g_return_if_fail (KIOSK_IS_VIRTUAL_TRANSPORT (self));
  g_return_if_fail (KIOSK_IS_VIRTUAL_CARD (card));

  /* Insertion powers the card up: a fresh session (and a pulled card is back). */
  kiosk_virtual_card_reset (card);

  g_mutex_lock (&self->lock);
  g_set_object (&self->card, card);
  self->generation++;
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);
}

void
kiosk_virtual_transport_remove (KioskVirtualTransport *self)
{
  g_return_if_fail (KIOSK_IS_VIRTUAL_TRANSPORT (self));

  g_mutex_lock (&self->lock);
  if (self->card != NULL)
    {
      g_clear_object (&self->card);
      self->generation++;
      g_cond_broadcast (&self->changed);
    }
  g_mutex_unlock (&self->lock);
}

void
kiosk_virtual_transport_set_reader_present (KioskVirtualTransport *self, gboolean present)
{
  g_return_if_fail (KIOSK_IS_VIRTUAL_TRANSPORT (self));

  g_mutex_lock (&self->lock);
  if (self->reader_present != !!present)
    {
      /* A card left in an unplugged reader stays in it, but loses power: plugged back in, it
       * starts a fresh session. (Lock order: transport, then card; never the other way.) */
      self->reader_present = !!present;
      self->generation++;
      if (present && self->card != NULL)
        kiosk_virtual_card_reset (self->card);
      g_cond_broadcast (&self->changed);
    }
  g_mutex_unlock (&self->lock);
}

KioskVirtualCard *
kiosk_virtual_transport_get_card (KioskVirtualTransport *self)
{
  g_return_val_if_fail (KIOSK_IS_VIRTUAL_TRANSPORT (self), NULL);

  g_mutex_lock (&self->lock);
  KioskVirtualCard *card = self->card != NULL ? g_object_ref (self->card) : NULL;
  g_mutex_unlock (&self->lock);
  return card;
}
