/* Data files of data/, embedded at build time by tests/embed.sh. */
#ifndef WN_EMBEDDED_H
#define WN_EMBEDDED_H
#include <stddef.h>

typedef struct wn_embedded_file {
  const char *name; /* base name, e.g. "spaceflight.map" */
  const char *data; /* NUL-terminated */
  size_t len;
} wn_embedded_file;

extern const wn_embedded_file wn_embedded_files[]; /* ends with name == NULL */

/* The embedded file of that base name, or NULL. */
const wn_embedded_file *wn_embedded(const char *name);
#endif
