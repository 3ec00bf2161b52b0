/* kiosk-test-certificate.h: certificates with chosen dates, made on the fly for rule tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kiosk-certificate.h"

G_BEGIN_DECLS

/* A self-signed EC certificate valid from @not_before to @not_after (UTC). EC keys make this
 * instant, and the rules only look at the dates. */
KioskCertificate *kiosk_test_certificate_new (GDateTime *not_before, GDateTime *not_after);

G_END_DECLS
