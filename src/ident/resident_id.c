#include "cscs/ident/resident_id.h"

#include <string.h>

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
