/* test-vcard.c: kiosk-vcard's vpcd framing and its stdin/stdout protocol, with the test as vpcd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No pcscd here: the test listens on a loopback port itself, as vpcd does, and kiosk-vcard
 * connects to it as the card side. (The real-pcscd tests are in tests/integration.)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kiosk-test-cards.h"

#define TIMEOUT_MS 10000

typedef struct
{
  int listener;
  guint16 port;
  GPid pid;
  int to_child;
  int from_child;
  GString *output; /* read from the child, not yet returned as lines */
  int card;        /* the accepted connection: kiosk-vcard's side is the card */
} Fixture;

/* --- Plumbing ------------------------------------------------------------------------------ */

static int
listen_on (guint16 port)
{
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int yes = 1;
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port) };

  g_assert_cmpint (fd, >=, 0);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&address, sizeof address), ==, 0);
  g_assert_cmpint (listen (fd, 4), ==, 0);
  return fd;
}

static guint16
port_of (int fd)
{
  struct sockaddr_in address;
  socklen_t len = sizeof address;

  g_assert_cmpint (getsockname (fd, (struct sockaddr *)&address, &len), ==, 0);
  return ntohs (address.sin_port);
}

static gboolean
wait_readable (int fd, int timeout_ms)
{
  struct pollfd pfd = { .fd = fd, .events = POLLIN };

  return poll (&pfd, 1, timeout_ms) == 1;
}

static void
spawn_vcard (Fixture *f, const char *profile)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", f->port);
  const char *argv[] = { KIOSK_VCARD_PATH, profile, "--port", port, NULL };

  g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &f->pid, &f->to_child, &f->from_child, NULL, &error);
  g_assert_no_error (error);
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->listener = listen_on (0);
  f->port = port_of (f->listener);
  f->card = -1;
  f->output = g_string_new (NULL);
  spawn_vcard (f, data != NULL ? data : "valid");
}

static int
reap (Fixture *f, int timeout_ms)
{
  int status;

  for (int waited = 0; waited < timeout_ms; waited += 10)
    {
      if (waitpid (f->pid, &status, WNOHANG) == f->pid)
        {
          f->pid = 0;
          return status;
        }
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
  return -1;
}

static void
teardown (Fixture *f, gconstpointer data)
{
  if (f->pid != 0)
    {
      kill (f->pid, SIGTERM);
      if (reap (f, TIMEOUT_MS) == -1)
        {
          kill (f->pid, SIGKILL);
          reap (f, TIMEOUT_MS);
        }
    }
  if (f->card >= 0)
    close (f->card);
  if (f->listener >= 0)
    close (f->listener);
  close (f->to_child);
  close (f->from_child);
  g_string_free (f->output, TRUE);
}

static void
command (Fixture *f, const char *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);

  g_assert_cmpint (write (f->to_child, text, strlen (text)), ==, (gssize)strlen (text));
}

/* The next line kiosk-vcard prints, or NULL at end of output or after the timeout. */
static char *
next_event (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      char *newline = memchr (f->output->str, '\n', f->output->len);
      if (newline != NULL)
        {
          gsize len = newline - f->output->str;
          char *line = g_strndup (f->output->str, len);
          g_string_erase (f->output, 0, len + 1);
          return line;
        }
      int left_ms = (int)((deadline - g_get_monotonic_time ()) / 1000);
      if (left_ms <= 0 || !wait_readable (f->from_child, left_ms))
        return NULL;
      char chunk[512];
      gssize n = read (f->from_child, chunk, sizeof chunk);
      if (n <= 0)
        return NULL;
      g_string_append_len (f->output, chunk, n);
    }
}

static void
expect_event (Fixture *f, const char *expected)
{
  g_autofree char *line = next_event (f);

  g_test_message ("kiosk-vcard: %s", line != NULL ? line : "(nothing)");
  g_assert_cmpstr (line, ==, expected);
}

static void
expect_event_prefix (Fixture *f, const char *prefix)
{
  g_autofree char *line = next_event (f);

  g_test_message ("kiosk-vcard: %s", line != NULL ? line : "(nothing)");
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
}

static void
accept_card (Fixture *f)
{
  g_assert_true (wait_readable (f->listener, TIMEOUT_MS));
  f->card = accept (f->listener, NULL, NULL);
  g_assert_cmpint (f->card, >=, 0);
}

static void
send_all (int fd, const guint8 *data, gsize len)
{
  while (len > 0)
    {
      gssize n = send (fd, data, len, MSG_NOSIGNAL);
      g_assert_cmpint (n, >, 0);
      data += n;
      len -= n;
    }
}

static void
send_frame (Fixture *f, const guint8 *payload, gsize len)
{
  guint8 header[2] = { len >> 8, len & 0xff };

  /* Two writes, as vpcd does it. */
  send_all (f->card, header, sizeof header);
  send_all (f->card, payload, len);
}

static gboolean
receive_exactly (int fd, guint8 *buffer, gsize len)
{
  while (len > 0)
    {
      if (!wait_readable (fd, TIMEOUT_MS))
        return FALSE;
      gssize n = recv (fd, buffer, len, 0);
      if (n <= 0)
        return FALSE;
      buffer += n;
      len -= n;
    }
  return TRUE;
}

static GBytes *
receive_frame (Fixture *f)
{
  guint8 header[2];

  g_assert_true (receive_exactly (f->card, header, sizeof header));
  gsize len = (gsize)header[0] << 8 | header[1];
  guint8 *payload = g_malloc (len);
  g_assert_true (receive_exactly (f->card, payload, len));
  return g_bytes_new_take (payload, len);
}

static void
control (Fixture *f, guint8 code)
{
  send_frame (f, &code, 1);
}

static GBytes *
exchange (Fixture *f, const char *hex)
{
  g_autoptr (GBytes) apdu = kiosk_test_hex (hex);

  send_frame (f, g_bytes_get_data (apdu, NULL), g_bytes_get_size (apdu));
  return receive_frame (f);
}

static guint16
exchange_sw (Fixture *f, const char *hex)
{
  g_autoptr (GBytes) response = exchange (f, hex);

  return kiosk_test_response_sw (response);
}

/* The peer closed: the card left the reader. A reset instead of an orderly end is fine too: it
 * closed with our last frame unread, as a card pulled mid-command does. */
static void
expect_card_gone (Fixture *f)
{
  guint8 byte;

  g_assert_true (wait_readable (f->card, TIMEOUT_MS));
  gssize n = recv (f->card, &byte, 1, 0);
  if (n < 0)
    g_assert_cmpint (errno, ==, ECONNRESET);
  else
    g_assert_cmpint (n, ==, 0);
  close (f->card);
  f->card = -1;
}

static void
insert_card (Fixture *f, const char *command_line, const char *event)
{
  command (f, command_line);
  accept_card (f);
  expect_event (f, event);
  /* What pcscd does on insertion: power on, then poll the ATR. */
  control (f, 1);
}

/* --- Cases --------------------------------------------------------------------------------- */

static void
test_insert (Fixture *f, gconstpointer data)
{
  expect_event (f, "ready");
  /* Out of the reader until told: nothing connects yet. */
  g_assert_false (wait_readable (f->listener, 200));
  insert_card (f, "insert", "inserted valid");
}

static void
test_atr (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) expected
             = kiosk_test_hex ("3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 "
                               "C0 3B");

  expect_event (f, "ready");
  insert_card (f, "insert", "inserted valid");
  /* pcscd asks every 400 ms; always answered, whatever else happens. */
  for (guint i = 0; i < 3; i++)
    {
      control (f, 4);
      g_autoptr (GBytes) atr = receive_frame (f);
      g_assert_true (g_bytes_equal (atr, expected));
    }
}

static void
test_apdu (Fixture *f, gconstpointer data)
{
  expect_event (f, "ready");
  insert_card (f, "insert", "inserted valid");
  g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 A4 02 0C 02 00 06"), ==, 0x9000);
  g_autoptr (GBytes) token = exchange (f, "00 B0 00 00 20");
  g_assert_cmpuint (g_bytes_get_size (token), ==, 34);
  g_assert_cmpmem (g_bytes_get_data (token, NULL), 15, "JPKIAPICCTOKEN2", 15);
  g_assert_cmphex (kiosk_test_response_sw (token), ==, 0x9000);
  /* A whole certificate, 256 bytes at a time. */
  g_assert_cmphex (exchange_sw (f, "00 A4 02 0C 02 00 0A"), ==, 0x9000);
  g_autoptr (GBytes) chunk = exchange (f, "00 B0 00 00 00");
  g_assert_cmpuint (g_bytes_get_size (chunk), ==, 258);
}

static void
test_reset_controls (Fixture *f, gconstpointer data)
{
  expect_event (f, "ready");
  insert_card (f, "insert", "inserted valid");
  g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 A4 02 0C 02 00 1B"), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 20 00 80 06 41 42 43 31 32 33"), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 A4 02 0C 02 00 01"), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 B0 00 00 04"), ==, 0x9000);

  /* Reset (SCARD_RESET_CARD), then power off and on: no security state survives either. */
  control (f, 2);
  g_assert_cmphex (exchange_sw (f, "00 A4 02 0C 02 00 01"), ==, 0x6986);
  g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 A4 02 0C 02 00 1B"), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 20 00 80 06 41 42 43 31 32 33"), ==, 0x9000);
  control (f, 0);
  control (f, 1);
  g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 A4 02 0C 02 00 01"), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 B0 00 00 04"), ==, 0x6982);
}

static void
test_remove_and_insert (Fixture *f, gconstpointer data)
{
  expect_event (f, "ready");
  insert_card (f, "insert", "inserted valid");
  g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 A4 02 0C 02 00 18"), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 20 00 80 04 39 39 39 39"), ==, 0x63C2);

  command (f, "remove");
  expect_event (f, "removed");
  expect_card_gone (f);

  /* The same physical card comes back: its counter still says 2. */
  insert_card (f, "insert", "inserted valid");
  g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 A4 02 0C 02 00 18"), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 20 00 80"), ==, 0x63C2);
}

static void
test_insert_other_profile (Fixture *f, gconstpointer data)
{
  expect_event (f, "ready");
  insert_card (f, "insert minor", "inserted minor");
  g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 A4 02 0C 02 00 1B"), ==, 0x6A82);
  command (f, "remove");
  expect_event (f, "removed");
  expect_card_gone (f);

  /* A bare insert now means the last one named. */
  insert_card (f, "insert", "inserted minor");
  command (f, "remove");
  expect_event (f, "removed");
  expect_card_gone (f);
  insert_card (f, "insert valid", "inserted valid");
  g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 A4 02 0C 02 00 1B"), ==, 0x9000);
}

static void
test_reconnect (Fixture *f, gconstpointer data)
{
  expect_event (f, "ready");
  insert_card (f, "insert", "inserted valid");

  /* vpcd drops the card (pcscd restarting) but still listens: the card comes back by itself. */
  close (f->card);
  f->card = -1;
  expect_event (f, "vpcd closed");
  accept_card (f);
  expect_event (f, "reconnected");
  control (f, 1);
  g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
}

static void
test_waiting_for_vpcd (Fixture *f, gconstpointer data)
{
  expect_event (f, "ready");
  insert_card (f, "insert", "inserted valid");

  /* pcscd (and with it vpcd) stops: nothing listens any more. */
  close (f->listener);
  close (f->card);
  f->card = -1;
  expect_event (f, "vpcd closed");
  expect_event (f, "waiting for vpcd");
  g_usleep (500 * G_TIME_SPAN_MILLISECOND); /* several failed retries: still said only once */

  f->listener = listen_on (f->port);
  accept_card (f);
  expect_event (f, "reconnected");
  control (f, 1);
  g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
}

static void
test_insert_while_vpcd_down (Fixture *f, gconstpointer data)
{
  expect_event (f, "ready");
  close (f->listener);
  command (f, "insert");
  expect_event (f, "waiting for vpcd");
  f->listener = listen_on (f->port);
  accept_card (f);
  expect_event (f, "inserted valid");
}

static void
test_remove_while_waiting (Fixture *f, gconstpointer data)
{
  expect_event (f, "ready");
  close (f->listener);
  command (f, "insert");
  expect_event (f, "waiting for vpcd");
  command (f, "remove");
  expect_event (f, "removed");
  /* Removed means no more attempts: a listener coming back gets no one. */
  f->listener = listen_on (f->port);
  g_assert_false (wait_readable (f->listener, 500));
}

static void
test_pulled (Fixture *f, gconstpointer data)
{
  g_autofree char *path = kiosk_test_cards_write_profile ("pull-at-3", "[card]\npull-at-apdu=3\n");
  g_autofree char *insert = g_strconcat ("insert ", path, NULL);

  expect_event (f, "ready");
  insert_card (f, insert, "inserted pull-at-3");
  g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
  g_assert_cmphex (exchange_sw (f, "00 A4 02 0C 02 00 06"), ==, 0x9000);

  /* The third APDU gets no answer: the socket closes instead. */
  g_autoptr (GBytes) read = kiosk_test_hex ("00 B0 00 00 20");
  send_frame (f, g_bytes_get_data (read, NULL), g_bytes_get_size (read));
  expect_card_gone (f);
  expect_event (f, "pulled at apdu 3");
  /* And it stays out. */
  g_assert_false (wait_readable (f->listener, 300));

  insert_card (f, "insert", "inserted pull-at-3");
  for (guint i = 0; i < 4; i++)
    g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
}

static void
test_command_errors (Fixture *f, gconstpointer data)
{
  expect_event (f, "ready");
  command (f, "remove");
  expect_event (f, "error no card is inserted");
  command (f, "frobnicate");
  expect_event_prefix (f, "error unknown command");
  command (f, "insert no-such-profile");
  expect_event_prefix (f, "error ");
  /* Empty lines are ignored; the program still answers. */
  command (f, "");
  insert_card (f, "insert", "inserted valid");
  command (f, "insert minor");
  expect_event (f, "error a card is already inserted: remove it first");
  g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
}

static void
test_quit (Fixture *f, gconstpointer data)
{
  expect_event (f, "ready");
  insert_card (f, "insert", "inserted valid");
  command (f, "quit");
  expect_event (f, "bye");
  expect_card_gone (f);
  int status = reap (f, TIMEOUT_MS);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static void
test_end_of_input (Fixture *f, gconstpointer data)
{
  expect_event (f, "ready");
  close (f->to_child);
  f->to_child = -1;
  expect_event (f, "bye");
  int status = reap (f, TIMEOUT_MS);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static void
test_bad_profile_at_start (Fixture *f, gconstpointer data)
{
  expect_event_prefix (f, "error ");
  int status = reap (f, TIMEOUT_MS);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
}

static int
compare_times (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static void
test_no_delayed_ack (Fixture *f, gconstpointer data)
{
  gint64 times[31];

  expect_event (f, "ready");
  insert_card (f, "insert", "inserted valid");
  /* vpcd writes each frame in two send()s with Nagle on; without TCP_QUICKACK re-armed on the
   * card side, the second half waits for a delayed ACK: ~40 ms per APDU instead of µs. */
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_assert_cmphex (exchange_sw (f, KIOSK_TEST_SELECT_JPKI), ==, 0x9000);
      times[i] = g_get_monotonic_time () - start;
    }
  qsort (times, G_N_ELEMENTS (times), sizeof times[0], compare_times);
  g_test_message ("APDU round trip: median %" G_GINT64_FORMAT " µs, max %" G_GINT64_FORMAT " µs",
                  times[15], times[30]);
  g_assert_cmpint (times[15], <, 15 * G_TIME_SPAN_MILLISECOND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, function, profile)                                                               \
  g_test_add ("/cardio/virtual/vcard/" path, Fixture, profile, setup, function, teardown)

  ADD ("insert", test_insert, NULL);
  ADD ("atr", test_atr, NULL);
  ADD ("apdu", test_apdu, NULL);
  ADD ("reset-controls", test_reset_controls, NULL);
  ADD ("remove-and-insert", test_remove_and_insert, NULL);
  ADD ("insert-other-profile", test_insert_other_profile, NULL);
  ADD ("reconnect", test_reconnect, NULL);
  ADD ("waiting-for-vpcd", test_waiting_for_vpcd, NULL);
  ADD ("insert-while-vpcd-down", test_insert_while_vpcd_down, NULL);
  ADD ("remove-while-waiting", test_remove_while_waiting, NULL);
  ADD ("pulled", test_pulled, NULL);
  ADD ("command-errors", test_command_errors, NULL);
  ADD ("quit", test_quit, NULL);
  ADD ("end-of-input", test_end_of_input, NULL);
  ADD ("bad-profile-at-start", test_bad_profile_at_start, "no-such-profile");
  ADD ("no-delayed-ack", test_no_delayed_ack, NULL);

  return g_test_run ();
}
