/* kiosk-locale.h: the kiosk's language: gettext set-up, the C.UTF-8 fallback, switching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * kiosk_locale_init:
 *
 * Call first in main(), before GTK starts (it stops GTK from calling setlocale() itself).
 * Japanese is the default language: LANGUAGE=ja unless LANGUAGE is set. The C library locale is
 * taken from the environment, but if that comes out as C or POSIX (a systemd unit sets no LANG,
 * and glibc ignores LANGUAGE under C) it becomes C.UTF-8. The catalogs are read from the build
 * tree when the program runs from it and the build has staged them there (or from $KIOSK_LOCALEDIR
 * when set), else from the installed locale folder.
 */
void kiosk_locale_init (void);

/* Switches the language of messages (e.g. "ja", "en") at run time. Strings already on screen do
 * not change: rebuild the window afterwards. */
void kiosk_locale_set_language (const char *language);

/* The folder the catalogs are read from. */
const char *kiosk_locale_get_dir (void);

G_END_DECLS
