/* TEMPORARY: no records; replaced by the infobox/mapping/record stages. */
#include "wikinorm.h"

struct wn_context {
  int unused;
};

wn_status wn_context_new(const wn_context_opts *opts, wn_diag_sink *sink, wn_context **out) {
  *out = wn_malloc(sizeof **out);
  return *out ? WN_OK : WN_ERR_NOMEM;
}
void wn_context_free(wn_context *ctx) { wn_free(ctx); }

wn_status wn_normalize(const wn_context *ctx, wn_arena *a, const wn_doc *doc, bool pretty,
                       wn_buf *out, unsigned *records, wn_diag_sink *sink) {
  *records = 0;
  return WN_OK;
}
