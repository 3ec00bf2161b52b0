/* kiosk-top-bar.c: the band on every screen: what the kiosk is for, the languages, the two modes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-top-bar.h"

#include <glib/gi18n.h>

/* Shown in front of the chosen language and of an active mode: the mark, not only the colour,
 * says which one is on. */
#define CHECK_MARK "✓ "

/* Each language as it names itself, and the Pango language its name is shaped in (so 简体中文 is
 * drawn with Chinese glyph forms although the stylesheet puts the Japanese font first). */
static const struct
{
  const char *tag;
  const char *native_name;
  const char *pango_language;
} native_names[] = {
  { "ja", "日本語", "ja" },
  { "ja@easy", "やさしいにほんご", "ja" },
  { "en", "English", "en" },
  { "zh_CN", "简体中文", "zh-cn" },
  { "ko", "한국어", "ko" },
  { "vi", "Tiếng Việt", "vi" },
  { "pt_BR", "Português (Brasil)", "pt-br" },
  { "es", "Español", "es" },
};

struct _KioskTopBar
{
  GtkWidget parent_instance;

  GtkWidget *banner_row;
  GtkWidget *banner_label;
  GtkWidget *large_text_button;
  GtkWidget *high_contrast_button;
  GtkWidget *language_row;
  GPtrArray *language_buttons; /* GtkToggleButton, in the offered order; tag as "kiosk-language" */
  char *language;
  gboolean updating; /* the bar itself is changing a toggle: no resident's choice */
};

G_DEFINE_FINAL_TYPE (KioskTopBar, kiosk_top_bar, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_LANGUAGE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_LARGE_TEXT,
  PROP_HIGH_CONTRAST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
kiosk_top_bar_get_native_name (const char *language)
{
  g_return_val_if_fail (language != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (native_names); i++)
    if (g_str_equal (native_names[i].tag, language))
      return native_names[i].native_name;
  return language;
}

static const char *
pango_language_for (const char *language)
{
  for (gsize i = 0; i < G_N_ELEMENTS (native_names); i++)
    if (g_str_equal (native_names[i].tag, language))
      return native_names[i].pango_language;
  return NULL;
}

/* A button's text: it wraps between words rather than being cut off ("Português (Brasil)"); the
 * row gives each button at least its longest word, then shares the rest out evenly. */
static GtkWidget *
new_button_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  return label;
}

static void
set_marked_text (GtkWidget *button, const char *text, gboolean marked)
{
  g_autofree char *shown = g_strconcat (marked ? CHECK_MARK : "", text, NULL);

  gtk_label_set_text (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), shown);
  /* A screen reader says the words and the toggle's pressed state, not "check mark". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
update_toggle (GtkWidget *button, const char *text)
{
  gboolean active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button));

  set_marked_text (button, text, active);
  if (active)
    gtk_widget_add_css_class (button, "on");
  else
    gtk_widget_remove_css_class (button, "on");
}

static void
update_toggles (KioskTopBar *self)
{
  /* Translators: a toggle on every screen that makes all text bigger */
  update_toggle (self->large_text_button, _("Large text"));
  /* Translators: a toggle on every screen for a black background with bright text */
  update_toggle (self->high_contrast_button, _("High contrast"));
}

static void
update_language_marks (KioskTopBar *self)
{
  for (guint i = 0; i < self->language_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->language_buttons, i);
      const char *tag = g_object_get_data (G_OBJECT (button), "kiosk-language");
      gboolean current = g_strcmp0 (tag, self->language) == 0;

      self->updating = TRUE;
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), current);
      self->updating = FALSE;
      set_marked_text (button, kiosk_top_bar_get_native_name (tag), current);
      if (current)
        gtk_widget_add_css_class (button, "on");
      else
        gtk_widget_remove_css_class (button, "on");
    }
}

static void
on_language_toggled (GtkToggleButton *button, KioskTopBar *self)
{
  const char *tag = g_object_get_data (G_OBJECT (button), "kiosk-language");

  if (self->updating || !gtk_toggle_button_get_active (button)
      || g_strcmp0 (tag, self->language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (tag);
  update_language_marks (self);
  g_signal_emit (self, signals[SIGNAL_LANGUAGE_CHOSEN], 0, tag);
}

static void
on_mode_toggled (GtkToggleButton *button, KioskTopBar *self)
{
  update_toggles (self);
  g_object_notify_by_pspec (G_OBJECT (self), button == GTK_TOGGLE_BUTTON (self->large_text_button)
                                                 ? properties[PROP_LARGE_TEXT]
                                                 : properties[PROP_HIGH_CONTRAST]);
}

static GtkWidget *
new_mode_toggle (KioskTopBar *self, const char *name)
{
  GtkWidget *button = gtk_toggle_button_new ();

  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "mode-toggle");
  gtk_button_set_child (GTK_BUTTON (button), new_button_label ());
  gtk_widget_set_focus_on_click (button, FALSE);
  g_signal_connect (button, "toggled", G_CALLBACK (on_mode_toggled), self);
  return button;
}

static void
add_language (KioskTopBar *self, const char *tag)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *label = new_button_label ();
  const char *pango_language = pango_language_for (tag);
  g_autofree char *name = g_strconcat ("language-", tag, NULL);

  if (pango_language != NULL)
    {
      PangoAttrList *attributes = pango_attr_list_new ();

      pango_attr_list_insert (
          attributes, pango_attr_language_new (pango_language_from_string (pango_language)));
      gtk_label_set_attributes (GTK_LABEL (label), attributes);
      pango_attr_list_unref (attributes);
    }
  gtk_widget_set_name (button, name);
  gtk_widget_add_css_class (button, "language");
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_button_set_child (GTK_BUTTON (button), label);
  g_object_set_data_full (G_OBJECT (button), "kiosk-language", g_strdup (tag), g_free);
  if (self->language_buttons->len > 0)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button),
                                 g_ptr_array_index (self->language_buttons, 0));
  g_signal_connect (button, "toggled", G_CALLBACK (on_language_toggled), self);
  g_ptr_array_add (self->language_buttons, button);
  gtk_box_append (GTK_BOX (self->language_row), button);
}

static void
kiosk_top_bar_dispose (GObject *object)
{
  KioskTopBar *self = KIOSK_TOP_BAR (object);

  g_clear_pointer (&self->banner_row, gtk_widget_unparent);
  g_clear_pointer (&self->language_row, gtk_widget_unparent);
  G_OBJECT_CLASS (kiosk_top_bar_parent_class)->dispose (object);
}

static void
kiosk_top_bar_finalize (GObject *object)
{
  KioskTopBar *self = KIOSK_TOP_BAR (object);

  g_ptr_array_unref (self->language_buttons);
  g_free (self->language);
  G_OBJECT_CLASS (kiosk_top_bar_parent_class)->finalize (object);
}

static void
kiosk_top_bar_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskTopBar *self = KIOSK_TOP_BAR (object);

  switch (prop_id)
    {
    case PROP_LARGE_TEXT:
      g_value_set_boolean (value, kiosk_top_bar_get_large_text (self));
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, kiosk_top_bar_get_high_contrast (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_top_bar_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskTopBar *self = KIOSK_TOP_BAR (object);

  switch (prop_id)
    {
    case PROP_LARGE_TEXT:
      kiosk_top_bar_set_large_text (self, g_value_get_boolean (value));
      break;
    case PROP_HIGH_CONTRAST:
      kiosk_top_bar_set_high_contrast (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_top_bar_class_init (KioskTopBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_top_bar_dispose;
  object_class->finalize = kiosk_top_bar_finalize;
  object_class->get_property = kiosk_top_bar_get_property;
  object_class->set_property = kiosk_top_bar_set_property;

  properties[PROP_LARGE_TEXT]
      = g_param_spec_boolean ("large-text", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST]
      = g_param_spec_boolean ("high-contrast", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LANGUAGE_CHOSEN]
      = g_signal_new ("language-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kiosk-top-bar");
}

static void
kiosk_top_bar_init (KioskTopBar *self)
{
  gtk_orientable_set_orientation (
      GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))), GTK_ORIENTATION_VERTICAL);
  self->language_buttons = g_ptr_array_new ();

  self->banner_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->banner_row, "banner");
  gtk_widget_set_parent (self->banner_row, GTK_WIDGET (self));

  self->banner_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->banner_label, "banner-title");
  gtk_label_set_wrap (GTK_LABEL (self->banner_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->banner_label), 0.0);
  gtk_widget_set_hexpand (self->banner_label, TRUE);
  gtk_box_append (GTK_BOX (self->banner_row), self->banner_label);

  self->large_text_button = new_mode_toggle (self, "large-text");
  gtk_box_append (GTK_BOX (self->banner_row), self->large_text_button);
  self->high_contrast_button = new_mode_toggle (self, "high-contrast");
  gtk_box_append (GTK_BOX (self->banner_row), self->high_contrast_button);

  self->language_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->language_row, "language-bar");
  gtk_widget_set_parent (self->language_row, GTK_WIDGET (self));

  kiosk_top_bar_retranslate (self);
}

GtkWidget *
kiosk_top_bar_new (const char *const *languages)
{
  KioskTopBar *self = g_object_new (KIOSK_TYPE_TOP_BAR, NULL);

  g_return_val_if_fail (languages != NULL && languages[0] != NULL, GTK_WIDGET (self));

  for (gsize i = 0; languages[i] != NULL; i++)
    add_language (self, languages[i]);
  kiosk_top_bar_set_language (self, languages[0]);
  return GTK_WIDGET (self);
}

void
kiosk_top_bar_set_language (KioskTopBar *self, const char *language)
{
  g_return_if_fail (KIOSK_IS_TOP_BAR (self));
  g_return_if_fail (language != NULL);

  g_free (self->language);
  self->language = g_strdup (language);
  update_language_marks (self);
}

const char *
kiosk_top_bar_get_language (KioskTopBar *self)
{
  g_return_val_if_fail (KIOSK_IS_TOP_BAR (self), NULL);
  return self->language;
}

gboolean
kiosk_top_bar_get_large_text (KioskTopBar *self)
{
  g_return_val_if_fail (KIOSK_IS_TOP_BAR (self), FALSE);
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->large_text_button));
}

void
kiosk_top_bar_set_large_text (KioskTopBar *self, gboolean large_text)
{
  g_return_if_fail (KIOSK_IS_TOP_BAR (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->large_text_button), large_text);
}

gboolean
kiosk_top_bar_get_high_contrast (KioskTopBar *self)
{
  g_return_val_if_fail (KIOSK_IS_TOP_BAR (self), FALSE);
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->high_contrast_button));
}

void
kiosk_top_bar_set_high_contrast (KioskTopBar *self, gboolean high_contrast)
{
  g_return_if_fail (KIOSK_IS_TOP_BAR (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->high_contrast_button), high_contrast);
}

void
kiosk_top_bar_retranslate (KioskTopBar *self)
{
  g_return_if_fail (KIOSK_IS_TOP_BAR (self));

  /* Translators: the band at the top of every screen: what this kiosk is for */
  gtk_label_set_text (GTK_LABEL (self->banner_label),
                      _("My Number Card · Electronic Certificates"));
  update_toggles (self);
}
