/* kiosk-smoke.c: `kiosk --demo --smoke=PROFILE`: one real check of a card, printed, then exit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-smoke.h"

#include <stdio.h>

#include "kiosk-status-screen.h"

struct _KioskSmoke
{
  GObject parent_instance;

  GApplication *application; /* borrowed: it outlives the run */
  KioskWindow *window;
  KioskDemoCards *cards;
  char *profile;
  guint timeout_source;
  guint timeout_seconds;
  gboolean inserted;
  gboolean finished;
  int exit_status;
};

G_DEFINE_FINAL_TYPE (KioskSmoke, kiosk_smoke, G_TYPE_OBJECT)

static void
finish (KioskSmoke *self, int exit_status)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  self->exit_status = exit_status;
  fflush (stdout);
  g_clear_handle_id (&self->timeout_source, g_source_remove);
  g_application_quit (self->application);
}

static void
fail (KioskSmoke *self, KioskFlowState state, const char *reason)
{
  printf ("state: %s\n", kiosk_flow_state_to_string (state));
  g_printerr ("smoke: %s\n", reason);
  finish (self, 1);
}

static const char *
validity_to_string (KioskStatusReport *report)
{
  if (!kiosk_status_report_has_certificate (report))
    return "none";
  switch (kiosk_status_report_get_validity (report))
    {
    case KIOSK_VALIDITY_NOT_YET_VALID:
      return "not-yet-valid";
    case KIOSK_VALIDITY_VALID:
      return "valid";
    case KIOSK_VALIDITY_EXPIRED:
      return "expired";
    }
  return "unknown";
}

static void
print_report (KioskStatusReport *report)
{
  GDateTime *expires = kiosk_status_report_get_expires (report);
  GDate *opens = kiosk_status_report_get_renewal_opens (report);
  int sign_left = kiosk_status_report_get_sign_tries_left (report);
  g_autofree char *expires_text = NULL;
  char opens_text[16] = "none";

  if (expires != NULL)
    /* ISO 8601 with the offset written out in full (+09:00), which
     * g_date_time_format_iso8601() shortens to +09. */
    expires_text = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%S%:z");
  if (opens != NULL)
    g_date_strftime (opens_text, sizeof opens_text, "%Y-%m-%d", opens);

  printf ("state: %s\n", kiosk_flow_state_to_string (KIOSK_FLOW_STATE_STATUS));
  printf ("validity: %s\n", validity_to_string (report));
  printf ("expires: %s\n", expires_text != NULL ? expires_text : "none");
  if (kiosk_status_report_has_certificate (report))
    printf ("days-left: %d\n", kiosk_status_report_get_days_left (report));
  else
    printf ("days-left: none\n");
  printf ("renewal-open: %s\n", kiosk_status_report_get_renewal_open (report) ? "yes" : "no");
  printf ("renewal-opens: %s\n", opens_text);
  printf ("auth-tries-left: %d\n", kiosk_status_report_get_auth_tries_left (report));
  if (sign_left < 0)
    printf ("sign-tries-left: none\n");
  else
    printf ("sign-tries-left: %d\n", sign_left);
  printf ("advice: %s\n", kiosk_advice_to_string (kiosk_status_report_get_advice (report)));
}

static void
on_screen_presented (KioskWindow *window, int state, KioskSmoke *self)
{
  KioskFlow *flow = kiosk_window_get_flow (window);
  g_autoptr (GError) error = NULL;

  if (self->finished)
    return;

  switch ((KioskFlowState)state)
    {
    case KIOSK_FLOW_STATE_WELCOME:
      if (!self->inserted)
        kiosk_flow_input (flow, KIOSK_FLOW_INPUT_START);
      else
        fail (self, state, "the kiosk went back to the welcome screen");
      break;
    case KIOSK_FLOW_STATE_OPERATOR:
      kiosk_flow_input (flow, KIOSK_FLOW_INPUT_CHOOSE_HOLDER);
      break;
    case KIOSK_FLOW_STATE_MENU:
      kiosk_flow_input (flow, KIOSK_FLOW_INPUT_CHOOSE_CHECK);
      break;
    case KIOSK_FLOW_STATE_PLACE_CARD:
      if (self->inserted)
        fail (self, state, "the card was asked for again");
      else if (!kiosk_demo_cards_insert (self->cards, self->profile, &error))
        fail (self, state, error->message);
      else
        self->inserted = TRUE;
      break;
    case KIOSK_FLOW_STATE_READING:
      break;
    case KIOSK_FLOW_STATE_STATUS:
      print_report (kiosk_flow_get_report (flow));
      finish (self, 0);
      break;
    case KIOSK_FLOW_STATE_NO_READER:
      /* The reader may be reported late at start-up; only a lost reader after insertion fails. */
      if (self->inserted)
        fail (self, state, "the reader went away");
      break;
    case KIOSK_FLOW_STATE_HANDOFF:
    case KIOSK_FLOW_STATE_ENTER_CURRENT:
    case KIOSK_FLOW_STATE_VERIFYING:
    case KIOSK_FLOW_STATE_ENTER_NEW:
    case KIOSK_FLOW_STATE_CONFIRM_NEW:
    case KIOSK_FLOW_STATE_WRITING:
    case KIOSK_FLOW_STATE_DONE:
    case KIOSK_FLOW_STATE_RENEWING:
    case KIOSK_FLOW_STATE_SERVICE_BUSY:
    case KIOSK_FLOW_STATE_TAKE_CARD:
    case KIOSK_FLOW_STATE_CARD_UNREADABLE:
    case KIOSK_FLOW_STATE_CARD_REMOVED:
      {
        const GError *last = kiosk_flow_get_last_error (flow);

        fail (self, state, last != NULL ? last->message : "the card was not read");
      }
      break;
    }
}

static gboolean
on_timeout (gpointer user_data)
{
  KioskSmoke *self = user_data;
  g_autofree char *reason = g_strdup_printf ("no status screen after %u s", self->timeout_seconds);

  self->timeout_source = 0;
  fail (self, kiosk_flow_get_state (kiosk_window_get_flow (self->window)), reason);
  return G_SOURCE_REMOVE;
}

static void
kiosk_smoke_dispose (GObject *object)
{
  KioskSmoke *self = KIOSK_SMOKE (object);

  g_clear_handle_id (&self->timeout_source, g_source_remove);
  if (self->window != NULL)
    g_signal_handlers_disconnect_by_data (self->window, self);
  g_clear_object (&self->window);
  g_clear_object (&self->cards);
  G_OBJECT_CLASS (kiosk_smoke_parent_class)->dispose (object);
}

static void
kiosk_smoke_finalize (GObject *object)
{
  g_free (KIOSK_SMOKE (object)->profile);
  G_OBJECT_CLASS (kiosk_smoke_parent_class)->finalize (object);
}

static void
kiosk_smoke_class_init (KioskSmokeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_smoke_dispose;
  object_class->finalize = kiosk_smoke_finalize;
}

static void
kiosk_smoke_init (KioskSmoke *self)
{
  self->exit_status = 1;
}

KioskSmoke *
kiosk_smoke_new (GApplication *application, KioskWindow *window, KioskDemoCards *cards,
                 const char *profile, guint timeout_seconds)
{
  KioskSmoke *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (KIOSK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (KIOSK_IS_DEMO_CARDS (cards), NULL);
  g_return_val_if_fail (profile != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_SMOKE, NULL);
  self->application = application;
  self->window = g_object_ref (window);
  self->cards = g_object_ref (cards);
  self->profile = g_strdup (profile);
  self->timeout_seconds = timeout_seconds;
  g_signal_connect (window, "screen-presented", G_CALLBACK (on_screen_presented), self);
  self->timeout_source = g_timeout_add_seconds (timeout_seconds, on_timeout, self);
  return self;
}

int
kiosk_smoke_get_exit_status (KioskSmoke *self)
{
  g_return_val_if_fail (KIOSK_IS_SMOKE (self), 1);
  return self->exit_status;
}
