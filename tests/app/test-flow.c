/* test-flow.c: the state machine, headless, as the card worker and the resident drive it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-card-error.h"
#include "kiosk-flow.h"

typedef struct
{
  KioskClock *clock;
  KioskConfig *config;
  KioskFlow *flow;
  GArray *commands;    /* KioskFlowCommand, in order */
  guint notifications; /* "state" notifies */
} Fixture;

static void
on_command (KioskFlow *flow, int command, gpointer user_data)
{
  Fixture *f = user_data;

  g_array_append_val (f->commands, command);
}

static void
on_state_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  Fixture *f = user_data;

  f->notifications++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GDateTime) now = g_date_time_new_utc (2027, 4, 1, 1, 0, 0);

  f->clock = kiosk_clock_new_fixed (now);
  f->config = kiosk_config_new ();
  f->flow = kiosk_flow_new (f->clock, f->config);
  f->commands = g_array_new (FALSE, FALSE, sizeof (int));
  g_signal_connect (f->flow, "command", G_CALLBACK (on_command), f);
  g_signal_connect (f->flow, "notify::state", G_CALLBACK (on_state_notify), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->flow);
  g_clear_object (&f->config);
  g_clear_object (&f->clock);
  g_array_unref (f->commands);
}

static void
assert_state (Fixture *f, KioskFlowState expected)
{
  g_assert_cmpstr (kiosk_flow_state_to_string (kiosk_flow_get_state (f->flow)), ==,
                   kiosk_flow_state_to_string (expected));
}

static int
last_command (Fixture *f)
{
  if (f->commands->len == 0)
    return -1;
  return g_array_index (f->commands, int, f->commands->len - 1);
}

static KioskCardStatus *
some_status (void)
{
  return kiosk_card_status_new (NULL, NULL, FALSE, NULL, 3, 5);
}

static void
read_succeeds (Fixture *f)
{
  g_autoptr (KioskCardStatus) status = some_status ();

  kiosk_flow_status_read (f->flow, status);
}

static void
read_fails (Fixture *f, KioskCardError code)
{
  g_autoptr (GError) error = g_error_new_literal (KIOSK_CARD_ERROR, code, "test");

  kiosk_flow_status_failed (f->flow, error);
}

static void
test_check_card_journey (Fixture *f, gconstpointer data)
{
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
  assert_state (f, KIOSK_FLOW_STATE_PLACE_CARD);
  g_assert_cmpuint (f->commands->len, ==, 0);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_READ_STATUS);
  g_assert_null (kiosk_flow_get_report (f->flow));

  read_succeeds (f);
  assert_state (f, KIOSK_FLOW_STATE_STATUS);
  g_assert_nonnull (kiosk_flow_get_report (f->flow));
  g_assert_cmpint (kiosk_status_report_get_auth_tries_left (kiosk_flow_get_report (f->flow)), ==,
                   3);

  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  assert_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  /* the resident's card data is gone once they leave */
  g_assert_null (kiosk_flow_get_report (f->flow));
  g_assert_cmpuint (f->notifications, ==, 5);
}

static void
test_card_placed_on_welcome (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_READ_STATUS);
}

static void
test_start_with_card_already_in (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  read_fails (f, KIOSK_CARD_ERROR_MALFORMED);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_BACK); /* card still in: asked to take it */
  assert_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_RESET);
  assert_state (f, KIOSK_FLOW_STATE_TAKE_CARD);
}

static void
test_removed_mid_read (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  assert_state (f, KIOSK_FLOW_STATE_CARD_REMOVED);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK);

  /* the worker's answer arrives after the fact: dropped */
  read_succeeds (f);
  assert_state (f, KIOSK_FLOW_STATE_CARD_REMOVED);
  g_assert_null (kiosk_flow_get_report (f->flow));

  /* put back: read again */
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_READ_STATUS);
  read_succeeds (f);
  assert_state (f, KIOSK_FLOW_STATE_STATUS);
}

static void
test_read_error_card_gone (Fixture *f, gconstpointer data)
{
  const KioskCardError gone[]
      = { KIOSK_CARD_ERROR_REMOVED, KIOSK_CARD_ERROR_READER_GONE, KIOSK_CARD_ERROR_NO_SERVICE };

  for (gsize i = 0; i < G_N_ELEMENTS (gone); i++)
    {
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_RESET);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
      assert_state (f, KIOSK_FLOW_STATE_READING);
      read_fails (f, gone[i]);
      assert_state (f, KIOSK_FLOW_STATE_CARD_REMOVED);
      g_assert_error (kiosk_flow_get_last_error (f->flow), KIOSK_CARD_ERROR, (int)gone[i]);
    }
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  g_assert_null (kiosk_flow_get_last_error (f->flow));
}

static void
test_unreadable_card (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  read_fails (f, KIOSK_CARD_ERROR_NOT_JPKI);
  assert_state (f, KIOSK_FLOW_STATE_CARD_UNREADABLE);
  /* taken out: the resident is asked to place it again */
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  assert_state (f, KIOSK_FLOW_STATE_PLACE_CARD);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_READING);
}

static void
test_status_stays_when_card_taken (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  read_succeeds (f);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
  assert_state (f, KIOSK_FLOW_STATE_STATUS);
  g_assert_false (kiosk_flow_get_card_present (f->flow));
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
}

static void
test_ignored_inputs (Fixture *f, gconstpointer data)
{
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_BACK);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_READER_READY);
  read_succeeds (f); /* a result nobody asked for */
  assert_state (f, KIOSK_FLOW_STATE_WELCOME);
  g_assert_cmpuint (f->notifications, ==, 0);
  g_assert_cmpuint (f->commands->len, ==, 0);
}

/* Brings a fresh flow into @state the way a resident and the reader would. */
static void
drive_to (Fixture *f, KioskFlowState state)
{
  switch (state)
    {
    case KIOSK_FLOW_STATE_WELCOME:
      break;
    case KIOSK_FLOW_STATE_PLACE_CARD:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_START);
      break;
    case KIOSK_FLOW_STATE_READING:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
      break;
    case KIOSK_FLOW_STATE_STATUS:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
      read_succeeds (f);
      break;
    case KIOSK_FLOW_STATE_TAKE_CARD:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
      read_succeeds (f);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_FINISH);
      break;
    case KIOSK_FLOW_STATE_NO_READER:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_READER_LOST);
      break;
    case KIOSK_FLOW_STATE_CARD_UNREADABLE:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
      read_fails (f, KIOSK_CARD_ERROR_UNRESPONSIVE);
      break;
    case KIOSK_FLOW_STATE_CARD_REMOVED:
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
      kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
      break;
    }
  assert_state (f, state);
  g_array_set_size (f->commands, 0);
}

static const KioskFlowState all_states[] = {
  KIOSK_FLOW_STATE_WELCOME,         KIOSK_FLOW_STATE_PLACE_CARD,   KIOSK_FLOW_STATE_READING,
  KIOSK_FLOW_STATE_STATUS,          KIOSK_FLOW_STATE_TAKE_CARD,    KIOSK_FLOW_STATE_NO_READER,
  KIOSK_FLOW_STATE_CARD_UNREADABLE, KIOSK_FLOW_STATE_CARD_REMOVED,
};

static void
test_reader_lost_everywhere (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (all_states); i++)
    {
      Fixture f = { 0 };

      fixture_set_up (&f, NULL);
      drive_to (&f, all_states[i]);
      kiosk_flow_input (f.flow, KIOSK_FLOW_INPUT_READER_LOST);
      assert_state (&f, KIOSK_FLOW_STATE_NO_READER);
      g_assert_false (kiosk_flow_get_card_present (f.flow));
      g_assert_null (kiosk_flow_get_report (f.flow));
      /* work on a card that is out of reach is abandoned */
      if (all_states[i] == KIOSK_FLOW_STATE_READING)
        g_assert_cmpint (last_command (&f), ==, KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK);
      else
        g_assert_cmpuint (f.commands->len, ==, 0);

      /* the reader comes back empty: home */
      kiosk_flow_input (f.flow, KIOSK_FLOW_INPUT_READER_READY);
      assert_state (&f, KIOSK_FLOW_STATE_WELCOME);
      fixture_tear_down (&f, NULL);
    }
}

static void
test_reader_back_with_card (Fixture *f, gconstpointer data)
{
  drive_to (f, KIOSK_FLOW_STATE_NO_READER);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_READER_READY);
  kiosk_flow_input (f->flow, KIOSK_FLOW_INPUT_CARD_INSERTED);
  assert_state (f, KIOSK_FLOW_STATE_READING);
  g_assert_cmpint (last_command (f), ==, KIOSK_FLOW_COMMAND_READ_STATUS);
}

static void
test_reset_and_idle_everywhere (void)
{
  const KioskFlowInput inputs[] = { KIOSK_FLOW_INPUT_RESET, KIOSK_FLOW_INPUT_IDLE_TIMEOUT };

  for (gsize n = 0; n < G_N_ELEMENTS (inputs); n++)
    for (gsize i = 0; i < G_N_ELEMENTS (all_states); i++)
      {
        Fixture f = { 0 };
        gboolean card_in;
        KioskFlowState expected;

        fixture_set_up (&f, NULL);
        drive_to (&f, all_states[i]);
        card_in = kiosk_flow_get_card_present (f.flow);
        kiosk_flow_input (f.flow, inputs[n]);
        /* Home, but a card left in the reader is asked for first; with no reader the kiosk
         * keeps saying so. */
        if (all_states[i] == KIOSK_FLOW_STATE_NO_READER)
          expected = KIOSK_FLOW_STATE_NO_READER;
        else
          expected = card_in ? KIOSK_FLOW_STATE_TAKE_CARD : KIOSK_FLOW_STATE_WELCOME;
        assert_state (&f, expected);
        if (all_states[i] == KIOSK_FLOW_STATE_READING)
          g_assert_cmpint (last_command (&f), ==, KIOSK_FLOW_COMMAND_CANCEL_CARD_WORK);
        if (expected == KIOSK_FLOW_STATE_TAKE_CARD)
          {
            kiosk_flow_input (f.flow, KIOSK_FLOW_INPUT_CARD_REMOVED);
            assert_state (&f, KIOSK_FLOW_STATE_WELCOME);
          }
        g_assert_null (kiosk_flow_get_last_error (f.flow));
        fixture_tear_down (&f, NULL);
      }
}

static void
test_names (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (all_states); i++)
    g_assert_cmpstr (kiosk_flow_state_to_string (all_states[i]), !=, "unknown");
  g_assert_cmpstr (kiosk_flow_input_to_string (KIOSK_FLOW_INPUT_RESET), ==, "reset");
}

#define ADD(path, fn)                                                                              \
  g_test_add ("/app/flow/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("check-card-journey", test_check_card_journey);
  ADD ("card-placed-on-welcome", test_card_placed_on_welcome);
  ADD ("card-left-after-unreadable", test_start_with_card_already_in);
  ADD ("removed-mid-read", test_removed_mid_read);
  ADD ("read-error-card-gone", test_read_error_card_gone);
  ADD ("unreadable-card", test_unreadable_card);
  ADD ("status-stays-when-card-taken", test_status_stays_when_card_taken);
  ADD ("ignored-inputs", test_ignored_inputs);
  ADD ("reader-back-with-card", test_reader_back_with_card);
  g_test_add_func ("/app/flow/reader-lost-everywhere", test_reader_lost_everywhere);
  g_test_add_func ("/app/flow/reset-and-idle-everywhere", test_reset_and_idle_everywhere);
  g_test_add_func ("/app/flow/names", test_names);
  return g_test_run ();
}
