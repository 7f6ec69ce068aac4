#include "cscs/engine/json.h"

#include <math.h>
#include <stdint.h>

#include "cscs/core/json.h"

void cscs_engine_json_column(struct cscs_buf *b, sqlite3_stmt *st, int col)
{
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_INTEGER:
		cscs_buf_addf(b, "%lld", (long long)sqlite3_column_int64(st, col));
		break;
	case SQLITE_FLOAT: {
		double d = sqlite3_column_double(st, col);
		if (isfinite(d))
			cscs_buf_addf(b, "%.17g", d);
		else
			cscs_buf_adds(b, "null");
		break;
	}
	case SQLITE_TEXT:
		cscs_json_add_string(b, (const char *)sqlite3_column_text(st, col));
		break;
	case SQLITE_BLOB: {
		const unsigned char *p = sqlite3_column_blob(st, col);
		int n = sqlite3_column_bytes(st, col);
		cscs_buf_addc(b, '"');
		for (int i = 0; i < n; i++)
			cscs_buf_addf(b, "%02x", p[i]);
		cscs_buf_addc(b, '"');
		break;
	}
	default:
		cscs_buf_adds(b, "null");
	}
}
