/* test-virtual-card.c: every command and status word of the virtual card's JPKI AP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <string.h>

#include "kiosk-test-cards.h"

#define SELECT_AUTH_PIN "00 A4 02 0C 02 00 18"
#define SELECT_SIGN_PIN "00 A4 02 0C 02 00 1B"
#define EMPTY_VERIFY "00 20 00 80"
#define SHA256_DIGEST_INFO_PREFIX "3031300D060960864801650304020105000420"

/* --- ATR and SELECT ------------------------------------------------------------------------ */

static void
test_atr (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) expected
             = kiosk_test_hex ("3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 "
                               "C0 3B");

  g_assert_true (g_bytes_equal (kiosk_virtual_card_get_atr (card), expected));
}

static void
test_select_jpki_ap (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
}

static void
test_select_p2_00_returns_no_fci (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) ap = kiosk_test_send (card, "00 A4 04 00 0A D3 92 F0 00 26 01 00 00 00 01 00");
  g_autoptr (GBytes) ef = kiosk_test_send (card, "00 A4 02 00 02 00 0A 00");

  /* 9000 and nothing else: no FCI, with P2=00 and Le present. */
  g_assert_cmpuint (g_bytes_get_size (ap), ==, 2);
  g_assert_cmphex (kiosk_test_response_sw (ap), ==, 0x9000);
  g_assert_cmpuint (g_bytes_get_size (ef), ==, 2);
  g_assert_cmphex (kiosk_test_response_sw (ef), ==, 0x9000);
}

static void
test_select_each_ef (void)
{
  static const char *const fids[]
      = { "00 06", "00 0A", "00 0B", "00 01", "00 02", "00 17", "00 18", "00 1A", "00 1B" };
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  for (guint i = 0; i < G_N_ELEMENTS (fids); i++)
    {
      g_autofree char *select = g_strconcat ("00 A4 02 0C 02 ", fids[i], NULL);
      kiosk_assert_sw (card, select, 0x9000);
    }
}

static void
test_select_unknown_aid (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  /* PIV, a JPKI AID one digit off, a short AID: never 9000, OpenSC's other drivers probe. */
  kiosk_assert_sw (card, "00 A4 04 00 09 A0 00 00 03 08 00 00 10 00 00", 0x6A82);
  kiosk_assert_sw (card, "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 02", 0x6A82);
  kiosk_assert_sw (card, "00 A4 04 0C 05 D3 92 F0 00 26", 0x6A82);
}

static void
test_select_card_info_aps (void)
{
  static const char *const aids[] = {
    "D3 92 10 00 31 00 01 01 04 08", /* 券面事項入力補助AP: holds the My Number */
    "D3 92 10 00 31 00 01 01 04 02",
    "D3 92 10 00 31 00 01 01 04 01",
    "D3 92 10 00 31 00 01 01 01 00",
  };
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  for (guint i = 0; i < G_N_ELEMENTS (aids); i++)
    {
      g_autofree char *select = g_strconcat ("00 A4 04 0C 0A ", aids[i], NULL);
      kiosk_assert_sw (card, select, 0x6A82);
    }
}

static void
test_select_unknown_fid (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 08", 0x6A82);
  kiosk_assert_sw (card, "00 A4 02 0C 02 3F 00", 0x6A82);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 03", 0x6A82);
  /* A failed SELECT leaves the current EF: the token still reads. */
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 06", 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 99", 0x6A82);
  kiosk_assert_sw (card, "00 B0 00 00 20", 0x9000);
}

static void
test_select_ef_without_df (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, "00 A4 02 0C 02 00 0A", 0x6986);
  /* Also after leaving the JPKI AP for a card-info AP. */
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  kiosk_assert_sw (card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08", 0x6A82);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 0A", 0x6986);
}

static void
test_select_bad_parameters (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  kiosk_assert_sw (card, "00 A4 00 0C 02 3F 00", 0x6A86);    /* by FID */
  kiosk_assert_sw (card, "00 A4 08 0C 02 00 0A", 0x6A86);    /* by path */
  kiosk_assert_sw (card, "00 A4 02 04 02 00 0A", 0x6A86);    /* FCP */
  kiosk_assert_sw (card, "00 A4 02 0C 03 00 0A 00", 0x6700); /* Lc 3 */
  kiosk_assert_sw (card, "00 A4 02 0C 01 0A", 0x6700);       /* Lc 1 */
  kiosk_assert_sw (card, "00 A4 04 0C", 0x6700);             /* no AID */
  kiosk_assert_sw (card, "00 A4 04 0C 11 D3 92 F0 00 26 01 00 00 00 01 00 00 00 00 00 00 00",
                   0x6700); /* 17-byte AID */
}

/* --- READ BINARY --------------------------------------------------------------------------- */

static void
test_read_token (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) response = NULL;
  gsize len;

  kiosk_test_select_ef (card, "00 06");
  response = kiosk_test_send (card, "00 B0 00 00 20");
  const guint8 *data = g_bytes_get_data (response, &len);
  g_assert_cmpuint (len, ==, 32 + 2);
  g_assert_cmpmem (data, 32, "JPKIAPICCTOKEN2                 ", 32);
  g_assert_cmphex (kiosk_test_response_sw (response), ==, 0x9000);
}

static void
check_ef_content (KioskVirtualCard *card, const char *fid, GBytes *expected)
{
  kiosk_test_select_ef (card, fid);
  g_autoptr (GBytes) content = kiosk_test_read_whole (card, g_bytes_get_size (expected));
  g_assert_true (g_bytes_equal (content, expected));
  /* Certificates start 30 82 hh ll: OpenSC reads exactly 4 bytes to size them. */
  g_autoptr (GBytes) head = kiosk_test_send (card, "00 B0 00 00 04");
  const guint8 *bytes = g_bytes_get_data (head, NULL);
  gsize length = (gsize)bytes[2] << 8 | bytes[3];
  g_assert_cmphex (bytes[0], ==, 0x30);
  g_assert_cmphex (bytes[1], ==, 0x82);
  g_assert_cmpuint (length + 4, ==, g_bytes_get_size (expected));
}

static void
test_read_certificates (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  KioskTestCa *ca = kiosk_test_cards_get_ca ();

  check_ef_content (card, "00 0A", kiosk_virtual_card_get_auth_certificate (card));
  check_ef_content (card, "00 0B", kiosk_test_ca_get_auth_ca_der (ca));
  check_ef_content (card, "00 02", kiosk_test_ca_get_sign_ca_der (ca));
  /* More than 256 bytes each: every certificate takes several READ BINARYs. */
  g_assert_cmpuint (g_bytes_get_size (kiosk_virtual_card_get_auth_certificate (card)), >, 512);
}

static void
test_read_le_00_means_256 (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  GBytes *certificate = kiosk_virtual_card_get_auth_certificate (card);

  kiosk_test_select_ef (card, "00 0A");
  g_autoptr (GBytes) response = kiosk_test_send (card, "00 B0 01 00 00");
  g_assert_cmpuint (g_bytes_get_size (response), ==, 256 + 2);
  g_assert_cmpmem (g_bytes_get_data (response, NULL), 256,
                   (const guint8 *)g_bytes_get_data (certificate, NULL) + 256, 256);
}

static void
test_read_le_past_end (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  GBytes *certificate = kiosk_virtual_card_get_auth_certificate (card);
  gsize size = g_bytes_get_size (certificate);
  gsize offset = size - 10;
  g_autofree char *read
      = g_strdup_printf ("00 B0 %02X %02X 00", (guint)(offset >> 8), (guint)(offset & 0xff));

  kiosk_test_select_ef (card, "00 0A");
  g_autoptr (GBytes) response = kiosk_test_send (card, read);
  /* The 10 bytes left, and 9000 (not 6282): what real cards do per jpki-card.md §3.2. */
  g_assert_cmpuint (g_bytes_get_size (response), ==, 10 + 2);
  g_assert_cmphex (kiosk_test_response_sw (response), ==, 0x9000);
  g_assert_cmpmem (g_bytes_get_data (response, NULL), 10,
                   (const guint8 *)g_bytes_get_data (certificate, NULL) + offset, 10);
}

static void
test_read_offset_at_end (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  gsize size = g_bytes_get_size (kiosk_virtual_card_get_auth_certificate (card));
  g_autofree char *at_end
      = g_strdup_printf ("00 B0 %02X %02X 00", (guint)(size >> 8), (guint)(size & 0xff));
  g_autofree char *last_byte = g_strdup_printf ("00 B0 %02X %02X 01", (guint)((size - 1) >> 8),
                                                (guint)((size - 1) & 0xff));

  kiosk_test_select_ef (card, "00 0A");
  kiosk_assert_sw (card, last_byte, 0x9000);
  kiosk_assert_sw (card, at_end, 0x6B00);
  kiosk_test_select_ef (card, "00 06");
  kiosk_assert_sw (card, "00 B0 00 20 01", 0x6B00);
}

static void
test_read_offset_past_end (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_test_select_ef (card, "00 0A");
  kiosk_assert_sw (card, "00 B0 7F FF 01", 0x6B00);
  kiosk_test_select_ef (card, "00 06");
  kiosk_assert_sw (card, "00 B0 00 21 00", 0x6B00);
}

static void
test_read_sign_certificate_needs_password (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  GBytes *certificate = kiosk_virtual_card_get_sign_certificate (card);

  g_assert_nonnull (certificate);
  kiosk_test_select_ef (card, "00 01");
  kiosk_assert_sw (card, "00 B0 00 00 04", 0x6982);
  /* The 4-digit PIN does not open it either. */
  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 01", 0x9000);
  kiosk_assert_sw (card, "00 B0 00 00 04", 0x6982);

  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "ABC123"), ==, 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 01", 0x9000);
  g_autoptr (GBytes) content = kiosk_test_read_whole (card, g_bytes_get_size (certificate));
  g_assert_true (g_bytes_equal (content, certificate));
}

static void
test_read_empty_certificate_efs (void)
{
  g_autoptr (KioskVirtualCard) none = kiosk_test_cards_new_card ("no-certificates");
  g_autoptr (KioskVirtualCard) minor = kiosk_test_cards_new_card ("minor");

  g_assert_null (kiosk_virtual_card_get_auth_certificate (none));
  g_assert_null (kiosk_virtual_card_get_sign_certificate (none));
  for (guint i = 0; i < 4; i++)
    {
      static const char *const fids[] = { "00 0A", "00 01", "00 0B", "00 02" };
      kiosk_test_select_ef (none, fids[i]);
      kiosk_assert_sw (none, "00 B0 00 00 04", 0x6B00);
    }

  /* Auth only: the sign EFs are there and empty (and no sign password guards them). */
  g_assert_nonnull (kiosk_virtual_card_get_auth_certificate (minor));
  g_assert_null (kiosk_virtual_card_get_sign_certificate (minor));
  kiosk_test_select_ef (minor, "00 01");
  kiosk_assert_sw (minor, "00 B0 00 00 04", 0x6B00);
  kiosk_test_select_ef (minor, "00 02");
  kiosk_assert_sw (minor, "00 B0 00 00 04", 0x6B00);
  kiosk_test_select_ef (minor, "00 0A");
  kiosk_assert_sw (minor, "00 B0 00 00 04", 0x9000);
}

static void
test_read_key_and_pin_efs (void)
{
  static const char *const fids[] = { "00 17", "00 18", "00 1A", "00 1B" };
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  for (guint i = 0; i < G_N_ELEMENTS (fids); i++)
    {
      kiosk_test_select_ef (card, fids[i]);
      kiosk_assert_sw (card, "00 B0 00 00 00", 0x6981);
    }
  /* Even with both secrets verified: a key never leaves the card. */
  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 17", 0x9000);
  kiosk_assert_sw (card, "00 B0 00 00 00", 0x6981);
}

static void
test_read_without_current_ef (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, "00 B0 00 00 04", 0x6986);
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  kiosk_assert_sw (card, "00 B0 00 00 04", 0x6986);
}

static void
test_read_wrong_length (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_test_select_ef (card, "00 06");
  kiosk_assert_sw (card, "00 B0 00 00", 0x6700);          /* no Le */
  kiosk_assert_sw (card, "00 B0 00 00 01 00 20", 0x6700); /* data */
  kiosk_assert_sw (card, "00 B0 00 00 00 00 20", 0x6700); /* extended Le */
  kiosk_assert_sw (card, "00 B0 86 00 20", 0x6A86);       /* short EF id */
}

/* --- VERIFY -------------------------------------------------------------------------------- */

static void
test_verify_query (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  /* What OpenSC's bind sends: SELECT PIN EF, empty VERIFY, for both. */
  kiosk_test_select_ef (card, "00 18");
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C3);
  kiosk_assert_sw (card, SELECT_SIGN_PIN, 0x9000);
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C5);
  /* A query costs nothing. */
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C5);
}

static void
test_verify_profile_counters (void)
{
  static const struct
  {
    const char *profile;
    const char *fid;
    guint16 sw;
  } cases[] = {
    { "pin-one-try-left", "00 18", 0x63C1 },
    { "pin-one-try-left", "00 1B", 0x63C5 },
    { "pin-locked", "00 18", 0x63C0 },
    { "pin-locked", "00 1B", 0x63C5 },
    { "sign-password-locked", "00 18", 0x63C3 },
    { "sign-password-locked", "00 1B", 0x63C0 },
    { "minor", "00 18", 0x63C3 },
    { "no-certificates", "00 18", 0x63C3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card (cases[i].profile);
      kiosk_test_select_ef (card, cases[i].fid);
      kiosk_assert_sw (card, EMPTY_VERIFY, cases[i].sw);
    }
}

static void
test_verify_wrong_counts_down (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_cmphex (kiosk_test_verify (card, "00 18", "0000"), ==, 0x63C2);
  kiosk_assert_sw (card, "00 20 00 80 04 39 39 39 39", 0x63C1);
  kiosk_assert_sw (card, "00 20 00 80 04 31 31 31 31", 0x63C0);
  /* Blocked: the right PIN is refused and the query reports 0. */
  kiosk_assert_sw (card, "00 20 00 80 04 31 32 33 34", 0x6984);
  kiosk_assert_sw (card, "00 20 00 80 04 30 30 30 30", 0x6984);
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C0);
}

static void
test_verify_sign_wrong_counts_down (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "WRONG1"), ==, 0x63C4);
  for (guint16 expected = 0x63C3; expected >= 0x63C0; expected--)
    kiosk_assert_sw (card, "00 20 00 80 06 57 52 4F 4E 47 31", expected);
  kiosk_assert_sw (card, "00 20 00 80 06 41 42 43 31 32 33", 0x6984);
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C0);
  /* The auth PIN is a separate counter. */
  kiosk_assert_sw (card, SELECT_AUTH_PIN, 0x9000);
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C3);
}

static void
test_verify_success_resets_counter (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_cmphex (kiosk_test_verify (card, "00 18", "9999"), ==, 0x63C2);
  kiosk_assert_sw (card, "00 20 00 80 04 39 39 39 39", 0x63C1);
  kiosk_assert_sw (card, "00 20 00 80 04 31 32 33 34", 0x9000);
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C3);
  /* Also from the profile's own low count. */
  g_autoptr (KioskVirtualCard) low = kiosk_test_cards_new_card ("pin-one-try-left");
  g_assert_cmphex (kiosk_test_verify (low, "00 18", "1234"), ==, 0x9000);
  kiosk_assert_sw (low, EMPTY_VERIFY, 0x63C3);
}

static void
test_verify_query_when_verified (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x9000);
  /* 63Cx, not 9000: OpenSC's retry query needs SW1 63. */
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C3);
}

static void
test_verify_blocked_refuses_right_pin (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("pin-locked");

  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x6984);
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C0);
}

static void
test_verify_sign_password_case_sensitive (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  /* The kiosk upper-cases; the card does not. */
  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "abc123"), ==, 0x63C4);
  kiosk_assert_sw (card, "00 20 00 80 06 41 42 43 31 32 33", 0x9000);
}

static void
test_verify_wrong_length_costs_a_try (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_cmphex (kiosk_test_verify (card, "00 18", "12345"), ==, 0x63C2);
  kiosk_assert_sw (card, "00 20 00 80 03 31 32 33", 0x63C1);
  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "ABC1234"), ==, 0x63C4);
}

static void
test_verify_without_pin_ef (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, EMPTY_VERIFY, 0x6986);
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  kiosk_assert_sw (card, "00 20 00 80 04 31 32 33 34", 0x6986);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 06", 0x9000);
  kiosk_assert_sw (card, "00 20 00 80 04 31 32 33 34", 0x6986);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 17", 0x9000);
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x6986);
}

static void
test_verify_bad_parameters (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_test_select_ef (card, "00 18");
  kiosk_assert_sw (card, "00 20 00 81 04 31 32 33 34", 0x6A86);
  kiosk_assert_sw (card, "00 20 01 80 04 31 32 33 34", 0x6A86);
  kiosk_assert_sw (card, "00 20 00 80 04 31 32 33 34 00", 0x6700); /* with Le */
  kiosk_assert_sw (card, "00 20 00 80 05 31 32 33 34", 0x6700);    /* Lc > data */
  /* None of these cost a try. */
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C3);
}

static void
test_verify_no_sign_password_ef (void)
{
  g_autoptr (KioskVirtualCard) minor = kiosk_test_cards_new_card ("minor");
  g_autoptr (KioskVirtualCard) none = kiosk_test_cards_new_card ("no-certificates");

  kiosk_assert_sw (minor, KIOSK_TEST_SELECT_JPKI, 0x9000);
  kiosk_assert_sw (minor, SELECT_SIGN_PIN, 0x6A82);
  kiosk_assert_sw (none, KIOSK_TEST_SELECT_JPKI, 0x9000);
  kiosk_assert_sw (none, SELECT_SIGN_PIN, 0x6A82);
  kiosk_assert_sw (none, SELECT_AUTH_PIN, 0x9000);
}

/* --- CHANGE REFERENCE DATA ---------------------------------------------------------------- */

static guint16
change (KioskVirtualCard *card, const char *new_value)
{
  g_autoptr (GByteArray) apdu = g_byte_array_new ();
  guint8 header[5] = { 0x00, 0x24, 0x01, 0x80, (guint8)strlen (new_value) };

  g_byte_array_append (apdu, header, sizeof header);
  g_byte_array_append (apdu, (const guint8 *)new_value, strlen (new_value));
  return kiosk_test_sw_bytes (card, apdu->data, apdu->len);
}

static void
test_change_without_verify (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_test_select_ef (card, "00 18");
  g_assert_cmphex (change (card, "5678"), ==, 0x6982);
  /* A failed VERIFY does not open it. */
  kiosk_assert_sw (card, "00 20 00 80 04 39 39 39 39", 0x63C2);
  g_assert_cmphex (change (card, "5678"), ==, 0x6982);
  /* The sign password's VERIFY does not open the auth PIN's change. */
  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "ABC123"), ==, 0x9000);
  kiosk_assert_sw (card, SELECT_AUTH_PIN, 0x9000);
  g_assert_cmphex (change (card, "5678"), ==, 0x6982);
}

static void
test_change_auth_pin (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_cmphex (kiosk_test_verify (card, "00 18", "0000"), ==, 0x63C2);
  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x9000);
  g_assert_cmphex (change (card, "5678"), ==, 0x9000);
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C3);

  kiosk_virtual_card_reset (card);
  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x63C2);
  g_assert_cmphex (kiosk_test_verify (card, "00 18", "5678"), ==, 0x9000);
}

static void
test_change_sign_password (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "ABC123"), ==, 0x9000);
  g_assert_cmphex (change (card, "NEWPASS2026"), ==, 0x9000);

  kiosk_virtual_card_reset (card);
  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "ABC123"), ==, 0x63C4);
  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "NEWPASS2026"), ==, 0x9000);
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C5);
}

static void
test_change_bad_format (void)
{
  static const struct
  {
    const char *fid;
    const char *value;
  } cases[] = {
    { "00 18", "123" },     { "00 18", "12345" },   { "00 18", "12a4" },
    { "00 18", "ABCD" },    { "00 1B", "abc123" },  { "00 1B", "ABCDEF" },
    { "00 1B", "123456" },  { "00 1B", "ABC12" },   { "00 1B", "ABCDEFGH123456789" },
    { "00 1B", "ABC 123" }, { "00 1B", "ABC-123" },
  };
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *current = g_str_equal (cases[i].fid, "00 18") ? "1234" : "ABC123";
      g_assert_cmphex (kiosk_test_verify (card, cases[i].fid, current), ==, 0x9000);
      g_test_message ("new value “%s” on %s", cases[i].value, cases[i].fid);
      g_assert_cmphex (change (card, cases[i].value), ==, 0x6A80);
    }
  /* The old values still hold. */
  kiosk_virtual_card_reset (card);
  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x9000);
  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "ABC123"), ==, 0x9000);
}

static void
test_change_blocked (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("pin-locked");

  kiosk_test_select_ef (card, "00 18");
  g_assert_cmphex (change (card, "5678"), ==, 0x6984);
}

static void
test_change_without_pin_ef (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_test_select_ef (card, "00 0A");
  g_assert_cmphex (change (card, "5678"), ==, 0x6986);
  kiosk_assert_sw (card, "00 24 00 80 04 35 36 37 38", 0x6A86);
}

/* --- COMPUTE DIGITAL SIGNATURE ------------------------------------------------------------- */

static GBytes *
sha256_digest_info (const char *message)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (GBytes) prefix = kiosk_test_hex (SHA256_DIGEST_INFO_PREFIX);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  GByteArray *info = g_byte_array_new ();

  g_checksum_update (checksum, (const guchar *)message, -1);
  g_checksum_get_digest (checksum, digest, &digest_len);
  g_byte_array_append (info, g_bytes_get_data (prefix, NULL), g_bytes_get_size (prefix));
  g_byte_array_append (info, digest, digest_len);
  return g_byte_array_free_to_bytes (info);
}

static GBytes *
sign (KioskVirtualCard *card, const guint8 *data, gsize len)
{
  g_autoptr (GByteArray) apdu = g_byte_array_new ();
  guint8 header[5] = { 0x80, 0x2A, 0x00, 0x80, (guint8)len };
  guint8 le = 0x00;
  gboolean pulled = FALSE;

  g_byte_array_append (apdu, header, sizeof header);
  g_byte_array_append (apdu, data, len);
  g_byte_array_append (apdu, &le, 1);
  GBytes *response = kiosk_virtual_card_process (card, apdu->data, apdu->len, &pulled);
  g_assert_nonnull (response);
  return response;
}

static gboolean
signature_verifies (GBytes *certificate_der, GBytes *digest_info, const guint8 *signature,
                    gsize signature_len)
{
  g_autoptr (X509) certificate = kiosk_test_parse_certificate (certificate_der);
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey (NULL, X509_get0_pubkey (certificate), NULL);
  gboolean ok
      = EVP_PKEY_verify_init (ctx) == 1
        && EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING) == 1
        && EVP_PKEY_verify (ctx, signature, signature_len, g_bytes_get_data (digest_info, NULL),
                            g_bytes_get_size (digest_info))
               == 1;

  EVP_PKEY_CTX_free (ctx);
  return ok;
}

static void
check_signature (const char *pin_fid, const char *pin, const char *key_fid, gboolean use_sign_cert)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) digest_info = sha256_digest_info ("Madoguchi challenge");
  GBytes *own = use_sign_cert ? kiosk_virtual_card_get_sign_certificate (card)
                              : kiosk_virtual_card_get_auth_certificate (card);
  GBytes *other = use_sign_cert ? kiosk_virtual_card_get_auth_certificate (card)
                                : kiosk_virtual_card_get_sign_certificate (card);
  g_autofree char *select_key = g_strconcat ("00 A4 02 0C 02 ", key_fid, NULL);

  g_assert_cmphex (kiosk_test_verify (card, pin_fid, pin), ==, 0x9000);
  kiosk_assert_sw (card, select_key, 0x9000);
  g_autoptr (GBytes) response
             = sign (card, g_bytes_get_data (digest_info, NULL), g_bytes_get_size (digest_info));
  gsize len;
  const guint8 *signature = g_bytes_get_data (response, &len);

  g_assert_cmphex (kiosk_test_response_sw (response), ==, 0x9000);
  g_assert_cmpuint (len, ==, 256 + 2);
  g_assert_true (signature_verifies (own, digest_info, signature, 256));
  g_assert_false (signature_verifies (other, digest_info, signature, 256));
}

static void
test_sign_with_auth_key (void)
{
  check_signature ("00 18", "1234", "00 17", FALSE);
}

static void
test_sign_with_sign_key (void)
{
  check_signature ("00 1B", "ABC123", "00 1A", TRUE);
}

static void
test_sign_without_verify (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) digest_info = sha256_digest_info ("x");
  const guint8 *data = g_bytes_get_data (digest_info, NULL);
  gsize len = g_bytes_get_size (digest_info);

  kiosk_test_select_ef (card, "00 17");
  g_autoptr (GBytes) auth = sign (card, data, len);
  g_assert_cmphex (kiosk_test_response_sw (auth), ==, 0x6982);
  kiosk_test_select_ef (card, "00 1A");
  g_autoptr (GBytes) sign_response = sign (card, data, len);
  g_assert_cmphex (kiosk_test_response_sw (sign_response), ==, 0x6982);

  /* Each key needs its own secret: the auth PIN does not open the sign key. */
  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 1A", 0x9000);
  g_autoptr (GBytes) crossed = sign (card, data, len);
  g_assert_cmphex (kiosk_test_response_sw (crossed), ==, 0x6982);
}

static void
test_sign_input_length (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  guint8 data[246];

  memset (data, 0x5A, sizeof data);
  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 17", 0x9000);
  g_autoptr (GBytes) too_long = sign (card, data, 246);
  g_assert_cmphex (kiosk_test_response_sw (too_long), ==, 0x6700);
  g_autoptr (GBytes) longest = sign (card, data, 245);
  g_assert_cmphex (kiosk_test_response_sw (longest), ==, 0x9000);
  /* No Le, or an Le short of 256: wrong length. */
  kiosk_assert_sw (card, "80 2A 00 80 02 01 02", 0x6700);
  kiosk_assert_sw (card, "80 2A 00 80 02 01 02 80", 0x6700);
  kiosk_assert_sw (card, "80 2A 00 81 02 01 02 00", 0x6A86);
}

static void
test_sign_without_key_ef (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) digest_info = sha256_digest_info ("x");

  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x9000);
  /* The PIN EF is current, not a key EF. */
  g_autoptr (GBytes) response
             = sign (card, g_bytes_get_data (digest_info, NULL), g_bytes_get_size (digest_info));
  g_assert_cmphex (kiosk_test_response_sw (response), ==, 0x6986);
}

static void
test_sign_card_without_keys (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("no-certificates");
  g_autoptr (GBytes) digest_info = sha256_digest_info ("x");

  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 17", 0x9000);
  g_autoptr (GBytes) response
             = sign (card, g_bytes_get_data (digest_info, NULL), g_bytes_get_size (digest_info));
  g_assert_cmphex (kiosk_test_response_sw (response), ==, 0x6985);
}

/* --- Security state ------------------------------------------------------------------------ */

/* 9000 when the sign certificate reads, i.e. the sign password counts as verified. */
static guint16
read_sign_certificate_sw (KioskVirtualCard *card)
{
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 01", 0x9000);
  return kiosk_test_sw (card, "00 B0 00 00 04");
}

static void
test_security_survives_select_ef (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "ABC123"), ==, 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 06", 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 0A", 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 99", 0x6A82);
  g_assert_cmphex (read_sign_certificate_sw (card), ==, 0x9000);
  /* An unknown AID selects nothing, so it leaves the JPKI AP and its state alone. */
  kiosk_assert_sw (card, "00 A4 04 0C 09 A0 00 00 03 08 00 00 10 00", 0x6A82);
  g_assert_cmphex (read_sign_certificate_sw (card), ==, 0x9000);
}

static void
test_security_cleared_by_reset (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "ABC123"), ==, 0x9000);
  g_assert_cmphex (read_sign_certificate_sw (card), ==, 0x9000);
  kiosk_virtual_card_reset (card);
  /* No current DF after a reset. */
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 01", 0x6986);
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_assert_cmphex (read_sign_certificate_sw (card), ==, 0x6982);
}

static void
test_security_cleared_by_reselect (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  g_autoptr (GBytes) digest_info = sha256_digest_info ("x");

  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "ABC123"), ==, 0x9000);
  g_assert_cmphex (kiosk_test_verify (card, "00 18", "1234"), ==, 0x9000); /* re-selects */
  g_assert_cmphex (read_sign_certificate_sw (card), ==, 0x6982);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 17", 0x9000);
  g_autoptr (GBytes) before
             = sign (card, g_bytes_get_data (digest_info, NULL), g_bytes_get_size (digest_info));
  g_assert_cmphex (kiosk_test_response_sw (before), ==, 0x9000);
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000); /* OpenSC's logout */
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 17", 0x9000);
  g_autoptr (GBytes) after
             = sign (card, g_bytes_get_data (digest_info, NULL), g_bytes_get_size (digest_info));
  g_assert_cmphex (kiosk_test_response_sw (after), ==, 0x6982);
}

static void
test_security_cleared_by_other_ap (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "ABC123"), ==, 0x9000);
  kiosk_assert_sw (card, "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02", 0x6A82);
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_assert_cmphex (read_sign_certificate_sw (card), ==, 0x6982);
}

static void
test_reset_keeps_counters (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_cmphex (kiosk_test_verify (card, "00 18", "0000"), ==, 0x63C2);
  g_assert_cmphex (kiosk_test_verify (card, "00 1B", "WRONG1"), ==, 0x63C4);
  kiosk_virtual_card_reset (card);
  kiosk_test_select_ef (card, "00 18");
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C2);
  kiosk_assert_sw (card, SELECT_SIGN_PIN, 0x9000);
  kiosk_assert_sw (card, EMPTY_VERIFY, 0x63C4);
}

/* --- Classes, instructions, lengths -------------------------------------------------------- */

static void
test_unknown_instruction (void)
{
  static const char *const apdus[] = {
    "00 88 00 00 08 01 02 03 04 05 06 07 08 00",    /* INTERNAL AUTHENTICATE */
    "00 0E 00 00",                                  /* ERASE BINARY */
    "00 B2 01 0C 00",                               /* READ RECORD (myna's "unknown AP" read) */
    "00 2A 9E 9A 02 01 02 00",                      /* PSO in the ISO class */
    "00 C0 00 00 00",                               /* GET RESPONSE */
    "80 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", /* SELECT in the proprietary class */
  };
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  for (guint i = 0; i < G_N_ELEMENTS (apdus); i++)
    kiosk_assert_sw (card, apdus[i], 0x6D00);
}

static void
test_unknown_class (void)
{
  static const char *const apdus[] = {
    "0C A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", /* secure messaging */
    "01 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01", /* logical channel 1 */
    "84 2A 00 80 01 00 00",
    "FF CA 00 00 00", /* a reader pseudo-APDU (GET UID) */
    "A0 B0 00 00 04",
  };
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  for (guint i = 0; i < G_N_ELEMENTS (apdus); i++)
    kiosk_assert_sw (card, apdus[i], 0x6E00);
}

static void
test_malformed_lengths (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");
  const guint8 three[] = { 0x00, 0xA4, 0x04 };

  g_assert_cmphex (kiosk_test_sw_bytes (card, three, sizeof three), ==, 0x6700);
  kiosk_assert_sw (card, "00 A4 04 0C 0A D3 92 F0", 0x6700);       /* Lc > data */
  kiosk_assert_sw (card, "00 A4 04 0C 02 D3 92 F0 00 26", 0x6700); /* Lc < data */
  kiosk_assert_sw (card, "00 A4 04 0C 00 00 0A D3 92 F0 00 26 01 00 00 00 01", 0x6700);
}

/* --- Faults -------------------------------------------------------------------------------- */

static void
test_latency (void)
{
  g_autoptr (KioskVirtualCard) slow = kiosk_test_cards_new_card ("slow");
  g_autoptr (KioskCardProfile) profile = kiosk_test_cards_load_profile ("slow");

  g_assert_cmpuint (kiosk_card_profile_get_apdu_latency_ms (profile), ==, 300);
  gint64 start = g_get_monotonic_time ();
  kiosk_assert_sw (slow, KIOSK_TEST_SELECT_JPKI, 0x9000);
  gint64 elapsed_us = g_get_monotonic_time () - start;
  g_test_message ("one APDU to the slow card took %" G_GINT64_FORMAT " ms", elapsed_us / 1000);
  g_assert_cmpint (elapsed_us, >=, 300 * G_TIME_SPAN_MILLISECOND);
}

static void
test_pull_at_apdu (void)
{
  g_autoptr (KioskVirtualCard) card
             = kiosk_test_cards_new_card_from_text ("pull-at-3", "[card]\npull-at-apdu=3\n");
  gboolean pulled = TRUE;
  g_autoptr (GBytes) select = kiosk_test_hex (KIOSK_TEST_SELECT_JPKI);
  const guint8 *apdu = g_bytes_get_data (select, NULL);
  gsize len = g_bytes_get_size (select);

  for (guint i = 1; i <= 2; i++)
    {
      g_autoptr (GBytes) response = kiosk_virtual_card_process (card, apdu, len, &pulled);
      g_assert_false (pulled);
      g_assert_cmphex (kiosk_test_response_sw (response), ==, 0x9000);
    }
  /* The third gets no answer, nor does anything after it: the card is out. */
  g_assert_null (kiosk_virtual_card_process (card, apdu, len, &pulled));
  g_assert_true (pulled);
  pulled = FALSE;
  g_assert_null (kiosk_virtual_card_process (card, apdu, len, &pulled));
  g_assert_true (pulled);
  g_assert_cmpuint (kiosk_virtual_card_get_apdu_count (card), ==, 3);

  /* Put back in, it works, also past the third APDU: the fault fires once per card. */
  kiosk_virtual_card_reset (card);
  for (guint i = 1; i <= 4; i++)
    kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  g_assert_cmpuint (kiosk_virtual_card_get_apdu_count (card), ==, 7);
}

static void
test_pull_at_first_apdu (void)
{
  g_autoptr (KioskVirtualCard) card
             = kiosk_test_cards_new_card_from_text ("pull-at-1", "[card]\npull-at-apdu=1\n");
  gboolean pulled = FALSE;
  g_autoptr (GBytes) select = kiosk_test_hex (KIOSK_TEST_SELECT_JPKI);

  g_assert_null (kiosk_virtual_card_process (card, g_bytes_get_data (select, NULL),
                                             g_bytes_get_size (select), &pulled));
  g_assert_true (pulled);
}

static void
test_apdu_count (void)
{
  g_autoptr (KioskVirtualCard) card = kiosk_test_cards_new_card ("valid");

  g_assert_cmpuint (kiosk_virtual_card_get_apdu_count (card), ==, 0);
  kiosk_assert_sw (card, KIOSK_TEST_SELECT_JPKI, 0x9000);
  kiosk_assert_sw (card, "00 A4 02 0C 02 00 99", 0x6A82);
  kiosk_assert_sw (card, "FF CA 00 00 00", 0x6E00);
  g_assert_cmpuint (kiosk_virtual_card_get_apdu_count (card), ==, 3);
  kiosk_virtual_card_reset (card);
  g_assert_cmpuint (kiosk_virtual_card_get_apdu_count (card), ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cardio/virtual/card/atr", test_atr);
  g_test_add_func ("/cardio/virtual/card/select/jpki-ap", test_select_jpki_ap);
  g_test_add_func ("/cardio/virtual/card/select/p2-00-no-fci", test_select_p2_00_returns_no_fci);
  g_test_add_func ("/cardio/virtual/card/select/each-ef", test_select_each_ef);
  g_test_add_func ("/cardio/virtual/card/select/unknown-aid", test_select_unknown_aid);
  g_test_add_func ("/cardio/virtual/card/select/card-info-aps", test_select_card_info_aps);
  g_test_add_func ("/cardio/virtual/card/select/unknown-fid", test_select_unknown_fid);
  g_test_add_func ("/cardio/virtual/card/select/ef-without-df", test_select_ef_without_df);
  g_test_add_func ("/cardio/virtual/card/select/bad-parameters", test_select_bad_parameters);
  g_test_add_func ("/cardio/virtual/card/read/token", test_read_token);
  g_test_add_func ("/cardio/virtual/card/read/certificates", test_read_certificates);
  g_test_add_func ("/cardio/virtual/card/read/le-00-means-256", test_read_le_00_means_256);
  g_test_add_func ("/cardio/virtual/card/read/le-past-end", test_read_le_past_end);
  g_test_add_func ("/cardio/virtual/card/read/offset-at-end", test_read_offset_at_end);
  g_test_add_func ("/cardio/virtual/card/read/offset-past-end", test_read_offset_past_end);
  g_test_add_func ("/cardio/virtual/card/read/sign-certificate-needs-password",
                   test_read_sign_certificate_needs_password);
  g_test_add_func ("/cardio/virtual/card/read/empty-certificate-efs",
                   test_read_empty_certificate_efs);
  g_test_add_func ("/cardio/virtual/card/read/key-and-pin-efs", test_read_key_and_pin_efs);
  g_test_add_func ("/cardio/virtual/card/read/no-current-ef", test_read_without_current_ef);
  g_test_add_func ("/cardio/virtual/card/read/wrong-length", test_read_wrong_length);
  g_test_add_func ("/cardio/virtual/card/verify/query", test_verify_query);
  g_test_add_func ("/cardio/virtual/card/verify/profile-counters", test_verify_profile_counters);
  g_test_add_func ("/cardio/virtual/card/verify/wrong-counts-down", test_verify_wrong_counts_down);
  g_test_add_func ("/cardio/virtual/card/verify/sign-wrong-counts-down",
                   test_verify_sign_wrong_counts_down);
  g_test_add_func ("/cardio/virtual/card/verify/success-resets-counter",
                   test_verify_success_resets_counter);
  g_test_add_func ("/cardio/virtual/card/verify/query-when-verified",
                   test_verify_query_when_verified);
  g_test_add_func ("/cardio/virtual/card/verify/blocked", test_verify_blocked_refuses_right_pin);
  g_test_add_func ("/cardio/virtual/card/verify/case-sensitive",
                   test_verify_sign_password_case_sensitive);
  g_test_add_func ("/cardio/virtual/card/verify/wrong-length-costs-a-try",
                   test_verify_wrong_length_costs_a_try);
  g_test_add_func ("/cardio/virtual/card/verify/without-pin-ef", test_verify_without_pin_ef);
  g_test_add_func ("/cardio/virtual/card/verify/bad-parameters", test_verify_bad_parameters);
  g_test_add_func ("/cardio/virtual/card/verify/no-sign-password-ef",
                   test_verify_no_sign_password_ef);
  g_test_add_func ("/cardio/virtual/card/change/without-verify", test_change_without_verify);
  g_test_add_func ("/cardio/virtual/card/change/auth-pin", test_change_auth_pin);
  g_test_add_func ("/cardio/virtual/card/change/sign-password", test_change_sign_password);
  g_test_add_func ("/cardio/virtual/card/change/bad-format", test_change_bad_format);
  g_test_add_func ("/cardio/virtual/card/change/blocked", test_change_blocked);
  g_test_add_func ("/cardio/virtual/card/change/without-pin-ef", test_change_without_pin_ef);
  g_test_add_func ("/cardio/virtual/card/sign/auth-key", test_sign_with_auth_key);
  g_test_add_func ("/cardio/virtual/card/sign/sign-key", test_sign_with_sign_key);
  g_test_add_func ("/cardio/virtual/card/sign/without-verify", test_sign_without_verify);
  g_test_add_func ("/cardio/virtual/card/sign/input-length", test_sign_input_length);
  g_test_add_func ("/cardio/virtual/card/sign/without-key-ef", test_sign_without_key_ef);
  g_test_add_func ("/cardio/virtual/card/sign/card-without-keys", test_sign_card_without_keys);
  g_test_add_func ("/cardio/virtual/card/security/survives-select-ef",
                   test_security_survives_select_ef);
  g_test_add_func ("/cardio/virtual/card/security/cleared-by-reset",
                   test_security_cleared_by_reset);
  g_test_add_func ("/cardio/virtual/card/security/cleared-by-reselect",
                   test_security_cleared_by_reselect);
  g_test_add_func ("/cardio/virtual/card/security/cleared-by-other-ap",
                   test_security_cleared_by_other_ap);
  g_test_add_func ("/cardio/virtual/card/reset-keeps-counters", test_reset_keeps_counters);
  g_test_add_func ("/cardio/virtual/card/unknown-instruction", test_unknown_instruction);
  g_test_add_func ("/cardio/virtual/card/unknown-class", test_unknown_class);
  g_test_add_func ("/cardio/virtual/card/malformed-lengths", test_malformed_lengths);
  g_test_add_func ("/cardio/virtual/card/latency", test_latency);
  g_test_add_func ("/cardio/virtual/card/pull-at-apdu", test_pull_at_apdu);
  g_test_add_func ("/cardio/virtual/card/pull-at-first-apdu", test_pull_at_first_apdu);
  g_test_add_func ("/cardio/virtual/card/apdu-count", test_apdu_count);

  return g_test_run ();
}
