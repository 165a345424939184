// Views over named POSIX shared-memory segments (mv_shm_*): the names are
// those of Python's multiprocessing.shared_memory, the mapping lives as long
// as the last view of it.
#pragma once
#include <cstddef>

#include "memview.h"

namespace mv {

int shm_create(mv_view **out, const char *name, size_t nbytes, unsigned flags);
int shm_open(mv_view **out, const char *name, unsigned flags);
int shm_unlink(const char *name);

}  // namespace mv
