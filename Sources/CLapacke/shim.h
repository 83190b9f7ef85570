// LAPACKE over Debian's liblapacke-dev; it calls OpenBLAS's LAPACK underneath.
#include <lapacke.h>
