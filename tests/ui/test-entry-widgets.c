/* test-entry-widgets.c: the PIN pad and the password keyboard, tapped like a finger, in Japanese
 * and English, with screenshots
 *
 * Screenshots land in <build>/screenshots/<language>/pin-pad.png, pin-pad-last-try.png and
 * password-keyboard.png: each widget on a 1080-wide kiosk page, with the kiosk's stylesheet,
 * part-way through an entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "kiosk-locale.h"
#include "kiosk-password-keyboard.h"
#include "kiosk-pin-pad.h"
#include "kiosk-screenshot.h"
#include "kiosk-secret-entry.h"

#define PANEL_WIDTH 1080
#define WAIT_TIMEOUT_S 10
#define SHOWINGS 6

static gboolean have_display;

/* What a resident reads, per language (compared with the screen, not with the catalog). */
typedef struct
{
  const char *language;
  const char *three_tries;
  const char *last_try;
  const char *locked;
  const char *pin_delete;
  const char *pin_ok;
  const char *check_length;
  const char *check_letter;
  const char *check_digit;
  const char *keyboard_delete;
  const char *keyboard_ok;
} Expected;

static const Expected expected_ja = {
  .language = "ja",
  .three_tries = "あと3回",
  .last_try = "あと1回です。\n間違えるとロックされます",
  .locked = "ロック中（窓口で再設定）",
  .pin_delete = "消す",
  .pin_ok = "決定",
  .check_length = "6〜16文字",
  .check_letter = "英字（A〜Z）を1つ以上",
  .check_digit = "数字（0〜9）を1つ以上",
  .keyboard_delete = "1文字消す",
  .keyboard_ok = "決定",
};

static const Expected expected_en = {
  .language = "en",
  .three_tries = "3 tries left",
  .last_try = "Last try: one more wrong entry locks your PIN",
  .locked = "Locked (reset at the counter)",
  .pin_delete = "Delete",
  .pin_ok = "OK",
  .check_length = "6 to 16 characters",
  .check_letter = "At least one letter (A–Z)",
  .check_digit = "At least one digit (0–9)",
  .keyboard_delete = "Delete one",
  .keyboard_ok = "OK",
};

static const Expected *
expected_for (const char *language)
{
  return g_str_equal (language, "ja") ? &expected_ja : &expected_en;
}

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

/* ---- a 1080-wide kiosk page in a window, with the kiosk's stylesheet ---- */

static void
ensure_style (void)
{
  static GtkCssProvider *provider;

  if (provider != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/madoguchi/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static gboolean
wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
run_until (gboolean (*done) (GtkWidget *), GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_TIME_SPAN_SECOND;
  guint ticker = g_timeout_add (20, wake_up, NULL);

  while (!done (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
  g_assert_true (done (widget));
}

static gboolean
is_laid_out (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* Lets pending layout and drawing happen. */
static void
settle (void)
{
  for (int i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static GtkWidget *
window_with (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *panel = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  ensure_style ();
  /* The panel is exactly as wide as the kiosk's; the page inside it has the screens' padding. */
  gtk_widget_set_size_request (panel, PANEL_WIDTH, -1);
  gtk_widget_add_css_class (panel, "kiosk");
  gtk_widget_add_css_class (page, "page");
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (page), child);
  gtk_box_append (GTK_BOX (panel), page);
  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  run_until (is_laid_out, child);
  settle ();
  g_assert_cmpint (gtk_widget_get_width (panel), ==, PANEL_WIDTH);
  return window;
}

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

static GtkWidget *
named (GtkWidget *root, const char *name)
{
  GtkWidget *widget = find_named (root, name);

  if (widget == NULL)
    g_error ("no widget named \"%s\"", name);
  return widget;
}

static const char *
label_of (GtkWidget *root, const char *name)
{
  GtkWidget *widget = named (root, name);

  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  g_assert_true (GTK_IS_LABEL (widget));
  return gtk_label_get_text (GTK_LABEL (widget));
}

/* A tap: the key is on screen, sensitive, big enough for a finger (96 px on the 1080-wide panel)
 * and what the window finds under the finger at its centre. */
static void
tap (GtkWidget *button)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (button));
  graphene_rect_t bounds;
  GtkWidget *picked;

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpint (gtk_widget_get_width (button), >=, 96);
  g_assert_cmpint (gtk_widget_get_height (button), >=, 96);
  g_assert_true (gtk_widget_compute_bounds (button, window, &bounds));
  picked = gtk_widget_pick (window, bounds.origin.x + bounds.size.width / 2,
                            bounds.origin.y + bounds.size.height / 2, GTK_PICK_DEFAULT);
  if (picked == NULL)
    g_error ("nothing under the finger at %g,%g (window %d×%d)",
             bounds.origin.x + bounds.size.width / 2, bounds.origin.y + bounds.size.height / 2,
             gtk_widget_get_width (window), gtk_widget_get_height (window));
  g_assert_true (picked == button || gtk_widget_is_ancestor (picked, button));
  g_signal_emit_by_name (button, "clicked");
}

static void
tap_named (GtkWidget *root, const char *name)
{
  tap (named (root, name));
}

static gboolean
count_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

/* Lets the window paint what it holds now: two frames, so the last change is drawn. */
static void
wait_frames (GtkWidget *window)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_TIME_SPAN_SECOND;
  guint ticks = 0;
  guint id = gtk_widget_add_tick_callback (window, count_tick, &ticks, NULL);
  guint ticker = g_timeout_add (10, wake_up, NULL);

  gtk_widget_queue_draw (window);
  while (ticks < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (window, id);
  g_source_remove (ticker);
  g_assert_cmpuint (ticks, >=, 3);
}

static void
save (GtkWidget *window, const char *language, const char *name)
{
  const char *dir = g_getenv ("KIOSK_SCREENSHOT_DIR");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) saved = NULL;

  if (dir == NULL || *dir == '\0')
    dir = KIOSK_SCREENSHOT_DIR;
  path = g_build_filename (dir, language, file, NULL);
  settle ();
  wait_frames (window);
  kiosk_widget_save_png (window, path, &error);
  g_assert_no_error (error);
  saved = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (saved), ==, gtk_widget_get_width (window));
  g_test_message ("screenshot: %s", path);
}

/* Nothing in the widget can hold text the resident types: no entry, no text view. */
static void
assert_no_text_widgets (GtkWidget *root)
{
  g_assert_false (GTK_IS_EDITABLE (root));
  g_assert_false (GTK_IS_TEXT_VIEW (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_no_text_widgets (child);
}

/* ---- the PIN pad ---- */

typedef struct
{
  KioskSecretEntry *entry;
  GtkWidget *pad;
  GtkWidget *window;
  guint done_count;
} PinFixture;

static void
on_done (GtkWidget *widget, guint *count)
{
  (*count)++;
}

static void
pin_setup (PinFixture *f, const char *language)
{
  kiosk_locale_set_language (language);
  f->entry = kiosk_secret_entry_new (KIOSK_JPKI_AUTH);
  f->pad = kiosk_pin_pad_new (f->entry);
  g_signal_connect (f->pad, "done", G_CALLBACK (on_done), &f->done_count);
  f->window = window_with (f->pad);
}

static void
pin_teardown (PinFixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->entry);
}

static GtkWidget *
pin_key_at (PinFixture *f, int column, int row)
{
  GtkWidget *keys = named (f->pad, "keys");

  return gtk_grid_get_child_at (GTK_GRID (keys), column, row);
}

/* The digit a key shows, or -1. */
static int
digit_of (GtkWidget *key)
{
  const char *label = gtk_button_get_label (GTK_BUTTON (key));

  if (label == NULL || strlen (label) != 1 || !g_ascii_isdigit (label[0]))
    return -1;
  return label[0] - '0';
}

static GtkWidget *
pin_key_for_digit (PinFixture *f, int digit)
{
  for (int row = 0; row < 4; row++)
    for (int column = 0; column < 3; column++)
      {
        GtkWidget *key = pin_key_at (f, column, row);

        if (key != NULL && digit_of (key) == digit)
          return key;
      }
  g_error ("no key for %d", digit);
}

static void
tap_digits (PinFixture *f, const char *digits)
{
  for (const char *p = digits; *p != '\0'; p++)
    tap (pin_key_for_digit (f, *p - '0'));
}

/* Filled dot boxes, and that no box shows a digit. */
static guint
count_dots (PinFixture *f)
{
  GtkWidget *dots = named (f->pad, "dots");
  guint filled = 0, boxes = 0;

  for (GtkWidget *dot = gtk_widget_get_first_child (dots); dot != NULL;
       dot = gtk_widget_get_next_sibling (dot))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (dot));

      boxes++;
      for (const char *p = text; *p != '\0'; p++)
        g_assert_false (g_ascii_isdigit (*p));
      if (*text != '\0')
        filled++;
    }
  g_assert_cmpuint (boxes, ==, 4);
  return filled;
}

static void
test_pin_dots_follow_taps (void)
{
  PinFixture f = { 0 };

  if (!require_display ())
    return;
  pin_setup (&f, "en");
  g_assert_cmpuint (count_dots (&f), ==, 0);
  tap_digits (&f, "70");
  g_assert_cmpuint (count_dots (&f), ==, 2);
  tap_named (f.pad, "delete");
  g_assert_cmpuint (count_dots (&f), ==, 1);
  tap_digits (&f, "123");
  g_assert_cmpuint (count_dots (&f), ==, 4);
  /* A fifth digit has nowhere to go. */
  tap_digits (&f, "9");
  g_assert_cmpuint (count_dots (&f), ==, 4);
  g_assert_cmpuint (kiosk_secret_entry_get_length (f.entry), ==, 4);
  pin_teardown (&f);
}

static void
test_pin_ok_only_at_four (void)
{
  PinFixture f = { 0 };
  g_autoptr (KioskSecret) secret = NULL;
  GtkWidget *ok;

  if (!require_display ())
    return;
  pin_setup (&f, "en");
  ok = named (f.pad, "ok");
  g_assert_false (gtk_widget_is_sensitive (named (f.pad, "delete")));
  for (const char *p = "246"; *p != '\0'; p++)
    {
      g_assert_false (gtk_widget_is_sensitive (ok));
      tap (pin_key_for_digit (&f, *p - '0'));
    }
  g_assert_false (gtk_widget_is_sensitive (ok));
  /* A tap on an inactive OK does nothing. */
  gtk_widget_activate (ok);
  g_assert_cmpuint (f.done_count, ==, 0);
  tap_digits (&f, "8");
  g_assert_true (gtk_widget_is_sensitive (ok));
  tap (ok);
  g_assert_cmpuint (f.done_count, ==, 1);
  secret = kiosk_secret_entry_take (f.entry);
  g_assert_cmpmem (kiosk_secret_get_data (secret), kiosk_secret_get_length (secret), "2468", 4);
  settle ();
  g_assert_cmpuint (count_dots (&f), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (ok));
  pin_teardown (&f);
}

static void
test_pin_fixed_layout (void)
{
  PinFixture f = { 0 };
  static const int expected[4][3] = { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 }, { -1, 0, -1 } };

  if (!require_display ())
    return;
  pin_setup (&f, "en");
  for (int row = 0; row < 4; row++)
    for (int column = 0; column < 3; column++)
      g_assert_cmpint (digit_of (pin_key_at (&f, column, row)), ==, expected[row][column]);
  g_assert_true (pin_key_at (&f, 0, 3) == named (f.pad, "delete"));
  g_assert_true (pin_key_at (&f, 2, 3) == named (f.pad, "ok"));
  assert_no_text_widgets (f.pad);
  pin_teardown (&f);
}

/* The ten digit places as a number: one layout, to compare showings. */
static guint64
read_layout (PinFixture *f)
{
  guint64 layout = 0;
  guint seen = 0;

  for (int row = 0; row < 4; row++)
    for (int column = 0; column < 3; column++)
      {
        int digit = digit_of (pin_key_at (f, column, row));

        if (digit < 0)
          continue;
        g_assert_false (seen & (1u << digit)); /* each digit once */
        seen |= 1u << digit;
        layout = layout * 10 + (guint64)digit;
      }
  g_assert_cmpuint (seen, ==, (1u << 10) - 1); /* all ten: a permutation */
  return layout;
}

static void
test_pin_shuffled (void)
{
  PinFixture f = { 0 };
  guint64 layouts[SHOWINGS];
  gboolean differ = FALSE;
  g_autoptr (KioskSecret) secret = NULL;

  if (!require_display ())
    return;
  pin_setup (&f, "en");
  kiosk_pin_pad_set_shuffled (KIOSK_PIN_PAD (f.pad), TRUE);
  for (int showing = 0; showing < SHOWINGS; showing++)
    {
      /* A new showing, as when the flow comes back to the PIN screen: the window is hidden and
       * shown again. */
      gtk_widget_set_visible (f.window, FALSE);
      settle ();
      g_assert_false (gtk_widget_get_mapped (f.pad));
      gtk_window_present (GTK_WINDOW (f.window));
      run_until (is_laid_out, f.window);
      run_until (is_laid_out, f.pad);
      settle ();
      layouts[showing] = read_layout (&f);
      /* Shuffled once per showing, not under the finger: a tap changes nothing. */
      tap_digits (&f, "5");
      g_assert_cmpuint (read_layout (&f), ==, layouts[showing]);
      kiosk_secret_entry_clear (f.entry);
    }
  /* Six showings all alike by chance: (1/10!)^5, never in practice. */
  for (int showing = 1; showing < SHOWINGS; showing++)
    differ |= layouts[showing] != layouts[0];
  g_assert_true (differ);

  /* A key types the digit it shows, wherever it is. */
  tap_digits (&f, "9031");
  secret = kiosk_secret_entry_take (f.entry);
  g_assert_cmpmem (kiosk_secret_get_data (secret), kiosk_secret_get_length (secret), "9031", 4);

  /* Off again: back to the fixed layout. */
  kiosk_pin_pad_set_shuffled (KIOSK_PIN_PAD (f.pad), FALSE);
  g_assert_cmpuint (read_layout (&f), ==, 1234567890);
  pin_teardown (&f);
}

static void
test_pin_tries (gconstpointer data)
{
  const Expected *expected = expected_for (data);
  PinFixture f = { 0 };
  KioskPinPad *pad;
  GtkWidget *tries;

  if (!require_display ())
    return;
  pin_setup (&f, expected->language);
  pad = KIOSK_PIN_PAD (f.pad);
  tries = named (f.pad, "tries");
  /* Not set: no line at all. */
  g_assert_false (gtk_widget_get_visible (tries));

  kiosk_pin_pad_set_tries_left (pad, 3);
  g_assert_true (gtk_widget_get_visible (tries));
  g_assert_cmpstr (label_of (f.pad, "tries-label"), ==, expected->three_tries);
  g_assert_false (gtk_widget_has_css_class (tries, "last-try"));
  g_assert_cmpstr (label_of (f.pad, "delete"), ==, expected->pin_delete);
  g_assert_cmpstr (label_of (f.pad, "ok"), ==, expected->pin_ok);

  /* The last try: a plain warning in words, with an icon. */
  kiosk_pin_pad_set_tries_left (pad, 1);
  g_assert_cmpstr (label_of (f.pad, "tries-label"), ==, expected->last_try);
  g_assert_true (gtk_widget_has_css_class (tries, "last-try"));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_first_child (tries)));
  g_assert_true (GTK_IS_IMAGE (gtk_widget_get_first_child (tries)));
  tap_digits (&f, "12");
  g_assert_cmpuint (count_dots (&f), ==, 2);

  /* None left: nothing can be typed. */
  kiosk_pin_pad_set_tries_left (pad, 0);
  g_assert_cmpstr (label_of (f.pad, "tries-label"), ==, expected->locked);
  g_assert_false (gtk_widget_is_sensitive (pin_key_for_digit (&f, 5)));
  g_assert_false (gtk_widget_is_sensitive (named (f.pad, "ok")));
  pin_teardown (&f);
}

static void
test_pin_screenshots (gconstpointer data)
{
  const Expected *expected = expected_for (data);
  PinFixture f = { 0 };

  if (!require_display ())
    return;
  pin_setup (&f, expected->language);
  kiosk_pin_pad_set_tries_left (KIOSK_PIN_PAD (f.pad), 3);
  tap_digits (&f, "38");
  g_assert_cmpuint (count_dots (&f), ==, 2);
  save (f.window, expected->language, "pin-pad");

  kiosk_pin_pad_set_tries_left (KIOSK_PIN_PAD (f.pad), 1);
  kiosk_secret_entry_clear (f.entry);
  save (f.window, expected->language, "pin-pad-last-try");
  pin_teardown (&f);
}

/* ---- the password keyboard ---- */

typedef struct
{
  KioskSecretEntry *entry;
  GtkWidget *keyboard;
  GtkWidget *window;
  guint done_count;
} KeyboardFixture;

static void
keyboard_setup (KeyboardFixture *f, const char *language)
{
  kiosk_locale_set_language (language);
  f->entry = kiosk_secret_entry_new (KIOSK_JPKI_SIGN);
  f->keyboard = kiosk_password_keyboard_new (f->entry);
  g_signal_connect (f->keyboard, "done", G_CALLBACK (on_done), &f->done_count);
  f->window = window_with (f->keyboard);
}

static void
keyboard_teardown (KeyboardFixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->entry);
}

static void
type_keys (KeyboardFixture *f, const char *keys)
{
  for (const char *p = keys; *p != '\0'; p++)
    {
      char name[] = { 'k', 'e', 'y', '-', *p, '\0' };

      tap_named (f->keyboard, name);
    }
}

static guint
count_password_dots (KeyboardFixture *f)
{
  const char *text = label_of (f->keyboard, "password-dots");

  for (const char *p = text; *p != '\0'; p++)
    g_assert_false (g_ascii_isalnum (*p));
  return (guint)g_utf8_strlen (text, -1);
}

/* The words of a checklist row: its label, after the icon. */
static const char *
check_text (KeyboardFixture *f, const char *name)
{
  GtkWidget *label = gtk_widget_get_last_child (named (f->keyboard, name));

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
check_met (KeyboardFixture *f, const char *name)
{
  GtkWidget *row = named (f->keyboard, name);
  GtkWidget *icon = gtk_widget_get_first_child (row);

  /* The state is shown by an icon on every row, met or not: never by colour alone. */
  g_assert_true (GTK_IS_IMAGE (icon));
  g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (icon)), !=, GTK_IMAGE_EMPTY);
  g_assert_true (gtk_widget_has_css_class (row, "met") != gtk_widget_has_css_class (row, "unmet"));
  return gtk_widget_has_css_class (row, "met");
}

static void
test_keyboard_keys (void)
{
  KeyboardFixture f = { 0 };
  guint keys = 0;

  if (!require_display ())
    return;
  keyboard_setup (&f, "en");
  for (char c = 'A'; c <= 'Z'; c++)
    {
      char name[] = { 'k', 'e', 'y', '-', c, '\0' };
      GtkWidget *key = named (f.keyboard, name);

      g_assert_cmpint (gtk_widget_get_width (key), >=, 96);
      g_assert_cmpint (gtk_widget_get_height (key), >=, 96);
      g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (key)), ==, name + 4);
      keys++;
    }
  for (char c = '0'; c <= '9'; c++)
    {
      char name[] = { 'k', 'e', 'y', '-', c, '\0' };
      GtkWidget *key = named (f.keyboard, name);

      g_assert_cmpint (gtk_widget_get_width (key), >=, 96);
      g_assert_cmpint (gtk_widget_get_height (key), >=, 96);
      keys++;
    }
  g_assert_cmpuint (keys, ==, 36);
  /* Alphabetical: A before B on the same row, H starts the second letter row. */
  {
    graphene_rect_t a, b, h;

    g_assert_true (gtk_widget_compute_bounds (named (f.keyboard, "key-A"), f.window, &a));
    g_assert_true (gtk_widget_compute_bounds (named (f.keyboard, "key-B"), f.window, &b));
    g_assert_true (gtk_widget_compute_bounds (named (f.keyboard, "key-H"), f.window, &h));
    g_assert_cmpfloat (a.origin.y, ==, b.origin.y);
    g_assert_cmpfloat (a.origin.x, <, b.origin.x);
    g_assert_cmpfloat (h.origin.x, ==, a.origin.x);
    g_assert_cmpfloat (h.origin.y, >, a.origin.y);
  }
  assert_no_text_widgets (f.keyboard);
  keyboard_teardown (&f);
}

static void
test_keyboard_masked_count (void)
{
  KeyboardFixture f = { 0 };

  if (!require_display ())
    return;
  keyboard_setup (&f, "en");
  g_assert_cmpuint (count_password_dots (&f), ==, 0);
  g_assert_cmpstr (label_of (f.keyboard, "password-count"), ==, "0 / 16");
  type_keys (&f, "KASHIWA8");
  g_assert_cmpuint (count_password_dots (&f), ==, 8);
  g_assert_cmpstr (label_of (f.keyboard, "password-count"), ==, "8 / 16");
  tap_named (f.keyboard, "delete");
  g_assert_cmpstr (label_of (f.keyboard, "password-count"), ==, "7 / 16");
  type_keys (&f, "123456789");
  g_assert_cmpstr (label_of (f.keyboard, "password-count"), ==, "16 / 16");
  /* Full: a seventeenth key adds nothing. */
  type_keys (&f, "Z");
  g_assert_cmpstr (label_of (f.keyboard, "password-count"), ==, "16 / 16");
  g_assert_cmpuint (count_password_dots (&f), ==, 16);
  keyboard_teardown (&f);
}

static void
test_keyboard_checklist (gconstpointer data)
{
  const Expected *expected = expected_for (data);
  KeyboardFixture f = { 0 };

  if (!require_display ())
    return;
  keyboard_setup (&f, expected->language);
  g_assert_cmpstr (check_text (&f, "check-length"), ==, expected->check_length);
  g_assert_cmpstr (check_text (&f, "check-letter"), ==, expected->check_letter);
  g_assert_cmpstr (check_text (&f, "check-digit"), ==, expected->check_digit);
  g_assert_cmpstr (label_of (f.keyboard, "delete"), ==, expected->keyboard_delete);
  g_assert_cmpstr (label_of (f.keyboard, "ok"), ==, expected->keyboard_ok);

  g_assert_false (check_met (&f, "check-length"));
  g_assert_false (check_met (&f, "check-letter"));
  g_assert_false (check_met (&f, "check-digit"));
  type_keys (&f, "4");
  g_assert_false (check_met (&f, "check-letter"));
  g_assert_true (check_met (&f, "check-digit"));
  type_keys (&f, "Q");
  g_assert_true (check_met (&f, "check-letter"));
  g_assert_false (check_met (&f, "check-length"));
  type_keys (&f, "RST");
  g_assert_false (check_met (&f, "check-length"));
  type_keys (&f, "U");
  g_assert_true (check_met (&f, "check-length"));
  /* Deleting undoes a rule on the spot. */
  tap_named (f.keyboard, "delete");
  g_assert_false (check_met (&f, "check-length"));
  keyboard_teardown (&f);
}

static void
test_keyboard_ok_only_when_valid (void)
{
  KeyboardFixture f = { 0 };
  GtkWidget *ok;
  g_autoptr (KioskSecret) secret = NULL;

  if (!require_display ())
    return;
  keyboard_setup (&f, "en");
  ok = named (f.keyboard, "ok");
  g_assert_false (gtk_widget_is_sensitive (ok));
  type_keys (&f, "ABCDEF"); /* long enough, but no digit */
  g_assert_false (gtk_widget_is_sensitive (ok));
  gtk_widget_activate (ok);
  g_assert_cmpuint (f.done_count, ==, 0);
  tap_named (f.keyboard, "delete");
  type_keys (&f, "12");
  g_assert_true (gtk_widget_is_sensitive (ok));
  tap (ok);
  g_assert_cmpuint (f.done_count, ==, 1);
  secret = kiosk_secret_entry_take (f.entry);
  g_assert_cmpmem (kiosk_secret_get_data (secret), kiosk_secret_get_length (secret), "ABCDE12", 7);
  settle ();
  g_assert_false (gtk_widget_is_sensitive (ok));
  g_assert_cmpstr (label_of (f.keyboard, "password-count"), ==, "0 / 16");
  keyboard_teardown (&f);
}

static void
test_keyboard_screenshots (gconstpointer data)
{
  const Expected *expected = expected_for (data);
  KeyboardFixture f = { 0 };

  if (!require_display ())
    return;
  keyboard_setup (&f, expected->language);
  type_keys (&f, "MADO");
  save (f.window, expected->language, "password-keyboard");
  keyboard_teardown (&f);
}

int
main (int argc, char **argv)
{
  static const char *const languages[] = { "ja", "en" };

  g_test_init (&argc, &argv, NULL);
  kiosk_locale_init ();
  have_display = gtk_init_check ();

  g_test_add_func ("/ui/pin-pad/dots-follow-taps", test_pin_dots_follow_taps);
  g_test_add_func ("/ui/pin-pad/ok-only-at-four", test_pin_ok_only_at_four);
  g_test_add_func ("/ui/pin-pad/fixed-layout", test_pin_fixed_layout);
  g_test_add_func ("/ui/pin-pad/shuffled", test_pin_shuffled);
  g_test_add_func ("/ui/password-keyboard/keys", test_keyboard_keys);
  g_test_add_func ("/ui/password-keyboard/masked-count", test_keyboard_masked_count);
  g_test_add_func ("/ui/password-keyboard/ok-only-when-valid", test_keyboard_ok_only_when_valid);
  for (gsize l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      const char *language = languages[l];
      g_autofree char *tries = g_strdup_printf ("/ui/pin-pad/tries/%s", language);
      g_autofree char *pin_shots = g_strdup_printf ("/ui/pin-pad/screenshot/%s", language);
      g_autofree char *checklist = g_strdup_printf ("/ui/password-keyboard/checklist/%s", language);
      g_autofree char *keyboard_shots
          = g_strdup_printf ("/ui/password-keyboard/screenshot/%s", language);

      g_test_add_data_func (tries, language, test_pin_tries);
      g_test_add_data_func (pin_shots, language, test_pin_screenshots);
      g_test_add_data_func (checklist, language, test_keyboard_checklist);
      g_test_add_data_func (keyboard_shots, language, test_keyboard_screenshots);
    }

  return g_test_run ();
}
