/* kiosk-test-vcard.c: kiosk-vcard (the virtual card behind vpcd) run as the test's own child
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-test-vcard.h"

#include <signal.h>
#include <string.h>

#include "kiosk-test-process.h"

/* kiosk-vcard's event words (cardio/virtual/programs/kiosk-vcard.c documents the format). */
#define EVENT_READY "ready"
#define EVENT_INSERTED "inserted"
#define EVENT_REMOVED "removed"
#define EVENT_ERROR "error"

#define START_TIMEOUT_MS 20000 /* it issues certificates at start: slow under valgrind or ASan */
#define EVENT_TIMEOUT_MS 10000
#define QUIT_TIMEOUT_MS 5000

struct _KioskTestVcard
{
  GObject parent_instance;

  char *profile;
  char *cards_dir;

  GSubprocess *process;
  GOutputStream *commands;
  GThread *reader;
  GAsyncQueue *events; /* lines (char *), then end_of_output */

  GMutex history_lock;
  GString *history;
};

G_DEFINE_FINAL_TYPE (KioskTestVcard, kiosk_test_vcard, G_TYPE_OBJECT)

/* Pushed once the program's stdout closes. */
static char end_of_output[] = "";

static void
kiosk_test_vcard_dispose (GObject *object)
{
  KioskTestVcard *self = KIOSK_TEST_VCARD (object);

  kiosk_test_vcard_stop (self);
  G_OBJECT_CLASS (kiosk_test_vcard_parent_class)->dispose (object);
}

static void
kiosk_test_vcard_finalize (GObject *object)
{
  KioskTestVcard *self = KIOSK_TEST_VCARD (object);
  char *line;

  if (self->events != NULL)
    {
      while ((line = g_async_queue_try_pop (self->events)) != NULL)
        if (line != end_of_output)
          g_free (line);
      g_async_queue_unref (self->events);
    }
  g_string_free (self->history, TRUE);
  g_mutex_clear (&self->history_lock);
  g_free (self->profile);
  g_free (self->cards_dir);
  G_OBJECT_CLASS (kiosk_test_vcard_parent_class)->finalize (object);
}

static void
kiosk_test_vcard_class_init (KioskTestVcardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_test_vcard_dispose;
  object_class->finalize = kiosk_test_vcard_finalize;
}

static void
kiosk_test_vcard_init (KioskTestVcard *self)
{
  g_mutex_init (&self->history_lock);
  self->history = g_string_new (NULL);
}

KioskTestVcard *
kiosk_test_vcard_new (const char *profile, const char *cards_dir)
{
  KioskTestVcard *self;

  g_return_val_if_fail (profile != NULL, NULL);

  self = g_object_new (KIOSK_TEST_TYPE_VCARD, NULL);
  self->profile = g_strdup (profile);
  if (cards_dir != NULL)
    self->cards_dir = g_strdup (cards_dir);
  else if (g_getenv ("KIOSK_CARDS_DIR") != NULL)
    self->cards_dir = g_strdup (g_getenv ("KIOSK_CARDS_DIR"));
  else
    self->cards_dir = g_strdup (KIOSK_SOURCE_CARDS_DIR);
  return self;
}

typedef struct
{
  GDataInputStream *output;
  GAsyncQueue *events;
  GMutex *history_lock;
  GString *history;
} ReaderData;

static gpointer
read_events (gpointer user_data)
{
  ReaderData *data = user_data;
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (data->output, NULL, NULL, NULL)) != NULL)
    {
      g_mutex_lock (data->history_lock);
      g_string_append_printf (data->history, "%s\n", line);
      g_mutex_unlock (data->history_lock);
      if (g_getenv ("KIOSK_TEST_VERBOSE") != NULL)
        g_printerr ("# kiosk-vcard: %s\n", line);
      g_async_queue_push (data->events, line);
    }
  g_async_queue_push (data->events, end_of_output);
  g_object_unref (data->output);
  g_async_queue_unref (data->events);
  g_free (data);
  return NULL;
}

static char *
find_program (void)
{
  const char *from_env = g_getenv ("KIOSK_VCARD");

  if (from_env != NULL && *from_env != '\0')
    return g_strdup (from_env);
  return g_strdup (KIOSK_VCARD_PATH);
}

gboolean
kiosk_test_vcard_start (KioskTestVcard *self, GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autofree char *program = find_program ();
  g_autofree char *ready = NULL;
  const char *test_ca = g_getenv ("KIOSK_TEST_CA_DIR");
  ReaderData *data;

  g_return_val_if_fail (KIOSK_TEST_IS_VCARD (self), FALSE);
  g_return_val_if_fail (self->process == NULL, FALSE);

  if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "kiosk-vcard not found at %s", program);
      return FALSE;
    }
  if (test_ca == NULL)
    test_ca = KIOSK_TEST_CA_DIR;

  launcher = kiosk_test_process_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                              | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  self->process
      = g_subprocess_launcher_spawn (launcher, error, program, self->profile, "--cards-dir",
                                     self->cards_dir, "--test-ca", test_ca, NULL);
  if (self->process == NULL)
    return FALSE;
  self->commands = g_object_ref (g_subprocess_get_stdin_pipe (self->process));
  self->events = g_async_queue_new ();

  data = g_new0 (ReaderData, 1);
  data->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  data->events = g_async_queue_ref (self->events);
  data->history_lock = &self->history_lock;
  data->history = self->history;
  self->reader = g_thread_new ("kiosk-vcard-events", read_events, data);

  ready = kiosk_test_vcard_wait_for_event (self, EVENT_READY, START_TIMEOUT_MS, error);
  return ready != NULL;
}

gboolean
kiosk_test_vcard_send (KioskTestVcard *self, const char *command, GError **error)
{
  g_autofree char *line = NULL;

  g_return_val_if_fail (KIOSK_TEST_IS_VCARD (self), FALSE);
  if (self->commands == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "kiosk-vcard is not running");
      return FALSE;
    }
  line = g_strdup_printf ("%s\n", command);
  return g_output_stream_write_all (self->commands, line, strlen (line), NULL, NULL, error)
         && g_output_stream_flush (self->commands, NULL, error);
}

char *
kiosk_test_vcard_wait_for_event (KioskTestVcard *self, const char *prefix, guint timeout_ms,
                                 GError **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;

  g_return_val_if_fail (KIOSK_TEST_IS_VCARD (self), NULL);
  if (self->events == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "kiosk-vcard is not running");
      return NULL;
    }
  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      char *line = left > 0 ? g_async_queue_timeout_pop (self->events, left) : NULL;

      if (line == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "kiosk-vcard did not print '%s...' within %u ms", prefix, timeout_ms);
          return NULL;
        }
      if (line == end_of_output)
        {
          /* Keep the mark, so later waits fail at once too. */
          g_async_queue_push_front (self->events, end_of_output);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE,
                       "kiosk-vcard ended while waiting for '%s...'", prefix);
          return NULL;
        }
      if (g_str_has_prefix (line, prefix))
        return line;
      if (g_str_has_prefix (line, EVENT_ERROR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "kiosk-vcard said '%s' while waiting for '%s...'", line, prefix);
          g_free (line);
          return NULL;
        }
      g_free (line);
    }
}

void
kiosk_test_vcard_drain (KioskTestVcard *self)
{
  char *line;

  g_return_if_fail (KIOSK_TEST_IS_VCARD (self));
  if (self->events == NULL)
    return;
  while ((line = g_async_queue_try_pop (self->events)) != NULL)
    {
      if (line == end_of_output)
        {
          g_async_queue_push_front (self->events, end_of_output);
          return;
        }
      g_free (line);
    }
}

gboolean
kiosk_test_vcard_insert (KioskTestVcard *self, const char *profile, GError **error)
{
  g_autofree char *command
      = g_strdup_printf ("insert%s%s", profile != NULL ? " " : "", profile != NULL ? profile : "");
  g_autofree char *event = NULL;

  /* Events of earlier commands (a reconnection, say) must not pass for this one's. */
  kiosk_test_vcard_drain (self);
  if (!kiosk_test_vcard_send (self, command, error))
    return FALSE;
  event = kiosk_test_vcard_wait_for_event (self, EVENT_INSERTED, EVENT_TIMEOUT_MS, error);
  return event != NULL;
}

gboolean
kiosk_test_vcard_remove (KioskTestVcard *self, GError **error)
{
  g_autofree char *event = NULL;

  kiosk_test_vcard_drain (self);
  if (!kiosk_test_vcard_send (self, "remove", error))
    return FALSE;
  event = kiosk_test_vcard_wait_for_event (self, EVENT_REMOVED, EVENT_TIMEOUT_MS, error);
  return event != NULL;
}

void
kiosk_test_vcard_stop (KioskTestVcard *self)
{
  g_return_if_fail (KIOSK_TEST_IS_VCARD (self));

  if (self->process != NULL)
    {
      if (g_subprocess_get_identifier (self->process) != NULL)
        {
          kiosk_test_vcard_send (self, "quit", NULL);
          if (!kiosk_test_process_wait (self->process, QUIT_TIMEOUT_MS))
            kiosk_test_process_end (self->process, SIGKILL, QUIT_TIMEOUT_MS);
        }
      g_clear_object (&self->commands);
    }
  /* Its stdout is closed now (the process is gone), so the reader thread ends. */
  if (self->reader != NULL)
    g_thread_join (g_steal_pointer (&self->reader));
  g_clear_object (&self->process);
}

char *
kiosk_test_vcard_get_history (KioskTestVcard *self)
{
  char *copy;

  g_return_val_if_fail (KIOSK_TEST_IS_VCARD (self), NULL);
  g_mutex_lock (&self->history_lock);
  copy = g_strdup (self->history->str);
  g_mutex_unlock (&self->history_lock);
  return copy;
}
