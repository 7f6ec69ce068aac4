#include "cscs/report/clean.h"

#include <string.h>

#include "cscs/core/text.h"
#include "cscs/ident/resident_id.h"

bool cscs_report_is_resident_id(const char *s)
{
	return cscs_resident_id_like(s);
}

bool cscs_report_is_id_key(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	return n >= 3 && key[n - 3] == '_' && (key[n - 2] == 'i' || key[n - 2] == 'I') &&
	       (key[n - 1] == 'd' || key[n - 1] == 'D');
}

const char *cscs_report_mask_id(const char *s, struct cscs_buf *out)
{
	cscs_buf_reset(out);
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (!cscs_buf_grow(out, n + 1))
		return "";
	cscs_resident_id_mask(s, out->data, n + 1);
	out->len = strlen(out->data);
	return out->data;
}

const char *cscs_report_mask_text(const char *s, struct cscs_buf *out)
{
	return cscs_resident_id_mask_text(s, out);
}

const char *cscs_report_utf8(const char *s, struct cscs_buf *out)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	size_t bad;
	if (cscs_utf8_valid(s, n, &bad))
		return s;
	cscs_buf_reset(out);
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		int k = cscs_utf8_decode(s + i, n - i, &cp);
		if (k <= 0) {
			cscs_buf_adds(out, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		cscs_buf_add(out, s + i, (size_t)k);
		i += (size_t)k;
	}
	return out->oom ? "" : cscs_buf_str(out);
}
