/*
 * Groups in a batch: a folder with group.csv names its entities (a parent,
 * subsidiaries, branches) and each one's pack beneath it. Every pack is
 * audited as usual; the checks across the entities (GRP-001 ...) run over
 * their records once all are audited (docs/records.md, "Groups").
 */
#ifndef CSCS_CLI_GROUP_H
#define CSCS_CLI_GROUP_H

#include <sqlite3.h>
#include <stdbool.h>

#include "cscs/core/date.h"
#include "cscs/core/diag.h"
#include "cscs/core/error.h"
#include "cscs/report/portfolio.h"

/* A person an entity's records name. */
struct cscs_group_person {
	char *name;           /* as recorded */
	char *name_key;       /* compared: without blanks and punctuation, half-width, lower case */
	char *id;             /* as recorded, or NULL */
	char *id_key;         /* normalised identity number when it is shaped like one, or NULL */
	const char *role;     /* people.role: legal_representative, director, ... */
};

/* Records of one group entity that the checks across entities read. */
struct cscs_group_facts {
	bool audited;         /* its pack was audited: the facts below are read */
	struct cscs_group_person *people; /* the legal representative and the people record */
	size_t n_people;
	char *listings;       /* current listings, "judgment defaulter list since date; ...", or NULL */
	char *listings_zh;    /* the same in Chinese */
	char **partner_key;   /* partner USCC, or name when it has none */
	char **partner_name;
	int64_t *partner_spend; /* fen, 0 when not recorded */
	size_t n_partners;
};

/* Read dir/group.csv into g (rel: the group's folder, relative to the batch folder). */
enum cscs_error cscs_group_load(const char *dir, const char *rel, struct cscs_portfolio_group *g,
				struct cscs_diag_list *dl);

/* Read the facts of an audited pack from its database. */
enum cscs_error cscs_group_read_facts(sqlite3 *db, cscs_date as_of, struct cscs_group_facts *f);

/* Run the checks across the group's entities (facts[i] for g->e[i]) into g->f. */
enum cscs_error cscs_group_check(struct cscs_portfolio_group *g, const struct cscs_group_facts *facts,
				 bool show_personal_data);

void cscs_group_facts_finish(struct cscs_group_facts *f);
void cscs_group_finish(struct cscs_portfolio_group *g);

#endif
