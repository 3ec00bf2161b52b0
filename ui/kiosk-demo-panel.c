/* kiosk-demo-panel.c: the demo's control window: put virtual cards in and out, unplug the reader,
 * switch the national system and the office hours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-demo-panel.h"

#include <glib/gi18n.h>

struct _KioskDemoPanel
{
  GtkApplicationWindow parent_instance;

  KioskDemoCards *cards;
  KioskCardWorker *worker;
  GtkLabel *reader_label;
  GtkLabel *error_label;
  GtkSwitch *plugged_switch;
  GHashTable *remove_buttons; /* profile name → its Remove button (borrowed) */
  GtkBox *content;
  KioskIssuanceSimulator *simulator; /* nullable */
  KioskFlow *flow;
};

G_DEFINE_FINAL_TYPE (KioskDemoPanel, kiosk_demo_panel, GTK_TYPE_APPLICATION_WINDOW)

static void
refresh (KioskDemoPanel *self)
{
  g_autofree char *inserted = kiosk_demo_cards_dup_inserted (self->cards);
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer name, button;

  if (!kiosk_demo_cards_get_reader_present (self->cards))
    text = g_strdup (_("The reader is unplugged."));
  else if (inserted != NULL)
    /* Translators: %s is a card profile name such as "valid" */
    text = g_strdup_printf (_("In the reader: %s"), inserted);
  else
    text = g_strdup (_("The reader is empty."));
  gtk_label_set_label (self->reader_label, text);

  g_hash_table_iter_init (&iter, self->remove_buttons);
  while (g_hash_table_iter_next (&iter, &name, &button))
    gtk_widget_set_sensitive (button, g_strcmp0 (name, inserted) == 0);
}

/* Why the last insertion failed (a profile that does not load); hidden when all is well. */
static void
show_error (KioskDemoPanel *self, const char *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_reader_state_changed (KioskCardWorker *worker, KioskReaderState state, const char *reader_name,
                         KioskDemoPanel *self)
{
  refresh (self);
}

static void
on_insert_clicked (GtkButton *button, KioskDemoPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "profile");
  g_autoptr (GError) error = NULL;

  if (!kiosk_demo_cards_insert (self->cards, name, &error))
    show_error (self, error->message);
  else
    show_error (self, NULL);
  refresh (self);
}

static void
on_remove_clicked (GtkButton *button, KioskDemoPanel *self)
{
  show_error (self, NULL);
  kiosk_demo_cards_remove (self->cards);
  refresh (self);
}

static void
on_plugged_changed (GtkSwitch *plugged, GParamSpec *pspec, KioskDemoPanel *self)
{
  kiosk_demo_cards_set_reader_present (self->cards, gtk_switch_get_active (plugged));
  refresh (self);
}

static GtkWidget *
make_profile_row (KioskDemoPanel *self, const char *name)
{
  const char *description = kiosk_demo_cards_get_description (self->cards, name);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *detail
      = gtk_label_new (description != NULL ? description : _("(this profile does not load)"));
  GtkWidget *insert = gtk_button_new_with_label (_("Insert"));
  GtkWidget *remove = gtk_button_new_with_label (_("Remove"));

  gtk_widget_add_css_class (title, "profile-name");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (detail, "profile-description");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), detail);

  g_object_set_data_full (G_OBJECT (insert), "profile", g_strdup (name), g_free);
  gtk_widget_set_name (insert, "insert");
  gtk_widget_set_valign (insert, GTK_ALIGN_CENTER);
  g_signal_connect (insert, "clicked", G_CALLBACK (on_insert_clicked), self);
  gtk_widget_set_name (remove, "remove");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
  g_hash_table_insert (self->remove_buttons, g_strdup (name), remove);

  gtk_widget_set_name (row, name);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), insert);
  gtk_box_append (GTK_BOX (row), remove);
  return row;
}

/* The simulator's modes, in the drop-down's order, with what each does to the resident. */
static const struct
{
  KioskIssuanceSimulatorMode mode;
  guint parameter;
} simulator_modes[] = {
  { KIOSK_ISSUANCE_SIMULATOR_UP, 0 },
  { KIOSK_ISSUANCE_SIMULATOR_SLOW, 4000 }, /* 4 s per answer: the progress bar has time to move */
  { KIOSK_ISSUANCE_SIMULATOR_BUSY, 180 },  /* "about 3 minutes" */
  { KIOSK_ISSUANCE_SIMULATOR_DOWN, 0 },
};

static void
on_service_selected (GtkDropDown *drop_down, GParamSpec *pspec, KioskDemoPanel *self)
{
  guint i = gtk_drop_down_get_selected (drop_down);

  if (self->simulator != NULL && i < G_N_ELEMENTS (simulator_modes))
    kiosk_issuance_simulator_set_mode (self->simulator, simulator_modes[i].mode,
                                       simulator_modes[i].parameter);
}

static const KioskFlowHours hours_modes[] = {
  KIOSK_FLOW_HOURS_ALWAYS_OPEN,
  KIOSK_FLOW_HOURS_SCHEDULE,
  KIOSK_FLOW_HOURS_CLOSED,
};

static void
on_hours_selected (GtkDropDown *drop_down, GParamSpec *pspec, KioskDemoPanel *self)
{
  guint i = gtk_drop_down_get_selected (drop_down);

  if (i < G_N_ELEMENTS (hours_modes))
    kiosk_flow_set_hours_mode (self->flow, hours_modes[i]);
}

static GtkWidget *
make_choice_row (const char *label_text, const char *name, const char *const *choices)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (label_text);
  GtkWidget *drop_down = gtk_drop_down_new_from_strings (choices);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_name (drop_down, name);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), drop_down);
  return row;
}

void
kiosk_demo_panel_add_issuance_controls (KioskDemoPanel *self, KioskIssuanceSimulator *simulator,
                                        KioskFlow *flow)
{
  const char *const service_choices[] = {
    _("Up"), _("Slow (4 s per answer)"), _("Busy (wait about 3 minutes)"), _("Down"), NULL };
  const char *const hours_choices[]
      = { _("Open (whatever the time)"), _("As scheduled"), _("Closed now"), NULL };
  GtkWidget *row;

  g_return_if_fail (KIOSK_IS_DEMO_PANEL (self));
  g_return_if_fail (simulator == NULL || KIOSK_IS_ISSUANCE_SIMULATOR (simulator));
  g_return_if_fail (KIOSK_IS_FLOW (flow));

  g_set_object (&self->simulator, simulator);
  g_set_object (&self->flow, flow);
  if (simulator != NULL)
    {
      row = make_choice_row (_("National system (simulator)"), "issuance-mode", service_choices);
      g_signal_connect (gtk_widget_get_last_child (row), "notify::selected",
                        G_CALLBACK (on_service_selected), self);
      gtk_box_insert_child_after (self->content, row,
                                  gtk_widget_get_first_child (GTK_WIDGET (self->content)));
    }
  row = make_choice_row (_("Office hours"), "office-hours", hours_choices);
  g_signal_connect (gtk_widget_get_last_child (row), "notify::selected",
                    G_CALLBACK (on_hours_selected), self);
  gtk_box_insert_child_after (self->content, row,
                              gtk_widget_get_first_child (GTK_WIDGET (self->content)));
  kiosk_flow_set_hours_mode (flow, hours_modes[0]);
}

static void
build (KioskDemoPanel *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *reader_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *plugged_label = gtk_label_new (_("Reader plugged in"));
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  const char *const *names = kiosk_demo_cards_get_names (self->cards);

  gtk_widget_add_css_class (content, "demo-panel");
  gtk_widget_set_margin_start (content, 16);
  gtk_widget_set_margin_end (content, 16);
  gtk_widget_set_margin_top (content, 16);
  gtk_widget_set_margin_bottom (content, 16);

  self->plugged_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (self->plugged_switch, kiosk_demo_cards_get_reader_present (self->cards));
  g_signal_connect (self->plugged_switch, "notify::active", G_CALLBACK (on_plugged_changed), self);
  gtk_widget_set_name (GTK_WIDGET (self->plugged_switch), "reader-plugged");
  self->reader_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->reader_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->reader_label), TRUE);
  gtk_box_append (GTK_BOX (reader_box), GTK_WIDGET (self->reader_label));
  gtk_box_append (GTK_BOX (reader_box), plugged_label);
  gtk_box_append (GTK_BOX (reader_box), GTK_WIDGET (self->plugged_switch));
  gtk_box_append (GTK_BOX (content), reader_box);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->error_label));

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    gtk_box_append (GTK_BOX (list), make_profile_row (self, names[i]));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (content), scrolled);

  self->content = GTK_BOX (content);
  gtk_window_set_child (GTK_WINDOW (self), content);
  refresh (self);
}

static void
kiosk_demo_panel_dispose (GObject *object)
{
  KioskDemoPanel *self = KIOSK_DEMO_PANEL (object);

  if (self->worker != NULL)
    g_signal_handlers_disconnect_by_data (self->worker, self);
  g_clear_object (&self->worker);
  g_clear_object (&self->cards);
  g_clear_object (&self->simulator);
  g_clear_object (&self->flow);
  g_clear_pointer (&self->remove_buttons, g_hash_table_unref);
  G_OBJECT_CLASS (kiosk_demo_panel_parent_class)->dispose (object);
}

static void
kiosk_demo_panel_class_init (KioskDemoPanelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kiosk_demo_panel_dispose;
}

static void
kiosk_demo_panel_init (KioskDemoPanel *self)
{
  self->remove_buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_window_set_title (GTK_WINDOW (self), _("Madoguchi demo panel"));
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 720);
}

KioskDemoPanel *
kiosk_demo_panel_new (GtkApplication *application, KioskDemoCards *cards, KioskCardWorker *worker)
{
  KioskDemoPanel *self;

  g_return_val_if_fail (KIOSK_IS_DEMO_CARDS (cards), NULL);
  g_return_val_if_fail (KIOSK_IS_CARD_WORKER (worker), NULL);

  self = g_object_new (KIOSK_TYPE_DEMO_PANEL, "application", application, NULL);
  self->cards = g_object_ref (cards);
  self->worker = g_object_ref (worker);
  g_signal_connect (worker, "reader-state-changed", G_CALLBACK (on_reader_state_changed), self);
  build (self);
  return self;
}
