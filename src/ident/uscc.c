#include "cscs/ident/uscc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cscs/core/text.h"
#include "cscs/ident/region.h"
#include "cscs/ident/resident_id.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
static const int org_weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

/* The value of character c in the code's alphabet, or -1 (I, O, S, V, Z and lower case are not in it). */
static int alpha_index(char c)
{
	static const signed char letters[26] = {10, 11, 12, 13, 14, 15, 16, 17, -1, 18, 19, 20, 21,
						22, -1, 23, 24, 25, -1, 26, 27, -1, 28, 29, 30, -1};
	if (c >= '0' && c <= '9')
		return c - '0';
	return c >= 'A' && c <= 'Z' ? letters[c - 'A'] : -1;
}

char cscs_uscc_check_char(const char *first17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = alpha_index(first17[i]);
		if (v < 0)
			return 0;
		sum += v * uscc_weights[i];
	}
	return alphabet[(31 - sum % 31) % 31];
}

char cscs_org_code_check_char(const char *first8)
{
	int sum = 0;
	for (int i = 0; i < 8; i++) {
		char c = first8[i];
		int v;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'A' && c <= 'Z')
			v = c - 'A' + 10;
		else
			return 0;
		sum += v * org_weights[i];
	}
	int check = 11 - sum % 11;
	if (check == 10)
		return 'X';
	if (check == 11)
		return '0';
	return (char)('0' + check);
}

const char *cscs_uscc_shown(const struct cscs_uscc *r, const char *given)
{
	if (!r->code[0] || r->length > CSCS_USCC_LEN)
		return given;
	for (const char *p = r->code; *p; p++)
		if ((unsigned char)*p >= 0x80)
			return given;
	return r->code;
}

bool cscs_uscc_check(const char *s, struct cscs_uscc *r)
{
	memset(r, 0, sizeof(*r));
	size_t n = 0;
	bool too_long = false;
	const char *p = s ? s : "";
	size_t left = strlen(p);
	while (left > 0) {
		/* Characters, not bytes: full-width forms (ＡＢ１２) read as ASCII, blanks of either width dropped. */
		uint32_t cp;
		int k = cscs_utf8_decode(p, left, &cp);
		size_t used = k > 0 ? (size_t)k : 1;
		char c = *p;
		if (k > 0 && cp >= 0xFF01 && cp <= 0xFF5E)
			c = (char)(cp - 0xFEE0);
		p += used;
		left -= used;
		if (c == ' ' || c == '-' || c == '\t' || (k > 0 && cp == 0x3000))
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (n < CSCS_USCC_LEN)
			r->code[n++] = c;
		else
			too_long = true;
		r->length++;
	}
	r->code[n] = '\0';
	if (n == 0) {
		r->status = CSCS_USCC_EMPTY;
		return false;
	}
	if (n != CSCS_USCC_LEN || too_long) {
		r->status = CSCS_USCC_LENGTH;
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (alpha_index(r->code[i]) < 0) {
			r->status = CSCS_USCC_CHARSET;
			r->bad_pos = i + 1;
			return false;
		}
	}
	r->authority = r->code[0];
	r->type = r->code[1];
	memcpy(r->region, r->code + 2, 6);
	memcpy(r->org_code, r->code + 8, 9);
	for (size_t i = 2; i < 8; i++) {
		if (r->code[i] < '0' || r->code[i] > '9') {
			r->status = CSCS_USCC_REGION_DIGITS;
			r->bad_pos = i + 1;
			return false;
		}
	}
	if (!cscs_region_province(r->region, false)) {
		r->status = CSCS_USCC_REGION_UNKNOWN;
		r->bad_pos = 3;
		return false;
	}
	char org = cscs_org_code_check_char(r->code + 8);
	if (org != r->code[16]) {
		r->status = CSCS_USCC_ORG_CHECK;
		r->bad_pos = 17;
		r->expected = org;
		return false;
	}
	char check = cscs_uscc_check_char(r->code);
	if (check != r->code[17]) {
		r->status = CSCS_USCC_CHECK;
		r->bad_pos = 18;
		r->expected = check;
		return false;
	}
	r->status = CSCS_USCC_OK;
	return true;
}

bool cscs_uscc_valid(const char *s)
{
	struct cscs_uscc r;
	return cscs_uscc_check(s, &r);
}

/* A character of a code as a message shows it: printable ASCII as itself, any other byte as \\xHH. */
static const char *shown_char(char ch, char out[8])
{
	unsigned char u = (unsigned char)ch;
	if (u >= 0x20 && u < 0x7F)
		snprintf(out, 8, "%c", ch);
	else
		snprintf(out, 8, "\\x%02X", u);
	return out;
}

char *cscs_uscc_reason(const struct cscs_uscc *r, char *buf, size_t len)
{
	char c[8];
	/*
	 * An identity number where a code belongs: say so without quoting any
	 * part of it (its division code is the holder's birthplace, beside a
	 * value that is masked).
	 */
	if (r->status != CSCS_USCC_OK && strlen(r->code) == CSCS_USCC_LEN && cscs_resident_id_like(r->code)) {
		snprintf(buf, len, "it has the form of a resident identity number (personal data), not of a code");
		return buf;
	}
	switch (r->status) {
	case CSCS_USCC_OK:
		snprintf(buf, len, "valid");
		break;
	case CSCS_USCC_EMPTY:
		snprintf(buf, len, "empty code");
		break;
	case CSCS_USCC_LENGTH:
		snprintf(buf, len, "has %zu characters, expected 18", r->length);
		break;
	case CSCS_USCC_CHARSET:
		snprintf(buf, len, "character %zu '%s' is not in the GB 32100 alphabet (0-9, A-Y without I, O, S, V, Z)",
			 r->bad_pos, shown_char(r->code[r->bad_pos - 1], c));
		break;
	case CSCS_USCC_REGION_DIGITS:
		snprintf(buf, len, "character %zu '%s' is not a digit; positions 3-8 hold a GB/T 2260 division code",
			 r->bad_pos, shown_char(r->code[r->bad_pos - 1], c));
		break;
	case CSCS_USCC_REGION_UNKNOWN:
		snprintf(buf, len, "division code '%s' names no GB/T 2260 province", r->region);
		break;
	case CSCS_USCC_ORG_CHECK:
		snprintf(buf, len, "organisation code check character (position 17) is '%c', GB 11714 gives '%c'",
			 r->code[16], r->expected);
		break;
	case CSCS_USCC_CHECK:
		snprintf(buf, len, "check character (position 18) is '%c', GB 32100 gives '%c'",
			 r->code[17], r->expected);
		break;
	}
	return buf;
}

const char *cscs_uscc_authority_name(char c, bool zh)
{
	switch (c) {
	case '1':
		return zh ? "机构编制" : "establishment authorities";
	case '5':
		return zh ? "民政" : "civil affairs";
	case '9':
		return zh ? "工商（市场监管）" : "industry and commerce (market regulation)";
	case 'Y':
		return zh ? "其他" : "other";
	default:
		return zh ? "其他登记管理部门" : "another registration authority";
	}
}

const char *cscs_uscc_type_name(char authority, char type, bool zh)
{
	if (authority == '9') {
		switch (type) {
		case '1':
			return zh ? "企业" : "enterprise";
		case '2':
			return zh ? "个体工商户" : "sole trader";
		case '3':
			return zh ? "农民专业合作社" : "farmers' cooperative";
		default:
			break;
		}
	}
	return zh ? "（未解读）" : "(not decoded)";
}
