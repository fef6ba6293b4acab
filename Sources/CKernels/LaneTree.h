// Shared by the kernels whose sums must give the bits of LaneSum.swift's `laneSum`.
#ifndef SITEGEN_LANE_TREE_H
#define SITEGEN_LANE_TREE_H
#if defined(__x86_64__)
#include <immintrin.h>

// ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)), as laneSum combines its eight accumulators.
__attribute__((target("avx2"))) static inline float laneTree(__m256 v) {
    float l[8];
    _mm256_storeu_ps(l, v);
    return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
}
#endif
#endif
