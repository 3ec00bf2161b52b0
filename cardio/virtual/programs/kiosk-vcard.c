/* kiosk-vcard.c: serves a virtual JPKI card to a real pcscd through vsmartcard's vpcd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: kiosk-vcard PROFILE [--port 35963] [--cards-dir DIR] [--test-ca DIR]
 *
 * Commands, one per line on stdin:
 *   insert [PROFILE]   put a card in the reader (connect to vpcd); without PROFILE the last one
 *                      named (at first the command line's). PROFILE is a name in the cards
 *                      folder, or a path to a .card file when it holds a '/'.
 *   remove             take the card out (close the connection)
 *   quit               exit (so does the end of stdin)
 *
 * Events, one line each on stdout, flushed at once (a stable format: tests parse it):
 *   ready                  started; the card is out of the reader
 *   inserted NAME          connected to vpcd with profile NAME's card
 *   waiting for vpcd       vpcd is not listening (pcscd is down); retrying every 100 ms
 *                          (printed once per outage)
 *   vpcd closed            vpcd dropped the connection while the card was in; reconnecting
 *   reconnected            connected again after "vpcd closed"
 *   removed                the card is out after "remove"
 *   pulled at apdu N       the profile's pull-at-apdu fault fired on the Nth APDU since the
 *                          card was powered; it stays out until "insert"
 *   error MESSAGE          a command or profile failed; the state is unchanged
 *   bye                    exiting
 *
 * Each profile is one physical card for the life of the program: its PIN counters and changed
 * PINs carry over when it is removed and inserted again, as a real card's do; naming another
 * profile takes that one from the desk (see CARD-NOTES.md).
 */
#include "config.h"

#include <glib-unix.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "kiosk-card-profile.h"
#include "kiosk-test-ca.h"
#include "kiosk-virtual-card.h"
#include "kiosk-vpcd-client.h"

#define DEFAULT_PORT 35963 /* vpcd's first reader, "Virtual PCD 00 00" */
#define VPCD_HOST "127.0.0.1"

typedef struct
{
  GMainLoop *loop;
  KioskVpcdClient *client;
  KioskTestCa *ca;
  char *cards_dir;
  char *current_profile; /* what a bare "insert" inserts */
  GHashTable *cards;     /* profile path → KioskVirtualCard */
  guint input_id;
  int exit_status;
} App;

static void emit (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
emit (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stdout, format, args);
  va_end (args);
  fputc ('\n', stdout);
  fflush (stdout);
}

static char *
single_line (const char *message)
{
  char *line = g_strdup (message);

  g_strdelimit (line, "\r\n", ' ');
  return line;
}

static void
emit_error (const GError *error)
{
  g_autofree char *line = single_line (error->message);

  emit ("error %s", line);
}

static char *
profile_path (App *app, const char *profile)
{
  if (strchr (profile, G_DIR_SEPARATOR) != NULL)
    return g_strdup (profile);
  g_autofree char *file_name = g_strconcat (profile, ".card", NULL);
  return g_build_filename (app->cards_dir, file_name, NULL);
}

/* The card of @profile: the same object every time it is named, made on first use. */
static KioskVirtualCard *
get_card (App *app, const char *profile, GError **error)
{
  g_autofree char *path = profile_path (app, profile);
  KioskVirtualCard *card = g_hash_table_lookup (app->cards, path);

  if (card != NULL)
    return card;

  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (KioskCardProfile) loaded = kiosk_card_profile_load (path, now, error);
  if (loaded == NULL)
    return NULL;
  card = kiosk_virtual_card_new (loaded, app->ca, now, error);
  if (card == NULL)
    return NULL;
  g_hash_table_insert (app->cards, g_steal_pointer (&path), card);
  return card;
}

static void
run_insert (App *app, const char *argument)
{
  g_autoptr (GError) error = NULL;
  const char *profile = argument != NULL ? argument : app->current_profile;

  if (kiosk_vpcd_client_is_inserted (app->client))
    {
      emit ("error a card is already inserted: remove it first");
      return;
    }
  KioskVirtualCard *card = get_card (app, profile, &error);
  if (card == NULL)
    {
      emit_error (error);
      return;
    }
  if (profile != app->current_profile)
    {
      g_free (app->current_profile);
      app->current_profile = g_strdup (profile);
    }
  /* Prints "inserted" (or "waiting for vpcd") through the client's signals. */
  kiosk_vpcd_client_insert (app->client, card);
}

static void
run_command (App *app, char *line)
{
  g_strstrip (line);
  if (*line == '\0')
    return;

  g_auto (GStrv) words = g_strsplit_set (line, " \t", -1);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_ptr_array_add (args, words[i]);

  const char *verb = g_ptr_array_index (args, 0);
  if (g_str_equal (verb, "insert") && args->len <= 2)
    run_insert (app, args->len == 2 ? g_ptr_array_index (args, 1) : NULL);
  else if (g_str_equal (verb, "remove") && args->len == 1)
    {
      if (!kiosk_vpcd_client_is_inserted (app->client))
        emit ("error no card is inserted");
      else
        {
          kiosk_vpcd_client_remove (app->client);
          emit ("removed");
        }
    }
  else if (g_str_equal (verb, "quit") && args->len == 1)
    g_main_loop_quit (app->loop);
  else
    {
      g_autofree char *shown = single_line (line);
      emit ("error unknown command “%s” (insert [PROFILE], remove, quit)", shown);
    }
}

static gboolean
on_stdin (GIOChannel *channel, GIOCondition condition, gpointer user_data)
{
  App *app = user_data;
  g_autofree char *line = NULL;
  g_autoptr (GError) error = NULL;

  GIOStatus status = g_io_channel_read_line (channel, &line, NULL, NULL, &error);
  if (status == G_IO_STATUS_NORMAL)
    {
      run_command (app, line);
      return G_SOURCE_CONTINUE;
    }
  if (status == G_IO_STATUS_AGAIN)
    return G_SOURCE_CONTINUE;
  /* End of input (or an error): whoever drove us is gone. */
  app->input_id = 0;
  g_main_loop_quit (app->loop);
  return G_SOURCE_REMOVE;
}

static void
on_inserted (KioskVpcdClient *client, gpointer user_data)
{
  KioskVirtualCard *card = kiosk_vpcd_client_get_card (client);

  emit ("inserted %s", kiosk_card_profile_get_name (kiosk_virtual_card_get_profile (card)));
}

static void
on_waiting (KioskVpcdClient *client, gpointer user_data)
{
  emit ("waiting for vpcd");
}

static void
on_connection_lost (KioskVpcdClient *client, gpointer user_data)
{
  emit ("vpcd closed");
}

static void
on_reconnected (KioskVpcdClient *client, gpointer user_data)
{
  emit ("reconnected");
}

static void
on_pulled (KioskVpcdClient *client, guint apdu, gpointer user_data)
{
  emit ("pulled at apdu %u", apdu);
}

static gboolean
on_terminate (gpointer user_data)
{
  App *app = user_data;

  g_main_loop_quit (app->loop);
  return G_SOURCE_CONTINUE;
}

static const char *
env_or (const char *variable, const char *fallback)
{
  const char *value = g_getenv (variable);

  return value != NULL && *value != '\0' ? value : fallback;
}

int
main (int argc, char **argv)
{
  int port = DEFAULT_PORT;
  g_autofree char *cards_dir = NULL;
  g_autofree char *test_ca_dir = NULL;
  g_autoptr (GError) error = NULL;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "vpcd's port (default 35963)", "PORT" },
    { "cards-dir", 0, 0, G_OPTION_ARG_FILENAME, &cards_dir,
      "Folder of NAME.card profiles (default $KIOSK_CARDS_DIR or the source tree's)", "DIR" },
    { "test-ca", 0, 0, G_OPTION_ARG_FILENAME, &test_ca_dir,
      "The build's test CA (default $KIOSK_TEST_CA_DIR or the build tree's)", "DIR" },
    { NULL },
  };
  g_autoptr (GOptionContext) options = g_option_context_new ("PROFILE");

  /* vpcd or our parent may go away mid-write: that is an error to handle, not a signal. */
  signal (SIGPIPE, SIG_IGN);

  g_option_context_set_summary (options, "Serves a virtual My Number card to pcscd through vpcd.\n"
                                         "Commands on stdin: insert [PROFILE], remove, quit.");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || argc != 2 || port <= 0
      || port > 65535)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "usage: kiosk-vcard PROFILE [OPTION…]");
      return 2;
    }

  App app = { 0 };
  app.cards_dir = g_strdup (cards_dir != NULL ? cards_dir
                                              : env_or ("KIOSK_CARDS_DIR", KIOSK_SOURCE_CARDS_DIR));
  app.current_profile = g_strdup (argv[1]);
  app.cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  app.ca = kiosk_test_ca_load (
      test_ca_dir != NULL ? test_ca_dir : env_or ("KIOSK_TEST_CA_DIR", KIOSK_TEST_CA_DIR), &error);

  /* The command line's profile is checked now, so a typo fails at once, not at "insert". */
  if (app.ca == NULL || get_card (&app, app.current_profile, &error) == NULL)
    {
      emit_error (error);
      app.exit_status = 1;
    }
  else
    {
      app.loop = g_main_loop_new (NULL, FALSE);
      app.client = kiosk_vpcd_client_new (VPCD_HOST, (guint16)port);
      g_signal_connect (app.client, "inserted", G_CALLBACK (on_inserted), &app);
      g_signal_connect (app.client, "waiting", G_CALLBACK (on_waiting), &app);
      g_signal_connect (app.client, "connection-lost", G_CALLBACK (on_connection_lost), &app);
      g_signal_connect (app.client, "reconnected", G_CALLBACK (on_reconnected), &app);
      g_signal_connect (app.client, "pulled", G_CALLBACK (on_pulled), &app);

      GIOChannel *input = g_io_channel_unix_new (0);
      /* Bytes, not UTF-8: a path in another encoding must not end the program. */
      g_io_channel_set_encoding (input, NULL, NULL);
      app.input_id = g_io_add_watch (input, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin, &app);
      guint term_id = g_unix_signal_add (SIGTERM, on_terminate, &app);
      guint int_id = g_unix_signal_add (SIGINT, on_terminate, &app);

      emit ("ready");
      g_main_loop_run (app.loop);
      emit ("bye");

      g_source_remove (term_id);
      g_source_remove (int_id);
      g_clear_handle_id (&app.input_id, g_source_remove);
      g_io_channel_unref (input);
      kiosk_vpcd_client_remove (app.client);
      g_clear_object (&app.client);
      g_main_loop_unref (app.loop);
    }

  g_clear_object (&app.ca);
  g_hash_table_unref (app.cards);
  g_free (app.cards_dir);
  g_free (app.current_profile);
  return app.exit_status;
}
