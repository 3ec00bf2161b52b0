/* kiosk-secret-screen.c: a PIN or sign password typed on the pad or keyboard, handed to the flow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-secret-screen.h"

#include <glib/gi18n.h>

#include "kiosk-password-keyboard.h"
#include "kiosk-pin-pad.h"
#include "kiosk-secret-entry.h"

struct _KioskSecretScreen
{
  KioskScreen parent_instance;

  GtkLabel *step_label;
  GtkLabel *title_label;
  GtkLabel *message_label;
  GtkLabel *tries_label;
  GtkButton *keep_button;
  GtkLabel *keep_label;
  GtkBox *keys_slot;
  GtkWidget *pin_pad;
  GtkWidget *keyboard;
  KioskFlowState entered_state;

  /* What is being typed, in wiped memory; a fresh one on every entry into the state. */
  KioskSecretEntry *entry;
};

G_DEFINE_FINAL_TYPE (KioskSecretScreen, kiosk_secret_screen, KIOSK_TYPE_SCREEN)

static void
wipe_entry (KioskSecretScreen *self)
{
  if (self->entry != NULL)
    kiosk_secret_entry_clear (self->entry);
}

static void
on_done (KioskSecretScreen *self)
{
  KioskFlow *flow = kiosk_screen_get_flow (KIOSK_SCREEN (self));
  g_autoptr (KioskSecret) secret = NULL;

  if (self->entry == NULL)
    return;
  secret = kiosk_secret_entry_take (self->entry);
  if (secret != NULL)
    kiosk_flow_secret_entered (flow, secret);
}

static void
on_cancel_clicked (KioskSecretScreen *self, GtkButton *button)
{
  wipe_entry (self);
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_BACK);
}

static void
on_keep_clicked (KioskSecretScreen *self, GtkButton *button)
{
  wipe_entry (self);
  kiosk_screen_send (KIOSK_SCREEN (self), KIOSK_FLOW_INPUT_KEEP_CURRENT);
}

/* Whatever ends the entry (a reset, the idle timeout, the card taken), the typing is wiped. */
static void
on_flow_state_notify (KioskFlow *flow, GParamSpec *pspec, KioskSecretScreen *self)
{
  if (kiosk_flow_get_state (flow) != self->entered_state)
    wipe_entry (self);
}

static const char *
title_for (KioskFlowState state, gboolean password)
{
  /* The password screens are the fullest (keyboard and checklist): their titles fit one line. */
  switch (state)
    {
    case KIOSK_FLOW_STATE_ENTER_NEW:
      return password ? _("New signature password") : _("Enter your new 4-digit PIN");
    case KIOSK_FLOW_STATE_CONFIRM_NEW:
      return password ? _("The new password again") : _("Enter the new 4-digit PIN again");
    default:
      return password ? _("Current signature password") : _("Enter your current 4-digit PIN");
    }
}

/* A renewal may keep the current secrets (the resident proved them a moment ago). */
static gboolean
may_keep_current (KioskFlow *flow, KioskFlowState state)
{
  KioskProcedure procedure = kiosk_flow_get_procedure (flow);

  return state == KIOSK_FLOW_STATE_ENTER_NEW
         && (procedure == KIOSK_PROCEDURE_RENEW || procedure == KIOSK_PROCEDURE_REISSUE_SIGN);
}

/* The PIN pad shows its own tries line; the password keyboard has none, so the screen shows it. */
static void
show_password_tries (KioskSecretScreen *self, int tries_left)
{
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->tries_label), "last-try");
  switch (kiosk_tries_advice (KIOSK_JPKI_SIGN, tries_left))
    {
    case KIOSK_TRIES_NORMAL:
      text = g_strdup_printf (ngettext ("%d try left", "%d tries left", tries_left), tries_left);
      break;
    case KIOSK_TRIES_LAST_TRY:
      text = g_strdup (_("Last try: one more wrong entry locks your signature password"));
      gtk_widget_add_css_class (GTK_WIDGET (self->tries_label), "last-try");
      break;
    case KIOSK_TRIES_BLOCKED:
    case KIOSK_TRIES_UNKNOWN:
      /* The flow hands off before asking; nothing to show. */
      break;
    }
  gtk_label_set_text (self->tries_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->tries_label), text != NULL);
}

static const char *
message_for (KioskEntryMessage message)
{
  switch (message)
    {
    case KIOSK_ENTRY_MESSAGE_WRONG:
      return _("That was not right. Please try again.");
    case KIOSK_ENTRY_MESSAGE_MISMATCH:
      return _("The two entries did not match. Please start again.");
    case KIOSK_ENTRY_MESSAGE_MALFORMED:
      return _("That entry is not in the right format.");
    case KIOSK_ENTRY_MESSAGE_NONE:
      break;
    }
  return "";
}

/* A screen reader reads the keys with what they are for (the title) and with the message and
 * the tries left, when there are any. */
static void
describe_keys (KioskSecretScreen *self, GtkWidget *keys)
{
  GtkWidget *said[2] = { NULL, NULL };
  guint n = 0;

  if (gtk_widget_get_visible (GTK_WIDGET (self->message_label)))
    said[n++] = GTK_WIDGET (self->message_label);
  if (gtk_widget_get_visible (GTK_WIDGET (self->tries_label)))
    said[n++] = GTK_WIDGET (self->tries_label);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (keys), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  self->title_label, NULL, -1);
  /* A reference list ends at its first NULL: the call differs by how many there are. */
  if (n == 0)
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (keys), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  else if (n == 1)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (keys), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                    said[0], NULL, -1);
  else
    gtk_accessible_update_relation (GTK_ACCESSIBLE (keys), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                    said[0], said[1], NULL, -1);
}

static void
kiosk_secret_screen_enter (KioskScreen *screen, KioskFlow *flow)
{
  KioskSecretScreen *self = KIOSK_SECRET_SCREEN (screen);
  KioskFlowState state = kiosk_flow_get_state (flow);
  KioskJpkiSecret kind = kiosk_flow_get_procedure_secret (flow);
  gboolean password = kind == KIOSK_JPKI_SIGN;
  const char *message = message_for (kiosk_flow_get_entry_message (flow));
  guint step, count;
  g_autofree char *step_text = NULL;

  self->entered_state = state;
  g_clear_object (&self->entry); /* wiped on dispose */
  self->entry = kiosk_secret_entry_new (kind);

  kiosk_flow_get_entry_step (flow, &step, &count);
  /* Translators: the step indicator above an entry: "Step 1 of 3" */
  step_text = g_strdup_printf (_("Step %d of %d"), (int)step, (int)count);
  gtk_label_set_text (self->step_label, step_text);
  gtk_label_set_text (self->title_label, title_for (state, password));
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), *message != '\0');

  if (password && state == KIOSK_FLOW_STATE_ENTER_CURRENT)
    show_password_tries (self, kiosk_flow_get_tries_left (flow));
  else
    gtk_widget_set_visible (GTK_WIDGET (self->tries_label), FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self->keep_button), may_keep_current (flow, state));
  gtk_label_set_text (self->keep_label, password ? _("Keep my current signature password")
                                                 : _("Keep my current 4-digit PIN"));

  gtk_widget_set_visible (self->pin_pad, !password);
  gtk_widget_set_visible (self->keyboard, password);
  describe_keys (self, password ? self->keyboard : self->pin_pad);
  if (password)
    {
      kiosk_pin_pad_set_entry (KIOSK_PIN_PAD (self->pin_pad), NULL);
      kiosk_password_keyboard_set_entry (KIOSK_PASSWORD_KEYBOARD (self->keyboard), self->entry);
    }
  else
    {
      kiosk_password_keyboard_set_entry (KIOSK_PASSWORD_KEYBOARD (self->keyboard), NULL);
      kiosk_pin_pad_set_entry (KIOSK_PIN_PAD (self->pin_pad), self->entry);
      /* The tries left are shown before the current PIN only: a new one costs no try. */
      kiosk_pin_pad_set_tries_left (
          KIOSK_PIN_PAD (self->pin_pad),
          state == KIOSK_FLOW_STATE_ENTER_CURRENT ? kiosk_flow_get_tries_left (flow) : -1);
    }
}

static void
kiosk_secret_screen_constructed (GObject *object)
{
  KioskSecretScreen *self = KIOSK_SECRET_SCREEN (object);

  G_OBJECT_CLASS (kiosk_secret_screen_parent_class)->constructed (object);
  g_signal_connect_object (kiosk_screen_get_flow (KIOSK_SCREEN (self)), "notify::state",
                           G_CALLBACK (on_flow_state_notify), self, G_CONNECT_AFTER);
  /* Read at construction, so a screen rebuilt for another language keeps it. */
  kiosk_secret_screen_set_shuffle_pin_pad (
      self, kiosk_config_get_shuffle_pin_pad (
                kiosk_flow_get_config (kiosk_screen_get_flow (KIOSK_SCREEN (self)))));
}

static void
kiosk_secret_screen_dispose (GObject *object)
{
  KioskSecretScreen *self = KIOSK_SECRET_SCREEN (object);

  g_clear_object (&self->entry);
  gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_SECRET_SCREEN);
  G_OBJECT_CLASS (kiosk_secret_screen_parent_class)->dispose (object);
}

static void
kiosk_secret_screen_class_init (KioskSecretScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kiosk_secret_screen_constructed;
  object_class->dispose = kiosk_secret_screen_dispose;
  KIOSK_SCREEN_CLASS (klass)->enter = kiosk_secret_screen_enter;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/madoguchi/Kiosk/kiosk-secret-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskSecretScreen, step_label);
  gtk_widget_class_bind_template_child (widget_class, KioskSecretScreen, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskSecretScreen, message_label);
  gtk_widget_class_bind_template_child (widget_class, KioskSecretScreen, tries_label);
  gtk_widget_class_bind_template_child (widget_class, KioskSecretScreen, keep_button);
  gtk_widget_class_bind_template_child (widget_class, KioskSecretScreen, keep_label);
  gtk_widget_class_bind_template_child (widget_class, KioskSecretScreen, keys_slot);
  gtk_widget_class_bind_template_callback (widget_class, on_keep_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
}

static void
kiosk_secret_screen_init (KioskSecretScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->entered_state = KIOSK_FLOW_STATE_WELCOME;
  self->pin_pad = kiosk_pin_pad_new (NULL);
  gtk_widget_set_name (self->pin_pad, "pin-pad");
  self->keyboard = kiosk_password_keyboard_new (NULL);
  gtk_widget_set_visible (self->keyboard, FALSE);
  gtk_widget_set_name (self->keyboard, "password-keyboard");
  gtk_widget_set_vexpand (self->pin_pad, TRUE);
  gtk_widget_set_vexpand (self->keyboard, TRUE);
  gtk_box_append (self->keys_slot, self->pin_pad);
  gtk_box_append (self->keys_slot, self->keyboard);
  g_signal_connect_swapped (self->pin_pad, "done", G_CALLBACK (on_done), self);
  g_signal_connect_swapped (self->keyboard, "done", G_CALLBACK (on_done), self);
}

GtkWidget *
kiosk_secret_screen_new (KioskFlow *flow)
{
  return g_object_new (KIOSK_TYPE_SECRET_SCREEN, "flow", flow, NULL);
}

void
kiosk_secret_screen_set_shuffle_pin_pad (KioskSecretScreen *self, gboolean shuffle)
{
  g_return_if_fail (KIOSK_IS_SECRET_SCREEN (self));

  kiosk_pin_pad_set_shuffled (KIOSK_PIN_PAD (self->pin_pad), shuffle);
}

gboolean
kiosk_secret_screen_get_shuffle_pin_pad (KioskSecretScreen *self)
{
  g_return_val_if_fail (KIOSK_IS_SECRET_SCREEN (self), FALSE);

  return kiosk_pin_pad_get_shuffled (KIOSK_PIN_PAD (self->pin_pad));
}
