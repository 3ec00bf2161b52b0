/* kiosk-card-work-screen.c: the card checks or changes a secret, or the renewal relay runs: wait,
 * do not remove the card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-card-work-screen.h"

#include <glib/gi18n.h>

struct _KioskCardWorkScreen
{
  KioskScreen parent_instance;

  GtkLabel *procedure_label;
  GtkLabel *title_label;
  GtkLabel *hint_label;
  GtkProgressBar *progress;
  guint pulse_source;
  gboolean measured; /* the relay reports its steps: a real fraction rather than a pulse */
};

G_DEFINE_FINAL_TYPE (KioskCardWorkScreen, kiosk_card_work_screen, KIOSK_TYPE_SCREEN)

static gboolean
pulse (gpointer user_data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (user_data));
  return G_SOURCE_CONTINUE;
}

static void
on_progress_notify (KioskFlow *flow, GParamSpec *pspec, KioskCardWorkScreen *self)
{
  if (self->measured)
    gtk_progress_bar_set_fraction (self->progress, kiosk_flow_get_progress (flow));
}

static void
kiosk_card_work_screen_enter (KioskScreen *screen, KioskFlow *flow)
{
  KioskCardWorkScreen *self = KIOSK_CARD_WORK_SCREEN (screen);
  KioskFlowState state = kiosk_flow_get_state (flow);
  gboolean password = kiosk_flow_get_procedure_secret (flow) == KIOSK_JPKI_SIGN;
  const char *procedure = kiosk_screen_get_procedure_name (screen);

  self->measured = state == KIOSK_FLOW_STATE_RENEWING;
  gtk_label_set_text (self->procedure_label, procedure != NULL ? procedure : "");
  gtk_widget_set_visible (GTK_WIDGET (self->procedure_label), procedure != NULL);
  gtk_label_set_text (self->hint_label,
                      self->measured ? _("Do not remove your card. This can take a minute.")
                                     : _("Do not remove your card."));
  if (self->measured)
    {
      g_clear_handle_id (&self->pulse_source, g_source_remove);
      gtk_progress_bar_set_fraction (self->progress, kiosk_flow_get_progress (flow));
      gtk_label_set_text (self->title_label,
                          kiosk_flow_get_procedure (flow) == KIOSK_PROCEDURE_REISSUE_SIGN
                          ? _("Re-issuing your signature certificate")
                          : _("Renewing your certificates"));
    }
  else if (state == KIOSK_FLOW_STATE_WRITING)
    gtk_label_set_text (self->title_label, password ? _("Changing your signature password")
                                                    : _("Changing your 4-digit PIN"));
  else
    gtk_label_set_text (self->title_label, password ? _("Checking your signature password")
                                                    : _("Checking your 4-digit PIN"));
}

static void
kiosk_card_work_screen_map (GtkWidget *widget)
{
  KioskCardWorkScreen *self = KIOSK_CARD_WORK_SCREEN (widget);

  GTK_WIDGET_CLASS (kiosk_card_work_screen_parent_class)->map (widget);
  if (self->pulse_source == 0 && !self->measured)
    self->pulse_source = g_timeout_add (120, pulse, self->progress);
}

static void
kiosk_card_work_screen_unmap (GtkWidget *widget)
{
  KioskCardWorkScreen *self = KIOSK_CARD_WORK_SCREEN (widget);

  g_clear_handle_id (&self->pulse_source, g_source_remove);
  GTK_WIDGET_CLASS (kiosk_card_work_screen_parent_class)->unmap (widget);
}

static void
kiosk_card_work_screen_dispose (GObject *object)
{
  KioskCardWorkScreen *self = KIOSK_CARD_WORK_SCREEN (object);

  g_clear_handle_id (&self->pulse_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_CARD_WORK_SCREEN);
  G_OBJECT_CLASS (kiosk_card_work_screen_parent_class)->dispose (object);
}

static void
kiosk_card_work_screen_constructed (GObject *object)
{
  KioskCardWorkScreen *self = KIOSK_CARD_WORK_SCREEN (object);

  G_OBJECT_CLASS (kiosk_card_work_screen_parent_class)->constructed (object);
  g_signal_connect_object (kiosk_screen_get_flow (KIOSK_SCREEN (self)), "notify::progress",
                           G_CALLBACK (on_progress_notify), self, 0);
}

static void
kiosk_card_work_screen_class_init (KioskCardWorkScreenClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = kiosk_card_work_screen_dispose;
  G_OBJECT_CLASS (klass)->constructed = kiosk_card_work_screen_constructed;
  widget_class->map = kiosk_card_work_screen_map;
  widget_class->unmap = kiosk_card_work_screen_unmap;
  KIOSK_SCREEN_CLASS (klass)->enter = kiosk_card_work_screen_enter;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-card-work-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskCardWorkScreen, procedure_label);
  gtk_widget_class_bind_template_child (widget_class, KioskCardWorkScreen, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskCardWorkScreen, progress);
  gtk_widget_class_bind_template_child (widget_class, KioskCardWorkScreen, hint_label);
}

static void
kiosk_card_work_screen_init (KioskCardWorkScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_card_work_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_CARD_WORK_SCREEN, "flow", flow, NULL);
}
