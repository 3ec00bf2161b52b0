/* issuance-test-server.h: the kiosk-issuance-server program run by a test, with fresh TLS material
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-issuance-http-client.h"

G_BEGIN_DECLS

/* A CA and two leaves it issued (EC P-256: fast to make), as PEM files: a server certificate for
 * 127.0.0.1 / localhost and a client certificate. */
typedef struct
{
  char *ca_path;
  char *server_certificate;
  char *server_key;
  char *client_certificate;
  char *client_key;
} IssuanceTestTls;

/* Writes @prefix-ca.pem, @prefix-server.{pem,key} and @prefix-client.{pem,key} into @dir. */
void issuance_test_tls_make (const char *dir, const char *prefix, IssuanceTestTls *out);
void issuance_test_tls_clear (IssuanceTestTls *tls);

#define ISSUANCE_TEST_TYPE_SERVER (issuance_test_server_get_type ())
G_DECLARE_FINAL_TYPE (IssuanceTestServer, issuance_test_server, ISSUANCE_TEST, SERVER, GObject)

/**
 * IssuanceTestServer:
 *
 * `kiosk-issuance-server --port=0` as the test's child (it dies with the test), serving the
 * residents of @cards_dir with the test CA of @test_ca_dir, over TLS with @tls's server
 * certificate (or another one given to start), requiring client certificates issued by @tls's
 * CA. Its event lines are read on the default main context as they come; the waits iterate it
 * and fail the test after a bound. While the program runs, the pending read of its output holds
 * a reference: call issuance_test_server_stop() before dropping yours.
 */
IssuanceTestServer *issuance_test_server_new (const char *cards_dir, const char *test_ca_dir,
                                              const IssuanceTestTls *tls);

/* KIOSK_FAKE_NOW for the program ("2026-11-25T10:00:00+09:00"); NULL: the real date. Before
 * start. */
void issuance_test_server_set_fake_now (IssuanceTestServer *self, const char *iso8601);

/* Starts the program with @certificate / @key (NULL: @tls's server certificate) and @faults
 * (NULL-terminated --fault commands, nullable), and waits for `listening on PORT`. */
void issuance_test_server_start (IssuanceTestServer *self, const char *certificate, const char *key,
                                 const char *const *faults);
/* Kills the program and reaps it (its port then refuses connections). Safe to call twice. */
void issuance_test_server_stop (IssuanceTestServer *self);

guint issuance_test_server_get_port (IssuanceTestServer *self);

/* Writes a fault command on the program's stdin and waits for its `mode COMMAND` echo. */
void issuance_test_server_send (IssuanceTestServer *self, const char *command);

/* The event lines so far. */
gboolean issuance_test_server_has_line (IssuanceTestServer *self, const char *line);
guint issuance_test_server_count_lines (IssuanceTestServer *self, const char *prefix);
/* The first line starting with @prefix, waiting for it (fails the test after 15 s or when the
 * program ends first). Transfer none. */
const char *issuance_test_server_wait_for_line (IssuanceTestServer *self, const char *prefix);
/* Waits likewise until at least @n lines start with @prefix (an answer reaches the client a
 * moment before the program's line about it reaches the test). */
void issuance_test_server_wait_for_lines (IssuanceTestServer *self, const char *prefix, guint n);

/* An HTTP client for this server that trusts @tls's CA, with @tls's client certificate when
 * @with_certificate. */
KioskIssuanceHttpClient *issuance_test_server_new_client (IssuanceTestServer *self,
                                                          gboolean with_certificate,
                                                          guint timeout_ms, guint max_tries,
                                                          guint max_total_seconds);

G_END_DECLS
