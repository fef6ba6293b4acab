import Foundation

/// Naive direct-loop Float64 definitions of the ops, written from the PyTorch formulas and sharing no
/// code with the implementation (im2col + GEMM, direct loops or Winograd). Arrays are row-major NCHW.
enum Reference {
    static func conv2d(_ x: [Double], _ xs: [Int], _ w: [Double], _ ws: [Int], _ b: [Double]?,
                       stride s: Int, padding p: Int) -> [Double] {
        let (n, ci, h, wd) = (xs[0], xs[1], xs[2], xs[3]), (co, kh, kw) = (ws[0], ws[2], ws[3])
        let oh = (h + 2 * p - kh) / s + 1, ow = (wd + 2 * p - kw) / s + 1
        var y = [Double](repeating: 0, count: n * co * oh * ow)
        for i in 0..<n { for o in 0..<co { for oy in 0..<oh { for ox in 0..<ow {
            var acc = b?[o] ?? 0
            for c in 0..<ci { for ky in 0..<kh { for kx in 0..<kw {
                let iy = oy * s - p + ky, ix = ox * s - p + kx
                if iy >= 0 && iy < h && ix >= 0 && ix < wd {
                    acc += x[((i * ci + c) * h + iy) * wd + ix] * w[((o * ci + c) * kh + ky) * kw + kx]
                }
            }}}
            y[((i * co + o) * oh + oy) * ow + ox] = acc
        }}}}
        return y
    }

    /// dL/dx and dL/dw of L = Σ gy ⊙ conv2d(x, w) for a 3x3, stride-1, padding-1 convolution, by sending every
    /// product term of the forward sum back to the two factors it came from.
    static func conv2dGradients(_ x: [Double], _ xs: [Int], _ w: [Double], _ ws: [Int], _ gy: [Double])
        -> (input: [Double], weight: [Double]) {
        let (n, ci, h, wd) = (xs[0], xs[1], xs[2], xs[3]), co = ws[0]
        var gx = [Double](repeating: 0, count: x.count), gw = [Double](repeating: 0, count: w.count)
        for i in 0..<n { for o in 0..<co { for oy in 0..<h { for ox in 0..<wd {
            let g = gy[((i * co + o) * h + oy) * wd + ox]
            for c in 0..<ci { for ky in 0..<3 { for kx in 0..<3 {
                let iy = oy - 1 + ky, ix = ox - 1 + kx
                guard iy >= 0 && iy < h && ix >= 0 && ix < wd else { continue }
                let xi = ((i * ci + c) * h + iy) * wd + ix, wi = ((o * ci + c) * 3 + ky) * 3 + kx
                gx[xi] += g * w[wi]
                gw[wi] += g * x[xi]
            }}}
        }}}}
        return (gx, gw)
    }

    /// Transposed convolution by its scatter definition: each input pixel stamps the kernel onto the output.
    static func convTranspose2d(_ x: [Double], _ xs: [Int], _ w: [Double], _ ws: [Int], _ b: [Double]?,
                                stride s: Int, padding p: Int) -> [Double] {
        let (n, ci, h, wd) = (xs[0], xs[1], xs[2], xs[3]), (co, kh, kw) = (ws[1], ws[2], ws[3])
        let oh = (h - 1) * s - 2 * p + kh, ow = (wd - 1) * s - 2 * p + kw
        var y = [Double](repeating: 0, count: n * co * oh * ow)
        for i in 0..<n { for o in 0..<co { for q in 0..<(oh * ow) { y[(i * co + o) * oh * ow + q] = b?[o] ?? 0 } } }
        for i in 0..<n { for c in 0..<ci { for iy in 0..<h { for ix in 0..<wd {
            let v = x[((i * ci + c) * h + iy) * wd + ix]
            for o in 0..<co { for ky in 0..<kh { for kx in 0..<kw {
                let oy = iy * s - p + ky, ox = ix * s - p + kx
                if oy >= 0 && oy < oh && ox >= 0 && ox < ow {
                    y[((i * co + o) * oh + oy) * ow + ox] += v * w[((c * co + o) * kh + ky) * kw + kx]
                }
            }}}
        }}}}
        return y
    }

    /// Batch norm; `stats` nil means training (batch mean, biased variance), else (mean, var) to use.
    static func batchNorm(_ x: [Double], _ xs: [Int], gamma: [Double], beta: [Double],
                          stats: (mean: [Double], variance: [Double])? = nil, eps: Double = 1e-5) -> [Double] {
        let (n, c, plane) = (xs[0], xs[1], xs[2] * xs[3])
        let (mean, variance) = stats ?? batchStatistics(x, xs)
        var y = x
        for i in 0..<n { for ch in 0..<c { for q in 0..<plane {
            let k = (i * c + ch) * plane + q
            y[k] = gamma[ch] * (x[k] - mean[ch]) / (variance[ch] + eps).squareRoot() + beta[ch]
        }}}
        return y
    }

    /// Per-channel mean and biased variance over N, H, W.
    static func batchStatistics(_ x: [Double], _ xs: [Int]) -> (mean: [Double], variance: [Double]) {
        let (n, c, plane) = (xs[0], xs[1], xs[2] * xs[3])
        var mean = [Double](repeating: 0, count: c), variance = mean
        for ch in 0..<c {
            var vals: [Double] = []
            for i in 0..<n { for q in 0..<plane { vals.append(x[(i * c + ch) * plane + q]) } }
            let m = vals.reduce(0, +) / Double(vals.count)
            mean[ch] = m
            variance[ch] = vals.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(vals.count)
        }
        return (mean, variance)
    }

    static func gelu(_ x: [Double]) -> [Double] { x.map { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) } }

    static func avgPool(_ x: [Double], _ xs: [Int], k: Int) -> [Double] {
        let (nc, h, w) = (xs[0] * xs[1], xs[2], xs[3]), (oh, ow) = (h / k, w / k)
        var y = [Double](repeating: 0, count: nc * oh * ow)
        for p in 0..<nc { for oy in 0..<oh { for ox in 0..<ow {
            var s = 0.0
            for i in 0..<k { for j in 0..<k { s += x[(p * h + oy * k + i) * w + ox * k + j] } }
            y[(p * oh + oy) * ow + ox] = s / Double(k * k)
        }}}
        return y
    }

    static func linear(_ x: [Double], n: Int, inputs: Int, _ w: [Double], outputs: Int, _ b: [Double]?) -> [Double] {
        var y = [Double](repeating: 0, count: n * outputs)
        for i in 0..<n { for o in 0..<outputs {
            var s = b?[o] ?? 0
            for k in 0..<inputs { s += x[i * inputs + k] * w[o * inputs + k] }
            y[i * outputs + o] = s
        }}
        return y
    }
}
