/* Money as integer fen (1 yuan = 100 fen). Never floating point. */
#ifndef CSCS_CORE_MONEY_H
#define CSCS_CORE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t cscs_fen;

/* Largest magnitude accepted: 10^15 yuan, far beyond any real record. */
#define CSCS_MONEY_MAX_FEN ((cscs_fen)100000000000000000LL)

enum cscs_money_status {
	CSCS_MONEY_OK = 0,
	CSCS_MONEY_EMPTY,     /* nothing but blanks */
	CSCS_MONEY_SYNTAX,    /* not an amount */
	CSCS_MONEY_PRECISION, /* finer than one fen (after 万 scaling) */
	CSCS_MONEY_RANGE,     /* beyond CSCS_MONEY_MAX_FEN */
};

/*
 * Parse an amount as records write it: "1234.5", "1,234.50", "¥1,234",
 * "RMB 1234", "1234元", "12.5万元", "12.5万", "-300", "（300）" is not
 * accepted. Full-width digits and separators are accepted. On success
 * sets *out (fen).
 */
enum cscs_money_status cscs_money_parse(const char *s, cscs_fen *out);

/* A short reason for a parse status, for diagnostics. */
const char *cscs_money_status_str(enum cscs_money_status st);

#define CSCS_MONEY_FMT_LEN 32
/* Write fen as "-1234567.89" (no separators) into buf. Returns buf. */
char *cscs_money_format(cscs_fen fen, char *buf);
/* Write fen as "-1,234,567.89" (thousands grouped) into buf (CSCS_MONEY_FMT_LEN bytes). Returns buf. */
char *cscs_money_format_grouped(cscs_fen fen, char *buf);

#endif
