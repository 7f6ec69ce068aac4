/* genpack: random stream, CSV writer, value formatters, manifest. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/json.h"
#include "gp.h"

/* ---- random stream ---- */

uint64_t gp_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void gp_rng_seed(struct gp_rng *r, uint64_t seed, const char *label)
{
	/* FNV-1a of the label keeps each file's stream independent of the others. */
	uint64_t h = 0xCBF29CE484222325ULL;
	for (const unsigned char *p = (const unsigned char *)label; *p; p++)
		h = (h ^ *p) * 0x100000001B3ULL;
	uint64_t st = seed ^ h;
	for (int i = 0; i < 4; i++)
		r->s[i] = gp_splitmix64(&st);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t gp_rng_next(struct gp_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t gp_rng_below(struct gp_rng *r, uint64_t n)
{
	/* Rejection keeps it unbiased; the loop almost never repeats. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;
	do
		x = gp_rng_next(r);
	while (x >= limit);
	return x % n;
}

int64_t gp_rng_range(struct gp_rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)gp_rng_below(r, (uint64_t)(hi - lo) + 1);
}

bool gp_rng_chance(struct gp_rng *r, unsigned per_mille)
{
	return gp_rng_below(r, 1000) < per_mille;
}

const char *gp_rng_pick(struct gp_rng *r, const char *const *items, size_t n)
{
	return items[gp_rng_below(r, n)];
}

/* ---- CSV writer ---- */

bool gp_csv_open(struct gp_csv *c, const char *path, const char *name, enum gp_encoding enc, bool crlf)
{
	memset(c, 0, sizeof(*c));
	c->cd = (iconv_t)-1;
	c->crlf = crlf;
	c->line = 1;
	c->name = name;
	c->path = strdup(path);
	if (!c->path)
		return false;
	c->f = fopen(path, "wb");
	if (!c->f) {
		fprintf(stderr, "genpack: cannot create '%s': %s\n", path, strerror(errno));
		return false;
	}
	/* A large buffer: the writer is on the hot path of an L pack. */
	setvbuf(c->f, NULL, _IOFBF, 1 << 16);
	if (enc == GP_GB18030) {
		c->cd = iconv_open("GB18030", "UTF-8");
		if (c->cd == (iconv_t)-1) {
			fprintf(stderr, "genpack: iconv cannot convert UTF-8 to GB18030: %s\n", strerror(errno));
			fclose(c->f);
			c->f = NULL;
			return false;
		}
	} else if (enc == GP_UTF8_BOM) {
		fputs("\xEF\xBB\xBF", c->f);
	}
	return true;
}

void gp_csv_field(struct gp_csv *c, const char *s)
{
	if (c->n_fields++)
		cscs_buf_addc(&c->row, ',');
	if (!s || !*s)
		return;
	size_t n = strlen(s);
	bool quote = s[0] == ' ' || s[n - 1] == ' ' || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		cscs_buf_add(&c->row, s, n);
		return;
	}
	cscs_buf_addc(&c->row, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			cscs_buf_addc(&c->row, '"');
		cscs_buf_addc(&c->row, *p);
	}
	cscs_buf_addc(&c->row, '"');
}

void gp_csv_fieldf(struct gp_csv *c, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	gp_csv_field(c, tmp);
}

static void write_converted(struct gp_csv *c)
{
	if (c->cd == (iconv_t)-1) {
		if (fwrite(c->row.data, 1, c->row.len, c->f) != c->row.len)
			c->failed = true;
		return;
	}
	size_t need = c->row.len * 2 + 16;
	cscs_buf_reset(&c->conv);
	if (!cscs_buf_grow(&c->conv, need)) {
		c->failed = true;
		return;
	}
	char *in = c->row.data;
	size_t in_left = c->row.len;
	char *out = c->conv.data;
	size_t out_left = c->conv.cap;
	if (iconv(c->cd, &in, &in_left, &out, &out_left) == (size_t)-1) {
		fprintf(stderr, "genpack: %s: cannot convert a row to GB18030: %s\n", c->name, strerror(errno));
		c->failed = true;
		return;
	}
	size_t n = c->conv.cap - out_left;
	if (fwrite(c->conv.data, 1, n, c->f) != n)
		c->failed = true;
}

long gp_csv_end(struct gp_csv *c)
{
	long start = c->line;
	/* Quoted newlines make a row span several physical lines. */
	for (size_t i = 0; i < c->row.len; i++)
		if (c->row.data[i] == '\n')
			c->line++;
	cscs_buf_adds(&c->row, c->crlf ? "\r\n" : "\n");
	if (c->row.oom)
		c->failed = true;
	else
		write_converted(c);
	cscs_buf_reset(&c->row);
	c->n_fields = 0;
	c->line++;
	if (start > 1)
		c->n_rows++;
	return start;
}

bool gp_csv_close(struct gp_csv *c)
{
	bool ok = !c->failed;
	if (c->f) {
		if (fclose(c->f) != 0)
			ok = false;
		c->f = NULL;
	}
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	c->cd = (iconv_t)-1;
	if (!ok)
		fprintf(stderr, "genpack: writing '%s' failed\n", c->path ? c->path : "?");
	free(c->path);
	c->path = NULL;
	cscs_buf_finish(&c->row);
	cscs_buf_finish(&c->conv);
	return ok;
}

/* ---- value formatters ---- */

static void die_format(const char *what, const char *value)
{
	fprintf(stderr, "genpack: internal error: the core parser does not read back the %s '%s'\n", what, value);
	abort();
}

const char *gp_iso(char *buf, cscs_date d)
{
	return cscs_date_format(d, buf);
}

const char *gp_date(char *buf, cscs_date d, enum gp_date_style style)
{
	struct cscs_ymd t = cscs_date_to_ymd(d);
	switch (style) {
	case GP_DATE_SLASH:
		snprintf(buf, GP_VALUE_LEN, "%d/%d/%d", t.year, t.month, t.day);
		break;
	case GP_DATE_DOT:
		snprintf(buf, GP_VALUE_LEN, "%d.%d.%d", t.year, t.month, t.day);
		break;
	case GP_DATE_COMPACT:
		snprintf(buf, GP_VALUE_LEN, "%04d%02d%02d", t.year, t.month, t.day);
		break;
	case GP_DATE_ZH:
		snprintf(buf, GP_VALUE_LEN, "%d年%d月%d日", t.year, t.month, t.day);
		break;
	default:
		cscs_date_format(d, buf);
		break;
	}
	cscs_date back;
	if (!cscs_date_parse(buf, &back) || back != d)
		die_format("date", buf);
	return buf;
}

/* Digits of v with a comma every three. */
static void group3(char *out, size_t len, unsigned long long v)
{
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%llu", v);
	size_t n = strlen(tmp), o = 0;
	for (size_t i = 0; i < n && o + 2 < len; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = tmp[i];
	}
	out[o] = '\0';
}

const char *gp_money(char *buf, cscs_fen fen, enum gp_money_style style)
{
	bool neg = fen < 0;
	unsigned long long mag = neg ? (unsigned long long)(-fen) : (unsigned long long)fen;
	unsigned long long yuan = mag / 100, cents = mag % 100;
	char grouped[40];
	group3(grouped, sizeof(grouped), yuan);
	const char *sign = neg ? "-" : "";
	switch (style) {
	case GP_MONEY_SEP:
		if (cents)
			snprintf(buf, GP_VALUE_LEN, "%s%s.%02llu", sign, grouped, cents);
		else
			snprintf(buf, GP_VALUE_LEN, "%s%s", sign, grouped);
		break;
	case GP_MONEY_YEN:
		snprintf(buf, GP_VALUE_LEN, "%s¥%s.%02llu", sign, grouped, cents);
		break;
	case GP_MONEY_YUAN:
		snprintf(buf, GP_VALUE_LEN, "%s%llu.%02llu元", sign, yuan, cents);
		break;
	case GP_MONEY_WAN: {
		/* 1 万元 = 1,000,000 fen: six decimals are exact; trailing zeros dropped. */
		char frac[8];
		snprintf(frac, sizeof(frac), "%06llu", mag % 1000000);
		int n = 6;
		while (n > 0 && frac[n - 1] == '0')
			frac[--n] = '\0';
		if (n)
			snprintf(buf, GP_VALUE_LEN, "%s%llu.%s万元", sign, mag / 1000000, frac);
		else
			snprintf(buf, GP_VALUE_LEN, "%s%llu万元", sign, mag / 1000000);
		break;
	}
	case GP_MONEY_FULL: {
		char ascii[40];
		snprintf(ascii, sizeof(ascii), "%s%llu.%02llu", sign, yuan, cents);
		size_t o = 0;
		for (const char *p = ascii; *p && o + 4 < GP_VALUE_LEN; p++) {
			if (*p >= '0' && *p <= '9') {
				buf[o++] = (char)0xEF;
				buf[o++] = (char)0xBC;
				buf[o++] = (char)(0x90 + (*p - '0'));
			} else if (*p == '.') {
				buf[o++] = (char)0xEF;
				buf[o++] = (char)0xBC;
				buf[o++] = (char)0x8E;
			} else {
				buf[o++] = *p;
			}
		}
		buf[o] = '\0';
		break;
	}
	default:
		snprintf(buf, GP_VALUE_LEN, "%s%llu.%02llu", sign, yuan, cents);
		break;
	}
	cscs_fen back;
	if (cscs_money_parse(buf, &back) != CSCS_MONEY_OK || back != fen)
		die_format("amount", buf);
	return buf;
}

/* ---- manifest ---- */

bool gp_manifest_init(struct gp_manifest *m)
{
	memset(m, 0, sizeof(*m));
	m->violations = tmpfile();
	m->matches = tmpfile();
	m->not_planted = tmpfile();
	if (!m->violations || !m->matches || !m->not_planted) {
		fprintf(stderr, "genpack: cannot create a temporary file: %s\n", strerror(errno));
		gp_manifest_finish(m);
		return false;
	}
	return true;
}

void gp_manifest_finish(struct gp_manifest *m)
{
	if (m->violations)
		fclose(m->violations);
	if (m->matches)
		fclose(m->matches);
	if (m->not_planted)
		fclose(m->not_planted);
	m->violations = m->matches = m->not_planted = NULL;
}

static void spool(FILE *f, struct cscs_buf *b)
{
	cscs_buf_addc(b, '\n');
	fwrite(b->data, 1, b->len, f);
	cscs_buf_finish(b);
}

void gp_manifest_violation(struct gp_manifest *m, const char *check_id, const char *subject,
			   const char *file, long line)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	cscs_buf_adds(&b, "{\"check_id\": ");
	cscs_json_add_string(&b, check_id);
	cscs_buf_adds(&b, ", \"subject\": ");
	cscs_json_add_string(&b, subject);
	cscs_buf_adds(&b, ", \"file\": ");
	cscs_json_add_string(&b, file);
	cscs_buf_addf(&b, ", \"line\": %ld}", line);
	spool(m->violations, &b);
	m->n_violations++;
}

void gp_manifest_match(struct gp_manifest *m, const struct gp_match *mt)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	cscs_buf_adds(&b, "{\"kind\": ");
	cscs_json_add_string(&b, mt->kind);
	cscs_buf_adds(&b, ", \"subject_kind\": ");
	cscs_json_add_string(&b, mt->subject_kind ? mt->subject_kind : "partner");
	cscs_buf_adds(&b, ", \"partner\": ");
	cscs_json_add_string(&b, mt->partner);
	cscs_buf_adds(&b, ", \"partner_uscc\": ");
	cscs_json_add_string(&b, mt->partner_uscc);
	cscs_buf_addf(&b, ", \"partner_line\": %ld, \"list\": ", mt->partner_line);
	cscs_json_add_string(&b, mt->list);
	cscs_buf_adds(&b, ", \"entry\": ");
	cscs_json_add_string(&b, mt->entry);
	cscs_buf_adds(&b, ", \"entry_uscc\": ");
	cscs_json_add_string(&b, mt->entry_uscc);
	cscs_buf_adds(&b, ", \"entry_file\": ");
	cscs_json_add_string(&b, mt->entry_file);
	cscs_buf_addf(&b, ", \"entry_line\": %ld, \"band\": ", mt->entry_line);
	cscs_json_add_string(&b, mt->band);
	cscs_buf_addf(&b, ", \"historical\": %s}", mt->historical ? "true" : "false");
	spool(m->matches, &b);
	m->n_matches++;
}

void gp_manifest_not_planted(struct gp_manifest *m, const char *check_id, const char *reason)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	cscs_buf_adds(&b, "{\"check_id\": ");
	cscs_json_add_string(&b, check_id);
	cscs_buf_adds(&b, ", \"reason\": ");
	cscs_json_add_string(&b, reason);
	cscs_buf_addc(&b, '}');
	spool(m->not_planted, &b);
	m->n_not_planted++;
}

/* Copy the spooled lines of f into out as the elements of a JSON array. */
static bool copy_array(FILE *f, FILE *out)
{
	bool first = true, at_line_start = true;
	rewind(f);
	fputs("[", out);
	int ch;
	/* Byte by byte is fine here: the manifest is small beside the pack. */
	while ((ch = getc(f)) != EOF) {
		if (at_line_start) {
			fputs(first ? "\n    " : ",\n    ", out);
			first = false;
			at_line_start = false;
		}
		if (ch == '\n') {
			at_line_start = true;
			continue;
		}
		putc(ch, out);
	}
	fputs(first ? "]" : "\n  ]", out);
	return !ferror(f);
}

bool gp_manifest_write(struct gp_manifest *m, const char *path, const char *header_members)
{
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *out = fopen(tmp, "wb");
	if (!out) {
		fprintf(stderr, "genpack: cannot create '%s': %s\n", tmp, strerror(errno));
		return false;
	}
	fprintf(out, "{\n%s,\n  \"violations\": ", header_members);
	bool ok = copy_array(m->violations, out);
	fputs(",\n  \"matches\": ", out);
	ok = copy_array(m->matches, out) && ok;
	fputs(",\n  \"not_planted\": ", out);
	ok = copy_array(m->not_planted, out) && ok;
	fputs("\n}\n", out);
	if (fclose(out) != 0)
		ok = false;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		fprintf(stderr, "genpack: writing '%s' failed\n", path);
		remove(tmp);
	}
	return ok;
}
