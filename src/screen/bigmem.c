#include "cscs/screen/bigmem.h"

#include <sys/mman.h>

void *cscs_bigmem_alloc(size_t size)
{
	if (size == 0)
		size = 1;
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	/* a hint: without huge pages the memory works the same, only slower */
	madvise(p, size, MADV_HUGEPAGE);
#endif
	return p;
}

void cscs_bigmem_free(void *p, size_t size)
{
	if (p)
		munmap(p, size ? size : 1);
}
