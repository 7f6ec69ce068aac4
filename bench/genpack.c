/*
 * genpack: write a deterministic record pack with planted truth.
 *
 *   genpack [--size S|M|L] [--seed N] [--as-of YYYY-MM-DD] [--set TYPE=ROWS]... OUT
 *
 * writes OUT/pack/ (one CSV per record type and lists/ (*.csv), in the forms
 * intake accepts: English or Chinese headers, UTF-8 with or without BOM or
 * GB18030, LF or CRLF, every date and amount form) and OUT/manifest.json:
 * every violation planted (check id and subject, exactly as the check
 * reports it) and every partner match planted (partner, list entry,
 * expected band). Everything not in the manifest is clean, so the findings
 * of `cscs-audit audit OUT/pack --as-of AS_OF` equal the manifest.
 *
 * The same seed, size and as-of date give byte-identical output: one
 * xoshiro256** stream per file, seeded with splitmix64 from the seed and the
 * file name; nothing depends on the clock, the locale or memory addresses.
 * Rows are written as they are made, so memory does not grow with size.
 *
 * docs/performance.md ("Scale") describes the sizes and the benchmark.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>

#include "cscs/core/json.h"
#include "cscs/intake/records.h"
#include "cscs/intake/vocab.h"
#include "gp_gen.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct size_spec sizes[] = {
	{"S", 12, 20, 60, 12, 12, 6, 20, 15, 36, 36, 50, 400, 1, 1},
	{"M", 500, 2000, 200000, 10000, 2000, 200, 5000, 2000, 100000, 100000, 5000, 500000, 20, 10},
	{"L", 2000, 10000, 1000000, 20000, 10000, 1000, 20000, 10000, 200000, 200000, 100000, 5000000, 50, 40},
};

const char *const gp_all_lists[6] = {
	"abnormal_operations", "serious_illegal", "judgment_defaulter",
	"major_tax_violation", "wage_arrears", "customs_untrustworthy",
};


/* ---- small helpers ---- */

cscs_date gp_ymd(int y, int m, int d)
{
	return cscs_date_from_ymd(y, m, d);
}

void gp_plant(struct gen *g, const char *check_id, const char *subject, const struct gp_csv *c, long line)
{
	gp_manifest_violation(&g->man, check_id, subject, c ? c->name : NULL, line);
}

void gp_plantf(struct gen *g, const char *check_id, const struct gp_csv *c, long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void gp_plantf(struct gen *g, const char *check_id, const struct gp_csv *c, long line, const char *fmt, ...)
{
	char subject[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(subject, sizeof(subject), fmt, ap);
	va_end(ap);
	gp_plant(g, check_id, subject, c, line);
}

bool gp_open(struct gen *g, struct gp_csv *c, const char *name, enum gp_encoding enc, bool crlf)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", g->pack, name);
	if (!gp_csv_open(c, path, name, enc, crlf)) {
		g->failed = true;
		return false;
	}
	return true;
}

void gp_close(struct gen *g, struct gp_csv *c)
{
	g->total_rows += c->n_rows;
	if (!gp_csv_close(c))
		g->failed = true;
}

/* Header row: English column names, or the registry's Chinese aliases. */
void gp_header(struct gp_csv *c, const char *type, bool zh, const char *const *cols, size_t n)
{
	const struct cscs_record_type *rt = cscs_record_type_find(type);
	for (size_t i = 0; i < n; i++) {
		const struct cscs_field *f = rt ? cscs_record_field_find(rt, cols[i]) : NULL;
		if (!f) {
			fprintf(stderr, "genpack: internal error: %s has no column '%s'\n", type, cols[i]);
			abort();
		}
		gp_csv_field(c, zh ? f->zh : f->name);
	}
	gp_csv_end(c);
}

/* The shipped vocabulary ($CSCS_DATADIR or the source tree's templates/vocabulary.tsv), read once. */
static const struct cscs_vocab *gp_vocab(void)
{
	static struct cscs_vocab *voc;
	if (voc)
		return voc;
	const char *dir = getenv("CSCS_DATADIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/templates/vocabulary.tsv", dir && *dir ? dir : CSCS_SOURCE_DATADIR);
	struct cscs_diag_list dl;
	cscs_diag_list_init(&dl);
	voc = cscs_vocab_new();
	if (!voc || cscs_vocab_load(voc, path, true, &dl) != CSCS_OK) {
		fprintf(stderr, "genpack: cannot read the vocabulary %s\n", path);
		abort();
	}
	cscs_diag_list_finish(&dl);
	return voc;
}

/* An enumeration value in English, or its Chinese label from the vocabulary. */
const char *gp_enum(const char *type, const char *col, const char *value, bool zh)
{
	if (!zh)
		return value;
	const struct cscs_record_type *rt = cscs_record_type_find(type);
	const struct cscs_field *f = rt ? cscs_record_field_find(rt, col) : NULL;
	const struct cscs_vocab_value *v =
		f && f->type == CSCS_FT_ENUM ? cscs_vocab_value_of(cscs_vocab_find(gp_vocab(), f->vocab), value) : NULL;
	const char *z = v ? v->label : NULL;
	if (!z) {
		fprintf(stderr, "genpack: internal error: %s.%s has no value '%s'\n", type, col, value);
		abort();
	}
	return z;
}

const char *gp_bool(bool v, bool zh)
{
	return zh ? (v ? "是" : "否") : (v ? "yes" : "no");
}

/* A date in the file's usual form, now and then in another one intake accepts. */
const char *gp_date_out(char *buf, cscs_date d, struct gp_rng *r, enum gp_date_style usual)
{
	enum gp_date_style st = usual;
	if (gp_rng_chance(r, 80))
		st = (enum gp_date_style)gp_rng_below(r, GP_DATE_STYLES_);
	return gp_date(buf, d, st);
}

const char *gp_money_out(char *buf, cscs_fen fen, struct gp_rng *r, enum gp_money_style usual)
{
	enum gp_money_style st = usual;
	if (gp_rng_chance(r, 100))
		st = (enum gp_money_style)gp_rng_below(r, GP_MONEY_STYLES_);
	return gp_money(buf, fen, st);
}

/* Position of the j-th of k planted rows among n rows (k <= n): spread evenly. */
static long plant_pos(long j, long k, long n)
{
	return (long)(((2 * (int64_t)j + 1) * n) / (2 * (int64_t)k));
}

void gp_planter_init(struct gp_planter *p, long n, int n_kinds, int per_kind)
{
	p->n = n;
	p->n_kinds = n_kinds;
	p->k = (long)n_kinds * per_kind;
	if (p->k > n)
		p->k = n - n % (n_kinds ? n_kinds : 1);
	p->j = 0;
	p->next = p->k > 0 ? plant_pos(0, p->k, n) : -1;
}

/* The kind planted at row i (rows asked in order), or -1 for a clean row. Sets *nth to the plant number. */
int gp_planter_at(struct gp_planter *p, long i, long *nth)
{
	if (i != p->next)
		return -1;
	int kind = (int)(p->j % p->n_kinds);
	*nth = p->j;
	p->j++;
	p->next = p->j < p->k ? plant_pos(p->j, p->k, p->n) : -1;
	return kind;
}


/* ---- main ---- */

static void usage(FILE *f)
{
	fputs("usage: genpack [--size S|M|L] [--seed N] [--as-of YYYY-MM-DD] [--set TYPE=ROWS]... OUT\n"
	      "\n"
	      "Write a deterministic record pack to OUT/pack and the planted truth to\n"
	      "OUT/manifest.json. OUT must not exist or be empty.\n"
	      "\n"
	      "  --size S|M|L       S: a small company (tens of rows, 50 partners);\n"
	      "                     M: 5,000 partners, 200,000 tax filings, 500,000 list entries;\n"
	      "                     L: 100,000 partners, 1,000,000 tax filings, 5,000,000 list entries\n"
	      "  --seed N           the seed (default 1); the same seed gives the same bytes\n"
	      "  --as-of DATE       the audit date the violations are planted for (default 2026-09-30)\n"
	      "  --set TYPE=ROWS    override a row count (licenses, instant_disclosures, tax_filings,\n"
	      "                     penalties, court_cases, env_permits, inspections, certifications,\n"
	      "                     payroll, social_insurance, partners, list_entries)\n",
	      f);
}

static bool set_count(struct size_spec *sz, const char *arg)
{
	struct {
		const char *name;
		long *field;
	} fields[] = {
		{"licenses", &sz->licenses},
		{"instant_disclosures", &sz->instant_disclosures},
		{"tax_filings", &sz->tax_filings},
		{"penalties", &sz->penalties},
		{"court_cases", &sz->court_cases},
		{"env_permits", &sz->env_permits},
		{"inspections", &sz->inspections},
		{"certifications", &sz->certifications},
		{"payroll", &sz->payroll},
		{"social_insurance", &sz->social_insurance},
		{"partners", &sz->partners},
		{"list_entries", &sz->list_entries},
	};
	const char *eq = strchr(arg, '=');
	if (!eq)
		return false;
	char *end;
	errno = 0;
	long v = strtol(eq + 1, &end, 10);
	if (errno || *end || v < 1 || v > 100000000)
		return false;
	for (size_t i = 0; i < N(fields); i++) {
		if (strlen(fields[i].name) == (size_t)(eq - arg) && strncmp(fields[i].name, arg, (size_t)(eq - arg)) == 0) {
			*fields[i].field = v;
			return true;
		}
	}
	return false;
}

static bool dir_empty_or_absent(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return errno == ENOENT;
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = false;
	closedir(d);
	return empty;
}

static bool make_dir(const char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return true;
	fprintf(stderr, "genpack: cannot create '%s': %s\n", path, strerror(errno));
	return false;
}

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", a, b);
	return s;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{"size", required_argument, NULL, 's'},
		{"seed", required_argument, NULL, 'r'},
		{"as-of", required_argument, NULL, 'a'},
		{"set", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct gen g = {0};
	g.seed = 1;
	g.sz = sizes[0];
	const char *as_of = "2026-09-30";
	const char *sets[32];
	size_t n_sets = 0;
	int c;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 's': {
			bool found = false;
			for (size_t i = 0; i < N(sizes); i++) {
				if (strcmp(optarg, sizes[i].name) == 0) {
					g.sz = sizes[i];
					found = true;
				}
			}
			if (!found) {
				fprintf(stderr, "genpack: --size must be S, M or L, not '%s'\n", optarg);
				return 2;
			}
			break;
		}
		case 'r': {
			char *end;
			errno = 0;
			g.seed = strtoull(optarg, &end, 10);
			if (errno || *end || !*optarg) {
				fprintf(stderr, "genpack: --seed must be a whole number, not '%s'\n", optarg);
				return 2;
			}
			break;
		}
		case 'a':
			as_of = optarg;
			break;
		case 'n':
			if (n_sets == N(sets)) {
				fprintf(stderr, "genpack: too many --set options\n");
				return 2;
			}
			sets[n_sets++] = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < n_sets; i++) {
		if (!set_count(&g.sz, sets[i])) {
			fprintf(stderr, "genpack: --set wants TYPE=ROWS with a known type and 1..100000000 rows, not '%s'\n",
				sets[i]);
			return 2;
		}
	}
	if (!cscs_date_parse_iso(as_of, &g.as_of)) {
		fprintf(stderr, "genpack: --as-of must be a date YYYY-MM-DD, not '%s'\n", as_of);
		return 2;
	}
	g.as_of_ymd = cscs_date_to_ymd(g.as_of);
	if (g.as_of_ymd.year < 2015 || g.as_of_ymd.year > 2100) {
		fprintf(stderr, "genpack: --as-of must lie between 2015 and 2100\n");
		return 2;
	}
	g.out = argv[optind];
	if (!dir_empty_or_absent(g.out)) {
		fprintf(stderr, "genpack: '%s' exists and is not empty\n", g.out);
		return 2;
	}

	int rc = 3;
	char *lists = NULL, *manifest = NULL;
	g.pack = join(g.out, "pack");
	lists = join(g.pack, "lists");
	manifest = join(g.out, "manifest.json");
	if (!g.pack || !lists || !manifest)
		goto out;
	if (!make_dir(g.out) || !make_dir(g.pack) || !make_dir(lists))
		goto out;
	if (!gp_manifest_init(&g.man))
		goto out;

	gp_write_records(&g);
	if (!g.failed)
		gp_write_partners_and_lists(&g);

	if (!g.failed) {
		struct cscs_buf h = CSCS_BUF_INIT;
		char d[CSCS_DATE_ISO_LEN];
		cscs_buf_addf(&h, "  \"generator\": \"genpack\",\n  \"format\": 1,\n  \"seed\": %" PRIu64 ",\n", g.seed);
		cscs_buf_addf(&h, "  \"size\": \"%s\",\n  \"as_of\": \"%s\",\n", g.sz.name, gp_iso(d, g.as_of));
		cscs_buf_adds(&h, "  \"entity\": {\"name\": ");
		cscs_json_add_string(&h, g.ent.name);
		cscs_buf_adds(&h, ", \"uscc\": ");
		cscs_json_add_string(&h, g.ent.uscc);
		cscs_buf_adds(&h, ", \"legal_rep\": ");
		cscs_json_add_string(&h, g.ent.legal_rep);
		cscs_buf_addf(&h, "},\n  \"rows\": {\"partners\": %ld, \"tax_filings\": %ld, \"payroll\": %ld, "
			      "\"social_insurance\": %ld, \"penalties\": %ld, \"list_entries\": %ld, \"total\": %ld}",
			      g.sz.partners, g.sz.tax_filings, g.sz.payroll, g.sz.social_insurance, g.sz.penalties,
			      g.sz.list_entries, g.total_rows);
		if (!h.oom && gp_manifest_write(&g.man, manifest, cscs_buf_str(&h)))
			rc = 0;
		cscs_buf_finish(&h);
	}
	gp_manifest_finish(&g.man);
	if (rc == 0)
		printf("genpack: wrote %s/pack (%ld rows) and %s: %ld violations, %ld partner matches planted\n", g.out,
		       g.total_rows, manifest, g.man.n_violations, g.man.n_matches);
out:
	free(g.pack);
	free(lists);
	free(manifest);
	return rc;
}
