/* The one-time set-up the normalizing fuzz targets share: a context with
 * the embedded mappings and lexicons, and an arena reused per input. */
#ifndef WN_FUZZ_CONTEXT_H
#define WN_FUZZ_CONTEXT_H
#include <stdlib.h>

#include "wikinorm.h"

static wn_context *g_ctx;
static wn_arena *g_arena;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  wn_context_opts co = {0};
  wn_diag_sink sink = {0};
  if (wn_context_new(&co, &sink, &g_ctx) != WN_OK) abort();
  g_arena = wn_arena_new();
  if (!g_arena) abort();
  return 0;
}
#endif
