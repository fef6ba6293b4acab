// BatchNorm's sweeps on AVX2, bit-identical to the Swift loops of BatchNorm2d.swift and BatchNormGELU.swift: the
// batch statistics' sums, backward's first sweep (h = dL/dy · GELU′ kept from the forward pass, and the two sums
// BatchNorm's gradient needs, in one pass over a plane) and the input gradient.
//
// Why C: the Swift loops run on 4-lane SSE. The sums must keep the bits of LaneSum.swift's `laneSum` (trained
// models are cached by their arithmetic): eight accumulators, lane k taking terms q ≡ k (mod 8) in order, then
// a fixed tree and the tail added one by one. One 8-lane AVX2 register is exactly those accumulators. The
// gradient is element-wise, in the Swift expression's order without fused multiply-adds.
#pragma clang fp contract(off)

#include "CKernels.h"

#if defined(__x86_64__)
#include "VectorLanes.h"

// Σ x, or with `deviations` Σ (x − mean)², as laneSum sums them.
__attribute__((target("avx2"))) static float statisticSum8(const float *x, long count, float mean, int deviations) {
    __m256 a = _mm256_setzero_ps(), m = _mm256_set1_ps(mean);
    long q = 0;
    if (deviations) {
        for (; q + 8 <= count; q += 8) {
            __m256 d = _mm256_sub_ps(_mm256_loadu_ps(x + q), m);
            a = _mm256_add_ps(a, _mm256_mul_ps(d, d));
        }
    } else {
        for (; q + 8 <= count; q += 8) a = _mm256_add_ps(a, _mm256_loadu_ps(x + q));
    }
    float s = laneTree(a);
    for (; q < count; q++) {
        float d = x[q] - mean;
        s += deviations ? d * d : x[q];
    }
    return s;
}

__attribute__((target("avx2"))) static void inputGradient8(float *gx, const float *gy, const float *x, long count,
                                                          float a, float b, float d) {
    __m256 va = _mm256_set1_ps(a), vb = _mm256_set1_ps(b), vd = _mm256_set1_ps(d);
    long q = 0;
    for (; q + 8 <= count; q += 8) {
        __m256 t = _mm256_add_ps(_mm256_sub_ps(_mm256_mul_ps(va, _mm256_loadu_ps(gy + q)),
                                               _mm256_mul_ps(vb, _mm256_loadu_ps(x + q))), vd);
        _mm256_storeu_ps(gx + q, _mm256_add_ps(_mm256_loadu_ps(gx + q), t));
    }
    for (; q < count; q++) gx[q] += a * gy[q] - b * x[q] + d;
}

__attribute__((target("avx2"))) static void backwardSweep8(const float *gy, const float *kept, const float *x,
                                                          float *h, long count, float mean, float *sumH, float *sumHX) {
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
    *sumH = s;
    *sumHX = t;
}
#endif

int sitegen_bn_statistic_sum(const float *x, long count, float mean, int deviations, float *sum) {
#if defined(__x86_64__)
    if (sitegen_bn_gelu_lanes() >= 8) {
        *sum = statisticSum8(x, count, mean, deviations);
        return 1;
    }
#endif
    (void)x; (void)count; (void)mean; (void)deviations; (void)sum;
    return 0;
}

int sitegen_bn_input_gradient(float *gx, const float *gy, const float *x, long count, float a, float b, float d) {
#if defined(__x86_64__)
    if (sitegen_bn_gelu_lanes() >= 8) {
        inputGradient8(gx, gy, x, count, a, b, d);
        return 1;
    }
#endif
    (void)gx; (void)gy; (void)x; (void)count; (void)a; (void)b; (void)d;
    return 0;
}

int sitegen_bn_gelu_backward_sweep(const float *gy, const float *kept, const float *x, float *h, long count,
                                   float mean, float *sumH, float *sumHX) {
#if defined(__x86_64__)
    if (sitegen_bn_gelu_lanes() >= 8) {
        backwardSweep8(gy, kept, x, h, count, mean, sumH, sumHX);
        return 1;
    }
#endif
    (void)gy; (void)kept; (void)x; (void)h; (void)count; (void)mean; (void)sumH; (void)sumHX;
    return 0;
}
