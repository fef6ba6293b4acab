// Winograd F(2x2,3x3)'s tile transforms on AVX-512, for planes up to 30 (input) or 32 (output) columns wide:
// one vector holds a whole row of tiles, so a plane needs no staging. AVX2 versions follow each for CPUs without
// AVX-512 (planes also up to 32 rows), staging the plane instead. Bit-identical to WinogradTransforms.swift:
// the same additions and subtractions in the same order (zero padding enters as +0 there and here).
//
// Why C: Swift compiles for baseline x86-64, so its transforms run on 4-lane SSE, four tiles per instruction,
// with their sixteen live vectors spilling to the stack; the input transform alone was 14 % of a class-
// conditioned D = 64 step's samples (`perf record`). Here the 28x28 planes' 14 tiles a row are one vector, and the
// gathers of a tile's columns are permutes of the loaded row instead of a staged copy.
#pragma clang fp contract(off)

#include "CKernels.h"

#if defined(__x86_64__)
#include "VectorLanes.h"

// Lane j of `pick(k)` is lane 2j + k of the 32-lane pair (lo, hi): the tiles' k-th columns.
AVX512 static inline __m512i pick(int k) {
    return _mm512_add_epi32(_mm512_set_epi32(30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0),
                            _mm512_set1_epi32(k));
}

// The four tile columns of padded row p (image row p − 1; outside the image, zeros): lane tx of c[k] is padded
// column 2tx + k, that is image column 2tx + k − 1.
AVX512 static inline void paddedColumns(const float *plane, long height, long width, long p, const __m512i idx[4],
                                        __m512 c[4]) {
    long r = p - 1;
    if (r < 0 || r >= height) {
        for (int k = 0; k < 4; k++) c[k] = _mm512_setzero_ps();
        return;
    }
    const float *row = plane + r * width;
    // Lane j of (lo, hi) is image column j − 1; lane 0 is the left padding, masked off (its address is never read).
    __m512 lo = _mm512_maskz_loadu_ps(lanesBelow(width + 1) & (__mmask16)~1u, row - 1);
    __m512 hi = _mm512_maskz_loadu_ps(lanesBelow(width - 15), row + 15);
    for (int k = 0; k < 4; k++) c[k] = _mm512_permutex2var_ps(lo, idx[k], hi);
}

AVX512 static void inputTransform(const float *x, long images, long channels, long height, long width,
                                  long columns, float *v) {
    const long tilesH = (height + 1) / 2, tilesW = (width + 1) / 2, tiles = tilesH * tilesW;
    const long xiStride = channels * columns;
    const __mmask16 store = lanesBelow(tilesW);
    const __m512i idx[4] = {pick(0), pick(1), pick(2), pick(3)};
    for (long c = 0; c < channels; c++) {
        for (long img = 0; img < images; img++) {
            const float *plane = x + (img * channels + c) * height * width;
            float *out = v + c * columns + img * tiles;
            // Rows 2ty … 2ty + 3 of the padded plane; each tile row reuses the previous one's last two.
            __m512 rows[4][4];
            paddedColumns(plane, height, width, 0, idx, rows[0]);
            paddedColumns(plane, height, width, 1, idx, rows[1]);
            for (long ty = 0; ty < tilesH; ty++) {
                paddedColumns(plane, height, width, 2 * ty + 2, idx, rows[2]);
                paddedColumns(plane, height, width, 2 * ty + 3, idx, rows[3]);
                // Bᵀ d for each tile column k: (d0 − d2, d1 + d2, d2 − d1, d1 − d3).
                __m512 bd[4][4];
                for (int k = 0; k < 4; k++) {
                    __m512 a = rows[0][k], b = rows[1][k], cc = rows[2][k], d = rows[3][k];
                    bd[0][k] = _mm512_sub_ps(a, cc);
                    bd[1][k] = _mm512_add_ps(b, cc);
                    bd[2][k] = _mm512_sub_ps(cc, b);
                    bd[3][k] = _mm512_sub_ps(b, d);
                }
                // (Bᵀ d) B along each row: (col0 − col2, col1 + col2, col2 − col1, col1 − col3).
                float *o = out + ty * tilesW;
                for (int r = 0; r < 4; r++) {
                    float *base = o + 4 * r * xiStride;
                    _mm512_mask_storeu_ps(base, store, _mm512_sub_ps(bd[r][0], bd[r][2]));
                    _mm512_mask_storeu_ps(base + xiStride, store, _mm512_add_ps(bd[r][1], bd[r][2]));
                    _mm512_mask_storeu_ps(base + 2 * xiStride, store, _mm512_sub_ps(bd[r][2], bd[r][1]));
                    _mm512_mask_storeu_ps(base + 3 * xiStride, store, _mm512_sub_ps(bd[r][1], bd[r][3]));
                }
                for (int k = 0; k < 4; k++) { rows[0][k] = rows[2][k]; rows[1][k] = rows[3][k]; }
            }
        }
    }
}

// The same input transform on AVX2, for CPUs without AVX-512: a row of up to 15 tiles is two 8-lane halves. AVX2
// has no two-register permute, so the plane is first copied into a zero-bordered buffer (at most 32 rows of 40),
// and a tile's columns are the even or odd elements of 16 consecutive floats there.
enum { stagedRow = 40, stagedRows = 34 };

// Lanes below `count`, as AVX2's masked stores take them.
AVX2 static inline __m256i lanesBelow8(long count) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(count < 0 ? 0 : count > 8 ? 8 : count)),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// Copies a plane into `staged` with its row r at staged row r + offset, column q at q + offset; the rest of
// `staged` keeps its zeros.
static inline void stagePlane(const float *plane, long height, long width, long offset, float *staged) {
    for (long r = 0; r < height; r++)
        for (long q = 0; q < width; q++) staged[(r + offset) * stagedRow + offset + q] = plane[r * width + q];
}

// Lane t of *even is p[2t], of *odd p[2t + 1], for t < 8.
AVX2 static inline void evenAndOdd8(const float *p, __m256 *even, __m256 *odd) {
    __m256 a = _mm256_loadu_ps(p), b = _mm256_loadu_ps(p + 8);
    *even = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(a, b, 0x88)), 0xD8));
    *odd = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(a, b, 0xDD)), 0xD8));
}

AVX2 static void inputTransform8(const float *x, long images, long channels, long height, long width, long columns,
                                 float *v) {
    const long tilesH = (height + 1) / 2, tilesW = (width + 1) / 2, tiles = tilesH * tilesW;
    const long xiStride = channels * columns;
    // Staged row p is padded row p: image row p − 1 at columns 1 … width, zeros around it (written once).
    float staged[stagedRows * stagedRow] = {0};
    for (long c = 0; c < channels; c++) {
        for (long img = 0; img < images; img++) {
            stagePlane(x + (img * channels + c) * height * width, height, width, 1, staged);
            float *out = v + c * columns + img * tiles;
            for (long half = 0; 8 * half < tilesW; half++) {
                const __m256i store = lanesBelow8(tilesW - 8 * half);
                // Lane t of column k is padded column 2(8·half + t) + k.
                __m256 rows[4][4];
                for (int p = 0; p < 2; p++) {
                    const float *row = staged + p * stagedRow + 16 * half;
                    evenAndOdd8(row, &rows[p][0], &rows[p][1]);
                    evenAndOdd8(row + 2, &rows[p][2], &rows[p][3]);
                }
                for (long ty = 0; ty < tilesH; ty++) {
                    for (int p = 2; p < 4; p++) {
                        const float *row = staged + (2 * ty + p) * stagedRow + 16 * half;
                        evenAndOdd8(row, &rows[p][0], &rows[p][1]);
                        evenAndOdd8(row + 2, &rows[p][2], &rows[p][3]);
                    }
                    __m256 bd[4][4];
                    for (int k = 0; k < 4; k++) {
                        __m256 a = rows[0][k], b = rows[1][k], cc = rows[2][k], d = rows[3][k];
                        bd[0][k] = _mm256_sub_ps(a, cc);
                        bd[1][k] = _mm256_add_ps(b, cc);
                        bd[2][k] = _mm256_sub_ps(cc, b);
                        bd[3][k] = _mm256_sub_ps(b, d);
                    }
                    float *o = out + ty * tilesW + 8 * half;
                    for (int r = 0; r < 4; r++) {
                        float *base = o + 4 * r * xiStride;
                        _mm256_maskstore_ps(base, store, _mm256_sub_ps(bd[r][0], bd[r][2]));
                        _mm256_maskstore_ps(base + xiStride, store, _mm256_add_ps(bd[r][1], bd[r][2]));
                        _mm256_maskstore_ps(base + 2 * xiStride, store, _mm256_sub_ps(bd[r][2], bd[r][1]));
                        _mm256_maskstore_ps(base + 3 * xiStride, store, _mm256_sub_ps(bd[r][1], bd[r][3]));
                    }
                    for (int k = 0; k < 4; k++) { rows[0][k] = rows[2][k]; rows[1][k] = rows[3][k]; }
                }
            }
        }
    }
}

// Image row r's even and odd columns (zeros beyond the image): lane tx is column 2tx, resp. 2tx + 1.
AVX512 static inline void evenOdd(const float *plane, long height, long width, long r, __m512i even, __m512i odd,
                                  __m512 *e, __m512 *o) {
    if (r >= height) { *e = _mm512_setzero_ps(); *o = _mm512_setzero_ps(); return; }
    const float *row = plane + r * width;
    __m512 lo = _mm512_maskz_loadu_ps(lanesBelow(width), row);
    __m512 hi = _mm512_maskz_loadu_ps(lanesBelow(width - 16), row + 16);
    *e = _mm512_permutex2var_ps(lo, even, hi);
    *o = _mm512_permutex2var_ps(lo, odd, hi);
}

// −v as Swift's SIMD prefix minus computes it: 0 − v, so −0 becomes +0 (a sign-bit flip gives other bits).
AVX512 static inline __m512 negated(__m512 v) { return _mm512_sub_ps(_mm512_setzero_ps(), v); }

AVX512 static void outputAdjoint(const float *gy, long images, long channels, long height, long width,
                                 long columns, float *gm) {
    const long tilesH = (height + 1) / 2, tilesW = (width + 1) / 2, tiles = tilesH * tilesW;
    const long xiStride = channels * columns;
    const __mmask16 store = lanesBelow(tilesW);
    const __m512i even = pick(0), odd = pick(1);
    for (long c = 0; c < channels; c++) {
        for (long img = 0; img < images; img++) {
            const float *plane = gy + (img * channels + c) * height * width;
            float *out = gm + c * columns + img * tiles;
            for (long ty = 0; ty < tilesH; ty++) {
                __m512 a, b, c2, d;
                evenOdd(plane, height, width, 2 * ty, even, odd, &a, &b);
                evenOdd(plane, height, width, 2 * ty + 1, even, odd, &c2, &d);
                // A gY: rows (y0, y0 + y1, y0 − y1, −y1); then each row (e, f) -> (e, e + f, e − f, −f).
                __m512 e[4] = {a, _mm512_add_ps(a, c2), _mm512_sub_ps(a, c2), negated(c2)};
                __m512 f[4] = {b, _mm512_add_ps(b, d), _mm512_sub_ps(b, d), negated(d)};
                float *o = out + ty * tilesW;
                for (int r = 0; r < 4; r++) {
                    float *base = o + 4 * r * xiStride;
                    _mm512_mask_storeu_ps(base, store, e[r]);
                    _mm512_mask_storeu_ps(base + xiStride, store, _mm512_add_ps(e[r], f[r]));
                    _mm512_mask_storeu_ps(base + 2 * xiStride, store, _mm512_sub_ps(e[r], f[r]));
                    _mm512_mask_storeu_ps(base + 3 * xiStride, store, negated(f[r]));
                }
            }
        }
    }
}

// Writes (or adds) one output row from its tiles' left and right values, plus the bias: y[2tx] = left[tx] + b,
// y[2tx + 1] = right[tx] + b.
AVX512 static inline void weaveRow(float *row, long width, __m512 left, __m512 right, __m512 bias, int accumulate,
                                   __m512i low, __m512i high) {
    left = _mm512_add_ps(left, bias);
    right = _mm512_add_ps(right, bias);
    __m512 lo = _mm512_permutex2var_ps(left, low, right), hi = _mm512_permutex2var_ps(left, high, right);
    __mmask16 mLo = lanesBelow(width), mHi = lanesBelow(width - 16);
    if (accumulate) {
        lo = _mm512_add_ps(_mm512_maskz_loadu_ps(mLo, row), lo);
        hi = _mm512_add_ps(_mm512_maskz_loadu_ps(mHi, row + 16), hi);
    }
    _mm512_mask_storeu_ps(row, mLo, lo);
    _mm512_mask_storeu_ps(row + 16, mHi, hi);
}

AVX512 static void outputTransform(const float *m, long images, long channels, long height, long width, long columns,
                                   const float *bias, int accumulate, float *y) {
    const long tilesH = (height + 1) / 2, tilesW = (width + 1) / 2, tiles = tilesH * tilesW;
    const long xiStride = channels * columns;
    const __mmask16 load = lanesBelow(tilesW);
    // Interleaving two 16-lane vectors: lanes 0–15 and 16–31 of (l0, r0, l1, r1, …).
    const __m512i low = _mm512_set_epi32(23, 7, 22, 6, 21, 5, 20, 4, 19, 3, 18, 2, 17, 1, 16, 0);
    const __m512i high = _mm512_set_epi32(31, 15, 30, 14, 29, 13, 28, 12, 27, 11, 26, 10, 25, 9, 24, 8);
    for (long c = 0; c < channels; c++) {
        const __m512 b = _mm512_set1_ps(bias ? bias[c] : 0.0f);
        for (long img = 0; img < images; img++) {
            const float *src = m + c * columns + img * tiles;
            float *plane = y + (img * channels + c) * height * width;
            for (long ty = 0; ty < tilesH; ty++) {
                const float *s = src + ty * tilesW;
                // Aᵀ m for tile column k: (m0 + m1 + m2, m1 − m2 − m3).
                __m512 top[4], bottom[4];
                for (int k = 0; k < 4; k++) {
                    __m512 m0 = _mm512_maskz_loadu_ps(load, s + k * xiStride);
                    __m512 m1 = _mm512_maskz_loadu_ps(load, s + (4 + k) * xiStride);
                    __m512 m2 = _mm512_maskz_loadu_ps(load, s + (8 + k) * xiStride);
                    __m512 m3 = _mm512_maskz_loadu_ps(load, s + (12 + k) * xiStride);
                    top[k] = _mm512_add_ps(_mm512_add_ps(m0, m1), m2);
                    bottom[k] = _mm512_sub_ps(_mm512_sub_ps(m1, m2), m3);
                }
                __m512 tl = _mm512_add_ps(_mm512_add_ps(top[0], top[1]), top[2]);
                __m512 tr = _mm512_sub_ps(_mm512_sub_ps(top[1], top[2]), top[3]);
                weaveRow(plane + 2 * ty * width, width, tl, tr, b, accumulate, low, high);
                if (2 * ty + 1 < height) {
                    __m512 bl = _mm512_add_ps(_mm512_add_ps(bottom[0], bottom[1]), bottom[2]);
                    __m512 br = _mm512_sub_ps(_mm512_sub_ps(bottom[1], bottom[2]), bottom[3]);
                    weaveRow(plane + (2 * ty + 1) * width, width, bl, br, b, accumulate, low, high);
                }
            }
        }
    }
}

#endif

int sitegen_winograd_input_width(int lanes, const float *x, long images, long channels, long height, long width,
                                 long columns, float *v) {
#if defined(__x86_64__)
    if (width > 30 || lanes > sitegen_bn_gelu_lanes()) return 0;
    if (lanes == 16) {
        inputTransform(x, images, channels, height, width, columns, v);
        return 1;
    }
    // The staging buffer holds padded rows 0 … 2·tilesH + 1.
    if (lanes == 8 && 2 * ((height + 1) / 2) + 2 <= stagedRows) {
        inputTransform8(x, images, channels, height, width, columns, v);
        return 1;
    }
#else
    (void)lanes; (void)x; (void)images; (void)channels; (void)height; (void)width; (void)columns; (void)v;
#endif
    return 0;
}

int sitegen_winograd_input(const float *x, long images, long channels, long height, long width, long columns,
                           float *v) {
    return sitegen_winograd_input_width(sitegen_bn_gelu_lanes(), x, images, channels, height, width, columns, v);
}

#if defined(__x86_64__)
// The output transform's adjoint on AVX2, staged as `inputTransform8` (image row r at staged row r, columns from 0).
AVX2 static void outputAdjoint8(const float *gy, long images, long channels, long height, long width, long columns,
                                float *gm) {
    const long tilesH = (height + 1) / 2, tilesW = (width + 1) / 2, tiles = tilesH * tilesW;
    const long xiStride = channels * columns;
    const __m256 zero = _mm256_setzero_ps();
    float staged[stagedRows * stagedRow] = {0};
    for (long c = 0; c < channels; c++) {
        for (long img = 0; img < images; img++) {
            stagePlane(gy + (img * channels + c) * height * width, height, width, 0, staged);
            float *out = gm + c * columns + img * tiles;
            for (long half = 0; 8 * half < tilesW; half++) {
                const __m256i store = lanesBelow8(tilesW - 8 * half);
                for (long ty = 0; ty < tilesH; ty++) {
                    __m256 a, b, c2, d;
                    evenAndOdd8(staged + 2 * ty * stagedRow + 16 * half, &a, &b);
                    evenAndOdd8(staged + (2 * ty + 1) * stagedRow + 16 * half, &c2, &d);
                    // As `outputAdjoint`; −v is 0 − v, as there.
                    __m256 e[4] = {a, _mm256_add_ps(a, c2), _mm256_sub_ps(a, c2), _mm256_sub_ps(zero, c2)};
                    __m256 f[4] = {b, _mm256_add_ps(b, d), _mm256_sub_ps(b, d), _mm256_sub_ps(zero, d)};
                    float *o = out + ty * tilesW + 8 * half;
                    for (int r = 0; r < 4; r++) {
                        float *base = o + 4 * r * xiStride;
                        _mm256_maskstore_ps(base, store, e[r]);
                        _mm256_maskstore_ps(base + xiStride, store, _mm256_add_ps(e[r], f[r]));
                        _mm256_maskstore_ps(base + 2 * xiStride, store, _mm256_sub_ps(e[r], f[r]));
                        _mm256_maskstore_ps(base + 3 * xiStride, store, _mm256_sub_ps(zero, f[r]));
                    }
                }
            }
        }
    }
}

// Writes (or adds) output columns 16·half … 16·half + 15 of one row from 8 tiles' left and right values plus the
// bias, as `weaveRow`.
AVX2 static inline void weaveRow8(float *row, long width, long half, __m256 left, __m256 right, __m256 bias,
                                  int accumulate) {
    left = _mm256_add_ps(left, bias);
    right = _mm256_add_ps(right, bias);
    __m256 lo = _mm256_unpacklo_ps(left, right), hi = _mm256_unpackhi_ps(left, right);
    __m256 first = _mm256_permute2f128_ps(lo, hi, 0x20), second = _mm256_permute2f128_ps(lo, hi, 0x31);
    float *p = row + 16 * half;
    __m256i m0 = lanesBelow8(width - 16 * half), m1 = lanesBelow8(width - 16 * half - 8);
    if (accumulate) {
        first = _mm256_add_ps(_mm256_maskload_ps(p, m0), first);
        second = _mm256_add_ps(_mm256_maskload_ps(p + 8, m1), second);
    }
    _mm256_maskstore_ps(p, m0, first);
    _mm256_maskstore_ps(p + 8, m1, second);
}

AVX2 static void outputTransform8(const float *m, long images, long channels, long height, long width, long columns,
                                  const float *bias, int accumulate, float *y) {
    const long tilesH = (height + 1) / 2, tilesW = (width + 1) / 2, tiles = tilesH * tilesW;
    const long xiStride = channels * columns;
    for (long c = 0; c < channels; c++) {
        const __m256 b = _mm256_set1_ps(bias ? bias[c] : 0.0f);
        for (long img = 0; img < images; img++) {
            const float *src = m + c * columns + img * tiles;
            float *plane = y + (img * channels + c) * height * width;
            for (long ty = 0; ty < tilesH; ty++) {
                for (long half = 0; 8 * half < tilesW; half++) {
                    const __m256i load = lanesBelow8(tilesW - 8 * half);
                    const float *s = src + ty * tilesW + 8 * half;
                    __m256 top[4], bottom[4];
                    for (int k = 0; k < 4; k++) {
                        __m256 m0 = _mm256_maskload_ps(s + k * xiStride, load);
                        __m256 m1 = _mm256_maskload_ps(s + (4 + k) * xiStride, load);
                        __m256 m2 = _mm256_maskload_ps(s + (8 + k) * xiStride, load);
                        __m256 m3 = _mm256_maskload_ps(s + (12 + k) * xiStride, load);
                        top[k] = _mm256_add_ps(_mm256_add_ps(m0, m1), m2);
                        bottom[k] = _mm256_sub_ps(_mm256_sub_ps(m1, m2), m3);
                    }
                    __m256 tl = _mm256_add_ps(_mm256_add_ps(top[0], top[1]), top[2]);
                    __m256 tr = _mm256_sub_ps(_mm256_sub_ps(top[1], top[2]), top[3]);
                    weaveRow8(plane + 2 * ty * width, width, half, tl, tr, b, accumulate);
                    if (2 * ty + 1 < height) {
                        __m256 bl = _mm256_add_ps(_mm256_add_ps(bottom[0], bottom[1]), bottom[2]);
                        __m256 br = _mm256_sub_ps(_mm256_sub_ps(bottom[1], bottom[2]), bottom[3]);
                        weaveRow8(plane + (2 * ty + 1) * width, width, half, bl, br, b, accumulate);
                    }
                }
            }
        }
    }
}
#endif

int sitegen_winograd_output_adjoint_width(int lanes, const float *gy, long images, long channels, long height,
                                          long width, long columns, float *gm) {
#if defined(__x86_64__)
    if (width > 32 || lanes > sitegen_bn_gelu_lanes()) return 0;
    if (lanes == 16) {
        outputAdjoint(gy, images, channels, height, width, columns, gm);
        return 1;
    }
    if (lanes == 8 && 2 * ((height + 1) / 2) <= stagedRows) {
        outputAdjoint8(gy, images, channels, height, width, columns, gm);
        return 1;
    }
#else
    (void)lanes; (void)gy; (void)images; (void)channels; (void)height; (void)width; (void)columns; (void)gm;
#endif
    return 0;
}

int sitegen_winograd_output_adjoint(const float *gy, long images, long channels, long height, long width,
                                    long columns, float *gm) {
    return sitegen_winograd_output_adjoint_width(sitegen_bn_gelu_lanes(), gy, images, channels, height, width,
                                                 columns, gm);
}

int sitegen_winograd_output_width(int lanes, const float *m, long images, long channels, long height, long width,
                                  long columns, const float *bias, int accumulate, float *y) {
#if defined(__x86_64__)
    if (width > 32 || lanes > sitegen_bn_gelu_lanes()) return 0;
    if (lanes == 16) {
        outputTransform(m, images, channels, height, width, columns, bias, accumulate, y);
        return 1;
    }
    if (lanes == 8) {
        outputTransform8(m, images, channels, height, width, columns, bias, accumulate, y);
        return 1;
    }
#else
    (void)lanes; (void)m; (void)images; (void)channels; (void)height; (void)width; (void)columns; (void)bias;
    (void)accumulate; (void)y;
#endif
    return 0;
}

int sitegen_winograd_output(const float *m, long images, long channels, long height, long width, long columns,
                            const float *bias, int accumulate, float *y) {
    return sitegen_winograd_output_width(sitegen_bn_gelu_lanes(), m, images, channels, height, width, columns, bias,
                                         accumulate, y);
}
