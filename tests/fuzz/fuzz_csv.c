/*
 * Fuzz the CSV reader with its encoding detection. The first byte picks
 * the encoding (detect, utf-8, gb18030, gbk) and how many bytes one read
 * delivers; the rest is the file. Every input is read three times, in one
 * go, in small reads, and in small reads on a second thread (read ahead
 * from the second record on), and all must give the same records, the same
 * error and the same diagnostics: where reads happen to end, or which
 * thread parses, must never change what is parsed.
 * Whatever is returned is well-formed UTF-8 with sane positions.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/buf.h"
#include "cscs/core/text.h"
#include "cscs/intake/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const encodings[] = {NULL, "utf-8", "gb18030", "gbk"};

/* Read every record into out (a transcript); returns the final error. */
static enum cscs_error read_all(const char *text, size_t len, const char *encoding, size_t max_read,
				bool ahead, struct cscs_buf *out)
{
	struct cscs_diag_list dl;
	struct cscs_csv_reader *r;
	cscs_diag_list_init(&dl);
	enum cscs_error err = cscs_csv_open_mem(&r, text, len, "fuzz.csv", encoding, &dl);
	if (err)
		abort(); /* the encodings are known, memory does not run out here */
	cscs_csv_set_max_read(r, max_read);
	unsigned long last_line = 0;
	size_t n_rows = 0;
	for (;;) {
		/* read ahead from the second record on (the first is done with: it would be overwritten) */
		if (ahead && n_rows == 1 && cscs_csv_read_ahead(r) != CSCS_OK)
			abort();
		const struct cscs_csv_row *row;
		err = cscs_csv_next(r, &row, &dl);
		if (err || !row)
			break;
		if (row->n_fields == 0 || row->line <= last_line)
			abort();
		last_line = row->line;
		n_rows++;
		cscs_buf_addf(out, "row %lu %zu\n", row->line, row->n_fields);
		for (size_t i = 0; i < row->n_fields; i++) {
			size_t bad;
			if (row->fields[i][row->field_len[i]] != '\0' || row->col[i] == 0 ||
			    row->field_line[i] < row->line ||
			    !cscs_utf8_valid(row->fields[i], row->field_len[i], &bad))
				abort();
			cscs_buf_addf(out, " %lu:%lu %zu ", row->field_line[i], row->col[i], row->field_len[i]);
			cscs_buf_add(out, row->fields[i], row->field_len[i]);
			cscs_buf_addc(out, '\n');
		}
	}
	if (err && dl.n_errors == 0)
		abort(); /* an error always says where and why */
	cscs_buf_addf(out, "error %d\n", (int)err);
	for (size_t i = 0; i < dl.n; i++) {
		char line[4096];
		cscs_buf_addf(out, "%s\n", cscs_diag_format(&dl.items[i], line, sizeof(line)));
	}
	/*
	 * The encoding is settled once the file has been read to its end. An
	 * error before the bytes that decide it (a NUL byte in the first line,
	 * say) leaves it as far as the reader had looked, which depends on how
	 * much one read delivered: compare it only for a file read whole.
	 */
	if (!err)
		cscs_buf_addf(out, "encoding %s\n", cscs_csv_encoding(r));
	cscs_csv_close(r);
	cscs_diag_list_finish(&dl);
	return err;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *encoding = encodings[data[0] & 3];
	size_t k = 1 + (data[0] >> 2);
	size_t max_read = k * k; /* 1..4096 bytes per read, most of them small */
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	struct cscs_buf whole = CSCS_BUF_INIT, pieces = CSCS_BUF_INIT, ahead = CSCS_BUF_INIT;
	read_all(text, len, encoding, 0, false, &whole);
	read_all(text, len, encoding, max_read, false, &pieces);
	read_all(text, len, encoding, max_read, true, &ahead);
	if (whole.oom || pieces.oom || ahead.oom)
		abort();
	if (whole.len != pieces.len || memcmp(whole.data, pieces.data, whole.len) != 0)
		abort(); /* the split into reads changed the result */
	if (whole.len != ahead.len || memcmp(whole.data, ahead.data, whole.len) != 0)
		abort(); /* reading ahead changed the result */
	cscs_buf_finish(&whole);
	cscs_buf_finish(&pieces);
	cscs_buf_finish(&ahead);
	return 0;
}
