/*
 * Fuzz the XLSX intake reader, two ways:
 *  - an input that starts with "PK" is the workbook file itself: damaged
 *    zips, odd entries, compressed XML;
 *  - any other input is the XML of the parts of a well-formed zip, split at
 *    NUL bytes: the worksheet, then (when present) the shared strings, the
 *    styles, the workbook and its relationships. Parts not given are those
 *    of a minimal workbook. This reaches the XML handlers with every byte
 *    the fuzzer tries instead of spending them on zip checksums.
 * Every sheet is read to its end; a refusal must say why, and every cell
 * handed out is NUL-terminated UTF-8 in a column Excel could have.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/buf.h"
#include "cscs/core/text.h"
#include "cscs/intake/xlsx_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char default_workbook[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"licenses\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static const char default_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
	"Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
	"Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId3\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
	"Target=\"styles.xml\"/></Relationships>";

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static void put16(struct cscs_buf *b, unsigned v)
{
	cscs_buf_addc(b, (char)(v & 0xFF));
	cscs_buf_addc(b, (char)((v >> 8) & 0xFF));
}

static void put32(struct cscs_buf *b, uint32_t v)
{
	put16(b, v & 0xFFFF);
	put16(b, v >> 16);
}

struct entry {
	const char *name; /* path in the zip */
	const uint8_t *data; /* contents */
	size_t len;       /* their length */
};

/* A zip with every entry stored (not compressed). */
static void make_zip(struct cscs_buf *zip, const struct entry *e, size_t n)
{
	uint32_t offsets[8];
	for (size_t i = 0; i < n; i++) {
		uint32_t crc = crc32_of(e[i].data, e[i].len);
		size_t name_len = strlen(e[i].name);
		offsets[i] = (uint32_t)zip->len;
		put32(zip, 0x04034b50);
		put16(zip, 20);
		put16(zip, 0);
		put16(zip, 0); /* stored */
		put16(zip, 0);
		put16(zip, 0x21);
		put32(zip, crc);
		put32(zip, (uint32_t)e[i].len);
		put32(zip, (uint32_t)e[i].len);
		put16(zip, (unsigned)name_len);
		put16(zip, 0);
		cscs_buf_add(zip, e[i].name, name_len);
		cscs_buf_add(zip, e[i].data, e[i].len);
	}
	size_t dir_start = zip->len;
	for (size_t i = 0; i < n; i++) {
		size_t name_len = strlen(e[i].name);
		put32(zip, 0x02014b50);
		put16(zip, 20);
		put16(zip, 20);
		put16(zip, 0);
		put16(zip, 0);
		put16(zip, 0);
		put16(zip, 0x21);
		put32(zip, crc32_of(e[i].data, e[i].len));
		put32(zip, (uint32_t)e[i].len);
		put32(zip, (uint32_t)e[i].len);
		put16(zip, (unsigned)name_len);
		put16(zip, 0);
		put16(zip, 0);
		put16(zip, 0);
		put16(zip, 0);
		put32(zip, 0);
		put32(zip, offsets[i]);
		cscs_buf_add(zip, e[i].name, name_len);
	}
	size_t dir_len = zip->len - dir_start;
	put32(zip, 0x06054b50);
	put16(zip, 0);
	put16(zip, 0);
	put16(zip, (unsigned)n);
	put16(zip, (unsigned)n);
	put32(zip, (uint32_t)dir_len);
	put32(zip, (uint32_t)dir_start);
	put16(zip, 0);
}

static void read_workbook(const uint8_t *data, size_t size)
{
	struct cscs_diag_list dl;
	struct cscs_xlsx *x = NULL;
	cscs_diag_list_init(&dl);
	enum cscs_error err = cscs_xlsx_open_mem(&x, data, size, "fuzz.xlsx", &dl);
	if (err && err != CSCS_ERR_NOMEM && dl.n_errors == 0)
		abort(); /* a refusal always says why */
	for (size_t s = 0; !err && s < cscs_xlsx_sheet_count(x); s++) {
		if (!cscs_xlsx_sheet_name(x, s))
			abort();
		err = cscs_xlsx_sheet_begin(x, s, &dl);
		for (;;) {
			const struct cscs_xlsx_row *row;
			if (err || (err = cscs_xlsx_next_row(x, &row, &dl)) || !row)
				break;
			if (row->n_cells == 0 || row->n_cells > 16384)
				abort();
			for (size_t i = 0; i < row->n_cells; i++) {
				size_t bad;
				if (row->text[i][row->len[i]] != '\0' || strlen(row->text[i]) != row->len[i] ||
				    !cscs_utf8_valid(row->text[i], row->len[i], &bad))
					abort();
				if (row->kind[i] == CSCS_CELL_DATE && row->len[i] > 10)
					abort();
			}
		}
		if (err && err != CSCS_ERR_NOMEM && dl.n_errors == 0)
			abort();
	}
	cscs_xlsx_close(x);
	cscs_diag_list_finish(&dl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		read_workbook(data, size);
		return 0;
	}
	struct entry e[] = {
		{"xl/worksheets/sheet1.xml", NULL, 0},
		{"xl/sharedStrings.xml", NULL, 0},
		{"xl/styles.xml", NULL, 0},
		{"xl/workbook.xml", (const uint8_t *)default_workbook, sizeof(default_workbook) - 1},
		{"xl/_rels/workbook.xml.rels", (const uint8_t *)default_rels, sizeof(default_rels) - 1},
	};
	size_t n = sizeof(e) / sizeof(e[0]);
	/* Split the input at NUL bytes into the parts, in the order above. */
	const uint8_t *p = data, *end = data + size;
	for (size_t i = 0; i < n && p <= end; i++) {
		const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
		const uint8_t *stop = nul ? nul : end;
		e[i].data = p;
		e[i].len = (size_t)(stop - p);
		if (!nul)
			break;
		p = nul + 1;
	}
	/* Parts the input did not reach are left out (0, 1, 2) or take the defaults (3, 4). */
	struct entry present[8];
	size_t n_present = 0;
	for (size_t i = 0; i < n; i++)
		if (e[i].data)
			present[n_present++] = e[i];
	struct cscs_buf zip = CSCS_BUF_INIT;
	make_zip(&zip, present, n_present);
	if (!zip.oom)
		read_workbook((const uint8_t *)zip.data, zip.len);
	cscs_buf_finish(&zip);
	return 0;
}
