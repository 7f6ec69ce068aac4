#include "cscs/store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cscs/core/fs.h"

enum cscs_error cscs_store_error(sqlite3 *db, int rc, const char *what, struct cscs_diag_list *dl)
{
	const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	cscs_diag_error(dl, NULL, 0, 0, "%s: %s", what, msg);
	return CSCS_ERR_DB;
}

enum cscs_error cscs_store_exec(sqlite3 *db, const char *sql, struct cscs_diag_list *dl)
{
	char *err = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		cscs_diag_error(dl, NULL, 0, 0, "database: %s", err ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
		return CSCS_ERR_DB;
	}
	return CSCS_OK;
}

enum cscs_error cscs_store_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt,
				   struct cscs_diag_list *dl)
{
	int rc = sqlite3_prepare_v2(db, sql, -1, stmt, NULL);
	if (rc != SQLITE_OK)
		return cscs_store_error(db, rc, "database", dl);
	return CSCS_OK;
}

enum cscs_error cscs_store_begin(sqlite3 *db, struct cscs_diag_list *dl)
{
	return cscs_store_exec(db, "BEGIN IMMEDIATE", dl);
}

enum cscs_error cscs_store_commit(sqlite3 *db, struct cscs_diag_list *dl)
{
	return cscs_store_exec(db, "COMMIT", dl);
}

void cscs_store_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int cscs_store_pragma_int(sqlite3 *db, const char *pragma, int fallback)
{
	char sql[64];
	sqlite3_stmt *st;
	int v = fallback;
	snprintf(sql, sizeof(sql), "PRAGMA %s", pragma);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

/*
 * The checks find a partner's or the entity's list entries by code;
 * screening finds them through its own index, by hashes. Made after an
 * import of 5,000,000 list entries, list_entries(uscc) takes about 3 s
 * that a screening run would spend for nothing (docs/performance.md), so
 * it is made when checks are about to run and it is missing. The
 * migrations make it; only an import that replaces the lists drops it.
 */
static const struct {
	const char *name;
	const char *sql;
} check_indexes[] = {
	{"list_entries_uscc", "CREATE INDEX IF NOT EXISTS list_entries_uscc ON list_entries(uscc)"},
};

bool cscs_store_index_for_checks(const char *name)
{
	for (size_t i = 0; i < sizeof(check_indexes) / sizeof(check_indexes[0]); i++)
		if (strcmp(name, check_indexes[i].name) == 0)
			return true;
	return false;
}

enum cscs_error cscs_store_make_check_indexes(sqlite3 *db, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db,
		"SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?", &st, dl);
	if (err)
		return err;
	int threads = cscs_store_pragma_int(db, "threads", 0);
	bool set = false;
	for (size_t i = 0; i < sizeof(check_indexes) / sizeof(check_indexes[0]) && !err; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, check_indexes[i].name, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			continue;
		if (rc != SQLITE_DONE) {
			err = cscs_store_error(db, rc, "reading the schema", dl);
			break;
		}
		sqlite3_reset(st); /* no statement open on the schema while it changes */
		if (!set) /* a hint: without worker threads, one */
			sqlite3_exec(db, "PRAGMA threads = 2", NULL, NULL, NULL);
		set = true;
		err = cscs_store_exec(db, check_indexes[i].sql, dl);
	}
	sqlite3_finalize(st);
	if (set) {
		char sql[48];
		snprintf(sql, sizeof(sql), "PRAGMA threads = %d", threads);
		sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	return err;
}

sqlite3 *cscs_store_open_reader(sqlite3 *db)
{
	const char *path = sqlite3_db_filename(db, "main");
	sqlite3 *r = NULL;
	if (!path || !path[0] || !sqlite3_get_autocommit(db))
		return NULL;
	if (sqlite3_open_v2(path, &r, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sqlite3_close(r);
		return NULL;
	}
	sqlite3_busy_timeout(r, CSCS_STORE_BUSY_MS);
	return r;
}

void cscs_store_set_cache_size(sqlite3 *db, int n)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %d", n);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static bool journal_mode(sqlite3 *db, const char *sql, const char *want)
{
	sqlite3_stmt *st;
	bool ok = false;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *mode = (const char *)sqlite3_column_text(st, 0);
			ok = mode && sqlite3_stricmp(mode, want) == 0;
		}
		sqlite3_finalize(st);
	}
	return ok;
}

void cscs_store_bulk_begin(sqlite3 *db, struct cscs_store_bulk *b)
{
	*b = (struct cscs_store_bulk){.synchronous = -1};
	if (!sqlite3_get_autocommit(db) || !journal_mode(db, "PRAGMA journal_mode", "wal"))
		return;
	/* Refused (the database stays in WAL) while another connection has it open. */
	if (!journal_mode(db, "PRAGMA journal_mode=DELETE", "delete"))
		return;
	b->switched = true;
	b->synchronous = cscs_store_pragma_int(db, "synchronous", -1);
	if (b->synchronous == 1) /* NORMAL: FULL while the rollback journal is in use */
		sqlite3_exec(db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
}

void cscs_store_bulk_end(sqlite3 *db, struct cscs_store_bulk *b)
{
	if (!b->switched)
		return;
	if (b->synchronous == 1)
		sqlite3_exec(db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
	/* Back to WAL; should that fail, the database works in rollback mode until it is opened again. */
	journal_mode(db, "PRAGMA journal_mode=WAL", "wal");
	b->switched = false;
}

char *cscs_store_now(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

int cscs_store_schema_version(sqlite3 *db)
{
	sqlite3_stmt *stmt;
	int version = -1;
	if (sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return version;
}

static enum cscs_error run_migration(sqlite3 *db, const struct cscs_migration *m, struct cscs_diag_list *dl)
{
	enum cscs_error err = cscs_store_exec(db, m->sql, dl);
	if (err)
		return err;
	sqlite3_stmt *stmt;
	char now[32];
	if ((err = cscs_store_prepare(db, "INSERT INTO schema_migrations VALUES (?, ?, ?)", &stmt, dl)))
		return err;
	sqlite3_bind_int(stmt, 1, m->version);
	sqlite3_bind_text(stmt, 2, m->description, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, cscs_store_now(now, sizeof(now)), -1, SQLITE_TRANSIENT);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		err = cscs_store_error(db, SQLITE_ERROR, "recording migration", dl);
	sqlite3_finalize(stmt);
	return err;
}

/*
 * Bring the schema up to date in one write transaction: a second run on
 * the same new database waits (busy timeout) at BEGIN IMMEDIATE, then
 * reads the version the first one left and has nothing to do, instead of
 * running migration 1 again on tables that now exist.
 */
static enum cscs_error migrate(sqlite3 *db, const char *path, struct cscs_diag_list *dl)
{
	size_t n;
	const struct cscs_migration *m = cscs_store_migrations(&n);
	int current = cscs_store_schema_version(db);
	if (n > 0 && current == m[n - 1].version)
		return CSCS_OK; /* up to date: no write lock needed */
	enum cscs_error err = cscs_store_begin(db, dl);
	if (err)
		return err;
	err = cscs_store_exec(db,
		"CREATE TABLE IF NOT EXISTS schema_migrations("
		" version INTEGER PRIMARY KEY,"
		" description TEXT NOT NULL,"
		" applied_at TEXT NOT NULL)", dl);
	if (err) {
		cscs_store_rollback(db);
		return err;
	}
	current = cscs_store_schema_version(db);
	if (current < 0) {
		err = cscs_store_error(db, SQLITE_ERROR, "reading schema version", dl);
		cscs_store_rollback(db);
		return err;
	}
	if (n > 0 && current > m[n - 1].version) {
		cscs_store_rollback(db);
		cscs_diag_error(dl, path, 0, 0,
				"database schema version %d is newer than this tool knows (%d); use a newer cscs-audit",
				current, m[n - 1].version);
		return CSCS_ERR_INPUT;
	}
	for (size_t i = 0; i < n; i++) {
		if (m[i].version <= current)
			continue;
		if ((err = run_migration(db, &m[i], dl))) {
			cscs_store_rollback(db);
			cscs_diag_error(dl, path, 0, 0, "migration %d (%s) failed", m[i].version, m[i].description);
			return err;
		}
	}
	if ((err = cscs_store_commit(db, dl)))
		cscs_store_rollback(db);
	return err;
}

/*
 * cscs-audit creates no triggers and no views. One found in the file was
 * planted (a trigger that deletes each finding makes every later run store
 * nothing while the console counts them; a view in place of a record table
 * hides rows from the checks): refuse the database and say what is there.
 */
static enum cscs_error refuse_foreign_objects(sqlite3 *db, const char *path, struct cscs_diag_list *dl)
{
	sqlite3_stmt *st;
	enum cscs_error err = cscs_store_prepare(db,
		"SELECT type, name FROM main.sqlite_schema WHERE type IN ('trigger', 'view') ORDER BY type, name",
		&st, dl);
	if (err)
		return err;
	int rc;
	size_t n_found = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n_found++ < 5)
			cscs_diag_error(dl, path, 0, 0,
					"the database holds a %s '%s' that cscs-audit did not create; refusing the "
					"database (a planted object can change what is stored and read: remove it "
					"or use another --db)",
					(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
	}
	if (rc != SQLITE_DONE)
		err = cscs_store_error(db, rc, "reading the schema", dl);
	sqlite3_finalize(st);
	if (!err && n_found > 5)
		cscs_diag_error(dl, path, 0, 0, "and %zu more trigger(s) or view(s)", n_found - 5);
	return err ? err : n_found ? CSCS_ERR_INPUT : CSCS_OK;
}

/*
 * Triggers and views off for this connection (SQLite's own switches), as a
 * second layer behind refuse_foreign_objects; defensive mode forbids
 * writing the schema table directly.
 */
static enum cscs_error neutralise(sqlite3 *db, struct cscs_diag_list *dl)
{
	int off = 0;
	if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &off) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, &off) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &off) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &off) != SQLITE_OK)
		return cscs_store_error(db, SQLITE_ERROR, "database", dl);
	return CSCS_OK;
}

static char *make_temp_path(struct cscs_diag_list *dl)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	/* Databases of killed runs (with their -wal, -shm and -journal) would pile up: remove them first. */
	cscs_fs_sweep_stale(dir, "cscs-audit-");
	char *path = cscs_fs_temp_template(dir, "cscs-audit-");
	if (!path)
		return NULL;
	int fd = mkstemp(path);
	if (fd < 0) {
		cscs_diag_error(dl, dir, 0, 0, "cannot create a temporary database: %s", strerror(errno));
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

/*
 * The connection's settings. Switching a new database to WAL takes an
 * exclusive lock for which SQLite does not always call the busy handler:
 * while another run opens the same new file, "database is locked" comes at
 * once. Retried here, for as long as the busy timeout.
 */
static enum cscs_error set_up(sqlite3 *db, struct cscs_diag_list *dl)
{
	/*
	 * A new database gets 16 KiB pages (an existing one keeps its own:
	 * the pragma only acts before the first table): storing 5,000,000
	 * list entries took about 8 % less time than with 4 KiB pages
	 * (docs/performance.md), and the list index's chunks are blobs of
	 * megabytes. The page cache is set in KiB, so memory is the same.
	 */
	static const char sql[] =
		"PRAGMA page_size=16384;"
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=NORMAL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA cache_size=-65536;"
		"PRAGMA temp_store=FILE;";
	for (long waited_ms = 0;; waited_ms += 20) {
		int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return CSCS_OK;
		int code = sqlite3_errcode(db) & 0xff;
		if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) || waited_ms >= CSCS_STORE_BUSY_MS)
			return cscs_store_exec(db, sql, dl); /* once more, for the message */
		struct timespec pause = {0, 20 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
}

enum cscs_error cscs_store_open(struct cscs_store **out, const char *path, struct cscs_diag_list *dl)
{
	*out = NULL;
	struct cscs_store *st = calloc(1, sizeof(*st));
	if (!st)
		return CSCS_ERR_NOMEM;
	st->lock_fd = -1;
	enum cscs_error err = CSCS_OK;
	bool created = false; /* this call made the file: a failure removes it again */
	if (path) {
		st->path = strdup(path);
		if (!st->path) {
			free(st);
			return CSCS_ERR_NOMEM;
		}
		/*
		 * A device, a pipe or a folder is no database: SQLite would make
		 * its -journal beside /dev/null. Refused before anything is made.
		 */
		struct stat sb;
		if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			cscs_diag_error(dl, path, 0, 0, "cannot open database: %s; --db needs a database file",
					S_ISDIR(sb.st_mode) ? "it is a folder" : "it is not a regular file (a device or a pipe)");
			free(st->path);
			free(st);
			return CSCS_ERR_INPUT;
		}
		/* Create it owner-only before SQLite does: records name people. */
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		created = fd >= 0;
		if (fd < 0 && errno == EEXIST)
			fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			int e = errno;
			cscs_diag_error(dl, path, 0, 0, "cannot open database: %s", strerror(e));
			free(st->path);
			free(st);
			return e == ENOENT || e == EISDIR || e == EACCES ? CSCS_ERR_INPUT : CSCS_ERR_IO;
		}
		/*
		 * Kept open (and closed only after SQLite's connection, whose
		 * fcntl locks a close of another descriptor would drop): a
		 * failed run removes a file it created only when no other run
		 * holds this lock too.
		 */
		st->lock_fd = fd;
		flock(fd, LOCK_SH);
	} else {
		st->path = make_temp_path(dl);
		st->is_temp = true;
	}
	if (!st->path) {
		free(st);
		return CSCS_ERR_IO;
	}
	int rc = sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		cscs_diag_error(dl, st->path, 0, 0, "cannot open database: %s",
				st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		err = CSCS_ERR_IO;
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, CSCS_STORE_BUSY_MS);
	if ((err = neutralise(st->db, dl)))
		goto fail;
	/* A file that is not a database fails here, before anything is written. */
	err = set_up(st->db, dl);
	if (err) {
		/* A full disk or a read error is no fault of the file. */
		int code = sqlite3_errcode(st->db);
		if (code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_READONLY ||
		    code == SQLITE_BUSY || code == SQLITE_NOMEM) {
			cscs_diag_error(dl, st->path, 0, 0, "cannot use the database: %s", sqlite3_errstr(code));
			err = code == SQLITE_NOMEM ? CSCS_ERR_NOMEM : CSCS_ERR_IO;
		} else {
			cscs_diag_error(dl, st->path, 0, 0, "not a usable cscs-audit database");
			err = CSCS_ERR_INPUT;
		}
		goto fail;
	}
	/*
	 * A temporary database is removed after the run: nothing in it needs to
	 * survive a power cut, so skip the fsyncs that would dominate a small audit.
	 */
	if (st->is_temp && (err = cscs_store_exec(st->db, "PRAGMA synchronous=OFF", dl)))
		goto fail;
	if ((err = refuse_foreign_objects(st->db, st->path, dl)))
		goto fail;
	err = migrate(st->db, st->path, dl);
	if (err)
		goto fail;
	st->created = created;
	*out = st;
	return CSCS_OK;
fail:
	if (created)
		st->is_temp = true; /* nothing was in it: remove it, as a temporary one */
	cscs_store_close(st);
	return err;
}

void cscs_store_close_failed(struct cscs_store *st, bool failed)
{
	if (st && failed && st->created)
		st->is_temp = true;
	cscs_store_close(st);
}

/* True when no other run has the --db open (see lock_fd), or there is no lock to ask. */
static bool alone(struct cscs_store *st)
{
	if (st->lock_fd < 0)
		return true;
	return flock(st->lock_fd, LOCK_EX | LOCK_NB) == 0;
}

void cscs_store_close(struct cscs_store *st)
{
	if (!st)
		return;
	if (st->db)
		sqlite3_close_v2(st->db);
	if (st->is_temp && st->path && alone(st)) {
		size_t n = strlen(st->path) + sizeof("-journal");
		char *side = malloc(n);
		unlink(st->path);
		if (side) {
			snprintf(side, n, "%s-wal", st->path);
			unlink(side);
			snprintf(side, n, "%s-shm", st->path);
			unlink(side);
			snprintf(side, n, "%s-journal", st->path);
			unlink(side);
			free(side);
		}
	}
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	free(st->path);
	free(st);
}
