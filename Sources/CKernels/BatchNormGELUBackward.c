// The first sweep of BatchNorm+GELU's backward pass on AVX2: h = dL/dy · GELU′ (kept from the forward pass)
// and the two sums BatchNorm's gradient needs, in one pass over a plane.
//
// Why C: the Swift sweep runs on 4-lane SSE. The sums must keep the bits of LaneSum.swift's `laneSum` (trained
// models are cached by their arithmetic): eight accumulators, lane k taking terms q ≡ k (mod 8) in order, then
// the same fixed tree and the tail added one by one. One 8-lane AVX2 register is exactly those accumulators.
#pragma clang fp contract(off)

#include "CKernels.h"

#include "LaneTree.h"

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void backwardSweep8(const float *gy, const float *kept, const float *x,
                                                          float *h, long count, float mean, float *sums) {
    __m256 a = _mm256_setzero_ps(), b = _mm256_setzero_ps(), m = _mm256_set1_ps(mean);
    long q = 0;
    for (; q + 8 <= count; q += 8) {
        __m256 hv = _mm256_mul_ps(_mm256_loadu_ps(gy + q), _mm256_loadu_ps(kept + q));
        _mm256_storeu_ps(h + q, hv);
        a = _mm256_add_ps(a, hv);
        b = _mm256_add_ps(b, _mm256_mul_ps(hv, _mm256_sub_ps(_mm256_loadu_ps(x + q), m)));
    }
    float s = laneTree(a), t = laneTree(b);
    for (; q < count; q++) {
        float hq = gy[q] * kept[q];
        h[q] = hq;
        s += hq;
        t += hq * (x[q] - mean);
    }
    sums[0] = s;
    sums[1] = t;
}
#endif

int sitegen_bn_gelu_backward_sweep(const float *gy, const float *kept, const float *x, float *h, long count,
                                   float mean, float *sums) {
#if defined(__x86_64__)
    if (sitegen_bn_gelu_lanes() >= 8) {
        backwardSweep8(gy, kept, x, h, count, mean, sums);
        return 1;
    }
#endif
    (void)gy; (void)kept; (void)x; (void)h; (void)count; (void)mean; (void)sums;
    return 0;
}
