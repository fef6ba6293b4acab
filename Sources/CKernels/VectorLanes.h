// Helpers the x86-64 kernel files share (private to CKernels; include/CKernels.h is the module's interface):
// the target attributes, lane masks, and LaneSum.swift's eight-accumulator tree.
#ifndef SITEGEN_VECTOR_LANES_H
#define SITEGEN_VECTOR_LANES_H
#if defined(__x86_64__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))
#define AVX2 __attribute__((target("avx2")))

// Lanes lo ..< hi of the 16-lane vector that starts at column `base`.
static inline __mmask16 lanesBetween(long lo, long hi, long base) {
    lo -= base; hi -= base;
    if (lo < 0) lo = 0;
    if (hi > 16) hi = 16;
    if (lo >= hi) return 0;
    return (__mmask16)(((1u << hi) - 1) & ~((1u << lo) - 1));
}

// The first `count` lanes of a 16-lane vector (none for count ≤ 0, all for count ≥ 16).
static inline __mmask16 lanesBelow(long count) { return lanesBetween(0, count, 0); }

// ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)), as laneSum combines its eight accumulators.
AVX2 static inline float laneTree(__m256 v) {
    float l[8];
    _mm256_storeu_ps(l, v);
    return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
}
#endif
#endif
