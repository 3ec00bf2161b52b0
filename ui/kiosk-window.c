/* kiosk-window.c: the resident's window: one screen per flow state, scaled to the panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-window.h"

#include "kiosk-card-removed-screen.h"
#include "kiosk-card-work-screen.h"
#include "kiosk-done-screen.h"
#include "kiosk-config.h"
#include "kiosk-handoff-screen.h"
#include "kiosk-locale.h"
#include "kiosk-menu-screen.h"
#include "kiosk-no-reader-screen.h"
#include "kiosk-place-card-screen.h"
#include "kiosk-operator-screen.h"
#include "kiosk-password-keyboard.h"
#include "kiosk-pin-pad.h"
#include "kiosk-reading-screen.h"
#include "kiosk-scaler.h"
#include "kiosk-screen.h"
#include "kiosk-secret-screen.h"
#include "kiosk-service-busy-screen.h"
#include "kiosk-status-screen.h"
#include "kiosk-take-card-screen.h"
#include "kiosk-top-bar.h"
#include "kiosk-unreadable-screen.h"
#include "kiosk-welcome-screen.h"

#define N_STATES KIOSK_FLOW_N_STATES

struct _KioskWindow
{
  GtkApplicationWindow parent_instance;

  KioskFlow *flow;
  GStrv languages; /* offered, in the bar's order */
  KioskTopBar *top_bar;
  GtkStack *stack;
  GtkWidget *screens[N_STATES];
  KioskFlowState visible_state;
  gboolean allow_close;
  gboolean animations_off; /* kiosk_window_set_animations (FALSE) */
  GtkSettings *settings;
  gulong animations_handler;

  /* "screen-presented" bookkeeping: a screen change is pending until a frame has drawn the
   * window (snapshot) and that frame has finished (after-paint). */
  gboolean present_pending;
  gboolean present_drawn;
  GdkFrameClock *frame_clock;
  gulong after_paint_id;
};

G_DEFINE_FINAL_TYPE (KioskWindow, kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

enum
{
  SIGNAL_SCREEN_PRESENTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_FLOW,
  PROP_LANGUAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One screen per state, in state order. */
typedef GtkWidget *(*ScreenConstructor) (KioskFlow *flow);

static const struct
{
  KioskFlowState state;
  ScreenConstructor create;
} screen_table[] = {
  { KIOSK_FLOW_STATE_WELCOME, kiosk_welcome_screen_new },
  { KIOSK_FLOW_STATE_PLACE_CARD, kiosk_place_card_screen_new },
  { KIOSK_FLOW_STATE_READING, kiosk_reading_screen_new },
  { KIOSK_FLOW_STATE_STATUS, kiosk_status_screen_new },
  { KIOSK_FLOW_STATE_TAKE_CARD, kiosk_take_card_screen_new },
  { KIOSK_FLOW_STATE_NO_READER, kiosk_no_reader_screen_new },
  { KIOSK_FLOW_STATE_CARD_UNREADABLE, kiosk_unreadable_screen_new },
  { KIOSK_FLOW_STATE_CARD_REMOVED, kiosk_card_removed_screen_new },
  { KIOSK_FLOW_STATE_OPERATOR, kiosk_operator_screen_new },
  { KIOSK_FLOW_STATE_MENU, kiosk_menu_screen_new },
  { KIOSK_FLOW_STATE_HANDOFF, kiosk_handoff_screen_new },
  /* The three entries share a screen class (and so do the two card steps); each state still has
   * its own instance, which picks its words from the flow when entered. */
  { KIOSK_FLOW_STATE_ENTER_CURRENT, kiosk_secret_screen_new },
  { KIOSK_FLOW_STATE_VERIFYING, kiosk_card_work_screen_new },
  { KIOSK_FLOW_STATE_ENTER_NEW, kiosk_secret_screen_new },
  { KIOSK_FLOW_STATE_CONFIRM_NEW, kiosk_secret_screen_new },
  { KIOSK_FLOW_STATE_WRITING, kiosk_card_work_screen_new },
  { KIOSK_FLOW_STATE_DONE, kiosk_done_screen_new },
  { KIOSK_FLOW_STATE_RENEWING, kiosk_card_work_screen_new },
  { KIOSK_FLOW_STATE_SERVICE_BUSY, kiosk_service_busy_screen_new },
};

G_STATIC_ASSERT (G_N_ELEMENTS (screen_table) == N_STATES);

/* One stylesheet for the whole display, added once, however many windows are made (the tests
 * make one per language). */
static void
ensure_style (GdkDisplay *display)
{
  g_autoptr (GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "kiosk-style") != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/madoguchi/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "kiosk-style", g_steal_pointer (&provider),
                          g_object_unref);
}

static void
on_after_paint (GdkFrameClock *clock, KioskWindow *self)
{
  if (!self->present_pending || !self->present_drawn)
    return;
  self->present_pending = FALSE;
  self->present_drawn = FALSE;
  g_signal_emit (self, signals[SIGNAL_SCREEN_PRESENTED], 0, (int)self->visible_state);
}

/* Each screen is made the first time its state is shown (or a test asks for it): the first
 * frame then builds and measures one screen, not nineteen. */
static GtkWidget *
ensure_screen (KioskWindow *self, KioskFlowState state)
{
  /* screen_table is in state order: its row for @state is at @state */
  g_assert (screen_table[state].state == state);
  if (self->screens[state] == NULL)
    {
      self->screens[state] = screen_table[state].create (self->flow);
      gtk_stack_add_named (self->stack, self->screens[state], kiosk_flow_state_to_string (state));
    }
  return self->screens[state];
}

static void
present_state (KioskWindow *self, KioskFlowState state)
{
  GtkWidget *screen;

  g_return_if_fail ((guint)state < N_STATES);

  screen = ensure_screen (self, state);
  kiosk_screen_enter (KIOSK_SCREEN (screen));
  gtk_stack_set_visible_child (self->stack, screen);
  self->visible_state = state;
  self->present_pending = TRUE;
  self->present_drawn = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_flow_state_notify (KioskFlow *flow, GParamSpec *pspec, KioskWindow *self)
{
  present_state (self, kiosk_flow_get_state (flow));
}

static void
kiosk_window_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  GTK_WIDGET_CLASS (kiosk_window_parent_class)->snapshot (widget, snapshot);
  if (self->present_pending)
    self->present_drawn = TRUE;
}

static void
kiosk_window_realize (GtkWidget *widget)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  GTK_WIDGET_CLASS (kiosk_window_parent_class)->realize (widget);
  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->after_paint_id
      = g_signal_connect (self->frame_clock, "after-paint", G_CALLBACK (on_after_paint), self);
}

static void
kiosk_window_unrealize (GtkWidget *widget)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  GTK_WIDGET_CLASS (kiosk_window_parent_class)->unrealize (widget);
}

static gboolean
kiosk_window_close_request (GtkWindow *window)
{
  KioskWindow *self = KIOSK_WINDOW (window);

  /* A resident must never be able to close the kiosk (a stray keyboard, a compositor gesture). */
  if (!self->allow_close)
    return TRUE;
  return GTK_WINDOW_CLASS (kiosk_window_parent_class)->close_request (window);
}

/* Every place a secret can be half typed: the PIN pads and password keyboards under @widget. */
static void
wipe_typing (GtkWidget *widget)
{
  KioskSecretEntry *entry = NULL;

  if (KIOSK_IS_PIN_PAD (widget))
    entry = kiosk_pin_pad_get_entry (KIOSK_PIN_PAD (widget));
  else if (KIOSK_IS_PASSWORD_KEYBOARD (widget))
    entry = kiosk_password_keyboard_get_entry (KIOSK_PASSWORD_KEYBOARD (widget));
  if (entry != NULL)
    kiosk_secret_entry_clear (entry);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    wipe_typing (child);
}

/* Drops every screen made so far, so the template strings are read again from the catalogs of the
 * language now set when each is next shown. The flow is not touched: it holds no words. */
static void
build_screens (KioskWindow *self)
{
  for (gsize i = 0; i < G_N_ELEMENTS (screen_table); i++)
    {
      KioskFlowState state = screen_table[i].state;

      if (self->screens[state] != NULL)
        {
          /* A rebuild must not keep digits in a widget that is thrown away (it could live on,
           * e.g. referenced by the accessibility tree, until its last reference goes): what was
           * being typed is wiped now, and the resident types it again on the new screen. */
          wipe_typing (self->screens[state]);
          gtk_stack_remove (self->stack, self->screens[state]);
          self->screens[state] = NULL;
        }
    }
}

static void
on_language_chosen (KioskTopBar *top_bar, const char *language, KioskWindow *self)
{
  kiosk_window_set_language (self, language);
}

static void
set_css_class (GtkWidget *widget, const char *css_class, gboolean set)
{
  if (set)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

static void
on_mode_notify (KioskTopBar *top_bar, GParamSpec *pspec, KioskWindow *self)
{
  set_css_class (GTK_WIDGET (self), "large-text", kiosk_top_bar_get_large_text (top_bar));
  set_css_class (GTK_WIDGET (self), "high-contrast", kiosk_top_bar_get_high_contrast (top_bar));
}

/* The stylesheet's "no-animations" class follows GTK's own switch (gtk-enable-animations, e.g.
 * from settings.ini) and kiosk_window_set_animations(): GTK stops its own animations when the
 * setting is off, and the class stops the stylesheet's. */
static void
update_animations (KioskWindow *self)
{
  gboolean enabled = TRUE;

  if (self->settings != NULL)
    g_object_get (self->settings, "gtk-enable-animations", &enabled, NULL);
  set_css_class (GTK_WIDGET (self), "no-animations", self->animations_off || !enabled);
}

static void
on_animations_notify (GtkSettings *settings, GParamSpec *pspec, KioskWindow *self)
{
  update_animations (self);
}

/* The language the window opens in: the first of LANGUAGE (what kiosk_locale_set_language()
 * set) when it is offered, else the first offered. */
static const char *
starting_language (KioskWindow *self)
{
  const char *from_env = g_getenv ("LANGUAGE");
  g_auto (GStrv) list = NULL;

  if (from_env != NULL && *from_env != '\0')
    {
      list = g_strsplit (from_env, ":", 2);
      for (gsize i = 0; self->languages[i] != NULL; i++)
        if (g_strcmp0 (self->languages[i], list[0]) == 0)
          return self->languages[i];
    }
  return self->languages[0];
}

/* Han characters take their shapes from the font: Chinese and Korean text drawn with the
 * Japanese font would show Japanese glyph forms. The page's class picks the font of the
 * language's script (style.css). */
static void
apply_script_class (GtkWidget *page, const char *language)
{
  static const struct
  {
    const char *prefix;
    const char *css_class;
  } scripts[] = {
    { "zh", "script-hans" },
    { "ko", "script-hang" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (scripts); i++)
    {
      if (language != NULL && g_str_has_prefix (language, scripts[i].prefix))
        gtk_widget_add_css_class (page, scripts[i].css_class);
      else
        gtk_widget_remove_css_class (page, scripts[i].css_class);
    }
}

static void
kiosk_window_constructed (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);
  GtkWidget *scaler, *page;

  G_OBJECT_CLASS (kiosk_window_parent_class)->constructed (object);

  ensure_style (gtk_widget_get_display (GTK_WIDGET (self)));
  if (self->languages == NULL || self->languages[0] == NULL)
    {
      g_strfreev (self->languages);
      self->languages = g_strdupv ((GStrv)kiosk_config_get_known_languages ());
    }

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (page, "kiosk");
  /* Part of the window, not of a screen: the same bar whatever the flow's state. */
  self->top_bar = KIOSK_TOP_BAR (kiosk_top_bar_new ((const char *const *)self->languages));
  kiosk_top_bar_set_language (self->top_bar, starting_language (self));
  apply_script_class (page, starting_language (self));
  g_signal_connect_object (self->top_bar, "language-chosen", G_CALLBACK (on_language_chosen), self,
                           0);
  g_signal_connect_object (self->top_bar, "notify::large-text", G_CALLBACK (on_mode_notify), self,
                           0);
  g_signal_connect_object (self->top_bar, "notify::high-contrast", G_CALLBACK (on_mode_notify),
                           self, 0);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->top_bar));

  self->stack = GTK_STACK (gtk_stack_new ());
  /* No animation: a screen is either shown or not, and "screen-presented" means just that. */
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  /* Sized by the screen on show only: each must fit the panel on its own (the tests check). */
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  /* The stack stays the page's last child (tests look for it there). */
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->stack));

  scaler = kiosk_scaler_new (KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
  kiosk_scaler_set_child (KIOSK_SCALER (scaler), page);
  gtk_window_set_child (GTK_WINDOW (self), scaler);

  self->settings = g_object_ref (gtk_widget_get_settings (GTK_WIDGET (self)));
  self->animations_handler = g_signal_connect (self->settings, "notify::gtk-enable-animations",
                                               G_CALLBACK (on_animations_notify), self);
  update_animations (self);

  g_signal_connect_object (self->flow, "notify::state", G_CALLBACK (on_flow_state_notify), self, 0);
  present_state (self, kiosk_flow_get_state (self->flow));
}

static void
kiosk_window_dispose (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  if (self->flow != NULL)
    g_signal_handlers_disconnect_by_data (self->flow, self);
  g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
  g_clear_object (&self->frame_clock);
  g_clear_signal_handler (&self->animations_handler, self->settings);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (kiosk_window_parent_class)->dispose (object);
  g_clear_object (&self->flow);
  g_clear_pointer (&self->languages, g_strfreev);
}

static void
kiosk_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      g_value_set_object (value, self->flow);
      break;
    case PROP_LANGUAGES:
      g_value_set_boxed (value, self->languages);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FLOW:
      self->flow = g_value_dup_object (value);
      break;
    case PROP_LANGUAGES:
      g_strfreev (self->languages);
      self->languages = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_window_class_init (KioskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kiosk_window_constructed;
  object_class->dispose = kiosk_window_dispose;
  object_class->get_property = kiosk_window_get_property;
  object_class->set_property = kiosk_window_set_property;
  widget_class->snapshot = kiosk_window_snapshot;
  widget_class->realize = kiosk_window_realize;
  widget_class->unrealize = kiosk_window_unrealize;
  window_class->close_request = kiosk_window_close_request;

  /* The screens are built from it in constructed(). */
  properties[PROP_FLOW]
      = g_param_spec_object ("flow", NULL, NULL, KIOSK_TYPE_FLOW,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The language bar's languages, in its order (gettext tags); NULL: every known language. */
  properties[PROP_LANGUAGES]
      = g_param_spec_boxed ("languages", NULL, NULL, G_TYPE_STRV,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SCREEN_PRESENTED]
      = g_signal_new ("screen-presented", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
kiosk_window_init (KioskWindow *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-window");
  gtk_window_set_title (GTK_WINDOW (self), "Madoguchi");
  gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
  gtk_window_set_resizable (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), KIOSK_PANEL_WIDTH / 2, KIOSK_PANEL_HEIGHT / 2);
}

KioskWindow *
kiosk_window_new (GtkApplication *application, KioskFlow *flow)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (KIOSK_IS_FLOW (flow), NULL);

  return g_object_new (KIOSK_TYPE_WINDOW, "application", application, "flow", flow, NULL);
}

KioskWindow *
kiosk_window_new_with_languages (GtkApplication *application, KioskFlow *flow,
                                 const char *const *languages)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (KIOSK_IS_FLOW (flow), NULL);

  return g_object_new (KIOSK_TYPE_WINDOW, "application", application, "flow", flow, "languages",
                       languages, NULL);
}

KioskFlow *
kiosk_window_get_flow (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return self->flow;
}

GtkWidget *
kiosk_window_get_screen (KioskWindow *self, KioskFlowState state)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  g_return_val_if_fail ((guint)state < N_STATES, NULL);
  return ensure_screen (self, state);
}

KioskFlowState
kiosk_window_get_visible_state (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), KIOSK_FLOW_STATE_WELCOME);
  return self->visible_state;
}

void
kiosk_window_allow_close (KioskWindow *self)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  self->allow_close = TRUE;
}

void
kiosk_window_set_language (KioskWindow *self, const char *language)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  g_return_if_fail (language != NULL && *language != '\0');

  /* LANGUAGE is also what the controller reads when it issues a receipt: the receipt follows. */
  kiosk_locale_set_language (language);
  kiosk_top_bar_set_language (self->top_bar, language);
  apply_script_class (gtk_widget_get_parent (GTK_WIDGET (self->top_bar)), language);
  kiosk_top_bar_retranslate (self->top_bar);
  build_screens (self);
  /* Re-entered, so the screen redraws its facts from the flow in the new words. */
  present_state (self, kiosk_flow_get_state (self->flow));
}

const char *
kiosk_window_get_language (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return kiosk_top_bar_get_language (self->top_bar);
}

GtkWidget *
kiosk_window_get_top_bar (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->top_bar);
}

void
kiosk_window_set_large_text (KioskWindow *self, gboolean large_text)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  kiosk_top_bar_set_large_text (self->top_bar, large_text);
}

gboolean
kiosk_window_get_large_text (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), FALSE);
  return kiosk_top_bar_get_large_text (self->top_bar);
}

void
kiosk_window_set_high_contrast (KioskWindow *self, gboolean high_contrast)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  kiosk_top_bar_set_high_contrast (self->top_bar, high_contrast);
}

gboolean
kiosk_window_get_high_contrast (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), FALSE);
  return kiosk_top_bar_get_high_contrast (self->top_bar);
}

void
kiosk_window_set_animations (KioskWindow *self, gboolean enabled)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  self->animations_off = !enabled;
  update_animations (self);
}

gboolean
kiosk_window_get_animations (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), TRUE);
  return !gtk_widget_has_css_class (GTK_WIDGET (self), "no-animations");
}
