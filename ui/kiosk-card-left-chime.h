/* kiosk-card-left-chime.h: a gentle chime, every few seconds, while a card is left in the reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-flow.h"

G_BEGIN_DECLS

#define KIOSK_CARD_LEFT_CHIME_DEFAULT_INTERVAL_MS 5000

#define KIOSK_TYPE_CARD_LEFT_CHIME (kiosk_card_left_chime_get_type ())
G_DECLARE_FINAL_TYPE (KioskCardLeftChime, kiosk_card_left_chime, KIOSK, CARD_LEFT_CHIME, GObject)

/**
 * KioskCardLeftChime:
 *
 * While the flow is on TAKE_CARD with the card still in the reader, rings at once and then every
 * @interval_ms, until the card is taken (or the flow moves on). It plays through GtkMediaFile,
 * which needs GTK's GStreamer media backend (Debian: libgtk-4-media-gstreamer, with
 * gstreamer1.0-plugins-base, -good and gstreamer1.0-alsa). Where no audio output is found (no
 * ALSA playback device, no PulseAudio or PipeWire socket) it stays silent without trying, so a
 * kiosk without a speaker logs nothing; if playing fails anyway (no backend, a device that
 * refuses), it says so once at debug level and stays silent until the next program start.
 *
 * Properties: "rings" (guint: how many times it has rung, heard or not), "plays" (guint: how
 * many of those went to the audio output), "interval-ms", "assume-output" (construct-only:
 * play even when no output is found; for the service menu's sound check and tests).
 */
KioskCardLeftChime *kiosk_card_left_chime_new (KioskFlow *flow, guint interval_ms);

guint kiosk_card_left_chime_get_rings (KioskCardLeftChime *self);
guint kiosk_card_left_chime_get_plays (KioskCardLeftChime *self);
/* FALSE once playing has failed (the chime then stays silent). */
gboolean kiosk_card_left_chime_get_working (KioskCardLeftChime *self);
/* The stream of the last ring that went to the output (transfer none; NULL when none). */
GtkMediaStream *kiosk_card_left_chime_get_stream (KioskCardLeftChime *self);

/* Whether this machine has somewhere to play sound: an ALSA playback device, or a PulseAudio or
 * PipeWire server. */
gboolean kiosk_card_left_chime_find_output (void);

/* The chime itself, made here rather than shipped: a two-note "ding-dong" (A5 then E5, soft
 * attack, bell-like decay) as a 16-bit mono PCM WAV at 22 050 Hz, about 1.3 s (transfer full). */
GBytes *kiosk_card_left_chime_synthesise_wav (void);

G_END_DECLS
