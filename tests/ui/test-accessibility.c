/* test-accessibility.c: what a screen reader and a finger find on every screen of the real window
 *
 * The window runs on a controller on the in-process virtual card and the in-process issuance
 * simulator, under GTK's test accessibility backend (GTK_A11Y=test). Every case walks a journey
 * screen by screen, in Japanese and in English, and on each screen it reaches checks what a
 * resident who cannot see the panel, or who only touches it, depends on: every button (the PIN
 * pad's keys, the keyboard's keys, the choices) has a role that fits and an accessible name, the
 * words it shows; every button is at least 96 panel px each way; no label is selectable (a long
 * press would select text instead of tapping). The entry screens also read the message and the
 * tries left with the keys, and the PIN boxes say that a digit is there, never which one.
 * Screenshots land in <build>/screenshots/<language>/a11y-<name>.png: place-card, reading,
 * enter-current-shuffled, verifying, enter-current-wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "kiosk-card-profile.h"
#include "kiosk-clock.h"
#include "kiosk-controller.h"
#include "kiosk-demo-cards.h"
#include "kiosk-issuance-simulator.h"
#include "kiosk-locale.h"
#include "kiosk-pin-pad.h"
#include "kiosk-receipt-desk.h"
#include "kiosk-scaler.h"
#include "kiosk-screenshot.h"
#include "kiosk-secret-screen.h"
#include "kiosk-session-journal.h"
#include "kiosk-test-kiosk.h"
#include "kiosk-test-ca.h"
#include "kiosk-test-window.h"
#include "kiosk-virtual-card.h"
#include "kiosk-virtual-transport.h"
#include "kiosk-window.h"

#define OLD_PIN "1234"
#define OLD_PASSWORD "ABC123"
#define NEW_PIN "5678"

/* A button this small is hard to hit for an elderly finger (panel px). */
#define MIN_TARGET 96

static gboolean have_display;

/* What a screen reader says, per language (compared with the widgets, not the catalog). */
typedef struct
{
  const char *language;
  const char *digit_entered;
  const char *no_digit_yet;
  const char *wrong;
  const char *check_choice; /* the menu's words, shown again on the way */
  const char *change_pin_choice;
} Expected;

static const Expected expected_ja = {
  "ja", "入力済み", "未入力", "正しくありません", "カードを確認する", "4桁の暗証番号を変更する",
};

static const Expected expected_en = {
  "en",
  "digit entered",
  "no digit yet",
  "That was not right.",
  "Check my card",
  "Change my 4-digit PIN",
};

static gboolean
require_display (void)
{
  if (have_display)
    return TRUE;
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_test_fail_printf ("no display: the ui suite needs an X server (run it through "
                        "tests/tools/with-xvfb)");
  else
    g_test_skip ("no display: run the ui suite through tests/tools/with-xvfb");
  return FALSE;
}

typedef struct
{
  KioskTestKiosk kiosk; /* the card reader, controller, simulator, journal, receipt desk */
  const Expected *expected;
  KioskWindow *window;
  int presented;
  guint audited; /* a bit per state whose screen was audited */
} Harness;

static void
on_screen_presented (KioskWindow *window, int state, Harness *h)
{
  h->presented = state;
}

static void
add_profile (Harness *h, const char *name)
{
  kiosk_test_kiosk_add_profile (&h->kiosk, name, name, NULL);
}

static void
harness_arm (Harness *h)
{
  h->presented = -1;
}

/* The visible screen fits the room the window gives it (what does not fit is cut off). The
 * window's stack is homogeneous, so the screen is measured alone. */
static void
assert_screen_fits (Harness *h)
{
  GtkWidget *screen
      = kiosk_window_get_screen (h->window, kiosk_window_get_visible_state (h->window));
  GtkWidget *room = gtk_widget_get_parent (screen);
  int width, height;

  gtk_widget_measure (screen, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  gtk_widget_measure (screen, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (room), &height, NULL,
                      NULL, NULL);
  if (width > gtk_widget_get_width (room) || height > gtk_widget_get_height (room))
    g_error ("the %s screen needs %d×%d px; the window gives it %d×%d",
             kiosk_flow_state_to_string (kiosk_window_get_visible_state (h->window)), width, height,
             gtk_widget_get_width (room), gtk_widget_get_height (room));
}

static void
wait_presented (Harness *h, KioskFlowState state)
{
  kiosk_test_wait_shown (h->window, h->kiosk.flow, &h->presented, state);
  assert_screen_fits (h);
}

static Harness *
harness_new (const char *language)
{
  Harness *h = g_new0 (Harness, 1);

  h->expected = g_str_equal (language, "ja") ? &expected_ja : &expected_en;
  kiosk_locale_set_language (language);

  kiosk_test_kiosk_set_up (&h->kiosk, "accessibility");
  add_profile (h, "valid");
  add_profile (h, "renewal-window-open");
  add_profile (h, "slow");
  kiosk_test_kiosk_restart_simulator (&h->kiosk);

  h->window = g_object_ref (kiosk_window_new (NULL, h->kiosk.flow));
  gtk_window_set_default_size (GTK_WINDOW (h->window), KIOSK_PANEL_WIDTH, KIOSK_PANEL_HEIGHT);
  g_signal_connect (h->window, "screen-presented", G_CALLBACK (on_screen_presented), h);
  harness_arm (h);
  gtk_window_present (GTK_WINDOW (h->window));
  kiosk_controller_start (h->kiosk.controller);
  wait_presented (h, KIOSK_FLOW_STATE_WELCOME);
  return h;
}

static void
harness_free (Harness *h)
{
  kiosk_controller_stop (h->kiosk.controller);
  g_signal_handlers_disconnect_by_data (h->window, h);
  kiosk_window_allow_close (h->window);
  gtk_window_destroy (GTK_WINDOW (h->window));
  kiosk_test_run_for (50);
  g_clear_object (&h->window);
  kiosk_test_kiosk_tear_down (&h->kiosk);
  g_free (h);
}

static void
insert_card (Harness *h, const char *profile_name)
{
  kiosk_test_kiosk_insert_card (&h->kiosk, profile_name);
}

static GtkWidget *
find_mapped (Harness *h, const char *name)
{
  return kiosk_test_find_mapped (GTK_WIDGET (h->window), name, NULL);
}

static GtkWidget *
visible_screen (Harness *h)
{
  return kiosk_window_get_screen (h->window, kiosk_window_get_visible_state (h->window));
}

static void
save_screen (Harness *h, const char *name)
{
  const char *dir = g_getenv ("KIOSK_SCREENSHOT_DIR");
  g_autofree char *file = g_strconcat ("a11y-", name, ".png", NULL);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  assert_screen_fits (h);
  if (dir == NULL || *dir == '\0')
    dir = KIOSK_SCREENSHOT_DIR;
  path = g_build_filename (dir, h->expected->language, file, NULL);
  kiosk_widget_save_png (GTK_WIDGET (h->window), path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

/* ---- what a screen reader is told ---- */

/* The accessible name of @widget (NULL when it has none). The test backend has no getter: it
 * only compares; a comparison with a value no name can have returns the name. */
static char *
dup_accessible_name (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             "\x01");
}

/* The words @widget shows: its visible labels in order, one space apart. */
static void
collect_words (GtkWidget *widget, GString *words)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (*text != '\0')
        {
          if (words->len > 0)
            g_string_append_c (words, ' ');
          g_string_append (words, text);
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_words (child, words);
}

static char *
dup_shown_words (GtkWidget *button)
{
  GString *words = g_string_new (NULL);

  collect_words (button, words);
  g_strdelimit (words->str, "\n", ' ');
  return g_string_free (words, FALSE);
}

static const char *
describe (GtkWidget *widget)
{
  const char *name = gtk_widget_get_name (widget);

  return name != NULL ? name : G_OBJECT_TYPE_NAME (widget);
}

/* One interactive widget: the role a screen reader announces, a name, and room for a finger. */
static void
audit_interactive (Harness *h, GtkWidget *widget, GString *problems)
{
  const char *state = kiosk_flow_state_to_string (kiosk_window_get_visible_state (h->window));
  /* GTK 4.8 has no toggle-button role: a toggle is a button with a "pressed" state. */
  GtkAccessibleRole want = GTK_IS_CHECK_BUTTON (widget) ? GTK_ACCESSIBLE_ROLE_CHECKBOX
                           : GTK_IS_SWITCH (widget)     ? GTK_ACCESSIBLE_ROLE_SWITCH
                                                        : GTK_ACCESSIBLE_ROLE_BUTTON;
  g_autofree char *name = dup_accessible_name (widget);
  g_autofree char *words = dup_shown_words (widget);

  if (!gtk_test_accessible_has_role (GTK_ACCESSIBLE (widget), want))
    g_string_append_printf (problems, "  %s: \"%s\" has not the role of a button\n", state,
                            describe (widget));
  if (GTK_IS_TOGGLE_BUTTON (widget)
      && !gtk_test_accessible_has_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_PRESSED))
    g_string_append_printf (problems, "  %s: the toggle \"%s\" does not say whether it is on\n",
                            state, describe (widget));
  if (name == NULL || *name == '\0')
    g_string_append_printf (problems, "  %s: \"%s\" (\"%s\") has no accessible name\n", state,
                            describe (widget), words);
  else if (*words != '\0' && strcmp (name, words) != 0)
    g_string_append_printf (problems, "  %s: \"%s\" shows \"%s\" but is read \"%s\"\n", state,
                            describe (widget), words, name);
  if (gtk_widget_get_height (widget) < MIN_TARGET || gtk_widget_get_width (widget) < MIN_TARGET)
    g_string_append_printf (problems, "  %s: \"%s\" is %d×%d px, under %d\n", state,
                            describe (widget), gtk_widget_get_width (widget),
                            gtk_widget_get_height (widget), MIN_TARGET);
}

static void
audit_tree (Harness *h, GtkWidget *widget, GString *problems, guint *n_interactive)
{
  const char *state = kiosk_flow_state_to_string (kiosk_window_get_visible_state (h->window));

  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_selectable (GTK_LABEL (widget)))
    g_string_append_printf (problems, "  %s: the label \"%s\" is selectable\n", state,
                            gtk_label_get_text (GTK_LABEL (widget)));
  /* Nothing here takes typing from a keyboard: the kiosk has none. */
  if (GTK_IS_EDITABLE (widget) || GTK_IS_TEXT_VIEW (widget))
    g_string_append_printf (problems, "  %s: \"%s\" wants a keyboard\n", state, describe (widget));
  if (GTK_IS_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_CHECK_BUTTON (widget))
    {
      audit_interactive (h, widget, problems);
      (*n_interactive)++;
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    audit_tree (h, child, problems, n_interactive);
}

/* Audits the visible screen (the window's bar above it is the window's own business, checked by
 * its tests); returns how many interactive widgets the screen has. */
static guint
audit (Harness *h)
{
  g_autoptr (GString) problems = g_string_new (NULL);
  guint n_interactive = 0;

  audit_tree (h, visible_screen (h), problems, &n_interactive);
  if (problems->len > 0)
    g_error ("a screen reader or a finger is let down:\n%s", problems->str);
  h->audited |= 1u << kiosk_window_get_visible_state (h->window);
  return n_interactive;
}

/* Waits for @state, audits its screen and checks it offers at least @min_buttons. */
static void
reach (Harness *h, KioskFlowState state, guint min_buttons)
{
  wait_presented (h, state);
  g_assert_cmpuint (audit (h), >=, min_buttons);
}

static void
tap (Harness *h, const char *name, KioskFlowState next, guint min_buttons)
{
  harness_arm (h);
  kiosk_test_tap (h->window, name);
  reach (h, next, min_buttons);
}

static void
go_to_menu (Harness *h)
{
  g_assert_cmpuint (audit (h), >=, 1); /* the welcome screen: "start" */
  tap (h, "start", KIOSK_FLOW_STATE_OPERATOR, 4);
  tap (h, "holder", KIOSK_FLOW_STATE_MENU, 6);
}

/* The PIN pad's keys (its digits, delete and OK), in the order a screen reader meets them. */
static GPtrArray *
pin_keys (Harness *h)
{
  GtkWidget *keys = find_mapped (h, "keys");
  GPtrArray *found = g_ptr_array_new ();

  g_assert_nonnull (keys);
  g_assert_true (GTK_IS_GRID (keys));
  for (GtkWidget *key = gtk_widget_get_first_child (keys); key != NULL;
       key = gtk_widget_get_next_sibling (key))
    g_ptr_array_add (found, key);
  g_assert_cmpuint (found->len, ==, 12);
  return found;
}

/* The keys are met in the order they are seen, row by row, left to right; each is read as the
 * digit it shows, and the ten digits are there once each. */
static void
assert_pad_reads_in_order (Harness *h)
{
  g_autoptr (GPtrArray) keys = pin_keys (h);
  guint digits_seen = 0;
  double last_x = -1, last_y = -1;

  for (guint i = 0; i < keys->len; i++)
    {
      GtkWidget *key = keys->pdata[i];
      graphene_rect_t bounds;
      g_autofree char *name = dup_accessible_name (key);
      const char *shown = gtk_button_get_label (GTK_BUTTON (key));

      g_assert_true (gtk_widget_compute_bounds (key, GTK_WIDGET (h->window), &bounds));
      if (bounds.origin.y > last_y + 1)
        last_x = -1; /* a new row */
      else
        g_assert_cmpfloat (bounds.origin.y, >=, last_y - 1);
      g_assert_cmpfloat (bounds.origin.x, >, last_x);
      last_x = bounds.origin.x;
      last_y = bounds.origin.y;

      g_assert_nonnull (name);
      g_assert_cmpstr (name, ==, shown);
      if (strlen (shown) == 1 && g_ascii_isdigit (shown[0]))
        {
          guint bit = 1u << (shown[0] - '0');

          g_assert_cmpuint (digits_seen & bit, ==, 0);
          digits_seen |= bit;
        }
    }
  g_assert_cmpuint (digits_seen, ==, (1u << 10) - 1);
}

/* The widget named @name under @root, shown or not. */
static GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The @count PIN boxes say how many digits are in them, in words, and nothing of the digits. */
static void
assert_boxes_read (Harness *h, guint typed)
{
  GtkWidget *dots = find_mapped (h, "dots");
  guint i = 0;

  g_assert_nonnull (dots);
  for (GtkWidget *dot = gtk_widget_get_first_child (dots); dot != NULL;
       dot = gtk_widget_get_next_sibling (dot), i++)
    {
      g_autofree char *name = dup_accessible_name (dot);

      g_assert_cmpstr (name, ==,
                       i < typed ? h->expected->digit_entered : h->expected->no_digit_yet);
    }
  g_assert_cmpuint (i, ==, KIOSK_AUTH_PIN_LENGTH);
  /* the tries left are read with the boxes */
  g_assert_null (gtk_test_accessible_check_relation (
      GTK_ACCESSIBLE (dots), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
      find_named (find_mapped (h, "pin-pad"), "tries-label"), NULL));
}

static void
press_digit (Harness *h, char digit)
{
  char label[2] = { digit, '\0' };

  kiosk_test_press (h->window, kiosk_test_find_mapped (GTK_WIDGET (h->window), NULL, label), label);
}

/* The screen on the way says which procedure this is, in the menu's words (or nothing). */
static void
assert_procedure_line (Harness *h, const char *words)
{
  GtkWidget *line = find_mapped (h, "procedure");

  if (words == NULL)
    {
      g_assert_null (line);
      return;
    }
  g_assert_nonnull (line);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (line)), ==, words);
}

/* ---- the journeys ---- */

/* Check my card: welcome, operator, menu, the place-card screen with both pictures, the status,
 * take the card. */
static void
test_check_journey (gconstpointer data)
{
  static const char *const pictures[] = { "illustration-contact", "illustration-contactless" };
  static const char *const captions[] = { "caption-contact", "caption-contactless" };
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);
  tap (h, "check", KIOSK_FLOW_STATE_PLACE_CARD, 1);
  assert_procedure_line (h, h->expected->check_choice);

  /* Both ways a card goes on a reader: a picture of a fair size, described in words, and a
   * caption under it. */
  for (gsize i = 0; i < G_N_ELEMENTS (pictures); i++)
    {
      GtkWidget *picture = find_mapped (h, pictures[i]);
      GtkWidget *caption = find_mapped (h, captions[i]);
      GdkPaintable *paintable;

      g_assert_nonnull (picture);
      g_assert_true (GTK_IS_PICTURE (picture));
      paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
      g_assert_nonnull (paintable);
      g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), >, 0);
      g_assert_cmpint (gtk_widget_get_width (picture), >=, 240);
      g_assert_cmpint (gtk_widget_get_height (picture), >=, 240);
      g_assert_nonnull (gtk_picture_get_alternative_text (GTK_PICTURE (picture)));
      g_assert_cmpuint (strlen (gtk_picture_get_alternative_text (GTK_PICTURE (picture))), >, 10);
      g_assert_nonnull (caption);
      g_assert_cmpuint (strlen (gtk_label_get_text (GTK_LABEL (caption))), >, 10);
    }
  save_screen (h, "place-card");

  harness_arm (h);
  insert_card (h, "valid");
  reach (h, KIOSK_FLOW_STATE_STATUS, 1);
  tap (h, "done", KIOSK_FLOW_STATE_TAKE_CARD, 0);
  harness_arm (h);
  kiosk_virtual_transport_remove (h->kiosk.reader);
  reach (h, KIOSK_FLOW_STATE_WELCOME, 1);
  harness_free (h);
}

/* Change the PIN: a wrong PIN first, whose message is read with the keys; the boxes; done. */
static void
test_change_pin_journey (gconstpointer data)
{
  Harness *h;
  GtkWidget *pad;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);
  tap (h, "change-pin", KIOSK_FLOW_STATE_PLACE_CARD, 1);
  assert_procedure_line (h, h->expected->change_pin_choice);
  harness_arm (h);
  insert_card (h, "valid");
  reach (h, KIOSK_FLOW_STATE_ENTER_CURRENT, 12 + 1);
  assert_pad_reads_in_order (h);
  pad = find_mapped (h, "pin-pad");
  g_assert_nonnull (pad);
  /* the keys are read with what they are for: the title */
  g_assert_null (gtk_test_accessible_check_relation (GTK_ACCESSIBLE (pad),
                                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                     find_mapped (h, "secret-title"), NULL));
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (pad),
                                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));
  assert_boxes_read (h, 0);

  harness_arm (h);
  kiosk_test_type_pin (h->window, "0000");
  reach (h, KIOSK_FLOW_STATE_ENTER_CURRENT, 12 + 1);
  kiosk_test_assert_shows (h->window, h->expected->wrong);
  /* the message is read with the keys, and the tries left with the boxes */
  g_assert_null (gtk_test_accessible_check_relation (GTK_ACCESSIBLE (pad),
                                                     GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                                     find_mapped (h, "secret-message"), NULL));
  g_assert_nonnull (find_mapped (h, "tries-label"));
  assert_boxes_read (h, 0);
  save_screen (h, "enter-current-wrong");

  harness_arm (h);
  kiosk_test_type_pin (h->window, OLD_PIN);
  reach (h, KIOSK_FLOW_STATE_ENTER_NEW, 12 + 1);
  pad = find_mapped (h, "pin-pad"); /* each entry state has a screen of its own */
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (pad),
                                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));
  for (guint i = 0; i < strlen (NEW_PIN); i++)
    {
      assert_boxes_read (h, i);
      press_digit (h, NEW_PIN[i]);
    }
  assert_boxes_read (h, strlen (NEW_PIN));
  tap (h, "ok", KIOSK_FLOW_STATE_CONFIRM_NEW, 12 + 1);
  harness_arm (h);
  kiosk_test_type_pin (h->window, NEW_PIN);
  reach (h, KIOSK_FLOW_STATE_DONE, 1);
  tap (h, "finish", KIOSK_FLOW_STATE_TAKE_CARD, 0);
  harness_free (h);
}

/* [kiosk] shuffle-pin-pad: the digits in a random order, still read row by row as they look,
 * and the PIN typed on what the keys show is the PIN the card gets. */
static void
test_shuffled_pin_pad (gconstpointer data)
{
  static const KioskFlowState entries[]
      = { KIOSK_FLOW_STATE_ENTER_CURRENT, KIOSK_FLOW_STATE_ENTER_NEW,
          KIOSK_FLOW_STATE_CONFIRM_NEW };
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      KioskSecretScreen *screen
          = KIOSK_SECRET_SCREEN (kiosk_window_get_screen (h->window, entries[i]));

      g_assert_false (kiosk_secret_screen_get_shuffle_pin_pad (screen));
      kiosk_secret_screen_set_shuffle_pin_pad (screen, TRUE);
      g_assert_true (kiosk_secret_screen_get_shuffle_pin_pad (screen));
    }
  go_to_menu (h);
  tap (h, "change-pin", KIOSK_FLOW_STATE_PLACE_CARD, 1);
  harness_arm (h);
  insert_card (h, "slow"); /* slow enough for the card's check to be seen */
  reach (h, KIOSK_FLOW_STATE_ENTER_CURRENT, 12 + 1);
  g_assert_true (kiosk_pin_pad_get_shuffled (KIOSK_PIN_PAD (find_mapped (h, "pin-pad"))));
  assert_pad_reads_in_order (h);
  save_screen (h, "enter-current-shuffled");

  /* While the card checks it, the screen still says which procedure this is. */
  harness_arm (h);
  kiosk_test_type_pin (h->window, OLD_PIN);
  reach (h, KIOSK_FLOW_STATE_VERIFYING, 0);
  assert_procedure_line (h, h->expected->change_pin_choice);
  save_screen (h, "verifying");
  reach (h, KIOSK_FLOW_STATE_ENTER_NEW, 12 + 1);
  assert_pad_reads_in_order (h);
  harness_free (h);
}

/* Change the password: the keyboard's 36 keys, delete and OK; cancel goes back to the menu. */
static void
test_password_keyboard (gconstpointer data)
{
  Harness *h;
  GtkWidget *keyboard;

  if (!require_display ())
    return;
  h = harness_new (data);
  go_to_menu (h);
  tap (h, "change-password", KIOSK_FLOW_STATE_PLACE_CARD, 1);
  harness_arm (h);
  insert_card (h, "valid");
  reach (h, KIOSK_FLOW_STATE_ENTER_CURRENT, 36 + 2 + 1);
  keyboard = find_mapped (h, "password-keyboard");
  g_assert_nonnull (keyboard);
  g_assert_null (gtk_test_accessible_check_relation (GTK_ACCESSIBLE (keyboard),
                                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                     find_mapped (h, "secret-title"), NULL));
  /* the tries left, shown above the keyboard, are read with it */
  g_assert_null (gtk_test_accessible_check_relation (GTK_ACCESSIBLE (keyboard),
                                                     GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                                     find_mapped (h, "password-tries"), NULL));
  tap (h, "cancel", KIOSK_FLOW_STATE_MENU, 6);
  harness_free (h);
}

/* A proxy: the counter's screen, then done. */
static void
test_handoff (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  tap (h, "start", KIOSK_FLOW_STATE_OPERATOR, 4);
  tap (h, "proxy", KIOSK_FLOW_STATE_HANDOFF, 1);
  tap (h, "finish", KIOSK_FLOW_STATE_WELCOME, 1);
  harness_free (h);
}

/* A renewal keeping both secrets (the keep buttons' wrapping labels are read), then the national
 * system busy: its three ways on. */
static void
test_renewal_busy (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  kiosk_issuance_simulator_set_mode (h->kiosk.simulator, KIOSK_ISSUANCE_SIMULATOR_BUSY, 180);
  go_to_menu (h);
  tap (h, "renew", KIOSK_FLOW_STATE_PLACE_CARD, 1);
  harness_arm (h);
  insert_card (h, "renewal-window-open");
  reach (h, KIOSK_FLOW_STATE_ENTER_CURRENT, 12 + 1);
  harness_arm (h);
  kiosk_test_type_pin (h->window, OLD_PIN);
  reach (h, KIOSK_FLOW_STATE_ENTER_CURRENT, 36 + 2 + 1);
  harness_arm (h);
  kiosk_test_type_password (h->window, OLD_PASSWORD);
  reach (h, KIOSK_FLOW_STATE_ENTER_NEW, 12 + 2);
  g_assert_nonnull (find_mapped (h, "keep-current"));
  tap (h, "keep-current", KIOSK_FLOW_STATE_ENTER_NEW, 36 + 2 + 2);
  tap (h, "keep-current", KIOSK_FLOW_STATE_SERVICE_BUSY, 3);
  tap (h, "back", KIOSK_FLOW_STATE_MENU, 6);
  harness_free (h);
}

/* A card put straight on the reader from the welcome screen: no procedure was chosen, so the
 * reading screen names none; a chosen one is named there too. */
static void
test_reading_names_procedure (gconstpointer data)
{
  Harness *h;
  GtkWidget *reading;
  GtkWidget *line;

  if (!require_display ())
    return;
  h = harness_new (data);
  reading = kiosk_window_get_screen (h->window, KIOSK_FLOW_STATE_READING);
  line = find_named (reading, "procedure");
  g_assert_nonnull (line);

  harness_arm (h);
  insert_card (h, "valid");
  reach (h, KIOSK_FLOW_STATE_STATUS, 1);
  g_assert_false (gtk_widget_get_visible (line));
  tap (h, "done", KIOSK_FLOW_STATE_TAKE_CARD, 0);
  harness_arm (h);
  kiosk_virtual_transport_remove (h->kiosk.reader);
  reach (h, KIOSK_FLOW_STATE_WELCOME, 1);

  /* a slow card: the reading screen stays long enough to be seen */
  go_to_menu (h);
  tap (h, "check", KIOSK_FLOW_STATE_PLACE_CARD, 1);
  harness_arm (h);
  insert_card (h, "slow");
  reach (h, KIOSK_FLOW_STATE_READING, 0);
  g_assert_true (find_mapped (h, "procedure") == line);
  save_screen (h, "reading");
  reach (h, KIOSK_FLOW_STATE_STATUS, 1);
  g_assert_true (gtk_widget_get_visible (line));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (line)), ==, h->expected->check_choice);
  harness_free (h);
}

/* The reader gone: a screen with nothing to press, and nothing selectable. */
static void
test_no_reader (gconstpointer data)
{
  Harness *h;

  if (!require_display ())
    return;
  h = harness_new (data);
  harness_arm (h);
  kiosk_virtual_transport_set_reader_present (h->kiosk.reader, FALSE);
  reach (h, KIOSK_FLOW_STATE_NO_READER, 0);
  harness_arm (h);
  kiosk_virtual_transport_set_reader_present (h->kiosk.reader, TRUE);
  reach (h, KIOSK_FLOW_STATE_WELCOME, 1);
  harness_free (h);
}

int
main (int argc, char **argv)
{
  static const char *const languages[] = { "ja", "en" };
  static const struct
  {
    const char *name;
    GTestDataFunc func;
  } cases[] = {
    { "check-journey", test_check_journey },
    { "change-pin-journey", test_change_pin_journey },
    { "shuffled-pin-pad", test_shuffled_pin_pad },
    { "password-keyboard", test_password_keyboard },
    { "handoff", test_handoff },
    { "renewal-busy", test_renewal_busy },
    { "no-reader", test_no_reader },
    { "reading-names-procedure", test_reading_names_procedure },
  };

  /* Before GTK starts: the backend that lets a test read what a screen reader would. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  kiosk_locale_init ();
  have_display = gtk_init_check ();

  for (gsize l = 0; l < G_N_ELEMENTS (languages); l++)
    for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        g_autofree char *path
            = g_strdup_printf ("/ui/accessibility/%s/%s", languages[l], cases[c].name);

        g_test_add_data_func (path, languages[l], cases[c].func);
      }
  return g_test_run ();
}
