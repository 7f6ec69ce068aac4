/*
 * audit --batch: find every record pack beneath a folder, audit each in a
 * worker process of its own (at most --jobs at once), then copy each run
 * into one history database and write the portfolio from it.
 *
 * Each worker audits into a database of its own: record tables hold one
 * pack at a time, so two packs imported into one database at once would
 * mix. A worker that fails (bad input, a crash, memory) fails its pack only.
 */
#include "batch.h"
#include "group.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cscs/core/buf.h"
#include "cscs/core/fs.h"
#include "cscs/ident/resident_id.h"
#include "cscs/intake/import.h"
#include "cscs/report/portfolio.h"
#include "cscs/store/store.h"

struct bpack {
	char *path;  /* as given to the audit */
	char *rel;   /* relative to the batch folder */
	char *name;  /* output name, unique */
	char *error; /* why it failed, or NULL */
	int rc;      /* the audit's exit code, or -1 before it ran */
	int64_t run_id;
	pid_t pid;
};

struct batch {
	struct bpack *p;
	size_t n, cap;
	struct cscs_portfolio_group *g; /* groups (folders with group.csv) */
	struct cscs_group_facts **facts; /* facts[k][i]: the records of group k's entity i */
	size_t n_g;
	bool oom;
	enum cscs_error group_err; /* a group.csv that cannot be read */
	struct cscs_diag_list *dl;
};

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", a, b);
	return s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_pack(struct batch *b, const char *path, const char *rel)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 32;
		struct bpack *more = realloc(b->p, cap * sizeof(*more));
		if (!more) {
			b->oom = true;
			return;
		}
		b->p = more;
		b->cap = cap;
	}
	struct bpack *p = &b->p[b->n];
	memset(p, 0, sizeof(*p));
	p->rc = -1;
	p->path = strdup(path);
	p->rel = strdup(rel);
	if (!p->path || !p->rel) {
		free(p->path);
		free(p->rel);
		b->oom = true;
		return;
	}
	b->n++;
}

/* Packs beneath dir, in name order; a pack's own sub-folders (its lists/) are not searched. */
static void find_packs(struct batch *b, const char *dir, const char *rel, const char *outdir, int depth)
{
	if (depth > 16 || b->oom)
		return;
	if (cscs_fs_same_file(dir, outdir))
		return; /* the outputs of an earlier batch */
	if (cscs_import_looks_like_pack(dir)) {
		add_pack(b, dir, rel);
		return;
	}
	char *gcsv = join(dir, "group.csv");
	if (!gcsv) {
		b->oom = true;
		return;
	}
	if (access(gcsv, F_OK) == 0) {
		struct cscs_portfolio_group *more = realloc(b->g, (b->n_g + 1) * sizeof(*more));
		if (!more) {
			b->oom = true;
		} else {
			b->g = more;
			enum cscs_error e = cscs_group_load(dir, rel, &b->g[b->n_g], b->dl);
			b->n_g++;
			if (e)
				b->group_err = e;
		}
	}
	free(gcsv);
	DIR *d = opendir(dir);
	if (!d)
		return;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "lists") == 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			char **more = realloc(names, cap * sizeof(*more));
			if (!more) {
				b->oom = true;
				break;
			}
			names = more;
		}
		if (!(names[n] = strdup(e->d_name))) {
			b->oom = true;
			break;
		}
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *path = join(dir, names[i]);
		char *r = strcmp(rel, ".") == 0 ? strdup(names[i]) : join(rel, names[i]);
		struct stat st;
		if (!path || !r)
			b->oom = true;
		else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			find_packs(b, path, r, outdir, depth + 1);
		free(path);
		free(r);
		free(names[i]);
	}
	free(names);
}

/* A file name from the pack's relative path: '/' becomes '--', other unsafe bytes '_'. */
static char *safe_name(const char *rel, const char *folder)
{
	struct cscs_buf b = CSCS_BUF_INIT;
	if (strcmp(rel, ".") == 0) {
		const char *slash = strrchr(folder, '/');
		rel = slash && slash[1] ? slash + 1 : folder;
		if (!*rel || strcmp(rel, ".") == 0 || strcmp(rel, "..") == 0)
			rel = "pack";
	}
	for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
		if (*p == '/')
			cscs_buf_adds(&b, "--");
		else if (*p >= 0x80 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			 *p == '-' || *p == '_' || (*p == '.' && p != (const unsigned char *)rel))
			cscs_buf_addc(&b, (char)*p);
		else
			cscs_buf_addc(&b, '_');
	}
	if (b.len == 0 || strcmp(cscs_buf_str(&b), "portfolio") == 0 || strcmp(cscs_buf_str(&b), "history") == 0)
		cscs_buf_adds(&b, "-pack"); /* never the portfolio's own names */
	if (b.oom) {
		cscs_buf_finish(&b);
		return NULL;
	}
	return cscs_buf_detach(&b);
}

static bool name_taken(const struct batch *b, size_t upto, const char *name)
{
	for (size_t i = 0; i < upto; i++)
		if (strcasecmp(b->p[i].name, name) == 0)
			return true;
	return false;
}

static bool name_packs(struct batch *b, const char *folder)
{
	for (size_t i = 0; i < b->n; i++) {
		char *base = safe_name(b->p[i].rel, folder);
		if (!base)
			return false;
		char *name = base;
		for (int k = 2; name_taken(b, i, name); k++) {
			if (name != base)
				free(name);
			size_t len = strlen(base) + 16;
			if (!(name = malloc(len))) {
				free(base);
				return false;
			}
			snprintf(name, len, "%s-%d", base, k);
		}
		if (name != base)
			free(base);
		b->p[i].name = name;
	}
	return true;
}

/* The messages of a failed audit, from its log: "cscs-audit: " dropped, the "see --help" hint too. */
static char *read_error(const char *log, bool show_personal)
{
	char *text = NULL;
	size_t len = 0;
	struct cscs_diag_list quiet;
	cscs_diag_list_init(&quiet);
	enum cscs_error e = cscs_fs_read_all(log, 1 << 20, &text, &len, &quiet);
	cscs_diag_list_finish(&quiet);
	if (e || !text)
		return NULL;
	struct cscs_buf b = CSCS_BUF_INIT;
	size_t n_lines = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, "cscs-audit: ", 12) == 0)
			line += 12;
		if (strncmp(line, "see 'cscs-audit", 15) == 0 || !*line)
			continue;
		if (n_lines++ < 5)
			cscs_buf_addf(&b, "%s%s", b.len ? "\n" : "", line);
	}
	if (n_lines > 5)
		cscs_buf_addf(&b, "\n... (%zu more)", n_lines - 5);
	free(text);
	if (b.oom || b.len == 0) {
		cscs_buf_finish(&b);
		return NULL;
	}
	if (show_personal)
		return cscs_buf_detach(&b);
	struct cscs_buf m = CSCS_BUF_INIT;
	char *out = strdup(cscs_resident_id_mask_text(cscs_buf_str(&b), &m));
	cscs_buf_finish(&m);
	cscs_buf_finish(&b);
	return out;
}

/* The largest id of a table of the history database (0 when empty). */
static enum cscs_error max_id(sqlite3 *db, const char *table, int64_t *out, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st = NULL;
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT coalesce(max(id), 0) FROM main.\"%s\"", table);
	enum cscs_error err = cscs_store_prepare(db, sql, &st, dl);
	if (err)
		return err;
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? CSCS_OK : cscs_store_error(db, rc, "read the history database", dl);
}

/* Copy the worker's run (and every row that names it) into the history database. */
static enum cscs_error copy_run(sqlite3 *db, const char *worker_db, int64_t *new_id, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st = NULL, *cols = NULL;
	enum cscs_error err;
	struct cscs_buf sql = CSCS_BUF_INIT;
	bool attached = false, began = false;
	int64_t old_id = 0, findings_base = 0;
	bool has_finding_evidence = false;
	*new_id = 0;
	if ((err = cscs_store_prepare(db, "ATTACH ?1 AS w", &st, dl)))
		return err;
	sqlite3_bind_text(st, 1, worker_db, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		err = cscs_store_error(db, SQLITE_ERROR, "attach the pack's database", dl);
		sqlite3_finalize(st);
		return err;
	}
	sqlite3_finalize(st);
	st = NULL;
	attached = true;
	if ((err = cscs_store_prepare(db, "SELECT max(id) FROM w.runs WHERE status = 'complete'", &st, dl)))
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW)
		old_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (!old_id) {
		cscs_diag_error(dl, worker_db, 0, 0, "the pack's audit stored no complete run");
		err = CSCS_ERR_INTERNAL;
		goto out;
	}
	if ((err = cscs_store_begin(db, dl)))
		goto out;
	began = true;
	/* Every table of the history database with a run_id column, runs first (the others refer to it). */
	if ((err = cscs_store_prepare(db,
				      "SELECT m.name, group_concat(CASE WHEN c.name = 'run_id' THEN '?2' ELSE "
				      "'\"' || c.name || '\"' END, ','), group_concat('\"' || c.name || '\"', ',') "
				      "FROM main.sqlite_master m, pragma_table_info(m.name) c "
				      "WHERE m.type = 'table' AND (m.name = 'runs' OR EXISTS (SELECT 1 FROM "
				      "pragma_table_info(m.name) r WHERE r.name = 'run_id')) "
				      "AND NOT (c.pk = 1 AND c.name = 'id') AND c.name <> 'import_id' "
				      "AND m.name IN (SELECT name FROM w.sqlite_master WHERE type = 'table') "
				      "GROUP BY m.name ORDER BY m.name <> 'runs', m.name",
				      &cols, dl)))
		goto out;
	while (sqlite3_step(cols) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(cols, 0);
		const char *sel = (const char *)sqlite3_column_text(cols, 1);
		const char *ins = (const char *)sqlite3_column_text(cols, 2);
		bool is_runs = strcmp(table, "runs") == 0;
		bool is_findings = strcmp(table, "findings") == 0;
		if (strcmp(table, "finding_evidence") == 0) {
			has_finding_evidence = true; /* after the findings: it names them by id */
			continue;
		}
		if (is_findings && (err = max_id(db, "findings", &findings_base, dl)))
			goto out;
		cscs_buf_reset(&sql);
		if (is_runs)
			cscs_buf_addf(&sql, "INSERT INTO main.runs(%s) SELECT %s FROM w.runs WHERE id = ?1", ins, ins);
		else
			/* findings in id order: their new ids follow on from findings_base in the same order */
			cscs_buf_addf(&sql, "INSERT INTO main.\"%s\"(%s) SELECT %s FROM w.\"%s\" WHERE run_id = ?1%s", table,
				      ins, sel, table, is_findings ? " ORDER BY id" : "");
		if (sql.oom) {
			err = CSCS_ERR_NOMEM;
			goto out;
		}
		if ((err = cscs_store_prepare(db, cscs_buf_str(&sql), &st, dl)))
			goto out;
		sqlite3_bind_int64(st, 1, old_id);
		if (!is_runs)
			sqlite3_bind_int64(st, 2, *new_id);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE) {
			err = cscs_store_error(db, rc, "copy the run into the history database", dl);
			goto out;
		}
		if (is_runs)
			*new_id = sqlite3_last_insert_rowid(db);
	}
	if (has_finding_evidence) {
		/* a finding's new id is findings_base plus its rank among the run's findings */
		static const char copy_evidence[] =
			"INSERT INTO main.finding_evidence(run_id, finding_id, path) "
			"SELECT ?2, ?3 + (SELECT count(*) FROM w.findings f WHERE f.run_id = ?1 AND f.id <= fe.finding_id), "
			"fe.path FROM w.finding_evidence fe WHERE fe.run_id = ?1";
		if ((err = cscs_store_prepare(db, copy_evidence, &st, dl)))
			goto out;
		sqlite3_bind_int64(st, 1, old_id);
		sqlite3_bind_int64(st, 2, *new_id);
		sqlite3_bind_int64(st, 3, findings_base);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE) {
			err = cscs_store_error(db, rc, "copy the run into the history database", dl);
			goto out;
		}
	}
	if ((err = cscs_store_commit(db, dl)))
		goto out;
	began = false;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(cols);
	if (began) {
		cscs_store_rollback(db);
		*new_id = 0;
	}
	if (attached)
		sqlite3_exec(db, "DETACH w", NULL, NULL, NULL);
	cscs_buf_finish(&sql);
	return err;
}

static unsigned online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

/* The worker, in its own process: its output goes to its log, it returns the audit's exit code. */
static int worker(struct cscs_ctx *ctx, cscs_batch_audit_fn fn, void *arg, const struct bpack *p, const char *outdir,
		  const char *db, const char *log)
{
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || null < 0 || dup2(fd, 2) < 0 || dup2(null, 1) < 0)
		return CSCS_EXIT_INTERNAL;
	close(fd);
	close(null);
	ctx->stderr_is_tty = false;
	ctx->verbosity = -1; /* the log keeps the errors: they say why the pack failed */
	ctx->phase[0] = '\0';
	size_t len = strlen(outdir) + strlen(p->name) + 8;
	char *xlsx = malloc(len), *json = malloc(len);
	int rc = CSCS_EXIT_INTERNAL;
	if (!xlsx || !json) {
		fputs("cscs-audit: out of memory\n", stderr);
	} else {
		snprintf(xlsx, len, "%s/%s.xlsx", outdir, p->name);
		snprintf(json, len, "%s/%s.json", outdir, p->name);
		rc = fn(ctx, arg, p->path, xlsx, json, db);
	}
	free(xlsx);
	free(json);
	fflush(NULL);
	return rc;
}

static void free_groups(struct batch *b)
{
	for (size_t k = 0; k < b->n_g; k++) {
		for (size_t i = 0; b->facts && b->facts[k] && i < b->g[k].n_e; i++)
			cscs_group_facts_finish(&b->facts[k][i]);
		if (b->facts)
			free(b->facts[k]);
		cscs_group_finish(&b->g[k]);
	}
	free(b->facts);
	free(b->g);
}

/* Which group entity pack i is: *k and *e, or false. */
static bool group_member(const struct batch *b, size_t i, size_t *k, size_t *e)
{
	for (*k = 0; *k < b->n_g; (*k)++)
		for (*e = 0; *e < b->g[*k].n_e; (*e)++)
			if (b->g[*k].e[*e].pack_index == i)
				return true;
	return false;
}

/* Each group entity's pack among those found; the facts arrays. */
static enum cscs_error match_groups(struct batch *b, struct cscs_diag_list *dl)
{
	if (!b->n_g)
		return CSCS_OK;
	b->facts = calloc(b->n_g, sizeof(*b->facts));
	if (!b->facts)
		return CSCS_ERR_NOMEM;
	for (size_t k = 0; k < b->n_g; k++) {
		struct cscs_portfolio_group *g = &b->g[k];
		b->facts[k] = calloc(g->n_e ? g->n_e : 1, sizeof(**b->facts));
		if (!b->facts[k])
			return CSCS_ERR_NOMEM;
		for (size_t i = 0; i < g->n_e; i++) {
			char *want = strcmp(g->rel, ".") == 0 ? strdup(g->e[i].pack) : join(g->rel, g->e[i].pack);
			if (!want)
				return CSCS_ERR_NOMEM;
			size_t len = strlen(want);
			while (len > 1 && want[len - 1] == '/')
				want[--len] = '\0';
			for (size_t j = 0; j < b->n; j++)
				if (strcmp(b->p[j].rel, want) == 0)
					g->e[i].pack_index = j;
			if (g->e[i].pack_index == SIZE_MAX)
				cscs_diag_warning(dl, want, 0, 0,
						  "group.csv names '%s' but no record pack was found there: the group's "
						  "checks cannot read its records",
						  g->e[i].entity);
			free(want);
		}
	}
	return CSCS_OK;
}

static void free_packs(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->p[i].path);
		free(b->p[i].rel);
		free(b->p[i].name);
		free(b->p[i].error);
	}
	free(b->p);
}

static char *work_file(const char *workdir, size_t i, const char *ext)
{
	size_t n = strlen(workdir) + 32;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%zu%s", workdir, i, ext);
	return s;
}

static void remove_db(const char *path)
{
	static const char *const tails[] = {"", "-wal", "-shm", "-journal"};
	char buf[PATH_MAX];
	for (size_t i = 0; i < 4; i++) {
		snprintf(buf, sizeof(buf), "%s%s", path, tails[i]);
		unlink(buf);
	}
}

int cscs_batch_run(struct cscs_ctx *ctx, const struct cscs_batch_opts *o, cscs_batch_audit_fn fn, void *arg)
{
	struct batch b = {0};
	struct cscs_diag_list dl;
	struct cscs_store *st = NULL;
	char *workdir = NULL, *history = NULL, *xlsx = NULL, *json = NULL;
	struct cscs_portfolio_pack *pp = NULL;
	int rc = CSCS_EXIT_OK;
	enum cscs_error err = CSCS_OK;
	cscs_diag_list_init(&dl);
	struct stat sb;
	if (stat(o->folder, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		cscs_diag_error(&dl, o->folder, 0, 0, "%s; --batch needs a folder of record packs",
				errno == ENOENT ? "no such folder" : "not a folder");
		err = CSCS_ERR_INPUT;
		goto out;
	}
	if (stat(o->outdir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
		cscs_diag_error(&dl, o->outdir, 0, 0, "is not a folder; with --batch, -o names the output folder");
		err = CSCS_ERR_INPUT;
		goto out;
	}
	b.dl = &dl;
	find_packs(&b, o->folder, ".", o->outdir, 0);
	if (b.oom || !name_packs(&b, o->folder)) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	if ((err = b.group_err) || (err = match_groups(&b, &dl)))
		goto out;
	if (b.n == 0) {
		cscs_diag_error(&dl, o->folder, 0, 0,
				"holds no record pack (a folder with entity.csv and the other record files, or an "
				"intake workbook such as intake.xlsx); see docs/records.md");
		err = CSCS_ERR_INPUT;
		goto out;
	}
	/* made once the packs are known: a batch refused before any audit leaves nothing behind */
	if (mkdir(o->outdir, 0755) != 0 && errno != EEXIST) {
		cscs_diag_error(&dl, o->outdir, 0, 0, "cannot create the output folder: %s", strerror(errno));
		err = CSCS_ERR_IO;
		goto out;
	}
	history = o->db ? strdup(o->db) : join(o->outdir, "history.db");
	xlsx = join(o->outdir, "portfolio.xlsx");
	json = join(o->outdir, "portfolio.json");
	workdir = cscs_fs_scratch_dir(o->outdir);
	if (!history || !xlsx || !json) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	if (!workdir) {
		cscs_diag_error(&dl, o->outdir, 0, 0, "cannot create a work folder: %s", strerror(errno));
		err = CSCS_ERR_IO;
		goto out;
	}

	unsigned jobs = o->jobs ? o->jobs : online_cpus();
	size_t next = 0, running = 0, done = 0;
	fflush(NULL);
	while (running || (next < b.n && !err)) {
		while (running < jobs && next < b.n && !err) {
			char *db = work_file(workdir, next, ".db"), *log = work_file(workdir, next, ".log");
			if (!db || !log) {
				free(db);
				free(log);
				err = CSCS_ERR_NOMEM;
				break;
			}
			pid_t pid = fork();
			if (pid == 0) {
				/* The child frees the parent's memory it holds too: a leak checker follows forks. */
				int wrc = worker(ctx, fn, arg, &b.p[next], o->outdir, db, log);
				free(db);
				free(log);
				free_packs(&b);
				free_groups(&b);
				free(workdir);
				free(history);
				free(xlsx);
				free(json);
				cscs_diag_list_finish(&dl);
				_exit(wrc);
			}
			free(db);
			free(log);
			if (pid < 0) {
				cscs_diag_error(&dl, NULL, 0, 0, "cannot start an audit: %s", strerror(errno));
				err = CSCS_ERR_IO;
				break;
			}
			b.p[next].pid = pid;
			next++;
			running++;
		}
		if (running == 0)
			break;
		int status;
		pid_t pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (size_t i = 0; i < b.n; i++) {
			if (b.p[i].pid != pid)
				continue;
			running--;
			done++;
			b.p[i].pid = 0;
			if (WIFEXITED(status)) {
				b.p[i].rc = WEXITSTATUS(status);
			} else {
				char msg[128];
				snprintf(msg, sizeof(msg), "the audit was ended by signal %d (%s)", WTERMSIG(status),
					 strsignal(WTERMSIG(status)));
				b.p[i].rc = CSCS_EXIT_INTERNAL;
				b.p[i].error = strdup(msg);
			}
			if (ctx->stderr_is_tty)
				cscs_cli_progress(ctx, "audited %zu of %zu packs", done, b.n);
			break;
		}
	}
	if (ctx->stderr_is_tty)
		cscs_cli_progress_done(ctx);
	if (err)
		goto out;

	/* One history database: each worker's run copied into it, one pack at a time. */
	if ((err = cscs_store_open(&st, history, &dl)))
		goto out;
	size_t n_failed = 0, n_reached = 0;
	for (size_t i = 0; i < b.n; i++) {
		struct bpack *p = &b.p[i];
		char *db = work_file(workdir, i, ".db"), *log = work_file(workdir, i, ".log");
		if (!db || !log) {
			free(db);
			free(log);
			err = CSCS_ERR_NOMEM;
			goto out;
		}
		if (p->rc == CSCS_EXIT_OK || p->rc == CSCS_EXIT_FINDINGS) {
			struct cscs_diag_list cdl;
			cscs_diag_list_init(&cdl);
			if (copy_run(st->db, db, &p->run_id, &cdl) != CSCS_OK) {
				char line[1024];
				p->error = cdl.n ? strdup(cscs_diag_format(&cdl.items[0], line, sizeof(line)))
						 : strdup("the run could not be stored in the history database");
			}
			cscs_diag_list_finish(&cdl);
			if (p->rc == CSCS_EXIT_FINDINGS)
				n_reached++;
			size_t gk, ge;
			sqlite3 *wdb = NULL;
			if (p->run_id && group_member(&b, i, &gk, &ge)) {
				if (sqlite3_open_v2(db, &wdb, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
				    cscs_group_read_facts(wdb, o->as_of, &b.facts[gk][ge]) != CSCS_OK) {
					cscs_group_facts_finish(&b.facts[gk][ge]);
					b.facts[gk][ge].audited = false;
				}
				sqlite3_close(wdb);
			}
		}
		if (!p->run_id) {
			n_failed++;
			if (!p->error)
				p->error = read_error(log, o->show_personal_data);
			if (!p->error)
				p->error = strdup("the audit failed without a message");
		}
		remove_db(db);
		unlink(log);
		free(db);
		free(log);
	}

	pp = calloc(b.n, sizeof(*pp));
	if (!pp) {
		err = CSCS_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < b.n; i++)
		pp[i] = (struct cscs_portfolio_pack){.pack = b.p[i].rel, .name = b.p[i].name, .run_id = b.p[i].run_id,
						     .error = b.p[i].error};
	for (size_t k = 0; k < b.n_g; k++)
		if ((err = cscs_group_check(&b.g[k], b.facts[k], o->show_personal_data)))
			goto out;
	struct cscs_portfolio_opts po = {.lang = o->lang, .as_of = o->as_of, .show_personal_data = o->show_personal_data,
					 .groups = b.g, .n_groups = b.n_g};
	if ((err = cscs_report_portfolio(st->db, pp, b.n, &po, xlsx, json, &dl)))
		goto out;

	bool zh = o->lang && strcmp(o->lang, "zh") == 0;
	for (size_t i = 0; i < b.n; i++) {
		if (b.p[i].run_id)
			continue;
		struct cscs_buf m = CSCS_BUF_INIT;
		const char *text = o->show_personal_data ? b.p[i].error : cscs_resident_id_mask_text(b.p[i].error, &m);
		fprintf(stderr, "%s: %s: %s %s\n", ctx->prog, b.p[i].rel, zh ? "审计失败：" : "failed:", text);
		cscs_buf_finish(&m);
	}
	if (zh)
		printf("批量审计：记录包%zu个，已审计%zu个，失败%zu个\n已写入 %s\n已写入 %s\n", b.n, b.n - n_failed,
		       n_failed, xlsx, json);
	else
		printf("batch: %zu pack%s, %zu audited, %zu failed\nwrote %s\nwrote %s\n", b.n, b.n == 1 ? "" : "s",
		       b.n - n_failed, n_failed, xlsx, json);
	rc = n_failed ? CSCS_EXIT_PACKS_FAILED : n_reached && o->fail_on_set ? CSCS_EXIT_FINDINGS : CSCS_EXIT_OK;
out:
	cscs_store_close(st);
	cscs_cli_print_diags(ctx, &dl);
	cscs_cli_print_bare_error(ctx, err, &dl);
	if (err)
		rc = cscs_error_exit_code(err);
	cscs_diag_list_finish(&dl);
	cscs_fs_scratch_dir_remove(workdir);
	free_packs(&b);
	free_groups(&b);
	free(pp);
	free(history);
	free(xlsx);
	free(json);
	return rc;
}
