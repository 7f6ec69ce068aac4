/* Fuzz the amount parser: accepted amounts stay in range and format back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	cscs_fen fen;
	if (cscs_money_parse(s, &fen) == CSCS_MONEY_OK) {
		if (fen > CSCS_MONEY_MAX_FEN || fen < -CSCS_MONEY_MAX_FEN)
			abort();
		char buf[CSCS_MONEY_FMT_LEN];
		cscs_fen back;
		if (cscs_money_parse(cscs_money_format(fen, buf), &back) != CSCS_MONEY_OK || back != fen)
			abort();
	}
	free(s);
	return 0;
}
