import CKernels

/// Geometry of one convolution: images of `channels` x `height` x `width`, a `kernelH` x `kernelW`
/// window moved by `stride` over the zero-padded image, giving `outH` x `outW` positions.
struct ConvGeometry {
    let channels, height, width, kernelH, kernelW, stride, padding: Int
    var outH: Int { (height + 2 * padding - kernelH) / stride + 1 }
    var outW: Int { (width + 2 * padding - kernelW) / stride + 1 }
    var rows: Int { channels * kernelH * kernelW }
    var imageSize: Int { channels * height * width }

    /// Output columns `ox` whose input column `ox*stride - padding + j` lies inside the image.
    @inline(__always)
    func validColumns(_ j: Int) -> Range<Int> {
        let off = j - padding
        // smallest ox with ox*s + off >= 0, largest with ox*s + off <= width-1
        let lo = off >= 0 ? 0 : (-off + stride - 1) / stride
        let hiIncl = (width - 1 - off) >= 0 ? (width - 1 - off) / stride : -1
        let hi = min(outW, hiIncl + 1)
        return lo < hi ? lo..<hi : lo..<lo
    }
}

/// Always 0; a variable only so the compiler cannot see the constant (see the loops in `im2col`).
nonisolated(unsafe) var im2colPaddingValue: Float = 0

/// Unfolds `images` consecutive NCHW images into columns: col[(c*kH+i)*kW+j, n*outH*outW + oy*outW + ox]
/// = x[n, c, oy*s-p+i, ox*s-p+j] (0 outside). One matrix for the whole chunk so a conv is one GEMM.
/// Planes up to 32 wide go through Im2Col.c on AVX-512 (same bits) unless `portable` asks for these loops.
func im2col(_ x: UnsafePointer<Float>, images: Int, _ g: ConvGeometry, _ col: UnsafeMutablePointer<Float>,
            threads: Int? = nil, portable: Bool = false) {
    let oh = g.outH, ow = g.outW, plane = oh * ow, cols = images * plane
    let zero = im2colPaddingValue
    parallelRanges(g.channels, costPerItem: g.kernelH * g.kernelW * cols, threads: threads) { range in
        if !portable && sitegen_im2col(x, images, g.channels, g.height, g.width, g.kernelH, g.kernelW, g.stride,
                                       g.padding, range.lowerBound, range.upperBound, col) == 1 { return }
        for c in range {
            for i in 0..<g.kernelH {
                for j in 0..<g.kernelW {
                    let row = col + ((c * g.kernelH + i) * g.kernelW + j) * cols
                    let valid = g.validColumns(j)
                    let off = j - g.padding
                    for n in 0..<images {
                        let src = x + n * g.imageSize + c * g.height * g.width
                        for oy in 0..<oh {
                            let dst = row + n * plane + oy * ow
                            let iy = oy * g.stride - g.padding + i
                            // Runs are 1..28 floats: a memset/memmove call per run cost more than the copy. Storing
                            // `zero` (a runtime value) and adding it keeps the compiler from turning these loops
                            // back into library calls.
                            if iy < 0 || iy >= g.height || valid.isEmpty {
                                for ox in 0..<ow { dst[ox] = zero }
                                continue
                            }
                            let s = src + iy * g.width
                            for ox in 0..<valid.lowerBound { dst[ox] = zero }
                            if g.stride == 1 {
                                let sv = s + off
                                for ox in valid { dst[ox] = sv[ox] + zero }
                            } else {
                                for ox in valid { dst[ox] = s[ox * g.stride + off] }
                            }
                            for ox in valid.upperBound..<ow { dst[ox] = zero }
                        }
                    }
                }
            }
        }
    }
}

/// The adjoint of `im2col`: adds every column entry back into the image position it was read from.
/// Parallel over channels, so each image value is summed by one thread in a fixed order. AVX-512 as `im2col`.
func col2imAdd(_ col: UnsafePointer<Float>, images: Int, _ g: ConvGeometry, _ x: UnsafeMutablePointer<Float>,
               threads: Int? = nil, portable: Bool = false) {
    let oh = g.outH, ow = g.outW, plane = oh * ow, cols = images * plane
    parallelRanges(g.channels, costPerItem: g.kernelH * g.kernelW * cols, threads: threads) { range in
        if !portable && sitegen_col2im_add(col, images, g.channels, g.height, g.width, g.kernelH, g.kernelW,
                                           g.stride, g.padding, range.lowerBound, range.upperBound, x) == 1 { return }
        for c in range {
            for i in 0..<g.kernelH {
                for j in 0..<g.kernelW {
                    let row = col + ((c * g.kernelH + i) * g.kernelW + j) * cols
                    let valid = g.validColumns(j)
                    if valid.isEmpty { continue }
                    let off = j - g.padding
                    for n in 0..<images {
                        let dstImage = x + n * g.imageSize + c * g.height * g.width
                        for oy in 0..<oh {
                            let iy = oy * g.stride - g.padding + i
                            if iy < 0 || iy >= g.height { continue }
                            let s = row + n * plane + oy * ow
                            let d = dstImage + iy * g.width
                            if g.stride == 1 {
                                // Offset the pointer once: `d[ox + off]` carries an overflow check per element,
                                // which kept this loop scalar (it was ~10% of a D = 16 training step).
                                let dv = d + off
                                for ox in valid { dv[ox] += s[ox] }
                            } else {
                                for ox in valid { d[ox * g.stride + off] += s[ox] }
                            }
                        }
                    }
                }
            }
        }
    }
}
