/* kiosk-main.c: the kiosk program: options, configuration, locale, then the window on the flow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <signal.h>

#include "kiosk-card-left-chime.h"
#include "kiosk-clock.h"
#include "kiosk-config.h"
#include "kiosk-controller.h"
#include "kiosk-demo-cards.h"
#include "kiosk-demo-panel.h"
#include "kiosk-idle-overlay.h"
#include "kiosk-idle-watch.h"
#include "kiosk-issuance-http-client.h"
#include "kiosk-issuance-simulator.h"
#include "kiosk-locale.h"
#include "kiosk-lockdown.h"
#include "kiosk-receipt-desk.h"
#include "kiosk-receipt-renderer.h"
#include "kiosk-session-journal.h"
#include "kiosk-smoke.h"
#include "kiosk-test-ca.h"
#include "kiosk-virtual-transport.h"
#include "kiosk-window.h"
#if HAVE_PCSC
#include "kiosk-pcsc-transport.h"
#endif

#define APPLICATION_ID "org.madoguchi.Kiosk"
#define SMOKE_TIMEOUT_SECONDS 20

/* Exit statuses: 0 fine, 1 a configuration or start-up error (or a failed smoke check), 2 no
 * display to show the kiosk on. */
enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_NO_DISPLAY = 2,
};

typedef struct
{
  gboolean demo;
  char *smoke_profile;
  KioskConfig *config;
  KioskClock *clock;
  KioskCardTransport *transport;
  KioskController *controller;
  KioskDemoCards *cards; /* demo only */
  KioskTestCa *test_ca;  /* demo only: issues the demo cards and the simulator's certificates */
  KioskIssuanceSimulator *simulator; /* demo only, switched from the demo panel */
  char *demo_state_dir; /* demo only: the receipt key, numbers and queue, removed at exit */
  KioskWindow *window;
  KioskSmoke *smoke;
  KioskIdleWatch *idle_watch;
  KioskCardLeftChime *chime;
  guint session_reset;  /* idle source that puts the resident's choices back */
  char *start_language; /* what every session starts in: LANGUAGE if given, else the config's */
} Kiosk;

/* The demo's private state folder holds only files the kiosk made (no links), two levels deep. */
static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
kiosk_clear (Kiosk *kiosk)
{
  g_clear_handle_id (&kiosk->session_reset, g_source_remove);
  g_clear_pointer (&kiosk->start_language, g_free);
  g_clear_object (&kiosk->smoke);
  g_clear_object (&kiosk->chime);
  g_clear_object (&kiosk->idle_watch);
  if (kiosk->controller != NULL)
    kiosk_controller_stop (kiosk->controller);
  g_clear_object (&kiosk->controller);
  g_clear_object (&kiosk->cards);
  g_clear_object (&kiosk->simulator);
  g_clear_object (&kiosk->test_ca);
  g_clear_object (&kiosk->transport);
  g_clear_object (&kiosk->clock);
  g_clear_object (&kiosk->config);
  g_clear_pointer (&kiosk->smoke_profile, g_free);
  if (kiosk->demo_state_dir != NULL)
    remove_tree (kiosk->demo_state_dir);
  g_clear_pointer (&kiosk->demo_state_dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Kiosk, kiosk_clear)

/* In demo mode a missing file means defaults; any other problem is reported in full (the
 * message lists every bad key with its line) and stops the kiosk. */
static KioskConfig *
load_config (const char *path, gboolean demo)
{
  g_autoptr (GError) error = NULL;
  KioskConfig *config = kiosk_config_load (path, &error);

  if (config != NULL)
    return config;
  if (demo && g_error_matches (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_NOT_FOUND))
    return kiosk_config_new ();
  g_printerr ("kiosk: the configuration cannot be used:\n%s\n", error->message);
  return NULL;
}

/* The demo runs on the in-process virtual reader and trusts the build's test CA beside the
 * J-LIS anchors, so demo cards check as valid while real anchors stay in place. */
static gboolean
setup_demo (Kiosk *kiosk)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskTestCa) test_ca = NULL;
  g_autoptr (KioskVirtualTransport) transport = NULL;
  const char *test_ca_dir = kiosk_demo_cards_default_test_ca_dir ();
  const char *cards_dir = kiosk_demo_cards_default_cards_dir ();

  test_ca = kiosk_test_ca_load (test_ca_dir, &error);
  if (test_ca == NULL)
    {
      g_printerr ("kiosk: demo: cannot load the test CA from %s: %s\n", test_ca_dir,
                  error->message);
      return FALSE;
    }
  transport = kiosk_virtual_transport_new ();
  kiosk->cards = kiosk_demo_cards_new (transport, cards_dir, test_ca, kiosk->clock, &error);
  if (kiosk->cards == NULL)
    {
      g_printerr ("kiosk: demo: cannot list the card profiles in %s: %s\n", cards_dir,
                  error->message);
      return FALSE;
    }

  {
    const char *const anchors[]
        = { kiosk_test_ca_get_auth_ca_path (test_ca), kiosk_test_ca_get_sign_ca_path (test_ca),
            kiosk_demo_cards_default_jpki_ca_dir (), NULL };

    kiosk_config_set_trust_anchors (kiosk->config, anchors);
  }
  kiosk_config_set_demo (kiosk->config, TRUE);
  /* The demo walks renewal on its own simulator unless the config names a real service. */
  if (kiosk_config_get_issuance_mode (kiosk->config) == KIOSK_ISSUANCE_MODE_NONE)
    kiosk_config_set_issuance_mode (kiosk->config, KIOSK_ISSUANCE_MODE_SIMULATOR);
  kiosk->test_ca = g_steal_pointer (&test_ca);
  kiosk->transport = KIOSK_CARD_TRANSPORT (g_steal_pointer (&transport));
  return TRUE;
}

/* Receipts in the demo: a fresh key in a private temporary state folder and no printer (the
 * screen shows the receipt; staff-side checks run `kioskctl receipt verify --key DIR/kiosk.pub`
 * on the payload the kiosk logs). */
static KioskReceiptDesk *
make_demo_receipt_desk (Kiosk *kiosk, GError **error)
{
  g_autoptr (KioskReceiptKey) key = NULL;

  kiosk->demo_state_dir = g_dir_make_tmp ("kiosk-demo-XXXXXX", error);
  if (kiosk->demo_state_dir == NULL)
    return NULL;
  key = kiosk_receipt_key_generate (error);
  if (key == NULL || !kiosk_receipt_key_save (key, kiosk->demo_state_dir, error))
    return NULL;
  g_print ("kiosk: demo receipts are signed with %s/kiosk.key; while the demo runs, verify a "
           "logged payload with: kioskctl receipt verify --key %s/kiosk.pub PAYLOAD\n",
           kiosk->demo_state_dir, kiosk->demo_state_dir);
  return kiosk_receipt_desk_new (kiosk_config_get_kiosk_id (kiosk->config),
                                 kiosk_config_get_location (kiosk->config), kiosk->demo_state_dir,
                                 key, NULL, KIOSK_PAPER_58MM_DOTS);
}

static void
setup_receipts (Kiosk *kiosk)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptDesk) desk = NULL;

  desk = kiosk->demo ? make_demo_receipt_desk (kiosk, &error)
                     : kiosk_receipt_desk_new_from_config (kiosk->config, &error);
  if (desk == NULL)
    {
      /* The resident can still do everything; staff must fix the key to get receipts back. */
      g_printerr ("kiosk: receipts are off: %s\n", error->message);
      return;
    }
  kiosk_controller_set_receipt_desk (kiosk->controller, desk);
}

/* The folder of the relay's session journal: the configured state folder, or the demo's own. */
static char *
dup_journal_dir (Kiosk *kiosk)
{
  const char *state_dir = kiosk->demo_state_dir != NULL
                              ? kiosk->demo_state_dir
                              : kiosk_config_get_state_dir (kiosk->config);

  return g_build_filename (state_dir, "sessions", NULL);
}

static KioskIssuanceService *
make_issuance_service (Kiosk *kiosk, GError **error)
{
  switch (kiosk_config_get_issuance_mode (kiosk->config))
    {
    case KIOSK_ISSUANCE_MODE_NONE:
      return NULL;
    case KIOSK_ISSUANCE_MODE_SIMULATOR:
      if (kiosk->test_ca == NULL)
        {
          g_set_error_literal (error, KIOSK_CONFIG_ERROR, KIOSK_CONFIG_ERROR_INVALID,
                               "[issuance] mode = simulator runs only with --demo");
          return NULL;
        }
      /* Sessions live ten minutes, as a real service's would. */
      kiosk->simulator
          = kiosk_issuance_simulator_new (kiosk->test_ca, kiosk_demo_cards_default_cards_dir (),
                                          kiosk->clock, 10 * 60 * 1000, error);
      return kiosk->simulator != NULL ? g_object_ref (KIOSK_ISSUANCE_SERVICE (kiosk->simulator))
                                      : NULL;
    case KIOSK_ISSUANCE_MODE_HTTP:
      {
        KioskConfig *config = kiosk->config;
        guint timeout = kiosk_config_get_issuance_timeout_seconds (config);
        KioskIssuanceHttpSettings settings = {
          .base_url = kiosk_config_get_issuance_url (config),
          .ca_file = kiosk_config_get_issuance_ca_file (config),
          .client_certificate_file = kiosk_config_get_issuance_client_certificate (config),
          .client_key_file = kiosk_config_get_issuance_client_key (config),
          .timeout_ms = timeout * 1000,
          .max_tries = kiosk_config_get_issuance_retries (config) + 1,
          /* Retry-After waits included, a step never holds the resident longer than this. */
          .max_total_seconds = 4 * timeout,
        };

        return KIOSK_ISSUANCE_SERVICE (kiosk_issuance_http_client_new (&settings, error));
      }
    }
  return NULL;
}

/* Renewal and re-issue: the service and the journal of their sessions. A session a restart
 * finds unfinished is reported for staff first. Without a service the procedures end with a
 * "service down" handoff, which is what a resident should see when it is not configured. */
static gboolean
setup_issuance (Kiosk *kiosk)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskIssuanceService) service = NULL;
  g_autoptr (KioskSessionJournal) journal = NULL;
  g_autofree char *journal_dir = dup_journal_dir (kiosk);
  guint incomplete;

  service = make_issuance_service (kiosk, &error);
  if (service == NULL && error != NULL)
    {
      g_printerr ("kiosk: the issuance service cannot be used: %s\n", error->message);
      return FALSE;
    }
  journal = kiosk_session_journal_new (journal_dir, &error);
  if (journal == NULL)
    {
      g_printerr ("kiosk: the session journal in %s cannot be used: %s\n", journal_dir,
                  error->message);
      return FALSE;
    }
  incomplete = kiosk_session_journal_report_incomplete (journal);
  if (incomplete > 0)
    g_printerr ("kiosk: %u incomplete renewal session(s) need staff (see the journal)\n",
                incomplete);
  kiosk_controller_set_issuance (kiosk->controller, service, journal);
  return TRUE;
}

static gboolean
setup_readers (Kiosk *kiosk)
{
#if HAVE_PCSC
  kiosk->transport = kiosk_pcsc_transport_new (kiosk_config_get_reader_filter (kiosk->config));
  return TRUE;
#else
  g_printerr ("kiosk: this build has no pcsc-lite support: only --demo can run\n");
  return FALSE;
#endif
}

/* The next resident starts in the kiosk's default language with the usual text and colours. */
static gboolean
reset_resident_choices (gpointer user_data)
{
  Kiosk *kiosk = user_data;

  kiosk->session_reset = 0;
  if (kiosk->window == NULL)
    return G_SOURCE_REMOVE;
  if (g_strcmp0 (kiosk_window_get_language (kiosk->window), kiosk->start_language) != 0)
    kiosk_window_set_language (kiosk->window, kiosk->start_language);
  kiosk_window_set_large_text (kiosk->window, FALSE);
  kiosk_window_set_high_contrast (kiosk->window, FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_session_state (KioskFlow *flow, GParamSpec *pspec, Kiosk *kiosk)
{
  /* From an idle callback: a language change rebuilds the screens, and the screen whose button
   * ended the session may still be in its handler. */
  if (kiosk_flow_get_state (flow) == KIOSK_FLOW_STATE_WELCOME && kiosk->session_reset == 0)
    kiosk->session_reset = g_idle_add (reset_resident_choices, kiosk);
}

static void
on_activate (GtkApplication *application, Kiosk *kiosk)
{
  KioskFlow *flow = kiosk_controller_get_flow (kiosk->controller);

  if (kiosk->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (kiosk->window));
      return;
    }

  kiosk->window = kiosk_window_new_with_languages (application, flow,
                                                   kiosk_config_get_languages (kiosk->config));
  g_signal_connect (flow, "notify::state", G_CALLBACK (on_session_state), kiosk);
  /* Idle: a warning with a countdown over the panel, then the flow's idle timeout. */
  kiosk->idle_watch = kiosk_idle_watch_new (flow, kiosk_config_get_idle_seconds (kiosk->config),
                                            kiosk_config_get_idle_warning_seconds (kiosk->config));
  kiosk_idle_overlay_attach (GTK_WINDOW (kiosk->window), kiosk->idle_watch);
  /* A card left in the reader: a chime every few seconds, where there is a speaker. */
  kiosk->chime = kiosk_card_left_chime_new (flow, KIOSK_CARD_LEFT_CHIME_DEFAULT_INTERVAL_MS);
  if (!kiosk->demo)
    {
      kiosk_lockdown_window (GTK_WINDOW (kiosk->window));
      gtk_window_fullscreen (GTK_WINDOW (kiosk->window));
    }
  gtk_window_present (GTK_WINDOW (kiosk->window));

  if (kiosk->smoke_profile != NULL)
    kiosk->smoke = kiosk_smoke_new (G_APPLICATION (application), kiosk->window, kiosk->cards,
                                    kiosk->smoke_profile, SMOKE_TIMEOUT_SECONDS);
  else if (kiosk->demo)
    {
      KioskDemoPanel *panel = kiosk_demo_panel_new (
          application, kiosk->cards, kiosk_controller_get_worker (kiosk->controller));

      kiosk_demo_panel_add_issuance_controls (panel, kiosk->simulator, flow);

      gtk_window_present (GTK_WINDOW (panel));
    }

  kiosk_controller_start (kiosk->controller);
}

static void
on_shutdown (GtkApplication *application, Kiosk *kiosk)
{
  /* The worker thread is joined before GTK goes away. */
  if (kiosk->controller != NULL)
    kiosk_controller_stop (kiosk->controller);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  Kiosk *kiosk = user_data;

  if (kiosk->window != NULL)
    kiosk_window_allow_close (kiosk->window);
  g_application_quit (g_application_get_default ());
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GtkApplication) application = NULL;
  g_autofree char *config_path = NULL;
  g_auto (Kiosk) kiosk = { 0 };
  gboolean version = FALSE;
  gboolean language_from_environment;
  int status;
  GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &kiosk.demo,
      "Run on the in-process virtual card reader, with the demo panel", NULL },
    { "smoke", 0, 0, G_OPTION_ARG_STRING, &kiosk.smoke_profile,
      "Check the virtual card PROFILE once in the real window, print its status and exit "
      "(implies --demo)",
      "PROFILE" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path,
      "Read the configuration from PATH (default: " KIOSK_CONFIG_PATH ")", "PATH" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL },
  };

  /* A LANGUAGE given by whoever started the kiosk wins over the config's default (tests, a
   * developer); a kiosk service sets none. */
  language_from_environment = g_getenv ("LANGUAGE") != NULL && *g_getenv ("LANGUAGE") != '\0';
  kiosk_locale_init ();

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Madoguchi: the My Number card certificate kiosk.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("kiosk: %s\n", error->message);
      return EXIT_FAILED;
    }
  if (version)
    {
      g_print ("kiosk (Madoguchi) %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  if (argc > 1)
    {
      g_printerr ("kiosk: unexpected argument: %s\n", argv[1]);
      return EXIT_FAILED;
    }
  if (kiosk.smoke_profile != NULL)
    kiosk.demo = TRUE;

  kiosk.config = load_config (config_path != NULL ? config_path : KIOSK_CONFIG_PATH, kiosk.demo);
  if (kiosk.config == NULL)
    return EXIT_FAILED;
  kiosk.demo = kiosk.demo || kiosk_config_get_demo (kiosk.config);
  if (!language_from_environment)
    kiosk_locale_set_language (kiosk_config_get_default_language (kiosk.config));
  {
    g_auto (GStrv) languages = g_strsplit (g_getenv ("LANGUAGE"), ":", 2);

    kiosk.start_language = g_strdup (languages[0]);
  }

  /* The resident's kiosk: GTK_DEBUG=interactive would open the GTK inspector over it. */
  if (!kiosk.demo)
    kiosk_lockdown_prepare ();
  if (!gtk_init_check ())
    {
      g_printerr ("kiosk: no display: cannot open a display to show the kiosk on "
                  "(DISPLAY / WAYLAND_DISPLAY unset or unreachable)\n");
      return EXIT_NO_DISPLAY;
    }

  kiosk.clock = kiosk_clock_new ();
  if (kiosk.demo ? !setup_demo (&kiosk) : !setup_readers (&kiosk))
    return EXIT_FAILED;
  kiosk.controller = kiosk_controller_new (kiosk.config, kiosk.clock, kiosk.transport, &error);
  if (kiosk.controller == NULL)
    {
      g_printerr ("kiosk: cannot start: %s\n", error->message);
      return EXIT_FAILED;
    }
  setup_receipts (&kiosk);
  if (!setup_issuance (&kiosk))
    return EXIT_FAILED;

  /* One kiosk per panel is the unit's business; staying non-unique lets the demo and tests run
   * side by side on one session bus. */
  application = gtk_application_new (APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), &kiosk);
  g_signal_connect (application, "shutdown", G_CALLBACK (on_shutdown), &kiosk);
  g_unix_signal_add (SIGTERM, on_quit_signal, &kiosk);
  g_unix_signal_add (SIGINT, on_quit_signal, &kiosk);

  status = g_application_run (G_APPLICATION (application), 0, NULL);
  if (kiosk.smoke != NULL)
    status = kiosk_smoke_get_exit_status (kiosk.smoke);
  return status;
}
