/*
 * SQL functions for checks. Each one is deterministic and touches nothing
 * outside its arguments, so the sandbox can allow them. A function that
 * could run for long (regexp) has its own limit: the sandbox's progress
 * handler does not fire inside a function call.
 */
#include "cscs/engine/sqlfuncs.h"

#include <pcre2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/buf.h"
#include "cscs/core/date.h"
#include "cscs/core/text.h"
#include "cscs/ident/resident_id.h"
#include "cscs/ident/uscc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- regexp: PCRE2 with a small per-connection cache ------------------ */

struct regex_entry {
	char *pattern;           /* pattern text (not NUL-terminated in SQL, but copied with a NUL) */
	size_t len;              /* its length in bytes */
	pcre2_code *code;        /* compiled, JIT-compiled when the platform allows */
	pcre2_match_data *md;    /* match data sized for code */
	unsigned long last_used; /* tick of the last use, for eviction */
};

struct regex_cache {
	struct regex_entry entries[CSCS_REGEXP_CACHE_SIZE]; /* empty when pattern is NULL */
	unsigned long tick;                                 /* use counter */
	pcre2_match_context *mctx;                          /* match and depth limits, JIT stack */
	pcre2_jit_stack *jit_stack;                         /* a larger JIT stack than the 32 KiB default */
	char *subject;                                      /* the text, zero-padded (see fn_regexp) */
	size_t subject_cap;                                 /* bytes allocated for subject */
};

static void entry_clear(struct regex_entry *e)
{
	free(e->pattern);
	pcre2_match_data_free(e->md);
	pcre2_code_free(e->code);
	memset(e, 0, sizeof(*e));
}

static void regex_cache_destroy(void *p)
{
	struct regex_cache *c = p;
	if (!c)
		return;
	for (size_t i = 0; i < N(c->entries); i++)
		entry_clear(&c->entries[i]);
	pcre2_match_context_free(c->mctx);
	pcre2_jit_stack_free(c->jit_stack);
	free(c->subject);
	free(c);
}

static struct regex_cache *regex_cache_create(void)
{
	struct regex_cache *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->mctx = pcre2_match_context_create(NULL);
	if (!c->mctx) {
		free(c);
		return NULL;
	}
	pcre2_set_match_limit(c->mctx, CSCS_REGEXP_MATCH_LIMIT);
	pcre2_set_depth_limit(c->mctx, 100000);
	/* Without JIT support this stays NULL and the interpreter is used. */
	c->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (c->jit_stack)
		pcre2_jit_stack_assign(c->mctx, NULL, c->jit_stack);
	return c;
}

static void pcre2_message(int code, char *buf, size_t len)
{
	if (pcre2_get_error_message(code, (PCRE2_UCHAR *)buf, len) < 0)
		snprintf(buf, len, "PCRE2 error %d", code);
}

/* The compiled pattern, from the cache or compiled now; NULL with *err set on failure. */
static struct regex_entry *regex_get(struct regex_cache *c, const char *pattern, size_t len,
				     struct cscs_buf *err)
{
	struct regex_entry *victim = &c->entries[0];
	for (size_t i = 0; i < N(c->entries); i++) {
		struct regex_entry *e = &c->entries[i];
		if (e->pattern && e->len == len && memcmp(e->pattern, pattern, len) == 0) {
			e->last_used = ++c->tick;
			return e;
		}
		if (!e->pattern || (victim->pattern && e->last_used < victim->last_used))
			victim = e;
	}
	int code;
	PCRE2_SIZE offset;
	/* UTF and UCP: \w, \d and case-insensitive matching know Chinese and full-width forms. */
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, len,
				       PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &code, &offset, NULL);
	if (!re) {
		char msg[256];
		pcre2_message(code, msg, sizeof(msg));
		cscs_buf_addf(err, "regexp: '%.*s' is not a valid pattern: %s (at offset %zu)",
			      (int)(len > 200 ? 200 : len), pattern, msg, (size_t)offset);
		return NULL;
	}
	/* JIT is an optimisation: where it is unavailable the interpreter gives the same answers. */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	char *copy = malloc(len + 1);
	if (!md || !copy) {
		pcre2_match_data_free(md);
		pcre2_code_free(re);
		free(copy);
		cscs_buf_adds(err, "regexp: out of memory");
		return NULL;
	}
	memcpy(copy, pattern, len);
	copy[len] = '\0';
	entry_clear(victim);
	victim->pattern = copy;
	victim->len = len;
	victim->code = re;
	victim->md = md;
	victim->last_used = ++c->tick;
	return victim;
}

/* regexp(pattern, text): 1 when text matches pattern anywhere, 0 when not, NULL for NULL. */
static void fn_regexp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
		return;
	struct regex_cache *c = sqlite3_user_data(ctx);
	const char *pattern = (const char *)sqlite3_value_text(argv[0]);
	int plen = sqlite3_value_bytes(argv[0]);
	const char *text = (const char *)sqlite3_value_text(argv[1]);
	int tlen = sqlite3_value_bytes(argv[1]);
	if (!pattern || !text) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (plen > CSCS_REGEXP_MAX_PATTERN) {
		sqlite3_result_error(ctx, "regexp: the pattern is longer than 4096 bytes", -1);
		return;
	}
	struct cscs_buf err = CSCS_BUF_INIT;
	struct regex_entry *e = regex_get(c, pattern, (size_t)plen, &err);
	if (!e) {
		sqlite3_result_error(ctx, err.oom ? "regexp: out of memory" : cscs_buf_str(&err), -1);
		cscs_buf_finish(&err);
		return;
	}
	/*
	 * JIT code scans the subject a machine word (or vector) at a time and
	 * may read past its end, within the same aligned block. That is safe,
	 * but the bytes after SQLite's copy are uninitialised, which memory
	 * checkers report; a zero-padded copy keeps those runs clean.
	 */
	size_t need = ((size_t)tlen + 64) & ~(size_t)63;
	if (need > c->subject_cap) {
		char *bigger = realloc(c->subject, need);
		if (!bigger) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		c->subject = bigger;
		c->subject_cap = need;
	}
	memcpy(c->subject, text, (size_t)tlen);
	memset(c->subject + tlen, 0, need - (size_t)tlen);
	int rc = pcre2_match(e->code, (PCRE2_SPTR)c->subject, (PCRE2_SIZE)tlen, 0, 0, e->md, c->mctx);
	if (rc >= 0) {
		sqlite3_result_int(ctx, 1);
	} else if (rc == PCRE2_ERROR_NOMATCH) {
		sqlite3_result_int(ctx, 0);
	} else {
		char msg[256];
		pcre2_message(rc, msg, sizeof(msg));
		cscs_buf_addf(&err, "regexp: matching '%.*s' failed: %s", plen > 200 ? 200 : plen, pattern,
			      msg);
		sqlite3_result_error(ctx, err.oom ? "regexp: out of memory" : cscs_buf_str(&err), -1);
	}
	cscs_buf_finish(&err);
}

/* ---- identifiers ------------------------------------------------------ */

static void fn_uscc_valid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_int(ctx, cscs_uscc_valid(s) ? 1 : 0);
}

/*
 * id_key(x): the identity number x normalised as screening and masking read
 * it (blanks and hyphens dropped, full-width digits, x as X), when it is
 * shaped like one (18 characters or the old 15 digits); NULL otherwise, so
 * that two numbers compare equal only when both identify a person.
 */
static void fn_id_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	char norm[64];
	size_t n = cscs_resident_id_normalize(s, norm, sizeof(norm));
	if (n >= sizeof(norm) - 1 || !cscs_resident_id_like(s))
		return;
	sqlite3_result_text(ctx, norm, (int)n, SQLITE_TRANSIENT);
}

/*
 * id_mask(x): x masked as every output masks an identity number (the first
 * 3 and last 4 characters kept), for a finding's subject, which is stored.
 */
static void fn_id_mask(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	char masked[128];
	sqlite3_result_text(ctx, cscs_resident_id_mask(s, masked, sizeof(masked)), -1, SQLITE_TRANSIENT);
}

/* ---- civil dates ------------------------------------------------------ */

/* A date argument in ISO form; false for NULL or anything else. */
static bool arg_date(sqlite3_value *v, cscs_date *out)
{
	if (sqlite3_value_type(v) != SQLITE_TEXT)
		return false;
	const char *s = (const char *)sqlite3_value_text(v);
	return s && cscs_date_parse_iso(s, out);
}

/* A whole-number argument (42, 42.0 or '42'); false for NULL or anything else. */
static bool arg_int(sqlite3_value *v, int64_t *out)
{
	switch (sqlite3_value_numeric_type(v)) {
	case SQLITE_INTEGER:
		*out = sqlite3_value_int64(v);
		return true;
	case SQLITE_FLOAT: {
		double d = sqlite3_value_double(v);
		if (d != d || d < -1e12 || d > 1e12 || d != (double)(int64_t)d)
			return false;
		*out = (int64_t)d;
		return true;
	}
	default:
		return false;
	}
}

/* Dates outside the years the parsers accept would not read back, so they become NULL. */
static void result_date(sqlite3_context *ctx, int64_t d)
{
	cscs_date lo = cscs_date_from_ymd(CSCS_DATE_MIN_YEAR, 1, 1);
	cscs_date hi = cscs_date_from_ymd(CSCS_DATE_MAX_YEAR, 12, 31);
	if (d < lo || d > hi)
		return;
	char buf[CSCS_DATE_ISO_LEN];
	sqlite3_result_text(ctx, cscs_date_format((cscs_date)d, buf), 10, SQLITE_TRANSIENT);
}

/* Beyond these the result is outside the supported years anyway; they also bound the work. */
#define MAX_DAYS 200000
#define MAX_MONTHS 6000
#define MAX_WORKING_DAYS 150000

static void fn_date_add_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	cscs_date d;
	int64_t n;
	if (!arg_date(argv[0], &d) || !arg_int(argv[1], &n) || n < -MAX_DAYS || n > MAX_DAYS)
		return;
	result_date(ctx, (int64_t)d + n);
}

static void fn_date_add_months(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	cscs_date d;
	int64_t n;
	if (!arg_date(argv[0], &d) || !arg_int(argv[1], &n) || n < -MAX_MONTHS || n > MAX_MONTHS)
		return;
	result_date(ctx, cscs_date_add_months(d, (int)n));
}

static void fn_date_add_years(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	cscs_date d;
	int64_t n;
	if (!arg_date(argv[0], &d) || !arg_int(argv[1], &n) || n < -MAX_MONTHS / 12 || n > MAX_MONTHS / 12)
		return;
	result_date(ctx, cscs_date_add_years(d, (int)n));
}

static void fn_days_between(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	cscs_date a, b;
	if (!arg_date(argv[0], &a) || !arg_date(argv[1], &b))
		return;
	sqlite3_result_int64(ctx, (int64_t)b - a);
}

/*
 * in_force(from, to, d): 1 when a period from..to (to exclusive) holds day d,
 * else 0. An open or unreadable bound holds every day, so a listing without a
 * date or with an unreadable removal date still counts as current: unknown is
 * never read as "not listed".
 */
static void fn_in_force(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	cscs_date from, to, d;
	if (!arg_date(argv[2], &d))
		return;
	bool started = !arg_date(argv[0], &from) || from <= d;
	bool ended = arg_date(argv[1], &to) && to <= d;
	sqlite3_result_int(ctx, started && !ended);
}

/*
 * penalty_class(severity, penalty_type): the class of a penalty under the
 * credit-repair rules: the authority's own class when recorded (minor,
 * general, serious); else minor for a warning or circulated criticism,
 * serious for a licence revoked, suspended or downgraded, production
 * stopped, closure or an employment restriction, general otherwise.
 */
static void fn_penalty_class(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	static const char *const classes[] = {"minor", "general", "serious"};
	static const char *const minor[] = {"warning", "criticism"};
	static const char *const serious[] = {"license_revoked", "license_suspended", "license_downgraded",
					      "production_suspended", "closure", "employment_restriction"};
	const char *sev = (const char *)sqlite3_value_text(argv[0]);
	const char *type = (const char *)sqlite3_value_text(argv[1]);
	for (size_t i = 0; sev && i < sizeof(classes) / sizeof(classes[0]); i++)
		if (strcmp(sev, classes[i]) == 0) {
			sqlite3_result_text(ctx, classes[i], -1, SQLITE_STATIC);
			return;
		}
	const char *cls = "general";
	for (size_t i = 0; type && i < sizeof(minor) / sizeof(minor[0]); i++)
		if (strcmp(type, minor[i]) == 0)
			cls = "minor";
	for (size_t i = 0; type && i < sizeof(serious) / sizeof(serious[0]); i++)
		if (strcmp(type, serious[i]) == 0)
			cls = "serious";
	sqlite3_result_text(ctx, cls, -1, SQLITE_STATIC);
}

/* Is area one of the ",a,b," list (or is the list "*")? */
static bool area_listed(sqlite3_value *list, sqlite3_value *area)
{
	const char *l = (const char *)sqlite3_value_text(list);
	const char *a = (const char *)sqlite3_value_text(area);
	if (!l)
		return false;
	if (strcmp(l, "*") == 0)
		return true;
	if (!a || !*a || strchr(a, ','))
		return false;
	size_t n = strlen(a);
	for (const char *p = strstr(l, a); p; p = strstr(p + 1, a))
		if (p > l && p[-1] == ',' && p[n] == ',')
			return true;
	return false;
}

/*
 * repair_from(decided_on, class, area, one_year_areas, serious_one_year_areas):
 * the end of a penalty's minimum publication period, from which credit repair
 * can be applied for: one year after the decision when its area is one of
 * one_year_areas, or it is serious and its area one of serious_one_year_areas
 * ("*": every area); three months otherwise. The lists are ",a,b," (a rule
 * version's parameters).
 */
static void fn_repair_from(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	cscs_date d;
	if (!arg_date(argv[0], &d))
		return;
	const char *cls = (const char *)sqlite3_value_text(argv[1]);
	bool serious = cls && strcmp(cls, "serious") == 0;
	bool one_year = area_listed(argv[3], argv[2]) || (serious && area_listed(argv[4], argv[2]));
	result_date(ctx, one_year ? cscs_date_add_years(d, 1) : cscs_date_add_months(d, 3));
}

/*
 * publicity_ends(decided_on, class, general_max_months): the end of a
 * penalty's maximum publication period: three years after the decision for
 * serious information, general_max_months for the others.
 */
static void fn_publicity_ends(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	cscs_date d;
	int64_t months;
	if (!arg_date(argv[0], &d) || !arg_int(argv[2], &months) || months < 0 || months > MAX_MONTHS)
		return;
	const char *cls = (const char *)sqlite3_value_text(argv[1]);
	if (cls && strcmp(cls, "serious") == 0)
		result_date(ctx, cscs_date_add_years(d, 3));
	else
		result_date(ctx, cscs_date_add_months(d, (int)months));
}

static void fn_end_of_month(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	cscs_date d;
	if (!arg_date(argv[0], &d))
		return;
	result_date(ctx, cscs_date_end_of_month(d));
}

static void fn_add_working_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	cscs_date d;
	int64_t n;
	if (!arg_date(argv[0], &d) || !arg_int(argv[1], &n) || n < -MAX_WORKING_DAYS || n > MAX_WORKING_DAYS)
		return;
	result_date(ctx, cscs_date_add_weekdays(d, (int)n));
}

/* ---- names ------------------------------------------------------------ */

static bool is_separator(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
	if (cp == 0x00A0 || cp == 0x00B7 || cp == 0x30FB || cp == 0xFEFF)
		return true;
	if (cp >= 0x2000 && cp <= 0x206F) /* general punctuation: spaces, dashes, quotes, ellipsis */
		return true;
	/* CJK punctuation, but not the letters in that block (々 〆 〇, Hangzhou numerals) */
	if ((cp >= 0x3000 && cp <= 0x3004) || (cp >= 0x3008 && cp <= 0x3020) || cp == 0x3030 ||
	    (cp >= 0x303D && cp <= 0x303F))
		return true;
	if ((cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE6F)) /* vertical and small forms */
		return true;
	if (cp >= 0xFF5F && cp <= 0xFF65) /* full-width white parentheses, half-width CJK punctuation */
		return true;
	return false;
}

/* Trailing words that only say what legal form a company has. */
static const char *const latin_forms[] = {
	"co", "ltd", "limited", "company", "inc", "incorporated", "corp", "corporation", "llc", "llp",
	"lp", "plc", "gmbh", "ag", "sa", "bv", "nv", "pte", "pty", "kk", "srl", "spa",
};

/* Chinese legal-form suffixes, longest first so 股份有限公司 goes before 公司. */
static const char *const zh_forms[] = {
	"个人独资企业", "股份有限公司", "有限责任公司", "有限公司", "股份公司", "有限合伙", "普通合伙",
	"合伙企业", "分公司", "公司",
};

static bool is_latin_form(const char *w, size_t len)
{
	for (size_t i = 0; i < N(latin_forms); i++)
		if (strlen(latin_forms[i]) == len && memcmp(latin_forms[i], w, len) == 0)
			return true;
	return false;
}

char *cscs_sqlfuncs_normalize_name(const char *name)
{
	struct cscs_buf words = CSCS_BUF_INIT;
	size_t len = strlen(name);
	/* 1: fold width and case, turn every separator into one space */
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = cscs_utf8_decode(name + i, len - i, &cp);
		if (n <= 0) {
			i++; /* a stray byte says nothing about the name */
			continue;
		}
		i += (size_t)n;
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (is_separator(cp)) {
			if (words.len && words.data[words.len - 1] != ' ')
				cscs_buf_addc(&words, ' ');
			continue;
		}
		char enc[4];
		cscs_buf_add(&words, enc, (size_t)cscs_utf8_encode(cp, enc));
	}
	if (words.oom) {
		cscs_buf_finish(&words);
		return NULL;
	}
	if (words.len && words.data[words.len - 1] == ' ')
		words.data[--words.len] = '\0';
	/* 2: drop trailing Latin legal-form words, keeping at least one word */
	for (;;) {
		char *space = words.len ? strrchr(words.data, ' ') : NULL;
		if (!space || !is_latin_form(space + 1, strlen(space + 1)))
			break;
		*space = '\0';
		words.len = (size_t)(space - words.data);
	}
	/* 3: join the words */
	struct cscs_buf out = CSCS_BUF_INIT;
	for (size_t i = 0; i < words.len; i++)
		if (words.data[i] != ' ')
			cscs_buf_addc(&out, words.data[i]);
	cscs_buf_finish(&words);
	if (out.oom) {
		cscs_buf_finish(&out);
		return NULL;
	}
	/*
	 * 4: drop trailing Chinese legal forms, longest first, never down to
	 * nothing: a name that is all legal form (有限公司) stays as it is.
	 */
	bool stripped = true;
	while (stripped) {
		stripped = false;
		for (size_t i = 0; i < N(zh_forms); i++) {
			size_t fl = strlen(zh_forms[i]);
			if (out.len < fl || memcmp(out.data + out.len - fl, zh_forms[i], fl) != 0)
				continue;
			if (out.len > fl) {
				out.len -= fl;
				out.data[out.len] = '\0';
				stripped = true;
			}
			break;
		}
	}
	if (!out.data)
		return strdup("");
	return cscs_buf_detach(&out);
}

static cscs_name_normalizer normalizer = cscs_sqlfuncs_normalize_name;

void cscs_sqlfuncs_set_normalizer(cscs_name_normalizer fn)
{
	normalizer = fn ? fn : cscs_sqlfuncs_normalize_name;
}

static void fn_normalize_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char *norm = s ? normalizer(s) : NULL;
	if (!norm) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, norm, -1, free);
}

/*
 * person_key(x): a person's name as screening compares it: full-width
 * folded, lower case, blanks and punctuation dropped ("张 三" = "张三",
 * "阿卜杜·热合曼" = "阿卜杜热合曼"); NULL when nothing is left.
 */
static void fn_person_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	struct cscs_buf key = CSCS_BUF_INIT;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = cscs_utf8_decode(s + i, len - i, &cp);
		if (n <= 0) {
			i++;
			continue;
		}
		i += (size_t)n;
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (is_separator(cp))
			continue;
		char enc[4];
		cscs_buf_add(&key, enc, (size_t)cscs_utf8_encode(cp, enc));
	}
	if (key.oom)
		sqlite3_result_error_nomem(ctx);
	else if (key.len)
		sqlite3_result_text(ctx, key.data, (int)key.len, SQLITE_TRANSIENT);
	cscs_buf_finish(&key);
}

/* ---- guarded built-ins: the clock, and comparisons that could run for long ---- */

/*
 * SQLite's date(), time(), datetime(), julianday(), unixepoch(),
 * strftime() and timediff() read the machine's clock when the date is
 * missing or is 'now' in any spelling (date(), strftime('%Y'),
 * date('n' || 'ow')), and the modifiers 'localtime' and 'utc' read its
 * time zone: a check's result would then depend on the day and place it
 * runs. SQLite's printf() and format() give NULL, silently, for a
 * result longer than the connection allows. like() and glob() (the LIKE
 * and GLOB operators) take time in
 * proportion to the text's length times the pattern's, inside one call,
 * where the sandbox's progress handler cannot stop them: one comparison
 * of a 4 MB text with a 2,000-character pattern took 10 s.
 *
 * On the check's connection they are replaced by functions of the same
 * names that look at the values actually passed (not the SQL text) and
 * either refuse or hand the call to the built-in on a private in-memory
 * connection. current_date, current_time and current_timestamp are not on
 * the sandbox's allow-list at all.
 */

#define CLOCK_MAX_ARGS 32

enum clock_fn { CLOCK_DATE, CLOCK_TIME, CLOCK_DATETIME, CLOCK_JULIANDAY, CLOCK_UNIXEPOCH,
		CLOCK_STRFTIME, CLOCK_TIMEDIFF, CLOCK_LIKE, CLOCK_GLOB, CLOCK_PRINTF, CLOCK_FORMAT, CLOCK_N };

static const char *const clock_names[CLOCK_N] = {
	"date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff", "like", "glob",
	"printf", "format",
};

/* Most characters of text times characters of pattern one like() or glob() may compare (about 0.2 s). */
#define CSCS_MATCH_MAX_COST 200000000ull

/* like(pattern, text[, escape]) and glob(pattern, text): refuse a comparison that could outrun the budget. */
static bool match_too_costly(sqlite3_context *ctx, const char *name, int argc, sqlite3_value **argv)
{
	if (argc < 2)
		return false;
	unsigned long long p = (unsigned long long)sqlite3_value_bytes(argv[0]);
	unsigned long long t = (unsigned long long)sqlite3_value_bytes(argv[1]);
	if (p * t <= CSCS_MATCH_MAX_COST)
		return false;
	char msg[256];
	snprintf(msg, sizeof(msg), "%s(): comparing a text of %llu bytes with a pattern of %llu bytes could "
		 "take longer than the check's time budget; shorten one of them", name, t, p);
	sqlite3_result_error(ctx, msg, -1);
	return true;
}

struct clock_guard {
	sqlite3 *helper;                                 /* in-memory, with SQLite's own functions */
	sqlite3_stmt *st[CLOCK_N][CLOCK_MAX_ARGS + 1];   /* "SELECT fn(?1, ..., ?n)", by n */
	int refs;                                        /* registrations sharing this guard */
};

struct clock_use {
	struct clock_guard *guard;
	enum clock_fn fn;
};

static void clock_guard_release(struct clock_guard *g)
{
	if (--g->refs > 0)
		return;
	for (size_t f = 0; f < CLOCK_N; f++)
		for (size_t n = 0; n <= CLOCK_MAX_ARGS; n++)
			sqlite3_finalize(g->st[f][n]);
	sqlite3_close_v2(g->helper);
	free(g);
}

static void clock_use_destroy(void *p)
{
	struct clock_use *u = p;
	clock_guard_release(u->guard);
	free(u);
}

/* True when the text v, blanks trimmed, is w (ASCII case ignored). */
static bool value_is(sqlite3_value *v, const char *w)
{
	if (sqlite3_value_type(v) != SQLITE_TEXT)
		return false;
	const char *t = (const char *)sqlite3_value_text(v);
	if (!t)
		return false;
	while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
		t++;
	size_t n = strlen(w);
	if (sqlite3_strnicmp(t, w, (int)n) != 0)
		return false;
	for (t += n; *t; t++)
		if (*t != ' ' && *t != '\t' && *t != '\n' && *t != '\r')
			return false;
	return true;
}

/* A date function's call that would read the clock or the time zone: true, with the error set. */
static bool reads_clock(sqlite3_context *ctx, enum clock_fn fn, int argc, sqlite3_value **argv)
{
	const char *name = clock_names[fn];
	char msg[256];
	/* Where the date is: strftime's second argument, every other function's first; timediff's both. */
	int first = fn == CLOCK_STRFTIME ? 1 : 0;
	int n_dates = fn == CLOCK_TIMEDIFF ? 2 : 1;
	if (argc < first + n_dates) {
		snprintf(msg, sizeof(msg), "%s() without a date reads the machine's clock, so the result would "
			 "change with the day the audit runs; pass the date (:as_of for the audit date)", name);
		sqlite3_result_error(ctx, msg, -1);
		return true;
	}
	for (int i = first; i < first + n_dates; i++) {
		if (value_is(argv[i], "now")) {
			snprintf(msg, sizeof(msg), "%s(): 'now' reads the machine's clock, so the result would "
				 "change with the day the audit runs; use :as_of", name);
			sqlite3_result_error(ctx, msg, -1);
			return true;
		}
	}
	for (int i = first + n_dates; i < argc; i++) {
		if (value_is(argv[i], "localtime") || value_is(argv[i], "utc")) {
			snprintf(msg, sizeof(msg), "%s(): the modifiers 'localtime' and 'utc' read the machine's "
				 "time zone, so the result would change with where the audit runs", name);
			sqlite3_result_error(ctx, msg, -1);
			return true;
		}
	}
	return false;
}

static void fn_clock(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct clock_use *u = sqlite3_user_data(ctx);
	const char *name = clock_names[u->fn];
	if (argc > CLOCK_MAX_ARGS) {
		char msg[64];
		snprintf(msg, sizeof(msg), "%s(): more than %d arguments", name, CLOCK_MAX_ARGS);
		sqlite3_result_error(ctx, msg, -1);
		return;
	}
	bool match = u->fn == CLOCK_LIKE || u->fn == CLOCK_GLOB;
	bool print = u->fn == CLOCK_PRINTF || u->fn == CLOCK_FORMAT;
	if (!print && (match ? match_too_costly(ctx, name, argc, argv) : reads_clock(ctx, u->fn, argc, argv)))
		return;
	struct clock_guard *g = u->guard;
	/* The built-in builds no longer a value than the check's connection allows. */
	int max_len = sqlite3_limit(sqlite3_context_db_handle(ctx), SQLITE_LIMIT_LENGTH, -1);
	sqlite3_limit(g->helper, SQLITE_LIMIT_LENGTH, max_len);
	sqlite3_stmt **st = &g->st[u->fn][argc];
	if (!*st) {
		char sql[128];
		int len = snprintf(sql, sizeof(sql), "SELECT %s(", name);
		for (int i = 1; i <= argc; i++)
			len += snprintf(sql + len, sizeof(sql) - (size_t)len, "%s?%d", i > 1 ? "," : "", i);
		snprintf(sql + len, sizeof(sql) - (size_t)len, ")");
		if (sqlite3_prepare_v2(g->helper, sql, -1, st, NULL) != SQLITE_OK) {
			sqlite3_result_error(ctx, sqlite3_errmsg(g->helper), -1);
			return;
		}
	}
	for (int i = 0; i < argc; i++)
		sqlite3_bind_value(*st, i + 1, argv[i]);
	int rc = sqlite3_step(*st);
	if (rc == SQLITE_ROW && print && sqlite3_column_type(*st, 0) == SQLITE_NULL && argc > 0 &&
	    sqlite3_value_type(argv[0]) != SQLITE_NULL) {
		/* SQLite's printf gives NULL, silently, for a result past the limit: never a quiet NULL in a check. */
		char msg[160];
		snprintf(msg, sizeof(msg), "%s(): the result would be longer than %d bytes, the most a value may be",
			 name, max_len);
		sqlite3_result_error(ctx, msg, -1);
	} else if (rc == SQLITE_ROW) {
		sqlite3_result_value(ctx, sqlite3_column_value(*st, 0));
	} else {
		sqlite3_result_error(ctx, sqlite3_errmsg(g->helper), -1);
	}
	sqlite3_reset(*st);
	sqlite3_clear_bindings(*st);
}

static enum cscs_error register_clock_guard(sqlite3 *db, struct cscs_diag_list *dl)
{
	struct clock_guard *g = calloc(1, sizeof(*g));
	if (!g)
		return CSCS_ERR_NOMEM;
	if (sqlite3_open_v2(":memory:", &g->helper, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK) {
		sqlite3_close_v2(g->helper);
		free(g);
		return CSCS_ERR_NOMEM;
	}
	g->refs = 1; /* held by this function until the loop ends */
	enum cscs_error err = CSCS_OK;
	for (size_t f = 0; f < CLOCK_N && !err; f++) {
		struct clock_use *u = malloc(sizeof(*u));
		if (!u) {
			err = CSCS_ERR_NOMEM;
			break;
		}
		u->guard = g;
		u->fn = (enum clock_fn)f;
		g->refs++;
		/* Not deterministic: SQLite must call it with each row's values. On failure SQLite calls destroy. */
		int rc = sqlite3_create_function_v2(db, clock_names[f], -1, SQLITE_UTF8, u, fn_clock, NULL, NULL,
						    clock_use_destroy);
		if (rc != SQLITE_OK) {
			cscs_diag_error(dl, NULL, 0, 0, "registering SQL function '%s': %s", clock_names[f],
					sqlite3_errmsg(db));
			err = CSCS_ERR_DB;
		}
	}
	clock_guard_release(g);
	return err;
}

/* ---- registration ----------------------------------------------------- */

struct func_def {
	const char *name;                                          /* SQL name */
	int n_args;                                                /* exact argument count */
	void (*fn)(sqlite3_context *, int, sqlite3_value **);      /* implementation */
};

static const struct func_def funcs[] = {
	{"regexp", 2, fn_regexp},
	{"uscc_valid", 1, fn_uscc_valid},
	{"date_add_days", 2, fn_date_add_days},
	{"date_add_months", 2, fn_date_add_months},
	{"date_add_years", 2, fn_date_add_years},
	{"days_between", 2, fn_days_between},
	{"in_force", 3, fn_in_force},
	{"penalty_class", 2, fn_penalty_class},
	{"repair_from", 5, fn_repair_from},
	{"publicity_ends", 3, fn_publicity_ends},
	{"end_of_month", 1, fn_end_of_month},
	{"add_working_days", 2, fn_add_working_days},
	{"normalize_name", 1, fn_normalize_name},
	{"id_key", 1, fn_id_key},
	{"id_mask", 1, fn_id_mask},
	{"person_key", 1, fn_person_key},
};

static const char *const func_names[] = {
	"regexp", "uscc_valid", "date_add_days", "date_add_months", "date_add_years",
	"days_between", "in_force", "penalty_class", "repair_from", "publicity_ends",
	"end_of_month", "add_working_days", "normalize_name",
	"id_key", "id_mask", "person_key",
};

const char *const *cscs_sqlfuncs_names(size_t *n)
{
	*n = N(func_names);
	return func_names;
}

enum cscs_error cscs_sqlfuncs_register(sqlite3 *db, struct cscs_diag_list *dl)
{
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	for (size_t i = 0; i < N(funcs); i++) {
		void *user = NULL;
		void (*destroy)(void *) = NULL;
		if (funcs[i].fn == fn_regexp) {
			user = regex_cache_create();
			if (!user)
				return CSCS_ERR_NOMEM;
			destroy = regex_cache_destroy;
		}
		/* On failure SQLite calls destroy itself, so the cache is not leaked. */
		int rc = sqlite3_create_function_v2(db, funcs[i].name, funcs[i].n_args, flags, user,
						    funcs[i].fn, NULL, NULL, destroy);
		if (rc != SQLITE_OK) {
			cscs_diag_error(dl, NULL, 0, 0, "registering SQL function '%s': %s", funcs[i].name,
					sqlite3_errmsg(db));
			return CSCS_ERR_DB;
		}
	}
	return register_clock_guard(db, dl);
}
