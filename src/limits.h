/*
 * Every limit of wikinorm, with its reason. Inputs beyond a limit are
 * handled (as text, skipped, or an error) and reported, never a crash.
 */
#ifndef WN_LIMITS_H
#define WN_LIMITS_H

/* Nesting depth of templates, links, tags and tables together. MediaWiki
 * caps expansion depth at 100 ($wgMaxTemplateDepth-like); deeper input is
 * kept as text with a warning. Bounds the tokenizer's explicit stack. */
#define WN_MAX_DEPTH 100

/* Largest document text (bytes). Node spans are 32-bit offsets; MediaWiki's
 * own page size limit is 2 MiB by default, dumps can hold larger pages,
 * so 64 MiB leaves room while keeping offsets in 32 bits. */
#define WN_MAX_DOC_BYTES (64u * 1024u * 1024u)

/* Longest template name, in bytes. MediaWiki's page titles are at most 255
 * bytes; {{…}} with a longer name is shown as text, and the tokenizer
 * keeps it as text too. */
#define WN_MAX_TITLE_BYTES 255

/* Diagnostics per document: a broken page must not flood stderr. */
#define WN_MAX_DIAGS_PER_DOC 100

/* XML element depth in a dump; a MediaWiki export is 6 deep. */
#define WN_MAX_XML_DEPTH 64

/* Arena block sizes: the first is small (most arenas are short-lived),
 * later ones double up to one big enough for a typical article. */
#define WN_ARENA_FIRST_BLOCK (4u * 1024u)
#define WN_ARENA_BLOCK (256u * 1024u)

#endif
