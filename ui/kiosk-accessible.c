/* kiosk-accessible.c: the names a screen reader gives the kiosk's buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kiosk-accessible.h"

#define OWN_NAME_KEY "kiosk-accessible-own-name"

/* The text of the visible labels under @widget, in reading order, one space apart. */
static void
collect_text (GtkWidget *widget, GString *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      const char *words = gtk_label_get_text (GTK_LABEL (widget));

      if (words != NULL && *words != '\0')
        {
          if (text->len > 0)
            g_string_append_c (text, ' ');
          g_string_append (text, words);
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

void
kiosk_accessible_name_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && g_object_get_data (G_OBJECT (root), OWN_NAME_KEY) == NULL)
    {
      g_autoptr (GString) text = g_string_new (NULL);

      for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        collect_text (child, text);
      /* A line break in the words is layout, not something to read out. */
      g_strdelimit (text->str, "\n", ' ');
      if (text->len > 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        text->str, -1);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kiosk_accessible_name_buttons (child);
}

void
kiosk_accessible_set_name (GtkWidget *widget, const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  g_object_set_data (G_OBJECT (widget), OWN_NAME_KEY, GINT_TO_POINTER (TRUE));
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}
