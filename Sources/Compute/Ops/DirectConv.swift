import CKernels

/// Stride-1 convolution by direct loops over shifted planes, for layers with a single input or output
/// channel (the UNet's first conv and its head). There the im2col matrix is as large as for a wide layer
/// while the GEMM does almost no work per byte, so streaming it through memory dominated.
/// Planes up to 32 wide run in DirectConv.c on AVX-512 (same bits) unless `portable` asks for these loops.
enum DirectConv {
    /// When the direct loops beat im2col + GEMM.
    static func applies(inChannels ci: Int, outChannels co: Int, stride: Int) -> Bool {
        stride == 1 && min(ci, co) == 1
    }

    /// Calls body(oyRange, oxRange, shiftY, shiftX) for kernel tap (i, j): output (oy, ox) reads input
    /// (oy + shiftY, ox + shiftX), which lies inside the image exactly for the given ranges.
    @inline(__always)
    static func tap(_ g: ConvGeometry, _ i: Int, _ j: Int, _ body: (Range<Int>, Range<Int>, Int, Int) -> Void) {
        let dy = i - g.padding, dx = j - g.padding
        let y0 = max(0, -dy), y1 = min(g.outH, g.height - dy)
        let x0 = max(0, -dx), x1 = min(g.outW, g.width - dx)
        if y0 < y1 && x0 < x1 { body(y0..<y1, x0..<x1, dy, dx) }
    }

    static func forward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ b: UnsafePointer<Float>?,
                        images n: Int, outChannels co: Int, _ g: ConvGeometry, _ y: UnsafeMutablePointer<Float>,
                        portable: Bool = false) {
        let ci = g.channels, ow = g.outW, plane = g.outH * ow, inPlane = g.height * g.width
        let taps = g.kernelH * g.kernelW
        parallelRanges(n * co, costPerItem: plane * ci * taps) { range in
            for p in range {
                let img = p / co, o = p % co
                let d = y + p * plane
                if !portable && sitegen_direct_conv_forward(x + img * ci * inPlane, w + o * ci * taps, b?[o] ?? 0, ci,
                                                            g.height, g.width, g.kernelH, g.kernelW, g.padding, d) == 1 {
                    continue
                }
                d.update(repeating: b?[o] ?? 0, count: plane)
                for c in 0..<ci {
                    let src = x + (img * ci + c) * inPlane
                    for i in 0..<g.kernelH { for j in 0..<g.kernelW {
                        let wv = w[((o * ci + c) * g.kernelH + i) * g.kernelW + j]
                        tap(g, i, j) { rows, cols, dy, dx in
                            for oy in rows {
                                let dr = d + oy * ow, sr = src + (oy + dy) * g.width + dx
                                for ox in cols { dr[ox] += wv * sr[ox] }
                            }
                        }
                    }}
                }
            }
        }
    }

    /// gx[n, c] += sum over o and taps of w * shifted gy[n, o].
    static func backwardInput(_ gy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, images n: Int, outChannels co: Int,
                              _ g: ConvGeometry, _ gx: UnsafeMutablePointer<Float>, portable: Bool = false) {
        let ci = g.channels, ow = g.outW, plane = g.outH * ow, inPlane = g.height * g.width
        parallelRanges(n * ci, costPerItem: plane * co * g.kernelH * g.kernelW) { range in
            for p in range {
                let img = p / ci, c = p % ci
                let d = gx + p * inPlane
                if !portable && sitegen_direct_conv_backward_input(gy + img * co * plane, w, co, ci, c, g.height, g.width,
                                                                   g.kernelH, g.kernelW, g.padding, d) == 1 {
                    continue
                }
                for o in 0..<co {
                    let src = gy + (img * co + o) * plane
                    for i in 0..<g.kernelH { for j in 0..<g.kernelW {
                        let wv = w[((o * ci + c) * g.kernelH + i) * g.kernelW + j]
                        tap(g, i, j) { rows, cols, dy, dx in
                            for oy in rows {
                                let sr = src + oy * ow, dr = d + (oy + dy) * g.width + dx
                                for ox in cols { dr[ox] += wv * sr[ox] }
                            }
                        }
                    }}
                }
            }
        }
    }

    /// gw[o, c, i, j] += sum over images and pixels of gy[n, o] * shifted x[n, c] (Double across images).
    static func backwardWeight(_ x: UnsafePointer<Float>, _ gy: UnsafePointer<Float>, images n: Int, outChannels co: Int,
                               _ g: ConvGeometry, _ gw: UnsafeMutablePointer<Float>, portable: Bool = false) {
        let ci = g.channels, ow = g.outW, plane = g.outH * ow, inPlane = g.height * g.width
        parallelRanges(co * ci, costPerItem: n * plane * g.kernelH * g.kernelW) { range in
            for p in range {
                let o = p / ci, c = p % ci
                if !portable && sitegen_direct_conv_backward_weight(x, gy, n, co, ci, o, c, g.height, g.width, g.kernelH,
                                                                    g.kernelW, g.padding, gw) == 1 {
                    continue
                }
                for i in 0..<g.kernelH { for j in 0..<g.kernelW {
                    var total = 0.0
                    tap(g, i, j) { rows, cols, dy, dx in
                        for img in 0..<n {
                            let gp = gy + (img * co + o) * plane, xp = x + (img * ci + c) * inPlane
                            var s: Float = 0
                            for oy in rows {
                                let gr = gp + oy * ow + cols.lowerBound, xr = xp + (oy + dy) * g.width + dx + cols.lowerBound
                                s += laneSum(cols.count) { gr[$0] * xr[$0] }
                            }
                            total += Double(s)
                        }
                    }
                    gw[((o * ci + c) * g.kernelH + i) * g.kernelW + j] += Float(total)
                }}
            }
        }
    }
}
