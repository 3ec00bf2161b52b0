/* kiosk-receipt.c: the receipt model, the reason table and the card reference
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-receipt.h"

#include "kiosk-clock.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <string.h>

typedef struct
{
  KioskReason reason;
  const char *code;
  const char *staff_ja;
  const char *staff_en;
} ReasonInfo;

/* The one table of reason codes: what a member of staff reads at the counter. The codes are
 * stable (they are printed and persisted); the texts may improve. */
static const ReasonInfo reasons[] = {
  { KIOSK_REASON_NONE, "NONE", "—", "—" },
  { KIOSK_REASON_PIN_LOCKED, "PIN_LOCKED", "利用者証明用暗証番号（4桁）がロックされています",
    "The 4-digit PIN is locked" },
  { KIOSK_REASON_SIGN_LOCKED, "SIGN_LOCKED", "署名用電子証明書の暗証番号がロックされています",
    "The signature password is locked" },
  { KIOSK_REASON_NO_CERTIFICATES, "NO_CERTIFICATES", "電子証明書が搭載されていません",
    "The card holds no certificates" },
  { KIOSK_REASON_PROXY, "PROXY", "代理人による手続きです（窓口で確認が必要）",
    "A proxy is acting for the holder (counter check needed)" },
  { KIOSK_REASON_MINOR, "MINOR", "未成年者のため署名用電子証明書の手続きは窓口で行います",
    "Minor: signature certificate procedures at the counter" },
  { KIOSK_REASON_ADULT_WARD, "ADULT_WARD", "成年被後見人のため窓口で手続きが必要です",
    "Adult ward: procedure at the counter" },
  { KIOSK_REASON_REVOKED, "REVOKED", "電子証明書が失効しています", "The certificate is revoked" },
  { KIOSK_REASON_EXPIRED_POLICY, "EXPIRED_POLICY", "有効期限切れの電子証明書は窓口で更新します",
    "Expired certificates are renewed at the counter" },
  { KIOSK_REASON_SERVICE_BUSY, "SERVICE_BUSY", "発行システムが混雑しています",
    "The issuance service is busy" },
  { KIOSK_REASON_SERVICE_DOWN, "SERVICE_DOWN", "発行システムが停止中または時間外です",
    "The issuance service is down or closed" },
  { KIOSK_REASON_CARD_UNREADABLE, "CARD_UNREADABLE", "カードを読み取れませんでした",
    "The card could not be read" },
  { KIOSK_REASON_CARD_REMOVED, "CARD_REMOVED", "手続き中にカードが取り出されました",
    "The card was removed during the procedure" },
  { KIOSK_REASON_PRINTER_FAULT, "PRINTER_FAULT", "プリンターの異常（控えは画面に表示）",
    "Printer fault (receipt shown on screen)" },
  { KIOSK_REASON_RENEWAL_INCOMPLETE_OLD, "RENEWAL_INCOMPLETE_OLD",
    "更新が完了していません（カードは旧証明書のまま）",
    "Renewal incomplete: the card still holds the old certificates" },
  { KIOSK_REASON_RENEWAL_INCOMPLETE_NEW, "RENEWAL_INCOMPLETE_NEW",
    "更新が完了していません（カードは新証明書、発行側の記録が未完了）",
    "Renewal incomplete: the card holds the new certificates, the service record is pending" },
  { KIOSK_REASON_RENEWAL_NOT_OPEN, "RENEWAL_NOT_OPEN", "更新期間前です（有効期限の3か月前から）",
    "Too early: renewal opens three months before expiry" },
  { KIOSK_REASON_OUTSIDE_HOURS, "OUTSIDE_HOURS", "発行システムの受付時間外です",
    "Outside the issuance service's hours" },
  { KIOSK_REASON_NOT_ELIGIBLE, "NOT_ELIGIBLE",
    "発行システムが手続きを受け付けませんでした（窓口で確認）",
    "The issuance service refused the procedure (check at the counter)" },
  { KIOSK_REASON_KIOSK_FAULT, "KIOSK_FAULT", "キオスクの異常により中断しました",
    "Stopped by a kiosk fault" },
};
G_STATIC_ASSERT (G_N_ELEMENTS (reasons) == KIOSK_REASON_COUNT);

static const struct
{
  const char *code;
  const char *staff_ja;
} procedures[] = {
  [KIOSK_PROCEDURE_CHECK_CARD] = { "CHECK_CARD", "カードの確認" },
  [KIOSK_PROCEDURE_CHANGE_PIN] = { "CHANGE_PIN", "暗証番号（4桁）の変更" },
  [KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD] = { "CHANGE_SIGN_PASSWORD", "署名用パスワードの変更" },
  [KIOSK_PROCEDURE_RENEW] = { "RENEW", "電子証明書の更新" },
  [KIOSK_PROCEDURE_REISSUE_SIGN] = { "REISSUE_SIGN", "署名用電子証明書の再発行" },
  [KIOSK_PROCEDURE_HANDOFF_ONLY] = { "HANDOFF_ONLY", "窓口へのご案内" },
};
G_STATIC_ASSERT (G_N_ELEMENTS (procedures) == KIOSK_PROCEDURE_COUNT);

static const struct
{
  const char *code;
  const char *staff_ja;
} outcomes[] = {
  [KIOSK_OUTCOME_DONE] = { "DONE", "完了" },
  [KIOSK_OUTCOME_HANDED_OFF] = { "HANDED_OFF", "窓口で対応" },
  [KIOSK_OUTCOME_FAILED] = { "FAILED", "未完了" },
};
G_STATIC_ASSERT (G_N_ELEMENTS (outcomes) == KIOSK_OUTCOME_COUNT);

const char *
kiosk_reason_get_code (KioskReason reason)
{
  g_return_val_if_fail ((guint)reason < KIOSK_REASON_COUNT, NULL);
  return reasons[reason].code;
}

const char *
kiosk_reason_get_staff_text_ja (KioskReason reason)
{
  g_return_val_if_fail ((guint)reason < KIOSK_REASON_COUNT, NULL);
  return reasons[reason].staff_ja;
}

const char *
kiosk_reason_get_staff_text_en (KioskReason reason)
{
  g_return_val_if_fail ((guint)reason < KIOSK_REASON_COUNT, NULL);
  return reasons[reason].staff_en;
}

gboolean
kiosk_reason_from_code (const char *code, KioskReason *reason)
{
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_strcmp0 (code, reasons[i].code) == 0)
      {
        *reason = reasons[i].reason;
        return TRUE;
      }
  return FALSE;
}

const char *
kiosk_procedure_get_code (KioskProcedure procedure)
{
  g_return_val_if_fail ((guint)procedure < KIOSK_PROCEDURE_COUNT, NULL);
  return procedures[procedure].code;
}

const char *
kiosk_procedure_get_staff_text_ja (KioskProcedure procedure)
{
  g_return_val_if_fail ((guint)procedure < KIOSK_PROCEDURE_COUNT, NULL);
  return procedures[procedure].staff_ja;
}

gboolean
kiosk_procedure_from_code (const char *code, KioskProcedure *procedure)
{
  for (guint i = 0; i < G_N_ELEMENTS (procedures); i++)
    if (g_strcmp0 (code, procedures[i].code) == 0)
      {
        *procedure = (KioskProcedure)i;
        return TRUE;
      }
  return FALSE;
}

const char *
kiosk_outcome_get_code (KioskOutcome outcome)
{
  g_return_val_if_fail ((guint)outcome < KIOSK_OUTCOME_COUNT, NULL);
  return outcomes[outcome].code;
}

const char *
kiosk_outcome_get_staff_text_ja (KioskOutcome outcome)
{
  g_return_val_if_fail ((guint)outcome < KIOSK_OUTCOME_COUNT, NULL);
  return outcomes[outcome].staff_ja;
}

gboolean
kiosk_outcome_from_code (const char *code, KioskOutcome *outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    if (g_strcmp0 (code, outcomes[i].code) == 0)
      {
        *outcome = (KioskOutcome)i;
        return TRUE;
      }
  return FALSE;
}

GBytes *
kiosk_card_reference_new (GBytes *kiosk_secret, const char *certificate_serial)
{
  EVP_MAC *mac = NULL;
  EVP_MAC_CTX *ctx = NULL;
  OSSL_PARAM params[] = { OSSL_PARAM_construct_utf8_string (OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
                          OSSL_PARAM_construct_end () };
  guint8 digest[EVP_MAX_MD_SIZE];
  size_t digest_size = 0;
  gsize secret_size = 0;
  const guint8 *secret;
  g_autofree char *serial = NULL;
  gboolean ok;

  g_return_val_if_fail (kiosk_secret != NULL, NULL);
  g_return_val_if_fail (certificate_serial != NULL, NULL);

  /* The same serial must give the same reference whatever case a caller used. */
  serial = g_ascii_strup (certificate_serial, -1);
  secret = g_bytes_get_data (kiosk_secret, &secret_size);
  mac = EVP_MAC_fetch (NULL, "HMAC", NULL);
  if (mac == NULL)
    return NULL;
  ctx = EVP_MAC_CTX_new (mac);
  ok = ctx != NULL && EVP_MAC_init (ctx, secret, secret_size, params) == 1
       && EVP_MAC_update (ctx, (const guint8 *)serial, strlen (serial)) == 1
       && EVP_MAC_final (ctx, digest, &digest_size, sizeof digest) == 1;
  EVP_MAC_CTX_free (ctx);
  EVP_MAC_free (mac);
  if (!ok || digest_size < KIOSK_CARD_REFERENCE_SIZE)
    return NULL;
  return g_bytes_new (digest, KIOSK_CARD_REFERENCE_SIZE);
}

struct _KioskReceipt
{
  GObject parent_instance;

  char *number;
  char *kiosk_id;
  char *location_name;
  guint sequence;
  GDateTime *time;
  KioskProcedure procedure;
  KioskOutcome outcome;
  KioskReason reason;
  char *language;
  GBytes *card_reference;
};

G_DEFINE_FINAL_TYPE (KioskReceipt, kiosk_receipt, G_TYPE_OBJECT)

static void
kiosk_receipt_finalize (GObject *object)
{
  KioskReceipt *self = KIOSK_RECEIPT (object);

  g_free (self->number);
  g_free (self->kiosk_id);
  g_free (self->location_name);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->language);
  g_clear_pointer (&self->card_reference, g_bytes_unref);
  G_OBJECT_CLASS (kiosk_receipt_parent_class)->finalize (object);
}

static void
kiosk_receipt_class_init (KioskReceiptClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_receipt_finalize;
}

static void
kiosk_receipt_init (KioskReceipt *self)
{
}

static gboolean
is_short_ascii (const char *text, gsize max_length, const char *extra)
{
  gsize length = text != NULL ? strlen (text) : 0;

  if (length == 0 || length > max_length)
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr (extra, *c) == NULL)
      return FALSE;
  return TRUE;
}

KioskReceipt *
kiosk_receipt_new (const char *kiosk_id, const char *location_name, guint sequence, GDateTime *time,
                   KioskProcedure procedure, KioskOutcome outcome, KioskReason reason,
                   const char *language, GBytes *card_reference)
{
  KioskReceipt *self;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (is_short_ascii (kiosk_id, 16, "-"), NULL);
  g_return_val_if_fail (time != NULL, NULL);
  g_return_val_if_fail ((guint)procedure < KIOSK_PROCEDURE_COUNT, NULL);
  g_return_val_if_fail ((guint)outcome < KIOSK_OUTCOME_COUNT, NULL);
  g_return_val_if_fail ((guint)reason < KIOSK_REASON_COUNT, NULL);
  g_return_val_if_fail (is_short_ascii (language, 16, "@_-"), NULL);
  g_return_val_if_fail (card_reference == NULL
                            || g_bytes_get_size (card_reference) == KIOSK_CARD_REFERENCE_SIZE,
                        NULL);
  g_return_val_if_fail (location_name == NULL || g_utf8_validate (location_name, -1, NULL), NULL);

  /* Whole seconds: the payload carries no fractions and a verified receipt must equal the
   * printed one. */
  local = kiosk_clock_to_local (time);
  self = g_object_new (KIOSK_TYPE_RECEIPT, NULL);
  self->time = g_date_time_add_seconds (local, -g_date_time_get_microsecond (local) / 1e6);
  self->kiosk_id = g_strdup (kiosk_id);
  self->location_name = g_strdup (location_name);
  self->sequence = sequence;
  self->procedure = procedure;
  self->outcome = outcome;
  self->reason = reason;
  self->language = g_strdup (language);
  self->card_reference = card_reference != NULL ? g_bytes_ref (card_reference) : NULL;
  date = g_date_time_format (self->time, "%Y%m%d");
  self->number = g_strdup_printf ("%s-%s-%04u", kiosk_id, date, sequence);
  return self;
}

const char *
kiosk_receipt_get_number (KioskReceipt *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT (self), NULL);
  return self->number;
}

const char *
kiosk_receipt_get_kiosk_id (KioskReceipt *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT (self), NULL);
  return self->kiosk_id;
}

const char *
kiosk_receipt_get_location_name (KioskReceipt *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT (self), NULL);
  return self->location_name;
}

guint
kiosk_receipt_get_sequence (KioskReceipt *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT (self), 0);
  return self->sequence;
}

GDateTime *
kiosk_receipt_get_time (KioskReceipt *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT (self), NULL);
  return self->time;
}

KioskProcedure
kiosk_receipt_get_procedure (KioskReceipt *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT (self), 0);
  return self->procedure;
}

KioskOutcome
kiosk_receipt_get_outcome (KioskReceipt *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT (self), 0);
  return self->outcome;
}

KioskReason
kiosk_receipt_get_reason (KioskReceipt *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT (self), 0);
  return self->reason;
}

const char *
kiosk_receipt_get_language (KioskReceipt *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT (self), NULL);
  return self->language;
}

GBytes *
kiosk_receipt_get_card_reference (KioskReceipt *self)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT (self), NULL);
  return self->card_reference;
}

char *
kiosk_receipt_dup_card_reference_hex (KioskReceipt *self)
{
  const guint8 *data;
  gsize size;
  GString *hex;

  g_return_val_if_fail (KIOSK_IS_RECEIPT (self), NULL);
  if (self->card_reference == NULL)
    return NULL;
  data = g_bytes_get_data (self->card_reference, &size);
  hex = g_string_sized_new (size * 2);
  for (gsize i = 0; i < size; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  return g_string_free (hex, FALSE);
}

gboolean
kiosk_receipt_equal (KioskReceipt *a, KioskReceipt *b)
{
  g_return_val_if_fail (KIOSK_IS_RECEIPT (a) && KIOSK_IS_RECEIPT (b), FALSE);
  return g_str_equal (a->number, b->number) && g_str_equal (a->kiosk_id, b->kiosk_id)
         && g_strcmp0 (a->location_name, b->location_name) == 0 && a->sequence == b->sequence
         && g_date_time_equal (a->time, b->time) && a->procedure == b->procedure
         && a->outcome == b->outcome && a->reason == b->reason
         && g_str_equal (a->language, b->language)
         && ((a->card_reference == NULL && b->card_reference == NULL)
             || (a->card_reference != NULL && b->card_reference != NULL
                 && g_bytes_equal (a->card_reference, b->card_reference)));
}
