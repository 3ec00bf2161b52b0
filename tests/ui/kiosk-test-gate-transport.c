/* kiosk-test-gate-transport.c: a transport for UI tests: the virtual reader, with a gate on
 * every command (to hold a read while a screen is looked at) and a "not a My Number card" mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-test-gate-transport.h"

#define GATE_SAFETY_TIMEOUT_S 10

struct _KioskTestGateTransport
{
  KioskCardTransport parent_instance;

  KioskVirtualTransport *inner;
  GMutex lock;
  GCond opened;
  gboolean open;
  gboolean foreign;
  guint waiting;
};

G_DEFINE_FINAL_TYPE (KioskTestGateTransport, kiosk_test_gate_transport, KIOSK_TYPE_CARD_TRANSPORT)

static KioskReaderState
gate_wait_for_change (KioskCardTransport *transport, KioskReaderState known, guint timeout_ms,
                      char **reader_name)
{
  KioskTestGateTransport *self = KIOSK_TEST_GATE_TRANSPORT (transport);

  return kiosk_card_transport_wait_for_change (KIOSK_CARD_TRANSPORT (self->inner), known,
                                               timeout_ms, reader_name);
}

static void
gate_interrupt (KioskCardTransport *transport)
{
  KioskTestGateTransport *self = KIOSK_TEST_GATE_TRANSPORT (transport);

  kiosk_card_transport_interrupt (KIOSK_CARD_TRANSPORT (self->inner));
}

static GBytes *
gate_connect (KioskCardTransport *transport, GError **error)
{
  KioskTestGateTransport *self = KIOSK_TEST_GATE_TRANSPORT (transport);

  return kiosk_card_transport_connect (KIOSK_CARD_TRANSPORT (self->inner), error);
}

static GBytes *
gate_transmit (KioskCardTransport *transport, const guint8 *command, gsize command_len,
               GError **error)
{
  static const guint8 file_not_found[] = { 0x6A, 0x82 };
  KioskTestGateTransport *self = KIOSK_TEST_GATE_TRANSPORT (transport);
  gint64 deadline = g_get_monotonic_time () + GATE_SAFETY_TIMEOUT_S * G_TIME_SPAN_SECOND;
  gboolean foreign;

  g_mutex_lock (&self->lock);
  self->waiting++;
  while (!self->open)
    if (!g_cond_wait_until (&self->opened, &self->lock, deadline))
      break;
  self->waiting--;
  foreign = self->foreign;
  g_mutex_unlock (&self->lock);

  if (foreign)
    return g_bytes_new_static (file_not_found, sizeof file_not_found);
  return kiosk_card_transport_transmit (KIOSK_CARD_TRANSPORT (self->inner), command, command_len,
                                        error);
}

static void
gate_disconnect (KioskCardTransport *transport, gboolean reset)
{
  KioskTestGateTransport *self = KIOSK_TEST_GATE_TRANSPORT (transport);

  kiosk_card_transport_disconnect (KIOSK_CARD_TRANSPORT (self->inner), reset);
}

static void
kiosk_test_gate_transport_finalize (GObject *object)
{
  KioskTestGateTransport *self = KIOSK_TEST_GATE_TRANSPORT (object);

  g_clear_object (&self->inner);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->opened);
  G_OBJECT_CLASS (kiosk_test_gate_transport_parent_class)->finalize (object);
}

static void
kiosk_test_gate_transport_class_init (KioskTestGateTransportClass *klass)
{
  KioskCardTransportClass *transport_class = KIOSK_CARD_TRANSPORT_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = kiosk_test_gate_transport_finalize;
  transport_class->wait_for_change = gate_wait_for_change;
  transport_class->interrupt = gate_interrupt;
  transport_class->connect = gate_connect;
  transport_class->transmit = gate_transmit;
  transport_class->disconnect = gate_disconnect;
}

static void
kiosk_test_gate_transport_init (KioskTestGateTransport *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->opened);
  self->open = TRUE;
}

KioskTestGateTransport *
kiosk_test_gate_transport_new (KioskVirtualTransport *inner)
{
  KioskTestGateTransport *self = g_object_new (KIOSK_TYPE_TEST_GATE_TRANSPORT, NULL);

  self->inner = g_object_ref (inner);
  return self;
}

void
kiosk_test_gate_transport_set_open (KioskTestGateTransport *self, gboolean open)
{
  g_mutex_lock (&self->lock);
  self->open = open;
  g_cond_broadcast (&self->opened);
  g_mutex_unlock (&self->lock);
}

void
kiosk_test_gate_transport_set_foreign (KioskTestGateTransport *self, gboolean foreign)
{
  g_mutex_lock (&self->lock);
  self->foreign = foreign;
  g_mutex_unlock (&self->lock);
}

guint
kiosk_test_gate_transport_get_waiting (KioskTestGateTransport *self)
{
  guint waiting;

  g_mutex_lock (&self->lock);
  waiting = self->waiting;
  g_mutex_unlock (&self->lock);
  return waiting;
}
