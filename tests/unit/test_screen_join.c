/*
 * The similar-name join against brute force: on generated names, every
 * partner's status and best score from screening equal what comparing it
 * with every list entry gives (the same normaliser, the same weighted
 * similarity, the same thresholds; every spelling of a name written in
 * both scripts). A pair at or above the review threshold that the join's
 * filters dropped would show as a partner clear here and for review
 * there. And two threads store what one does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cscs/screen/index.h"
#include "cscs/screen/match.h"
#include "cscs/screen/normalize.h"
#include "cscs/screen/screen.h"
#include "cscs/store/store.h"

#ifdef NDEBUG
#error "these tests need assert()"
#endif

#define N_ENTRIES 2000
#define N_PARTNERS 500

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

static const char *const regions[] = {"上海", "上海市", "北京", "深圳", "广州", "", "", ""};
/* "" twice: names of a trade name alone, short enough that one bigram can carry a pair */
static const char *const industries[] = {"科技", "贸易", "电子", "机械设备", "电子科技", "商贸", "实业", "", ""};
static const char *const forms[] = {"有限公司", "有限责任公司", "股份有限公司", ""};
/* skewed: trade names from the head of the distribution */
static const char skewed[] = "华鑫达恒泰源新海金东盛兴";
/* spread: a few hundred characters */
static const char spread[] =
	"华东西南北中新恒泰鑫源盛达通宏远信德安康丰汇金银海天地人和兴隆祥瑞嘉禾明光辉永昌鼎瀚博雅睿"
	"智诚正阳春秋冬夏云峰山川江河湖泽林森木火土石玉宝珠晶彩虹星月日辰宇宙乾坤龙凤麒麟鹏程万里千"
	"百佳美优尚品质量精工创立志航启帆锦绣卓越领先腾飞跃升凯旋振邦国民众合力同心协作聚贤纳英才俊";

/* A company name: region, 1 to 4 trade-name characters (some 10 to 17), an industry, a legal form. */
static void make_name(char *out, size_t cap, const char *chars, size_t n_chars)
{
	size_t pos = (size_t)snprintf(out, cap, "%s", regions[rnd(sizeof(regions) / sizeof(regions[0]))]);
	/* now and then a long one: more bigrams than a posting carries (POST_AFTER) */
	unsigned len = rnd(10) == 0 ? 10 + rnd(8) : 1 + rnd(4);
	for (unsigned i = 0; i < len && pos + 4 < cap; i++) {
		memcpy(out + pos, chars + 3 * rnd((uint32_t)n_chars), 3);
		pos += 3;
	}
	snprintf(out + pos, cap - pos, "%s%s", industries[rnd(sizeof(industries) / sizeof(industries[0]))],
		 forms[rnd(sizeof(forms) / sizeof(forms[0]))]);
}

/* Latin spellings: a few syllables, so that such names are similar to each other too. */
static const char *const syllables[] = {"Hua", "Xin", "Da", "Heng", "Tai", "Yuan", "Hai", "Dong"};

static void make_latin(char *out, size_t cap)
{
	size_t pos = 0;
	unsigned len = 2 + rnd(3);
	for (unsigned i = 0; i < len; i++)
		pos += (size_t)snprintf(out + pos, cap - pos, "%s", syllables[rnd(8)]);
	snprintf(out + pos, cap - pos, " Trading");
}

static char entry_names[N_ENTRIES][160];
static char partner_names[N_PARTNERS][160];
static char entry_latin[N_ENTRIES][64]; /* the Latin part of a name in both scripts, "" for none */

static void fill(const char *chars, uint64_t seed)
{
	size_t n_chars = strlen(chars) / 3;
	rng_state = seed;
	for (size_t i = 0; i < N_ENTRIES; i++) {
		make_name(entry_names[i], sizeof(entry_names[i]), chars, n_chars);
		entry_latin[i][0] = '\0';
		if (rnd(6) == 0) {
			/* a name in both scripts: 华鑫科技有限公司（HuaXin Trading Co., Ltd.） */
			make_latin(entry_latin[i], sizeof(entry_latin[i]));
			size_t len = strlen(entry_names[i]);
			snprintf(entry_names[i] + len, sizeof(entry_names[i]) - len, "%s%s Co., Ltd.%s",
				 rnd(2) ? "（" : " ", entry_latin[i], rnd(2) ? "）" : "");
		} else if (rnd(40) == 0) {
			/* a name in Latin letters alone, as lists of foreign companies write it */
			make_latin(entry_latin[i], sizeof(entry_latin[i]));
			snprintf(entry_names[i], sizeof(entry_names[i]), "%.63s Co., Ltd.", entry_latin[i]);
		}
	}
	for (size_t i = 0; i < N_PARTNERS; i++) {
		size_t e = rnd(N_ENTRIES);
		if (rnd(8) == 0 && entry_latin[e][0]) {
			/* an entry's Latin name, now and then with a syllable added: found by that spelling */
			snprintf(partner_names[i], sizeof(partner_names[i]), "%s%s Co., Ltd.", entry_latin[e],
				 rnd(2) ? syllables[rnd(8)] : "");
		} else if (rnd(6) == 0 && entry_latin[e][0]) {
			/*
			 * a name in both scripts whose Chinese part is its own and whose
			 * Latin part is an entry's, now and then with a syllable added:
			 * found through its Latin spelling
			 */
			char chinese[80];
			make_name(chinese, sizeof(chinese), chars, n_chars);
			snprintf(partner_names[i], sizeof(partner_names[i]), "%s（%.63s%s Co., Ltd.）", chinese,
				 entry_latin[e], rnd(2) ? syllables[rnd(8)] : "");
		} else if (rnd(16) == 0) {
			char latin[64];
			make_latin(latin, sizeof(latin));
			snprintf(partner_names[i], sizeof(partner_names[i]), "%s Limited", latin);
		} else if (rnd(4) == 0) {
			/* a list entry's name with one trade-name character changed or added */
			const char *name = entry_names[rnd(N_ENTRIES)];
			snprintf(partner_names[i], sizeof(partner_names[i]), "%s%.3s", name, chars + 3 * rnd((uint32_t)n_chars));
		} else {
			make_name(partner_names[i], sizeof(partner_names[i]), chars, n_chars);
		}
	}
}

static void insert(sqlite3 *db)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
		"INSERT INTO list_entries(id, src_file, src_line, list, name, listed_on)"
		" VALUES (?, 1, ?, 'abnormal_operations', ?, '2024-01-01')", -1, &st, NULL), SQLITE_OK);
	for (int i = 0; i < N_ENTRIES; i++) {
		/* ids 100 apart: over 100,000 of them, so the index is built on two threads too */
		sqlite3_bind_int(st, 1, 1 + 100 * i);
		sqlite3_bind_int(st, 2, i + 2);
		sqlite3_bind_text(st, 3, entry_names[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db,
		"INSERT INTO partners(id, src_file, src_line, name) VALUES (?, 2, ?, ?)", -1, &st, NULL), SQLITE_OK);
	for (int i = 0; i < N_PARTNERS; i++) {
		sqlite3_bind_int(st, 1, i + 1);
		sqlite3_bind_int(st, 2, i + 2);
		sqlite3_bind_text(st, 3, partner_names[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
}

/*
 * The best score of partner i by comparing it with every entry, as the
 * screener scores names; *n_similar counts the pairs at or above the
 * join's threshold.
 */
static int brute_best(size_t i, const uint32_t *table, int review, uint64_t *n_similar)
{
	static struct cscs_name_norm entry_norm[N_ENTRIES];
	static int normalised;
	if (i == 0 || !normalised) {
		for (size_t e = 0; e < N_ENTRIES; e++)
			cscs_screen_normalize_name(entry_names[e], strlen(entry_names[e]), &entry_norm[e]);
		normalised = 1;
	}
	struct cscs_name_norm p;
	cscs_screen_normalize_name(partner_names[i], strlen(partner_names[i]), &p);
	int best = -1;
	int search = review > CSCS_SCREEN_MIN_SIMILAR ? review : CSCS_SCREEN_MIN_SIMILAR;
	for (size_t e = 0; e < N_ENTRIES; e++) {
		/*
		 * each spelling of either name against each of the other: the key,
		 * and the Latin one of a name in both scripts
		 */
		for (int j = 0; j < 2; j++) {
			const char *pkey = j ? p.alt : p.key;
			size_t plen = j ? p.alt_len : p.key_len;
			if (j && !plen)
				break;
			for (int k = 0; k < 2; k++) {
				const char *key = k ? entry_norm[e].alt : entry_norm[e].key;
				size_t len = k ? entry_norm[e].alt_len : entry_norm[e].key_len;
				if (k && !len)
					break;
				int score;
				if (plen == len && memcmp(pkey, key, len) == 0) {
					score = CSCS_SCORE_NAME_EQUAL;
					*n_similar += len > 0;
				} else {
					int sim = cscs_screen_name_similarity(pkey, plen, key, len, table);
					if (sim < search)
						continue;
					(*n_similar)++;
					score = sim < CSCS_SCORE_SIMILAR_MAX ? sim : CSCS_SCORE_SIMILAR_MAX;
				}
				if (score > best)
					best = score;
			}
		}
	}
	return best;
}

/* Every stored match, in a canonical order, as one string (malloc'd). */
static char *all_matches(sqlite3 *db)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT group_concat(x, char(10)) FROM (SELECT partner_id || ' ' || list_entry_id || ' ' || score"
		" || ' ' || band || ' ' || rank || ' ' || rule || ' ' || explanation AS x FROM screen_matches"
		" ORDER BY partner_id, rank, list_entry_id)", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *t = (const char *)sqlite3_column_text(st, 0);
	char *out = strdup(t ? t : "");
	sqlite3_finalize(st);
	assert_non_null(out);
	return out;
}

static void check_against_brute_force(const char *chars, uint64_t seed)
{
	struct cscs_store *store;
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	assert_int_equal(cscs_store_open(&store, NULL, &dl), CSCS_OK);
	fill(chars, seed);
	insert(store->db);

	struct cscs_screen_opts o;
	struct cscs_screen_summary sum;
	cscs_date as_of;
	assert_true(cscs_date_parse_iso("2025-06-30", &as_of));
	cscs_screen_opts_init(&o, as_of);
	assert_int_equal(cscs_screen_run(store->db, &o, &sum, &dl), CSCS_OK);
	/* no subject past a cap: one thread must then keep what two do (below) */
	assert_int_equal(sum.n_similar_overflow, 0);
	uint32_t *table;
	assert_int_equal(cscs_screen_index_grams(store->db, &table, &dl), CSCS_OK);

	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(store->db,
		"SELECT partner_id, status, coalesce(best_score, -1) FROM partner_status ORDER BY partner_id",
		-1, &st, NULL), SQLITE_OK);
	int n = 0, n_similar = 0, n_bad = 0;
	uint64_t n_pairs = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t i = (size_t)sqlite3_column_int64(st, 0) - 1;
		const char *status = (const char *)sqlite3_column_text(st, 1);
		int got = sqlite3_column_int(st, 2);
		int want = brute_best(i, table, o.review_score, &n_pairs);
		const char *want_status = want >= o.match_score ? "listed" : want >= o.review_score ? "review" : "clear";
		if (want >= o.review_score && want < CSCS_SCORE_NAME_EQUAL)
			n_similar++;
		/* a clear partner may still have a stored match below review: compare bands, and scores above */
		if (strcmp(status, want_status) != 0 || (want >= o.review_score && got != want)) {
			if (n_bad++ < 5)
				print_error("partner %zu %s: screened %s %d, brute force %s %d\n", i + 1,
					    partner_names[i], status, got, want_status, want);
		}
		n++;
	}
	sqlite3_finalize(st);
	assert_int_equal(n, N_PARTNERS);
	assert_int_equal(n_bad, 0);
	/* the data must exercise the join: many partners are similar to some entry, not equal */
	assert_true(n_similar >= 20);
	/* and the Latin spellings, of entries and of partners: partners found by them alone */
	int n_latin = 0;
	assert_int_equal(sqlite3_prepare_v2(store->db, "SELECT count(DISTINCT partner_id) FROM screen_matches"
		" WHERE explanation LIKE '%name in Latin letters%' AND band <> 'clear'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n_latin = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	assert_true(n_latin >= 5);
	assert_int_equal(sqlite3_prepare_v2(store->db, "SELECT count(DISTINCT partner_id) FROM screen_matches"
		" WHERE explanation LIKE '%subject''s name in Latin letters%' AND band <> 'clear'", -1, &st, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n_latin = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	print_message("%d partners found through their own Latin spelling\n", n_latin);
	assert_true(n_latin >= 5);
	/*
	 * Not only each partner's best: every pair at or above the threshold.
	 * The join finds no pair below it (each is compared exactly), so
	 * the same count means the same pairs.
	 */
	assert_int_equal(sum.n_pairs_similar, n_pairs);
	assert_true(sum.n_pairs_compared >= sum.n_pairs_similar);
	assert_true(sum.n_postings_read >= sum.n_pairs_compared);
	/* and the filters did their part: far fewer pairs compared than all of them */
	assert_true(sum.n_pairs_compared < (uint64_t)N_PARTNERS * N_ENTRIES / 4);
	print_message("%s: %llu pairs compared of %d, %llu similar\n", chars == spread ? "spread" : "skewed",
		      (unsigned long long)sum.n_pairs_compared, N_PARTNERS * N_ENTRIES,
		      (unsigned long long)sum.n_pairs_similar);
	cscs_screen_index_grams_free(table);

	/*
	 * The run above built the index and streamed it on two threads (a file
	 * database, ids over 100,000 apart). Inside a transaction no second
	 * connection can be had: the index is rebuilt and streamed on one
	 * thread. The stored matches must be the same.
	 */
	char *two = all_matches(store->db);
	assert_true(strlen(two) > 1000);
	assert_int_equal(sqlite3_exec(store->db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	o.rebuild_index = true;
	assert_int_equal(cscs_screen_run(store->db, &o, &sum, &dl), CSCS_OK);
	assert_true(sum.index_rebuilt);
	char *one = all_matches(store->db);
	assert_int_equal(sum.n_pairs_similar, n_pairs); /* one thread finds the same pairs */
	assert_int_equal(sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	assert_string_equal(one, two);
	free(one);
	free(two);
	cscs_store_close(store);
	cscs_diag_list_finish(&dl);
}

static void test_spread_names(void **state)
{
	(void)state;
	check_against_brute_force(spread, 0x9E3779B97F4A7C15u);
}

static void test_skewed_names(void **state)
{
	(void)state;
	check_against_brute_force(skewed, 0xD1B54A32D192ED03u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spread_names),
		cmocka_unit_test(test_skewed_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
