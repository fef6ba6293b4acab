#ifndef SITEGEN_CKERNELS_H
#define SITEGEN_CKERNELS_H

/// y[q] = GELU(x[q] * scale + shift), and derivative[q] = GELU'(x[q] * scale + shift) unless `derivative` is
/// NULL, for the leading q this CPU's widest vectors cover (16 lanes with AVX-512, 8 with AVX2).
/// Returns how many it computed, a multiple of the vector width (0 on a CPU without AVX2); the caller
/// computes the rest. Each value is bit-identical to FastMath.swift's scalar `geluValue` / `geluDerivative`.
long sitegen_bn_gelu(const float *x, float *y, float *derivative, long count, float scale, float shift);

/// `sitegen_bn_gelu` on `lanes`-wide vectors (16 or 8), so tests can check every width this CPU has;
/// returns 0 when the CPU lacks them.
long sitegen_bn_gelu_width(int lanes, const float *x, float *y, float *derivative, long count, float scale, float shift);

/// The vector width `sitegen_bn_gelu` uses on this CPU: 16, 8, or 0 for none. The other AVX-512 kernels run
/// where it is 16.
int sitegen_bn_gelu_lanes(void);

/// h[q] = gy[q] · kept[q] for q < count, *sumH = Σ h and *sumHX = Σ h · (x − mean), each sum bit-identical
/// to LaneSum.swift's `laneSum` over the same terms. Returns 1, or 0 (doing nothing) on a CPU without AVX2.
int sitegen_bn_gelu_backward_sweep(const float *gy, const float *kept, const float *x, float *h, long count,
                                   float mean, float *sumH, float *sumHX);

/// *sum = Σ x[q] for q < count, or with `deviations` Σ (x[q] − mean)², bit-identical to `laneSum` over the same
/// terms. Returns 1, or 0 (doing nothing) on a CPU without AVX2.
int sitegen_bn_statistic_sum(const float *x, long count, float mean, int deviations, float *sum);

/// gx[q] += a·gy[q] − b·x[q] + d for q < count, in that order of operations. Returns 1, or 0 (doing nothing)
/// on a CPU without AVX2.
int sitegen_bn_input_gradient(float *gx, const float *gy, const float *x, long count, float a, float b, float d);

/// Winograd F(2x2,3x3)'s input transform, V[ξ][c][img·tiles + tile] = (Bᵀ d B)[ξ], on AVX-512 or AVX2 for planes up
/// to 30 columns wide, bit-identical to WinogradTransforms.swift's. Returns 1, or 0 (doing nothing) on a CPU without
/// AVX2 or a plane that does not fit.
int sitegen_winograd_input(const float *x, long images, long channels, long height, long width, long columns,
                           float *v);

/// `sitegen_winograd_input` on `lanes`-wide vectors: 16 (AVX-512) or 8 (AVX2, planes up to 32 rows), so tests can
/// check every width this CPU has; returns 0 when the CPU lacks them or the plane does not fit.
int sitegen_winograd_input_width(int lanes, const float *x, long images, long channels, long height, long width,
                                 long columns, float *v);

/// The adjoint of the output transform, gM[ξ][c][tile] = (A gY Aᵀ)[ξ], likewise for planes up to 32 columns wide
/// (and, on AVX2, 32 rows).
int sitegen_winograd_output_adjoint(const float *gy, long images, long channels, long height, long width,
                                    long columns, float *gm);

/// `sitegen_winograd_output_adjoint` on `lanes`-wide vectors (16, or 8 for planes up to 32 rows), for the tests.
int sitegen_winograd_output_adjoint_width(int lanes, const float *gy, long images, long channels, long height,
                                          long width, long columns, float *gm);

/// The output transform, y = Aᵀ m A cropped to the plane, plus bias[c] (0 when NULL), written or with `accumulate`
/// added into y; likewise for planes up to 32 columns wide.
int sitegen_winograd_output(const float *m, long images, long channels, long height, long width, long columns,
                            const float *bias, int accumulate, float *y);

/// `sitegen_winograd_output` on `lanes`-wide vectors (16 or 8), for the tests.
int sitegen_winograd_output_width(int lanes, const float *m, long images, long channels, long height, long width,
                                  long columns, const float *bias, int accumulate, float *y);

/// im2col (Im2Col.swift) for channels firstChannel ..< endChannel on AVX-512, bit-identical to the Swift loops,
/// for planes and output rows up to 32 columns wide. Returns 1, or 0 (doing nothing) where it does not apply.
int sitegen_im2col(const float *x, long images, long channels, long height, long width, long kh, long kw,
                   long stride, long padding, long firstChannel, long endChannel, float *col);

/// col2imAdd, likewise.
int sitegen_col2im_add(const float *col, long images, long channels, long height, long width, long kh, long kw,
                       long stride, long padding, long firstChannel, long endChannel, float *x);

/// DirectConv.swift's forward for one output plane: y = bias + the taps of w [ci, kh, kw] over x [ci, height,
/// width] (stride 1), on AVX-512, bit-identical, for planes up to 32 wide. Returns 1, or 0 (doing nothing).
int sitegen_direct_conv_forward(const float *x, const float *w, float bias, long ci, long height, long width,
                                long kh, long kw, long padding, float *y);

/// DirectConv.swift's backwardInput for input channel c of one image: gx [height, width] += the taps of
/// w [co, ci, kh, kw] over gy [co, outH, outW]; likewise.
int sitegen_direct_conv_backward_input(const float *gy, const float *w, long co, long ci, long c, long height,
                                       long width, long kh, long kw, long padding, float *gx);

/// DirectConv.swift's backwardWeight for the kernel (o, c): gw [co, ci, kh, kw] gets its kh·kw sums over all
/// images; likewise.
int sitegen_direct_conv_backward_weight(const float *x, const float *gy, long images, long co, long ci, long o,
                                        long c, long height, long width, long kh, long kw, long padding, float *gw);

#endif
