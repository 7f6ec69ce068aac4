/* Fuzz the date parsers: whatever parses must be a real day and round-trip. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	cscs_date d;
	if (cscs_date_parse(s, &d) || cscs_date_parse_iso(s, &d)) {
		struct cscs_ymd t = cscs_date_to_ymd(d);
		if (!cscs_date_valid(t.year, t.month, t.day))
			abort();
		char iso[CSCS_DATE_ISO_LEN];
		cscs_date back;
		if (!cscs_date_parse_iso(cscs_date_format(d, iso), &back) || back != d)
			abort();
	}
	free(s);
	return 0;
}
