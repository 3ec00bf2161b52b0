/* kiosk-test-integration.c: what the integration tests and the benchmark share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-test-integration.h"

#include <stdio.h>

#include "kiosk-test-ca.h"
#include "kiosk-test-pcscd.h"

#define CHECK_INTERVAL_MS 20

const char *
kiosk_test_cards_dir (void)
{
  const char *dir = g_getenv ("KIOSK_CARDS_DIR");

  return dir != NULL && *dir != '\0' ? dir : KIOSK_SOURCE_CARDS_DIR;
}

const char *
kiosk_test_ca_dir (void)
{
  const char *dir = g_getenv ("KIOSK_TEST_CA_DIR");

  return dir != NULL && *dir != '\0' ? dir : KIOSK_TEST_CA_DIR;
}

static GStrv
test_ca_anchors (GError **error)
{
  g_autoptr (KioskTestCa) ca = kiosk_test_ca_load (kiosk_test_ca_dir (), error);
  g_autoptr (GStrvBuilder) anchors = g_strv_builder_new ();

  if (ca == NULL)
    return NULL;
  g_strv_builder_add (anchors, kiosk_test_ca_get_auth_ca_path (ca));
  g_strv_builder_add (anchors, kiosk_test_ca_get_sign_ca_path (ca));
  return g_strv_builder_end (anchors);
}

KioskTrustStore *
kiosk_test_trust_store_new (GError **error)
{
  g_auto (GStrv) anchors = test_ca_anchors (error);
  g_autoptr (KioskTrustStore) trust = NULL;

  if (anchors == NULL)
    return NULL;
  trust = kiosk_trust_store_new ();
  for (guint i = 0; anchors[i] != NULL; i++)
    if (!kiosk_trust_store_add_path (trust, anchors[i], error))
      return NULL;
  return g_steal_pointer (&trust);
}

KioskConfig *
kiosk_test_config_new (const char *reader_filter, GError **error)
{
  g_auto (GStrv) anchors = test_ca_anchors (error);
  g_autoptr (KioskConfig) config = NULL;

  if (anchors == NULL)
    return NULL;
  config = kiosk_config_new ();
  kiosk_config_set_trust_anchors (config, (const char *const *)anchors);
  if (reader_filter != NULL)
    kiosk_config_set_reader_filter (config, reader_filter);
  return g_steal_pointer (&config);
}

static gboolean
keep_waking (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
kiosk_test_wait_for (KioskTestCheck check, gpointer user_data, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;
  guint waker = g_timeout_add (CHECK_INTERVAL_MS, keep_waking, NULL);
  gboolean done;

  while (!(done = check (user_data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (waker);
  return done;
}

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

void
kiosk_test_run_for (guint ms)
{
  kiosk_test_wait_for (never, NULL, ms);
}

guint
kiosk_test_status_read_minimum (gsize cert_len, gboolean has_sign_password)
{
  guint cert_reads = cert_len == 0 ? 1 : (guint)((cert_len + 255) / 256);

  return 1 + 2 + 1 + cert_reads + 2 + (has_sign_password ? 2 : 1);
}

gboolean
kiosk_test_require_namespace (void)
{
  if (kiosk_test_pcscd_in_namespace ())
    return TRUE;
  printf ("1..0 # SKIP not inside tests/tools/in-pcsc-namespace (needed to run a pcscd)\n");
  return FALSE;
}
