/* kiosk-vpcd-client.c: plays a virtual card into vsmartcard's vpcd (the "card side" of its socket)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-vpcd-client.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "kiosk-secret.h"

#define RETRY_INTERVAL_MS 100
#define MAX_FRAME 0xFFFF

enum
{
  CONTROL_POWER_OFF = 0,
  CONTROL_POWER_ON = 1,
  CONTROL_RESET = 2,
  CONTROL_SEND_ATR = 4,
};

enum
{
  SIGNAL_INSERTED,
  SIGNAL_WAITING,
  SIGNAL_CONNECTION_LOST,
  SIGNAL_RECONNECTED,
  SIGNAL_PULLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _KioskVpcdClient
{
  GObject parent_instance;

  GMainContext *context;
  char *host;
  guint16 port;

  KioskVirtualCard *card; /* set while inserted */
  GSocket *socket;        /* set while connected */
  GSource *input_source;
  GSource *retry_source;
  GByteArray *buffer; /* received bytes not yet a whole frame */
  gboolean reconnecting;
  gboolean waiting_reported;
};

G_DEFINE_FINAL_TYPE (KioskVpcdClient, kiosk_vpcd_client, G_TYPE_OBJECT)

static void
wipe_buffer (KioskVpcdClient *self)
{
  /* Received bytes may hold a PIN (VERIFY, CHANGE REFERENCE DATA). */
  kiosk_secret_wipe (self->buffer->data, self->buffer->len);
  g_byte_array_set_size (self->buffer, 0);
}

static void
close_connection (KioskVpcdClient *self)
{
  if (self->input_source != NULL)
    {
      g_source_destroy (self->input_source);
      g_clear_pointer (&self->input_source, g_source_unref);
    }
  if (self->socket != NULL)
    {
      g_socket_close (self->socket, NULL);
      g_clear_object (&self->socket);
    }
  wipe_buffer (self);
}

static void
stop_retrying (KioskVpcdClient *self)
{
  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }
}

static void
set_tcp_option (GSocket *socket, int option)
{
  g_autoptr (GError) error = NULL;

  if (!g_socket_set_option (socket, IPPROTO_TCP, option, 1, &error))
    g_warning ("cannot set TCP option %d: %s", option, error->message);
}

static void schedule_retry (KioskVpcdClient *self);
static gboolean on_socket_ready (GSocket *socket, GIOCondition condition, gpointer user_data);

static gboolean
send_frame (KioskVpcdClient *self, const guint8 *payload, gsize len)
{
  g_autoptr (GByteArray) frame = g_byte_array_sized_new (len + 2);
  guint8 header[2] = { len >> 8, len & 0xff };
  gsize sent = 0;

  g_return_val_if_fail (len <= MAX_FRAME, FALSE);

  /* One send() per frame: with TCP_NODELAY it leaves in one segment, not two. */
  g_byte_array_append (frame, header, sizeof header);
  g_byte_array_append (frame, payload, len);
  while (sent < frame->len)
    {
      g_autoptr (GError) error = NULL;
      gssize n = g_socket_send (self->socket, (const char *)frame->data + sent, frame->len - sent,
                                NULL, &error);
      if (n < 0)
        {
          g_debug ("send to vpcd failed: %s", error->message);
          return FALSE;
        }
      sent += n;
    }
  return TRUE;
}

static void
connection_lost (KioskVpcdClient *self)
{
  close_connection (self);
  self->reconnecting = TRUE;
  self->waiting_reported = FALSE;
  g_signal_emit (self, signals[SIGNAL_CONNECTION_LOST], 0);
  /* Not at once: vpcd closing on us while still listening must not become a tight loop. */
  schedule_retry (self);
}

/* Returns FALSE when the connection ended (the card was pulled or vpcd went away). */
static gboolean
handle_frame (KioskVpcdClient *self, const guint8 *payload, gsize len)
{
  if (len == 0)
    return TRUE;

  if (len == 1)
    {
      switch (payload[0])
        {
        case CONTROL_POWER_OFF:
        case CONTROL_POWER_ON:
        case CONTROL_RESET:
          /* Each ends the card's session: no security state survives a power cycle. */
          kiosk_virtual_card_reset (self->card);
          return TRUE;
        case CONTROL_SEND_ATR:
          {
            GBytes *atr = kiosk_virtual_card_get_atr (self->card);
            if (send_frame (self, g_bytes_get_data (atr, NULL), g_bytes_get_size (atr)))
              return TRUE;
            connection_lost (self);
            return FALSE;
          }
        default:
          g_debug ("ignoring unknown vpcd control code %u", payload[0]);
          return TRUE;
        }
    }

  gboolean pulled = FALSE;
  g_autoptr (GBytes) response = kiosk_virtual_card_process (self->card, payload, len, &pulled);
  if (pulled)
    {
      guint apdu
          = kiosk_card_profile_get_pull_at_apdu (kiosk_virtual_card_get_profile (self->card));

      /* The card is out: no answer, the socket closes (vpcd reports the card gone), and it stays
       * out until the next insert. */
      close_connection (self);
      g_clear_object (&self->card);
      g_signal_emit (self, signals[SIGNAL_PULLED], 0, apdu);
      return FALSE;
    }
  if (!send_frame (self, g_bytes_get_data (response, NULL), g_bytes_get_size (response)))
    {
      connection_lost (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
on_socket_ready (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  KioskVpcdClient *self = KIOSK_VPCD_CLIENT (user_data);
  g_autoptr (GError) error = NULL;
  guint8 chunk[4096];

  gssize n = g_socket_receive (socket, (char *)chunk, sizeof chunk, NULL, &error);
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      /* EOF or ECONNRESET: vpcd went away (pcscd stopped or restarted). */
      g_debug ("vpcd closed the connection: %s", n < 0 ? error->message : "end of stream");
      connection_lost (self);
      return G_SOURCE_REMOVE;
    }

  /* TCP_QUICKACK is not sticky: re-arm it after every read, or the kernel falls back to delayed
   * ACKs and, as vpcd writes a frame in two send()s, each APDU waits ~40 ms for the second half
   * (test-environment.md). */
  set_tcp_option (socket, TCP_QUICKACK);

  g_byte_array_append (self->buffer, chunk, n);
  kiosk_secret_wipe (chunk, n);

  while (self->buffer->len >= 2)
    {
      gsize len = (gsize)self->buffer->data[0] << 8 | self->buffer->data[1];

      if (self->buffer->len < len + 2)
        break;
      if (!handle_frame (self, self->buffer->data + 2, len))
        return G_SOURCE_REMOVE; /* the connection is closed and the buffer wiped */
      kiosk_secret_wipe (self->buffer->data, len + 2);
      g_byte_array_remove_range (self->buffer, 0, len + 2);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
try_connect (KioskVpcdClient *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) address = g_inet_address_new_from_string (self->host);
  g_autoptr (GSocketAddress) socket_address = NULL;
  g_autoptr (GSocket) socket = NULL;

  if (address == NULL)
    {
      g_warning ("“%s” is not an IP address", self->host);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (address, self->port);
  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  /* A blocking connect on loopback returns at once: accepted, or refused while pcscd (and with
   * it vpcd) is down. */
  if (socket == NULL || !g_socket_connect (socket, socket_address, NULL, &error))
    {
      g_debug ("cannot connect to vpcd at %s:%u: %s", self->host, self->port, error->message);
      return FALSE;
    }

  set_tcp_option (socket, TCP_NODELAY);
  set_tcp_option (socket, TCP_QUICKACK);
  self->socket = g_steal_pointer (&socket);
  self->input_source = g_socket_create_source (self->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (self->input_source, G_SOURCE_FUNC (on_socket_ready), self, NULL);
  g_source_attach (self->input_source, self->context);
  return TRUE;
}

/* Returns TRUE when connected (and the matching signal emitted). */
static gboolean
connect_now (KioskVpcdClient *self)
{
  if (!try_connect (self))
    {
      if (!self->waiting_reported)
        {
          self->waiting_reported = TRUE;
          g_signal_emit (self, signals[SIGNAL_WAITING], 0);
        }
      return FALSE;
    }

  gboolean was_reconnecting = self->reconnecting;
  self->reconnecting = FALSE;
  self->waiting_reported = FALSE;
  g_signal_emit (self, was_reconnecting ? signals[SIGNAL_RECONNECTED] : signals[SIGNAL_INSERTED],
                 0);
  return TRUE;
}

static gboolean
on_retry (gpointer user_data)
{
  KioskVpcdClient *self = KIOSK_VPCD_CLIENT (user_data);

  if (!connect_now (self))
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->retry_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (KioskVpcdClient *self)
{
  if (self->retry_source != NULL)
    return;
  self->retry_source = g_timeout_source_new (RETRY_INTERVAL_MS);
  g_source_set_callback (self->retry_source, on_retry, self, NULL);
  g_source_attach (self->retry_source, self->context);
}

static void
kiosk_vpcd_client_dispose (GObject *object)
{
  KioskVpcdClient *self = KIOSK_VPCD_CLIENT (object);

  stop_retrying (self);
  close_connection (self);
  g_clear_object (&self->card);

  G_OBJECT_CLASS (kiosk_vpcd_client_parent_class)->dispose (object);
}

static void
kiosk_vpcd_client_finalize (GObject *object)
{
  KioskVpcdClient *self = KIOSK_VPCD_CLIENT (object);

  g_byte_array_unref (self->buffer);
  g_free (self->host);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (kiosk_vpcd_client_parent_class)->finalize (object);
}

static void
kiosk_vpcd_client_class_init (KioskVpcdClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_vpcd_client_dispose;
  object_class->finalize = kiosk_vpcd_client_finalize;

  signals[SIGNAL_INSERTED] = g_signal_new ("inserted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_WAITING] = g_signal_new ("waiting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CONNECTION_LOST]
      = g_signal_new ("connection-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_RECONNECTED]
      = g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PULLED] = g_signal_new ("pulled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
kiosk_vpcd_client_init (KioskVpcdClient *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->buffer = g_byte_array_new ();
}

KioskVpcdClient *
kiosk_vpcd_client_new (const char *host, guint16 port)
{
  g_return_val_if_fail (host != NULL, NULL);

  KioskVpcdClient *self = g_object_new (KIOSK_TYPE_VPCD_CLIENT, NULL);
  self->host = g_strdup (host);
  self->port = port;
  return self;
}

void
kiosk_vpcd_client_insert (KioskVpcdClient *self, KioskVirtualCard *card)
{
  g_return_if_fail (KIOSK_IS_VPCD_CLIENT (self));
  g_return_if_fail (KIOSK_IS_VIRTUAL_CARD (card));
  g_return_if_fail (self->card == NULL);

  self->card = g_object_ref (card);
  /* Powered up by insertion (and a card pulled earlier is whole again). vpcd powers it on too
   * once pcscd notices it; resetting twice is harmless. */
  kiosk_virtual_card_reset (card);
  self->reconnecting = FALSE;
  self->waiting_reported = FALSE;
  if (!connect_now (self))
    schedule_retry (self);
}

void
kiosk_vpcd_client_remove (KioskVpcdClient *self)
{
  g_return_if_fail (KIOSK_IS_VPCD_CLIENT (self));

  stop_retrying (self);
  close_connection (self);
  g_clear_object (&self->card);
  self->reconnecting = FALSE;
}

gboolean
kiosk_vpcd_client_is_inserted (KioskVpcdClient *self)
{
  g_return_val_if_fail (KIOSK_IS_VPCD_CLIENT (self), FALSE);
  return self->card != NULL;
}

KioskVirtualCard *
kiosk_vpcd_client_get_card (KioskVpcdClient *self)
{
  g_return_val_if_fail (KIOSK_IS_VPCD_CLIENT (self), NULL);
  return self->card;
}
