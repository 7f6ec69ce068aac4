#include "cscs/core/error.h"

static const char *const messages[CSCS_ERR_COUNT_] = {
	[CSCS_OK] = "no error",
	[CSCS_ERR_USAGE] = "usage error",
	[CSCS_ERR_INPUT] = "bad input",
	[CSCS_ERR_NOT_FOUND] = "not found",
	[CSCS_ERR_IO] = "input/output error",
	[CSCS_ERR_NOMEM] = "out of memory",
	[CSCS_ERR_DB] = "database error",
	[CSCS_ERR_XLSX] = "workbook writer error",
	[CSCS_ERR_REGEX] = "regular expression error",
	[CSCS_ERR_CHECKLIST] = "malformed checklist, profile or waivers file",
	[CSCS_ERR_INTERNAL] = "internal error",
};

const char *cscs_strerror(enum cscs_error err)
{
	if ((unsigned)err >= CSCS_ERR_COUNT_)
		return "unknown error";
	return messages[err];
}

int cscs_error_exit_code(enum cscs_error err)
{
	switch (err) {
	case CSCS_OK:
		return CSCS_EXIT_OK;
	case CSCS_ERR_USAGE:
	case CSCS_ERR_INPUT:
	case CSCS_ERR_NOT_FOUND:
	case CSCS_ERR_CHECKLIST:
	case CSCS_ERR_REGEX:
		return CSCS_EXIT_INPUT;
	default:
		return CSCS_EXIT_INTERNAL;
	}
}
