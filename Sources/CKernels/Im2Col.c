// im2col and its adjoint on AVX-512 for planes up to 32 columns wide (the UNets' 28, 14 and 7): each output
// row of the unfolded matrix is a permute of one loaded image row, instead of a scalar gather (stride 2) or
// scatter. Bit-identical to Im2Col.swift: values are copied (stride 1 adds +0, as the Swift loop does, so −0
// becomes +0 there too), and col2im adds each entry into its image value in the Swift loop's order.
//
// Why C: the stride-2 loops (the downsampling convs, and every transposed conv's backward) are per-element
// gathers in Swift; im2col and col2im were 3.2 % and 1.9 % of a class-conditioned D = 64 step.
#pragma clang fp contract(off)

#include "CKernels.h"

#if defined(__x86_64__)
#include "VectorLanes.h"

// Output column ox of tap j reads input column ox·stride + off; `index` holds it for lanes 16h … 16h + 15, `valid`
// marks the lanes that are real output columns with an input column inside the row.
typedef struct { __m512i index[2]; __mmask16 valid[2]; } Gather;

AVX512 static Gather gatherOf(long stride, long off, long width, long outW) {
    Gather g;
    for (int h = 0; h < 2; h++) {
        int idx[16];
        unsigned valid = 0;
        for (int l = 0; l < 16; l++) {
            long ox = 16 * h + l, q = ox * stride + off;
            int inside = ox < outW && q >= 0 && q < width;
            idx[l] = inside ? (int)q : 0;
            if (inside) valid |= 1u << l;
        }
        g.index[h] = _mm512_loadu_si512(idx);
        g.valid[h] = (__mmask16)valid;
    }
    return g;
}

// Image column ix receives output column (ix − off) / stride of tap j, when that divides and is a real column.
AVX512 static Gather scatterOf(long stride, long off, long width, long outW) {
    Gather g;
    for (int h = 0; h < 2; h++) {
        int idx[16];
        unsigned valid = 0;
        for (int l = 0; l < 16; l++) {
            long ix = 16 * h + l, d = ix - off;
            int inside = ix < width && d >= 0 && d % stride == 0 && d / stride < outW;
            idx[l] = inside ? (int)(d / stride) : 0;
            if (inside) valid |= 1u << l;
        }
        g.index[h] = _mm512_loadu_si512(idx);
        g.valid[h] = (__mmask16)valid;
    }
    return g;
}

AVX512 static void im2colRows(const float *x, long images, long channels, long height, long width, long kh, long kw,
                              long stride, long padding, long c0, long c1, float *col) {
    const long oh = (height + 2 * padding - kh) / stride + 1, ow = (width + 2 * padding - kw) / stride + 1;
    const long plane = oh * ow, cols = images * plane;
    const __mmask16 out0 = lanesBelow(ow), out1 = lanesBelow(ow - 16);
    const __mmask16 in0 = lanesBelow(width), in1 = lanesBelow(width - 16);
    const __m512 zero = _mm512_setzero_ps();
    for (long c = c0; c < c1; c++) {
        for (long i = 0; i < kh; i++) {
            for (long j = 0; j < kw; j++) {
                float *row = col + ((c * kh + i) * kw + j) * cols;
                const Gather g = gatherOf(stride, j - padding, width, ow);
                for (long n = 0; n < images; n++) {
                    const float *src = x + (n * channels + c) * height * width;
                    for (long oy = 0; oy < oh; oy++) {
                        float *dst = row + n * plane + oy * ow;
                        long iy = oy * stride - padding + i;
                        __m512 v0 = zero, v1 = zero;
                        if (iy >= 0 && iy < height) {
                            const float *s = src + iy * width;
                            __m512 lo = _mm512_maskz_loadu_ps(in0, s), hi = _mm512_maskz_loadu_ps(in1, s + 16);
                            v0 = _mm512_maskz_permutex2var_ps(g.valid[0], lo, g.index[0], hi);
                            v1 = _mm512_maskz_permutex2var_ps(g.valid[1], lo, g.index[1], hi);
                            if (stride == 1) { v0 = _mm512_add_ps(v0, zero); v1 = _mm512_add_ps(v1, zero); }
                        }
                        _mm512_mask_storeu_ps(dst, out0, v0);
                        _mm512_mask_storeu_ps(dst + 16, out1, v1);
                    }
                }
            }
        }
    }
}

AVX512 static void col2imRows(const float *col, long images, long channels, long height, long width, long kh,
                              long kw, long stride, long padding, long c0, long c1, float *x) {
    const long oh = (height + 2 * padding - kh) / stride + 1, ow = (width + 2 * padding - kw) / stride + 1;
    const long plane = oh * ow, cols = images * plane;
    const __mmask16 out0 = lanesBelow(ow), out1 = lanesBelow(ow - 16);
    for (long c = c0; c < c1; c++) {
        for (long i = 0; i < kh; i++) {
            for (long j = 0; j < kw; j++) {
                const float *row = col + ((c * kh + i) * kw + j) * cols;
                const Gather g = scatterOf(stride, j - padding, width, ow);
                if (!g.valid[0] && !g.valid[1]) continue;
                for (long n = 0; n < images; n++) {
                    float *image = x + (n * channels + c) * height * width;
                    for (long oy = 0; oy < oh; oy++) {
                        long iy = oy * stride - padding + i;
                        if (iy < 0 || iy >= height) continue;
                        const float *s = row + n * plane + oy * ow;
                        float *d = image + iy * width;
                        __m512 lo = _mm512_maskz_loadu_ps(out0, s), hi = _mm512_maskz_loadu_ps(out1, s + 16);
                        for (int h = 0; h < 2; h++) {
                            if (!g.valid[h]) continue;
                            __m512 add = _mm512_permutex2var_ps(lo, g.index[h], hi);
                            __m512 now = _mm512_maskz_loadu_ps(g.valid[h], d + 16 * h);
                            _mm512_mask_storeu_ps(d + 16 * h, g.valid[h], _mm512_add_ps(now, add));
                        }
                    }
                }
            }
        }
    }
}

static int fits(long height, long width, long kh, long kw, long stride, long padding) {
    long ow = (width + 2 * padding - kw) / stride + 1, oh = (height + 2 * padding - kh) / stride + 1;
    return width <= 32 && ow >= 1 && ow <= 32 && oh >= 1 && stride >= 1 && sitegen_bn_gelu_lanes() == 16;
}
#endif

int sitegen_im2col(const float *x, long images, long channels, long height, long width, long kh, long kw,
                   long stride, long padding, long firstChannel, long endChannel, float *col) {
#if defined(__x86_64__)
    if (!fits(height, width, kh, kw, stride, padding)) return 0;
    im2colRows(x, images, channels, height, width, kh, kw, stride, padding, firstChannel, endChannel, col);
    return 1;
#else
    (void)x; (void)images; (void)channels; (void)height; (void)width; (void)kh; (void)kw; (void)stride;
    (void)padding; (void)firstChannel; (void)endChannel; (void)col;
    return 0;
#endif
}

int sitegen_col2im_add(const float *col, long images, long channels, long height, long width, long kh, long kw,
                       long stride, long padding, long firstChannel, long endChannel, float *x) {
#if defined(__x86_64__)
    if (!fits(height, width, kh, kw, stride, padding)) return 0;
    col2imRows(col, images, channels, height, width, kh, kw, stride, padding, firstChannel, endChannel, x);
    return 1;
#else
    (void)col; (void)images; (void)channels; (void)height; (void)width; (void)kh; (void)kw; (void)stride;
    (void)padding; (void)firstChannel; (void)endChannel; (void)x;
    return 0;
#endif
}
