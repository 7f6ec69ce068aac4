/*
 * Name normalisation for screening: two spellings of one company's name
 * should give the same key, and different companies different keys.
 *
 * A name is split into a key (the name without legal form, brackets,
 * punctuation, blanks and case) and a branch marker ("上海分公司",
 * "shanghaibranch"): a branch and its head office are different subjects,
 * so the matcher compares the marker instead of dropping it.
 */
#ifndef CSCS_SCREEN_NORMALIZE_H
#define CSCS_SCREEN_NORMALIZE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes of a key or branch marker, NUL included; longer names are cut at a character. */
#define CSCS_NAME_KEY_MAX 256
#define CSCS_NAME_BRANCH_MAX 96

struct cscs_name_norm {
	char key[CSCS_NAME_KEY_MAX];       /* normalised name, UTF-8; "" when nothing is left */
	size_t key_len;                    /* bytes in key */
	char branch[CSCS_NAME_BRANCH_MAX]; /* normalised branch marker, "" when none */
	size_t branch_len;                 /* bytes in branch */
	bool legal_form;                   /* a legal form (有限公司, Co., Ltd., ...) was removed */
	char alt[CSCS_NAME_KEY_MAX];       /* the key of the name in Latin letters when it is written in both
					      scripts (below), "" otherwise */
	size_t alt_len;                    /* bytes in alt */
};

/*
 * Normalise the company name s (len bytes, UTF-8; malformed bytes are
 * skipped): full-width forms to half-width, ASCII and Latin-1 letters to
 * lower case, traditional characters to simplified (OpenCC: Hong Kong and
 * Taiwan forms too), every bracket form to plain brackets, then
 *   - a trailing branch marker (分公司, 分行, 办事处, Branch, ...) is split
 *     off with the place before it, up to the company's legal form;
 *   - trailing legal forms are removed (有限公司, 有限责任公司, 股份有限公司,
 *     (有限合伙), Co., Ltd., Limited, Inc., Corp., LLC, GmbH, ...) but never
 *     meaningful words such as 集团, 厂 or 中心, and never the whole name;
 *   - a bracketed region (（上海）, (China)) moves to the front, as the
 *     registration rules allow either place; a former-name note (（原...）)
 *     is dropped; other brackets keep their content;
 *   - blanks and punctuation are removed.
 * A name written in Chinese characters and in Latin letters, each part a
 * name with its legal form (华东电子有限公司（Huadong Electronics Co., Ltd.）,
 * Sino Ocean Shipping Co., Ltd. 中远海洋航运有限公司), has the Chinese part as
 * its key and branch, and the Latin part's key in alt.
 * Always fills out.
 */
void cscs_screen_normalize_name(const char *s, size_t len, struct cscs_name_norm *out);

/*
 * Whether traditional characters are folded to simplified (華鑫 = 华鑫): true
 * when OpenCC's conversion tables (Debian's libopencc-data) could be loaded.
 * Both normalisers fold, so when this is false names written in traditional
 * characters do not equal their simplified spelling. The first call (or the
 * first normalisation) loads the tables, some tens of milliseconds.
 */
bool cscs_screen_fold_ready(void);

/*
 * Normalise a person's name: half-width, lower case, without blanks and
 * punctuation (so "张 三" and "张三", "阿卜杜·热合曼" and "阿卜杜热合曼"
 * are equal). Writes at most cap bytes (NUL included) into out; returns
 * the length.
 */
size_t cscs_screen_normalize_person(const char *s, size_t len, char *out, size_t cap);

/*
 * Normalise an identity number for comparison: blanks and hyphens dropped,
 * full-width digits and a lower-case x accepted. Writes at most cap bytes
 * (NUL included) into out; returns the length.
 */
size_t cscs_screen_normalize_id(const char *s, char *out, size_t cap);

/*
 * The SQL function normalize_name(name): the key followed by the branch
 * marker (so a branch and its head office stay different), NULL for NULL.
 * Deterministic; the engine registers it on its check connection with
 *   sqlite3_create_function(db, "normalize_name", 1,
 *       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
 *       cscs_screen_normalize_name_sql, NULL, NULL);
 * or with cscs_screen_register_sql().
 */
void cscs_screen_normalize_name_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/*
 * normalize_name() as a malloc'd string (the key followed by the branch
 * marker), or NULL when out of memory. It has the engine's
 * cscs_name_normalizer type, so the engine can be given it with
 * cscs_sqlfuncs_set_normalizer(cscs_screen_normalize_name_dup).
 */
char *cscs_screen_normalize_name_dup(const char *name);

/* Register normalize_name(name) on db. Returns an SQLite result code. */
int cscs_screen_register_sql(sqlite3 *db);

/* A 32-bit hash of a byte string (FNV-1a); the list index stores these. */
uint32_t cscs_screen_hash32(const void *data, size_t len);

#endif
