// BatchNorm's statistics and its input gradient on AVX2, bit-identical to BatchNorm2d.swift's loops.
//
// Why C: the Swift loops run on 4-lane SSE. The statistics' sums keep `laneSum`'s eight accumulators (one AVX2
// register) and its tree; the gradient is element-wise, in the Swift expression's order without fused
// multiply-adds.
#pragma clang fp contract(off)

#include "CKernels.h"
#include "LaneTree.h"

#if defined(__x86_64__)
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
