#include "cscs/ident/resident_id.h"

#include <string.h>

#include "cscs/core/date.h"
#include "cscs/ident/region.h"

bool cscs_resident_id_valid(const char *s)
{
	static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char checks[] = "10X98765432";
	if (!s || strlen(s) != 18)
		return false;
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		sum += (s[i] - '0') * weights[i];
	}
	char c = s[17] == 'x' ? 'X' : s[17];
	return checks[sum % 11] == c;
}

char *cscs_resident_id_mask(const char *s, char *out, size_t len)
{
	if (len == 0)
		return out;
	size_t n = s ? strlen(s) : 0;
	size_t i;
	for (i = 0; i < n && i + 1 < len; i++) {
		bool keep = n > 7 && (i < 3 || i >= n - 4);
		out[i] = keep ? s[i] : '*';
	}
	out[i] = '\0';
	return out;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* s[0..18) reads as a resident ID number: 17 digits, a digit or X, a province, a real birth date. */
static bool embedded_id(const char *s)
{
	for (int i = 0; i < 17; i++)
		if (!is_digit(s[i]))
			return false;
	if (!is_digit(s[17]) && s[17] != 'X' && s[17] != 'x')
		return false;
	char region[3] = {s[0], s[1], '\0'};
	if (!cscs_region_province(region, false))
		return false;
	int y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0');
	int m = (s[10] - '0') * 10 + (s[11] - '0');
	int d = (s[12] - '0') * 10 + (s[13] - '0');
	return cscs_date_valid(y, m, d);
}

const char *cscs_resident_id_mask_text(const char *s, struct cscs_buf *out)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (n < 18)
		return s;
	bool any = false;
	size_t done = 0; /* bytes of s already copied to out */
	for (size_t i = 0; i + 18 <= n;) {
		if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1]))) {
			i++;
			continue;
		}
		size_t run = 0;
		while (i + run < n && is_digit(s[i + run]))
			run++;
		/* 18 digits, or 17 and an X, with no digit right after */
		bool shaped = (run == 18) || (run == 17 && (s[i + 17] == 'X' || s[i + 17] == 'x'));
		if (shaped && i + 18 < n && is_digit(s[i + 18]))
			shaped = false;
		if (shaped && embedded_id(s + i)) {
			if (!any) {
				cscs_buf_reset(out);
				any = true;
			}
			char id[19], masked[19];
			memcpy(id, s + i, 18);
			id[18] = '\0';
			cscs_resident_id_mask(id, masked, sizeof(masked));
			cscs_buf_add(out, s + done, i - done);
			cscs_buf_add(out, masked, 18);
			done = i + 18;
			i += 18;
			continue;
		}
		i += run;
	}
	if (!any)
		return s;
	cscs_buf_add(out, s + done, n - done);
	return out->oom ? "" : cscs_buf_str(out);
}
