#include <string.h>

#include "cscs/engine/engine.h"

static const char *const names[CSCS_SEV_COUNT_] = {"critical", "high", "medium", "low", "info"};

const char *cscs_severity_name(enum cscs_severity s)
{
	return (unsigned)s < CSCS_SEV_COUNT_ ? names[s] : "unknown";
}

bool cscs_severity_parse(const char *s, enum cscs_severity *out)
{
	for (int i = 0; i < CSCS_SEV_COUNT_; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (enum cscs_severity)i;
			return true;
		}
	}
	return false;
}

static const char *const status_names[CSCS_STATUS_COUNT_] = {
	"fail", "pass", "not_applicable", "insufficient_data", "error", "waived",
};

const char *cscs_status_name(enum cscs_status s)
{
	return (unsigned)s < CSCS_STATUS_COUNT_ ? status_names[s] : "unknown";
}

bool cscs_status_parse(const char *s, enum cscs_status *out)
{
	for (int i = 0; i < CSCS_STATUS_COUNT_; i++) {
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum cscs_status)i;
			return true;
		}
	}
	return false;
}
