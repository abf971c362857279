/*
 * The human form of typed values (text_out.c): what `wikinorm diff`
 * prints for people, and later `-f text`. Internal to the library.
 *
 * Nothing here allocates except through the wn_buf it appends to; the
 * char-buffer formatters write at most n bytes, NUL included.
 */
#ifndef WN_TEXT_OUT_H
#define WN_TEXT_OUT_H

#include "value.h"
#include "wikinorm.h"

/* Appends v in human form: "2016-10-19 08:05 UTC", "173 d 3 h 15 m",
 * "7080 kg", "51.66°", names by their en form, lists joined by ", ",
 * dockings by "; ", line breaks of a text as " / "; "—" for NULL. */
void wn_value_human(const wn_value *v, wn_buf *out);

/* "173 d 3 h 15 m": from the first non-zero unit down to the precision's
 * unit (day and coarser: days; NONE: seconds). The sign is dropped. */
void wn_format_duration(int64_t s, wn_precision p, char *out, size_t n);
/* "2016-10-19 08:05 UTC", down to the precision; allocates nothing. */
/* printf into a fixed buffer (always NUL-terminated, cut to fit): the
 * deltas and details of comparisons and checks. */
void wn_setf(char *out, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void wn_format_timestamp(const wn_value *ts, char *out, size_t n);

/* "81 s" below an hour, else "3 d 2 h 5 m 1 s" without zero units. The
 * sign is dropped. */
void wn_format_delta_seconds(int64_t s, char *out, size_t n);

/* A quantity in its unit ("kg", "m", "deg", "s", or "" for none) with
 * `digits` significant digits: metres from 10 km as "km", seconds from
 * 2 min as "min", degrees as "°". 15 digits for a stated value, fewer for
 * a computed difference. */
void wn_format_quantity(double v, const char *unit, int digits, char *out, size_t n);

#endif
