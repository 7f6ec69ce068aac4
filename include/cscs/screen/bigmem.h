/*
 * Large working arrays of screening (bucket tables of 16 MB, index chunks
 * of 4 MB) in transparent huge pages where the kernel offers them: the
 * bucket tables are read at random millions of times, and with 4 KiB
 * pages nearly every such read also misses the TLB.
 */
#ifndef CSCS_SCREEN_BIGMEM_H
#define CSCS_SCREEN_BIGMEM_H

#include <stddef.h>

/* size zeroed bytes, or NULL. Free with cscs_bigmem_free and the same size. */
void *cscs_bigmem_alloc(size_t size);

/* Release what cscs_bigmem_alloc gave; NULL is a no-op. */
void cscs_bigmem_free(void *p, size_t size);

#endif
