/* kiosk-secret-entry.c: what the resident is typing on a PIN pad or keyboard, in wiped memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-secret-entry.h"
#include "kiosk-secret-entry-private.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Room for the longest secret and its NUL, for the typing and for the first entry of a new one. */
#define SLOT_SIZE (KIOSK_SIGN_PASSWORD_MAX_LENGTH + 1)

struct _KioskSecretEntry
{
  GObject parent_instance;

  KioskJpkiSecret kind;
  KioskSecretEntryStep step;
  guint length;
  guint held_length;
  /* One page of our own: mlock() works per page, so a page shared with other allocations would
   * be unlocked for them too when we let go of ours. */
  guint8 *page;
  gsize page_size;
  gboolean locked;
  guint8 *typed; /* page[0 .. SLOT_SIZE) */
  guint8 *held;  /* page[SLOT_SIZE .. 2 × SLOT_SIZE) */
};

G_DEFINE_FINAL_TYPE (KioskSecretEntry, kiosk_secret_entry, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_STEP_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (KioskSecretEntry *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, self->length);
}

static void
wipe_typed (KioskSecretEntry *self)
{
  if (self->typed != NULL)
    kiosk_secret_wipe (self->typed, SLOT_SIZE);
  self->length = 0;
}

static void
wipe_held (KioskSecretEntry *self)
{
  if (self->held != NULL)
    kiosk_secret_wipe (self->held, SLOT_SIZE);
  self->held_length = 0;
}

static void
set_step (KioskSecretEntry *self, KioskSecretEntryStep step)
{
  if (self->step == step)
    return;
  self->step = step;
  g_signal_emit (self, signals[SIGNAL_STEP_CHANGED], 0);
}

static void
kiosk_secret_entry_dispose (GObject *object)
{
  KioskSecretEntry *self = KIOSK_SECRET_ENTRY (object);

  wipe_typed (self);
  wipe_held (self);
  G_OBJECT_CLASS (kiosk_secret_entry_parent_class)->dispose (object);
}

static void
kiosk_secret_entry_finalize (GObject *object)
{
  KioskSecretEntry *self = KIOSK_SECRET_ENTRY (object);

  kiosk_secret_wipe (self->page, self->page_size);
  if (self->locked)
    munlock (self->page, self->page_size);
  munmap (self->page, self->page_size);
  G_OBJECT_CLASS (kiosk_secret_entry_parent_class)->finalize (object);
}

static void
kiosk_secret_entry_class_init (KioskSecretEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_secret_entry_dispose;
  object_class->finalize = kiosk_secret_entry_finalize;

  /* Only the length travels: a handler can draw dots, never the characters. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_STEP_CHANGED]
      = g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
}

static void
kiosk_secret_entry_init (KioskSecretEntry *self)
{
  void *mem;

  self->page_size = (gsize)sysconf (_SC_PAGESIZE);
  g_assert (self->page_size >= 2 * SLOT_SIZE);
  mem = mmap (NULL, self->page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED)
    g_error ("kiosk_secret_entry: cannot map a page");
  self->page = mem;
  /* Without CAP_IPC_LOCK mlock() fails once RLIMIT_MEMLOCK is used up; the bytes are still wiped,
   * they just might reach swap meanwhile. */
  self->locked = mlock (self->page, self->page_size) == 0;
#ifdef MADV_DONTDUMP
  madvise (self->page, self->page_size, MADV_DONTDUMP);
#endif
  self->typed = self->page;
  self->held = self->page + SLOT_SIZE;
}

KioskSecretEntry *
kiosk_secret_entry_new (KioskJpkiSecret kind)
{
  KioskSecretEntry *self;

  g_return_val_if_fail (kind == KIOSK_JPKI_AUTH || kind == KIOSK_JPKI_SIGN, NULL);

  self = g_object_new (KIOSK_TYPE_SECRET_ENTRY, NULL);
  self->kind = kind;
  return self;
}

KioskJpkiSecret
kiosk_secret_entry_get_kind (KioskSecretEntry *self)
{
  g_return_val_if_fail (KIOSK_IS_SECRET_ENTRY (self), KIOSK_JPKI_AUTH);

  return self->kind;
}

guint
kiosk_secret_entry_get_max_length (KioskSecretEntry *self)
{
  g_return_val_if_fail (KIOSK_IS_SECRET_ENTRY (self), 0);

  return self->kind == KIOSK_JPKI_AUTH ? KIOSK_AUTH_PIN_LENGTH : KIOSK_SIGN_PASSWORD_MAX_LENGTH;
}

guint
kiosk_secret_entry_get_length (KioskSecretEntry *self)
{
  g_return_val_if_fail (KIOSK_IS_SECRET_ENTRY (self), 0);

  return self->length;
}

gboolean
kiosk_secret_entry_append (KioskSecretEntry *self, char c)
{
  guint8 key = (guint8)c;

  g_return_val_if_fail (KIOSK_IS_SECRET_ENTRY (self), FALSE);

  if (self->length >= kiosk_secret_entry_get_max_length (self))
    return FALSE;
  /* One character on its own through the rules: the checks that ask "is every character
   * allowed" decide what a key may add, so the model and the rules cannot disagree. */
  if (self->kind == KIOSK_JPKI_AUTH)
    {
      if (kiosk_auth_pin_check (&key, 1) == KIOSK_SECRET_FORMAT_BAD_CHARACTER)
        return FALSE;
    }
  else
    {
      if (!(kiosk_sign_password_checklist (&key, 1) & KIOSK_PASSWORD_CHECK_ONLY_ALLOWED))
        return FALSE;
      kiosk_sign_password_normalise (&key, 1);
    }

  self->typed[self->length++] = key;
  kiosk_secret_wipe (&key, sizeof key);
  emit_changed (self);
  return TRUE;
}

gboolean
kiosk_secret_entry_backspace (KioskSecretEntry *self)
{
  g_return_val_if_fail (KIOSK_IS_SECRET_ENTRY (self), FALSE);

  if (self->length == 0)
    return FALSE;
  self->length--;
  kiosk_secret_wipe (self->typed + self->length, 1);
  emit_changed (self);
  return TRUE;
}

void
kiosk_secret_entry_clear (KioskSecretEntry *self)
{
  g_return_if_fail (KIOSK_IS_SECRET_ENTRY (self));

  wipe_typed (self);
  wipe_held (self);
  set_step (self, KIOSK_SECRET_ENTRY_STEP_FIRST);
  emit_changed (self);
}

KioskSecretFormat
kiosk_secret_entry_check (KioskSecretEntry *self)
{
  g_return_val_if_fail (KIOSK_IS_SECRET_ENTRY (self), KIOSK_SECRET_FORMAT_EMPTY);

  return kiosk_secret_format_check (self->kind, self->typed, self->length);
}

gboolean
kiosk_secret_entry_is_valid (KioskSecretEntry *self)
{
  return kiosk_secret_entry_check (self) == KIOSK_SECRET_FORMAT_OK;
}

KioskPasswordChecks
kiosk_secret_entry_get_checklist (KioskSecretEntry *self)
{
  g_return_val_if_fail (KIOSK_IS_SECRET_ENTRY (self), KIOSK_PASSWORD_CHECK_NONE);

  if (self->kind == KIOSK_JPKI_SIGN)
    return kiosk_sign_password_checklist (self->typed, self->length);

  /* The PIN has one rule worth a line on screen, its length; digits are all its keys allow. */
  return KIOSK_PASSWORD_CHECK_ONLY_ALLOWED | (self->length > 0 ? KIOSK_PASSWORD_CHECK_HAS_DIGIT : 0)
         | (kiosk_auth_pin_check (self->typed, self->length) == KIOSK_SECRET_FORMAT_OK
                ? KIOSK_PASSWORD_CHECK_LENGTH_OK
                : 0);
}

KioskSecret *
kiosk_secret_entry_take (KioskSecretEntry *self)
{
  KioskSecret *secret;

  g_return_val_if_fail (KIOSK_IS_SECRET_ENTRY (self), NULL);

  if (!kiosk_secret_entry_is_valid (self))
    return NULL;
  secret = kiosk_secret_new (self->typed, self->length);
  wipe_typed (self);
  emit_changed (self);
  return secret;
}

KioskSecretEntryStep
kiosk_secret_entry_get_step (KioskSecretEntry *self)
{
  g_return_val_if_fail (KIOSK_IS_SECRET_ENTRY (self), KIOSK_SECRET_ENTRY_STEP_FIRST);

  return self->step;
}

gboolean
kiosk_secret_entry_hold_for_confirm (KioskSecretEntry *self)
{
  g_return_val_if_fail (KIOSK_IS_SECRET_ENTRY (self), FALSE);

  if (self->step != KIOSK_SECRET_ENTRY_STEP_FIRST || !kiosk_secret_entry_is_valid (self))
    return FALSE;
  memcpy (self->held, self->typed, self->length);
  self->held_length = self->length;
  wipe_typed (self);
  set_step (self, KIOSK_SECRET_ENTRY_STEP_CONFIRM);
  emit_changed (self);
  return TRUE;
}

/* Takes the same time whatever the bytes, so the comparison tells nothing by its speed. */
static gboolean
same_bytes (const guint8 *a, gsize a_len, const guint8 *b, gsize b_len)
{
  guint8 difference = a_len == b_len ? 0 : 1;

  for (gsize i = 0; i < SLOT_SIZE; i++)
    difference |= a[i] ^ b[i];
  return difference == 0;
}

KioskSecretConfirmation
kiosk_secret_entry_confirm (KioskSecretEntry *self, KioskSecret **secret)
{
  KioskSecretConfirmation result = KIOSK_SECRET_MISMATCH;

  g_return_val_if_fail (KIOSK_IS_SECRET_ENTRY (self), KIOSK_SECRET_MISMATCH);
  g_return_val_if_fail (secret == NULL || *secret == NULL, KIOSK_SECRET_MISMATCH);

  /* Both slots are zero past their lengths, so comparing whole slots compares the entries. */
  if (self->step == KIOSK_SECRET_ENTRY_STEP_CONFIRM
      && same_bytes (self->typed, self->length, self->held, self->held_length))
    {
      result = KIOSK_SECRET_MATCH;
      if (secret != NULL)
        *secret = kiosk_secret_new (self->held, self->held_length);
    }
  wipe_typed (self);
  wipe_held (self);
  set_step (self, KIOSK_SECRET_ENTRY_STEP_FIRST);
  emit_changed (self);
  return result;
}

const guint8 *
kiosk_secret_entry_peek_buffer (KioskSecretEntry *self)
{
  return self->typed;
}

const guint8 *
kiosk_secret_entry_peek_held (KioskSecretEntry *self)
{
  return self->held;
}

gsize
kiosk_secret_entry_get_buffer_size (KioskSecretEntry *self)
{
  return SLOT_SIZE;
}
