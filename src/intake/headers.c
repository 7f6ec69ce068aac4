#include "cscs/intake/headers.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/text.h"
#include "cscs/intake/values.h"
#include "cscs/intake/vocab.h"

/* ---- folding ---- */

static bool dropped(uint32_t cp)
{
	switch (cp) {
	case ' ': case '\t': case '\n': case '\r': case 0xA0: case 0x3000:
	case '_': case '-': case '.': case '*': case ':': case '\'':
	case 0x2019: /* ’ */
		return true;
	default:
		return false;
	}
}

bool cscs_header_fold(const char *in, size_t len, char *out, char *unit)
{
	size_t n = 0;
	if (unit)
		unit[0] = '\0';
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int k = cscs_utf8_decode(in + i, len - i, &cp);
		if (k <= 0) {
			cp = (unsigned char)in[i];
			k = 1;
		}
		i += (size_t)k;
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0; /* full-width ASCII */
		if (cp == '[' || cp == '{' || cp == 0x3010 || cp == 0x3014 || cp == 0x3016)
			cp = '(';
		else if (cp == ']' || cp == '}' || cp == 0x3011 || cp == 0x3015 || cp == 0x3017)
			cp = ')';
		if (dropped(cp))
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 32;
		char enc[4];
		int e = cscs_utf8_encode(cp, enc);
		if (n + (size_t)e + 1 > CSCS_HEADER_FOLD_LEN)
			return false;
		memcpy(out + n, enc, (size_t)e);
		n += (size_t)e;
	}
	out[n] = '\0';
	/* A bracketed part at the end is a unit or a note: "金额(万元)", "有效期至(yyyymmdd)". */
	if (n > 0 && out[n - 1] == ')') {
		char *open = strrchr(out, '(');
		if (open) {
			if (unit)
				snprintf(unit, CSCS_HEADER_FOLD_LEN, "%.*s", (int)(out + n - 1 - open - 1), open + 1);
			*open = '\0';
		}
	}
	return true;
}

static bool strip_prefix(const char **s, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(*s, prefix, n) != 0)
		return false;
	*s += n;
	return true;
}

int cscs_money_unit_exp(const char *unit)
{
	static const struct {
		const char *word;
		int exp;
	} units[] = {
		{"元", 0}, {"yuan", 0}, {"rmb", 0}, {"cny", 0}, {"¥", 0}, {"￥", 0}, {"人民币", 0}, {"rmbyuan", 0},
		{"千元", 3}, {"千", 3}, {"k", 3}, {"rmbk", 3}, {"rmb000", 3}, {"rmbthousand", 3}, {"thousandyuan", 3},
		{"万元", 4}, {"万", 4}, {"rmb10k", 4}, {"10k", 4}, {"10krmb", 4}, {"10kyuan", 4},
		{"rmb10thousand", 4}, {"10thousandyuan", 4},
		{"百万元", 6}, {"百万", 6}, {"rmbm", 6}, {"rmbmn", 6}, {"rmbmillion", 6}, {"millionyuan", 6},
		{"cnyk", 3}, {"cny000", 3}, {"cny10k", 4}, {"cnym", 6}, {"cnymillion", 6},
		{"亿元", 8}, {"亿", 8}, {"rmb100m", 8}, {"100millionyuan", 8},
	};
	const char *s = unit;
	if (!strip_prefix(&s, "金额单位") && !strip_prefix(&s, "单位"))
		strip_prefix(&s, "unit");
	bool rmb = strip_prefix(&s, "人民币");
	if (!rmb)
		strip_prefix(&s, "币种");
	if (!*s)
		return rmb ? 0 : -1; /* "单位：人民币" is yuan; "单位" alone says nothing */
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(s, units[i].word) == 0)
			return units[i].exp;
	return -1;
}

/* ---- synonyms ---- */

struct synonym {
	const struct cscs_record_type *rt; /* its record type */
	const struct cscs_field *field;    /* the column it names */
	char *text;                        /* as written in the file */
	char *folded;                      /* folded (cscs_header_fold) */
};

struct cscs_synonyms {
	struct synonym *v; /* in file order */
	size_t n;          /* entries */
};

void cscs_synonyms_destroy(struct cscs_synonyms *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].text);
		free(s->v[i].folded);
	}
	free(s->v);
	free(s);
}

static const struct cscs_field *field_named(const struct cscs_record_type *rt, const char *name)
{
	for (size_t i = 0; i < rt->n_fields; i++)
		if (strcmp(rt->fields[i].name, name) == 0)
			return &rt->fields[i];
	return NULL;
}

/* The field of rt the registry names folded (English or Chinese name), or NULL. */
static const struct cscs_field *registry_find(const struct cscs_record_type *rt, const char *folded)
{
	char f[CSCS_HEADER_FOLD_LEN];
	for (size_t i = 0; i < rt->n_fields; i++) {
		const struct cscs_field *fd = &rt->fields[i];
		if (cscs_header_fold(fd->name, strlen(fd->name), f, NULL) && strcmp(f, folded) == 0)
			return fd;
		if (cscs_header_fold(fd->zh, strlen(fd->zh), f, NULL) && strcmp(f, folded) == 0)
			return fd;
	}
	return NULL;
}

static const struct cscs_field *synonym_find(const struct cscs_synonyms *s, const struct cscs_record_type *rt,
					     const char *folded)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].rt == rt && strcmp(s->v[i].folded, folded) == 0)
			return s->v[i].field;
	return NULL;
}

static enum cscs_error add_synonym(struct cscs_synonyms *s, const char *path, unsigned long line,
				   unsigned long col, const struct cscs_record_type *rt, const struct cscs_field *f,
				   const char *text, size_t len, struct cscs_diag_list *dl)
{
	char folded[CSCS_HEADER_FOLD_LEN], unit[CSCS_HEADER_FOLD_LEN];
	if (!cscs_header_fold(text, len, folded, unit) || !folded[0]) {
		cscs_diag_error(dl, path, line, col, "'%.*s' is no header (too long, or only blanks and brackets)",
				(int)len, text);
		return CSCS_ERR_INPUT;
	}
	if (unit[0]) {
		cscs_diag_error(dl, path, line, col,
				"'%.*s' ends in a bracketed part, which headers lose when they are matched; leave it out",
				(int)len, text);
		return CSCS_ERR_INPUT;
	}
	const struct cscs_field *other = registry_find(rt, folded);
	if (!other)
		other = synonym_find(s, rt, folded);
	if (other && other != f) {
		cscs_diag_error(dl, path, line, col, "'%.*s' would name two columns of %s: '%s' and '%s'", (int)len,
				text, rt->name, other->name, f->name);
		return CSCS_ERR_INPUT;
	}
	struct synonym *more = realloc(s->v, (s->n + 1) * sizeof(*more));
	if (!more)
		return CSCS_ERR_NOMEM;
	s->v = more;
	struct synonym *y = &s->v[s->n];
	y->rt = rt;
	y->field = f;
	y->text = strndup(text, len);
	y->folded = strdup(folded);
	if (!y->text || !y->folded) {
		free(y->text);
		free(y->folded);
		return CSCS_ERR_NOMEM;
	}
	s->n++;
	return CSCS_OK;
}

/* Split line at tabs into at most max fields; returns how many. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;
	while (n < max) {
		fields[n++] = p;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

static unsigned long char_col(const char *line, const char *at)
{
	return (unsigned long)cscs_utf8_count(line, (size_t)(at - line)) + 1;
}

static enum cscs_error synonyms_line(struct cscs_synonyms *s, const char *path, unsigned long line_no,
				     char *line, struct cscs_diag_list *dl)
{
	char *copy = strdup(line);
	if (!copy)
		return CSCS_ERR_NOMEM;
	char *fields[4];
	size_t nf = split_tabs(line, fields, 4);
	enum cscs_error err = CSCS_OK;
	if (nf != 3) {
		cscs_diag_error(dl, path, line_no, 1,
				"expected three fields separated by tabs: record type (or *), column, synonyms separated by |");
		err = CSCS_ERR_INPUT;
		goto out;
	}
	const char *type = cscs_text_trim(fields[0]), *col = cscs_text_trim(fields[1]);
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	bool any = false, star = strcmp(type, "*") == 0;
	if (!star && !cscs_record_type_find(type)) {
		cscs_diag_error(dl, path, line_no, 1, "'%s' is not a record type (see the headings of docs/records.md)",
				type);
		err = CSCS_ERR_INPUT;
		goto out;
	}
	for (size_t t = 0; t < n_types && !err; t++) {
		const struct cscs_record_type *rt = &types[t];
		if (!star && strcmp(rt->name, type) != 0)
			continue;
		const struct cscs_field *f = field_named(rt, col);
		if (!f)
			continue;
		any = true;
		char *p = fields[2];
		while (!err) {
			char *bar = strchr(p, '|');
			size_t len = bar ? (size_t)(bar - p) : strlen(p);
			const char *word;
			size_t wlen = cscs_value_trim(p, len, &word);
			if (wlen > 0)
				err = add_synonym(s, path, line_no, char_col(copy, copy + (word - line)), rt, f, word, wlen,
						  dl);
			if (!bar)
				break;
			p = bar + 1;
		}
	}
	if (!err && !any) {
		cscs_diag_error(dl, path, line_no, char_col(copy, copy + (fields[1] - line)),
				"'%s' is not a column of %s", col, star ? "any record type" : type);
		err = CSCS_ERR_INPUT;
	}
out:
	free(copy);
	return err;
}

enum cscs_error cscs_synonyms_load(struct cscs_synonyms **out, const char *path, struct cscs_diag_list *dl)
{
	*out = NULL;
	FILE *fp = fopen(path, "r");
	if (!fp) {
		cscs_diag_error(dl, path, 0, 0, "cannot read the header synonyms: %s", strerror(errno));
		return CSCS_ERR_IO;
	}
	struct cscs_synonyms *s = calloc(1, sizeof(*s));
	enum cscs_error err = s ? CSCS_OK : CSCS_ERR_NOMEM;
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	unsigned long line_no = 0;
	while (!err && (got = getline(&line, &cap, fp)) != -1) {
		line_no++;
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		if (!cscs_utf8_valid(line, (size_t)got, NULL)) {
			cscs_diag_error(dl, path, line_no, 0, "not UTF-8");
			err = CSCS_ERR_INPUT;
			break;
		}
		const char *t;
		if (cscs_value_trim(line, (size_t)got, &t) == 0 || *t == '#')
			continue;
		err = synonyms_line(s, path, line_no, line, dl);
	}
	free(line);
	fclose(fp);
	if (err) {
		cscs_synonyms_destroy(s);
		return err;
	}
	*out = s;
	return CSCS_OK;
}

void cscs_headers_doc(const struct cscs_synonyms *s, struct cscs_buf *b)
{
	cscs_buf_adds(b,
		"\n## Ledgers\n\n"
		"Records kept as spreadsheets (台账) and exports are read as they are:\n\n"
		"* **Finding the header.** Title rows, blank rows and merged cells above the header are\n"
		"  skipped: the header is the first row naming every required column of the record type,\n"
		"  among the first 30 rows that are not blank. A file or sheet in which no such row is\n"
		"  found is reported (the file, the required columns looked for, and the nearest row with\n"
		"  what it lacks), recorded in `source_files` with state `unreadable` and a `data_issues`\n"
		"  row of level `unreadable`; its record type counts as unreadable, and the run goes on.\n"
		"* **Two-level headers.** A row right under the header that names columns only where\n"
		"  the header has none (under a merged heading: 履行情况 over 履行期限 | 履行日期) is the\n"
		"  header's second line: its columns are read too. Required columns must be named in the\n"
		"  header row itself.\n"
		"* **Lists.** A list workbook in `lists/` may hold one list per sheet: every sheet whose\n"
		"  header is a list export's is read.\n"
		"* **Which record type.** A file or sheet named after a record type (English or Chinese\n"
		"  name, any letter case, optionally followed by 台账, 记录, 明细, 清单, 一览表, 登记表, 汇总表,\n"
		"  表, ledger, list, register or records) holds that type. Any other `.csv` file in the\n"
		"  pack, and any other sheet of a workbook, holds the record type whose required columns\n"
		"  its header names, the one naming the most columns (none when two tie: the file is\n"
		"  ignored with a warning). So a workbook may hold several record types as sheets,\n"
		"  whatever its file name. A mapping file may name the type of a file or sheet.\n"
		"* **Rows that are no records** are recognised, reported as warnings in `data_issues`\n"
		"  and never imported: totals rows (合计, 小计, 总计, 共计, 累计, 本页合计, 本月合计, 本年合计 or\n"
		"  本年累计 in one of the first four cells or in a required text column, alone or with a\n"
		"  count of rows as list exports end: `合计：4条`, `共 4 条记录`; Total, Subtotal, Grand total\n"
		"  or Sum there too, alone or with a count, when every other filled cell is a number, since\n"
		"  Total may be a name), a second header row right under the header (English names under Chinese\n"
		"  ones), unit rows (every filled cell a unit: `单位：元`, `单位：万元`, `万元`), and\n"
		"  note rows (the first filled cell begins with 备注, 注, 说明, 填表说明, 填报说明, 制表人, 制表,\n"
		"  审核人, 审核, 复核, 编制人, 填报人, 负责人, Note, Remark followed by a colon, or is that word).\n"
		"* **Units of money.** A unit at the end of a money column's header — `（元）`, `(万元)`,\n"
		"  `（千元）`, `(百万元)`, `(亿元)`, `(RMB)`, `(RMB 10k)`, `(RMB million)` — scales that column's\n"
		"  values exactly (236.50 in a `（万元）` column is 2,365,000.00 yuan; no rounding). A unit\n"
		"  row under the header scales the money columns under which it names a unit, and a\n"
		"  `单位：X` cell in it, or in a title row above the header, scales every money column\n"
		"  whose header names no unit. A value that names its own unit (`12万元`, `3,000元`)\n"
		"  keeps it. A bracketed part that is not a unit of yuan (`(USD)`) is a warning and\n"
		"  the values are read as yuan.\n"
		"* **Row numbers.** A column headed 序号, 行号, No., #, Seq or S/N holds the ledger's own\n"
		"  row numbers: it is ignored without a warning.\n"
		"* **Placeholders.** `-`, `--`, `—`, `——`, `–`, `/`, `无`, `暂无` and `N/A` in a date,\n"
		"  money, number, year, month, enumerated, code or identity-number column mean the cell\n"
		"  is empty (so `-` under 有效期至 means no end date, as an empty cell does). In a yes/no\n"
		"  column `无` means \"no\" and the others mean empty. In a text column they are the value.\n"
		"* **Dates that may be open.** Where an empty date means \"none yet\" (a licence's\n"
		"  `expires_on`, \"empty if indefinite\"; a list entry's or listing's `removed_on`,\n"
		"  \"empty while listed\"), the words exports write for it read as empty: 长期, 长期有效,\n"
		"  永久, 永久有效, 无固定期限, 至今, 未移出, 尚未移出, 未移除, 在列, 仍在列, 否, and\n"
		"  indefinite, permanent, ongoing, present.\n"
		"\n## Mapping file\n\n"
		"`--map FILE` (audit, import) renames an export's files, columns and values to ours\n"
		"before any value is typed, so an ERP or data-platform export is audited without editing\n"
		"it. The file is UTF-8 text; `#` or `;` starts a comment line; blank lines are ignored:\n\n"
		"```\n"
		"# a record type, English or Chinese name\n"
		"[court_cases]\n"
		"# a file or sheet of the pack holding these records\n"
		"file = lawsuits_export.xlsx\n"
		"# their header = our column (a unit at the end of their header still counts)\n"
		"column Case Ref = case_no\n"
		"column Exposure (CNY 10k) = amount\n"
		"# their value of a column = our value\n"
		"value status Final = judged\n"
		"```\n\n"
		"A `file` name matches with or without its extension. Their headers are compared folded\n"
		"(as synonyms are) and take precedence over the names and synonyms below; their values\n"
		"are compared whole, ASCII letter case ignored. Errors (an unknown record type, column\n"
		"or keyword, a value that is not one of an enumerated column's) name the file, line and\n"
		"column and stop the run (exit 2).\n");
	cscs_buf_adds(b,
		"\n## Header synonyms\n\n"
		"Besides the English and Chinese names above, a header may name its column by any of these\n"
		"words (from `templates/headers.tsv`, which you can extend: one line per column,\n"
		"`TYPE<TAB>COLUMN<TAB>word|word|...`, `*` for every type with that column). Headers are\n"
		"compared folded: letter case, full- or half-width characters, blanks, `_ - . : *` and\n"
		"the kind of bracket do not matter, and a bracketed part at the end (`金额（万元）`,\n"
		"`有效期至(必填)`) is set aside: for a money column it is the unit (see \"Ledgers\").\n");
	size_t n_types;
	const struct cscs_record_type *types = cscs_record_types(&n_types);
	for (size_t t = 0; t < n_types; t++) {
		const struct cscs_record_type *rt = &types[t];
		bool heading = false;
		for (size_t k = 0; k < rt->n_fields; k++) {
			const struct cscs_field *f = &rt->fields[k];
			bool first = true;
			for (size_t i = 0; s && i < s->n; i++) {
				if (s->v[i].rt != rt || s->v[i].field != f)
					continue;
				if (!heading) {
					cscs_buf_addf(b, "\n### %s\n\n| column | also named |\n|---|---|\n", rt->name);
					heading = true;
				}
				if (first)
					cscs_buf_addf(b, "| `%s` | ", f->name);
				else
					cscs_buf_adds(b, ", ");
				cscs_buf_adds(b, s->v[i].text);
				first = false;
			}
			if (!first)
				cscs_buf_adds(b, " |\n");
		}
	}
}

/* ---- mapping file ---- */

enum map_kind {
	MAP_FILE,   /* a file or sheet holds the section's record type */
	MAP_COLUMN, /* their column is ours */
	MAP_VALUE,  /* their value of our column is ours */
};

struct map_entry {
	enum map_kind kind;                /* what it maps */
	const struct cscs_record_type *rt; /* the section's record type */
	const struct cscs_field *field;    /* MAP_COLUMN, MAP_VALUE: our column */
	char *theirs;                      /* their name (folded for columns) or value */
	char *ours;                        /* MAP_VALUE: our value */
};

struct cscs_mapping {
	struct map_entry *v; /* in file order */
	size_t n;            /* entries */
};

void cscs_mapping_destroy(struct cscs_mapping *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].theirs);
		free(m->v[i].ours);
	}
	free(m->v);
	free(m);
}

static const struct cscs_record_type *type_by_name(const char *name)
{
	size_t n;
	const struct cscs_record_type *types = cscs_record_types(&n);
	for (size_t i = 0; i < n; i++)
		if (cscs_text_ieq(types[i].name, name) || strcmp(types[i].zh, name) == 0)
			return &types[i];
	return NULL;
}

static enum cscs_error map_add(struct cscs_mapping *m, enum map_kind kind, const struct cscs_record_type *rt,
			       const struct cscs_field *f, const char *theirs, const char *ours)
{
	struct map_entry *more = realloc(m->v, (m->n + 1) * sizeof(*more));
	if (!more)
		return CSCS_ERR_NOMEM;
	m->v = more;
	struct map_entry *e = &m->v[m->n];
	*e = (struct map_entry){kind, rt, f, strdup(theirs), ours ? strdup(ours) : NULL};
	if (!e->theirs || (ours && !e->ours)) {
		free(e->theirs);
		free(e->ours);
		return CSCS_ERR_NOMEM;
	}
	m->n++;
	return CSCS_OK;
}

/* A trimmed copy of s[0..len) into out (size cap); false when it does not fit. */
static bool trimmed(const char *s, size_t len, char *out, size_t cap)
{
	const char *t;
	size_t n = cscs_value_trim(s, len, &t);
	if (n + 1 > cap)
		return false;
	memcpy(out, t, n);
	out[n] = '\0';
	return true;
}

#define MAP_ERR(col, ...)                                                              \
	do {                                                                           \
		cscs_diag_error(dl, path, line_no, char_col(line, (col)), __VA_ARGS__); \
		return CSCS_ERR_INPUT;                                                 \
	} while (0)

static enum cscs_error mapping_line(struct cscs_mapping *m, const struct cscs_vocab *voc, const char *path,
				    unsigned long line_no, const char *line, const struct cscs_record_type **section,
				    struct cscs_diag_list *dl)
{
	char a[1024], b[1024], c[1024];
	const char *t;
	size_t len = cscs_value_trim(line, strlen(line), &t);
	if (t[0] == '[') {
		if (len < 2 || t[len - 1] != ']')
			MAP_ERR(t, "a section is '[record type]'");
		if (!trimmed(t + 1, len - 2, a, sizeof(a)))
			MAP_ERR(t, "the section name is too long");
		if (!(*section = type_by_name(a)))
			MAP_ERR(t + 1, "'%s' is not a record type (English or Chinese name, see docs/records.md)", a);
		return CSCS_OK;
	}
	const char *eq = strchr(t, '=');
	if (!eq)
		MAP_ERR(t, "expected 'file = NAME', 'column THEIRS = OURS' or 'value COLUMN THEIRS = OURS'");
	if (!*section)
		MAP_ERR(t, "a mapping line before the first [record type] section");
	const char *sp = t;
	while (sp < eq && *sp != ' ' && *sp != '\t')
		sp++;
	size_t kw = (size_t)(sp - t);
	const char *val = eq + 1;
	while (*val == ' ' || *val == '\t')
		val++;
	if (!trimmed(val, strlen(val), c, sizeof(c)))
		MAP_ERR(val, "the value is too long");
	if (kw == 4 && strncmp(t, "file", 4) == 0) {
		if (!trimmed(sp, (size_t)(eq - sp), a, sizeof(a)) || a[0] || !c[0])
			MAP_ERR(t, "expected 'file = NAME' (a file of the pack, or a sheet)");
		return map_add(m, MAP_FILE, *section, NULL, c, NULL);
	}
	if (kw == 6 && strncmp(t, "column", 6) == 0) {
		if (!trimmed(sp, (size_t)(eq - sp), a, sizeof(a)) || !a[0])
			MAP_ERR(sp, "expected their column's header before '='");
		const struct cscs_field *f = field_named(*section, c);
		char folded[CSCS_HEADER_FOLD_LEN];
		if (!f && cscs_header_fold(c, strlen(c), folded, NULL))
			f = registry_find(*section, folded);
		if (!f)
			MAP_ERR(val, "'%s' is not a column of %s", c, (*section)->name);
		if (!cscs_header_fold(a, strlen(a), folded, NULL) || !folded[0])
			MAP_ERR(sp, "'%s' is no header", a);
		return map_add(m, MAP_COLUMN, *section, f, folded, NULL);
	}
	if (kw == 5 && strncmp(t, "value", 5) == 0) {
		const char *p = sp;
		while (p < eq && (*p == ' ' || *p == '\t'))
			p++;
		const char *col_end = p;
		while (col_end < eq && *col_end != ' ' && *col_end != '\t')
			col_end++;
		if (!trimmed(p, (size_t)(col_end - p), a, sizeof(a)) || !a[0])
			MAP_ERR(p, "expected 'value COLUMN THEIRS = OURS'");
		const struct cscs_field *f = field_named(*section, a);
		char folded[CSCS_HEADER_FOLD_LEN];
		if (!f && cscs_header_fold(a, strlen(a), folded, NULL))
			f = registry_find(*section, folded);
		if (!f)
			MAP_ERR(p, "'%s' is not a column of %s", a, (*section)->name);
		if (!trimmed(col_end, (size_t)(eq - col_end), b, sizeof(b)) || !b[0])
			MAP_ERR(col_end, "expected their value between the column and '='");
		if (f->type == CSCS_FT_ENUM && c[0] && voc &&
		    !cscs_vocab_match(voc, cscs_vocab_find(voc, f->vocab), c, strlen(c)))
			MAP_ERR(val, "'%s' is not a value of %s.%s (see docs/records.md)", c, (*section)->name,
				f->name);
		return map_add(m, MAP_VALUE, *section, f, b, c);
	}
	MAP_ERR(t, "unknown mapping '%.*s': expected file, column or value", (int)kw, t);
}

enum cscs_error cscs_mapping_load(struct cscs_mapping **out, const char *path, const struct cscs_vocab *voc,
				  struct cscs_diag_list *dl)
{
	*out = NULL;
	FILE *fp = fopen(path, "r");
	if (!fp) {
		cscs_diag_error(dl, path, 0, 0, "cannot read the mapping file: %s", strerror(errno));
		return CSCS_ERR_INPUT;
	}
	struct cscs_mapping *m = calloc(1, sizeof(*m));
	enum cscs_error err = m ? CSCS_OK : CSCS_ERR_NOMEM;
	const struct cscs_record_type *section = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	unsigned long line_no = 0;
	while (!err && (got = getline(&line, &cap, fp)) != -1) {
		line_no++;
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		char *text = line;
		if (line_no == 1 && strncmp(text, "\xEF\xBB\xBF", 3) == 0)
			text += 3;
		if (!cscs_utf8_valid(text, strlen(text), NULL) || strlen(text) != (size_t)got - (size_t)(text - line)) {
			cscs_diag_error(dl, path, line_no, 0, "not UTF-8 text (save the mapping file as UTF-8)");
			err = CSCS_ERR_INPUT;
			break;
		}
		const char *t;
		if (cscs_value_trim(text, strlen(text), &t) == 0 || *t == '#' || *t == ';')
			continue;
		err = mapping_line(m, voc, path, line_no, text, &section, dl);
	}
	free(line);
	fclose(fp);
	if (err) {
		cscs_mapping_destroy(m);
		return err;
	}
	*out = m;
	return CSCS_OK;
}

const struct cscs_record_type *cscs_mapping_file_type(const struct cscs_mapping *m, const char *name)
{
	if (!m)
		return NULL;
	for (size_t i = 0; i < m->n; i++) {
		const struct map_entry *e = &m->v[i];
		if (e->kind != MAP_FILE)
			continue;
		if (strcmp(e->theirs, name) == 0)
			return e->rt;
		/* NAME without its extension matches too */
		const char *dot = strrchr(e->theirs, '.');
		size_t stem = dot ? (size_t)(dot - e->theirs) : strlen(e->theirs);
		if (strlen(name) == stem && strncmp(e->theirs, name, stem) == 0)
			return e->rt;
	}
	return NULL;
}

const char *cscs_mapping_value(const struct cscs_mapping *m, const struct cscs_record_type *rt,
			       const struct cscs_field *f, const char *in, size_t len)
{
	if (!m)
		return NULL;
	const char *t;
	size_t n = cscs_value_trim(in, len, &t);
	for (size_t i = 0; i < m->n; i++) {
		const struct map_entry *e = &m->v[i];
		if (e->kind != MAP_VALUE || e->rt != rt || e->field != f || strlen(e->theirs) != n)
			continue;
		bool eq = true;
		for (size_t k = 0; k < n && eq; k++) {
			char x = t[k] >= 'A' && t[k] <= 'Z' ? (char)(t[k] + 32) : t[k];
			char y = e->theirs[k] >= 'A' && e->theirs[k] <= 'Z' ? (char)(e->theirs[k] + 32) : e->theirs[k];
			eq = x == y;
		}
		if (eq)
			return e->ours;
	}
	return NULL;
}

const struct cscs_field *cscs_header_find(const struct cscs_synonyms *s, const struct cscs_mapping *m,
					  const struct cscs_record_type *rt, const char *in, size_t len,
					  char *unit)
{
	char folded[CSCS_HEADER_FOLD_LEN];
	const char *t;
	len = cscs_value_trim(in, len, &t);
	if (unit)
		unit[0] = '\0';
	if (len == 0 || !cscs_header_fold(t, len, folded, unit) || !folded[0])
		return NULL;
	for (size_t i = 0; m && i < m->n; i++)
		if (m->v[i].kind == MAP_COLUMN && m->v[i].rt == rt && strcmp(m->v[i].theirs, folded) == 0)
			return m->v[i].field;
	const struct cscs_field *f = registry_find(rt, folded);
	if (!f)
		f = synonym_find(s, rt, folded);
	return f;
}
