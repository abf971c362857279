/*
 * The reader: any input into documents, streamed.
 *
 *   bytes -> decompress (gzip, bzip2 incl. multistream; told by magic
 *            bytes, not the name)
 *         -> decode to valid UTF-8 (UTF-8 repaired to U+FFFD, UTF-16 with
 *            a BOM converted, a UTF-8 BOM dropped)
 *         -> a MediaWiki XML dump (dump.c, one document per page) or one
 *            document (wikitext, rendered text, JSON records)
 *
 * Everything is pushed in chunks, so a dump never sits in memory and
 * tests can cut the input anywhere. Invalid UTF-8 is repaired before the
 * XML parser sees it: libxml2 stops at the first bad byte, and every later
 * page would be lost.
 */
#include "reader.h"

#include <bzlib.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "limits.h"
#include "util/utf8.h"

enum {
  READ_CHUNK = 256 * 1024,    /* read(2) size; libxml2 costs less per byte in big chunks */
  INFLATE_CHUNK = 256 * 1024, /* decompressed bytes per step */
  DECODE_SLICE = 256 * 1024,  /* input bytes decoded per step (bounds scratch) */
  SNIFF_BYTES = 512,          /* decompressed bytes looked at to tell the kind */
  MAGIC_BYTES = 6,
  SCRATCH_BYTES = DECODE_SLICE * 2 + 16 /* UTF-8 from a UTF-16 slice, worst case */
};

typedef enum { CODEC_UNKNOWN, CODEC_NONE, CODEC_GZIP, CODEC_BZIP2 } codec_kind;
typedef enum { ENC_UNKNOWN, ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE } encoding;
typedef enum { KIND_UNKNOWN, KIND_DOC, KIND_DUMP } content_kind;

struct wn_reader {
  const char *name;
  const wn_read_opts *opts;
  wn_doc_fn fn;
  void *user;
  wn_diag_sink *sink;
  bool stopped;
  wn_status status;

  /* Decompression. */
  codec_kind codec;
  unsigned char magic[MAGIC_BYTES];
  size_t magic_len;
  z_stream z;
  bz_stream bz;
  bool z_live, bz_live;
  bool in_stream;     /* inside a compressed stream: the end of input cuts it */
  uint64_t stream_in; /* bytes the current stream has consumed */
  unsigned streams;   /* compressed streams begun */
  bool trailing;      /* bytes after the last stream are ignored */
  char *inflated;     /* INFLATE_CHUNK bytes */

  /* Decoding. */
  encoding enc;
  content_kind kind;
  wn_buf head;  /* decompressed bytes held until encoding and kind are known */
  uint64_t bom; /* bytes of byte order mark dropped */
  unsigned char carry[4];
  size_t carry_len;   /* a UTF-8 sequence or UTF-16 unit cut by a chunk end */
  uint32_t high;      /* a UTF-16 high surrogate waiting for its pair */
  wn_buf clean;       /* repaired text */
  char *scratch;      /* UTF-8 made from UTF-16, SCRATCH_BYTES */
  uint64_t bad;       /* replacements made */
  uint32_t line, col; /* position of the next decoded byte, until the first bad one */

  /* What the text is. */
  wn_dump *dump;
  wn_buf doc;
  uint64_t docs;

  /* progress reports */
  bool progress; /* opts->progress is set */
  uint64_t raw, size;
  struct timespec start, shown;
};

/* ---- errors ---- */

static wn_status stop(wn_reader *r, wn_status st) {
  r->stopped = true;
  if (r->status == WN_OK) r->status = st;
  return st;
}

static wn_status fail(wn_reader *r, wn_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static wn_status fail(wn_reader *r, wn_status st, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  wn_report(r->sink, r->name, 0, 0, WN_ERROR, "%s", msg);
  return stop(r, st);
}

static wn_status out_of_memory(wn_reader *r) { return fail(r, WN_ERR_NOMEM, "out of memory"); }

/* ---- progress ---- */

static double seconds_between(struct timespec a, struct timespec b) {
  return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

/* Tells the caller's progress function how far reading has come, at most
 * 4 times a second; the last call says done. */
static void show_progress(wn_reader *r, bool last) {
  if (!r->progress) return;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (!last && seconds_between(r->shown, now) < 0.25) return;
  r->shown = now;
  wn_progress p = {r->name,
                   r->raw,
                   r->size,
                   r->dump ? wn_dump_pages(r->dump) : r->docs,
                   seconds_between(r->start, now),
                   last};
  r->opts->progress(r->opts->progress_user, &p);
}

/* ---- documents ---- */

/* A whole non-dump input is one document: wikitext, rendered text or
 * JSON records. */
static wn_status doc_input(wn_reader *r, const char *s, size_t n) {
  if (r->doc.len + n > WN_MAX_DOC_BYTES) {
    wn_buf_free(&r->doc);
    return fail(r, WN_ERR_LIMIT, "input larger than %u MiB: not read as one document",
                WN_MAX_DOC_BYTES >> 20);
  }
  if (!wn_buf_append(&r->doc, s, n)) return out_of_memory(r);
  return WN_OK;
}

static void deliver_doc(wn_reader *r) {
  wn_doc d = {0};
  d.file = r->name;
  d.text = r->doc.len ? r->doc.data : "";
  d.len = r->doc.len;
  d.format = wn_detect_format(d.text, d.len);
  d.lang = r->opts && r->opts->lang ? r->opts->lang : wn_detect_lang(d.text, d.len);
  d.page_id = d.revision_id = -1;
  d.line = d.col = 1;
  d.index = r->docs++;
  if (r->fn(r->user, &d)) r->stopped = true;
}

/* Decoded, valid UTF-8 goes to the dump parser or the document. */
static wn_status text_output(wn_reader *r, const char *s, size_t n) {
  if (!n || r->stopped) return r->status;
  if (r->kind == KIND_DOC) return doc_input(r, s, n);
  wn_status st = wn_dump_feed(r->dump, s, n);
  if (st != WN_OK) return stop(r, st);
  if (wn_dump_stopped(r->dump)) r->stopped = true; /* the document function's wish */
  return WN_OK;
}

/* ---- decoding to valid UTF-8 ---- */

/* Advances the line:col of the decoded text over s (only needed until the
 * first bad byte has been reported). */
static void track(wn_reader *r, const char *s, size_t n) {
  if (r->bad) return;
  const char *end = s + n, *nl, *p = s;
  while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
    r->line++;
    r->col = 1;
    p = nl + 1;
  }
  r->col += (uint32_t)wn_utf8_count(p, (size_t)(end - p));
}

static void note_bad(wn_reader *r) {
  if (r->bad++) return;
  wn_report(r->sink, r->name, r->line, r->col, WN_WARNING, "%s%s replaced by U+FFFD",
            r->enc == ENC_UTF8 ? "invalid UTF-8" : "invalid UTF-16",
            r->kind == KIND_DUMP ? " or a character XML forbids" : "");
}

/* XML 1.0 allows no C0 control but tab, newline and carriage return. */
static bool xml_forbidden_byte(unsigned c) {
  return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

static bool byte_passes(unsigned c, bool xml) {
  return c < 0x80 && !(xml && xml_forbidden_byte(c));
}

/* Eight bytes at a time over the common case: ASCII (and, in a dump, no
 * control byte). Stops before the first byte needing a closer look. */
static size_t plain_prefix(const unsigned char *s, size_t n, bool xml) {
  const uint64_t high = 0x8080808080808080ull, spaces = 0x2020202020202020ull;
  size_t i = 0;
  for (;;) {
    for (; i + 8 <= n; i += 8) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      uint64_t flag = w & high;
      if (xml) flag |= (w - spaces) & ~w & high; /* some byte < 0x20 */
      if (flag) break;
    }
    size_t end = i + 8 < n ? i + 8 : n;
    for (; i < end; i++)
      if (!byte_passes(s[i], xml)) return i;
    if (i >= n) return n;
  }
}

/* Valid 2- and 3-byte sequences, inline: the bulk of non-Latin text.
 * Stops at anything else (ASCII, 4 bytes, U+FFFE/U+FFFF which XML
 * forbids, a cut or bad sequence), which takes the careful path. */
static size_t multibyte_prefix(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c >= 0xC2 && c < 0xE0) {
      if (i + 2 > n || (s[i + 1] & 0xC0) != 0x80) break;
      i += 2;
    } else if (c >= 0xE0 && c < 0xF0) {
      if (i + 3 > n || (s[i + 2] & 0xC0) != 0x80) break;
      unsigned b = s[i + 1], lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
      if (b < lo || b > hi || (c == 0xEF && b == 0xBF && s[i + 2] >= 0xBE)) break;
      i += 3;
    } else
      break;
  }
  return i;
}

#if defined(__SSE2__)
/* b >= k and b <= k, unsigned (SSE2 has no unsigned compare). */
static inline __m128i ge_u8(__m128i b, int k) {
  return _mm_cmpeq_epi8(_mm_max_epu8(b, _mm_set1_epi8((char)k)), b);
}
static inline __m128i le_u8(__m128i b, int k) {
  return _mm_cmpeq_epi8(_mm_min_epu8(b, _mm_set1_epi8((char)k)), b);
}
static inline __m128i eq_u8(__m128i b, int k) { return _mm_cmpeq_epi8(b, _mm_set1_epi8((char)k)); }
#endif

/* 16 bytes at a time: the longest prefix of s (which starts on a character
 * boundary) that the careful path would pass unchanged, ending on a
 * character boundary. It may stop early (never late); the caller goes on
 * byte-wise from there. Every continuation byte must be the one its lead
 * byte claims and vice versa; the second-byte ranges of E0/ED/F0/F4, bad
 * lead bytes, and in a dump C0 controls and U+FFFE/U+FFFF are checked
 * alongside. */
static size_t valid_prefix(const unsigned char *s, size_t n, bool xml) {
  size_t i = 0;
#if defined(__SSE2__)
  __m128i prev = _mm_setzero_si128();      /* the previous block's bytes */
  __m128i p2 = prev, p3 = prev, p4 = prev; /* its leads of 2+, 3+, 4 bytes */
  for (; i + 16 <= n; i += 16) {
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    /* Continuations the previous block's last leads still claim here. */
    __m128i owed = _mm_or_si128(_mm_srli_si128(p2, 15),
                                _mm_or_si128(_mm_srli_si128(p3, 14), _mm_srli_si128(p4, 13)));
    __m128i err = _mm_setzero_si128();
    if (xml) { /* C0 controls but tab, newline, carriage return */
      __m128i ok = _mm_or_si128(eq_u8(b, '\t'), _mm_or_si128(eq_u8(b, '\n'), eq_u8(b, '\r')));
      err = _mm_andnot_si128(ok, le_u8(b, 0x1F));
    }
    if (!_mm_movemask_epi8(_mm_or_si128(b, owed))) { /* ASCII, nothing owed */
      if (_mm_movemask_epi8(err)) break;
      prev = b, p2 = p3 = p4 = _mm_setzero_si128();
      continue;
    }
    __m128i l2 = ge_u8(b, 0xC0), l3 = ge_u8(b, 0xE0), l4 = ge_u8(b, 0xF0);
    __m128i cont = _mm_cmplt_epi8(b, _mm_set1_epi8((char)0xC0)); /* 0x80..0xBF */
    __m128i must = _mm_or_si128(owed, _mm_slli_si128(l2, 1));
    must = _mm_or_si128(must, _mm_or_si128(_mm_slli_si128(l3, 2), _mm_slli_si128(l4, 3)));
    err = _mm_or_si128(err, _mm_xor_si128(must, cont));
    /* C0, C1 (overlong) and F5..FF never begin a sequence. */
    err = _mm_or_si128(
        err, _mm_or_si128(le_u8(_mm_xor_si128(b, _mm_set1_epi8((char)0xC0)), 1), ge_u8(b, 0xF5)));
    __m128i b1 = _mm_or_si128(_mm_slli_si128(b, 1), _mm_srli_si128(prev, 15));
    /* Second bytes: E0 >= A0 and F0 >= 90 (overlong), ED <= 9F
     * (surrogates), F4 <= 8F (> U+10FFFF). */
    __m128i bad2 = _mm_or_si128(_mm_and_si128(eq_u8(b1, 0xE0), le_u8(b, 0x9F)),
                                _mm_and_si128(eq_u8(b1, 0xED), ge_u8(b, 0xA0)));
    bad2 = _mm_or_si128(bad2, _mm_or_si128(_mm_and_si128(eq_u8(b1, 0xF0), le_u8(b, 0x8F)),
                                           _mm_and_si128(eq_u8(b1, 0xF4), ge_u8(b, 0x90))));
    err = _mm_or_si128(err, bad2);
    if (xml) { /* EF BF BE/BF: U+FFFE, U+FFFF */
      __m128i b2 = _mm_or_si128(_mm_slli_si128(b, 2), _mm_srli_si128(prev, 14));
      err = _mm_or_si128(
          err, _mm_and_si128(_mm_and_si128(eq_u8(b2, 0xEF), eq_u8(b1, 0xBF)), ge_u8(b, 0xBE)));
    }
    if (_mm_movemask_epi8(err)) break;
    prev = b, p2 = l2, p3 = l3, p4 = l4;
  }
  /* Back off a sequence that the next block would finish. */
  size_t j = i;
  while (j > 0 && i - j < 3 && (s[j - 1] & 0xC0) == 0x80) j--;
  if (j > 0 && s[j - 1] >= 0xC0) {
    size_t lead = j - 1, len = s[lead] >= 0xF0 ? 4 : s[lead] >= 0xE0 ? 3 : 2;
    if (lead + len > i) i = lead;
  }
#else
  (void)s, (void)n, (void)xml;
#endif
  return i;
}

static const char FFFD[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

/* Ends the run s[*run..i) of good bytes and adds a U+FFFD. */
static bool replace(wn_reader *r, const unsigned char *s, size_t *run, size_t i) {
  const char *good = (const char *)s + *run;
  track(r, good, i - *run);
  note_bad(r);
  return wn_buf_append(&r->clean, good, i - *run) && wn_buf_append(&r->clean, FFFD, 3);
}

/* Decodes s[0..n): passes it on as is when it is valid, else a repaired
 * copy. A sequence cut by the end waits in carry (unless final). Returns
 * the bytes consumed. */
static size_t utf8_scan(wn_reader *r, const unsigned char *s, size_t n, bool final, wn_status *st) {
  bool xml = r->kind == KIND_DUMP;
  size_t i = 0, run = 0;
  bool copied = false;
  wn_buf_clear(&r->clean);
  while (i < n) {
    i += valid_prefix(s + i, n - i, xml);
    /* Byte-wise at least past the block the fast path stopped at, so that
     * bad input costs no more than it did. */
    size_t until = i + 16;
    while (i < n && i < until) {
      i += plain_prefix(s + i, n - i, xml);
      size_t k = multibyte_prefix(s + i, n - i);
      if (k) {
        i += k;
        continue;
      }
      if (i >= n) break;
      int len = s[i] < 0x80 ? 0 : wn_utf8_sequence(s + i, n - i);
      if (len < 0 && !final) goto cut; /* cut by the chunk end: carried */
      bool forbidden = xml && len == 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] >= 0xBE;
      if (len > 0 && !forbidden) {
        i += (size_t)len;
        continue;
      }
      if (!replace(r, s, &run, i)) {
        *st = out_of_memory(r);
        return n;
      }
      copied = true;
      i += forbidden ? 3 : 1; /* U+FFFE/U+FFFF is one character; a bad byte is one */
      run = i;
    }
  }
cut:;
  const char *rest = (const char *)s + run;
  track(r, rest, i - run);
  if (!copied) {
    *st = text_output(r, rest, i - run); /* the common case: no copy */
    return i;
  }
  if (!wn_buf_append(&r->clean, rest, i - run)) {
    *st = out_of_memory(r);
    return n;
  }
  *st = text_output(r, r->clean.data, r->clean.len);
  return i;
}

/* Completes a sequence cut by the previous chunk's end with the first
 * bytes of s; returns the bytes of s it took. A broken sequence gives one
 * U+FFFD per byte and the byte that broke it is scanned again with the
 * rest, exactly as if the chunks had not been cut. */
static size_t utf8_complete_carry(wn_reader *r, const unsigned char *s, size_t n, bool final,
                                  wn_status *st) {
  size_t took = 0;
  int len;
  while ((len = wn_utf8_sequence(r->carry, r->carry_len)) < 0 && took < n)
    r->carry[r->carry_len++] = s[took++];
  if (len < 0 && !final) return took; /* still cut: wait for more */
  size_t k = r->carry_len;
  if (len == 0 && took) k--, took--;
  unsigned char seq[4];
  memcpy(seq, r->carry, k);
  r->carry_len = 0;
  utf8_scan(r, seq, k, true, st);
  return took;
}

static wn_status utf8_input(wn_reader *r, const unsigned char *s, size_t n, bool final) {
  wn_status st = WN_OK;
  if (r->carry_len) {
    size_t used = utf8_complete_carry(r, s, n, final, &st);
    s += used;
    n -= used;
    if (st != WN_OK || r->stopped || (r->carry_len && !final)) return st;
  }
  while (n && st == WN_OK && !r->stopped) {
    size_t slice = n < DECODE_SLICE ? n : DECODE_SLICE;
    bool last_slice = slice == n;
    size_t used = utf8_scan(r, s, slice, final && last_slice, &st);
    if (used < slice && st == WN_OK) {
      /* A cut sequence: at the end of the input it waits, inside it the
       * next slice takes it up. */
      if (last_slice) {
        r->carry_len = slice - used;
        memcpy(r->carry, s + used, r->carry_len);
        return st;
      }
    }
    s += used;
    n -= used;
  }
  return st;
}

/* UTF-16 in, UTF-8 out, one code unit at a time; lone surrogates and
 * characters XML forbids become U+FFFD. */
static size_t utf16_char(wn_reader *r, char *o, uint32_t c) {
  bool xml = r->kind == KIND_DUMP;
  if ((xml && c < 0x80 && xml_forbidden_byte(c)) || (xml && (c == 0xFFFE || c == 0xFFFF))) {
    note_bad(r);
    c = 0xFFFD;
  }
  size_t n = wn_utf8_encode((int32_t)c, o);
  if (!r->bad) track(r, o, n);
  return n;
}

static size_t utf16_unit(wn_reader *r, char *o, uint32_t u) {
  size_t n = 0;
  if (r->high) {
    uint32_t high = r->high;
    r->high = 0;
    if (u >= 0xDC00 && u <= 0xDFFF)
      return utf16_char(r, o, 0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00));
    note_bad(r); /* a high surrogate without its pair */
    n = utf16_char(r, o, 0xFFFD);
  }
  if (u >= 0xD800 && u <= 0xDBFF) {
    r->high = u;
    return n;
  }
  if (u >= 0xDC00 && u <= 0xDFFF) {
    note_bad(r);
    u = 0xFFFD;
  }
  return n + utf16_char(r, o + n, u);
}

static uint32_t utf16_at(const unsigned char *s, bool le) {
  return le ? (uint32_t)s[0] | (uint32_t)s[1] << 8 : (uint32_t)s[0] << 8 | s[1];
}

static wn_status utf16_input(wn_reader *r, const unsigned char *s, size_t n, bool final) {
  bool le = r->enc == ENC_UTF16LE;
  while (n || (final && (r->carry_len || r->high))) {
    size_t slice = n < DECODE_SLICE ? n : DECODE_SLICE;
    if (!r->scratch && !(r->scratch = wn_malloc(SCRATCH_BYTES))) return out_of_memory(r);
    char *o = r->scratch;
    size_t len = 0, i = 0;
    if (r->carry_len && slice) { /* a unit cut by the previous chunk's end */
      unsigned char pair[2] = {r->carry[0], s[i++]};
      r->carry_len = 0;
      len += utf16_unit(r, o + len, utf16_at(pair, le));
    }
    for (; i + 1 < slice; i += 2) len += utf16_unit(r, o + len, utf16_at(s + i, le));
    if (i < slice) r->carry[r->carry_len++] = s[i++];
    s += slice;
    n -= slice;
    if (final && !n) {
      /* A surrogate or an odd byte left at the very end. */
      if (r->high) {
        note_bad(r);
        len += wn_utf8_encode(0xFFFD, o + len);
        r->high = 0;
      }
      if (r->carry_len) {
        note_bad(r);
        len += wn_utf8_encode(0xFFFD, o + len);
        r->carry_len = 0;
      }
    }
    wn_status st = text_output(r, o, len);
    if (st != WN_OK || r->stopped) return st;
  }
  return WN_OK;
}

static wn_status decode(wn_reader *r, const char *s, size_t n, bool final) {
  const unsigned char *u = (const unsigned char *)s;
  return r->enc == ENC_UTF8 ? utf8_input(r, u, n, final) : utf16_input(r, u, n, final);
}

/* ---- telling what the input is ---- */

static bool starts_with(const char *s, size_t n, const char *prefix) {
  size_t k = strlen(prefix);
  return n >= k && !memcmp(s, prefix, k);
}

/* True when s (all there is, when at_end) may begin with prefix. */
static bool may_start_with(const char *s, size_t n, const char *prefix, bool at_end) {
  size_t k = strlen(prefix);
  if (n >= k) return !memcmp(s, prefix, k);
  return at_end && n > 0 && !memcmp(s, prefix, n);
}

/* A dump starts with "<?xml", "<mediawiki" or a DOCTYPE (refused later,
 * with a clear message), after blanks and comments. A cut input that is a
 * beginning of one of them is a (truncated) dump. */
static content_kind sniff_kind(const char *s, size_t n, bool at_end) {
  const char *end = s + n;
  for (;;) {
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) s++;
    size_t left = (size_t)(end - s);
    if (starts_with(s, left, "<!--")) {
      const char *close = NULL;
      for (const char *p = s + 4; p + 3 <= end && !close; p++)
        if (!memcmp(p, "-->", 3)) close = p + 3;
      if (!close) return KIND_DOC;
      s = close;
      continue;
    }
    if (may_start_with(s, left, "<?xml", at_end) || may_start_with(s, left, "<mediawiki", at_end) ||
        may_start_with(s, left, "<!DOCTYPE", at_end) || may_start_with(s, left, "<!--", at_end))
      return KIND_DUMP;
    return KIND_DOC;
  }
}

static encoding sniff_encoding(const unsigned char *s, size_t n, uint64_t *bom) {
  *bom = 0;
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) return *bom = 3, ENC_UTF8;
  if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) return *bom = 2, ENC_UTF16LE;
  if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) return *bom = 2, ENC_UTF16BE;
  /* Without a BOM, XML in UTF-16 still starts with '<' and a zero byte. */
  if (n >= 4 && s[0] == '<' && s[1] == 0 && s[2] && !s[3]) return ENC_UTF16LE;
  if (n >= 4 && !s[0] && s[1] == '<' && !s[2] && s[3]) return ENC_UTF16BE;
  return ENC_UTF8;
}

/* The ASCII view of the first bytes, whatever the encoding, to sniff. */
static size_t ascii_view(const wn_reader *r, const unsigned char *s, size_t n, char *out) {
  if (r->enc == ENC_UTF8) {
    memcpy(out, s, n);
    return n;
  }
  size_t k = 0;
  bool le = r->enc == ENC_UTF16LE;
  for (size_t i = 0; i + 1 < n; i += 2) {
    unsigned lo = le ? s[i] : s[i + 1], hi = le ? s[i + 1] : s[i];
    out[k++] = hi || lo >= 0x80 ? (char)0x80 : (char)lo;
  }
  return k;
}

static const char *offset_note(const wn_reader *r) {
  if (r->codec != CODEC_NONE && r->enc != ENC_UTF8)
    return " of the decompressed text, decoded from UTF-16 to UTF-8";
  if (r->codec != CODEC_NONE) return " of the decompressed data";
  if (r->enc != ENC_UTF8) return " of the text decoded from UTF-16 to UTF-8";
  return "";
}

/* Decides encoding and kind from the held bytes, then lets them through. */
static wn_status start_text(wn_reader *r, bool at_end) {
  const unsigned char *s = (const unsigned char *)(r->head.len ? r->head.data : "");
  size_t n = r->head.len;
  r->enc = sniff_encoding(s, n, &r->bom);
  s += r->bom;
  n -= r->bom;
  char view[SNIFF_BYTES];
  size_t v = ascii_view(r, s, n < SNIFF_BYTES ? n : SNIFF_BYTES, view);
  r->kind = sniff_kind(view, v, at_end);
  if (r->kind == KIND_DUMP) {
    r->dump = wn_dump_new(r->name, r->opts, r->fn, r->user, r->sink);
    if (!r->dump) return out_of_memory(r);
    wn_dump_set_offsets(r->dump, offset_note(r), r->enc == ENC_UTF8 ? r->bom : 0);
  }
  wn_status st = decode(r, (const char *)s, n, false);
  wn_buf_free(&r->head);
  return st;
}

/* Decompressed bytes in. */
static wn_status plain_input(wn_reader *r, const char *s, size_t n) {
  if (r->kind != KIND_UNKNOWN) return decode(r, s, n, false);
  size_t take = SNIFF_BYTES - r->head.len;
  if (take > n) take = n;
  if (!wn_buf_append(&r->head, s, take)) return out_of_memory(r);
  if (r->head.len < SNIFF_BYTES) return WN_OK;
  wn_status st = start_text(r, false);
  if (st != WN_OK || r->stopped) return st;
  return decode(r, s + take, n - take, false);
}

/* ---- decompression ---- */

/* zlib and libbz2 allocate through wn_malloc too, so that an allocation
 * failure comes back as WN_ERR_NOMEM like everywhere else. */
static voidpf z_alloc(voidpf u, uInt items, uInt size) {
  (void)u;
  return wn_malloc((size_t)items * size);
}
static void z_free(voidpf u, voidpf p) { (void)u, wn_free(p); }
static void *bz_alloc(void *u, int items, int size) {
  (void)u;
  return wn_malloc((size_t)items * (size_t)size);
}
static void bz_free(void *u, void *p) { (void)u, wn_free(p); }

static codec_kind sniff_codec(const unsigned char *m, size_t n) {
  if (n >= 2 && m[0] == 0x1F && m[1] == 0x8B) return CODEC_GZIP;
  if (n >= 4 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h' && m[3] >= '1' && m[3] <= '9')
    return CODEC_BZIP2;
  return CODEC_NONE;
}

/* Formats a user can be told to decompress first. */
static const char *unsupported_codec(const unsigned char *m, size_t n) {
  if (n >= 6 && !memcmp(m,
                        "\xFD"
                        "7zXZ\0",
                        6))
    return "xz (use: xzcat FILE | wikinorm)";
  if (n >= 4 && !memcmp(m, "\x28\xB5\x2F\xFD", 4)) return "zstd (use: zstdcat FILE | wikinorm)";
  if (n >= 6 && !memcmp(m, "7z\xBC\xAF\x27\x1C", 6)) return "7z (use: 7z e -so FILE | wikinorm)";
  return NULL;
}

static wn_status start_stream(wn_reader *r) {
  r->in_stream = true;
  r->stream_in = 0;
  r->streams++;
  if (r->codec == CODEC_GZIP) {
    if (r->z_live) return inflateReset(&r->z) == Z_OK ? WN_OK : out_of_memory(r);
    r->z.zalloc = z_alloc;
    r->z.zfree = z_free;
    int rc = inflateInit2(&r->z, 15 + 16); /* gzip wrapper only */
    if (rc != Z_OK)
      return rc == Z_MEM_ERROR ? out_of_memory(r) : fail(r, WN_ERR_INPUT, "zlib: cannot start");
    r->z_live = true;
    return WN_OK;
  }
  if (r->bz_live) BZ2_bzDecompressEnd(&r->bz), r->bz_live = false;
  memset(&r->bz, 0, sizeof r->bz);
  r->bz.bzalloc = bz_alloc;
  r->bz.bzfree = bz_free;
  int rc = BZ2_bzDecompressInit(&r->bz, 0, 0);
  if (rc != BZ_OK)
    return rc == BZ_MEM_ERROR ? out_of_memory(r) : fail(r, WN_ERR_INPUT, "libbz2: cannot start");
  r->bz_live = true;
  return WN_OK;
}

/* The compressed data is damaged: deliver what came before, then say so. */
static wn_status damaged(wn_reader *r, wn_status st, const char *what) {
  char msg[200];
  snprintf(msg, sizeof msg, "%s (stream %u, after %" PRIu64 " compressed bytes of it)", what,
           r->streams, r->stream_in);
  if (r->kind == KIND_UNKNOWN) {
    wn_status s = start_text(r, true);
    if (s != WN_OK) return s;
  }
  if (r->dump) {
    wn_dump_finish(r->dump, msg, st);
    return stop(r, st);
  }
  return fail(r, st, "%s", msg);
}

/* Garbage after a complete stream (padding, a stray tail) is ignored with
 * a warning, like gzip -d and bzip2 -d do. */
static void trailing_garbage(wn_reader *r) {
  r->trailing = true;
  r->in_stream = false;
  wn_report(r->sink, r->name, 0, 0, WN_WARNING,
            "bytes after the end of compressed stream %u ignored", r->streams - 1);
}

static wn_status gzip_input(wn_reader *r, const unsigned char *s, size_t n) {
  while (!r->stopped && !r->trailing) {
    if (!r->in_stream) {
      if (!n) break;
      wn_status st = start_stream(r);
      if (st != WN_OK) return st;
    }
    r->z.next_in = (Bytef *)s;
    r->z.avail_in = (uInt)(n > (1u << 30) ? 1u << 30 : n);
    size_t given = r->z.avail_in;
    r->z.next_out = (Bytef *)r->inflated;
    r->z.avail_out = INFLATE_CHUNK;
    int rc = inflate(&r->z, Z_NO_FLUSH);
    size_t used = given - r->z.avail_in, made = INFLATE_CHUNK - r->z.avail_out;
    s += used;
    n -= used;
    r->stream_in += used;
    if (rc == Z_DATA_ERROR && r->streams > 1 && r->stream_in <= 10 && !made) {
      trailing_garbage(r);
      break;
    }
    if (rc == Z_MEM_ERROR) return out_of_memory(r);
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_STREAM_ERROR)
      return damaged(r, WN_ERR_INPUT, r->z.msg ? r->z.msg : "corrupt gzip data");
    wn_status st = plain_input(r, r->inflated, made);
    if (st != WN_OK) return st;
    if (rc == Z_STREAM_END) {
      r->in_stream = false; /* another member may follow (gzip -c a b > ab.gz) */
      continue;
    }
    if (rc == Z_BUF_ERROR || (!r->z.avail_in && made < INFLATE_CHUNK)) break;
  }
  return r->status;
}

static wn_status bzip2_input(wn_reader *r, const unsigned char *s, size_t n) {
  while (!r->stopped && !r->trailing) {
    if (!r->in_stream) {
      if (!n) break;
      wn_status st = start_stream(r);
      if (st != WN_OK) return st;
    }
    r->bz.next_in = (char *)s;
    r->bz.avail_in = (unsigned)(n > (1u << 30) ? 1u << 30 : n);
    size_t given = r->bz.avail_in;
    r->bz.next_out = r->inflated;
    r->bz.avail_out = INFLATE_CHUNK;
    int rc = BZ2_bzDecompress(&r->bz);
    size_t used = given - r->bz.avail_in, made = INFLATE_CHUNK - r->bz.avail_out;
    s += used;
    n -= used;
    r->stream_in += used;
    if (rc == BZ_DATA_ERROR_MAGIC && r->streams > 1) {
      trailing_garbage(r);
      break;
    }
    if (rc == BZ_MEM_ERROR) return out_of_memory(r);
    if (rc != BZ_OK && rc != BZ_STREAM_END) return damaged(r, WN_ERR_INPUT, "corrupt bzip2 data");
    wn_status st = plain_input(r, r->inflated, made);
    if (st != WN_OK) return st;
    /* Multistream files (Wikipedia's *-multistream.xml.bz2, pbzip2) are
     * streams one after another: every one is read, not only the first. */
    if (rc == BZ_STREAM_END) {
      r->in_stream = false;
      continue;
    }
    if (!r->bz.avail_in && made < INFLATE_CHUNK) break;
    if (!used && !made) break; /* no progress: wait for input */
  }
  return r->status;
}

static wn_status compressed_input(wn_reader *r, const unsigned char *s, size_t n) {
  switch (r->codec) {
  case CODEC_GZIP: return gzip_input(r, s, n);
  case CODEC_BZIP2: return bzip2_input(r, s, n);
  default: return plain_input(r, (const char *)s, n);
  }
}

static wn_status start_codec(wn_reader *r) {
  const char *other = unsupported_codec(r->magic, r->magic_len);
  if (other) return fail(r, WN_ERR_INPUT, "compressed with %s: not supported", other);
  r->codec = sniff_codec(r->magic, r->magic_len);
  if (r->codec != CODEC_NONE && !(r->inflated = wn_malloc(INFLATE_CHUNK))) return out_of_memory(r);
  return compressed_input(r, r->magic, r->magic_len);
}

/* ---- the interface ---- */

wn_reader *wn_reader_new(const char *name, const wn_read_opts *opts, wn_doc_fn fn, void *user,
                         wn_diag_sink *sink) {
  wn_reader *r = wn_malloc(sizeof *r);
  if (!r) return NULL;
  memset(r, 0, sizeof *r);
  r->name = name;
  r->opts = opts;
  r->fn = fn;
  r->user = user;
  r->sink = sink;
  r->line = r->col = 1;
  r->progress = opts && opts->progress;
  clock_gettime(CLOCK_MONOTONIC, &r->start);
  r->shown = r->start;
  return r;
}

void wn_reader_set_size(wn_reader *r, uint64_t size) { r->size = size; }

bool wn_reader_stopped(const wn_reader *r) { return r->stopped; }

wn_status wn_reader_feed(wn_reader *r, const char *data, size_t n) {
  if (r->stopped) return r->status;
  r->raw += n;
  const unsigned char *s = (const unsigned char *)data;
  if (r->codec == CODEC_UNKNOWN) {
    size_t take = MAGIC_BYTES - r->magic_len;
    if (take > n) take = n;
    memcpy(r->magic + r->magic_len, s, take);
    r->magic_len += take;
    s += take;
    n -= take;
    if (r->magic_len < MAGIC_BYTES) return WN_OK;
    wn_status st = start_codec(r);
    if (st != WN_OK || r->stopped) return st;
  }
  wn_status st = r->trailing ? WN_OK : compressed_input(r, s, n);
  show_progress(r, false);
  return st;
}

/* The end of the input: flush every stage, report what is incomplete. */
static void end_input(wn_reader *r, const char *cause, wn_status cause_status) {
  if (r->codec == CODEC_UNKNOWN) start_codec(r);
  if (r->stopped) return;
  char cut[160];
  if (!cause && r->in_stream && r->stream_in > 0) {
    snprintf(cut, sizeof cut,
             "truncated %s data: the input ends inside compressed stream %u, at byte %" PRIu64,
             r->codec == CODEC_GZIP ? "gzip" : "bzip2", r->streams, r->raw);
    cause = cut;
    cause_status = WN_ERR_INPUT;
  }
  if (r->kind == KIND_UNKNOWN) start_text(r, true);
  if (r->stopped) return;
  decode(r, "", 0, true);
  if (r->stopped) return;
  if (r->bad > 1)
    wn_report(r->sink, r->name, 0, 0, WN_WARNING,
              "%" PRIu64 " invalid sequences replaced by U+FFFD in all", r->bad);
  if (r->dump)
    stop(r, wn_dump_finish(r->dump, cause, cause_status));
  else if (cause)
    fail(r, cause_status, "%s: the document is incomplete and was not read", cause);
  else
    deliver_doc(r);
  r->stopped = true;
}

static wn_status reader_end(wn_reader *r, const char *cause, wn_status cause_status) {
  if (!r->stopped) end_input(r, cause, cause_status);
  if (r->progress) {
    show_progress(r, true);
    r->progress = false;
  }
  return r->status;
}

wn_status wn_reader_finish(wn_reader *r) { return reader_end(r, NULL, WN_OK); }

void wn_reader_free(wn_reader *r) {
  if (!r) return;
  if (r->z_live) inflateEnd(&r->z);
  if (r->bz_live) BZ2_bzDecompressEnd(&r->bz);
  wn_free(r->inflated);
  wn_free(r->scratch);
  wn_dump_free(r->dump);
  wn_buf_free(&r->head);
  wn_buf_free(&r->clean);
  wn_buf_free(&r->doc);
  wn_free(r);
}

/* ---- files and standard input ---- */

/* One read(2): a pipe's data is parsed as it comes, so a slow producer's
 * pages come out at once. */
static ssize_t read_some(int fd, char *buf, size_t n) {
  for (;;) {
    ssize_t k = read(fd, buf, n);
    if (k >= 0 || errno != EINTR) return k;
  }
}

wn_status wn_read_path(const char *path, const wn_read_opts *opts, wn_doc_fn fn, void *user,
                       wn_diag_sink *sink) {
  bool is_stdin = !strcmp(path, "-");
  const char *name = is_stdin ? "<stdin>" : path;
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    wn_report(sink, name, 0, 0, WN_ERROR, "cannot open: %s", strerror(errno));
    return WN_ERR_IO;
  }
  struct stat sb;
  bool have_stat = fstat(fd, &sb) == 0;
  if (have_stat && S_ISDIR(sb.st_mode)) {
    wn_report(sink, name, 0, 0, WN_ERROR, "cannot read: %s", strerror(EISDIR));
    if (!is_stdin) close(fd);
    return WN_ERR_IO;
  }
  wn_reader *r = wn_reader_new(name, opts, fn, user, sink);
  char *buf = wn_malloc(READ_CHUNK);
  if (!r || !buf) {
    wn_report(sink, name, 0, 0, WN_ERROR, "out of memory");
    wn_reader_free(r);
    wn_free(buf);
    if (!is_stdin) close(fd);
    return WN_ERR_NOMEM;
  }
  if (have_stat && S_ISREG(sb.st_mode)) {
    off_t at = lseek(fd, 0, SEEK_CUR);
    wn_reader_set_size(r, (uint64_t)sb.st_size - (uint64_t)(at > 0 ? at : 0));
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  }
  wn_status st = WN_OK;
  for (;;) {
    ssize_t n = read_some(fd, buf, READ_CHUNK);
    if (n < 0) {
      char cause[200];
      snprintf(cause, sizeof cause, "read error: %s", strerror(errno));
      st = reader_end(r, cause, WN_ERR_IO);
      break;
    }
    if (n == 0) {
      st = wn_reader_finish(r);
      break;
    }
    wn_reader_feed(r, buf, (size_t)n);
    if (wn_reader_stopped(r)) {
      st = wn_reader_finish(r);
      break;
    }
  }
  wn_free(buf);
  wn_reader_free(r);
  if (!is_stdin) close(fd);
  return st;
}
