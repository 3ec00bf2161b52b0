/* kiosk-card-transport.c: how the card worker reaches a card (PC/SC or the in-process virtual card)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-card-transport.h"

#include "kiosk-card-error.h"

typedef struct
{
  /* The counters are written on the worker's thread and read from anywhere (the benchmark, the
   * tests), hence the mutex. */
  GMutex counters_lock;
  guint apdus;
  guint64 bytes_sent;
  guint64 bytes_received;
} KioskCardTransportPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KioskCardTransport, kiosk_card_transport, G_TYPE_OBJECT)

static void
kiosk_card_transport_finalize (GObject *object)
{
  KioskCardTransport *self = KIOSK_CARD_TRANSPORT (object);
  KioskCardTransportPrivate *priv = kiosk_card_transport_get_instance_private (self);

  g_mutex_clear (&priv->counters_lock);

  G_OBJECT_CLASS (kiosk_card_transport_parent_class)->finalize (object);
}

static void
kiosk_card_transport_class_init (KioskCardTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiosk_card_transport_finalize;
}

static void
kiosk_card_transport_init (KioskCardTransport *self)
{
  KioskCardTransportPrivate *priv = kiosk_card_transport_get_instance_private (self);

  g_mutex_init (&priv->counters_lock);
}

KioskReaderState
kiosk_card_transport_wait_for_change (KioskCardTransport *self, KioskReaderState known,
                                      guint timeout_ms, char **reader_name)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (self), KIOSK_READER_STATE_NO_SERVICE);
  g_return_val_if_fail (reader_name == NULL || *reader_name == NULL, KIOSK_READER_STATE_NO_SERVICE);

  KioskCardTransportClass *klass = KIOSK_CARD_TRANSPORT_GET_CLASS (self);
  g_autofree char *name = NULL;

  g_return_val_if_fail (klass->wait_for_change != NULL, KIOSK_READER_STATE_NO_SERVICE);

  KioskReaderState state = klass->wait_for_change (self, known, timeout_ms, &name);

  if (reader_name != NULL)
    *reader_name = g_steal_pointer (&name);
  return state;
}

void
kiosk_card_transport_interrupt (KioskCardTransport *self)
{
  g_return_if_fail (KIOSK_IS_CARD_TRANSPORT (self));

  KioskCardTransportClass *klass = KIOSK_CARD_TRANSPORT_GET_CLASS (self);

  if (klass->interrupt != NULL)
    klass->interrupt (self);
}

GBytes *
kiosk_card_transport_connect (KioskCardTransport *self, GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  KioskCardTransportClass *klass = KIOSK_CARD_TRANSPORT_GET_CLASS (self);

  g_return_val_if_fail (klass->connect != NULL, NULL);

  return klass->connect (self, error);
}

GBytes *
kiosk_card_transport_transmit (KioskCardTransport *self, const guint8 *command, gsize command_len,
                               GError **error)
{
  g_return_val_if_fail (KIOSK_IS_CARD_TRANSPORT (self), NULL);
  g_return_val_if_fail (command != NULL && command_len >= 4, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  KioskCardTransportClass *klass = KIOSK_CARD_TRANSPORT_GET_CLASS (self);
  KioskCardTransportPrivate *priv = kiosk_card_transport_get_instance_private (self);

  g_return_val_if_fail (klass->transmit != NULL, NULL);

  GBytes *response = klass->transmit (self, command, command_len, error);

  if (response != NULL && g_bytes_get_size (response) < 2)
    {
      /* Every later layer reads SW1 SW2 from the last two bytes: refuse here once. */
      g_clear_pointer (&response, g_bytes_unref);
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED,
                   "response without a status word");
    }

  /* A command counts as sent even when the card did not answer: it went to the reader. */
  g_mutex_lock (&priv->counters_lock);
  priv->apdus++;
  priv->bytes_sent += command_len;
  if (response != NULL)
    priv->bytes_received += g_bytes_get_size (response);
  g_mutex_unlock (&priv->counters_lock);

  return response;
}

void
kiosk_card_transport_disconnect (KioskCardTransport *self, gboolean reset)
{
  g_return_if_fail (KIOSK_IS_CARD_TRANSPORT (self));

  KioskCardTransportClass *klass = KIOSK_CARD_TRANSPORT_GET_CLASS (self);

  if (klass->disconnect != NULL)
    klass->disconnect (self, reset);
}

void
kiosk_card_transport_get_counters (KioskCardTransport *self, guint *apdus, guint64 *bytes_sent,
                                   guint64 *bytes_received)
{
  g_return_if_fail (KIOSK_IS_CARD_TRANSPORT (self));

  KioskCardTransportPrivate *priv = kiosk_card_transport_get_instance_private (self);

  g_mutex_lock (&priv->counters_lock);
  if (apdus != NULL)
    *apdus = priv->apdus;
  if (bytes_sent != NULL)
    *bytes_sent = priv->bytes_sent;
  if (bytes_received != NULL)
    *bytes_received = priv->bytes_received;
  g_mutex_unlock (&priv->counters_lock);
}

void
kiosk_card_transport_reset_counters (KioskCardTransport *self)
{
  g_return_if_fail (KIOSK_IS_CARD_TRANSPORT (self));

  KioskCardTransportPrivate *priv = kiosk_card_transport_get_instance_private (self);

  g_mutex_lock (&priv->counters_lock);
  priv->apdus = 0;
  priv->bytes_sent = 0;
  priv->bytes_received = 0;
  g_mutex_unlock (&priv->counters_lock);
}
