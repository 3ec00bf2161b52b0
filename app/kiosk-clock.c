/* kiosk-clock.c: "now" for everything the kiosk shows or reasons about, in Asia/Tokyo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-clock.h"

struct _KioskClock
{
  GObject parent_instance;

  GDateTime *fixed_now; /* NULL: real time */
};

G_DEFINE_FINAL_TYPE (KioskClock, kiosk_clock, G_TYPE_OBJECT)

static void
kiosk_clock_finalize (GObject *object)
{
  KioskClock *self = KIOSK_CLOCK (object);

  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  G_OBJECT_CLASS (kiosk_clock_parent_class)->finalize (object);
}

static void
kiosk_clock_class_init (KioskClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_clock_finalize;
}

static void
kiosk_clock_init (KioskClock *self)
{
}

GTimeZone *
kiosk_clock_get_time_zone (void)
{
  static GTimeZone *tokyo;

  if (g_once_init_enter (&tokyo))
    {
      /* Residents' dates are Japanese dates whatever the box is set to (kiosk boxes run in UTC
       * more often than not). Without tzdata GLib silently returns UTC, which would shift every
       * expiry by nine hours: refuse that loudly instead. */
      GTimeZone *tz = g_time_zone_new_identifier ("Asia/Tokyo");

      if (tz == NULL)
        g_error ("time zone Asia/Tokyo is missing: install the tzdata package");
      g_once_init_leave (&tokyo, tz);
    }
  return tokyo;
}

GDateTime *
kiosk_clock_to_local (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, NULL);

  return g_date_time_to_timezone (time, kiosk_clock_get_time_zone ());
}

KioskClock *
kiosk_clock_new (void)
{
  KioskClock *self = g_object_new (KIOSK_TYPE_CLOCK, NULL);
  const char *fake = g_getenv ("KIOSK_FAKE_NOW");

  if (fake != NULL && *fake != '\0')
    {
      g_autoptr (GDateTime) parsed = g_date_time_new_from_iso8601 (fake, NULL);

      if (parsed == NULL)
        g_warning ("KIOSK_FAKE_NOW=%s is not an ISO 8601 time with an offset; using real time",
                   fake);
      else
        kiosk_clock_set_fixed (self, parsed);
    }
  return self;
}

KioskClock *
kiosk_clock_new_fixed (GDateTime *now)
{
  KioskClock *self = g_object_new (KIOSK_TYPE_CLOCK, NULL);

  kiosk_clock_set_fixed (self, now);
  return self;
}

void
kiosk_clock_set_fixed (KioskClock *self, GDateTime *now)
{
  g_return_if_fail (KIOSK_IS_CLOCK (self));

  g_clear_pointer (&self->fixed_now, g_date_time_unref);
  if (now != NULL)
    self->fixed_now = kiosk_clock_to_local (now);
}

GDateTime *
kiosk_clock_now (KioskClock *self)
{
  g_return_val_if_fail (KIOSK_IS_CLOCK (self), NULL);

  if (self->fixed_now != NULL)
    return g_date_time_ref (self->fixed_now);
  return g_date_time_new_now (kiosk_clock_get_time_zone ());
}
