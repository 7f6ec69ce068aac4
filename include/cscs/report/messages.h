/*
 * The tool's messages in another language: a catalogue of "English<TAB>
 * translation" lines (templates/labels/messages.LANG.tsv) where {1}..{9}
 * stand for the parts that vary. The English text is the key, as in gettext,
 * but matched against the finished message: the import's warnings and the
 * check results' reasons are stored in English and a report in another
 * language words them when it shows them.
 */
#ifndef CSCS_REPORT_MESSAGES_H
#define CSCS_REPORT_MESSAGES_H

#include <stddef.h>

#include "cscs/core/buf.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"

struct cscs_messages;

/*
 * Read DATADIR/templates/labels/messages.LANG.tsv into *out. A language
 * without a catalogue (English) gives *out = NULL and CSCS_OK. A malformed
 * line is an error naming file and line.
 */
enum cscs_error cscs_messages_load(struct cscs_messages **out, const char *datadir, const char *lang,
				   struct cscs_diag_list *dl);

/* Parse a catalogue held in memory; path names it in diagnostics. */
enum cscs_error cscs_messages_parse(struct cscs_messages **out, const char *path, const char *text, size_t len,
				    struct cscs_diag_list *dl);

void cscs_messages_free(struct cscs_messages *m);

/*
 * Append text to out in the catalogue's language: the first line whose
 * English matches the whole text, its parts translated in turn; else the
 * pieces between "; " each translated where a line matches them; else the
 * text as it is. m may be NULL (the text as it is).
 */
void cscs_messages_put(const struct cscs_messages *m, const char *text, struct cscs_buf *out);

#endif
