/* kiosk-pcsc-transport.c: real readers through pcsc-lite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-pcsc-transport.h"

#include <string.h>
#include <winscard.h>

#include "kiosk-card-error.h"

/* The pseudo reader whose state changes when a reader is plugged in or out. pcsc-lite signals
 * it only for hot-plugged (USB) readers; vpcd's readers exist from pcscd's start. */
#define PNP_NOTIFICATION "\\\\?PnP?\\Notification"
/* Between attempts to reach a pcscd that is down, or after an answer that would otherwise be
 * asked again at once (pcsc-lite 1.9.9 answers SCARD_E_UNKNOWN_READER without waiting). */
#define RETRY_INTERVAL_MS 300
/* SCardGetStatusChange takes at most PCSCLITE_MAX_READERS_CONTEXTS entries, PnP included. */
#define MAX_WATCHED_READERS (PCSCLITE_MAX_READERS_CONTEXTS - 1)
/* 256 data bytes + SW1 SW2 at least (short APDUs). */
#define RECEIVE_BUFFER_SIZE MAX (MAX_BUFFER_SIZE, 258)

struct _KioskPcscTransport
{
  KioskCardTransport parent_instance;

  char *filter; /* substring of the reader name; "" = any */

  /* Under lock: interrupt() runs on any thread */
  GMutex lock;
  GCond wake;
  gboolean interrupted;      /* sticky until a wait consumes it, so no wake-up is lost */
  gboolean waiting;          /* inside (or about to enter) SCardGetStatusChange on wait_context */
  SCARDCONTEXT wait_context; /* only for SCardGetStatusChange, so SCardCancel cancels only that */
  gboolean have_wait_context;
  gboolean quitting;  /* the canceller thread ends */
  GThread *canceller; /* turns interrupt() into SCardCancel calls, see canceller_thread() */

  /* Worker thread only */
  SCARDCONTEXT io_context;
  gboolean have_io_context;
  SCARDHANDLE card;
  gboolean connected;
  DWORD protocol;
  char *reader; /* the reader the last state was about */
};

G_DEFINE_FINAL_TYPE (KioskPcscTransport, kiosk_pcsc_transport, KIOSK_TYPE_CARD_TRANSPORT)

/*
 * PC/SC return values → KIOSK_CARD_ERROR (after OpenSC's pcsc_to_opensc_error). pcsc-lite 1.9.9
 * gives SCARD_F_COMM_ERROR to a call in progress when pcscd stops, and SCARD_E_INVALID_HANDLE
 * for a context made before a restart: both mean "the service went away".
 */
static const struct
{
  LONG rv;
  KioskCardError code;
} rv_table[] = {
  { SCARD_E_NO_SERVICE, KIOSK_CARD_ERROR_NO_SERVICE },
  { SCARD_E_SERVICE_STOPPED, KIOSK_CARD_ERROR_NO_SERVICE },
  { SCARD_F_COMM_ERROR, KIOSK_CARD_ERROR_NO_SERVICE },
  { SCARD_E_INVALID_HANDLE, KIOSK_CARD_ERROR_NO_SERVICE },
  { SCARD_E_NO_READERS_AVAILABLE, KIOSK_CARD_ERROR_NO_READER },
  { SCARD_E_READER_UNAVAILABLE, KIOSK_CARD_ERROR_READER_GONE },
  { SCARD_E_UNKNOWN_READER, KIOSK_CARD_ERROR_READER_GONE },
  { SCARD_W_REMOVED_CARD, KIOSK_CARD_ERROR_REMOVED },
  { SCARD_E_NO_SMARTCARD, KIOSK_CARD_ERROR_REMOVED },
  { SCARD_W_UNPOWERED_CARD, KIOSK_CARD_ERROR_REMOVED },
  /* vpcd and real readers give this first when the card leaves mid-exchange
   * (test-environment.md) */
  { SCARD_E_NOT_TRANSACTED, KIOSK_CARD_ERROR_REMOVED },
  { SCARD_W_UNRESPONSIVE_CARD, KIOSK_CARD_ERROR_UNRESPONSIVE },
  { SCARD_W_UNSUPPORTED_CARD, KIOSK_CARD_ERROR_UNRESPONSIVE },
  { SCARD_E_PROTO_MISMATCH, KIOSK_CARD_ERROR_UNRESPONSIVE },
  { SCARD_E_SHARING_VIOLATION, KIOSK_CARD_ERROR_UNRESPONSIVE },
};

static KioskCardError
error_code_from_rv (LONG rv)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rv_table); i++)
    if (rv_table[i].rv == rv)
      return rv_table[i].code;
  return KIOSK_CARD_ERROR_UNRESPONSIVE;
}

static gboolean
rv_is_no_service (LONG rv)
{
  return error_code_from_rv (rv) == KIOSK_CARD_ERROR_NO_SERVICE;
}

/* @in_session: a card was connected. Without one, "no card" is NO_CARD rather than REMOVED. */
static void
set_error_from_rv (GError **error, LONG rv, const char *what, gboolean in_session)
{
  KioskCardError code = error_code_from_rv (rv);

  if (!in_session && code == KIOSK_CARD_ERROR_REMOVED)
    code = KIOSK_CARD_ERROR_NO_CARD;
  /* pcsc_stringify_error() writes a thread-local buffer: the message is formatted (copied) at
   * once. */
  g_set_error (error, KIOSK_CARD_ERROR, code, "%s: %s (0x%08lX)", what, pcsc_stringify_error (rv),
               (unsigned long)rv);
}

/* Contexts */

static void
drop_card (KioskPcscTransport *self, DWORD disposition)
{
  if (!self->connected)
    return;
  SCardDisconnect (self->card, disposition);
  self->connected = FALSE;
}

/* pcscd went away: every handle and context is dead; the next call makes new ones. */
static void
release_contexts (KioskPcscTransport *self)
{
  drop_card (self, SCARD_LEAVE_CARD);
  if (self->have_io_context)
    {
      SCardReleaseContext (self->io_context);
      self->have_io_context = FALSE;
    }

  g_mutex_lock (&self->lock);
  if (self->have_wait_context)
    {
      SCardReleaseContext (self->wait_context);
      self->have_wait_context = FALSE;
    }
  g_mutex_unlock (&self->lock);
}

static gboolean
ensure_wait_context (KioskPcscTransport *self)
{
  SCARDCONTEXT context;
  LONG rv;

  if (self->have_wait_context)
    return TRUE;

  rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
  if (rv != SCARD_S_SUCCESS)
    return FALSE;

  g_mutex_lock (&self->lock);
  self->wait_context = context;
  self->have_wait_context = TRUE;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
ensure_io_context (KioskPcscTransport *self, GError **error)
{
  LONG rv;

  if (self->have_io_context)
    return TRUE;

  rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &self->io_context);
  if (rv != SCARD_S_SUCCESS)
    {
      set_error_from_rv (error, rv, "SCardEstablishContext", FALSE);
      return FALSE;
    }
  self->have_io_context = TRUE;
  return TRUE;
}

/* Waiting */

/* The readers a wait watches: those that can be chosen, and the PnP pseudo reader last. */
typedef struct
{
  GStrv names;
  SCARD_READERSTATE states[MAX_WATCHED_READERS + 1];
  DWORD n_states;
} Watch;

static void
watch_clear (Watch *watch)
{
  g_clear_pointer (&watch->names, g_strfreev);
  watch->n_states = 0;
}

/* Takes the interrupt if one came; the lock is held by the caller. */
static gboolean
take_interrupt_locked (KioskPcscTransport *self)
{
  gboolean interrupted = self->interrupted;

  self->interrupted = FALSE;
  return interrupted;
}

/* Sleeps @ms unless interrupt() comes first; TRUE when it did. */
static gboolean
sleep_interruptibly (KioskPcscTransport *self, gint64 ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  gboolean interrupted;

  g_mutex_lock (&self->lock);
  while (!self->interrupted && g_cond_wait_until (&self->wake, &self->lock, end))
    ;
  interrupted = take_interrupt_locked (self);
  g_mutex_unlock (&self->lock);
  return interrupted;
}

static gboolean
reader_is_candidate (KioskPcscTransport *self, const char *name)
{
  return self->filter[0] == '\0' || strstr (name, self->filter) != NULL;
}

/* Lists the candidate readers into @watch. FALSE when the service is gone. */
static gboolean
list_readers (KioskPcscTransport *self, Watch *watch)
{
  char *list = NULL;
  DWORD len = SCARD_AUTOALLOCATE;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  LONG rv;

  watch_clear (watch);

  rv = SCardListReaders (self->wait_context, NULL, (LPSTR)&list, &len);
  if (rv == SCARD_S_SUCCESS)
    {
      /* A multi-string: names separated by NULs, ended by an empty one. */
      for (const char *name = list; name < list + len && *name != '\0'; name += strlen (name) + 1)
        if (reader_is_candidate (self, name) && names->len < MAX_WATCHED_READERS)
          g_ptr_array_add (names, g_strdup (name));
      SCardFreeMemory (self->wait_context, list);
    }
  else if (rv != SCARD_E_NO_READERS_AVAILABLE)
    {
      g_debug ("SCardListReaders: %s (0x%08lX)", pcsc_stringify_error (rv), (unsigned long)rv);
      return FALSE;
    }

  g_ptr_array_add (names, NULL);
  watch->names = (GStrv)g_ptr_array_steal (names, NULL);

  for (guint i = 0; watch->names[i] != NULL; i++)
    watch->states[watch->n_states++] = (SCARD_READERSTATE){ .szReader = watch->names[i] };
  watch->states[watch->n_states++] = (SCARD_READERSTATE){ .szReader = PNP_NOTIFICATION };
  return TRUE;
}

/* Picks the reader the state is about and maps its PC/SC state. */
static KioskReaderState
state_from_watch (KioskPcscTransport *self, Watch *watch)
{
  const SCARD_READERSTATE *chosen = NULL;
  DWORD n_readers = watch->n_states - 1; /* without PnP */

  /* With no filter the reader holding a card wins; else the first one. */
  for (DWORD i = 0; i < n_readers && chosen == NULL; i++)
    if (watch->states[i].dwEventState & SCARD_STATE_PRESENT)
      chosen = &watch->states[i];
  if (chosen == NULL && n_readers > 0)
    chosen = &watch->states[0];

  g_clear_pointer (&self->reader, g_free);
  if (chosen == NULL || (chosen->dwEventState & SCARD_STATE_UNKNOWN))
    return KIOSK_READER_STATE_NO_READER;

  self->reader = g_strdup (chosen->szReader);
  if (!(chosen->dwEventState & SCARD_STATE_PRESENT))
    return KIOSK_READER_STATE_EMPTY;
  if (chosen->dwEventState & SCARD_STATE_MUTE)
    return KIOSK_READER_STATE_CARD_MUTE;
  return KIOSK_READER_STATE_CARD_PRESENT;
}

/* Reads the state now, without blocking, and primes @watch for a blocking wait. */
static KioskReaderState
poll_state (KioskPcscTransport *self, Watch *watch)
{
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      LONG rv;

      if (!ensure_wait_context (self))
        break;
      if (!list_readers (self, watch))
        {
          release_contexts (self);
          continue;
        }

      /* UNAWARE entries answer at once with the reader's state. */
      rv = SCardGetStatusChange (self->wait_context, 0, watch->states, watch->n_states);
      if (rv == SCARD_S_SUCCESS || rv == SCARD_E_TIMEOUT)
        {
          /* What we now know is what the blocking wait compares against: it returns when any
           * reader (or the reader count, or a reader's event counter) moves from this. */
          for (DWORD i = 0; i < watch->n_states; i++)
            watch->states[i].dwCurrentState = watch->states[i].dwEventState & ~SCARD_STATE_CHANGED;
          return state_from_watch (self, watch);
        }
      if (rv_is_no_service (rv))
        release_contexts (self);
      /* else a reader left between the list and the look (SCARD_E_UNKNOWN_READER): list again */
    }

  watch_clear (watch);
  g_clear_pointer (&self->reader, g_free);
  return self->have_wait_context ? KIOSK_READER_STATE_NO_READER : KIOSK_READER_STATE_NO_SERVICE;
}

/* Blocks until the watched readers change, @ms pass or interrupt() is called. */
static LONG
block_on_watch (KioskPcscTransport *self, Watch *watch, gint64 ms)
{
  LONG rv;

  g_mutex_lock (&self->lock);
  if (take_interrupt_locked (self))
    {
      g_mutex_unlock (&self->lock);
      return SCARD_E_CANCELLED;
    }
  self->waiting = TRUE;
  g_mutex_unlock (&self->lock);

  /* An interrupt() from here on is not lost: the canceller keeps cancelling until this call
   * has returned. */
  rv = SCardGetStatusChange (self->wait_context, (DWORD)ms, watch->states, watch->n_states);

  g_mutex_lock (&self->lock);
  self->waiting = FALSE;
  if (rv == SCARD_E_CANCELLED)
    take_interrupt_locked (self);
  g_cond_broadcast (&self->wake);
  g_mutex_unlock (&self->lock);
  return rv;
}

static KioskReaderState
kiosk_pcsc_transport_wait_for_change (KioskCardTransport *transport, KioskReaderState known,
                                      guint timeout_ms, char **reader_name)
{
  KioskPcscTransport *self = KIOSK_PCSC_TRANSPORT (transport);
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;
  Watch watch = { 0 };
  KioskReaderState state;

  for (;;)
    {
      gint64 remaining_ms;
      LONG rv;

      state = poll_state (self, &watch);
      remaining_ms = (deadline - g_get_monotonic_time ()) / G_TIME_SPAN_MILLISECOND;
      if (state != known || remaining_ms <= 0)
        break;

      if (state == KIOSK_READER_STATE_NO_SERVICE)
        {
          /* Try to reach pcscd again later, never in a tight loop. */
          if (sleep_interruptibly (self, MIN (remaining_ms, RETRY_INTERVAL_MS)))
            break;
          continue;
        }

      rv = block_on_watch (self, &watch, remaining_ms);
      if (rv == SCARD_E_CANCELLED)
        break;
      if (rv == SCARD_S_SUCCESS || rv == SCARD_E_TIMEOUT)
        continue;
      if (rv_is_no_service (rv))
        {
          release_contexts (self);
          continue;
        }
      /* An answer that came at once without a change (e.g. a reader that left): look again
       * after a pause rather than spin. */
      g_debug ("SCardGetStatusChange: %s (0x%08lX)", pcsc_stringify_error (rv), (unsigned long)rv);
      if (sleep_interruptibly (self, MIN (remaining_ms, RETRY_INTERVAL_MS)))
        break;
    }

  watch_clear (&watch);
  *reader_name = g_strdup (self->reader);
  return state;
}

/* How often the canceller repeats SCardCancel while a wait it must end has not returned. */
#define CANCEL_RETRY_US 1000

/*
 * interrupt() must wake a worker blocked in SCardGetStatusChange, and must not itself wait on
 * pcscd: it is called from the GTK main loop. So it only raises a flag, and this thread turns
 * the flag into SCardCancel calls. It repeats them until the wait has returned, because
 * pcsc-lite 1.9.9's SCardCancel does nothing (and reports success) until the other thread is
 * inside SCardGetStatusChange: a single call made just before that moment would be lost, and
 * the read would wait out the worker's timeout (seen in about one status read in 30).
 */
static gpointer
canceller_thread (gpointer data)
{
  KioskPcscTransport *self = data;

  g_mutex_lock (&self->lock);
  while (!self->quitting)
    {
      if (self->interrupted && self->waiting && self->have_wait_context)
        {
          SCARDCONTEXT context = self->wait_context;

          /* Unlocked: pcscd's answer must not hold up interrupt() or the worker. A context
           * released meanwhile gives SCARD_E_INVALID_HANDLE, which is harmless. */
          g_mutex_unlock (&self->lock);
          SCardCancel (context);
          g_mutex_lock (&self->lock);
          g_cond_wait_until (&self->wake, &self->lock, g_get_monotonic_time () + CANCEL_RETRY_US);
        }
      else
        g_cond_wait (&self->wake, &self->lock);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

static void
kiosk_pcsc_transport_interrupt (KioskCardTransport *transport)
{
  KioskPcscTransport *self = KIOSK_PCSC_TRANSPORT (transport);

  g_mutex_lock (&self->lock);
  self->interrupted = TRUE;
  g_cond_broadcast (&self->wake);
  g_mutex_unlock (&self->lock);
}

/* The card */

static GBytes *
kiosk_pcsc_transport_connect (KioskCardTransport *transport, GError **error)
{
  KioskPcscTransport *self = KIOSK_PCSC_TRANSPORT (transport);
  BYTE atr[MAX_ATR_SIZE];
  DWORD atr_len = sizeof atr;
  char name[MAX_READERNAME];
  DWORD name_len = sizeof name;
  DWORD card_state, protocol;
  LONG rv;

  drop_card (self, SCARD_LEAVE_CARD);

  if (self->reader == NULL)
    {
      Watch watch = { 0 };
      KioskReaderState state = poll_state (self, &watch);

      watch_clear (&watch);
      if (state == KIOSK_READER_STATE_NO_SERVICE || self->reader == NULL)
        {
          g_set_error (error, KIOSK_CARD_ERROR,
                       state == KIOSK_READER_STATE_NO_SERVICE ? KIOSK_CARD_ERROR_NO_SERVICE
                                                              : KIOSK_CARD_ERROR_NO_READER,
                       "connect: %s", kiosk_reader_state_to_string (state));
          return NULL;
        }
    }

  if (!ensure_io_context (self, error))
    return NULL;

  /* Exclusive: the PIN state is card-global (jpki-card.md §10), so no other program may send
   * APDUs between a VERIFY and what it unlocks, or reset the card under us; it also spares a
   * Begin/EndTransaction round trip per request. The kiosk is the card's only rightful user. */
  rv = SCardConnect (self->io_context, self->reader, SCARD_SHARE_EXCLUSIVE,
                     SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &self->card, &self->protocol);
  if (rv != SCARD_S_SUCCESS)
    {
      set_error_from_rv (error, rv, "SCardConnect", FALSE);
      if (rv_is_no_service (rv))
        release_contexts (self);
      return NULL;
    }
  self->connected = TRUE;

  rv = SCardStatus (self->card, name, &name_len, &card_state, &protocol, atr, &atr_len);
  if (rv != SCARD_S_SUCCESS)
    {
      set_error_from_rv (error, rv, "SCardStatus", TRUE);
      if (rv_is_no_service (rv))
        release_contexts (self);
      else
        drop_card (self, SCARD_LEAVE_CARD);
      return NULL;
    }

  return g_bytes_new (atr, atr_len);
}

/* How long a card that gave no answer has to show as gone: pcscd polls vpcd's card every
 * 400 ms (test-environment.md); USB readers report removal by interrupt, sooner. */
#define SETTLE_TIMEOUT_MS 600

/* After a command without an answer: REMOVED when the card leaves the reader (or was swapped)
 * within SETTLE_TIMEOUT_MS, UNRESPONSIVE when it stays. */
static KioskCardError
classify_silent_card (KioskPcscTransport *self)
{
  SCARD_READERSTATE state = { .szReader = self->reader, .dwCurrentState = SCARD_STATE_UNAWARE };
  DWORD counter;
  LONG rv;

  rv = SCardGetStatusChange (self->io_context, 0, &state, 1);
  if (rv != SCARD_S_SUCCESS || !(state.dwEventState & SCARD_STATE_PRESENT))
    return KIOSK_CARD_ERROR_REMOVED;

  counter = state.dwEventState >> 16;
  state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
  rv = SCardGetStatusChange (self->io_context, SETTLE_TIMEOUT_MS, &state, 1);
  if (rv == SCARD_S_SUCCESS
      && (!(state.dwEventState & SCARD_STATE_PRESENT) || state.dwEventState >> 16 != counter))
    return KIOSK_CARD_ERROR_REMOVED;
  if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT)
    return error_code_from_rv (rv) == KIOSK_CARD_ERROR_UNRESPONSIVE ? KIOSK_CARD_ERROR_REMOVED
                                                                    : error_code_from_rv (rv);
  return KIOSK_CARD_ERROR_UNRESPONSIVE;
}

static GBytes *
kiosk_pcsc_transport_transmit (KioskCardTransport *transport, const guint8 *command,
                               gsize command_len, GError **error)
{
  KioskPcscTransport *self = KIOSK_PCSC_TRANSPORT (transport);
  BYTE response[RECEIVE_BUFFER_SIZE];
  DWORD response_len = sizeof response;
  LONG rv;

  if (!self->connected)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NO_CARD, "transmit: not connected");
      return NULL;
    }

  const SCARD_IO_REQUEST *pci = self->protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
  rv = SCardTransmit (self->card, pci, command, command_len, NULL, response, &response_len);

  if (rv == SCARD_W_RESET_CARD)
    {
      /* Someone reset the card (with exclusive access, only a reader or driver can): take it
       * back and send again. The reset dropped the selected AP, so the command most likely
       * fails with a status word; the next request starts with SELECT AP anyway. */
      rv = SCardReconnect (self->card, SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
                           SCARD_LEAVE_CARD, &self->protocol);
      if (rv == SCARD_S_SUCCESS)
        {
          pci = self->protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
          response_len = sizeof response;
          rv = SCardTransmit (self->card, pci, command, command_len, NULL, response, &response_len);
        }
    }

  if (rv != SCARD_S_SUCCESS)
    {
      set_error_from_rv (error, rv, "SCardTransmit", TRUE);
      if (rv_is_no_service (rv))
        release_contexts (self);
      else if (error_code_from_rv (rv) == KIOSK_CARD_ERROR_REMOVED
               || error_code_from_rv (rv) == KIOSK_CARD_ERROR_READER_GONE)
        drop_card (self, SCARD_LEAVE_CARD);
      return NULL;
    }

  if (response_len < 2)
    {
      /* No status word: the card did not answer. vpcd (vsmartcard) gives this, with success,
       * when the card side goes away mid-command, so find out whether it is still there. */
      KioskCardError code = classify_silent_card (self);

      g_set_error (error, KIOSK_CARD_ERROR, code, "SCardTransmit: %lu-byte answer, card %s",
                   (unsigned long)response_len,
                   code == KIOSK_CARD_ERROR_REMOVED ? "removed" : "silent");
      drop_card (self, code == KIOSK_CARD_ERROR_REMOVED ? SCARD_LEAVE_CARD : SCARD_RESET_CARD);
      return NULL;
    }

  return g_bytes_new (response, response_len);
}

static void
kiosk_pcsc_transport_disconnect (KioskCardTransport *transport, gboolean reset)
{
  KioskPcscTransport *self = KIOSK_PCSC_TRANSPORT (transport);

  drop_card (self, reset ? SCARD_RESET_CARD : SCARD_LEAVE_CARD);
}

/* GObject */

static void
kiosk_pcsc_transport_finalize (GObject *object)
{
  KioskPcscTransport *self = KIOSK_PCSC_TRANSPORT (object);

  g_mutex_lock (&self->lock);
  self->quitting = TRUE;
  g_cond_broadcast (&self->wake);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->canceller));

  drop_card (self, SCARD_RESET_CARD);
  release_contexts (self);
  g_clear_pointer (&self->filter, g_free);
  g_clear_pointer (&self->reader, g_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);

  G_OBJECT_CLASS (kiosk_pcsc_transport_parent_class)->finalize (object);
}

static void
kiosk_pcsc_transport_class_init (KioskPcscTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KioskCardTransportClass *transport_class = KIOSK_CARD_TRANSPORT_CLASS (klass);

  object_class->finalize = kiosk_pcsc_transport_finalize;

  transport_class->wait_for_change = kiosk_pcsc_transport_wait_for_change;
  transport_class->interrupt = kiosk_pcsc_transport_interrupt;
  transport_class->connect = kiosk_pcsc_transport_connect;
  transport_class->transmit = kiosk_pcsc_transport_transmit;
  transport_class->disconnect = kiosk_pcsc_transport_disconnect;
}

static void
kiosk_pcsc_transport_init (KioskPcscTransport *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  self->canceller = g_thread_new ("kiosk-pcsc-cancel", canceller_thread, self);
}

KioskCardTransport *
kiosk_pcsc_transport_new (const char *reader_filter)
{
  KioskPcscTransport *self = g_object_new (KIOSK_TYPE_PCSC_TRANSPORT, NULL);

  self->filter = g_strdup (reader_filter != NULL ? reader_filter : "");
  return KIOSK_CARD_TRANSPORT (self);
}
