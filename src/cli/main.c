/* The command line: subcommands, options, exit codes. The documents flow
 * through the pipeline (pipeline.c); records stay in memory as wn_record
 * values from wn_normalize to wn_merge, wn_diff and wn_check. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline.h"
#include "wikinorm.h"

enum { EXIT_SAME = 0, EXIT_DIFFER = 1, EXIT_TROUBLE = 2 };

typedef enum { OUT_AUTO, OUT_JSON, OUT_JSONL, OUT_TEXT } out_format;

typedef struct options {
  out_format format;
  const char *lang;
  const char *output;
  const char **mappings, **lexicons;
  size_t mapping_count, lexicon_count;
  unsigned jobs;
  bool progress;
  int ns[64];
  size_t ns_count;
  const char **files;
  size_t file_count;
} options;

static const char usage_text[] =
    "usage: wikinorm [OPTIONS] [FILE...]     normalize: one record per infobox\n"
    "       wikinorm parse [OPTIONS] [FILE...]  the node tree of each document\n"
    "       wikinorm merge [OPTIONS] [FILE...]  one merged record per mission\n"
    "       wikinorm diff [OPTIONS] A B         differences; exit 0 same, 1 differ, 2 trouble\n"
    "       wikinorm check [OPTIONS] [FILE...]  internal consistency checks\n"
    "\n"
    "FILE is wikitext, rendered text (= Title = / - Key: Value), a MediaWiki XML\n"
    "dump (plain, .gz, .bz2), or JSON records; standard input when none or \"-\".\n"
    "\n"
    "  -f, --format json|jsonl|text  output form (jsonl unless one record on a terminal)\n"
    "  -l, --lang CODE               language of the input when it cannot be told\n"
    "      --mapping FILE            extra or overriding infobox mappings\n"
    "      --lexicon FILE            extra zh<TAB>en names\n"
    "      --ns N[,N...]             dump namespaces to read (default 0)\n"
    "  -j, --jobs N                  worker threads (default: cores)\n"
    "      --progress                progress on stderr when it is a terminal\n"
    "  -o, --output FILE             write here instead of standard output\n"
    "  -h, --help                    this help\n"
    "  -V, --version                 version\n"
    "\n"
    "Exit: 0 success; 1 differences or failed checks (diff, check); 2 usage or input errors.\n";

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "wikinorm: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry 'wikinorm --help'.\n");
  return EXIT_TROUBLE;
}

static int parse_ns_list(options *o, const char *s) {
  while (*s) {
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || o->ns_count >= sizeof o->ns / sizeof o->ns[0]) return -1;
    o->ns[o->ns_count++] = (int)v;
    s = *end == ',' ? end + 1 : end;
    if (*end && *end != ',') return -1;
  }
  return 0;
}

/* Returns -1 to go on, or an exit code. */
static int parse_options(int argc, char **argv, options *o) {
  static const struct option longopts[] = {{"format", required_argument, 0, 'f'},
                                           {"lang", required_argument, 0, 'l'},
                                           {"mapping", required_argument, 0, 'M'},
                                           {"lexicon", required_argument, 0, 'L'},
                                           {"ns", required_argument, 0, 'N'},
                                           {"jobs", required_argument, 0, 'j'},
                                           {"progress", no_argument, 0, 'P'},
                                           {"output", required_argument, 0, 'o'},
                                           {"help", no_argument, 0, 'h'},
                                           {"version", no_argument, 0, 'V'},
                                           {0, 0, 0, 0}};
  o->mappings = calloc((size_t)argc, sizeof *o->mappings);
  o->lexicons = calloc((size_t)argc, sizeof *o->lexicons);
  if (!o->mappings || !o->lexicons) return EXIT_TROUBLE;
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, "f:l:j:o:hV", longopts, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (!strcmp(optarg, "json"))
        o->format = OUT_JSON;
      else if (!strcmp(optarg, "jsonl"))
        o->format = OUT_JSONL;
      else if (!strcmp(optarg, "text"))
        o->format = OUT_TEXT;
      else
        return usage_error("unknown format '%s' (json, jsonl or text)", optarg);
      break;
    case 'l': o->lang = optarg; break;
    case 'M': o->mappings[o->mapping_count++] = optarg; break;
    case 'L': o->lexicons[o->lexicon_count++] = optarg; break;
    case 'N':
      if (parse_ns_list(o, optarg)) return usage_error("bad namespace list '%s'", optarg);
      break;
    case 'j': {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (*end || v < 1 || v > 256) return usage_error("bad job count '%s' (1 to 256)", optarg);
      o->jobs = (unsigned)v;
      break;
    }
    case 'P': o->progress = true; break;
    case 'o': o->output = optarg; break;
    case 'h': fputs(usage_text, stdout); return EXIT_SUCCESS;
    case 'V': printf("wikinorm %s\n", wn_version_string()); return EXIT_SUCCESS;
    default: fputs("Try 'wikinorm --help'.\n", stderr); return EXIT_TROUBLE;
    }
  }
  o->files = (const char **)argv + optind;
  o->file_count = (size_t)(argc - optind);
  return -1;
}

/* ---- per-document work ---- */

typedef struct run {
  const options *opt;
  wn_context *ctx;
  bool pretty;
  wn_record_list *records; /* merge, diff, check: gathered here */
  const char *command;
} run;

static int work_parse(void *user, wn_arena *a, const wn_doc *doc, wn_buf *out,
                      wn_diag_sink *diags) {
  run *r = user;
  if (doc->format == WN_FORMAT_JSON) {
    wn_report(diags, doc->file, 1, 1, WN_ERROR, "JSON input cannot be parsed as wikitext");
    return 1;
  }
  wn_tree tree;
  wn_status st = wn_tokenize(a, doc->text, doc->len, doc->line, doc->col, doc->file, diags, &tree);
  if (st != WN_OK) {
    wn_report(diags, doc->file, doc->line, doc->col, WN_ERROR, "cannot tokenize: %s",
              wn_status_str(st));
    return 1;
  }
  if (!wn_tree_json(&tree, doc, r->pretty, out) || !wn_buf_putc(out, '\n')) return 1;
  return 0;
}

/* Where the records of one document go: written into the document's
 * output, or kept in a list. */
typedef struct sink_records {
  wn_buf *out; /* normalize: each record as JSON, one per line */
  bool pretty;
  wn_record_list *list; /* merge, diff, check */
  bool nomem;
} sink_records;

static int take_record(void *user, const wn_record *rec) {
  sink_records *s = user;
  bool ok = s->list ? wn_record_list_add(s->list, rec) == WN_OK
                    : wn_record_write_json(rec, s->pretty, s->out) && wn_buf_putc(s->out, '\n');
  if (!ok) s->nomem = true;
  return !ok; /* out of memory: the rest of the document would be lost anyway */
}

/* Runs wn_normalize on doc into s; a record that could not be kept makes
 * the document fail as out of memory. */
static int normalize_doc(run *r, wn_arena *a, const wn_doc *doc, sink_records *s,
                         wn_diag_sink *diags) {
  unsigned n = 0;
  wn_status st = wn_normalize(r->ctx, a, doc, take_record, s, &n, diags);
  if (st == WN_OK && s->nomem) st = WN_ERR_NOMEM;
  if (st != WN_OK) {
    wn_report(diags, doc->file, doc->line, doc->col, WN_ERROR, "cannot normalize: %s",
              wn_status_str(st));
    return 1;
  }
  return 0;
}

static int work_normalize(void *user, wn_arena *a, const wn_doc *doc, wn_buf *out,
                          wn_diag_sink *diags) {
  run *r = user;
  if (doc->format == WN_FORMAT_JSON) {
    wn_report(diags, doc->file, 1, 1, WN_ERROR,
              "input is JSON records already; use 'wikinorm merge' to combine them");
    return 1;
  }
  sink_records s = {out, r->pretty, NULL, false};
  return normalize_doc(r, a, doc, &s, diags);
}

/* merge/diff/check run with one job, so documents arrive in order on this
 * thread and records can be gathered directly: in memory, never as JSON
 * text (JSON inputs are read by the one JSON reader). */
static int work_gather(void *user, wn_arena *a, const wn_doc *doc, wn_buf *out,
                       wn_diag_sink *diags) {
  run *r = user;
  (void)out;
  if (doc->format == WN_FORMAT_JSON)
    return wn_record_list_read_json(r->records, r->ctx, doc->text, doc->len, doc->file, diags) !=
           WN_OK;
  sink_records s = {NULL, false, r->records, false};
  return normalize_doc(r, a, doc, &s, diags);
}

static const char *output_name(const options *o) {
  return o->output && strcmp(o->output, "-") ? o->output : "<stdout>";
}

static FILE *open_output(const options *o) {
  if (!o->output || !strcmp(o->output, "-")) return stdout;
  FILE *f = fopen(o->output, "w");
  if (!f)
    fprintf(stderr, "wikinorm: %s: cannot open for writing: %s\n", o->output, strerror(errno));
  return f;
}

/* A write error (closed pipe, full disk) must not pass silently. The
 * pipeline reports its own write errors (and marks the stream), so an
 * error already on the stream is not reported twice. */
static int close_output(FILE *f, const options *o) {
  bool reported = ferror(f);
  int bad = fflush(f) != 0 || ferror(f);
  if (f != stdout) bad |= fclose(f) != 0;
  if (bad && !reported) {
    fprintf(stderr, "wikinorm: %s: write error: %s\n", output_name(o), strerror(errno));
  }
  return bad ? EXIT_TROUBLE : EXIT_SUCCESS;
}

static int run_inputs(run *r, const char **files, size_t count, wn_work_fn fn, FILE *out,
                      unsigned jobs) {
  static const char *stdin_only[] = {"-"};
  if (!count) files = stdin_only, count = 1;
  wn_read_opts ro = {r->opt->lang, r->opt->ns_count ? r->opt->ns : NULL, r->opt->ns_count, NULL,
                     NULL};
  wn_pipeline_opts po = {jobs, out, &ro, r->opt->progress, output_name(r->opt)};
  wn_status st = WN_OK;
  int bad = wn_pipeline_run(files, count, &po, fn, r, &st);
  return bad || st != WN_OK;
}

static bool want_pretty(const options *o, FILE *out) {
  if (o->format == OUT_JSON) return true;
  if (o->format == OUT_JSONL) return false;
  return isatty(fileno(out));
}

static int new_context(const options *o, wn_context **ctx) {
  wn_context_opts co = {o->mappings, o->mapping_count, o->lexicons, o->lexicon_count};
  wn_diag_sink sink = {wn_cli_print_diag, NULL, 0, 0};
  wn_status st = wn_context_new(&co, &sink, ctx);
  if (st != WN_OK) {
    fprintf(stderr, "wikinorm: cannot load mappings or lexicons: %s\n", wn_status_str(st));
    return EXIT_TROUBLE;
  }
  return EXIT_SUCCESS;
}

/* A failed fwrite marks the stream, and close_output then stays silent
 * (as after the pipeline's own report): the failure is reported here. */
static int write_buf(FILE *out, const wn_buf *b, const options *o) {
  if (b->failed) {
    fprintf(stderr, "wikinorm: out of memory while writing output\n");
    return EXIT_TROUBLE;
  }
  if (b->len && fwrite(b->data, 1, b->len, out) != b->len) {
    fprintf(stderr, "wikinorm: %s: write error: %s\n", output_name(o), strerror(errno));
    return EXIT_TROUBLE;
  }
  return EXIT_SUCCESS;
}

static int cmd_stream(options *o, const char *command, wn_work_fn fn) {
  run r = {o, NULL, false, NULL, command};
  if (fn == work_normalize && new_context(o, &r.ctx)) return EXIT_TROUBLE;
  FILE *out = open_output(o);
  if (!out) return wn_context_free(r.ctx), EXIT_TROUBLE;
  r.pretty = want_pretty(o, out);
  int bad = run_inputs(&r, o->files, o->file_count, fn, out, o->jobs);
  int rc = close_output(out, o);
  wn_context_free(r.ctx);
  return rc ? rc : bad ? EXIT_TROUBLE : EXIT_SUCCESS;
}

static int gather(run *r, const char **files, size_t count) {
  return run_inputs(r, files, count, work_gather, NULL, 1);
}

/* Each merged record as JSON, one per line (pretty: indented, as today). */
static bool write_records(const wn_record_list *l, bool pretty, wn_buf *b) {
  for (size_t i = 0; i < wn_record_list_count(l); i++)
    if (!wn_record_write_json(wn_record_list_get(l, i), pretty, b) || !wn_buf_putc(b, '\n'))
      return false;
  return true;
}

static int cmd_merge(options *o) {
  run r = {o, NULL, false, wn_record_list_new(), "merge"};
  if (!r.records || new_context(o, &r.ctx)) return wn_record_list_free(r.records), EXIT_TROUBLE;
  int bad = gather(&r, o->files, o->file_count);
  FILE *out = open_output(o);
  int rc = EXIT_TROUBLE;
  wn_record_list *merged = wn_record_list_new();
  if (out) {
    wn_buf b;
    wn_buf_init(&b);
    wn_status st = merged ? wn_merge(r.ctx, r.records, merged) : WN_ERR_NOMEM;
    if (st == WN_OK) write_records(merged, want_pretty(o, out), &b);
    rc = st != WN_OK ? EXIT_TROUBLE : write_buf(out, &b, o);
    rc |= close_output(out, o);
    wn_buf_free(&b);
  }
  wn_record_list_free(merged);
  wn_record_list_free(r.records);
  wn_context_free(r.ctx);
  return rc ? EXIT_TROUBLE : bad ? EXIT_TROUBLE : EXIT_SUCCESS;
}

static int cmd_diff(options *o) {
  if (o->file_count != 2) return usage_error("%s", "diff takes exactly two inputs: A B");
  run ra = {o, NULL, false, wn_record_list_new(), "diff"};
  run rb = ra;
  rb.records = wn_record_list_new();
  int rc = EXIT_TROUBLE;
  if (ra.records && rb.records && !new_context(o, &ra.ctx)) {
    rb.ctx = ra.ctx;
    int bad = gather(&ra, o->files, 1) | gather(&rb, o->files + 1, 1);
    FILE *out = open_output(o);
    if (out) {
      wn_buf b;
      wn_buf_init(&b);
      int d = 2;
      size_t na = wn_record_list_count(ra.records), nb = wn_record_list_count(rb.records);
      if (!na || !nb)
        fprintf(stderr, "wikinorm diff: error: the %s input has no record to compare\n",
                !na ? "first" : "second");
      else
        d = wn_diff(ra.ctx, ra.records, rb.records, o->format == OUT_JSON, &b);
      rc = write_buf(out, &b, o) | close_output(out, o);
      rc = rc ? EXIT_TROUBLE : bad ? EXIT_TROUBLE : d;
      wn_buf_free(&b);
    }
  }
  wn_record_list_free(ra.records);
  wn_record_list_free(rb.records);
  wn_context_free(ra.ctx);
  return rc;
}

static int cmd_check(options *o) {
  run r = {o, NULL, false, wn_record_list_new(), "check"};
  if (!r.records || new_context(o, &r.ctx)) return EXIT_TROUBLE;
  int bad = gather(&r, o->files, o->file_count);
  FILE *out = open_output(o);
  int rc = EXIT_TROUBLE;
  if (out) {
    wn_buf b;
    wn_buf_init(&b);
    wn_diag_sink sink = {wn_cli_print_diag, NULL, 0, 0};
    unsigned failures = wn_check(r.ctx, r.records, o->format == OUT_JSON, &b, &sink);
    rc = write_buf(out, &b, o) | close_output(out, o);
    rc = rc ? EXIT_TROUBLE : bad ? EXIT_TROUBLE : failures ? EXIT_DIFFER : EXIT_SUCCESS;
    wn_buf_free(&b);
  }
  wn_record_list_free(r.records);
  wn_context_free(r.ctx);
  return rc;
}

int main(int argc, char **argv) {
  /* A closed pipe must surface as a write error (exit 2), not a silent
   * death by SIGPIPE that looks like success to `set -o pipefail`-less
   * shells. */
  signal(SIGPIPE, SIG_IGN);
  const char *sub = argc > 1 ? argv[1] : "";
  static const char *const subs[] = {"parse", "merge", "diff", "check", "normalize"};
  size_t k = 0;
  for (; k < sizeof subs / sizeof subs[0]; k++)
    if (!strcmp(sub, subs[k])) break;
  bool has_sub = k < sizeof subs / sizeof subs[0];
  options o = {0};
  int rc = parse_options(has_sub ? argc - 1 : argc, has_sub ? argv + 1 : argv, &o);
  if (rc < 0) {
    if (!has_sub || !strcmp(sub, "normalize"))
      rc = cmd_stream(&o, "normalize", work_normalize);
    else if (!strcmp(sub, "parse"))
      rc = cmd_stream(&o, "parse", work_parse);
    else if (!strcmp(sub, "merge"))
      rc = cmd_merge(&o);
    else if (!strcmp(sub, "diff"))
      rc = cmd_diff(&o);
    else
      rc = cmd_check(&o);
  }
  free(o.mappings);
  free(o.lexicons);
  return rc;
}
