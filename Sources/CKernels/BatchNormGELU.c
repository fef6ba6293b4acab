// BatchNorm's affine step and GELU on the CPU's widest vectors, chosen at run time.
//
// Why C: Swift compiles for baseline x86-64 (SSE2), so its SIMD8 runs as two 4-lane halves; the binary must
// still run on CPUs without AVX. Here each width is its own function with a `target` attribute, picked by
// cpuid. Every value must keep the bits of FastMath.swift's scalar code (trained models are cached by their
// arithmetic), so: the same constants, the same operation order, and no fused multiply-add.
#pragma clang fp contract(off)

#include "CKernels.h"

// The vector kernels are x86-64 code; elsewhere (ARM, say) every call returns 0 and the Swift paths do the work.
#if defined(__x86_64__)

#define GELU_KERNEL(NAME, WIDTH, TARGET)                                                                       \
typedef float NAME##_f __attribute__((vector_size(WIDTH * 4), aligned(4)));                                  \
typedef int NAME##_i __attribute__((vector_size(WIDTH * 4), aligned(4)));                                    \
typedef unsigned NAME##_u __attribute__((vector_size(WIDTH * 4), aligned(4)));                               \
                                                                                                               \
__attribute__((target(TARGET))) static inline NAME##_f NAME##_select(NAME##_i mask, NAME##_f yes, NAME##_f no) { \
    return (NAME##_f)(((NAME##_i)yes & mask) | ((NAME##_i)no & ~mask));                                       \
}                                                                                                              \
                                                                                                               \
__attribute__((target(TARGET))) static inline NAME##_f NAME##_exp(NAME##_f x) {                              \
    x = NAME##_select(x <= -87.3f, (NAME##_f){} - 87.3f, x);                                                   \
    x = NAME##_select(x > 88.3f, (NAME##_f){} + 88.3f, x);                                                     \
    NAME##_f shifted = x * 1.44269504f + 12582912.0f;                                                          \
    NAME##_f k = shifted - 12582912.0f;                                                                        \
    NAME##_f r = x - k * 0.693359375f + k * 2.12194440e-4f;                                                    \
    NAME##_f p = (NAME##_f){} + 1.9875691500e-4f;                                                              \
    p = p * r + 1.3981999507e-3f;                                                                              \
    p = p * r + 8.3334519073e-3f;                                                                              \
    p = p * r + 4.1665795894e-2f;                                                                              \
    p = p * r + 1.6666665459e-1f;                                                                              \
    p = p * r + 5.0000001201e-1f;                                                                              \
    NAME##_f y = p * r * r + r + 1.0f;                                                                         \
    NAME##_u bits = (((NAME##_u)shifted - 0x4B400000u + 127u) << 23);                                          \
    return y * (NAME##_f)bits;                                                                                 \
}                                                                                                              \
                                                                                                               \
__attribute__((target(TARGET))) static inline NAME##_f NAME##_erf(NAME##_f a) {                              \
    NAME##_f t = (NAME##_f)((NAME##_i)a & 0x7FFFFFFF);                                                         \
    NAME##_f s = a * a;                                                                                        \
    NAME##_f r = -1.72853470e-5f * t + 3.83197126e-4f;                                                         \
    NAME##_f u = -3.88396438e-3f * t + 2.42546219e-2f;                                                         \
    r = r * s + u;                                                                                             \
    r = r * t - 1.06777877e-1f;                                                                                \
    r = r * t - 6.34846687e-1f;                                                                                \
    r = r * t - 1.28717512e-1f;                                                                                \
    r = r * t - t;                                                                                             \
    NAME##_f far = 1.0f - NAME##_exp(r);                                                                       \
    NAME##_f q = (NAME##_f){} - 5.96761703e-4f;                                                                \
    q = q * s + 4.99119423e-3f;                                                                                \
    q = q * s - 2.67681349e-2f;                                                                                \
    q = q * s + 1.12819925e-1f;                                                                                \
    q = q * s - 3.76125336e-1f;                                                                                \
    q = q * s + 1.28379166e-1f;                                                                                \
    NAME##_f near = q * a + a;                                                                                 \
    NAME##_f signedFar = NAME##_select(a < 0.0f, -far, far);                                                   \
    return NAME##_select(t > 0.927734375f, signedFar, near);                                                   \
}                                                                                                              \
                                                                                                               \
__attribute__((target(TARGET))) static long NAME(const float *x, float *y, float *derivative, long count,    \
                                                 float scale, float shift) {                                   \
    long whole = count - count % WIDTH;                                                                        \
    for (long q = 0; q < whole; q += WIDTH) {                                                                  \
        NAME##_f v = *(const NAME##_f *)(x + q) * scale + shift;                                               \
        NAME##_f e = NAME##_erf(v * 0.70710678118654752f);                                                     \
        *(NAME##_f *)(y + q) = 0.5f * v * (1.0f + e);                                                          \
        if (derivative)                                                                                        \
            *(NAME##_f *)(derivative + q) = 0.5f * (1.0f + e) + v * 0.39894228040143268f * NAME##_exp(-0.5f * v * v); \
    }                                                                                                          \
    return whole;                                                                                              \
}

GELU_KERNEL(gelu16, 16, "avx512f")
GELU_KERNEL(gelu8, 8, "avx2")
#endif

int sitegen_bn_gelu_lanes(void) {
    // Worker threads may ask at once; each computes the same answer, so a relaxed atomic is enough.
    static int cached = -1;
    int lanes = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (lanes < 0) {
#if defined(__x86_64__)
        __builtin_cpu_init();
        lanes = __builtin_cpu_supports("avx512f") ? 16 : __builtin_cpu_supports("avx2") ? 8 : 0;
#else
        lanes = 0;
#endif
        __atomic_store_n(&cached, lanes, __ATOMIC_RELAXED);
    }
    return lanes;
}

// The kernel of `lanes` width; the caller has checked the CPU has it.
static long geluOfWidth(int lanes, const float *x, float *y, float *derivative, long count, float scale, float shift) {
#if defined(__x86_64__)
    switch (lanes) {
    case 16: return gelu16(x, y, derivative, count, scale, shift);
    case 8: return gelu8(x, y, derivative, count, scale, shift);
    default: return 0;
    }
#else
    (void)lanes; (void)x; (void)y; (void)derivative; (void)count; (void)scale; (void)shift;
    return 0;
#endif
}

long sitegen_bn_gelu(const float *x, float *y, float *derivative, long count, float scale, float shift) {
    return geluOfWidth(sitegen_bn_gelu_lanes(), x, y, derivative, count, scale, shift);
}

long sitegen_bn_gelu_width(int lanes, const float *x, float *y, float *derivative, long count, float scale, float shift) {
    return lanes > sitegen_bn_gelu_lanes() ? 0 : geluOfWidth(lanes, x, y, derivative, count, scale, shift);
}
