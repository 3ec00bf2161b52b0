/* kioskctl.c: the staff's command-line tool: verifies receipts on any machine (no display, no
 * D-Bus) and makes the kiosk's receipt key; the remote-control verbs join this table later
 *
 * Exit codes by error class: 0 ok, 1 verification failed, 2 usage, 3 unreadable key or payload.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-receipt-key.h"
#include "kiosk-receipt-payload.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

enum
{
  EXIT_OK = 0,
  EXIT_VERIFY_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_UNREADABLE = 3,
};

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *help;
} Command;

static int run_receipt (int argc, char **argv);
static int run_receipt_verify (int argc, char **argv);
static int run_receipt_keygen (int argc, char **argv);

static const Command commands[] = {
  { "receipt", run_receipt, "Verify a receipt's QR payload, make the receipt key" },
};

static const Command receipt_commands[] = {
  { "verify", run_receipt_verify,
    "--key KIOSK.pub [--json] PAYLOAD: check the signature, print the fields" },
  { "keygen", run_receipt_keygen, "--out DIR: write DIR/kiosk.key (0600) and DIR/kiosk.pub" },
};

static void
print_commands (FILE *out, const char *prefix, const Command *table, gsize count)
{
  fprintf (out, "Usage:\n");
  for (gsize i = 0; i < count; i++)
    fprintf (out, "  %s %-8s %s\n", prefix, table[i].name, table[i].help);
}

static int
dispatch (const char *prefix, const Command *table, gsize count, int argc, char **argv)
{
  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_commands (argc < 2 ? stderr : stdout, prefix, table, count);
      return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
  for (gsize i = 0; i < count; i++)
    if (strcmp (argv[1], table[i].name) == 0)
      return table[i].run (argc - 1, argv + 1);
  fprintf (stderr, "%s: unknown command '%s'\n", prefix, argv[1]);
  print_commands (stderr, prefix, table, count);
  return EXIT_USAGE;
}

static int
run_receipt (int argc, char **argv)
{
  return dispatch ("kioskctl receipt", receipt_commands, G_N_ELEMENTS (receipt_commands), argc,
                   argv);
}

/* A JSON string literal (the texts include Japanese: UTF-8 passes through). */
static char *
json_quote (const char *text)
{
  GString *out = g_string_new ("\"");

  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_printf (out, "\\%c", *c);
      else if ((guchar)*c < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar)*c);
      else
        g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static void
print_json (KioskReceipt *receipt)
{
  KioskReason reason = kiosk_receipt_get_reason (receipt);
  g_autofree char *time = g_date_time_format_iso8601 (kiosk_receipt_get_time (receipt));
  g_autofree char *reference = kiosk_receipt_dup_card_reference_hex (receipt);
  g_autofree char *number = json_quote (kiosk_receipt_get_number (receipt));
  g_autofree char *kiosk_id = json_quote (kiosk_receipt_get_kiosk_id (receipt));
  g_autofree char *language = json_quote (kiosk_receipt_get_language (receipt));
  g_autofree char *reason_ja = json_quote (kiosk_reason_get_staff_text_ja (reason));
  g_autofree char *reason_en = json_quote (kiosk_reason_get_staff_text_en (reason));
  g_autofree char *reference_json = reference != NULL ? json_quote (reference) : g_strdup ("null");

  printf ("{\"valid\": true, \"number\": %s, \"kiosk_id\": %s, \"sequence\": %u, "
          "\"time\": \"%s\", \"procedure\": \"%s\", \"outcome\": \"%s\", \"reason\": \"%s\", "
          "\"reason_text_ja\": %s, \"reason_text_en\": %s, \"language\": %s, "
          "\"card_reference\": %s}\n",
          number, kiosk_id, kiosk_receipt_get_sequence (receipt), time,
          kiosk_procedure_get_code (kiosk_receipt_get_procedure (receipt)),
          kiosk_outcome_get_code (kiosk_receipt_get_outcome (receipt)),
          kiosk_reason_get_code (reason), reason_ja, reason_en, language, reference_json);
}

static void
print_human (KioskReceipt *receipt)
{
  KioskProcedure procedure = kiosk_receipt_get_procedure (receipt);
  KioskOutcome outcome = kiosk_receipt_get_outcome (receipt);
  KioskReason reason = kiosk_receipt_get_reason (receipt);
  g_autofree char *time
      = g_date_time_format (kiosk_receipt_get_time (receipt), "%Y-%m-%d %H:%M:%S %:z (Asia/Tokyo)");
  g_autofree char *reference = kiosk_receipt_dup_card_reference_hex (receipt);

  printf ("Signature valid: receipt %s\n", kiosk_receipt_get_number (receipt));
  printf ("  Kiosk:          %s\n", kiosk_receipt_get_kiosk_id (receipt));
  printf ("  Time:           %s\n", time);
  printf ("  Procedure:      %s (%s)\n", kiosk_procedure_get_code (procedure),
          kiosk_procedure_get_staff_text_ja (procedure));
  printf ("  Outcome:        %s (%s)\n", kiosk_outcome_get_code (outcome),
          kiosk_outcome_get_staff_text_ja (outcome));
  if (reason == KIOSK_REASON_NONE)
    printf ("  Reason:         NONE\n");
  else
    printf ("  Reason:         %s: %s / %s\n", kiosk_reason_get_code (reason),
            kiosk_reason_get_staff_text_ja (reason), kiosk_reason_get_staff_text_en (reason));
  printf ("  Language:       %s\n", kiosk_receipt_get_language (receipt));
  printf ("  Card reference: %s\n", reference != NULL ? reference : "(no card read)");
}

static int
run_receipt_verify (int argc, char **argv)
{
  g_autofree char *key_path = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[]
      = { { "key", 'k', 0, G_OPTION_ARG_FILENAME, &key_path, "The kiosk's public key (PEM)",
            "KIOSK.pub" },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the fields as JSON", NULL },
          G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) context = g_option_context_new ("PAYLOAD");
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) key = NULL;
  g_autoptr (KioskReceipt) receipt = NULL;

  g_option_context_set_summary (context, "Checks a receipt QR payload against the kiosk's "
                                         "public key and prints its fields.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "kioskctl receipt verify: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (key_path == NULL || argc != 2)
    {
      fprintf (stderr, "Usage: kioskctl receipt verify --key KIOSK.pub [--json] PAYLOAD\n");
      return EXIT_USAGE;
    }
  key = kiosk_receipt_key_load (key_path, &error);
  if (key == NULL)
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return EXIT_UNREADABLE;
    }
  receipt = kiosk_receipt_payload_decode (argv[1], key, &error);
  if (receipt == NULL)
    {
      gboolean refused
          = g_error_matches (error, KIOSK_RECEIPT_ERROR, KIOSK_RECEIPT_ERROR_SIGNATURE);

      if (json)
        {
          g_autofree char *message = json_quote (error->message);

          printf ("{\"valid\": false, \"error\": %s}\n", message);
        }
      fprintf (stderr, "kioskctl: %s: %s\n", refused ? "NOT VALID" : "unreadable payload",
               error->message);
      return refused ? EXIT_VERIFY_FAILED : EXIT_UNREADABLE;
    }
  if (json)
    print_json (receipt);
  else
    print_human (receipt);
  return EXIT_OK;
}

static int
run_receipt_keygen (int argc, char **argv)
{
  g_autofree char *out_dir = NULL;
  const GOptionEntry entries[] = { { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
                                     "The folder for kiosk.key and kiosk.pub", "DIR" },
                                   G_OPTION_ENTRY_NULL };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskReceiptKey) key = NULL;

  g_option_context_set_summary (context, "Makes the kiosk's Ed25519 receipt key: kiosk.key stays "
                                         "on the kiosk, kiosk.pub goes to staff machines.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "kioskctl receipt keygen: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (out_dir == NULL || argc != 1)
    {
      fprintf (stderr, "Usage: kioskctl receipt keygen --out DIR\n");
      return EXIT_USAGE;
    }
  key = kiosk_receipt_key_generate (&error);
  if (key == NULL || !kiosk_receipt_key_save (key, out_dir, &error))
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return EXIT_UNREADABLE;
    }
  printf ("Wrote %s/kiosk.key (keep on the kiosk) and %s/kiosk.pub (for staff)\n", out_dir,
          out_dir);
  return EXIT_OK;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc >= 2 && strcmp (argv[1], "--version") == 0)
    {
      printf ("kioskctl %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }
  return dispatch ("kioskctl", commands, G_N_ELEMENTS (commands), argc, argv);
}
