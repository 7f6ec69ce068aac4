/*
 * The read-only sandbox. Several layers, each enough on its own for most
 * attacks, so a mistake in one is not a hole: the connection is opened
 * read-only and set query_only; extension loading is off at the C level;
 * defensive mode forbids writing the schema; the authorizer refuses every
 * action that is not a SELECT of an allowed table or a call of an allowed
 * function; a progress handler ends statements that run past their budget.
 */
#include "cscs/engine/sandbox.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cscs/core/text.h"
#include "cscs/engine/engine.h"
#include "cscs/engine/sqlfuncs.h"
#include "cscs/intake/records.h"
#include "cscs/store/store.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_TABLES_READ 64
/*
 * Virtual machine steps between two looks at the clock. Few, because one
 * step may call a built-in that builds a value as long as SQLITE_LIMIT_LENGTH
 * allows (printf's width, replace, group_concat): with 1,000 steps a query
 * calling such a function on each row ran 13 s past a 5 s budget.
 */
#define CSCS_SANDBOX_PROGRESS_OPS 100
/* The longest string or blob a check may build or read: 4 MiB (a record field has at most 1 MiB). */
#define CSCS_SANDBOX_MAX_LENGTH (4 * 1024 * 1024)

struct cscs_sandbox {
	sqlite3 *db;                               /* the sandboxed connection */
	unsigned budget_ms;                        /* time one check may take */
	struct timespec deadline;                  /* when the running check must stop */
	bool armed;                                /* the deadline applies */
	bool timed_out;                            /* the progress handler stopped a statement */
	char denied[320];                          /* the authorizer's first refusal, or "" */
	bool denied_weak;                          /* that was a schema-table write (see below) */
	char *tables_read[MAX_TABLES_READ];        /* allowed tables the last prepare reads */
	size_t n_tables_read;                      /* entries in tables_read */
	struct cscs_sandbox_column *cols_read;     /* record columns the last prepare reads */
	size_t n_cols_read;                        /* entries in cols_read */
	size_t cap_cols_read;                      /* allocated entries */
	bool cols_oom;                             /* a column could not be noted */
};

/* The agreed screening tables (written by the screening module); created for linting when absent. */
static const char screen_tables_sql[] =
	"CREATE TABLE IF NOT EXISTS screen_matches("
		" id INTEGER PRIMARY KEY, subject_kind TEXT, partner_id INTEGER, subject_name TEXT,"
		" list_entry_id INTEGER, list TEXT, score INTEGER, band TEXT, historical INTEGER,"
		" explanation TEXT);"
	"CREATE TABLE IF NOT EXISTS partner_status("
		" partner_id INTEGER PRIMARY KEY, status TEXT, lists TEXT, best_score INTEGER,"
		" best_entry_id INTEGER);";

/* unknown_values: the evaluator looks up, on this connection, the values a check could not judge. */
static const char *const extra_tables[] = {"source_files", "screen_matches", "partner_status", "unknown_values",
					    "pack_evidence"};

bool cscs_sandbox_is_screen_table(const char *name)
{
	return cscs_text_ieq(name, "screen_matches") || cscs_text_ieq(name, "partner_status");
}

bool cscs_sandbox_table_allowed(const char *name)
{
	if (!name)
		return false;
	size_t n;
	const struct cscs_record_type *rt = cscs_record_types(&n);
	for (size_t i = 0; i < n; i++)
		if (cscs_text_ieq(rt[i].name, name))
			return true;
	for (size_t i = 0; i < N(extra_tables); i++)
		if (cscs_text_ieq(extra_tables[i], name))
			return true;
	return false;
}

/*
 * SQLite's own functions a check may use. Left out on purpose: random()
 * and randomblob() (a run must be repeatable), zeroblob() (memory),
 * load_extension(), changes() and the like (about this connection, not
 * the records), sqlite_* introspection, fts3_tokenizer().
 */
static const char *const core_functions[] = {
	/* scalar */
	"abs", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex", "ifnull", "iif",
	"instr", "length", "like", "likelihood", "likely", "lower", "ltrim", "max", "min", "nullif",
	"octet_length", "printf", "quote", "replace", "round", "rtrim", "sign", "soundex", "substr",
	"substring", "trim", "typeof", "unhex", "unicode", "unlikely", "upper",
	/* date and time */
	"date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff",
	/* aggregate */
	"avg", "count", "group_concat", "string_agg", "sum", "total",
	/* window */
	"row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
	"first_value", "last_value", "nth_value",
	/* math */
	"acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh",
	"degrees", "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power", "radians",
	"sin", "sinh", "sqrt", "tan", "tanh", "trunc",
	/* JSON (scalar and aggregate; the table-valued json_each is not available) */
	"json", "json_array", "json_array_length", "json_extract", "json_insert", "json_object",
	"json_patch", "json_quote", "json_remove", "json_replace", "json_set", "json_type",
	"json_valid", "json_group_array", "json_group_object", "->", "->>",
};

bool cscs_sandbox_function_allowed(const char *name)
{
	if (!name)
		return false;
	for (size_t i = 0; i < N(core_functions); i++)
		if (cscs_text_ieq(core_functions[i], name))
			return true;
	size_t n;
	const char *const *ours = cscs_sqlfuncs_names(&n);
	for (size_t i = 0; i < n; i++)
		if (cscs_text_ieq(ours[i], name))
			return true;
	return false;
}

static const char *action_name(int action)
{
	switch (action) {
	case SQLITE_CREATE_INDEX: return "CREATE INDEX";
	case SQLITE_CREATE_TABLE: return "CREATE TABLE";
	case SQLITE_CREATE_TEMP_INDEX: return "CREATE TEMP INDEX";
	case SQLITE_CREATE_TEMP_TABLE: return "CREATE TEMP TABLE";
	case SQLITE_CREATE_TEMP_TRIGGER: return "CREATE TEMP TRIGGER";
	case SQLITE_CREATE_TEMP_VIEW: return "CREATE TEMP VIEW";
	case SQLITE_CREATE_TRIGGER: return "CREATE TRIGGER";
	case SQLITE_CREATE_VIEW: return "CREATE VIEW";
	case SQLITE_DROP_INDEX: return "DROP INDEX";
	case SQLITE_DROP_TABLE: return "DROP TABLE";
	case SQLITE_DROP_TEMP_INDEX: return "DROP TEMP INDEX";
	case SQLITE_DROP_TEMP_TABLE: return "DROP TEMP TABLE";
	case SQLITE_DROP_TEMP_TRIGGER: return "DROP TEMP TRIGGER";
	case SQLITE_DROP_TEMP_VIEW: return "DROP TEMP VIEW";
	case SQLITE_DROP_TRIGGER: return "DROP TRIGGER";
	case SQLITE_DROP_VIEW: return "DROP VIEW";
	case SQLITE_TRANSACTION: return "BEGIN, COMMIT or ROLLBACK";
	case SQLITE_ATTACH: return "ATTACH";
	case SQLITE_DETACH: return "DETACH";
	case SQLITE_ALTER_TABLE: return "ALTER TABLE";
	case SQLITE_REINDEX: return "REINDEX";
	case SQLITE_ANALYZE: return "ANALYZE";
	case SQLITE_CREATE_VTABLE: return "CREATE VIRTUAL TABLE";
	case SQLITE_DROP_VTABLE: return "DROP VIRTUAL TABLE";
	case SQLITE_SAVEPOINT: return "SAVEPOINT";
	default: return "this statement";
	}
}

static void deny(struct cscs_sandbox *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void deny(struct cscs_sandbox *sb, const char *fmt, ...)
{
	if (sb->denied[0])
		return; /* the first refusal is the one to explain */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sb->denied, sizeof(sb->denied), fmt, ap);
	va_end(ap);
}

static void note_table(struct cscs_sandbox *sb, const char *table)
{
	for (size_t i = 0; i < sb->n_tables_read; i++)
		if (strcmp(sb->tables_read[i], table) == 0)
			return;
	if (sb->n_tables_read < MAX_TABLES_READ) {
		char *copy = strdup(table);
		if (copy)
			sb->tables_read[sb->n_tables_read++] = copy;
	}
}

/*
 * Note the column a statement reads. Only record tables matter: their
 * unknown values (unknown_values) are what a check could not judge.
 */
static void note_column(struct cscs_sandbox *sb, const char *table, const char *column)
{
	if (!table || !column || !column[0] || !cscs_record_type_find(table))
		return;
	for (size_t i = 0; i < sb->n_cols_read; i++)
		if (strcmp(sb->cols_read[i].table, table) == 0 && strcmp(sb->cols_read[i].column, column) == 0)
			return;
	if (sb->n_cols_read == sb->cap_cols_read) {
		size_t cap = sb->cap_cols_read ? sb->cap_cols_read * 2 : 16;
		struct cscs_sandbox_column *more = realloc(sb->cols_read, cap * sizeof(*more));
		if (!more) {
			sb->cols_oom = true;
			return;
		}
		sb->cols_read = more;
		sb->cap_cols_read = cap;
	}
	char *t = strdup(table), *c = strdup(column);
	if (!t || !c) {
		free(t);
		free(c);
		sb->cols_oom = true;
		return;
	}
	sb->cols_read[sb->n_cols_read].table = t;
	sb->cols_read[sb->n_cols_read].column = c;
	sb->n_cols_read++;
}

/* Pragmas that only describe an allowed table; everything else (and every pragma write) is refused. */
static bool pragma_allowed(const char *name, const char *arg)
{
	return (cscs_text_ieq(name, "table_info") || cscs_text_ieq(name, "table_xinfo")) && arg &&
	       cscs_sandbox_table_allowed(arg);
}

static int authorize(void *ud, int action, const char *a1, const char *a2, const char *dbname,
		     const char *inner)
{
	struct cscs_sandbox *sb = ud;
	(void)inner;
	/*
	 * DDL (and an eponymous virtual table such as json_each) first asks to
	 * write the schema table; the refusal stops it there, so prepare names
	 * the statement instead (see schema_write_message).
	 */
	if ((action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE) && a1 &&
	    (cscs_text_ieq(a1, "sqlite_master") || cscs_text_ieq(a1, "sqlite_temp_master"))) {
		bool first = !sb->denied[0];
		deny(sb, "writing the schema is not allowed in a check (table-valued functions such as "
		     "json_each and pragma_* are not available)");
		if (first)
			sb->denied_weak = true;
		return SQLITE_DENY;
	}
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_RECURSIVE: /* a runaway recursive CTE is the progress handler's job */
		return SQLITE_OK;
	case SQLITE_READ:
		if (dbname && strcmp(dbname, "main") != 0) {
			deny(sb, "reading '%s.%s' is not allowed in a check (only the main database)",
			     dbname, a1);
			return SQLITE_DENY;
		}
		if (cscs_sandbox_table_allowed(a1)) {
			note_table(sb, a1);
			note_column(sb, a1, a2);
			return SQLITE_OK;
		}
		deny(sb, "table '%s' is not readable by a check (only record tables, source_files, "
		     "unknown_values, screen_matches and partner_status are)", a1 ? a1 : "");
		return SQLITE_DENY;
	case SQLITE_FUNCTION:
		if (cscs_sandbox_function_allowed(a2))
			return SQLITE_OK;
		deny(sb, "function '%s' is not allowed in a check", a2 ? a2 : "");
		return SQLITE_DENY;
	case SQLITE_PRAGMA:
		if (pragma_allowed(a1, a2))
			return SQLITE_OK;
		deny(sb, "PRAGMA %s is not allowed in a check", a1 ? a1 : "");
		return SQLITE_DENY;
	case SQLITE_INSERT:
		deny(sb, "INSERT into '%s' is not allowed: checks are read-only", a1 ? a1 : "");
		return SQLITE_DENY;
	case SQLITE_UPDATE:
		deny(sb, "UPDATE of '%s' is not allowed: checks are read-only", a1 ? a1 : "");
		return SQLITE_DENY;
	case SQLITE_DELETE:
		deny(sb, "DELETE from '%s' is not allowed: checks are read-only", a1 ? a1 : "");
		return SQLITE_DENY;
	case SQLITE_CREATE_TEMP_INDEX:
	case SQLITE_CREATE_TEMP_TABLE:
	case SQLITE_CREATE_TEMP_TRIGGER:
	case SQLITE_CREATE_TEMP_VIEW:
		deny(sb, "%s is not allowed: checks create nothing, not even temporary objects",
		     action_name(action));
		return SQLITE_DENY;
	default:
		deny(sb, "%s is not allowed in a check", action_name(action));
		return SQLITE_DENY;
	}
}

static void now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

static int progress(void *ud)
{
	struct cscs_sandbox *sb = ud;
	if (!sb->armed)
		return 0;
	struct timespec t;
	now(&t);
	if (t.tv_sec > sb->deadline.tv_sec ||
	    (t.tv_sec == sb->deadline.tv_sec && t.tv_nsec >= sb->deadline.tv_nsec)) {
		sb->timed_out = true;
		return 1; /* SQLite stops the statement with SQLITE_INTERRUPT */
	}
	return 0;
}

static enum cscs_error lock_down(struct cscs_sandbox *sb, struct cscs_diag_list *dl)
{
	sqlite3 *db = sb->db;
	int off = 0;
	if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &off) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &off) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &off) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &off) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, &off) != SQLITE_OK)
		return cscs_store_error(db, SQLITE_ERROR, "sandbox", dl);
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, CSCS_SANDBOX_MAX_LENGTH);
	sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1024 * 1024);
	sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 0);
	enum cscs_error err = cscs_store_exec(db, "PRAGMA query_only=ON; PRAGMA trusted_schema=OFF", dl);
	if (err)
		return err;
	if ((err = cscs_sqlfuncs_register(db, dl)))
		return err;
	sqlite3_set_authorizer(db, authorize, sb);
	sqlite3_progress_handler(db, CSCS_SANDBOX_PROGRESS_OPS, progress, sb);
	return CSCS_OK;
}

static struct cscs_sandbox *sandbox_new(unsigned budget_ms)
{
	struct cscs_sandbox *sb = calloc(1, sizeof(*sb));
	if (sb)
		sb->budget_ms = budget_ms ? budget_ms : CSCS_ENGINE_DEFAULT_BUDGET_MS;
	return sb;
}

enum cscs_error cscs_sandbox_open(struct cscs_sandbox **out, const char *path, unsigned budget_ms,
				  struct cscs_diag_list *dl)
{
	*out = NULL;
	struct cscs_sandbox *sb = sandbox_new(budget_ms);
	if (!sb)
		return CSCS_ERR_NOMEM;
	int rc = sqlite3_open_v2(path, &sb->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_PRIVATECACHE, NULL);
	if (rc != SQLITE_OK) {
		cscs_diag_error(dl, path, 0, 0, "cannot open the database read-only: %s",
				sb->db ? sqlite3_errmsg(sb->db) : sqlite3_errstr(rc));
		cscs_sandbox_close(sb);
		return CSCS_ERR_IO;
	}
	sqlite3_extended_result_codes(sb->db, 1);
	sqlite3_busy_timeout(sb->db, CSCS_STORE_BUSY_MS);
	enum cscs_error err = lock_down(sb, dl);
	if (err) {
		cscs_sandbox_close(sb);
		return err;
	}
	*out = sb;
	return CSCS_OK;
}

enum cscs_error cscs_sandbox_open_schema(struct cscs_sandbox **out, struct cscs_diag_list *dl)
{
	*out = NULL;
	struct cscs_sandbox *sb = sandbox_new(0);
	if (!sb)
		return CSCS_ERR_NOMEM;
	enum cscs_error err = CSCS_OK;
	int rc = sqlite3_open_v2(":memory:", &sb->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL);
	if (rc != SQLITE_OK) {
		err = cscs_store_error(sb->db, rc, "sandbox", dl);
		goto fail;
	}
	size_t n;
	const struct cscs_migration *m = cscs_store_migrations(&n);
	for (size_t i = 0; i < n && !err; i++)
		err = cscs_store_exec(sb->db, m[i].sql, dl);
	if (!err)
		err = cscs_store_exec(sb->db, screen_tables_sql, dl);
	if (!err)
		err = lock_down(sb, dl);
	if (err)
		goto fail;
	*out = sb;
	return CSCS_OK;
fail:
	cscs_sandbox_close(sb);
	return err;
}

static void clear_tables_read(struct cscs_sandbox *sb)
{
	for (size_t i = 0; i < sb->n_tables_read; i++)
		free(sb->tables_read[i]);
	sb->n_tables_read = 0;
	for (size_t i = 0; i < sb->n_cols_read; i++) {
		free(sb->cols_read[i].table);
		free(sb->cols_read[i].column);
	}
	sb->n_cols_read = 0;
	sb->cols_oom = false;
}

void cscs_sandbox_close(struct cscs_sandbox *sb)
{
	if (!sb)
		return;
	clear_tables_read(sb);
	free(sb->cols_read);
	sqlite3_close_v2(sb->db);
	free(sb);
}

sqlite3 *cscs_sandbox_db(struct cscs_sandbox *sb)
{
	return sb->db;
}

const char *const *cscs_sandbox_tables_read(const struct cscs_sandbox *sb, size_t *n)
{
	*n = sb->n_tables_read;
	return (const char *const *)sb->tables_read;
}

const struct cscs_sandbox_column *cscs_sandbox_columns_read(const struct cscs_sandbox *sb, size_t *n,
						       bool *complete)
{
	*n = sb->n_cols_read;
	*complete = !sb->cols_oom;
	return sb->cols_read;
}

/*
 * A schema-table write refused before the statement's own action was
 * asked for: for CREATE, DROP and ALTER name the statement by its first
 * words; otherwise keep the authorizer's message.
 */
static const char *schema_write_message(struct cscs_sandbox *sb, const char *sql, char *buf, size_t len)
{
	if (!sb->denied_weak)
		return sb->denied;
	const char *p = sql;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			p = end ? end + 2 : p + strlen(p);
		} else {
			break;
		}
	}
	if (strncasecmp(p, "CREATE", 6) != 0 && strncasecmp(p, "DROP", 4) != 0 &&
	    strncasecmp(p, "ALTER", 5) != 0)
		return sb->denied;
	char words[64];
	size_t n = 0, n_words = 0;
	bool in_word = false;
	for (; *p && n + 1 < sizeof(words); p++) {
		bool letter = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z');
		if (!letter) {
			if (in_word && ++n_words == 3)
				break;
			in_word = false;
			continue;
		}
		if (!in_word && n)
			words[n++] = ' ';
		in_word = true;
		words[n++] = (char)(*p >= 'a' ? *p - 32 : *p);
	}
	words[n] = '\0';
	/* CREATE TEMP TABLE, DROP TABLE x: the third word may be a name; keep only keywords */
	static const char *const keywords[] = {"TABLE", "INDEX", "VIEW", "TRIGGER", "VIRTUAL"};
	char *last = strrchr(words, ' ');
	if (last && n_words == 3) {
		bool keyword = false;
		for (size_t i = 0; i < N(keywords); i++)
			keyword = keyword || strcmp(last + 1, keywords[i]) == 0;
		if (!keyword)
			*last = '\0';
	}
	snprintf(buf, len, "%s is not allowed: checks create, change and drop nothing, not even "
		 "temporary objects", words);
	return buf;
}

static enum cscs_error refuse(char **why, const char *msg)
{
	*why = strdup(msg);
	return *why ? CSCS_ERR_CHECKLIST : CSCS_ERR_NOMEM;
}

/* True when the parameter name (":x") is :as_of or one of params (names without the colon). */
static bool parameter_known(const char *name, const char *const *params, size_t n_params)
{
	if (!name || name[0] != ':')
		return false;
	if (strcmp(name, ":as_of") == 0)
		return true;
	for (size_t i = 0; i < n_params; i++)
		if (strcmp(name + 1, params[i]) == 0)
			return true;
	return false;
}

enum cscs_error cscs_sandbox_prepare(struct cscs_sandbox *sb, const char *sql, sqlite3_stmt **stmt,
				     char **why, int *offset)
{
	return cscs_sandbox_prepare_params(sb, sql, NULL, 0, stmt, why, offset);
}

enum cscs_error cscs_sandbox_prepare_params(struct cscs_sandbox *sb, const char *sql, const char *const *params,
					    size_t n_params, sqlite3_stmt **stmt, char **why, int *offset)
{
	*stmt = NULL;
	*why = NULL;
	*offset = -1;
	sb->denied[0] = '\0';
	sb->denied_weak = false;
	clear_tables_read(sb);
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc = sqlite3_prepare_v2(sb->db, sql, -1, &st, &tail);
	char msg[200];
	if (rc != SQLITE_OK) {
		*offset = sqlite3_error_offset(sb->db);
		return refuse(why, sb->denied[0] ? schema_write_message(sb, sql, msg, sizeof(msg))
				  : sqlite3_errmsg(sb->db));
	}
	if (!st)
		return refuse(why, "the query is empty");
	/* Anything after the statement must be blanks, comments or semicolons. */
	while (tail && *tail) {
		sqlite3_stmt *more = NULL;
		const char *rest = NULL;
		rc = sqlite3_prepare_v2(sb->db, tail, -1, &more, &rest);
		if (rc != SQLITE_OK || more) {
			*offset = (int)(tail - sql);
			sqlite3_finalize(more);
			sqlite3_finalize(st);
			return refuse(why, sb->denied[0] ? schema_write_message(sb, tail, msg, sizeof(msg))
				      : "more than one statement; a check is a single SELECT");
		}
		if (rest == tail)
			break;
		tail = rest;
	}
	const char *problem = NULL;
	if (sqlite3_stmt_isexplain(st))
		problem = "EXPLAIN is not a check; a check is a single SELECT";
	else if (!sqlite3_stmt_readonly(st))
		problem = "the query is not read-only; a check is a single SELECT";
	else if (sqlite3_column_count(st) == 0)
		problem = "the query returns no columns; a check is a single SELECT";
	if (problem) {
		sqlite3_finalize(st);
		return refuse(why, problem);
	}
	int n_bound = sqlite3_bind_parameter_count(st);
	for (int i = 1; i <= n_bound; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		if (!parameter_known(name, params, n_params)) {
			snprintf(msg, sizeof(msg), "parameter '%s' is never bound; only :as_of and the "
				 "check's 'param.NAME' annotations are", name ? name : "?");
			sqlite3_finalize(st);
			return refuse(why, msg);
		}
	}
	*stmt = st;
	return CSCS_OK;
}

void cscs_sandbox_start(struct cscs_sandbox *sb)
{
	now(&sb->deadline);
	sb->deadline.tv_sec += sb->budget_ms / 1000;
	sb->deadline.tv_nsec += (long)(sb->budget_ms % 1000) * 1000000L;
	if (sb->deadline.tv_nsec >= 1000000000L) {
		sb->deadline.tv_sec++;
		sb->deadline.tv_nsec -= 1000000000L;
	}
	sb->armed = true;
	sb->timed_out = false;
}

void cscs_sandbox_stop(struct cscs_sandbox *sb)
{
	sb->armed = false;
}

bool cscs_sandbox_timed_out(const struct cscs_sandbox *sb)
{
	return sb->timed_out;
}

unsigned cscs_sandbox_budget_ms(const struct cscs_sandbox *sb)
{
	return sb->budget_ms;
}

enum cscs_error cscs_sandbox_table_state(struct cscs_sandbox *sb, const char *table, bool *exists,
					 bool *has_rows, char **why)
{
	*exists = false;
	*has_rows = false;
	*why = NULL;
	if (!cscs_sandbox_table_allowed(table))
		return CSCS_OK;
	int rc = sqlite3_table_column_metadata(sb->db, "main", table, NULL, NULL, NULL, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return CSCS_OK;
	*exists = true;
	char *sql = sqlite3_mprintf("SELECT 1 FROM \"%w\" LIMIT 1", table);
	if (!sql)
		return CSCS_ERR_NOMEM;
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(sb->db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		*has_rows = rc == SQLITE_ROW;
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		*why = strdup(sqlite3_errmsg(sb->db));
		sqlite3_finalize(st);
		return CSCS_ERR_DB;
	}
	sqlite3_finalize(st);
	return CSCS_OK;
}
