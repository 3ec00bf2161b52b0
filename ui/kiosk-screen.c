/* kiosk-screen.c: the base of every screen: presents one flow state, sends the resident's inputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-screen.h"

#include <glib/gi18n.h>

#include "kiosk-accessible.h"

typedef struct
{
  KioskFlow *flow;
} KioskScreenPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KioskScreen, kiosk_screen, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_FLOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiosk_screen_dispose (GObject *object)
{
  KioskScreen *self = KIOSK_SCREEN (object);
  KioskScreenPrivate *priv = kiosk_screen_get_instance_private (self);
  GtkWidget *child;

  /* Subclasses dispose their templates first; anything left is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&priv->flow);
  G_OBJECT_CLASS (kiosk_screen_parent_class)->dispose (object);
}

static void
kiosk_screen_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskScreen *self = KIOSK_SCREEN (object);
  KioskScreenPrivate *priv = kiosk_screen_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_FLOW:
      g_value_set_object (value, priv->flow);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_screen_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KioskScreen *self = KIOSK_SCREEN (object);
  KioskScreenPrivate *priv = kiosk_screen_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_FLOW:
      priv->flow = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_screen_real_enter (KioskScreen *self, KioskFlow *flow)
{
}

static void
kiosk_screen_class_init (KioskScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_screen_dispose;
  object_class->get_property = kiosk_screen_get_property;
  object_class->set_property = kiosk_screen_set_property;
  klass->enter = kiosk_screen_real_enter;

  properties[PROP_FLOW]
      = g_param_spec_object ("flow", NULL, NULL, KIOSK_TYPE_FLOW,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kioskscreen");
}

static void
kiosk_screen_init (KioskScreen *self)
{
}

KioskFlow *
kiosk_screen_get_flow (KioskScreen *self)
{
  KioskScreenPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_SCREEN (self), NULL);
  priv = kiosk_screen_get_instance_private (self);
  return priv->flow;
}

void
kiosk_screen_enter (KioskScreen *self)
{
  KioskScreenPrivate *priv;

  g_return_if_fail (KIOSK_IS_SCREEN (self));
  priv = kiosk_screen_get_instance_private (self);
  KIOSK_SCREEN_GET_CLASS (self)->enter (self, priv->flow);
  /* After enter(): a screen may have just changed the words on its buttons. */
  kiosk_accessible_name_buttons (GTK_WIDGET (self));
}

void
kiosk_screen_send (KioskScreen *self, KioskFlowInput input)
{
  KioskScreenPrivate *priv;

  g_return_if_fail (KIOSK_IS_SCREEN (self));
  priv = kiosk_screen_get_instance_private (self);
  if (priv->flow != NULL)
    kiosk_flow_input (priv->flow, input);
}

const char *
kiosk_screen_get_procedure_name (KioskScreen *self)
{
  KioskScreenPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_SCREEN (self), NULL);
  priv = kiosk_screen_get_instance_private (self);
  if (priv->flow == NULL)
    return NULL;
  /* The menu's own words (ui/kiosk-menu-screen.ui): the same choice reads the same everywhere. */
  switch (kiosk_flow_get_procedure (priv->flow))
    {
    case KIOSK_PROCEDURE_CHECK_CARD:
      return _("Check my card");
    case KIOSK_PROCEDURE_CHANGE_PIN:
      return _("Change my 4-digit PIN");
    case KIOSK_PROCEDURE_CHANGE_SIGN_PASSWORD:
      return _("Change my signature password");
    case KIOSK_PROCEDURE_RENEW:
      return _("Renew my certificates");
    case KIOSK_PROCEDURE_REISSUE_SIGN:
      return _("Re-issue my signature certificate");
    case KIOSK_PROCEDURE_NONE:
    case KIOSK_PROCEDURE_HANDOFF_ONLY:
    default:
      return NULL;
    }
}
