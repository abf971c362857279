/* TEMPORARY: replaced by the reconcile stage. */
#include "wikinorm.h"

struct wn_records {
  size_t n;
};
wn_records *wn_records_new(void) { return wn_malloc(sizeof(wn_records)); }
void wn_records_free(wn_records *r) { wn_free(r); }
wn_status wn_records_add_json(wn_records *r, const char *json, size_t len, const char *file,
                              wn_diag_sink *sink) {
  return WN_OK;
}
size_t wn_records_count(const wn_records *r) { return 0; }
wn_status wn_merge(const wn_context *ctx, const wn_records *r, bool pretty, wn_buf *out) {
  return WN_OK;
}
int wn_diff(const wn_context *ctx, const wn_records *a, const wn_records *b, bool json,
            wn_buf *out) {
  return 2;
}
unsigned wn_check(const wn_context *ctx, const wn_records *r, bool json, wn_buf *out,
                  wn_diag_sink *sink) {
  return 0;
}
