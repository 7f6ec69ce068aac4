/*
 * csv_floor FILE...: each file read, decoded, parsed into records and
 * hashed (SHA-256) by the import's own CSV reader, in one thread, and
 * nothing else: no typing, no checking, no storing. Its time is the
 * parse-and-hash floor issue 15 sets the import of list exports against
 * (bench/import_bench --lists prints both). Prints records and bytes read.
 *
 * Exit 0 when every file was read, 1 on the first that was not.
 */
#include <inttypes.h>
#include <stdio.h>

#include "cscs/intake/csv.h"

int main(int argc, char **argv)
{
	uint64_t records = 0, fields = 0, bytes = 0;
	for (int i = 1; i < argc; i++) {
		struct cscs_diag_list dl;
		cscs_diag_list_init(&dl);
		struct cscs_csv_reader *r;
		enum cscs_error err = cscs_csv_open(&r, argv[i], NULL, NULL, &dl);
		const struct cscs_csv_row *row;
		while (!err && !(err = cscs_csv_next(r, &row, &dl)) && row) {
			records++;
			fields += row->n_fields;
		}
		char hex[CSCS_SHA256_HEX_LEN];
		uint64_t size = 0;
		if (!err && !cscs_csv_digest(r, hex, &size))
			err = CSCS_ERR_IO;
		bytes += size;
		cscs_csv_close(r);
		for (size_t k = 0; k < dl.n; k++)
			fprintf(stderr, "%s\n", dl.items[k].message);
		cscs_diag_list_finish(&dl);
		if (err) {
			fprintf(stderr, "csv_floor: %s: not read\n", argv[i]);
			return 1;
		}
	}
	printf("%" PRIu64 " records, %" PRIu64 " fields, %" PRIu64 " bytes\n", records, fields, bytes);
	return 0;
}
