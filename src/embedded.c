/* Lookup of the data files embedded at build time. */
#include "embedded.h"

#include <string.h>

const wn_embedded_file *wn_embedded(const char *name) {
  for (const wn_embedded_file *f = wn_embedded_files; f->name; f++)
    if (strcmp(f->name, name) == 0) return f;
  return NULL;
}
