/* What the library tells its caller: status names, the version, and
 * diagnostics (counted, handed to the sink, formatted on request). It
 * prints nothing: printing belongs to the command line. */
#include "wikinorm.h"

#include <stdarg.h>
#include <stdio.h>

const char *wn_status_str(wn_status st) {
  switch (st) {
  case WN_OK: return "ok";
  case WN_ERR_NOMEM: return "out of memory";
  case WN_ERR_IO: return "input/output error";
  case WN_ERR_INPUT: return "malformed input";
  case WN_ERR_LIMIT: return "limit exceeded";
  case WN_ERR_USAGE: return "usage error";
  }
  return "unknown status";
}

unsigned long wn_version(void) { return WN_VERSION_NUMBER; }
const char *wn_version_string(void) { return WN_VERSION; }

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

void wn_report(wn_diag_sink *sink, const char *file, uint32_t line, uint32_t col, wn_severity sev,
               const char *fmt, ...) {
  if (!sink) return; /* no sink: the caller does not want to hear */
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  wn_diag d = {file, line, col, sev, msg};
  if (sev == WN_ERROR)
    sink->errors++;
  else if (sev == WN_WARNING)
    sink->warnings++;
  if (sink->fn) sink->fn(sink->user, &d);
}
