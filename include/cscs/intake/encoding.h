/*
 * Character encodings of record files: UTF-8, and GB18030/GBK (what
 * Chinese Windows and many ERP exports write). Decoding itself is glibc's
 * iconv; this only names encodings and guesses which one a file is in.
 */
#ifndef CSCS_INTAKE_ENCODING_H
#define CSCS_INTAKE_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The canonical name of an encoding the user named ("utf-8", "gb18030" or
 * "gbk"), accepting common spellings (UTF8, GB-18030, cp936, gb2312, ...;
 * case-insensitive), or NULL when it is not one of them.
 */
const char *cscs_encoding_canonical(const char *name);

/* The name glibc's iconv knows a canonical encoding by ("UTF-8", "GB18030", "GBK"). */
const char *cscs_encoding_iconv_name(const char *canonical);

enum cscs_encoding_guess {
	CSCS_ENC_GUESS_UNDECIDED, /* only ASCII so far: both encodings read it alike */
	CSCS_ENC_GUESS_UTF8,      /* the non-ASCII bytes are well-formed UTF-8 */
	CSCS_ENC_GUESS_GB18030,   /* they are not: read as GB18030 (a superset of GBK) */
};

/*
 * Guess the encoding of s[0..len), a window of a file. at_end says the
 * window reaches the end of the file; when it does not, a multi-byte
 * sequence cut at the window's end does not count against UTF-8. A few
 * well-formed UTF-8 characters before an ill-formed byte still mean
 * UTF-8 (the stray byte is then an error where it stands).
 */
enum cscs_encoding_guess cscs_encoding_guess(const char *s, size_t len, bool at_end);

/*
 * Length of the longest prefix of s[0..len) made of whole, well-formed
 * UTF-8 characters. *bad is set to true when the prefix ends at an
 * ill-formed sequence (rather than at len, or at a sequence cut by len).
 */
size_t cscs_encoding_utf8_prefix(const char *s, size_t len, bool *bad);

#endif
