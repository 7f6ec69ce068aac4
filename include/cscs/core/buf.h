/* A growable, always NUL-terminated byte buffer (git's strbuf, smaller). */
#ifndef CSCS_CORE_BUF_H
#define CSCS_CORE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct cscs_buf {
	char *data; /* NUL-terminated once anything was added; NULL when empty */
	size_t len; /* bytes in use, not counting the NUL */
	size_t cap; /* bytes allocated */
	bool oom;   /* an allocation failed; later appends are no-ops */
};

#define CSCS_BUF_INIT {NULL, 0, 0, false}

/* Release the memory; the buffer is empty and usable again. */
void cscs_buf_finish(struct cscs_buf *b);
/* Make it empty, keeping the allocation. */
void cscs_buf_reset(struct cscs_buf *b);
/* Ensure room for n more bytes. Returns false (and sets oom) on failure. */
bool cscs_buf_grow(struct cscs_buf *b, size_t n);
void cscs_buf_add(struct cscs_buf *b, const void *data, size_t len);
void cscs_buf_adds(struct cscs_buf *b, const char *s);
void cscs_buf_addc(struct cscs_buf *b, char c);
void cscs_buf_addf(struct cscs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cscs_buf_addvf(struct cscs_buf *b, const char *fmt, va_list ap);
/* The contents as a C string ("" when empty); valid until the next change. */
const char *cscs_buf_str(const struct cscs_buf *b);
/* Hand the string to the caller (who frees it); the buffer is empty afterwards. NULL on oom. */
char *cscs_buf_detach(struct cscs_buf *b);

#endif
