/*
 * Internal interfaces of the reader: reader.c turns bytes (a file, a pipe,
 * gzip or bzip2, UTF-8 or UTF-16) into valid UTF-8 and either one document
 * or an XML dump; dump.c turns the UTF-8 of a dump into pages.
 *
 * Both are push interfaces so that tests and the fuzzer can feed them in
 * chunks of any size; wn_read_path drives them from a file descriptor.
 */
#ifndef WN_READER_H
#define WN_READER_H

#include "wikinorm.h"

/* ---- reader.c: any input, pushed in chunks ---- */

typedef struct wn_reader wn_reader;

/* name is the display name used in documents and diagnostics; it must
 * outlive the reader. NULL on allocation failure. */
wn_reader *wn_reader_new(const char *name, const wn_read_opts *opts, wn_doc_fn fn, void *user,
                         wn_diag_sink *sink);
/* Size of the whole input when known (a regular file), for --progress. */
void wn_reader_set_size(wn_reader *r, uint64_t size);
/* Feeds the next n bytes of the input. WN_OK to go on; otherwise reading
 * has stopped (the error is reported) and further input is ignored. A
 * document function asking to stop also ends reading, with WN_OK. */
wn_status wn_reader_feed(wn_reader *r, const char *data, size_t n);
/* Marks the end of the input: delivers what is complete, reports what is
 * not. Returns the status of the whole input. */
wn_status wn_reader_finish(wn_reader *r);
/* True once reading has stopped (error or a document function's wish). */
bool wn_reader_stopped(const wn_reader *r);
void wn_reader_free(wn_reader *r);

/* ---- dump.c: the pages of a MediaWiki XML export ---- */

typedef struct wn_dump wn_dump;

/* NULL on allocation failure. */
wn_dump *wn_dump_new(const char *name, const wn_read_opts *opts, wn_doc_fn fn, void *user,
                     wn_diag_sink *sink);
/* Says how byte offsets in messages relate to the input: "" when they
 * are offsets in the file, else a note such as " of the decompressed
 * data". base is added to every offset (a stripped byte order mark). */
void wn_dump_set_offsets(wn_dump *d, const char *note, uint64_t base);
/* Feeds valid UTF-8 without characters XML forbids, cut only between
 * characters. WN_OK to go on; anything else means parsing has stopped. */
wn_status wn_dump_feed(wn_dump *d, const char *utf8, size_t n);
/* Ends the dump. cause is NULL at a normal end of input, else why the
 * input ended early (a damaged compressed stream, a read error): it is
 * reported instead of the XML parser's complaint. */
wn_status wn_dump_finish(wn_dump *d, const char *cause, wn_status cause_status);
/* Complete pages seen so far (for --progress). */
uint64_t wn_dump_pages(const wn_dump *d);
/* True once parsing has ended (an error, or the document function asked
 * to stop). */
bool wn_dump_stopped(const wn_dump *d);
void wn_dump_free(wn_dump *d);

#endif
