#include "cscs/engine/json.h"

#include <math.h>
#include <stdint.h>

void cscs_engine_json_string(struct cscs_buf *b, const char *s)
{
	if (!s) {
		cscs_buf_adds(b, "null");
		return;
	}
	cscs_buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			cscs_buf_adds(b, "\\\"");
			break;
		case '\\':
			cscs_buf_adds(b, "\\\\");
			break;
		case '\n':
			cscs_buf_adds(b, "\\n");
			break;
		case '\r':
			cscs_buf_adds(b, "\\r");
			break;
		case '\t':
			cscs_buf_adds(b, "\\t");
			break;
		default:
			if (*p < 0x20)
				cscs_buf_addf(b, "\\u%04x", *p);
			else
				cscs_buf_addc(b, (char)*p);
		}
	}
	cscs_buf_addc(b, '"');
}

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
		cscs_engine_json_string(b, (const char *)sqlite3_column_text(st, col));
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
