/* test-jpki.c: the JPKI AP protocol (kiosk-jpki.c) against the virtual card and scripted cards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cardio-test-util.h"
#include "kiosk-card-error.h"
#include "kiosk-certificate.h"
#include "kiosk-jpki.h"
#include "kiosk-virtual-transport.h"

#define AID_HEX "D3 92 F0 00 26 01 00 00 00 01"

static KioskCardTransport *
as_transport (TestTransport *t)
{
  return KIOSK_CARD_TRANSPORT (t);
}

static guint
count_commands (TestTransport *t, guint8 cla, guint8 ins)
{
  GPtrArray *commands = test_transport_get_commands (t);
  guint n = 0;

  for (guint i = 0; i < commands->len; i++)
    {
      const guint8 *c = g_bytes_get_data (g_ptr_array_index (commands, i), NULL);

      if (c[0] == cla && c[1] == ins)
        n++;
    }
  return n;
}

static guint
ceil_chunks (gsize len)
{
  return (len + 255) / 256;
}

static KioskSecret *
auth_pin_of (KioskVirtualCard *card)
{
  return kiosk_secret_new_from_string (
      kiosk_card_profile_get_auth_pin (kiosk_virtual_card_get_profile (card)));
}

static KioskSecret *
sign_password_of (KioskVirtualCard *card)
{
  return kiosk_secret_new_from_string (
      kiosk_card_profile_get_sign_password (kiosk_virtual_card_get_profile (card)));
}

/* A PIN the card does not hold: the real one with its last digit changed. */
static KioskSecret *
wrong_auth_pin_of (KioskVirtualCard *card)
{
  g_autofree char *pin
      = g_strdup (kiosk_card_profile_get_auth_pin (kiosk_virtual_card_get_profile (card)));
  gsize len = strlen (pin);

  pin[len - 1] = pin[len - 1] == '9' ? '0' : pin[len - 1] + 1;
  return kiosk_secret_new_from_string (pin);
}

/* A JPKI card session ready for commands: the card, a recording transport, the AP selected. */
typedef struct
{
  KioskVirtualCard *card;
  TestTransport *transport;
} CardFixture;

static void
card_fixture_open (CardFixture *f, const char *profile)
{
  g_autoptr (GError) error = NULL;

  f->card = cardio_test_card_new (profile);
  f->transport = test_transport_new_for_card (f->card);
  kiosk_jpki_select_ap (as_transport (f->transport), NULL, &error);
  g_assert_no_error (error);
}

static void
card_fixture_close (CardFixture *f)
{
  g_clear_object (&f->transport);
  g_clear_object (&f->card);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CardFixture, card_fixture_close)

/* SELECT */

static void
test_select_ap (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (TestTransport) t = test_transport_new_for_card (card);

  g_assert_true (kiosk_jpki_select_ap (as_transport (t), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (test_transport_get_commands (t)->len, ==, 1);
  test_transport_assert_command (t, 0, "00 A4 04 0C 0A " AID_HEX);
}

static GBytes *
answer_not_found (const guint8 *command, gsize len, gpointer user_data, GError **error)
{
  return cardio_test_response (NULL, 0, 0x6A82);
}

static void
test_select_ap_missing (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TestTransport) t = test_transport_new (answer_not_found, NULL);

  g_assert_false (kiosk_jpki_select_ap (as_transport (t), NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NOT_JPKI);
}

static void
test_select_ef (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;

  card_fixture_open (&f, "valid");
  g_assert_true (kiosk_jpki_select_ef (as_transport (f.transport), 0x000A, NULL, &error));
  g_assert_no_error (error);
  test_transport_assert_command (f.transport, 1, "00 A4 02 0C 02 00 0A");
}

static void
test_select_ef_not_found (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;

  card_fixture_open (&f, "valid");
  g_assert_false (kiosk_jpki_select_ef (as_transport (f.transport), 0x1234, NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NOT_FOUND);
}

/* Token */

static void
test_token_my_number_card (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;

  card_fixture_open (&f, "valid");
  g_assert_true (kiosk_jpki_check_token (as_transport (f.transport), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (test_transport_get_commands (f.transport)->len, ==, 3);
  test_transport_assert_command (f.transport, 1, "00 A4 02 0C 02 00 06");
  test_transport_assert_command (f.transport, 2, "00 B0 00 00 20");
}

/* A scripted card whose token EF holds @user_data (a string, padded as given). */
static GBytes *
answer_token (const guint8 *command, gsize len, gpointer user_data, GError **error)
{
  const char *token = user_data;

  if (command[1] == 0xA4)
    return cardio_test_response (NULL, 0, 0x9000);
  if (command[1] == 0xB0)
    {
      gsize le = command[4] == 0 ? 256 : command[4];
      return cardio_test_response ((const guint8 *)token, MIN (le, strlen (token)), 0x9000);
    }
  return cardio_test_response (NULL, 0, 0x6D00);
}

typedef struct
{
  const char *path;
  const char *token;
  gboolean accepted;
} TokenCase;

static const TokenCase token_cases[] = {
  /* padded to 32 bytes with spaces, as real cards do */
  { "/cardio/jpki/token/padded", "JPKIAPICCTOKEN2                 ", TRUE },
  /* a card that answers only the bytes it has, with 9000 */
  { "/cardio/jpki/token/unpadded", "JPKIAPICCTOKEN2", TRUE },
  /* the Basic Resident Registration card */
  { "/cardio/jpki/token/juki-card", "JPKIAPICCTOKEN                  ", FALSE },
  /* smartphone JPKI in a secure element */
  { "/cardio/jpki/token/smartphone", "JPKIAPGPSETOKEN                 ", FALSE },
  { "/cardio/jpki/token/longer", "JPKIAPICCTOKEN23                ", FALSE },
  { "/cardio/jpki/token/empty", "", FALSE },
};

static void
test_token_case (gconstpointer data)
{
  const TokenCase *tc = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (TestTransport) t = test_transport_new (answer_token, (gpointer)tc->token);
  gboolean ok = kiosk_jpki_check_token (as_transport (t), NULL, &error);

  if (tc->accepted)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NOT_JPKI);
      g_assert_false (ok);
    }
}

/* A card that refuses any Le but the token's exact length with 6Cxx. */
static GBytes *
answer_token_exact_le (const guint8 *command, gsize len, gpointer user_data, GError **error)
{
  const char *token = user_data;

  if (command[1] == 0xB0 && command[4] != strlen (token))
    return cardio_test_response (NULL, 0, 0x6C00 | (guint16)strlen (token));
  return answer_token (command, len, user_data, error);
}

static void
test_token_6cxx (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TestTransport) t
             = test_transport_new (answer_token_exact_le, (gpointer) "JPKIAPICCTOKEN2");

  g_assert_true (kiosk_jpki_check_token (as_transport (t), NULL, &error));
  g_assert_no_error (error);
  /* SELECT EF, READ with Le 20, READ again with Le 0F */
  g_assert_cmpuint (test_transport_get_commands (t)->len, ==, 3);
  test_transport_assert_command (t, 1, "00 B0 00 00 20");
  test_transport_assert_command (t, 2, "00 B0 00 00 0F");
}

/* Certificates on the virtual card */

static void
assert_certificate_read (const char *profile, guint16 fid,
                         GBytes *(*expected_of) (KioskVirtualCard *), gboolean verify_sign_first)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;

  card_fixture_open (&f, profile);
  if (verify_sign_first)
    {
      g_autoptr (KioskSecret) password = sign_password_of (f.card);
      kiosk_jpki_verify (as_transport (f.transport), KIOSK_JPKI_SIGN, password, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  guint reads_before = count_commands (f.transport, 0x00, 0xB0);
  g_autoptr (GBytes) der
             = kiosk_jpki_read_certificate (as_transport (f.transport), fid, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (der);

  GBytes *expected = expected_of (f.card);
  g_assert_cmpmem (g_bytes_get_data (der, NULL), g_bytes_get_size (der),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  /* the fewest READ BINARYs: one per 256 bytes */
  g_assert_cmpuint (count_commands (f.transport, 0x00, 0xB0) - reads_before, ==,
                    ceil_chunks (g_bytes_get_size (der)));
}

static GBytes *
auth_cert_of (KioskVirtualCard *card)
{
  return kiosk_virtual_card_get_auth_certificate (card);
}

static GBytes *
sign_cert_of (KioskVirtualCard *card)
{
  return kiosk_virtual_card_get_sign_certificate (card);
}

static GBytes *
auth_ca_of (KioskVirtualCard *card)
{
  return kiosk_test_ca_get_auth_ca_der (cardio_test_get_ca ());
}

static GBytes *
sign_ca_of (KioskVirtualCard *card)
{
  return kiosk_test_ca_get_sign_ca_der (cardio_test_get_ca ());
}

static void
test_read_auth_certificate (void)
{
  assert_certificate_read ("valid", KIOSK_JPKI_EF_AUTH_CERT, auth_cert_of, FALSE);
}

static void
test_read_auth_ca (void)
{
  assert_certificate_read ("valid", KIOSK_JPKI_EF_AUTH_CA, auth_ca_of, FALSE);
}

static void
test_read_sign_ca (void)
{
  assert_certificate_read ("valid", KIOSK_JPKI_EF_SIGN_CA, sign_ca_of, FALSE);
}

static void
test_read_sign_certificate_after_verify (void)
{
  assert_certificate_read ("valid", KIOSK_JPKI_EF_SIGN_CERT, sign_cert_of, TRUE);
}

static void
test_read_sign_certificate_needs_password (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;

  card_fixture_open (&f, "valid");
  g_autoptr (GBytes) der = kiosk_jpki_read_certificate (as_transport (f.transport),
                                                        KIOSK_JPKI_EF_SIGN_CERT, NULL, &error);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED);
  g_assert_null (der);
}

static void
test_read_empty_certificate_ef (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;

  card_fixture_open (&f, "no-certificates");
  g_autoptr (GBytes) der = kiosk_jpki_read_certificate (as_transport (f.transport),
                                                        KIOSK_JPKI_EF_AUTH_CERT, NULL, &error);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_END_OF_FILE);
  g_assert_null (der);
  /* SELECT AP, SELECT EF, one READ BINARY */
  g_assert_cmpuint (test_transport_get_commands (f.transport)->len, ==, 3);
}

/* Certificates on a scripted EF: chunking and malformed answers */

typedef enum
{
  FAULT_NONE,
  FAULT_SHORT_SECOND_READ, /* the READ at 256 gives one byte less than asked, with 9000 */
  FAULT_LONG_FIRST_READ,   /* the first READ gives 257 bytes */
  FAULT_GET_RESPONSE,      /* every READ answers 61xx; the data comes by GET RESPONSE */
  FAULT_EXACT_LE,          /* every READ asking more than is left answers 6Cxx */
  FAULT_REMOVED_AT_SECOND, /* the transport fails on the second READ */
  FAULT_CANCEL_AT_SECOND,  /* the caller cancels while the second READ is on its way */
} EfFault;

typedef struct
{
  GBytes *ef;
  EfFault fault;
  guint reads;
  GArray *offsets;
  GArray *les;
  GBytes *pending; /* for GET RESPONSE */
  GCancellable *cancellable;
} ScriptedEf;

static void
scripted_ef_init (ScriptedEf *s, GBytes *ef, EfFault fault)
{
  memset (s, 0, sizeof *s);
  s->ef = g_bytes_ref (ef);
  s->fault = fault;
  s->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  s->les = g_array_new (FALSE, FALSE, sizeof (guint));
  s->cancellable = g_cancellable_new ();
}

static void
scripted_ef_clear (ScriptedEf *s)
{
  g_clear_pointer (&s->ef, g_bytes_unref);
  g_clear_pointer (&s->offsets, g_array_unref);
  g_clear_pointer (&s->les, g_array_unref);
  g_clear_pointer (&s->pending, g_bytes_unref);
  g_clear_object (&s->cancellable);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScriptedEf, scripted_ef_clear)

static GBytes *
answer_scripted_ef (const guint8 *command, gsize len, gpointer user_data, GError **error)
{
  ScriptedEf *s = user_data;
  gsize ef_len;
  const guint8 *ef = g_bytes_get_data (s->ef, &ef_len);

  if (command[1] == 0xA4)
    return cardio_test_response (NULL, 0, 0x9000);

  if (command[1] == 0xC0)
    {
      g_autoptr (GBytes) pending = g_steal_pointer (&s->pending);
      g_assert_nonnull (pending);
      g_assert_cmpuint (command[4] == 0 ? 256 : command[4], ==, g_bytes_get_size (pending));
      return cardio_test_response (g_bytes_get_data (pending, NULL), g_bytes_get_size (pending),
                                   0x9000);
    }

  g_assert_cmpuint (command[1], ==, 0xB0);
  g_assert_cmpuint (len, ==, 5);

  guint offset = command[2] << 8 | command[3];
  guint le = command[4] == 0 ? 256 : command[4];

  s->reads++;
  g_array_append_val (s->offsets, offset);
  g_array_append_val (s->les, le);

  if (s->fault == FAULT_REMOVED_AT_SECOND && s->reads == 2)
    {
      g_set_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED, "card pulled");
      return NULL;
    }
  if (s->fault == FAULT_CANCEL_AT_SECOND && s->reads == 2)
    g_cancellable_cancel (s->cancellable);

  if (offset >= ef_len)
    return cardio_test_response (NULL, 0, 0x6B00);

  gsize n = MIN (le, ef_len - offset);

  if (s->fault == FAULT_SHORT_SECOND_READ && s->reads == 2)
    n--;
  if (s->fault == FAULT_LONG_FIRST_READ && s->reads == 1)
    {
      g_autofree guint8 *long_answer = g_malloc0 (257);
      memcpy (long_answer, ef, MIN (257, ef_len));
      return cardio_test_response (long_answer, 257, 0x9000);
    }
  if (s->fault == FAULT_EXACT_LE && le > ef_len - offset)
    return cardio_test_response (NULL, 0, 0x6C00 | (guint16)((ef_len - offset) & 0xFF));
  if (s->fault == FAULT_GET_RESPONSE)
    {
      s->pending = g_bytes_new (ef + offset, n);
      return cardio_test_response (NULL, 0, 0x6100 | (guint16)(n & 0xFF));
    }
  return cardio_test_response (ef + offset, n, 0x9000);
}

/* A DER SEQUENCE of @total bytes in the shortest length form, filled with a pattern, followed by
 * @padding bytes of FF (an EF longer than its certificate). */
static GBytes *
make_sequence (gsize total, gsize padding)
{
  GByteArray *der = g_byte_array_sized_new (total + padding);
  guint8 header[4] = { 0x30 };
  gsize header_len;

  if (total - 2 < 0x80)
    {
      header[1] = total - 2;
      header_len = 2;
    }
  else if (total - 3 < 0x100)
    {
      header[1] = 0x81;
      header[2] = total - 3;
      header_len = 3;
    }
  else
    {
      header[1] = 0x82;
      header[2] = (total - 4) >> 8;
      header[3] = (total - 4) & 0xFF;
      header_len = 4;
    }
  g_byte_array_append (der, header, header_len);
  for (gsize i = header_len; i < total; i++)
    {
      guint8 b = (guint8)(i * 7 + 3);
      g_byte_array_append (der, &b, 1);
    }
  for (gsize i = 0; i < padding; i++)
    {
      guint8 b = 0xFF;
      g_byte_array_append (der, &b, 1);
    }
  return g_byte_array_free_to_bytes (der);
}

typedef struct
{
  const char *path;
  gsize size;
  gsize padding;
  EfFault fault;
} ChunkCase;

static const ChunkCase chunk_cases[] = {
  { "/cardio/jpki/chunks/100-short-form", 100, 0, FAULT_NONE },
  { "/cardio/jpki/chunks/200-81-form", 200, 0, FAULT_NONE },
  { "/cardio/jpki/chunks/256", 256, 0, FAULT_NONE },
  { "/cardio/jpki/chunks/257", 257, 0, FAULT_NONE },
  { "/cardio/jpki/chunks/512", 512, 0, FAULT_NONE },
  { "/cardio/jpki/chunks/513", 513, 0, FAULT_NONE },
  { "/cardio/jpki/chunks/1316-ca-size", 1316, 0, FAULT_NONE },
  { "/cardio/jpki/chunks/300-in-padded-ef", 300, 724, FAULT_NONE },
  { "/cardio/jpki/chunks/256-in-padded-ef", 256, 300, FAULT_NONE },
  { "/cardio/jpki/chunks/get-response-61xx", 700, 0, FAULT_GET_RESPONSE },
  { "/cardio/jpki/chunks/exact-le-6cxx", 100, 0, FAULT_EXACT_LE },
};

static void
test_chunk_case (gconstpointer data)
{
  const ChunkCase *cc = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) ef = make_sequence (cc->size, cc->padding);
  g_auto (ScriptedEf) s;
  scripted_ef_init (&s, ef, cc->fault);
  g_autoptr (TestTransport) t = test_transport_new (answer_scripted_ef, &s);

  g_autoptr (GBytes) der = kiosk_jpki_read_certificate (as_transport (t), 0x000A, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (der);
  g_assert_cmpmem (g_bytes_get_data (der, NULL), g_bytes_get_size (der),
                   g_bytes_get_data (ef, NULL), cc->size);

  guint expected_reads = ceil_chunks (cc->size);
  if (cc->fault == FAULT_EXACT_LE)
    expected_reads++; /* the first READ asks 256, gets 6Cxx, and is sent again */
  g_assert_cmpuint (s.reads, ==, expected_reads);

  if (cc->fault == FAULT_NONE || cc->fault == FAULT_GET_RESPONSE)
    for (guint i = 0; i < s.reads; i++)
      {
        /* offsets step by 256; only the last asks for less, exactly what is left */
        g_assert_cmpuint (g_array_index (s.offsets, guint, i), ==, i * 256);
        guint left = cc->size - i * 256;
        g_assert_cmpuint (g_array_index (s.les, guint, i), ==, i == 0 ? 256 : MIN (left, 256));
      }
}

typedef struct
{
  const char *path;
  const guint8 *ef;
  gsize ef_len;
  EfFault fault;
  KioskCardError code;
} MalformedCase;

static const guint8 not_a_sequence[] = { 0x31, 0x03, 0x01, 0x02, 0x03 };
static const guint8 indefinite_length[] = { 0x30, 0x80, 0x01, 0x02, 0x00, 0x00 };
static const guint8 three_byte_length[] = { 0x30, 0x83, 0x00, 0x01, 0x00, 0x01 };
static const guint8 too_long[] = { 0x30, 0x82, 0x80, 0x00, 0x01, 0x02 };
static const guint8 header_only[] = { 0x30 };
static const guint8 cut_header[] = { 0x30, 0x82, 0x01 };
/* claims 300 bytes, the EF has 200: the first READ gives 200 with 9000 */
static guint8 claims_more[200] = { 0x30, 0x82, 0x01, 0x28 };
/* claims 300 bytes, the EF has exactly 256: the READ at 256 gives 6B00 */
static guint8 ends_at_chunk[256] = { 0x30, 0x82, 0x01, 0x28 };

static const MalformedCase malformed_cases[] = {
  { "/cardio/jpki/malformed/not-a-sequence", not_a_sequence, sizeof not_a_sequence, FAULT_NONE,
    KIOSK_CARD_ERROR_MALFORMED },
  { "/cardio/jpki/malformed/indefinite-length", indefinite_length, sizeof indefinite_length,
    FAULT_NONE, KIOSK_CARD_ERROR_MALFORMED },
  { "/cardio/jpki/malformed/three-byte-length", three_byte_length, sizeof three_byte_length,
    FAULT_NONE, KIOSK_CARD_ERROR_MALFORMED },
  { "/cardio/jpki/malformed/length-past-32767", too_long, sizeof too_long, FAULT_NONE,
    KIOSK_CARD_ERROR_MALFORMED },
  { "/cardio/jpki/malformed/one-byte-ef", header_only, sizeof header_only, FAULT_NONE,
    KIOSK_CARD_ERROR_MALFORMED },
  { "/cardio/jpki/malformed/cut-header", cut_header, sizeof cut_header, FAULT_NONE,
    KIOSK_CARD_ERROR_MALFORMED },
  { "/cardio/jpki/malformed/short-first-read", claims_more, sizeof claims_more, FAULT_NONE,
    KIOSK_CARD_ERROR_MALFORMED },
  { "/cardio/jpki/malformed/ef-ends-early", ends_at_chunk, sizeof ends_at_chunk, FAULT_NONE,
    KIOSK_CARD_ERROR_MALFORMED },
  { "/cardio/jpki/malformed/empty-ef", NULL, 0, FAULT_NONE, KIOSK_CARD_ERROR_END_OF_FILE },
};

static void
test_malformed_case (gconstpointer data)
{
  const MalformedCase *mc = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) ef = g_bytes_new (mc->ef, mc->ef_len);
  g_auto (ScriptedEf) s;
  scripted_ef_init (&s, ef, mc->fault);
  g_autoptr (TestTransport) t = test_transport_new (answer_scripted_ef, &s);

  g_autoptr (GBytes) der = kiosk_jpki_read_certificate (as_transport (t), 0x000A, NULL, &error);
  g_assert_error (error, KIOSK_CARD_ERROR, (int)mc->code);
  g_assert_null (der);
}

static void
run_faulty_read (EfFault fault, gsize size, GError **error, guint *reads)
{
  g_autoptr (GBytes) ef = make_sequence (size, 0);
  g_auto (ScriptedEf) s;
  scripted_ef_init (&s, ef, fault);
  g_autoptr (TestTransport) t = test_transport_new (answer_scripted_ef, &s);

  g_autoptr (GBytes) der
             = kiosk_jpki_read_certificate (as_transport (t), 0x000A, s.cancellable, error);
  g_assert_null (der);
  *reads = s.reads;
}

static void
test_malformed_short_middle_read (void)
{
  g_autoptr (GError) error = NULL;
  guint reads;

  run_faulty_read (FAULT_SHORT_SECOND_READ, 700, &error, &reads);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED);
  g_assert_cmpuint (reads, ==, 2);
}

static void
test_malformed_long_read (void)
{
  g_autoptr (GError) error = NULL;
  guint reads;

  run_faulty_read (FAULT_LONG_FIRST_READ, 700, &error, &reads);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_MALFORMED);
  g_assert_cmpuint (reads, ==, 1);
}

static void
test_transport_error_mid_read (void)
{
  g_autoptr (GError) error = NULL;
  guint reads;

  run_faulty_read (FAULT_REMOVED_AT_SECOND, 1000, &error, &reads);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_REMOVED);
  g_assert_true (kiosk_card_error_is_card_gone (error));
  g_assert_cmpuint (reads, ==, 2);
}

static void
test_cancelled_mid_read (void)
{
  g_autoptr (GError) error = NULL;
  guint reads;

  /* Cancelled while the second READ runs: that one completes, no third is sent. */
  run_faulty_read (FAULT_CANCEL_AT_SECOND, 1000, &error, &reads);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (reads, ==, 2);
}

static void
test_cancelled_before_start (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (TestTransport) t = test_transport_new_for_card (card);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  g_assert_false (kiosk_jpki_select_ap (as_transport (t), cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (test_transport_get_commands (t)->len, ==, 0);
}

/* PINs */

static void
test_tries_full (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  KioskCardProfile *profile;
  guint tries = 99;

  card_fixture_open (&f, "valid");
  profile = kiosk_virtual_card_get_profile (f.card);

  g_assert_true (kiosk_jpki_get_tries_left (as_transport (f.transport), KIOSK_JPKI_AUTH, &tries,
                                            NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tries, ==, kiosk_card_profile_get_auth_tries (profile));
  test_transport_assert_command (f.transport, 1, "00 A4 02 0C 02 00 18");
  test_transport_assert_command (f.transport, 2, "00 20 00 80");

  g_assert_true (kiosk_jpki_get_tries_left (as_transport (f.transport), KIOSK_JPKI_SIGN, &tries,
                                            NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tries, ==, kiosk_card_profile_get_sign_tries (profile));
  test_transport_assert_command (f.transport, 3, "00 A4 02 0C 02 00 1B");
  test_transport_assert_command (f.transport, 4, "00 20 00 80");
}

static void
test_tries_no_sign_password (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  guint tries = 99;

  card_fixture_open (&f, "minor");
  g_assert_false (kiosk_jpki_get_tries_left (as_transport (f.transport), KIOSK_JPKI_SIGN, &tries,
                                             NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_NOT_FOUND);
  g_assert_cmpuint (tries, ==, 99);
}

static void
test_tries_locked_profile (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  guint tries = 99;

  card_fixture_open (&f, "pin-locked");
  g_assert_true (kiosk_jpki_get_tries_left (as_transport (f.transport), KIOSK_JPKI_AUTH, &tries,
                                            NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tries, ==, 0);
}

static void
test_verify_right (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSecret) pin = NULL;
  guint tries = 99;

  card_fixture_open (&f, "valid");
  pin = auth_pin_of (f.card);
  g_assert_true (
      kiosk_jpki_verify (as_transport (f.transport), KIOSK_JPKI_AUTH, pin, &tries, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tries, ==, 3);

  /* 00 20 00 80 Lc, then the PIN in ASCII */
  GBytes *sent = g_ptr_array_index (test_transport_get_commands (f.transport), 2);
  const guint8 *c = g_bytes_get_data (sent, NULL);
  g_assert_cmpuint (g_bytes_get_size (sent), ==, 5 + kiosk_secret_get_length (pin));
  g_assert_cmpmem (c, 5, ((const guint8[]){ 0x00, 0x20, 0x00, 0x80, 0x04 }), 5);
  g_assert_cmpmem (c + 5, 4, kiosk_secret_get_data (pin), 4);
}

static void
test_verify_sign_password (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSecret) password = NULL;
  guint tries = 99;

  card_fixture_open (&f, "valid");
  password = sign_password_of (f.card);
  g_assert_true (kiosk_jpki_verify (as_transport (f.transport), KIOSK_JPKI_SIGN, password, &tries,
                                    NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tries, ==, 5);
  test_transport_assert_command (f.transport, 1, "00 A4 02 0C 02 00 1B");
}

static void
test_verify_wrong_down_to_blocked (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (KioskSecret) wrong = NULL;
  g_autoptr (KioskSecret) right = NULL;
  KioskCardTransport *t;
  guint start, tries;

  card_fixture_open (&f, "valid");
  t = as_transport (f.transport);
  wrong = wrong_auth_pin_of (f.card);
  right = auth_pin_of (f.card);
  start = kiosk_card_profile_get_auth_tries (kiosk_virtual_card_get_profile (f.card));
  g_assert_cmpuint (start, >, 1);

  for (guint left = start - 1; left > 0; left--)
    {
      g_autoptr (GError) error = NULL;
      guint queried = 99;

      tries = 99;
      g_assert_false (kiosk_jpki_verify (t, KIOSK_JPKI_AUTH, wrong, &tries, NULL, &error));
      g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN);
      g_assert_cmpuint (tries, ==, left);

      /* the empty VERIFY agrees and spends nothing */
      g_assert_true (kiosk_jpki_get_tries_left (t, KIOSK_JPKI_AUTH, &queried, NULL, NULL));
      g_assert_cmpuint (queried, ==, left);
    }

  /* the last try: 63C0 */
  {
    g_autoptr (GError) error = NULL;

    tries = 99;
    g_assert_false (kiosk_jpki_verify (t, KIOSK_JPKI_AUTH, wrong, &tries, NULL, &error));
    g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_BLOCKED);
    g_assert_cmpuint (tries, ==, 0);
  }

  /* blocked: even the right PIN is refused (6984), and the counter stays 0 */
  {
    g_autoptr (GError) error = NULL;
    guint queried = 99;

    tries = 99;
    g_assert_false (kiosk_jpki_verify (t, KIOSK_JPKI_AUTH, right, &tries, NULL, &error));
    g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_BLOCKED);
    g_assert_cmpuint (tries, ==, 0);
    g_assert_true (kiosk_jpki_get_tries_left (t, KIOSK_JPKI_AUTH, &queried, NULL, NULL));
    g_assert_cmpuint (queried, ==, 0);
  }
}

static void
test_verify_right_resets_counter (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSecret) wrong = NULL;
  g_autoptr (KioskSecret) right = NULL;
  KioskCardTransport *t;
  guint tries = 99;

  card_fixture_open (&f, "valid");
  t = as_transport (f.transport);
  wrong = wrong_auth_pin_of (f.card);
  right = auth_pin_of (f.card);

  g_assert_false (kiosk_jpki_verify (t, KIOSK_JPKI_AUTH, wrong, &tries, NULL, NULL));
  g_assert_cmpuint (tries, ==, 2);
  g_assert_true (kiosk_jpki_verify (t, KIOSK_JPKI_AUTH, right, &tries, NULL, &error));
  g_assert_no_error (error);
  tries = 99;
  g_assert_true (kiosk_jpki_get_tries_left (t, KIOSK_JPKI_AUTH, &tries, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tries, ==, 3);
}

static void
test_verify_empty_pin_not_sent (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSecret) empty = kiosk_secret_new_from_string ("");

  card_fixture_open (&f, "valid");
  g_assert_false (
      kiosk_jpki_verify (as_transport (f.transport), KIOSK_JPKI_AUTH, empty, NULL, NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_LENGTH);
  /* SELECT AP and SELECT EF only: an empty VERIFY would be the counter query */
  g_assert_cmpuint (count_commands (f.transport, 0x00, 0x20), ==, 0);
}

static void
test_change_pin (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSecret) old_pin = NULL;
  g_autoptr (KioskSecret) new_pin = NULL;
  KioskCardTransport *t;
  guint tries = 99;

  card_fixture_open (&f, "valid");
  t = as_transport (f.transport);
  old_pin = auth_pin_of (f.card);
  new_pin = wrong_auth_pin_of (f.card); /* any other 4 digits */

  g_assert_true (kiosk_jpki_verify (t, KIOSK_JPKI_AUTH, old_pin, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_jpki_change (t, KIOSK_JPKI_AUTH, new_pin, NULL, &error));
  g_assert_no_error (error);

  GPtrArray *commands = test_transport_get_commands (f.transport);
  GBytes *change = g_ptr_array_index (commands, commands->len - 1);
  g_assert_cmpmem (g_bytes_get_data (change, NULL), 5,
                   ((const guint8[]){ 0x00, 0x24, 0x01, 0x80, 0x04 }), 5);

  /* the old PIN is now wrong, the new one right */
  g_assert_false (kiosk_jpki_verify (t, KIOSK_JPKI_AUTH, old_pin, &tries, NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_true (kiosk_jpki_verify (t, KIOSK_JPKI_AUTH, new_pin, &tries, NULL, &error));
  g_assert_no_error (error);
}

/* Verify and change in one go: SELECT PIN EF, VERIFY, CHANGE REFERENCE DATA — the EF is not
 * selected twice; a wrong current PIN never reaches CHANGE and reports the tries left. */
static void
test_verify_and_change (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSecret) old_pin = NULL;
  g_autoptr (KioskSecret) new_pin = NULL;
  KioskCardTransport *t;
  GPtrArray *commands;
  guint before, tries = 99;

  card_fixture_open (&f, "valid");
  t = as_transport (f.transport);
  old_pin = auth_pin_of (f.card);
  new_pin = wrong_auth_pin_of (f.card);
  commands = test_transport_get_commands (f.transport);

  before = commands->len;
  g_assert_true (
      kiosk_jpki_verify_and_change (t, KIOSK_JPKI_AUTH, old_pin, new_pin, &tries, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (commands->len - before, ==, 3);
  g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (commands, before + 1), NULL), 2,
                   ((const guint8[]){ 0x00, 0x20 }), 2);
  g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (commands, before + 2), NULL), 2,
                   ((const guint8[]){ 0x00, 0x24 }), 2);

  /* the old PIN as "current" now: refused with the count, and no CHANGE sent */
  before = commands->len;
  g_assert_false (
      kiosk_jpki_verify_and_change (t, KIOSK_JPKI_AUTH, old_pin, new_pin, &tries, NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_WRONG_PIN);
  g_assert_cmpuint (tries, ==, 2);
  g_assert_cmpuint (commands->len - before, ==, 2);
  g_clear_error (&error);
  g_assert_true (kiosk_jpki_verify (t, KIOSK_JPKI_AUTH, new_pin, &tries, NULL, &error));
}

static void
test_change_without_verify (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSecret) new_pin = NULL;

  card_fixture_open (&f, "valid");
  new_pin = wrong_auth_pin_of (f.card);
  g_assert_false (
      kiosk_jpki_change (as_transport (f.transport), KIOSK_JPKI_AUTH, new_pin, NULL, &error));
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED);
}

/* Signing */

static void
assert_sign_verifies (KioskJpkiSecret which)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSecret) secret = NULL;
  KioskCardTransport *t;
  const char message[] = "Madoguchi signs this";

  card_fixture_open (&f, "valid");
  t = as_transport (f.transport);
  secret = which == KIOSK_JPKI_AUTH ? auth_pin_of (f.card) : sign_password_of (f.card);
  g_assert_true (kiosk_jpki_verify (t, which, secret, NULL, NULL, &error));
  g_assert_no_error (error);

  g_autoptr (GBytes) digest_info
             = kiosk_jpki_sha256_digest_info ((const guint8 *)message, strlen (message));
  g_autoptr (GBytes) signature = kiosk_jpki_sign (t, which, digest_info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (signature), ==, 256);

  GPtrArray *commands = test_transport_get_commands (f.transport);
  test_transport_assert_command (f.transport, commands->len - 2,
                                 which == KIOSK_JPKI_AUTH ? "00 A4 02 0C 02 00 17"
                                                          : "00 A4 02 0C 02 00 1A");
  GBytes *sign = g_ptr_array_index (commands, commands->len - 1);
  const guint8 *c = g_bytes_get_data (sign, NULL);
  g_assert_cmpmem (c, 5, ((const guint8[]){ 0x80, 0x2A, 0x00, 0x80, 0x33 }), 5);
  g_assert_cmpuint (g_bytes_get_size (sign), ==, 5 + 0x33 + 1);
  g_assert_cmpuint (c[5 + 0x33], ==, 0x00);

  /* the signature checks out with the public key of the matching certificate */
  GBytes *der = which == KIOSK_JPKI_AUTH ? kiosk_virtual_card_get_auth_certificate (f.card)
                                         : kiosk_virtual_card_get_sign_certificate (f.card);
  g_autoptr (KioskCertificate) cert = kiosk_certificate_new_from_der (der, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_certificate_verify_digest_info (cert, digest_info, signature, &error));
  g_assert_no_error (error);

  /* and not over another message */
  g_autoptr (GBytes) other = kiosk_jpki_sha256_digest_info ((const guint8 *)"other", 5);
  g_assert_false (kiosk_certificate_verify_digest_info (cert, other, signature, &error));
  g_assert_nonnull (error);
}

static void
test_sign_auth_key (void)
{
  assert_sign_verifies (KIOSK_JPKI_AUTH);
}

static void
test_sign_sign_key (void)
{
  assert_sign_verifies (KIOSK_JPKI_SIGN);
}

static void
test_sign_without_verify (void)
{
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) digest_info = kiosk_jpki_sha256_digest_info ((const guint8 *)"x", 1);

  card_fixture_open (&f, "valid");
  g_autoptr (GBytes) signature = kiosk_jpki_sign (as_transport (f.transport), KIOSK_JPKI_AUTH,
                                                  digest_info, NULL, &error);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED);
  g_assert_null (signature);
}

static void
test_sign_with_other_secret (void)
{
  /* the auth PIN does not unlock the sign key */
  g_auto (CardFixture) f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskSecret) pin = NULL;
  g_autoptr (GBytes) digest_info = kiosk_jpki_sha256_digest_info ((const guint8 *)"x", 1);

  card_fixture_open (&f, "valid");
  pin = auth_pin_of (f.card);
  g_assert_true (
      kiosk_jpki_verify (as_transport (f.transport), KIOSK_JPKI_AUTH, pin, NULL, NULL, &error));
  g_autoptr (GBytes) signature = kiosk_jpki_sign (as_transport (f.transport), KIOSK_JPKI_SIGN,
                                                  digest_info, NULL, &error);
  g_assert_error (error, KIOSK_CARD_ERROR, KIOSK_CARD_ERROR_SECURITY_NOT_SATISFIED);
  g_assert_null (signature);
}

static void
test_sha256_digest_info (void)
{
  /* FIPS 180-2 test vector: SHA-256("abc") */
  static const guint8 expected[] = {
    0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04,
    0x02, 0x01, 0x05, 0x00, 0x04, 0x20, 0xBA, 0x78, 0x16, 0xBF, 0x8F, 0x01, 0xCF,
    0xEA, 0x41, 0x41, 0x40, 0xDE, 0x5D, 0xAE, 0x22, 0x23, 0xB0, 0x03, 0x61, 0xA3,
    0x96, 0x17, 0x7A, 0x9C, 0xB4, 0x10, 0xFF, 0x61, 0xF2, 0x00, 0x15, 0xAD,
  };
  g_autoptr (GBytes) digest_info = kiosk_jpki_sha256_digest_info ((const guint8 *)"abc", 3);

  g_assert_cmpmem (g_bytes_get_data (digest_info, NULL), g_bytes_get_size (digest_info), expected,
                   sizeof expected);
}

/* The status read's APDUs, counted by the transport base class */

static void
test_status_sequence_apdu_count (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskVirtualCard) card = cardio_test_card_new ("valid");
  g_autoptr (KioskVirtualTransport) vt = kiosk_virtual_transport_new ();
  KioskCardTransport *t = KIOSK_CARD_TRANSPORT (vt);
  guint apdus = 0, tries = 0;
  guint64 sent = 0, received = 0;

  kiosk_virtual_transport_insert (vt, card);
  g_autoptr (GBytes) atr = kiosk_card_transport_connect (t, &error);
  g_assert_no_error (error);
  kiosk_card_transport_reset_counters (t);

  g_assert_true (kiosk_jpki_select_ap (t, NULL, &error));
  g_assert_true (kiosk_jpki_check_token (t, NULL, &error));
  g_autoptr (GBytes) der = kiosk_jpki_read_certificate (t, KIOSK_JPKI_EF_AUTH_CERT, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_jpki_get_tries_left (t, KIOSK_JPKI_AUTH, &tries, NULL, &error));
  g_assert_true (kiosk_jpki_get_tries_left (t, KIOSK_JPKI_SIGN, &tries, NULL, &error));
  g_assert_no_error (error);

  gsize len = g_bytes_get_size (kiosk_virtual_card_get_auth_certificate (card));
  kiosk_card_transport_get_counters (t, &apdus, &sent, &received);
  /* SELECT AP + token (2) + SELECT 000A + ⌈len/256⌉ READs + 2 × (SELECT PIN EF + VERIFY) */
  g_assert_cmpuint (apdus, ==, 1 + 2 + 1 + ceil_chunks (len) + 4);
  /* every answer carries a status word; the certificate and token come on top */
  g_assert_cmpuint (received, >=, 2 * apdus + len + 32);
  g_assert_cmpuint (sent, >, 0);

  kiosk_card_transport_reset_counters (t);
  kiosk_card_transport_get_counters (t, &apdus, &sent, &received);
  g_assert_cmpuint (apdus + sent + received, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cardio/jpki/select-ap/ok", test_select_ap);
  g_test_add_func ("/cardio/jpki/select-ap/missing", test_select_ap_missing);
  g_test_add_func ("/cardio/jpki/select-ef/ok", test_select_ef);
  g_test_add_func ("/cardio/jpki/select-ef/not-found", test_select_ef_not_found);

  g_test_add_func ("/cardio/jpki/token/virtual-card", test_token_my_number_card);
  for (gsize i = 0; i < G_N_ELEMENTS (token_cases); i++)
    g_test_add_data_func (token_cases[i].path, &token_cases[i], test_token_case);
  g_test_add_func ("/cardio/jpki/token/exact-le-6cxx", test_token_6cxx);

  g_test_add_func ("/cardio/jpki/certificate/auth", test_read_auth_certificate);
  g_test_add_func ("/cardio/jpki/certificate/auth-ca", test_read_auth_ca);
  g_test_add_func ("/cardio/jpki/certificate/sign-ca", test_read_sign_ca);
  g_test_add_func ("/cardio/jpki/certificate/sign-after-verify",
                   test_read_sign_certificate_after_verify);
  g_test_add_func ("/cardio/jpki/certificate/sign-needs-password",
                   test_read_sign_certificate_needs_password);
  g_test_add_func ("/cardio/jpki/certificate/empty-ef", test_read_empty_certificate_ef);

  for (gsize i = 0; i < G_N_ELEMENTS (chunk_cases); i++)
    g_test_add_data_func (chunk_cases[i].path, &chunk_cases[i], test_chunk_case);
  for (gsize i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    g_test_add_data_func (malformed_cases[i].path, &malformed_cases[i], test_malformed_case);
  g_test_add_func ("/cardio/jpki/malformed/short-middle-read", test_malformed_short_middle_read);
  g_test_add_func ("/cardio/jpki/malformed/long-read", test_malformed_long_read);
  g_test_add_func ("/cardio/jpki/errors/removed-mid-read", test_transport_error_mid_read);
  g_test_add_func ("/cardio/jpki/errors/cancelled-mid-read", test_cancelled_mid_read);
  g_test_add_func ("/cardio/jpki/errors/cancelled-before-start", test_cancelled_before_start);

  g_test_add_func ("/cardio/jpki/tries/full", test_tries_full);
  g_test_add_func ("/cardio/jpki/tries/no-sign-password", test_tries_no_sign_password);
  g_test_add_func ("/cardio/jpki/tries/locked", test_tries_locked_profile);
  g_test_add_func ("/cardio/jpki/verify/right", test_verify_right);
  g_test_add_func ("/cardio/jpki/verify/sign-password", test_verify_sign_password);
  g_test_add_func ("/cardio/jpki/verify/wrong-down-to-blocked", test_verify_wrong_down_to_blocked);
  g_test_add_func ("/cardio/jpki/verify/right-resets-counter", test_verify_right_resets_counter);
  g_test_add_func ("/cardio/jpki/verify/empty-not-sent", test_verify_empty_pin_not_sent);
  g_test_add_func ("/cardio/jpki/verify-and-change", test_verify_and_change);
  g_test_add_func ("/cardio/jpki/change/auth-pin", test_change_pin);
  g_test_add_func ("/cardio/jpki/change/without-verify", test_change_without_verify);

  g_test_add_func ("/cardio/jpki/sign/auth-key", test_sign_auth_key);
  g_test_add_func ("/cardio/jpki/sign/sign-key", test_sign_sign_key);
  g_test_add_func ("/cardio/jpki/sign/without-verify", test_sign_without_verify);
  g_test_add_func ("/cardio/jpki/sign/other-secret", test_sign_with_other_secret);
  g_test_add_func ("/cardio/jpki/sign/sha256-digest-info", test_sha256_digest_info);

  g_test_add_func ("/cardio/jpki/status-read/apdu-count", test_status_sequence_apdu_count);

  return g_test_run ();
}
