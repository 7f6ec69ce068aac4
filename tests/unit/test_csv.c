/* The streaming CSV reader: RFC 4180, line endings, BOM, encodings, errors, bounded memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cscs/intake/csv.h"

#ifdef NDEBUG
#error "these tests rely on assert()"
#endif

static char tmp_path[64];

static const char *write_tmp(const void *data, size_t len)
{
	snprintf(tmp_path, sizeof(tmp_path), "/tmp/cscs-test-csv-XXXXXX");
	int fd = mkstemp(tmp_path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return tmp_path;
}

struct parsed {
	size_t n_rows;
	char text[4096]; /* rows as "line:f1|f2|...\n" */
	enum cscs_error err;
	struct cscs_diag_list dl;
	char encoding[16];
};

static void parse_bytes(const void *data, size_t len, const char *encoding, struct parsed *out)
{
	memset(out, 0, sizeof(*out));
	cscs_diag_list_init(&out->dl);
	const char *path = write_tmp(data, len);
	struct cscs_csv_reader *r;
	out->err = cscs_csv_open(&r, path, "t.csv", encoding, &out->dl);
	if (out->err) {
		unlink(path);
		return;
	}
	size_t n = 0;
	for (;;) {
		const struct cscs_csv_row *row;
		out->err = cscs_csv_next(r, &row, &out->dl);
		if (out->err || !row)
			break;
		out->n_rows++;
		if (n > sizeof(out->text) - 512)
			continue; /* keep only the first rows of long inputs */
		n += (size_t)snprintf(out->text + n, sizeof(out->text) - n, "%lu:", row->line);
		for (size_t i = 0; i < row->n_fields; i++) {
			assert_int_equal(strlen(row->fields[i]), row->field_len[i]);
			n += (size_t)snprintf(out->text + n, sizeof(out->text) - n, "%s%s", i ? "|" : "", row->fields[i]);
		}
		n += (size_t)snprintf(out->text + n, sizeof(out->text) - n, "\n");
	}
	snprintf(out->encoding, sizeof(out->encoding), "%s", cscs_csv_encoding(r));
	cscs_csv_close(r);
	unlink(path);
}

static void parse_str(const char *s, struct parsed *out)
{
	parse_bytes(s, strlen(s), NULL, out);
}

static void test_plain_lf_and_crlf(void **state)
{
	(void)state;
	struct parsed p;
	parse_str("a,b,c\n1,2,3\n", &p);
	assert_int_equal(p.err, CSCS_OK);
	assert_string_equal(p.text, "1:a|b|c\n2:1|2|3\n");
	cscs_diag_list_finish(&p.dl);
	parse_str("a,b,c\r\n1,2,3\r\n", &p);
	assert_string_equal(p.text, "1:a|b|c\n2:1|2|3\n");
	cscs_diag_list_finish(&p.dl);
	/* no final newline */
	parse_str("a,b\r\n1,2", &p);
	assert_string_equal(p.text, "1:a|b\n2:1|2\n");
	cscs_diag_list_finish(&p.dl);
}

static void test_quotes(void **state)
{
	(void)state;
	struct parsed p;
	parse_str("name,note\n\"Acme, Inc.\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\nlast,\"\"\n", &p);
	assert_int_equal(p.err, CSCS_OK);
	assert_string_equal(p.text, "1:name|note\n2:Acme, Inc.|say \"hi\"\n3:two\nlines|x\n5:last|\n");
	cscs_diag_list_finish(&p.dl);
}

static void test_bom_and_blank_lines(void **state)
{
	(void)state;
	struct parsed p;
	parse_str("\xEF\xBB\xBF" "a,b\n\n1,2\n\r\n\n\n", &p);
	assert_int_equal(p.err, CSCS_OK);
	assert_string_equal(p.text, "1:a|b\n3:1|2\n");
	assert_string_equal(p.encoding, "utf-8");
	cscs_diag_list_finish(&p.dl);
	parse_str("", &p);
	assert_int_equal(p.err, CSCS_OK);
	assert_int_equal(p.n_rows, 0);
	cscs_diag_list_finish(&p.dl);
	parse_str("\xEF\xBB\xBF", &p);
	assert_int_equal(p.err, CSCS_OK);
	assert_int_equal(p.n_rows, 0);
	cscs_diag_list_finish(&p.dl);
}

static void test_columns(void **state)
{
	(void)state;
	const char *s = "名称,b\n\"甲乙\",丙,\"x\ny\",z\n";
	const char *path = write_tmp(s, strlen(s));
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_csv_reader *r;
	assert_int_equal(cscs_csv_open(&r, path, NULL, NULL, &dl), CSCS_OK);
	const struct cscs_csv_row *row;
	assert_int_equal(cscs_csv_next(r, &row, &dl), CSCS_OK);
	assert_int_equal(row->col[1], 4);
	assert_int_equal(cscs_csv_next(r, &row, &dl), CSCS_OK);
	assert_int_equal(row->n_fields, 4);
	assert_int_equal(row->col[0], 1);
	assert_int_equal(row->col[1], 6);
	assert_int_equal(row->col[2], 8);
	assert_int_equal(row->field_line[2], 2);
	assert_int_equal(row->col[3], 4);
	assert_int_equal(row->field_line[3], 3);
	assert_int_equal(cscs_csv_next(r, &row, &dl), CSCS_OK);
	assert_null(row);
	cscs_csv_close(r);
	cscs_diag_list_finish(&dl);
	unlink(path);
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	struct parsed p;
	parse_str("a,b\n1,2\n3,\"open\nmore\n", &p);
	assert_int_equal(p.err, CSCS_ERR_INPUT);
	assert_int_equal(p.n_rows, 2);
	assert_int_equal(p.dl.n, 1);
	assert_int_equal(p.dl.items[0].line, 3);
	assert_int_equal(p.dl.items[0].col, 3);
	assert_non_null(strstr(p.dl.items[0].message, "unterminated quote"));
	cscs_diag_list_finish(&p.dl);
}

static void test_gb18030_detected(void **state)
{
	(void)state;
	/* "名称,金额\n甲公司,5万元\n" in GB18030 */
	const char gb[] = "\xC3\xFB\xB3\xC6,\xBD\xF0\xB6\xEE\n\xBC\xD7\xB9\xAB\xCB\xBE,5\xCD\xF2\xD4\xAA\n";
	struct parsed p;
	parse_bytes(gb, sizeof(gb) - 1, NULL, &p);
	assert_int_equal(p.err, CSCS_OK);
	assert_string_equal(p.encoding, "gb18030");
	assert_string_equal(p.text, "1:名称|金额\n2:甲公司|5万元\n");
	cscs_diag_list_finish(&p.dl);
	/* the same bytes forced to UTF-8 are an error at line 1, column 1 */
	parse_bytes(gb, sizeof(gb) - 1, "utf-8", &p);
	assert_int_equal(p.err, CSCS_ERR_INPUT);
	assert_int_equal(p.dl.items[0].line, 1);
	assert_int_equal(p.dl.items[0].col, 1);
	cscs_diag_list_finish(&p.dl);
}

static void test_gb_after_long_ascii(void **state)
{
	(void)state;
	/* 300 KB of ASCII before the first Chinese character: beyond one read block. */
	size_t n_lines = 30000;
	size_t cap = n_lines * 12 + 64;
	char *data = malloc(cap);
	size_t n = 0;
	n += (size_t)snprintf(data + n, cap - n, "name,code\n");
	for (size_t i = 0; i < n_lines; i++)
		n += (size_t)snprintf(data + n, cap - n, "n%06zu,%zu\n", i, i % 10);
	memcpy(data + n, "\xD6\xD0,1\n", 5); /* 中 */
	n += 5;
	struct parsed p;
	parse_bytes(data, n, NULL, &p);
	assert_int_equal(p.err, CSCS_OK);
	assert_string_equal(p.encoding, "gb18030");
	assert_int_equal(p.n_rows, n_lines + 2);
	cscs_diag_list_finish(&p.dl);
	free(data);
}

static void test_undecodable_utf8(void **state)
{
	(void)state;
	/* valid UTF-8 first (decides the encoding), then a stray byte on line 3 */
	struct parsed p;
	const char s[] = "名称,b\n甲,1\n乙,\xFF\x41\n";
	parse_bytes(s, sizeof(s) - 1, NULL, &p);
	assert_int_equal(p.err, CSCS_ERR_INPUT);
	assert_int_equal(p.n_rows, 2);
	assert_int_equal(p.dl.items[0].line, 3);
	assert_int_equal(p.dl.items[0].col, 3);
	assert_non_null(strstr(p.dl.items[0].message, "\\xFF"));
	cscs_diag_list_finish(&p.dl);
}

static void test_undecodable_gb18030(void **state)
{
	(void)state;
	/* 0x81 followed by 0x20 is no GB18030 character */
	const char s[] = "\xC3\xFB\xB3\xC6,b\nab,\x81\x20x\n";
	struct parsed p;
	parse_bytes(s, sizeof(s) - 1, "gb18030", &p);
	assert_int_equal(p.err, CSCS_ERR_INPUT);
	assert_int_equal(p.dl.items[0].line, 2);
	assert_int_equal(p.dl.items[0].col, 4);
	cscs_diag_list_finish(&p.dl);
}

static void test_truncated_utf8_at_end(void **state)
{
	(void)state;
	const char s[] = "a\n\xE4\xB8";
	struct parsed p;
	parse_bytes(s, sizeof(s) - 1, "utf-8", &p);
	assert_int_equal(p.err, CSCS_ERR_INPUT);
	assert_int_equal(p.dl.items[0].line, 2);
	cscs_diag_list_finish(&p.dl);
}

static void test_unknown_encoding(void **state)
{
	(void)state;
	struct parsed p;
	parse_bytes("a\n", 2, "latin-9", &p);
	assert_int_equal(p.err, CSCS_ERR_USAGE);
	cscs_diag_list_finish(&p.dl);
}

static void test_long_record(void **state)
{
	(void)state;
	/* One field of 1 MiB (four read blocks, the longest a field may be), quoted, with quotes and newlines in it. */
	size_t big = CSCS_CSV_MAX_FIELD - 1;
	char *data = malloc(big + 64);
	size_t n = 0;
	memcpy(data, "h\n\"", 3);
	n = 3;
	for (size_t i = 0; i < big; i++)
		data[n++] = i % 1000 == 999 ? '\n' : 'x';
	memcpy(data + n, "\"\"\"\nend\n", 8);
	n += 8;
	const char *path = write_tmp(data, n);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_csv_reader *r;
	assert_int_equal(cscs_csv_open(&r, path, NULL, NULL, &dl), CSCS_OK);
	const struct cscs_csv_row *row;
	assert_int_equal(cscs_csv_next(r, &row, &dl), CSCS_OK);
	assert_int_equal(cscs_csv_next(r, &row, &dl), CSCS_OK);
	assert_int_equal(row->field_len[0], big + 1);
	assert_int_equal(row->fields[0][big], '"');
	assert_int_equal(cscs_csv_next(r, &row, &dl), CSCS_OK);
	assert_string_equal(row->fields[0], "end");
	assert_int_equal(row->line, 2 + big / 1000 + (big % 1000 != 0 ? 1 : 0));
	cscs_csv_close(r);
	cscs_diag_list_finish(&dl);
	unlink(path);
	free(data);
}

/* Parse data from a file; expects an input error at line:col whose message holds needle. */
static void expect_limit(const char *data, size_t len, unsigned long line, unsigned long col, const char *needle)
{
	struct parsed p;
	parse_bytes(data, len, NULL, &p);
	assert_int_equal(p.err, CSCS_ERR_INPUT);
	assert_true(p.dl.n > 0);
	if (!strstr(p.dl.items[0].message, needle) || p.dl.items[0].line != line || p.dl.items[0].col != col)
		fprintf(stderr, "%lu:%lu: %s\n", p.dl.items[0].line, p.dl.items[0].col, p.dl.items[0].message);
	assert_non_null(strstr(p.dl.items[0].message, needle));
	assert_int_equal(p.dl.items[0].line, line);
	assert_int_equal(p.dl.items[0].col, col);
	cscs_diag_list_finish(&p.dl);
}

/* Copy text (no terminating NUL) to dst; its length. (A test's sprintf, without the format.) */
static size_t put(char *dst, const char *text)
{
	size_t n = strlen(text);
	memcpy(dst, text, n);
	return n;
}

static void test_limits(void **state)
{
	(void)state;
	size_t cap = CSCS_CSV_MAX_RECORD + 4 * CSCS_CSV_MAX_FIELD;
	char *d = malloc(cap);
	if (!d) {
		fail();
		return;
	}
	/* A field one byte over the limit, unquoted and quoted. */
	size_t n = 0;
	n += put(d, "h,i\nx,");
	memset(d + n, 'a', CSCS_CSV_MAX_FIELD + 1);
	n += CSCS_CSV_MAX_FIELD + 1;
	d[n++] = '\n';
	expect_limit(d, n, 2, 3, "longer than 1 MiB");
	n = put(d, "h\n\"");
	memset(d + n, 'a', CSCS_CSV_MAX_FIELD + 1);
	n += CSCS_CSV_MAX_FIELD + 1;
	n += put(d + n, "\"\n");
	expect_limit(d, n, 2, 1, "longer than 1 MiB");
	/* As many fields as the limit: read; one more: refused where it starts. */
	n = put(d, "h\n");
	memset(d + n, ',', CSCS_CSV_MAX_FIELDS - 1);
	n += CSCS_CSV_MAX_FIELDS - 1;
	d[n++] = '\n';
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_csv_reader *r;
	const struct cscs_csv_row *row;
	assert_int_equal(cscs_csv_open_mem(&r, d, n, "m.csv", NULL, &dl), CSCS_OK);
	assert_int_equal(cscs_csv_next(r, &row, &dl), CSCS_OK);
	assert_int_equal(cscs_csv_next(r, &row, &dl), CSCS_OK);
	assert_non_null(row);
	assert_int_equal(row->n_fields, CSCS_CSV_MAX_FIELDS);
	cscs_csv_close(r);
	cscs_diag_list_finish(&dl);
	n = put(d, "h\n");
	memset(d + n, ',', CSCS_CSV_MAX_FIELDS + 10);
	n += CSCS_CSV_MAX_FIELDS + 10;
	d[n++] = '\n';
	expect_limit(d, n, 2, CSCS_CSV_MAX_FIELDS + 1, "more than 16384 fields");
	/* A record of fields under the field limit that together pass the record limit. */
	n = put(d, "h\n");
	while (n < CSCS_CSV_MAX_RECORD + 2 * CSCS_CSV_MAX_FIELD) {
		memset(d + n, 'b', CSCS_CSV_MAX_FIELD / 2);
		n += CSCS_CSV_MAX_FIELD / 2;
		d[n++] = ',';
	}
	d[n++] = '\n';
	expect_limit(d, n, 2, 1, "longer than 16 MiB");
	free(d);
}

static void test_nul_byte_refused(void **state)
{
	(void)state;
	struct parsed p;
	static const char unquoted[] = "a,b\n1,x\0y\n";
	parse_bytes(unquoted, sizeof(unquoted) - 1, NULL, &p);
	assert_int_equal(p.err, CSCS_ERR_INPUT);
	assert_int_equal(p.n_rows, 1);
	assert_int_equal(p.dl.items[0].line, 2);
	assert_int_equal(p.dl.items[0].col, 4);
	assert_non_null(strstr(p.dl.items[0].message, "NUL byte"));
	cscs_diag_list_finish(&p.dl);
	static const char quoted[] = "a,b\n1,\"x\ny\0\"\n";
	parse_bytes(quoted, sizeof(quoted) - 1, NULL, &p);
	assert_int_equal(p.err, CSCS_ERR_INPUT);
	assert_int_equal(p.dl.items[0].line, 3);
	assert_int_equal(p.dl.items[0].col, 2);
	cscs_diag_list_finish(&p.dl);
}

static void test_utf16_named(void **state)
{
	(void)state;
	struct parsed p;
	static const char le[] = "\xFF\xFE" "a\0,\0b\0\n\0";
	parse_bytes(le, sizeof(le) - 1, NULL, &p);
	assert_int_equal(p.err, CSCS_ERR_INPUT);
	assert_int_equal(p.n_rows, 0);
	assert_non_null(strstr(p.dl.items[0].message, "UTF-16"));
	cscs_diag_list_finish(&p.dl);
	static const char be[] = "\xFE\xFF" "\0a\0,\0b\0\n";
	parse_bytes(be, sizeof(be) - 1, NULL, &p);
	assert_int_equal(p.err, CSCS_ERR_INPUT);
	assert_non_null(strstr(p.dl.items[0].message, "UTF-16"));
	cscs_diag_list_finish(&p.dl);
}

/* Everything read from memory in one go and byte by byte: the same records, the same errors. */
static void read_mem(const char *data, size_t len, const char *encoding, size_t max_read, char *out, size_t cap)
{
	struct cscs_diag_list dl;
	struct cscs_csv_reader *r;
	size_t n = 0;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_csv_open_mem(&r, data, len, "m.csv", encoding, &dl), CSCS_OK);
	cscs_csv_set_max_read(r, max_read);
	enum cscs_error err;
	for (;;) {
		const struct cscs_csv_row *row;
		err = cscs_csv_next(r, &row, &dl);
		if (err || !row)
			break;
		n += (size_t)snprintf(out + n, cap - n, "%lu:", row->line);
		for (size_t i = 0; i < row->n_fields; i++)
			n += (size_t)snprintf(out + n, cap - n, "%s%lu.%lu=%s", i ? "|" : "", row->field_line[i],
					      row->col[i], row->fields[i]);
		n += (size_t)snprintf(out + n, cap - n, "\n");
	}
	char line[512];
	for (size_t i = 0; i < dl.n; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s\n", cscs_diag_format(&dl.items[i], line, sizeof(line)));
	snprintf(out + n, cap - n, "err %d %s", (int)err, cscs_csv_encoding(r));
	cscs_csv_close(r);
	cscs_diag_list_finish(&dl);
}

static void test_read_sizes_do_not_matter(void **state)
{
	(void)state;
	static const char *const inputs[] = {
		("\xEF\xBB\xBF" "a,\"b\"\"c\",d\r\n\r\n1,\"x\ny\",3\r\n"), /* a BOM, then "a" (split: \xBF would take it) */
		"\xC3\xA9,\"\xE4\xB8\xAD\"\n\xE4\xB8",                  /* UTF-8 cut short at the end */
		"\xC4\xE3\xBA\xC3,\"a\r\nb\"\n\xB2\xE2,\xFF\xFF\n",     /* GB18030, then bytes it has no character for */
		"a,\"open\n",
	};
	static const char *const encodings[] = {NULL, "gb18030"};
	static char whole[4096], pieces[4096];
	for (size_t k = 0; k < sizeof(inputs) / sizeof(inputs[0]); k++) {
		for (size_t e = 0; e < 2; e++) {
			for (size_t size = 1; size <= 5; size++) {
				read_mem(inputs[k], strlen(inputs[k]), encodings[e], 0, whole, sizeof(whole));
				read_mem(inputs[k], strlen(inputs[k]), encodings[e], size, pieces, sizeof(pieces));
				assert_string_equal(whole, pieces);
			}
		}
	}
	read_mem(inputs[2], strlen(inputs[2]), "gb18030", 1, pieces, sizeof(pieces));
	assert_non_null(strstr(pieces, "'\\xFF\\xFF'"));
}

/* Every record, diagnostic and the end of a file as text; read ahead from record `ahead_at` (0: never). */
static char *transcript(const char *path, const char *encoding, size_t ahead_at, char hex[CSCS_SHA256_HEX_LEN])
{
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	struct cscs_csv_reader *r;
	assert_int_equal(cscs_csv_open(&r, path, "big.csv", encoding, &dl), CSCS_OK);
	size_t cap = 1 << 20, n = 0, k = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	enum cscs_error err;
	for (;;) {
		if (ahead_at && k == ahead_at - 1)
			assert_int_equal(cscs_csv_read_ahead(r), CSCS_OK);
		const struct cscs_csv_row *row;
		err = cscs_csv_next(r, &row, &dl);
		if (err || !row)
			break;
		k++;
		for (size_t i = 0; i < row->n_fields; i++) {
			if (cap - n < row->field_len[i] + 64) {
				cap *= 2;
				out = realloc(out, cap);
				assert_non_null(out);
			}
			n += (size_t)snprintf(out + n, cap - n, "%lu:%lu:%lu %s|", row->line, row->field_line[i], row->col[i],
					      row->fields[i]);
		}
		out[n++] = '\n';
	}
	char line[512];
	for (size_t i = 0; i < dl.n; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s\n", cscs_diag_format(&dl.items[i], line, sizeof(line)));
	snprintf(out + n, cap - n, "err %d %s %zu", (int)err, cscs_csv_encoding(r), k);
	if (hex) {
		uint64_t size = 0;
		assert_true(cscs_csv_digest(r, hex, &size));
		assert_true(size > 0);
	}
	cscs_csv_close(r);
	cscs_diag_list_finish(&dl);
	return out;
}

/*
 * Reading ahead on a second thread hands out the same records, positions,
 * diagnostics and encoding as reading in the caller's thread, over many
 * batches, for a clean file, one in GB18030 and ones that end in an error
 * far past the first batches; the file's digest is that of its bytes.
 */
static void test_read_ahead_same_records(void **state)
{
	(void)state;
	size_t cap = 8 << 20, len;
	char *text = malloc(cap);
	assert_non_null(text);
	for (int variant = 0; variant < 4; variant++) {
		len = (size_t)snprintf(text, cap, "name,uscc,note\r\n");
		for (int i = 0; i < 30000; i++) {
			if (variant == 1)
				len += (size_t)snprintf(text + len, cap - len, "\xBB\xAA\xB6\xAB%d,91310000X%08d,\"a\nb,\"\"c\"\"\"\n", i,
							i);
			else
				len += (size_t)snprintf(text + len, cap - len, "\xE5\x8D\x8E%d,91310000X%08d,\"a\nb,\"\"c\"\"\"\r\n\r\n",
							i, i);
			if (variant == 2 && i == 25000)
				len += (size_t)snprintf(text + len, cap - len, "bad,\xFF\xFE,x\n");
		}
		if (variant == 3)
			len += (size_t)snprintf(text + len, cap - len, "last,\"open\n");
		const char *path = write_tmp(text, len);
		char hex[CSCS_SHA256_HEX_LEN], hex2[CSCS_SHA256_HEX_LEN], expect[CSCS_SHA256_HEX_LEN];
		char *plain = transcript(path, NULL, 0, variant < 2 ? hex : NULL);
		char *ahead = transcript(path, NULL, 2, variant < 2 ? hex2 : NULL);
		char *first = transcript(path, NULL, 1, NULL);
		assert_string_equal(plain, ahead);
		assert_string_equal(plain, first);
		if (variant < 2) {
			cscs_fs_sha256_mem(text, len, expect);
			assert_string_equal(hex, expect);
			assert_string_equal(hex2, expect);
		}
		assert_non_null(strstr(plain, variant == 0 ? "err 0 utf-8 30001" : variant == 1 ? "err 0 gb18030 30001"
					      : variant == 2 ? "big.csv:75005:5: bytes that are not valid UTF-8" : "unterminated quote"));
		free(plain);
		free(ahead);
		free(first);
		unlink(path);
	}
	free(text);
}

/* Closing the reader while the thread is ahead stops it (no leak, no hang); the digest is not ready. */
static void test_read_ahead_closed_early(void **state)
{
	(void)state;
	size_t cap = 4 << 20, len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	for (int i = 0; i < 100000; i++)
		len += (size_t)snprintf(text + len, cap - len, "row %d,%d\n", i, i);
	const char *path = write_tmp(text, len);
	for (int stop_after = 0; stop_after < 3; stop_after++) {
		struct cscs_diag_list dl;
		cscs_diag_list_init(&dl);
		struct cscs_csv_reader *r;
		assert_int_equal(cscs_csv_open(&r, path, "big.csv", NULL, &dl), CSCS_OK);
		assert_int_equal(cscs_csv_read_ahead(r), CSCS_OK);
		for (int i = 0; i < stop_after * 5000; i++) {
			const struct cscs_csv_row *row;
			assert_int_equal(cscs_csv_next(r, &row, &dl), CSCS_OK);
			assert_non_null(row);
			assert_int_equal(row->line, (unsigned long)i + 1);
		}
		char hex[CSCS_SHA256_HEX_LEN];
		assert_false(cscs_csv_digest(r, hex, NULL));
		cscs_csv_close(r);
		assert_int_equal(dl.n, 0);
		cscs_diag_list_finish(&dl);
	}
	unlink(path);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_lf_and_crlf),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_bom_and_blank_lines),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_gb18030_detected),
		cmocka_unit_test(test_gb_after_long_ascii),
		cmocka_unit_test(test_undecodable_utf8),
		cmocka_unit_test(test_undecodable_gb18030),
		cmocka_unit_test(test_truncated_utf8_at_end),
		cmocka_unit_test(test_unknown_encoding),
		cmocka_unit_test(test_long_record),
		cmocka_unit_test(test_nul_byte_refused),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_utf16_named),
		cmocka_unit_test(test_read_sizes_do_not_matter),
		cmocka_unit_test(test_read_ahead_same_records),
		cmocka_unit_test(test_read_ahead_closed_early),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
