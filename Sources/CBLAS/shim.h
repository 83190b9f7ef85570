// CBLAS over Debian's libopenblas-dev (pthread variant); also declares openblas_set_num_threads.
#include <cblas.h>
