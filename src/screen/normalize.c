#include "cscs/screen/normalize.h"

#include <opencc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>

#include "cscs/core/text.h"
#include "cscs/ident/resident_id.h"

/*
 * Work on code points: the rules below are about characters, and names
 * are short. Everything lives on the stack; screening normalises millions
 * of list entries, so there is no allocation here.
 */
#define MAX_CP 256

enum {
	SP = ' ',     /* blanks and punctuation become one separator */
	OPEN = '(',   /* every opening bracket form */
	CLOSE = ')',  /* every closing bracket form */
};

struct cps {
	uint32_t c[MAX_CP]; /* mapped code points */
	size_t n;           /* in use */
};

static bool is_open_bracket(uint32_t c)
{
	switch (c) {
	case '(': case '[': case '{':
	case 0x3008: case 0x300A: case 0x300C: case 0x300E: case 0x3010:
	case 0x3014: case 0x3016: case 0x3018: case 0x301A:
	case 0xFF5F: case 0xFF62:
		return true;
	default:
		return false;
	}
}

static bool is_close_bracket(uint32_t c)
{
	switch (c) {
	case ')': case ']': case '}':
	case 0x3009: case 0x300B: case 0x300D: case 0x300F: case 0x3011:
	case 0x3015: case 0x3017: case 0x3019: case 0x301B:
	case 0xFF60: case 0xFF63:
		return true;
	default:
		return false;
	}
}

static bool is_separator(uint32_t c)
{
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
	return c <= 0xBF || c == 0xD7 || c == 0xF7 ||
	       (c >= 0x2000 && c <= 0x206F) || (c >= 0x2E00 && c <= 0x2E7F) ||
	       (c >= 0x3000 && c <= 0x303F) || c == 0x30FB || (c >= 0xFE10 && c <= 0xFE6F) ||
	       (c >= 0xFF5F && c <= 0xFF65) || (c >= 0xFFE0 && c <= 0xFFEE) || c == 0xFEFF ||
	       c == 0xFFFD;
}

/* One input character as the rules see it: half-width, lower case, SP, OPEN or CLOSE. */
static uint32_t map_cp(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		c -= 0xFEE0;
	else if (c == 0x3000)
		c = ' ';
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (is_open_bracket(c))
		return OPEN;
	if (is_close_bracket(c))
		return CLOSE;
	if (is_separator(c))
		return SP;
	return c;
}

/*
 * Traditional characters fold to simplified through OpenCC (Debian's
 * libopencc, with the conversion tables of libopencc-data): Hong Kong forms
 * by its hk2s conversion, then Taiwan forms by tw2s. Converting each name
 * through OpenCC would cost some 50 microseconds, more than all the rest of
 * normalising, and converting every CJK character up front a fifth of a
 * second per process; so each character is converted the first time it is
 * met and its simplified form remembered (a few thousand distinct
 * characters in millions of names). A name none of whose characters
 * changes is left as it is; a name with one that does is converted whole,
 * so that OpenCC's phrase tables apply (傢俱 = 家具, 乾燥 = 干燥, and
 * 乾坤 stays 乾坤). The remembered forms are shared by all threads (atomic
 * slots; OpenCC itself is called under a mutex). Without OpenCC's tables
 * nothing is folded, and cscs_screen_fold_ready() says so.
 */
#define FOLD_LO 0x3400  /* CJK extension A and the unified ideographs: */
#define FOLD_HI 0xA000  /* U+3400..U+9FFF */
#define FOLD_CLO 0xF900 /* and the compatibility ideographs U+F900..U+FAFF */
#define FOLD_CHI 0xFB00
#define FOLD_N ((FOLD_HI - FOLD_LO) + (FOLD_CHI - FOLD_CLO))
#define FOLD_SAME 1u    /* a slot's value: the character is already simplified */
#define FOLD_TRAD (1u << 31) /* with the simplified form: the character is written only in traditional text */

static pthread_once_t fold_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t fold_lock = PTHREAD_MUTEX_INITIALIZER;
/* hk2s and tw2s fold; s2t, s2hk and s2tw tell a traditional character from a simplified one */
static opencc_t fold_cc[5] = {(opencc_t)-1, (opencc_t)-1, (opencc_t)-1, (opencc_t)-1, (opencc_t)-1};
static _Atomic uint32_t fold_map[FOLD_N]; /* 0: not met yet; FOLD_SAME; or the simplified form */
static bool fold_ok;

static size_t fold_slot(uint32_t c)
{
	if (c >= FOLD_LO && c < FOLD_HI)
		return c - FOLD_LO;
	if (c >= FOLD_CLO && c < FOLD_CHI)
		return (FOLD_HI - FOLD_LO) + (c - FOLD_CLO);
	return SIZE_MAX;
}

static size_t utf8_put(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3F));
	out[2] = (char)(0x80 | (c >> 6 & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

static const char *const fold_configs[5] = {"hk2s.json", "tw2s.json", "s2t.json", "s2hk.json", "s2tw.json"};
static bool fold_s2_tried; /* s2t, s2hk and s2tw opened (under fold_lock): they take a twentieth of a second each */

static void fold_init(void)
{
	fold_cc[0] = opencc_open(fold_configs[0]);
	fold_cc[1] = opencc_open(fold_configs[1]);
	fold_ok = fold_cc[0] != (opencc_t)-1 && fold_cc[1] != (opencc_t)-1;
}

bool cscs_screen_fold_ready(void)
{
	pthread_once(&fold_once, fold_init);
	return fold_ok;
}

/* c through OpenCC conversion k, when one character becomes one character; else c. */
static uint32_t convert_one(int k, uint32_t c)
{
	char buf[8];
	size_t n = utf8_put(buf, c);
	char *out = opencc_convert_utf8(fold_cc[k], buf, n);
	uint32_t d = c;
	size_t len = out ? strlen(out) : 0;
	int dl = len && len < sizeof(buf) ? cscs_utf8_decode(out, len, &d) : 0;
	if (dl <= 0 || (size_t)dl != len)
		d = c;
	opencc_convert_utf8_free(out);
	return d;
}

/*
 * The slot value of c: its simplified form (hk2s, then tw2s), with
 * FOLD_TRAD when c is what OpenCC writes for that form in traditional text
 * (華 for 华, 裏 for 里): a character of traditional text only. 乾 folds to
 * 干 but is no FOLD_TRAD (干 is written 幹): 乾 is also a simplified
 * character in its own right (乾坤), and a name is not taken for
 * traditional text because of it.
 */
static uint32_t fold_convert(uint32_t c)
{
	uint32_t to = convert_one(1, convert_one(0, c));
	if (to == c)
		return FOLD_SAME;
	if (!fold_s2_tried) {
		/* only once some character folds: a run on simplified names alone never pays for them */
		for (int k = 2; k < 5; k++)
			fold_cc[k] = opencc_open(fold_configs[k]);
		fold_s2_tried = true;
	}
	bool trad = false, can_tell = true;
	for (int k = 2; k < 5 && !trad; k++) {
		can_tell &= fold_cc[k] != (opencc_t)-1;
		trad = fold_cc[k] != (opencc_t)-1 && convert_one(k, to) == c;
	}
	/* without the tables to tell, every folding character counts as traditional text */
	return to | (trad || !can_tell ? FOLD_TRAD : 0);
}

/* The slot value of c (FOLD_SAME for a character outside the table or without OpenCC). */
static uint32_t fold(uint32_t c)
{
	size_t slot = fold_slot(c);
	if (slot == SIZE_MAX)
		return FOLD_SAME;
	uint32_t v = atomic_load_explicit(&fold_map[slot], memory_order_relaxed);
	if (v == 0) {
		pthread_once(&fold_once, fold_init);
		if (!fold_ok)
			return FOLD_SAME;
		pthread_mutex_lock(&fold_lock);
		v = atomic_load_explicit(&fold_map[slot], memory_order_relaxed);
		if (v == 0) {
			v = fold_convert(c);
			atomic_store_explicit(&fold_map[slot], v, memory_order_relaxed);
		}
		pthread_mutex_unlock(&fold_lock);
	}
	return v;
}

/*
 * A name with traditional characters in it, converted whole by OpenCC
 * (hk2s, then tw2s, phrase tables included: 傢俱 = 家具, where 俱 alone
 * stays 俱). c[0..n) in, the converted code points out (at most MAX_CP);
 * false when OpenCC failed (the caller folds character by character).
 */
static bool fold_phrases(uint32_t *c, size_t *n)
{
	char in[4 * MAX_CP + 1];
	size_t m = 0;
	for (size_t j = 0; j < *n; j++)
		m += utf8_put(in + m, c[j] ? c[j] : ' ');
	in[m] = '\0';
	char *text = NULL;
	pthread_mutex_lock(&fold_lock);
	char *mid = opencc_convert_utf8(fold_cc[0], in, m);
	if (mid)
		text = opencc_convert_utf8(fold_cc[1], mid, strlen(mid));
	pthread_mutex_unlock(&fold_lock);
	opencc_convert_utf8_free(mid);
	if (!text)
		return false;
	size_t tl = strlen(text), i = 0, k = 0;
	while (i < tl && k < MAX_CP) {
		int step = cscs_utf8_decode(text + i, tl - i, &c[k]);
		if (step <= 0) {
			i++;
			continue;
		}
		i += (size_t)step;
		k++;
	}
	opencc_convert_utf8_free(text);
	*n = k;
	return true;
}

/*
 * The code points of s (malformed bytes skipped), traditional text
 * converted to simplified; at most MAX_CP. Returns how many. A name with a
 * character of traditional text only (FOLD_TRAD) goes through OpenCC whole,
 * so that its phrase tables apply; any other name (nearly every simplified
 * one) is left as it is, at a table look-up per character.
 */
static size_t decode_raw(const char *s, size_t len, uint32_t *c)
{
	size_t i = 0, n = 0;
	bool trad = false, both = false;
	while (i < len && n < MAX_CP) {
		int k = cscs_utf8_decode(s + i, len - i, &c[n]);
		if (k <= 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		if (c[n] >= FOLD_LO) {
			uint32_t v = fold(c[n]);
			trad |= (v & FOLD_TRAD) != 0;
			both |= v != FOLD_SAME && !(v & FOLD_TRAD);
		}
		n++;
	}
	if (trad && !fold_phrases(c, &n)) {
		for (size_t j = 0; j < n; j++) {
			uint32_t v = fold(c[j]);
			if (v != FOLD_SAME)
				c[j] = v & ~FOLD_TRAD;
		}
		return n;
	}
	/*
	 * A character of both kinds of text (乾: itself in 乾坤, 干 in
	 * traditional text) folds in every name, after OpenCC's phrases: a
	 * traditional name converted whole gets 干 for it outside a phrase
	 * that keeps it (上海精乾貿易 -> 上海精干贸易), and the same name in
	 * simplified characters, not converted, must get 干 too. 乾坤 in
	 * either becomes 干坤; 乾燥 and 干燥 are one.
	 */
	if (trad || both)
		for (size_t j = 0; j < n; j++) {
			if (c[j] < FOLD_LO)
				continue;
			uint32_t v = fold(c[j]);
			if (v != FOLD_SAME && !(v & FOLD_TRAD))
				c[j] = v;
		}
	return n;
}

static bool is_han(uint32_t c)
{
	return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

/* Decode, fold and map s, collapsing runs of separators; no leading or trailing separator. */
static void decode(const char *s, size_t len, struct cps *out)
{
	uint32_t raw[MAX_CP];
	size_t n = decode_raw(s, len, raw);
	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = map_cp(raw[i]);
		if (c == SP && (out->n == 0 || out->c[out->n - 1] == SP))
			continue;
		/*
		 * A blank or punctuation between two Chinese characters says
		 * nothing (Chinese has no word spaces): 有 限公司 is 有限公司, and
		 * a legal form typed with a blank in it is still removed.
		 */
		if (is_han(c) && out->n >= 2 && out->c[out->n - 1] == SP && is_han(out->c[out->n - 2]))
			out->n--;
		out->c[out->n++] = c;
	}
	while (out->n > 0 && out->c[out->n - 1] == SP)
		out->n--;
}

static bool is_alnum_ascii(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

static size_t trim_end(const uint32_t *c, size_t n)
{
	while (n > 0 && c[n - 1] == SP)
		n--;
	return n;
}

/* A word of the rules, as code points (written as U"" literals: no decoding at run time). */
struct word {
	const char32_t *w; /* code points */
	size_t n;          /* how many */
};

#define WORD(lit) {U"" lit, sizeof(U"" lit) / sizeof(char32_t) - 1}

/* Does c[0..n) end with w? Returns its length in code points, or 0. */
static size_t ends_with(const uint32_t *c, size_t n, const struct word *w)
{
	if (w->n > n)
		return 0;
	for (size_t j = w->n; j-- > 0;)
		if (c[n - w->n + j] != w->w[j])
			return 0;
	return w->n;
}

/* The ASCII word ending at n (letters and digits), as [*start, n); false when c[n-1] is not one. */
static bool last_word(const uint32_t *c, size_t n, size_t *start)
{
	if (n == 0 || !is_alnum_ascii(c[n - 1]))
		return false;
	size_t i = n;
	while (i > 0 && is_alnum_ascii(c[i - 1]))
		i--;
	*start = i;
	return true;
}

static bool word_is(const uint32_t *c, size_t start, size_t end, const char *w)
{
	size_t len = strlen(w);
	if (end - start != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (c[start + i] != (uint32_t)(unsigned char)w[i])
			return false;
	return true;
}

/*
 * Legal forms. Chinese ones are matched at the end, longest first.
 * 集团, 厂, 中心, 商行 and the like are kept: they tell a group from its
 * subsidiary and a factory from a trading company.
 */
static const struct word zh_legal[] = {
	WORD("股份有限公司"), WORD("有限责任公司"), WORD("特殊普通合伙"), WORD("有限合伙企业"), WORD("个人独资企业"),
	WORD("个体工商户"), WORD("有限公司"), WORD("股份公司"), WORD("合伙企业"), WORD("有限合伙"), WORD("普通合伙"),
	WORD("有限责任"), WORD("总公司"), WORD("公司"),
};

static const char *const en_legal[] = {
	"ltd", "limited", "co", "company", "inc", "incorporated", "corp", "corporation",
	"llc", "llp", "lp", "plc", "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa",
	"bv", "nv", "pte", "pty", "pvt", "kk", "oy", "ab", "se",
};

static const struct word zh_branch[] = {
	WORD("分公司"), WORD("分理处"), WORD("营业部"), WORD("办事处"), WORD("代表处"), WORD("分中心"), WORD("分厂"),
	WORD("分店"), WORD("分行"), WORD("支行"), WORD("分部"), WORD("分所"), WORD("分社"),
};

/* A Chinese legal form ending at n: its length, or 0. */
static size_t zh_legal_at(const uint32_t *c, size_t n)
{
	for (size_t i = 0; i < sizeof(zh_legal) / sizeof(zh_legal[0]); i++) {
		size_t k = ends_with(c, n, &zh_legal[i]);
		if (k)
			return k;
	}
	return 0;
}

/* An English legal-form word ending at n: sets *start and returns true. */
static bool en_legal_at(const uint32_t *c, size_t n, size_t *start)
{
	size_t s;
	if (!last_word(c, n, &s))
		return false;
	for (size_t i = 0; i < sizeof(en_legal) / sizeof(en_legal[0]); i++) {
		if (word_is(c, s, n, en_legal[i])) {
			*start = s;
			return true;
		}
	}
	return false;
}

static bool only_separators(const uint32_t *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c[i] != SP && c[i] != OPEN && c[i] != CLOSE)
			return false;
	return true;
}

/* Where the branch marker starts (the marker word itself), or n when there is none. */
static size_t branch_word_start(const uint32_t *c, size_t n)
{
	for (size_t i = 0; i < sizeof(zh_branch) / sizeof(zh_branch[0]); i++) {
		size_t k = ends_with(c, n, &zh_branch[i]);
		if (k && k < n)
			return n - k;
	}
	size_t s, s2;
	if (!last_word(c, n, &s))
		return n;
	if (word_is(c, s, n, "branch")) {
		size_t p = trim_end(c, s);
		if (last_word(c, p, &s2) && word_is(c, s2, p, "sub"))
			s = s2;
		return s > 0 ? s : n;
	}
	if (word_is(c, s, n, "office")) {
		size_t p = trim_end(c, s);
		bool office = last_word(c, p, &s2) &&
			      (word_is(c, s2, p, "representative") || word_is(c, s2, p, "rep") ||
			       word_is(c, s2, p, "liaison") || word_is(c, s2, p, "branch"));
		if (office)
			return s2 > 0 ? s2 : n;
	}
	return n;
}

/* The matching OPEN for the CLOSE at c[close], or SIZE_MAX. */
static size_t match_open(const uint32_t *c, size_t close)
{
	int depth = 0;
	for (size_t i = close + 1; i-- > 0;) {
		if (c[i] == CLOSE)
			depth++;
		else if (c[i] == OPEN && --depth == 0)
			return i;
	}
	return SIZE_MAX;
}

/*
 * A branch written in brackets at the end: 平安财产保险股份有限公司（深圳分公司）,
 * 华东电子有限公司(浦东分公司), ACME Co., Ltd. (Shanghai Branch). Returns where
 * the opening bracket is when its content ends with a branch marker, else
 * SIZE_MAX. The marker then runs from there (or from the company's legal
 * form before it: 工商银行股份有限公司北京分行（营业部）), as it does when
 * written without brackets, so both spellings give one key and one marker.
 */
static size_t bracketed_branch(const uint32_t *c, size_t n)
{
	n = trim_end(c, n);
	if (n < 2 || c[n - 1] != CLOSE)
		return SIZE_MAX;
	size_t open = match_open(c, n - 1);
	if (open == SIZE_MAX || only_separators(c, open))
		return SIZE_MAX; /* unmatched, or the whole name is in brackets */
	const uint32_t *in = c + open + 1;
	size_t cn = trim_end(in, n - 2 - open);
	for (size_t i = 0; i < sizeof(zh_branch) / sizeof(zh_branch[0]); i++)
		if (ends_with(in, cn, &zh_branch[i]))
			return open;
	size_t s;
	if (last_word(in, cn, &s) && (word_is(in, s, cn, "branch") || branch_word_start(in, cn) < cn))
		return open;
	return SIZE_MAX;
}

/*
 * Split a trailing branch marker off c[0..n): the marker runs from just
 * after the company's last legal form (or from the marker word, or its
 * opening bracket, when there is none) to the end. Returns where the
 * branch starts (n when none).
 */
static size_t split_branch(const uint32_t *c, size_t n)
{
	size_t w = bracketed_branch(c, n);
	if (w >= n)
		w = branch_word_start(c, n);
	if (w >= n)
		return n;
	for (size_t j = w; j > 0; j--) {
		size_t k = zh_legal_at(c, j), s;
		if (k && !only_separators(c, j - k))
			return j;
		if ((j == n || !is_alnum_ascii(c[j])) && en_legal_at(c, j, &s) && !only_separators(c, s))
			return j;
	}
	return w;
}

/* Places that appear in brackets in registered names: provinces, big cities, China. */
static const struct word regions[] = {
	WORD("中国"), WORD("北京"), WORD("天津"), WORD("河北"), WORD("山西"), WORD("内蒙古"), WORD("辽宁"),
	WORD("吉林"), WORD("黑龙江"), WORD("上海"), WORD("江苏"), WORD("浙江"), WORD("安徽"), WORD("福建"),
	WORD("江西"), WORD("山东"), WORD("河南"), WORD("湖北"), WORD("湖南"), WORD("广东"), WORD("广西"),
	WORD("海南"), WORD("重庆"), WORD("四川"), WORD("贵州"), WORD("云南"), WORD("西藏"), WORD("陕西"),
	WORD("甘肃"), WORD("青海"), WORD("宁夏"), WORD("新疆"), WORD("台湾"), WORD("香港"), WORD("澳门"),
	WORD("深圳"), WORD("广州"), WORD("杭州"), WORD("南京"), WORD("苏州"), WORD("武汉"), WORD("成都"),
	WORD("西安"), WORD("青岛"), WORD("大连"), WORD("宁波"), WORD("厦门"), WORD("无锡"), WORD("长沙"),
	WORD("郑州"), WORD("济南"), WORD("沈阳"), WORD("哈尔滨"), WORD("长春"), WORD("合肥"), WORD("福州"),
	WORD("昆明"), WORD("南宁"), WORD("石家庄"), WORD("太原"), WORD("南昌"), WORD("贵阳"), WORD("兰州"),
	WORD("海口"), WORD("珠海"), WORD("东莞"), WORD("佛山"), WORD("温州"), WORD("常州"), WORD("烟台"),
	WORD("泉州"), WORD("嘉兴"), WORD("绍兴"), WORD("南通"), WORD("徐州"), WORD("亚太"), WORD("亚洲"),
	WORD("china"), WORD("shanghai"), WORD("beijing"), WORD("shenzhen"), WORD("guangzhou"),
	WORD("hongkong"), WORD("hong kong"), WORD("hk"), WORD("asia"), WORD("asia pacific"),
	WORD("tianjin"), WORD("suzhou"), WORD("hangzhou"), WORD("nanjing"), WORD("wuhan"),
	WORD("chengdu"),
};

static bool cps_equal(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
	return an == bn && memcmp(a, b, an * sizeof(*a)) == 0;
}

/* Is c[0..n) (a bracket's content, trimmed) a place name? */
static bool is_region(const uint32_t *c, size_t n)
{
	while (n > 0 && c[0] == SP) {
		c++;
		n--;
	}
	n = trim_end(c, n);
	if (n == 0)
		return false;
	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		const uint32_t *w = (const uint32_t *)regions[i].w;
		size_t wn = regions[i].n;
		if (cps_equal(c, n, w, wn))
			return true;
		/* 上海市, 广东省: the name with its level */
		bool level = n == wn + 1 && (c[wn] == 0x5E02 /* 市 */ || c[wn] == 0x7701 /* 省 */);
		if (level && cps_equal(c, wn, w, wn))
			return true;
	}
	/* 浦东新区, 昆山市, 余杭区: a short place name with its level. */
	uint32_t last = c[n - 1];
	if (n >= 2 && n <= 6 && (last == 0x5E02 || last == 0x7701 || last == 0x53BF /* 县 */ ||
				 last == 0x533A /* 区 */)) {
		for (size_t i = 0; i < n; i++)
			if (c[i] < 0x3400)
				return false;
		return true;
	}
	return false;
}

/* Is c[0..n) (a bracket's content) a legal form, like (有限合伙) or (Pty) Ltd? */
/*
 * 上海市华东电子 and 上海华东电子 are one name: registrations write the
 * level of the leading place or leave it out. The 市 or 省 right after a
 * leading province or large city is dropped, unless it begins 市场
 * (北京市场调研 is about a market) or nothing would be left after it.
 */
static void drop_level(struct cscs_name_norm *nn)
{
	uint32_t c[8];
	size_t at[9], n = 0, i = 0;
	while (i < nn->key_len && n < 8) {
		int k = cscs_utf8_decode(nn->key + i, nn->key_len - i, &c[n]);
		if (k <= 0)
			return;
		at[n++] = i;
		i += (size_t)k;
	}
	at[n] = i;
	/* most names have no 市 or 省 among their first characters: no need to try every region */
	bool level = false;
	for (size_t j = 2; j < n && j <= 4; j++)
		level |= c[j] == 0x5E02 || c[j] == 0x7701;
	if (!level)
		return;
	for (size_t r = 0; r < sizeof(regions) / sizeof(regions[0]); r++) {
		const uint32_t *w = (const uint32_t *)regions[r].w;
		size_t wn = regions[r].n;
		if (w[0] < 0x3400 || n < wn + 2 || !cps_equal(c, wn, w, wn))
			continue;
		if ((c[wn] != 0x5E02 /* 市 */ && c[wn] != 0x7701 /* 省 */) ||
		    (c[wn] == 0x5E02 && c[wn + 1] == 0x573A /* 场 */))
			return;
		size_t b = at[wn], e = at[wn + 1];
		memmove(nn->key + b, nn->key + e, nn->key_len - e + 1);
		nn->key_len -= e - b;
		return;
	}
}

static bool is_legal_content(const uint32_t *c, size_t n)
{
	n = trim_end(c, n);
	size_t b = 0;
	while (b < n && c[b] == SP)
		b++;
	if (b == n)
		return false;
	size_t k = zh_legal_at(c, n);
	if (k && n - k == b)
		return true;
	/* every word a legal-form word */
	size_t e = n;
	while (e > b) {
		size_t s;
		if (!en_legal_at(c, e, &s) || (s > b && c[s - 1] != SP))
			return false;
		e = trim_end(c, s);
	}
	return true;
}

/* A former-name note: （原华东电器厂）, (formerly ...). */
static bool is_former_name(const uint32_t *c, size_t n)
{
	size_t b = 0;
	while (b < n && c[b] == SP)
		b++;
	if (b < n && c[b] == 0x539F /* 原 */)
		return true;
	static const char *const words[] = {"formerly", "former"};
	for (size_t i = 0; i < 2; i++) {
		size_t len = strlen(words[i]);
		/* cppcheck-suppress knownConditionTrueFalse ; false positive: more may follow */
		if (n - b > len && word_is(c, b, b + len, words[i]) && !is_alnum_ascii(c[b + len]))
			return true;
		if (n - b == len && word_is(c, b, n, words[i]))
			return true;
	}
	return false;
}

static size_t put_utf8(char *out, size_t pos, size_t cap, uint32_t c)
{
	char tmp[4];
	int k = cscs_utf8_encode(c, tmp);
	if (k <= 0 || pos + (size_t)k + 1 > cap)
		return pos;
	memcpy(out + pos, tmp, (size_t)k);
	return pos + (size_t)k;
}

/* Append c[b..e) to out without separators and brackets. */
static size_t put_text(char *out, size_t pos, size_t cap, const uint32_t *c, size_t b, size_t e)
{
	for (size_t i = b; i < e; i++) {
		if (c[i] == SP || c[i] == OPEN || c[i] == CLOSE)
			continue;
		size_t next = put_utf8(out, pos, cap, c[i]);
		if (next == pos)
			break;
		pos = next;
	}
	out[pos] = '\0';
	return pos;
}


/*
 * Notes on a record's status that ledgers and exports write beside a name:
 * an ERP's vendor master marks a vendor no longer used （停用）, 【作废】,
 * -停用; a list export, a company deregistered （已注销）, （吊销，未注销）.
 * They are no part of the name. Compared without separators.
 */
static const struct word zh_status[] = {
	WORD("停用"), WORD("已停用"), WORD("作废"), WORD("已作废"), WORD("禁用"), WORD("已禁用"), WORD("冻结"),
	WORD("已冻结"), WORD("注销"), WORD("已注销"), WORD("吊销"), WORD("已吊销"), WORD("吊销未注销"),
	WORD("撤销"), WORD("已撤销"), WORD("迁出"), WORD("已迁出"), WORD("清算中"), WORD("歇业"), WORD("已歇业"),
	WORD("失效"), WORD("已失效"), WORD("停止合作"), WORD("不再合作"), WORD("勿用"),
};
static const struct word en_status[] = {
	WORD("inactive"), WORD("disabled"), WORD("blocked"), WORD("donotuse"), WORD("dontuse"), WORD("obsolete"),
	WORD("deregistered"), WORD("dissolved"), WORD("inliquidation"),
};

/* Is c[0..n) a status note? English ones only in brackets (bracketed). */
static bool is_status_note(const uint32_t *c, size_t n, bool bracketed)
{
	uint32_t w[16];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (c[i] == SP)
			continue;
		if (k == 16)
			return false;
		w[k++] = c[i];
	}
	for (size_t i = 0; i < sizeof(zh_status) / sizeof(zh_status[0]); i++)
		if (cps_equal(w, k, (const uint32_t *)zh_status[i].w, zh_status[i].n))
			return true;
	for (size_t i = 0; bracketed && i < sizeof(en_status) / sizeof(en_status[0]); i++)
		if (cps_equal(w, k, (const uint32_t *)en_status[i].w, en_status[i].n))
			return true;
	return false;
}

/*
 * Drop status notes from c[*b..*n): in brackets at either end, or a
 * Chinese one after the legal form at the end (华东电子有限公司-停用);
 * never the whole name.
 */
static void drop_status_notes(const uint32_t *c, size_t *b, size_t *n)
{
	for (;;) {
		size_t e = trim_end(c, *n);
		while (*b < e && c[*b] == SP)
			(*b)++;
		if (e > *b && c[e - 1] == CLOSE) {
			size_t open = match_open(c, e - 1);
			if (open != SIZE_MAX && open > *b && !only_separators(c + *b, open - *b) &&
			    is_status_note(c + open + 1, e - open - 2, true)) {
				*n = open;
				continue;
			}
		}
		if (*b < e && c[*b] == OPEN) {
			size_t close = *b + 1, depth = 1;
			for (; close < e; close++) {
				if (c[close] == OPEN)
					depth++;
				else if (c[close] == CLOSE && --depth == 0)
					break;
			}
			if (close + 1 < e && !only_separators(c + close + 1, e - close - 1) &&
			    is_status_note(c + *b + 1, close - *b - 1, true)) {
				*b = close + 1;
				continue;
			}
		}
		/*
		 * A Chinese note right after the legal form: the blank or hyphen
		 * between them is gone already (decode), 有限公司停用 is left.
		 */
		bool dropped = false;
		for (size_t i = 0; i < sizeof(zh_status) / sizeof(zh_status[0]) && !dropped; i++) {
			size_t k = ends_with(c + *b, e - *b, &zh_status[i]);
			size_t w = e - k, lf = k ? zh_legal_at(c + *b, w - *b) : 0;
			if (lf && !only_separators(c + *b, w - *b - lf)) {
				*n = w;
				dropped = true;
			}
		}
		if (dropped)
			continue;
		*n = e;
		return;
	}
}

static void norm_clear(struct cscs_name_norm *out)
{
	out->key[0] = '\0';
	out->key_len = 0;
	out->branch[0] = '\0';
	out->branch_len = 0;
	out->legal_form = false;
	out->alt[0] = '\0';
	out->alt_len = 0;
}

/*
 * The name c[0..n) (decoded, status notes dropped; changed in place) into
 * out's key, branch and legal_form.
 */
static void normalize_cps(uint32_t *c, size_t n, struct cscs_name_norm *out)
{
	norm_clear(out);
	size_t b = split_branch(c, n);
	if (b < n) {
		out->branch_len = put_text(out->branch, 0, sizeof(out->branch), c, b, n);
		n = b;
	}

	/* Regions found in brackets at the end, in reading order: at most 4. */
	size_t reg_b[4], reg_e[4], n_reg = 0;
	for (;;) {
		n = trim_end(c, n);
		if (n == 0)
			break;
		if (c[n - 1] == CLOSE) {
			size_t open = match_open(c, n - 1);
			if (open == SIZE_MAX) {
				n--; /* a stray closing bracket */
				continue;
			}
			const uint32_t *content = c + open + 1;
			size_t cn = n - 2 - open;
			if (only_separators(c, open)) {
				break; /* the whole name is bracketed: keep it */
			} else if (is_legal_content(content, cn)) {
				out->legal_form = true;
				n = open;
				continue;
			} else if (is_former_name(content, cn)) {
				n = open;
				continue;
			} else if (is_region(content, cn) && n_reg < 4) {
				memmove(reg_b + 1, reg_b, n_reg * sizeof(*reg_b));
				memmove(reg_e + 1, reg_e, n_reg * sizeof(*reg_e));
				reg_b[0] = open + 1;
				reg_e[0] = n - 1;
				n_reg++;
				n = open;
				continue;
			}
			break;
		}
		size_t k = zh_legal_at(c, n);
		if (k && !only_separators(c, n - k)) {
			out->legal_form = true;
			n -= k;
			continue;
		}
		size_t ws;
		if (en_legal_at(c, n, &ws) && !only_separators(c, ws)) {
			out->legal_form = true;
			n = ws;
			continue;
		}
		break;
	}

	/* Brackets elsewhere: a region moves to the front, anything else keeps its content. */
	size_t pos = 0;
	for (size_t i = 0; i < n; i++) {
		/* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult): c[0..n) is set */
		if (c[i] != OPEN)
			continue;
		size_t depth = 0, j = i;
		for (; j < n; j++) {
			if (c[j] == OPEN)
				depth++;
			else if (c[j] == CLOSE && --depth == 0)
				break;
		}
		if (j < n && i > 0 && is_region(c + i + 1, j - i - 1)) {
			pos = put_text(out->key, pos, sizeof(out->key), c, i + 1, j);
			for (size_t k2 = i; k2 <= j; k2++)
				c[k2] = SP;
		}
		i = j < n ? j : n;
	}
	for (size_t r = 0; r < n_reg; r++)
		pos = put_text(out->key, pos, sizeof(out->key), c, reg_b[r], reg_e[r]);
	out->key_len = put_text(out->key, pos, sizeof(out->key), c, 0, n);
	drop_level(out);
}

static bool has_letters(const uint32_t *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c[i] >= 'a' && c[i] <= 'z')
			return true;
	return false;
}

/* c[b..e) without separators and brackets at either end. */
static void trim_part(const uint32_t *c, size_t *b, size_t *e)
{
	while (*b < *e && (c[*b] == SP || c[*b] == OPEN || c[*b] == CLOSE))
		(*b)++;
	while (*e > *b && (c[*e - 1] == SP || c[*e - 1] == OPEN || c[*e - 1] == CLOSE))
		(*e)--;
}

/*
 * A name written in Chinese characters and in Latin letters, one after
 * the other: 华东电子有限公司（Huadong Electronics Co., Ltd.）, Sino Ocean
 * Shipping Co., Ltd. 中远海洋航运有限公司. The Latin part is what follows the
 * last Chinese character, or else what comes before the first. Sets the
 * two parts, trimmed of brackets; false when there is no Latin part. The
 * caller decides whether each part is a name of its own.
 */
static bool split_scripts(const uint32_t *c, size_t n, size_t part[4])
{
	size_t first = n, last = n;
	for (size_t i = 0; i < n; i++) {
		if (is_han(c[i])) {
			if (first == n)
				first = i;
			last = i;
		}
	}
	if (first == n)
		return false;
	if (has_letters(c + last + 1, n - last - 1)) { /* Chinese, then Latin */
		part[0] = 0;
		part[1] = part[2] = last + 1;
		part[3] = n;
	} else if (has_letters(c, first)) { /* Latin, then Chinese */
		part[0] = part[3] = first;
		part[1] = n;
		part[2] = 0;
	} else {
		return false;
	}
	trim_part(c, &part[0], &part[1]);
	trim_part(c, &part[2], &part[3]);
	return part[0] < part[1] && part[2] < part[3];
}

/* The part c[b..e) of a name in both scripts, with its own status notes (华东电子有限公司（停用） Huadong ...). */
static void normalize_part(uint32_t *c, size_t b, size_t e, struct cscs_name_norm *out)
{
	drop_status_notes(c, &b, &e);
	normalize_cps(c + b, e - b, out);
}

void cscs_screen_normalize_name(const char *s, size_t len, struct cscs_name_norm *out)
{
	struct cps in;
	norm_clear(out);
	if (!s)
		return;
	decode(s, len, &in);
	/* a status note after a name in both scripts: 华东电子有限公司（Huadong Co., Ltd.）（停用） */
	size_t start = 0, n = in.n;
	drop_status_notes(in.c, &start, &n);
	/*
	 * Written in both scripts, each part a full name with its legal form:
	 * the Chinese one is the key (the registered name, what lists and
	 * ledgers in China use), the other the alternative spelling that the
	 * list index holds too. Anything less (ABC科技有限公司, a brand in
	 * letters; 华东电子 Huadong Electronics, no legal form) is one name.
	 */
	size_t part[4];
	if (split_scripts(in.c + start, n - start, part)) {
		/* the parts do not overlap: one copy serves both, and in stays whole for the name as one */
		struct cps parts = in;
		struct cscs_name_norm latin;
		normalize_part(parts.c + start, part[2], part[3], &latin);
		normalize_part(parts.c + start, part[0], part[1], out);
		bool same = latin.key_len == out->key_len && memcmp(latin.key, out->key, out->key_len) == 0;
		if (out->legal_form && out->key_len && latin.legal_form && latin.key_len && !same) {
			memcpy(out->alt, latin.key, latin.key_len + 1);
			out->alt_len = latin.key_len;
			return;
		}
	}
	normalize_cps(in.c + start, n - start, out);
}

size_t cscs_screen_normalize_person(const char *s, size_t len, char *out, size_t cap)
{
	size_t pos = 0;
	uint32_t raw[MAX_CP];
	if (cap == 0)
		return 0;
	out[0] = '\0';
	size_t n = s ? decode_raw(s, len, raw) : 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = map_cp(raw[i]);
		if (c == SP || c == OPEN || c == CLOSE)
			continue;
		size_t next = put_utf8(out, pos, cap, c);
		if (next == pos)
			break;
		pos = next;
	}
	out[pos] = '\0';
	return pos;
}

size_t cscs_screen_normalize_id(const char *s, char *out, size_t cap)
{
	/* One reading of identity numbers for screening, masking and messages. */
	return cscs_resident_id_normalize(s, out, cap);
}

void cscs_screen_normalize_name_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	int len = sqlite3_value_bytes(argv[0]);
	if (!s) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	struct cscs_name_norm nn;
	char both[CSCS_NAME_KEY_MAX + CSCS_NAME_BRANCH_MAX];
	cscs_screen_normalize_name(s, (size_t)len, &nn);
	memcpy(both, nn.key, nn.key_len);
	memcpy(both + nn.key_len, nn.branch, nn.branch_len);
	sqlite3_result_text(ctx, both, (int)(nn.key_len + nn.branch_len), SQLITE_TRANSIENT);
}

char *cscs_screen_normalize_name_dup(const char *name)
{
	struct cscs_name_norm nn;
	cscs_screen_normalize_name(name, name ? strlen(name) : 0, &nn);
	char *out = malloc(nn.key_len + nn.branch_len + 1);
	if (!out)
		return NULL;
	memcpy(out, nn.key, nn.key_len);
	memcpy(out + nn.key_len, nn.branch, nn.branch_len);
	out[nn.key_len + nn.branch_len] = '\0';
	return out;
}

int cscs_screen_register_sql(sqlite3 *db)
{
	return sqlite3_create_function(db, "normalize_name", 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				       cscs_screen_normalize_name_sql, NULL, NULL);
}

uint32_t cscs_screen_hash32(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}
