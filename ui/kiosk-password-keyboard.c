/* kiosk-password-keyboard.c: the sign password keyboard: A–Z, 0–9, masked display and checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-password-keyboard.h"

#include <glib/gi18n.h>

#define DIGIT_COLUMNS 5
#define LETTER_COLUMNS 7

#define ICON_MET "/org/madoguchi/Kiosk/images/status-ok.svg"
#define ICON_UNMET "/org/madoguchi/Kiosk/kiosk-check-unmet.svg"

struct _KioskPasswordKeyboard
{
  GtkWidget parent_instance;

  GtkWidget *display;
  GtkLabel *dots_label;
  GtkLabel *count_label;
  GtkWidget *length_row;
  GtkImage *length_icon;
  GtkLabel *length_label;
  GtkWidget *letter_row;
  GtkImage *letter_icon;
  GtkLabel *letter_label;
  GtkWidget *digit_row;
  GtkImage *digit_icon;
  GtkLabel *digit_label;
  GtkGrid *digit_keys;
  GtkGrid *letter_keys;
  GtkWidget *delete_key;
  GtkWidget *ok_key;

  KioskSecretEntry *entry;
  gulong changed_handler;
};

G_DEFINE_FINAL_TYPE (KioskPasswordKeyboard, kiosk_password_keyboard, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_ENTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One rule of the checklist: a tick or a cross of its own shape, the rule in words, and for a
 * screen reader the state in words too. */
static void
show_check (GtkWidget *row, GtkImage *icon, GtkLabel *label, gboolean met)
{
  g_autofree char *description = NULL;

  gtk_image_set_from_resource (icon, met ? ICON_MET : ICON_UNMET);
  if (met)
    {
      gtk_widget_add_css_class (row, "met");
      gtk_widget_remove_css_class (row, "unmet");
    }
  else
    {
      gtk_widget_add_css_class (row, "unmet");
      gtk_widget_remove_css_class (row, "met");
    }
  /* Translators: a screen reader's reading of one password rule and whether it is met yet */
  description
      = g_strdup_printf (met ? _("%s: done") : _("%s: not yet"), gtk_label_get_text (label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
update (KioskPasswordKeyboard *self)
{
  guint typed = self->entry != NULL ? kiosk_secret_entry_get_length (self->entry) : 0;
  KioskPasswordChecks checks
      = self->entry != NULL ? kiosk_secret_entry_get_checklist (self->entry) : 0;
  g_autoptr (GString) dots = g_string_new (NULL);
  g_autofree char *count = NULL;
  g_autofree char *description = NULL;

  for (guint i = 0; i < typed; i++)
    g_string_append (dots, "●");
  gtk_label_set_text (self->dots_label, dots->str);
  count = g_strdup_printf ("%u / %u", typed, (guint)KIOSK_SIGN_PASSWORD_MAX_LENGTH);
  gtk_label_set_text (self->count_label, count);
  /* Translators: what a screen reader says about the masked password: characters typed, of 16 */
  description = g_strdup_printf (_("%u of %u characters entered"), typed,
                                    (guint)KIOSK_SIGN_PASSWORD_MAX_LENGTH);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->display), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);

  show_check (self->length_row, self->length_icon, self->length_label,
              checks & KIOSK_PASSWORD_CHECK_LENGTH_OK);
  show_check (self->letter_row, self->letter_icon, self->letter_label,
              checks & KIOSK_PASSWORD_CHECK_HAS_LETTER);
  show_check (self->digit_row, self->digit_icon, self->digit_label,
              checks & KIOSK_PASSWORD_CHECK_HAS_DIGIT);

  gtk_widget_set_sensitive (self->delete_key, typed > 0);
  gtk_widget_set_sensitive (self->ok_key,
                            self->entry != NULL && kiosk_secret_entry_is_valid (self->entry));
}

static void
on_entry_changed (KioskSecretEntry *entry, guint length, KioskPasswordKeyboard *self)
{
  update (self);
}

static void
on_character_clicked (GtkButton *button, KioskPasswordKeyboard *self)
{
  char character = (char)GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "character"));

  if (self->entry != NULL)
    kiosk_secret_entry_append (self->entry, character);
}

static void
on_delete_clicked (GtkButton *button, KioskPasswordKeyboard *self)
{
  if (self->entry != NULL)
    kiosk_secret_entry_backspace (self->entry);
}

static void
on_ok_clicked (GtkButton *button, KioskPasswordKeyboard *self)
{
  if (self->entry != NULL && kiosk_secret_entry_is_valid (self->entry))
    g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
add_key (KioskPasswordKeyboard *self, GtkGrid *grid, char character, int place, int columns)
{
  char text[2] = { character, '\0' };
  g_autofree char *name = g_strdup_printf ("key-%c", character);
  GtkWidget *key = gtk_button_new_with_label (text);

  gtk_widget_set_name (key, name);
  gtk_widget_add_css_class (key, "kb-key");
  gtk_widget_set_focus_on_click (key, FALSE);
  g_object_set_data (G_OBJECT (key), "character", GINT_TO_POINTER ((int)character));
  g_signal_connect (key, "clicked", G_CALLBACK (on_character_clicked), self);
  gtk_grid_attach (grid, key, place % columns, place / columns, 1, 1);
}

static void
build_keys (KioskPasswordKeyboard *self)
{
  static const char digits[] = "1234567890";

  for (int i = 0; digits[i] != '\0'; i++)
    add_key (self, self->digit_keys, digits[i], i, DIGIT_COLUMNS);
  for (char c = 'A'; c <= 'Z'; c++)
    add_key (self, self->letter_keys, c, c - 'A', LETTER_COLUMNS);
}

static void
kiosk_password_keyboard_get_property (GObject *object, guint prop_id, GValue *value,
                                      GParamSpec *pspec)
{
  KioskPasswordKeyboard *self = KIOSK_PASSWORD_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_password_keyboard_set_property (GObject *object, guint prop_id, const GValue *value,
                                      GParamSpec *pspec)
{
  KioskPasswordKeyboard *self = KIOSK_PASSWORD_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      kiosk_password_keyboard_set_entry (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_password_keyboard_dispose (GObject *object)
{
  KioskPasswordKeyboard *self = KIOSK_PASSWORD_KEYBOARD (object);
  GtkWidget *child;

  if (self->entry != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->entry);
      g_clear_object (&self->entry);
    }
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_PASSWORD_KEYBOARD);
  /* The template's root box has no id, so dispose_template leaves it: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (kiosk_password_keyboard_parent_class)->dispose (object);
}

static void
kiosk_password_keyboard_class_init (KioskPasswordKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_password_keyboard_get_property;
  object_class->set_property = kiosk_password_keyboard_set_property;
  object_class->dispose = kiosk_password_keyboard_dispose;

  properties[PROP_ENTRY]
      = g_param_spec_object ("entry", NULL, NULL, KIOSK_TYPE_SECRET_ENTRY,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "passwordkeyboard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-password-keyboard.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, display);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, dots_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, count_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, length_row);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, length_icon);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, length_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, letter_row);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, letter_icon);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, letter_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, digit_row);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, digit_icon);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, digit_label);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, digit_keys);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, letter_keys);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, delete_key);
  gtk_widget_class_bind_template_child (widget_class, KioskPasswordKeyboard, ok_key);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_ok_clicked);
}

static void
kiosk_password_keyboard_init (KioskPasswordKeyboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_keys (self);
  /* The rules still to meet are read with what has been typed. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->display),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->length_row,
                                  self->letter_row, self->digit_row, NULL, -1);
  update (self);
}

GtkWidget *
kiosk_password_keyboard_new (KioskSecretEntry *entry)
{
  return g_object_new (KIOSK_TYPE_PASSWORD_KEYBOARD, "entry", entry, NULL);
}

void
kiosk_password_keyboard_set_entry (KioskPasswordKeyboard *self, KioskSecretEntry *entry)
{
  g_return_if_fail (KIOSK_IS_PASSWORD_KEYBOARD (self));
  g_return_if_fail (entry == NULL || KIOSK_IS_SECRET_ENTRY (entry));
  g_return_if_fail (entry == NULL || kiosk_secret_entry_get_kind (entry) == KIOSK_JPKI_SIGN);

  if (self->entry == entry)
    return;
  if (self->entry != NULL)
    g_clear_signal_handler (&self->changed_handler, self->entry);
  g_set_object (&self->entry, entry);
  if (entry != NULL)
    self->changed_handler
        = g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

KioskSecretEntry *
kiosk_password_keyboard_get_entry (KioskPasswordKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_PASSWORD_KEYBOARD (self), NULL);

  return self->entry;
}
