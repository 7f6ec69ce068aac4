#include "cscs/report/clean.h"

#include <string.h>

#include "cscs/core/date.h"
#include "cscs/core/text.h"
#include "cscs/ident/region.h"
#include "cscs/ident/resident_id.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool cscs_report_is_resident_id(const char *s)
{
	if (!s)
		return false;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = 0;
	while (is_digit(s[n]))
		n++;
	size_t end = n;
	if (n == 17 && (s[n] == 'X' || s[n] == 'x'))
		end = 18;
	else if (n != 18 && n != 15)
		return false;
	for (const char *p = s + end; *p; p++)
		if (*p != ' ' && *p != '\t')
			return false;
	return true;
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

/*
 * s[0..18) reads as a resident ID number: 17 digits and a digit or X, a
 * province code in front and a real birth date at positions 7-14. The
 * check character is not required: a mistyped number still names a person.
 */
static bool embedded_id(const char *s)
{
	char id[19];
	memcpy(id, s, 18);
	id[18] = '\0';
	for (int i = 0; i < 17; i++)
		if (!is_digit(id[i]))
			return false;
	if (!is_digit(id[17]) && id[17] != 'X' && id[17] != 'x')
		return false;
	if (!cscs_region_province(id, false))
		return false;
	int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
	int m = (id[10] - '0') * 10 + (id[11] - '0');
	int d = (id[12] - '0') * 10 + (id[13] - '0');
	return cscs_date_valid(y, m, d);
}

const char *cscs_report_mask_text(const char *s, struct cscs_buf *out)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (n < 18)
		return s;
	bool any = false;
	size_t done = 0; /* bytes of s already copied to out */
	for (size_t i = 0; i + 18 <= n;) {
		if (!is_digit(s[i]) || (i > 0 && is_alnum(s[i - 1]))) {
			i++;
			continue;
		}
		size_t run = 0;
		while (i + run < n && is_alnum(s[i + run]))
			run++;
		if (run == 18 && embedded_id(s + i)) {
			if (!any) {
				cscs_buf_reset(out);
				any = true;
			}
			char masked[19];
			char id[19];
			memcpy(id, s + i, 18);
			id[18] = '\0';
			cscs_resident_id_mask(id, masked, sizeof(masked));
			cscs_buf_add(out, s + done, i - done);
			cscs_buf_add(out, masked, 18);
			done = i + 18;
		}
		i += run;
	}
	if (!any)
		return s;
	cscs_buf_add(out, s + done, n - done);
	return out->oom ? "" : cscs_buf_str(out);
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
