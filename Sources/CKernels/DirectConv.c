// DirectConv.swift's loops (the UNets' stem, 1 -> D channels, and head, D -> 1) on AVX-512 for planes up to 32
// wide, bit-identical to them: each value gets the same products added in the same order, without fused
// multiply-adds, and taps that fall in the padding add nothing (masked, not +0).
//
// Why C: in Swift each tap walks the whole plane, loading and storing it again per tap (9·ci times); here one
// output row stays in two registers across all its taps. The stem and head were 32 and 40 ms of a class-
// conditioned D = 64 step (`sitegen bench --layers --only "1 @28"`, `--only "1->64"`).
#pragma clang fp contract(off)

#include "CKernels.h"

#if defined(__x86_64__)
#include "VectorLanes.h"

static inline long maxl(long a, long b) { return a > b ? a : b; }
static inline long minl(long a, long b) { return a < b ? a : b; }

// acc += w · v in the lanes of `m` (the tap's output columns); other lanes keep their values.
AVX512 static inline __m512 addTap(__m512 acc, __mmask16 m, float w, const float *v) {
    if (!m) return acc;
    return _mm512_mask_add_ps(acc, m, acc, _mm512_mul_ps(_mm512_set1_ps(w), _mm512_maskz_loadu_ps(m, v)));
}

AVX512 static void forwardPlane(const float *x, const float *w, float bias, long ci, long height, long width,
                                long kh, long kw, long padding, float *y) {
    const long oh = height + 2 * padding - kh + 1, ow = width + 2 * padding - kw + 1;
    for (long oy = 0; oy < oh; oy++) {
        __m512 a0 = _mm512_set1_ps(bias), a1 = a0;
        for (long c = 0; c < ci; c++) {
            for (long i = 0; i < kh; i++) {
                long iy = oy + i - padding;
                if (iy < 0 || iy >= height) continue;
                for (long j = 0; j < kw; j++) {
                    long dx = j - padding, x0 = maxl(0, -dx), x1 = minl(ow, width - dx);
                    if (x0 >= x1) continue;
                    // Lane ox reads input column ox + dx; masked lanes are never read.
                    const float *s = x + (c * height + iy) * width + dx;
                    float wv = w[(c * kh + i) * kw + j];
                    a0 = addTap(a0, lanesBetween(x0, x1, 0), wv, s);
                    a1 = addTap(a1, lanesBetween(x0, x1, 16), wv, s + 16);
                }
            }
        }
        _mm512_mask_storeu_ps(y + oy * ow, lanesBetween(0, ow, 0), a0);
        _mm512_mask_storeu_ps(y + oy * ow + 16, lanesBetween(0, ow, 16), a1);
    }
}

AVX512 static void backwardInputPlane(const float *gy, const float *w, long co, long ci, long c, long height,
                                      long width, long kh, long kw, long padding, float *gx) {
    const long oh = height + 2 * padding - kh + 1, ow = width + 2 * padding - kw + 1;
    const __mmask16 row0 = lanesBetween(0, width, 0), row1 = lanesBetween(0, width, 16);
    for (long r = 0; r < height; r++) {
        __m512 a0 = _mm512_maskz_loadu_ps(row0, gx + r * width), a1 = _mm512_maskz_loadu_ps(row1, gx + r * width + 16);
        for (long o = 0; o < co; o++) {
            for (long i = 0; i < kh; i++) {
                long oy = r - (i - padding);
                if (oy < 0 || oy >= oh) continue;
                for (long j = 0; j < kw; j++) {
                    long dx = j - padding, x0 = maxl(0, -dx), x1 = minl(ow, width - dx);
                    if (x0 >= x1) continue;
                    // Lane q of the image row takes gy column q − dx.
                    const float *s = gy + (o * oh + oy) * ow - dx;
                    float wv = w[((o * ci + c) * kh + i) * kw + j];
                    a0 = addTap(a0, lanesBetween(x0 + dx, x1 + dx, 0), wv, s);
                    a1 = addTap(a1, lanesBetween(x0 + dx, x1 + dx, 16), wv, s + 16);
                }
            }
        }
        _mm512_mask_storeu_ps(gx + r * width, row0, a0);
        _mm512_mask_storeu_ps(gx + r * width + 16, row1, a1);
    }
}

// LaneSum.swift's `laneSum` of g[q]·x[q], q < count: eight accumulators (one 8-lane register), its tree, then
// the tail one by one.
AVX512 static inline float productLaneSum(const float *g, const float *x, long count) {
    __m256 a = _mm256_setzero_ps();
    long q = 0;
    for (; q + 8 <= count; q += 8) a = _mm256_add_ps(a, _mm256_mul_ps(_mm256_loadu_ps(g + q), _mm256_loadu_ps(x + q)));
    float s = laneTree(a);
    for (; q < count; q++) s += g[q] * x[q];
    return s;
}

AVX512 static void backwardWeightKernel(const float *x, const float *gy, long images, long co, long ci, long o, long c,
                                        long height, long width, long kh, long kw, long padding, float *gw) {
    const long oh = height + 2 * padding - kh + 1, ow = width + 2 * padding - kw + 1;
    for (long i = 0; i < kh; i++) {
        for (long j = 0; j < kw; j++) {
            long dy = i - padding, dx = j - padding;
            long y0 = maxl(0, -dy), y1 = minl(oh, height - dy), x0 = maxl(0, -dx), x1 = minl(ow, width - dx);
            double total = 0;
            if (y0 < y1 && x0 < x1) {
                for (long n = 0; n < images; n++) {
                    const float *gp = gy + (n * co + o) * oh * ow, *xp = x + (n * ci + c) * height * width;
                    float s = 0;
                    for (long oy = y0; oy < y1; oy++)
                        s += productLaneSum(gp + oy * ow + x0, xp + (oy + dy) * width + dx + x0, x1 - x0);
                    total += (double)s;
                }
            }
            gw[((o * ci + c) * kh + i) * kw + j] += (float)total;
        }
    }
}

static int fits(long width, long kw, long padding) {
    long ow = width + 2 * padding - kw + 1;
    return width <= 32 && ow >= 1 && ow <= 32 && sitegen_bn_gelu_lanes() == 16;
}
#endif

int sitegen_direct_conv_forward(const float *x, const float *w, float bias, long ci, long height, long width,
                                long kh, long kw, long padding, float *y) {
#if defined(__x86_64__)
    if (!fits(width, kw, padding)) return 0;
    forwardPlane(x, w, bias, ci, height, width, kh, kw, padding, y);
    return 1;
#else
    (void)x; (void)w; (void)bias; (void)ci; (void)height; (void)width; (void)kh; (void)kw; (void)padding; (void)y;
    return 0;
#endif
}

int sitegen_direct_conv_backward_input(const float *gy, const float *w, long co, long ci, long c, long height,
                                       long width, long kh, long kw, long padding, float *gx) {
#if defined(__x86_64__)
    if (!fits(width, kw, padding)) return 0;
    backwardInputPlane(gy, w, co, ci, c, height, width, kh, kw, padding, gx);
    return 1;
#else
    (void)gy; (void)w; (void)co; (void)ci; (void)c; (void)height; (void)width; (void)kh; (void)kw; (void)padding;
    (void)gx;
    return 0;
#endif
}

int sitegen_direct_conv_backward_weight(const float *x, const float *gy, long images, long co, long ci, long o,
                                        long c, long height, long width, long kh, long kw, long padding, float *gw) {
#if defined(__x86_64__)
    if (!fits(width, kw, padding)) return 0;
    backwardWeightKernel(x, gy, images, co, ci, o, c, height, width, kh, kw, padding, gw);
    return 1;
#else
    (void)x; (void)gy; (void)images; (void)co; (void)ci; (void)o; (void)c; (void)height; (void)width; (void)kh;
    (void)kw; (void)padding; (void)gw;
    return 0;
#endif
}
