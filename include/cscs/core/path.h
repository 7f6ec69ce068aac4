#ifndef CSCS_CORE_PATH_H
#define CSCS_CORE_PATH_H

#include <stdbool.h>

/*
 * Paths as shown in outputs (issue 16): never the preparer's machine. A
 * file is shown relative to the shipped checklist library ("shipped:tax.sql"),
 * to the record pack ("licenses.csv"), to the current folder, as given when
 * given relative, and otherwise by its base name (the SHA-256 stored beside
 * it identifies the file).
 */

/*
 * Set the roots paths are shown against: the shipped checklist folder and
 * the record pack (either may be NULL). The roots are resolved once here.
 * Returns false when out of memory.
 */
bool cscs_path_display_roots(const char *shipped, const char *pack);

/* Forget the roots (frees them). */
void cscs_path_display_reset(void);

/* path as shown in outputs, malloc'd; NULL for a NULL path or when out of memory. */
char *cscs_path_display(const char *path);

#endif
