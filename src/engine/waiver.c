/* Waivers: read with the intake CSV reader, matched per finding. */
#include "cscs/engine/waiver.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cscs/core/buf.h"
#include "cscs/core/text.h"
#include "cscs/intake/csv.h"

enum wcol {
	W_CHECK_ID,
	W_SUBJECT,
	W_JUSTIFICATION,
	W_APPROVER,
	W_GRANTED_ON,
	W_EXPIRES_ON,
	W_COUNT_
};

static const char *const col_names[W_COUNT_] = {
	"check_id", "subject", "justification", "approver", "granted_on", "expires_on",
};

static void waiver_free(struct cscs_waiver *w)
{
	free(w->check_id);
	free(w->subject);
	free(w->justification);
	free(w->approver);
}

void cscs_waivers_destroy(struct cscs_waivers *ws)
{
	if (!ws)
		return;
	for (size_t i = 0; i < ws->n; i++)
		waiver_free(&ws->items[i]);
	free(ws->items);
	free(ws->path);
	free(ws);
}

enum cscs_waiver_state cscs_waiver_state(const struct cscs_waiver *w, cscs_date as_of)
{
	if (as_of < w->granted_on)
		return CSCS_WAIVER_NOT_YET;
	if (as_of > w->expires_on)
		return CSCS_WAIVER_EXPIRED;
	return CSCS_WAIVER_ACTIVE;
}

const char *cscs_waiver_state_name(enum cscs_waiver_state s)
{
	switch (s) {
	case CSCS_WAIVER_ACTIVE:
		return "active";
	case CSCS_WAIVER_EXPIRED:
		return "expired";
	case CSCS_WAIVER_NOT_YET:
		return "not_yet_valid";
	}
	return "unknown";
}

bool cscs_waiver_matches(const struct cscs_waiver *w, const char *check_id, const char *subject)
{
	if (strcmp(w->check_id, check_id) != 0)
		return false;
	if (!w->subject)
		return true;
	if (!subject)
		return false;
	return strcmp(w->subject, subject) == 0 || fnmatch(w->subject, subject, 0) == 0;
}

/* A copy of field i of row, trimmed; "" when the row is shorter. NULL when out of memory. */
static char *field(const struct cscs_csv_row *row, int i)
{
	if (i < 0 || (size_t)i >= row->n_fields)
		return strdup("");
	char *s = strdup(row->fields[i]);
	return s ? cscs_text_trim(s) : NULL;
}

static unsigned long col_of(const struct cscs_csv_row *row, int i)
{
	return i >= 0 && (size_t)i < row->n_fields && row->col ? row->col[i] : 0;
}

/* Map the header row to columns; false (with messages) when a column is unknown, doubled or missing. */
static bool read_header(const char *path, const struct cscs_csv_row *row, int where[W_COUNT_],
			struct cscs_diag_list *dl)
{
	bool ok = true;
	for (int c = 0; c < W_COUNT_; c++)
		where[c] = -1;
	for (size_t i = 0; i < row->n_fields; i++) {
		char *name = field(row, (int)i);
		if (!name)
			return false;
		int found = -1;
		for (int c = 0; c < W_COUNT_; c++)
			if (cscs_text_ieq(name, col_names[c]))
				found = c;
		if (found < 0) {
			cscs_diag_error(dl, path, row->line, col_of(row, (int)i),
					"unknown column '%s' (check_id, subject, justification, approver, "
					"granted_on, expires_on)", name);
			ok = false;
		} else if (where[found] >= 0) {
			cscs_diag_error(dl, path, row->line, col_of(row, (int)i), "column '%s' appears twice",
					name);
			ok = false;
		} else {
			where[found] = (int)i;
		}
		free(name);
	}
	for (int c = 0; c < W_COUNT_; c++) {
		if (c != W_SUBJECT && where[c] < 0) {
			cscs_diag_error(dl, path, row->line, 0, "no '%s' column; the header must name "
					"check_id, subject, justification, approver, granted_on, expires_on",
					col_names[c]);
			ok = false;
		}
	}
	return ok;
}

/* Read one waiver row; false (with messages) when it is malformed. */
static bool read_waiver(const char *path, const struct cscs_csv_row *row, const int where[W_COUNT_],
			size_t n_header, struct cscs_waiver *w, bool *oom, struct cscs_diag_list *dl)
{
	bool ok = true;
	char *v[W_COUNT_] = {0};
	memset(w, 0, sizeof(*w));
	w->line = row->line;
	if (row->n_fields > n_header) {
		cscs_diag_error(dl, path, row->line, col_of(row, (int)n_header),
				"%zu fields, but the header has %zu", row->n_fields, n_header);
		ok = false;
	}
	for (int c = 0; c < W_COUNT_; c++) {
		v[c] = field(row, where[c]);
		if (!v[c]) {
			*oom = true;
			ok = false;
			goto out;
		}
		if (c != W_SUBJECT && !*v[c] && ok) {
			cscs_diag_error(dl, path, row->line, col_of(row, where[c]),
					"'%s' is empty; every waiver needs a check_id, justification, "
					"approver, granted_on and expires_on", col_names[c]);
			ok = false;
		}
	}
	if (!ok)
		goto out;
	if (!cscs_date_parse(v[W_GRANTED_ON], &w->granted_on)) {
		cscs_diag_error(dl, path, row->line, col_of(row, where[W_GRANTED_ON]),
				"'granted_on' is not a date: '%s'", v[W_GRANTED_ON]);
		ok = false;
	}
	if (!cscs_date_parse(v[W_EXPIRES_ON], &w->expires_on)) {
		cscs_diag_error(dl, path, row->line, col_of(row, where[W_EXPIRES_ON]),
				"'expires_on' is not a date: '%s'", v[W_EXPIRES_ON]);
		ok = false;
	}
	if (ok && w->expires_on < w->granted_on) {
		cscs_diag_error(dl, path, row->line, col_of(row, where[W_EXPIRES_ON]),
				"'expires_on' %s is before 'granted_on' %s", v[W_EXPIRES_ON],
				v[W_GRANTED_ON]);
		ok = false;
	}
	if (!ok)
		goto out;
	w->check_id = v[W_CHECK_ID];
	w->subject = *v[W_SUBJECT] ? v[W_SUBJECT] : NULL;
	w->justification = v[W_JUSTIFICATION];
	w->approver = v[W_APPROVER];
	v[W_CHECK_ID] = v[W_JUSTIFICATION] = v[W_APPROVER] = NULL;
	if (w->subject)
		v[W_SUBJECT] = NULL;
out:
	for (int c = 0; c < W_COUNT_; c++)
		free(v[c]);
	return ok;
}

enum cscs_error cscs_waivers_load(const char *path, struct cscs_waivers **out, struct cscs_diag_list *dl)
{
	*out = NULL;
	struct cscs_waivers *ws = calloc(1, sizeof(*ws));
	if (!ws || !(ws->path = strdup(path))) {
		free(ws);
		return CSCS_ERR_NOMEM;
	}
	struct cscs_csv_reader *r = NULL;
	enum cscs_error err = cscs_csv_open(&r, path, NULL, NULL, dl);
	if (err) {
		cscs_waivers_destroy(ws);
		return err == CSCS_ERR_INPUT ? CSCS_ERR_CHECKLIST : err;
	}
	int where[W_COUNT_];
	size_t n_header = 0, cap = 0, bytes = 0;
	bool have_header = false, bad = false, oom = false;
	const struct cscs_csv_row *row;
	while (!(err = cscs_csv_next(r, &row, dl)) && row) {
		if (!have_header) {
			have_header = true;
			n_header = row->n_fields;
			if (!read_header(path, row, where, dl)) {
				bad = true;
				break;
			}
			continue;
		}
		for (size_t i = 0; i < row->n_fields; i++)
			bytes += row->field_len[i];
		if (bytes > CSCS_WAIVERS_MAX_BYTES) {
			cscs_diag_error(dl, path, row->line, 1, "the waivers file holds more than %u MiB of text, "
					"the most one may", CSCS_WAIVERS_MAX_BYTES / (1024 * 1024));
			bad = true;
			break;
		}
		struct cscs_waiver w;
		if (!read_waiver(path, row, where, n_header, &w, &oom, dl)) {
			bad = true;
			if (oom)
				break;
			continue;
		}
		if (ws->n == cap) {
			cap = cap ? cap * 2 : 16;
			struct cscs_waiver *more = realloc(ws->items, cap * sizeof(*more));
			if (!more) {
				waiver_free(&w);
				oom = true;
				break;
			}
			ws->items = more;
		}
		ws->items[ws->n++] = w;
	}
	cscs_csv_close(r);
	if (!err && !have_header && !bad) {
		cscs_diag_error(dl, path, 0, 0, "the waivers file is empty; it needs a header row "
				"(check_id,subject,justification,approver,granted_on,expires_on)");
		bad = true;
	}
	if (oom)
		err = CSCS_ERR_NOMEM;
	else if (err == CSCS_ERR_INPUT || (!err && bad))
		err = CSCS_ERR_CHECKLIST;
	if (err) {
		cscs_waivers_destroy(ws);
		return err;
	}
	*out = ws;
	return CSCS_OK;
}

enum cscs_error cscs_waivers_apply(struct cscs_waivers *ws, struct cscs_check_result *res, cscs_date as_of)
{
	const char *id = res->check->id;
	for (size_t i = 0; i < ws->n; i++)
		if (strcmp(ws->items[i].check_id, id) == 0)
			ws->items[i].check_ran = true;
	res->n_waived = 0;
	for (size_t f = 0; f < res->n_findings; f++) {
		struct cscs_finding *fd = &res->findings[f];
		fd->waiver = NULL;
		for (size_t i = 0; i < ws->n; i++) {
			struct cscs_waiver *w = &ws->items[i];
			if (!cscs_waiver_matches(w, id, fd->subject))
				continue;
			if (cscs_waiver_state(w, as_of) != CSCS_WAIVER_ACTIVE) {
				w->n_inactive++;
				continue;
			}
			w->n_applied++;
			fd->waiver = w;
			res->n_waived++;
			break;
		}
	}
	if (res->n_waived == 0)
		return CSCS_OK;
	struct cscs_buf b = CSCS_BUF_INIT;
	if (res->n_waived == res->n_findings) {
		/* a waiver covers findings, not the rows the check could not judge */
		res->status = res->n_unjudged ? CSCS_STATUS_INSUFFICIENT_DATA : CSCS_STATUS_WAIVED;
		cscs_buf_addf(&b, "all %zu findings waived", res->n_findings);
	} else {
		cscs_buf_addf(&b, "%zu of %zu findings waived", res->n_waived, res->n_findings);
	}
	if (res->reason && res->n_unjudged)
		cscs_buf_addf(&b, "; %s", res->reason);
	if (b.oom)
		return CSCS_ERR_NOMEM;
	free(res->reason);
	res->reason = cscs_buf_detach(&b);
	return CSCS_OK;
}
