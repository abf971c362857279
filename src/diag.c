/* Diagnostics: counted, formatted as file:line:col: severity: message. */
#include "wikinorm.h"

#include <stdarg.h>
#include <stdio.h>

static const char *severity_name(wn_severity s) {
  switch (s) {
  case WN_NOTE: return "note";
  case WN_WARNING: return "warning";
  case WN_ERROR: return "error";
  }
  return "error";
}

void wn_diag_format(const wn_diag *d, wn_buf *out) {
  const char *file = d->file ? d->file : "<input>";
  if (d->line)
    wn_buf_printf(out, "%s:%u:%u: %s: %s\n", file, d->line, d->col ? d->col : 1,
                  severity_name(d->severity), d->message);
  else
    wn_buf_printf(out, "%s: %s: %s\n", file, severity_name(d->severity), d->message);
}

void wn_diag_print_stderr(void *user, const wn_diag *d) {
  (void)user;
  wn_buf b;
  wn_buf_init(&b);
  wn_diag_format(d, &b);
  if (b.len) fwrite(b.data, 1, b.len, stderr);
  wn_buf_free(&b);
}

void wn_report(wn_diag_sink *sink, const char *file, uint32_t line, uint32_t col, wn_severity sev,
               const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  wn_diag d = {file, line, col, sev, msg};
  if (!sink) {
    wn_diag_print_stderr(NULL, &d);
    return;
  }
  if (sev == WN_ERROR)
    sink->errors++;
  else if (sev == WN_WARNING)
    sink->warnings++;
  if (sink->fn) sink->fn(sink->user, &d);
}
