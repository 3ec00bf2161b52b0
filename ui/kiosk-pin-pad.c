/* kiosk-pin-pad.c: the 4-digit PIN pad: dots for what is typed, 0–9, delete and OK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-pin-pad.h"

#include "kiosk-accessible.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sys/random.h>

#define N_DIGITS 10

struct _KioskPinPad
{
  GtkWidget parent_instance;

  GtkWidget *tries_box;
  GtkImage *tries_icon;
  GtkLabel *tries_label;
  GtkWidget *dots;
  GtkGrid *keys;

  GtkWidget *dot_boxes[KIOSK_AUTH_PIN_LENGTH];
  /* The ten digit keys by place: 1–9 in three rows, then 0 between delete and OK. */
  GtkWidget *digit_keys[N_DIGITS];
  GtkWidget *delete_key;
  GtkWidget *ok_key;
  guint8 layout[N_DIGITS]; /* the digit each place shows */

  KioskSecretEntry *entry;
  gulong changed_handler;
  int tries_left;
  gboolean shuffled;
};

G_DEFINE_FINAL_TYPE (KioskPinPad, kiosk_pin_pad, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_ENTRY,
  PROP_TRIES_LEFT,
  PROP_SHUFFLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Uniform in [0, bound) from the kernel's CSPRNG: a layout an onlooker could predict from the
 * last one (as with g_random) would undo the point of shuffling. Rejection sampling keeps every
 * value equally likely. */
static guint
random_below (guint bound)
{
  guint limit = 256 - 256 % bound;

  for (;;)
    {
      guint8 byte;
      ssize_t got = getrandom (&byte, sizeof byte, 0);

      if (got == (ssize_t)sizeof byte && byte < limit)
        return byte % bound;
      if (got < 0 && errno != EINTR)
        g_error ("kiosk_pin_pad: getrandom failed: %s", g_strerror (errno));
    }
}

static void
show_layout (KioskPinPad *self)
{
  for (guint place = 0; place < N_DIGITS; place++)
    {
      char text[2] = { (char)('0' + self->layout[place]), '\0' };

      gtk_button_set_label (GTK_BUTTON (self->digit_keys[place]), text);
      /* A key is read out as the digit it shows, so a shuffled pad reads as it looks. */
      kiosk_accessible_set_name (self->digit_keys[place], text);
    }
}

static void
set_fixed_layout (KioskPinPad *self)
{
  for (guint place = 0; place < N_DIGITS; place++)
    self->layout[place] = (place + 1) % N_DIGITS;
  show_layout (self);
}

static void
shuffle_layout (KioskPinPad *self)
{
  for (guint place = 0; place < N_DIGITS; place++)
    self->layout[place] = place;
  for (guint i = N_DIGITS - 1; i > 0; i--)
    {
      guint j = random_below (i + 1);
      guint8 swap = self->layout[i];

      self->layout[i] = self->layout[j];
      self->layout[j] = swap;
    }
  show_layout (self);
}

static void
update_from_entry (KioskPinPad *self)
{
  guint typed = self->entry != NULL ? kiosk_secret_entry_get_length (self->entry) : 0;
  gboolean blocked = kiosk_tries_advice (KIOSK_JPKI_AUTH, self->tries_left) == KIOSK_TRIES_BLOCKED;
  g_autofree char *description = NULL;

  for (guint i = 0; i < KIOSK_AUTH_PIN_LENGTH; i++)
    {
      GtkWidget *dot = self->dot_boxes[i];
      const char *said;

      /* A filled box shows a dot, an empty one nothing: told by shape, not by colour. */
      gtk_label_set_text (GTK_LABEL (dot), i < typed ? "●" : "");
      if (i < typed)
        gtk_widget_add_css_class (dot, "filled");
      else
        gtk_widget_remove_css_class (dot, "filled");
      /* A screen reader says that a digit is there, never which one. */
      if (i < typed)
        /* Translators: a screen reader's reading of one filled PIN box (the digit itself is
         * never read out) */
        said = _("digit entered");
      else
        /* Translators: a screen reader's reading of one empty PIN box */
        said = _("no digit yet");
      gtk_accessible_update_property (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_PROPERTY_LABEL, said,
                                      -1);
    }
  /* Translators: what a screen reader says about the PIN dots: digits typed, of 4 */
  description = g_strdup_printf (_("%u of %u digits entered"), typed, KIOSK_AUTH_PIN_LENGTH);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dots), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);

  for (guint place = 0; place < N_DIGITS; place++)
    gtk_widget_set_sensitive (self->digit_keys[place], self->entry != NULL && !blocked);
  gtk_widget_set_sensitive (self->delete_key, typed > 0 && !blocked);
  gtk_widget_set_sensitive (self->ok_key, self->entry != NULL && !blocked
                                              && kiosk_secret_entry_is_valid (self->entry));
}

static void
update_tries (KioskPinPad *self)
{
  KioskTriesAdvice advice = kiosk_tries_advice (KIOSK_JPKI_AUTH, self->tries_left);
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (self->tries_box, "last-try");
  gtk_widget_remove_css_class (self->tries_box, "blocked");
  gtk_widget_set_visible (GTK_WIDGET (self->tries_icon), FALSE);
  switch (advice)
    {
    case KIOSK_TRIES_NORMAL:
      text = g_strdup_printf (ngettext ("%d try left", "%d tries left", self->tries_left),
                              self->tries_left);
      break;
    case KIOSK_TRIES_LAST_TRY:
      /* Words and an icon of its own shape: the warning must not rest on colour. */
      text = g_strdup (_("Last try: one more wrong entry locks your PIN"));
      gtk_widget_add_css_class (self->tries_box, "last-try");
      gtk_widget_set_visible (GTK_WIDGET (self->tries_icon), TRUE);
      break;
    case KIOSK_TRIES_BLOCKED:
      text = g_strdup (_("Locked (reset at the counter)"));
      gtk_widget_add_css_class (self->tries_box, "blocked");
      gtk_widget_set_visible (GTK_WIDGET (self->tries_icon), TRUE);
      break;
    case KIOSK_TRIES_UNKNOWN:
    default:
      break;
    }
  gtk_widget_set_visible (self->tries_box, text != NULL);
  gtk_label_set_text (self->tries_label, text != NULL ? text : "");
  update_from_entry (self);
}

static void
on_entry_changed (KioskSecretEntry *entry, guint length, KioskPinPad *self)
{
  update_from_entry (self);
}

static void
on_digit_clicked (GtkButton *button, KioskPinPad *self)
{
  guint place = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "place"));

  if (self->entry != NULL)
    kiosk_secret_entry_append (self->entry, (char)('0' + self->layout[place]));
}

static void
on_delete_clicked (GtkButton *button, KioskPinPad *self)
{
  if (self->entry != NULL)
    kiosk_secret_entry_backspace (self->entry);
}

static void
on_ok_clicked (GtkButton *button, KioskPinPad *self)
{
  if (self->entry != NULL && kiosk_secret_entry_is_valid (self->entry))
    g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static GtkWidget *
make_key (const char *label, const char *name, const char *css_class)
{
  GtkWidget *key = gtk_button_new_with_label (label);

  gtk_widget_set_name (key, name);
  gtk_widget_add_css_class (key, "pin-key");
  if (css_class != NULL)
    gtk_widget_add_css_class (key, css_class);
  gtk_widget_set_focus_on_click (key, FALSE);
  return key;
}

static void
build_keys (KioskPinPad *self)
{
  for (guint i = 0; i < KIOSK_AUTH_PIN_LENGTH; i++)
    {
      self->dot_boxes[i] = gtk_label_new ("");
      gtk_widget_add_css_class (self->dot_boxes[i], "pin-dot");
      gtk_box_append (GTK_BOX (self->dots), self->dot_boxes[i]);
    }

  /* The keys are made in the order they are seen, row by row (a screen reader reads them in
   * the order they were added): 1–9 by place, then delete, the last place and OK. */
  for (guint place = 0; place < N_DIGITS; place++)
    {
      g_autofree char *name = g_strdup_printf ("place-%u", place);
      GtkWidget *key;
      int column = place < 9 ? (int)place % 3 : 1;
      int row = place < 9 ? (int)place / 3 : 3;

      if (place == N_DIGITS - 1)
        {
          /* Translators: the PIN pad key that removes the last digit typed; keep it short */
          self->delete_key = make_key (C_ ("pin-pad", "Delete"), "delete", "delete");
          g_signal_connect (self->delete_key, "clicked", G_CALLBACK (on_delete_clicked), self);
          gtk_grid_attach (self->keys, self->delete_key, 0, 3, 1, 1);
        }
      key = make_key ("", name, "digit");
      g_object_set_data (G_OBJECT (key), "place", GUINT_TO_POINTER (place));
      g_signal_connect (key, "clicked", G_CALLBACK (on_digit_clicked), self);
      gtk_grid_attach (self->keys, key, column, row, 1, 1);
      self->digit_keys[place] = key;
    }

  /* Translators: the PIN pad key that sends the 4 digits; keep it short */
  self->ok_key = make_key (C_ ("pin-pad", "OK"), "ok", "ok");
  g_signal_connect (self->ok_key, "clicked", G_CALLBACK (on_ok_clicked), self);
  gtk_grid_attach (self->keys, self->ok_key, 2, 3, 1, 1);

  /* The tries left are read with the boxes the digits go in. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->dots), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->tries_label, NULL, -1);
}

static void
kiosk_pin_pad_map (GtkWidget *widget)
{
  KioskPinPad *self = KIOSK_PIN_PAD (widget);

  /* Once per showing: a layout that changed under the finger mid-entry would only confuse. */
  if (self->shuffled)
    shuffle_layout (self);
  GTK_WIDGET_CLASS (kiosk_pin_pad_parent_class)->map (widget);
}

static void
kiosk_pin_pad_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskPinPad *self = KIOSK_PIN_PAD (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    case PROP_TRIES_LEFT:
      g_value_set_int (value, self->tries_left);
      break;
    case PROP_SHUFFLED:
      g_value_set_boolean (value, self->shuffled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_pin_pad_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskPinPad *self = KIOSK_PIN_PAD (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      kiosk_pin_pad_set_entry (self, g_value_get_object (value));
      break;
    case PROP_TRIES_LEFT:
      kiosk_pin_pad_set_tries_left (self, g_value_get_int (value));
      break;
    case PROP_SHUFFLED:
      kiosk_pin_pad_set_shuffled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_pin_pad_dispose (GObject *object)
{
  KioskPinPad *self = KIOSK_PIN_PAD (object);
  GtkWidget *child;

  if (self->entry != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->entry);
      g_clear_object (&self->entry);
    }
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_PIN_PAD);
  /* The template's root box has no id, so dispose_template leaves it: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (kiosk_pin_pad_parent_class)->dispose (object);
}

static void
kiosk_pin_pad_class_init (KioskPinPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_pin_pad_get_property;
  object_class->set_property = kiosk_pin_pad_set_property;
  object_class->dispose = kiosk_pin_pad_dispose;
  widget_class->map = kiosk_pin_pad_map;

  properties[PROP_ENTRY]
      = g_param_spec_object ("entry", NULL, NULL, KIOSK_TYPE_SECRET_ENTRY,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRIES_LEFT]
      = g_param_spec_int ("tries-left", NULL, NULL, -1, G_MAXINT, -1,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHUFFLED]
      = g_param_spec_boolean ("shuffled", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pinpad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-pin-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskPinPad, tries_box);
  gtk_widget_class_bind_template_child (widget_class, KioskPinPad, tries_icon);
  gtk_widget_class_bind_template_child (widget_class, KioskPinPad, tries_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPinPad, dots);
  gtk_widget_class_bind_template_child (widget_class, KioskPinPad, keys);
}

static void
kiosk_pin_pad_init (KioskPinPad *self)
{
  self->tries_left = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  build_keys (self);
  set_fixed_layout (self);
  update_tries (self);
}

GtkWidget *
kiosk_pin_pad_new (KioskSecretEntry *entry)
{
  return g_object_new (KIOSK_TYPE_PIN_PAD, "entry", entry, NULL);
}

void
kiosk_pin_pad_set_entry (KioskPinPad *self, KioskSecretEntry *entry)
{
  g_return_if_fail (KIOSK_IS_PIN_PAD (self));
  g_return_if_fail (entry == NULL || KIOSK_IS_SECRET_ENTRY (entry));
  g_return_if_fail (entry == NULL || kiosk_secret_entry_get_kind (entry) == KIOSK_JPKI_AUTH);

  if (self->entry == entry)
    return;
  if (self->entry != NULL)
    g_clear_signal_handler (&self->changed_handler, self->entry);
  g_set_object (&self->entry, entry);
  if (entry != NULL)
    self->changed_handler
        = g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);
  update_from_entry (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

KioskSecretEntry *
kiosk_pin_pad_get_entry (KioskPinPad *self)
{
  g_return_val_if_fail (KIOSK_IS_PIN_PAD (self), NULL);

  return self->entry;
}

void
kiosk_pin_pad_set_tries_left (KioskPinPad *self, int tries_left)
{
  g_return_if_fail (KIOSK_IS_PIN_PAD (self));

  if (self->tries_left == tries_left)
    return;
  self->tries_left = tries_left;
  update_tries (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIES_LEFT]);
}

int
kiosk_pin_pad_get_tries_left (KioskPinPad *self)
{
  g_return_val_if_fail (KIOSK_IS_PIN_PAD (self), -1);

  return self->tries_left;
}

void
kiosk_pin_pad_set_shuffled (KioskPinPad *self, gboolean shuffled)
{
  g_return_if_fail (KIOSK_IS_PIN_PAD (self));

  shuffled = !!shuffled;
  if (self->shuffled == shuffled)
    return;
  self->shuffled = shuffled;
  if (!shuffled)
    set_fixed_layout (self);
  else if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    shuffle_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHUFFLED]);
}

gboolean
kiosk_pin_pad_get_shuffled (KioskPinPad *self)
{
  g_return_val_if_fail (KIOSK_IS_PIN_PAD (self), FALSE);

  return self->shuffled;
}
