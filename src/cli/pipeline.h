/*
 * The command line's pipeline (src/cli/pipeline.c): the calling thread
 * reads, N workers run a work function per document, one writer prints
 * results and diagnostics in input order. Threads, FILE * and stderr live
 * here, outside the library.
 */
#ifndef WN_CLI_PIPELINE_H
#define WN_CLI_PIPELINE_H

#include <stdio.h>

#include "wikinorm.h"

/* Processes one document into out (owned by the pipeline; diagnostics go
 * to diags, formatted and printed to stderr in input order). Runs on a
 * worker thread; a is the worker's arena, reset after each document.
 * Returns 0, or non-zero for a failure worth exit status 2. */
typedef int (*wn_work_fn)(void *user, wn_arena *a, const wn_doc *doc, wn_buf *out,
                          wn_diag_sink *diags);

typedef struct wn_pipeline_opts {
  unsigned jobs;            /* 0 = number of cores; 1 = no thread at all */
  FILE *out;                /* results; NULL = none (merge, diff, check gather) */
  const wn_read_opts *read; /* lang, namespaces (progress is set by the pipeline) */
  bool progress;            /* --progress: shown when stderr is a terminal */
  const char *out_name;     /* names out in messages; NULL = "<stdout>" */
} wn_pipeline_opts;

/* Reads every path and runs fn on each document. Returns a bitwise OR of
 * fn results (and 1 after a write error); *st receives the worst read
 * status. Output is flushed after each document. */
int wn_pipeline_run(const char *const *paths, size_t count, const wn_pipeline_opts *opts,
                    wn_work_fn fn, void *user, wn_status *st);

/* Prints d on stderr as "file:line:col: severity: message"; a wn_diag_fn
 * (user unused). */
void wn_cli_print_diag(void *user, const wn_diag *d);

#endif
