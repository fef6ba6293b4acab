#include <cblas.h>
// openblas_set_num_threads lives in the OpenBLAS config header, not in cblas.h on every distribution.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
