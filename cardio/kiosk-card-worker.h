/* kiosk-card-worker.h: the one thread that owns all card I/O
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-card-status.h"
#include "kiosk-card-transport.h"
#include "kiosk-jpki.h"
#include "kiosk-secret.h"
#include "kiosk-trust-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CARD_WORKER (kiosk_card_worker_get_type ())
G_DECLARE_FINAL_TYPE (KioskCardWorker, kiosk_card_worker, KIOSK, CARD_WORKER, GObject)

/**
 * KioskCardWorker:
 *
 * Owns a transport and a thread. The thread waits on the reader (never busy), runs requests one
 * at a time, and posts results and reader events to the main context that was the thread-default
 * when the worker was made. Requests carry a snapshot of their data (PINs as KioskSecret, wiped
 * when the request ends); a request's GCancellable is checked between APDUs.
 *
 * Signals (emitted on the main context):
 * - "reader-state-changed" (KioskReaderState state, const char *reader_name): every change,
 *   including the first state found after start.
 */
KioskCardWorker *kiosk_card_worker_new (KioskCardTransport *transport, KioskTrustStore *trust);

void kiosk_card_worker_start (KioskCardWorker *self);
/* Cancels what runs, stops the thread and joins it. Safe to call twice. */
void kiosk_card_worker_stop (KioskCardWorker *self);

/* The state the last "reader-state-changed" carried (NO_SERVICE before the first one). */
KioskReaderState kiosk_card_worker_get_reader_state (KioskCardWorker *self);
/* The reader the last "reader-state-changed" named (nullable). */
const char *kiosk_card_worker_get_reader_name (KioskCardWorker *self);
KioskCardTransport *kiosk_card_worker_get_transport (KioskCardWorker *self);

/* Reads what the status screen shows: SELECT AP, token check, auth certificate, both retry
 * counters (the protocol minimum, see kiosk-jpki.h), and checks the certificate against the
 * trust store. */
void kiosk_card_worker_read_status_async (KioskCardWorker *self, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
KioskCardStatus *kiosk_card_worker_read_status_finish (KioskCardWorker *self, GAsyncResult *result,
                                                       GError **error);

/*
 * Card procedures and card management (cardio/virtual/MANAGEMENT.md). Each request takes a
 * snapshot of its data (secrets are referenced and dropped, so wiped, as soon as the request has
 * run). The JPKI AP is selected once per connection and the connection is kept while the card
 * stays in, so what VERIFY and EXTERNAL AUTHENTICATE open lasts across requests; a card taken
 * out (or reset) loses it, and the card then answers 6982 (SECURITY_NOT_SATISFIED).
 * Requests that return nothing finish with TRUE, or FALSE and @error.
 */

/* VERIFY @which. *@tries_left (nullable) is set on success (the maximum), on WRONG_PIN (what is
 * left) and on BLOCKED (0); left alone otherwise. */
void kiosk_card_worker_verify_async (KioskCardWorker *self, KioskJpkiSecret which,
                                     KioskSecret *secret, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
gboolean kiosk_card_worker_verify_finish (KioskCardWorker *self, GAsyncResult *result,
                                          guint *tries_left, GError **error);

/* VERIFY @current, then CHANGE REFERENCE DATA to @new_secret. *@tries_left as for verify. */
void kiosk_card_worker_change_secret_async (KioskCardWorker *self, KioskJpkiSecret which,
                                            KioskSecret *current, KioskSecret *new_secret,
                                            GCancellable *cancellable, GAsyncReadyCallback callback,
                                            gpointer user_data);
gboolean kiosk_card_worker_change_secret_finish (KioskCardWorker *self, GAsyncResult *result,
                                                 guint *tries_left, GError **error);

/* COMPUTE DIGITAL SIGNATURE over @digest_info with @which's key: needs a VERIFY of @which in
 * this card session. The 256-byte signature. */
void kiosk_card_worker_sign_async (KioskCardWorker *self, KioskJpkiSecret which,
                                   GBytes *digest_info, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
GBytes *kiosk_card_worker_sign_finish (KioskCardWorker *self, GAsyncResult *result, GError **error);

/* GET DATA: the 16-byte card management id. */
void kiosk_card_worker_get_card_id_async (KioskCardWorker *self, GCancellable *cancellable,
                                          GAsyncReadyCallback callback, gpointer user_data);
GBytes *kiosk_card_worker_get_card_id_finish (KioskCardWorker *self, GAsyncResult *result,
                                              GError **error);

/* GET CHALLENGE: 8 bytes, valid only until the card's next command — send the external
 * authenticate request next. */
void kiosk_card_worker_get_challenge_async (KioskCardWorker *self, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
GBytes *kiosk_card_worker_get_challenge_finish (KioskCardWorker *self, GAsyncResult *result,
                                                GError **error);

/* EXTERNAL AUTHENTICATE with the service's session id and 32-byte cryptogram. */
void kiosk_card_worker_external_authenticate_async (KioskCardWorker *self, const char *session_id,
                                                    GBytes *cryptogram, GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data);
gboolean kiosk_card_worker_external_authenticate_finish (KioskCardWorker *self,
                                                         GAsyncResult *result, GError **error);

/* GENERATE KEY PAIR for @which: the new pending key's 256-byte modulus (e = 65537). */
void kiosk_card_worker_generate_key_pair_async (KioskCardWorker *self, KioskJpkiSecret which,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback, gpointer user_data);
GBytes *kiosk_card_worker_generate_key_pair_finish (KioskCardWorker *self, GAsyncResult *result,
                                                    GError **error);

/* SELECT + UPDATE BINARY of each DER certificate given into the EF's pending content: 000A, 0001,
 * 000B, 0002 (the sign ones nullable: a card without a sign certificate). */
void kiosk_card_worker_write_certificates_async (KioskCardWorker *self, GBytes *auth_certificate,
                                                 GBytes *sign_certificate, GBytes *auth_ca,
                                                 GBytes *sign_ca, GCancellable *cancellable,
                                                 GAsyncReadyCallback callback, gpointer user_data);
gboolean kiosk_card_worker_write_certificates_finish (KioskCardWorker *self, GAsyncResult *result,
                                                      GError **error);

/* ACTIVATE: the pending keys and certificates become the card's, all at once. */
void kiosk_card_worker_activate_async (KioskCardWorker *self, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
gboolean kiosk_card_worker_activate_finish (KioskCardWorker *self, GAsyncResult *result,
                                            GError **error);

/* CHANGE REFERENCE DATA in the management state: sets @which to @new_secret without a VERIFY. */
void kiosk_card_worker_set_secret_async (KioskCardWorker *self, KioskJpkiSecret which,
                                         KioskSecret *new_secret, GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
gboolean kiosk_card_worker_set_secret_finish (KioskCardWorker *self, GAsyncResult *result,
                                              GError **error);

G_END_DECLS
