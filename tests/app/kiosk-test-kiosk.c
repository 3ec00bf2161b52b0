/* kiosk-test-kiosk.c: the kiosk's parts as a test assembles them around a controller
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-test-kiosk.h"

#include <glib/gstdio.h>

#include "kiosk-card-profile.h"
#include "kiosk-test-files.h"

void
kiosk_test_kiosk_set_up (KioskTestKiosk *k, const char *prefix)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autofree char *key_dir = NULL;
  g_autofree char *journal_dir = NULL;
  const char *anchors[3];

  k->state_dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  k->cards_dir = g_build_filename (k->state_dir, "cards", NULL);
  g_assert_cmpint (g_mkdir (k->cards_dir, 0700), ==, 0);

  key_dir = g_build_filename (k->state_dir, "keys", NULL);
  g_assert_cmpint (g_mkdir (key_dir, 0700), ==, 0);
  k->key = kiosk_receipt_key_generate (&error);
  g_assert_no_error (error);
  g_assert_true (kiosk_receipt_key_save (k->key, key_dir, &error));
  k->public_key_path = g_build_filename (key_dir, "kiosk.pub", NULL);

  k->ca = kiosk_test_ca_load (kiosk_test_files_ca_dir (), &error);
  g_assert_no_error (error);
  k->clock = kiosk_clock_new ();
  k->config = kiosk_config_new ();
  anchors[0] = kiosk_test_ca_get_auth_ca_path (k->ca);
  anchors[1] = kiosk_test_ca_get_sign_ca_path (k->ca);
  anchors[2] = NULL;
  kiosk_config_set_trust_anchors (k->config, anchors);

  k->reader = kiosk_virtual_transport_new ();
  k->controller
      = kiosk_controller_new (k->config, k->clock, KIOSK_CARD_TRANSPORT (k->reader), &error);
  g_assert_no_error (error);
  k->flow = kiosk_controller_get_flow (k->controller);
  kiosk_flow_set_hours_mode (k->flow, KIOSK_FLOW_HOURS_ALWAYS_OPEN);
  k->desk = kiosk_receipt_desk_new ("K001", "Test office", k->state_dir, k->key, NULL, 384);
  kiosk_controller_set_receipt_desk (k->controller, k->desk);
  journal_dir = g_build_filename (k->state_dir, "sessions", NULL);
  k->journal = kiosk_session_journal_new (journal_dir, &error);
  g_assert_no_error (error);
  kiosk_controller_set_issuance (k->controller, NULL, k->journal);
}

void
kiosk_test_kiosk_tear_down (KioskTestKiosk *k)
{
  kiosk_controller_stop (k->controller);
  g_clear_object (&k->controller);
  k->flow = NULL;
  g_clear_object (&k->desk);
  g_clear_object (&k->reader);
  g_clear_object (&k->card);
  g_clear_object (&k->simulator);
  g_clear_object (&k->journal);
  g_clear_object (&k->config);
  g_clear_object (&k->clock);
  g_clear_object (&k->ca);
  g_clear_object (&k->key);
  kiosk_test_files_remove_tree (k->state_dir);
  g_clear_pointer (&k->state_dir, g_free);
  g_clear_pointer (&k->cards_dir, g_free);
  g_clear_pointer (&k->public_key_path, g_free);
}

void
kiosk_test_kiosk_add_profile (KioskTestKiosk *k, const char *to, const char *from,
                              const char *extra)
{
  kiosk_test_files_write_profile (k->cards_dir, to, from, extra);
}

void
kiosk_test_kiosk_restart_simulator (KioskTestKiosk *k)
{
  g_autoptr (GError) error = NULL;

  g_clear_object (&k->simulator);
  k->simulator = kiosk_issuance_simulator_new (k->ca, k->cards_dir, k->clock, 60 * 1000, &error);
  g_assert_no_error (error);
  kiosk_controller_set_issuance (k->controller, KIOSK_ISSUANCE_SERVICE (k->simulator), k->journal);
}

void
kiosk_test_kiosk_insert_card (KioskTestKiosk *k, const char *profile_name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = kiosk_clock_now (k->clock);
  g_autoptr (KioskCardProfile) profile
             = kiosk_card_profile_load_named (k->cards_dir, profile_name, now, &error);

  g_assert_no_error (error);
  g_clear_object (&k->card);
  k->card = kiosk_virtual_card_new (profile, k->ca, now, &error);
  g_assert_no_error (error);
  kiosk_virtual_transport_insert (k->reader, k->card);
}
