/* kiosk-card-left-chime.c: a gentle chime, every few seconds, while a card is left in the reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-card-left-chime.h"

#include <glib/gstdio.h>
#include <unistd.h>
#include <math.h>
#include <string.h>

#define SAMPLE_RATE 22050
#define CHIME_SECONDS 1.3
/* Quiet enough not to startle anyone at the next counter; the panel's speaker does the rest. */
#define PEAK 0.32

struct _KioskCardLeftChime
{
  GObject parent_instance;

  KioskFlow *flow;
  guint interval_ms;
  gboolean assume_output;

  GMainContext *context;
  GSource *repeat_source;
  guint rings;
  guint plays;
  gboolean working;
  char *wav_path; /* the synthesised chime, written once on the first play; removed at dispose */
  GtkMediaStream *stream;
};

G_DEFINE_FINAL_TYPE (KioskCardLeftChime, kiosk_card_left_chime, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FLOW,
  PROP_INTERVAL_MS,
  PROP_ASSUME_OUTPUT,
  PROP_RINGS,
  PROP_PLAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- the sound ---- */

/* One bell-like note: a sine with two soft overtones, a 12 ms raised-cosine attack (no click) and
 * an exponential decay, starting at @start seconds. */
static double
note (double t, double start, double frequency)
{
  double local = t - start, envelope;

  if (local < 0)
    return 0;
  envelope = local < 0.012 ? 0.5 * (1 - cos (G_PI * local / 0.012)) : exp (-(local - 0.012) / 0.28);
  return envelope
         * (sin (2 * G_PI * frequency * local) + 0.25 * sin (4 * G_PI * frequency * local)
            + 0.08 * sin (6 * G_PI * frequency * local))
         / 1.33;
}

static void
put_le16 (guint8 *at, guint16 value)
{
  at[0] = value & 0xff;
  at[1] = value >> 8;
}

static void
put_le32 (guint8 *at, guint32 value)
{
  put_le16 (at, value & 0xffff);
  put_le16 (at + 2, value >> 16);
}

GBytes *
kiosk_card_left_chime_synthesise_wav (void)
{
  const guint n_samples = (guint)(SAMPLE_RATE * CHIME_SECONDS);
  const guint data_size = n_samples * 2;
  const guint fade = SAMPLE_RATE / 20; /* the last 50 ms go to silence */
  guint8 *wav = g_malloc (44 + data_size);

  memcpy (wav, "RIFF", 4);
  put_le32 (wav + 4, 36 + data_size);
  memcpy (wav + 8, "WAVEfmt ", 8);
  put_le32 (wav + 16, 16);              /* fmt chunk size */
  put_le16 (wav + 20, 1);               /* PCM */
  put_le16 (wav + 22, 1);               /* mono */
  put_le32 (wav + 24, SAMPLE_RATE);     /* sample rate */
  put_le32 (wav + 28, SAMPLE_RATE * 2); /* byte rate */
  put_le16 (wav + 32, 2);               /* block align */
  put_le16 (wav + 34, 16);              /* bits per sample */
  memcpy (wav + 36, "data", 4);
  put_le32 (wav + 40, data_size);

  for (guint i = 0; i < n_samples; i++)
    {
      double t = (double)i / SAMPLE_RATE;
      double value = 0.6 * note (t, 0.0, 880.0) + 0.6 * note (t, 0.42, 659.25);

      if (i + fade > n_samples)
        value *= (double)(n_samples - i) / fade;
      put_le16 (wav + 44 + 2 * i,
                (guint16)(gint16)lround (CLAMP (value * PEAK, -1.0, 1.0) * 32767));
    }
  return g_bytes_new_take (wav, 44 + data_size);
}

/* ---- where it can be heard ---- */

static gboolean
has_alsa_playback_device (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/dev/snd", 0, NULL);
  const char *name;

  /* pcmC<card>D<device>p: a playback device (…c is capture). */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "pcmC") && g_str_has_suffix (name, "p"))
      return TRUE;
  return FALSE;
}

gboolean
kiosk_card_left_chime_find_output (void)
{
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");

  if (has_alsa_playback_device () || g_getenv ("PULSE_SERVER") != NULL)
    return TRUE;
  if (runtime_dir != NULL)
    {
      g_autofree char *pulse = g_build_filename (runtime_dir, "pulse", "native", NULL);
      g_autofree char *pipewire = g_build_filename (runtime_dir, "pipewire-0", NULL);

      return g_file_test (pulse, G_FILE_TEST_EXISTS) || g_file_test (pipewire, G_FILE_TEST_EXISTS);
    }
  return FALSE;
}

/* ---- ringing ---- */

static void
give_up (KioskCardLeftChime *self, const char *why)
{
  if (!self->working)
    return;
  self->working = FALSE;
  g_debug ("card-left chime: silent from now on: %s", why);
}

static void
on_stream_error (GtkMediaStream *stream, GParamSpec *pspec, KioskCardLeftChime *self)
{
  const GError *error = gtk_media_stream_get_error (stream);

  if (error != NULL)
    give_up (self, error->message);
}

static gboolean
ensure_wav (KioskCardLeftChime *self)
{
  g_autoptr (GBytes) wav = NULL;
  g_autoptr (GError) error = NULL;
  int fd;

  if (self->wav_path != NULL)
    return TRUE;
  fd = g_file_open_tmp ("kiosk-chime-XXXXXX.wav", &self->wav_path, &error);
  if (fd < 0)
    {
      give_up (self, error->message);
      return FALSE;
    }
  close (fd);
  wav = kiosk_card_left_chime_synthesise_wav ();
  if (!g_file_set_contents (self->wav_path, g_bytes_get_data (wav, NULL), g_bytes_get_size (wav),
                            &error))
    {
      give_up (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
drop_stream (KioskCardLeftChime *self)
{
  if (self->stream == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->stream, self);
  gtk_media_stream_pause (self->stream);
  g_clear_object (&self->stream);
}

static void
ring (KioskCardLeftChime *self)
{
  g_autoptr (GFile) file = NULL;

  self->rings++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RINGS]);
  if (!self->working || !(self->assume_output || kiosk_card_left_chime_find_output ()))
    return;
  if (!ensure_wav (self))
    return;

  /* A fresh stream each time: a media file that has ended does not play again by itself. */
  drop_stream (self);
  file = g_file_new_for_path (self->wav_path);
  self->stream = GTK_MEDIA_STREAM (gtk_media_file_new_for_file (file));
  g_signal_connect (self->stream, "notify::error", G_CALLBACK (on_stream_error), self);
  if (gtk_media_stream_get_error (self->stream) != NULL)
    {
      on_stream_error (self->stream, NULL, self);
      return;
    }
  gtk_media_stream_play (self->stream);
  self->plays++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYS]);
}

static gboolean
on_repeat (gpointer user_data)
{
  ring (user_data);
  return G_SOURCE_CONTINUE;
}

static void
stop (KioskCardLeftChime *self)
{
  if (self->repeat_source != NULL)
    {
      g_source_destroy (self->repeat_source);
      g_clear_pointer (&self->repeat_source, g_source_unref);
    }
  drop_stream (self);
}

static void
follow_flow (KioskCardLeftChime *self)
{
  gboolean card_left = kiosk_flow_get_state (self->flow) == KIOSK_FLOW_STATE_TAKE_CARD
                       && kiosk_flow_get_card_present (self->flow);

  if (!card_left)
    {
      stop (self);
      return;
    }
  if (self->repeat_source != NULL)
    return;
  ring (self);
  self->repeat_source = g_timeout_source_new (self->interval_ms);
  g_source_set_callback (self->repeat_source, on_repeat, self, NULL);
  g_source_set_static_name (self->repeat_source, "kiosk-card-left-chime");
  g_source_attach (self->repeat_source, self->context);
}

static void
on_flow_state_notify (KioskFlow *flow, GParamSpec *pspec, KioskCardLeftChime *self)
{
  follow_flow (self);
}

static void
kiosk_card_left_chime_constructed (GObject *object)
{
  KioskCardLeftChime *self = KIOSK_CARD_LEFT_CHIME (object);

  G_OBJECT_CLASS (kiosk_card_left_chime_parent_class)->constructed (object);

  g_return_if_fail (KIOSK_IS_FLOW (self->flow));
  self->context = g_main_context_ref_thread_default ();
  g_signal_connect_object (self->flow, "notify::state", G_CALLBACK (on_flow_state_notify), self, 0);
  follow_flow (self);
}

static void
kiosk_card_left_chime_dispose (GObject *object)
{
  KioskCardLeftChime *self = KIOSK_CARD_LEFT_CHIME (object);

  stop (self);
  if (self->flow != NULL)
    g_signal_handlers_disconnect_by_data (self->flow, self);
  g_clear_object (&self->flow);
  g_clear_pointer (&self->context, g_main_context_unref);
  if (self->wav_path != NULL)
    g_unlink (self->wav_path);
  g_clear_pointer (&self->wav_path, g_free);
  G_OBJECT_CLASS (kiosk_card_left_chime_parent_class)->dispose (object);
}

static void
kiosk_card_left_chime_get_property (GObject *object, guint prop_id, GValue *value,
                                    GParamSpec *pspec)
{
  KioskCardLeftChime *self = KIOSK_CARD_LEFT_CHIME (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      g_value_set_object (value, self->flow);
      break;
    case PROP_INTERVAL_MS:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_ASSUME_OUTPUT:
      g_value_set_boolean (value, self->assume_output);
      break;
    case PROP_RINGS:
      g_value_set_uint (value, self->rings);
      break;
    case PROP_PLAYS:
      g_value_set_uint (value, self->plays);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_card_left_chime_set_property (GObject *object, guint prop_id, const GValue *value,
                                    GParamSpec *pspec)
{
  KioskCardLeftChime *self = KIOSK_CARD_LEFT_CHIME (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      self->flow = g_value_dup_object (value);
      break;
    case PROP_INTERVAL_MS:
      self->interval_ms = g_value_get_uint (value);
      break;
    case PROP_ASSUME_OUTPUT:
      self->assume_output = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_card_left_chime_class_init (KioskCardLeftChimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kiosk_card_left_chime_constructed;
  object_class->dispose = kiosk_card_left_chime_dispose;
  object_class->get_property = kiosk_card_left_chime_get_property;
  object_class->set_property = kiosk_card_left_chime_set_property;

  properties[PROP_FLOW]
      = g_param_spec_object ("flow", NULL, NULL, KIOSK_TYPE_FLOW,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL_MS] = g_param_spec_uint (
      "interval-ms", NULL, NULL, 1, 60 * 1000, KIOSK_CARD_LEFT_CHIME_DEFAULT_INTERVAL_MS,
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ASSUME_OUTPUT]
      = g_param_spec_boolean ("assume-output", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RINGS] = g_param_spec_uint ("rings", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYS] = g_param_spec_uint ("plays", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_card_left_chime_init (KioskCardLeftChime *self)
{
  self->interval_ms = KIOSK_CARD_LEFT_CHIME_DEFAULT_INTERVAL_MS;
  self->working = TRUE;
}

KioskCardLeftChime *
kiosk_card_left_chime_new (KioskFlow *flow, guint interval_ms)
{
  g_return_val_if_fail (KIOSK_IS_FLOW (flow), NULL);

  return g_object_new (KIOSK_TYPE_CARD_LEFT_CHIME, "flow", flow, "interval-ms",
                       MAX (interval_ms, 1u), NULL);
}

guint
kiosk_card_left_chime_get_rings (KioskCardLeftChime *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_LEFT_CHIME (self), 0);
  return self->rings;
}

guint
kiosk_card_left_chime_get_plays (KioskCardLeftChime *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_LEFT_CHIME (self), 0);
  return self->plays;
}

gboolean
kiosk_card_left_chime_get_working (KioskCardLeftChime *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_LEFT_CHIME (self), FALSE);
  return self->working;
}

GtkMediaStream *
kiosk_card_left_chime_get_stream (KioskCardLeftChime *self)
{
  g_return_val_if_fail (KIOSK_IS_CARD_LEFT_CHIME (self), NULL);
  return self->stream;
}
