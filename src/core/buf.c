#include "cscs/core/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cscs_buf_finish(struct cscs_buf *b)
{
	free(b->data);
	*b = (struct cscs_buf)CSCS_BUF_INIT;
}

void cscs_buf_reset(struct cscs_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

bool cscs_buf_grow(struct cscs_buf *b, size_t n)
{
	if (b->oom)
		return false;
	if (n > SIZE_MAX - b->len - 1) {
		b->oom = true;
		return false;
	}
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *data = realloc(b->data, cap);
	if (!data) {
		b->oom = true;
		return false;
	}
	b->data = data;
	b->cap = cap;
	return true;
}

void cscs_buf_add(struct cscs_buf *b, const void *data, size_t len)
{
	if (!cscs_buf_grow(b, len))
		return;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void cscs_buf_adds(struct cscs_buf *b, const char *s)
{
	cscs_buf_add(b, s, strlen(s));
}

void cscs_buf_addc(struct cscs_buf *b, char c)
{
	cscs_buf_add(b, &c, 1);
}

void cscs_buf_addvf(struct cscs_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !cscs_buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void cscs_buf_addf(struct cscs_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cscs_buf_addvf(b, fmt, ap);
	va_end(ap);
}

const char *cscs_buf_str(const struct cscs_buf *b)
{
	return b->data ? b->data : "";
}

char *cscs_buf_detach(struct cscs_buf *b)
{
	if (b->oom) {
		cscs_buf_finish(b);
		return NULL;
	}
	char *s = b->data ? b->data : strdup("");
	*b = (struct cscs_buf)CSCS_BUF_INIT;
	return s;
}
