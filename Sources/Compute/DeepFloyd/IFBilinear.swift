/// `F.interpolate(x, (H, W), mode="bilinear", align_corners=True)` as torch's CPU kernel computes it: source
/// coordinate `dst * (in - 1) / (out - 1)` in Float, the lower index floored, the upper one clamped to the edge.
/// Stage II upscales the 64 px stage I image to its 256 px input this way, so corners map to corners.
public enum IFBilinear {
    /// `x` is `[B, C, h, w]`; returns `[B, C, height, width]`.
    public static func alignCorners(_ x: Tensor, height: Int, width: Int) -> Tensor {
        precondition(x.shape.count == 4 && height > 0 && width > 0, "IFBilinear needs [B, C, h, w] and a positive size")
        let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
        let rows = taps(input: h, output: height), cols = taps(input: w, output: width)
        var out = [Float](repeating: 0, count: planes * height * width)
        x.withPointer { src in
            for p in 0..<planes {
                let inBase = p * h * w, outBase = p * height * width
                for (i, r) in rows.enumerated() {
                    let top = inBase + r.lo * w, bottom = inBase + r.hi * w
                    for (j, c) in cols.enumerated() {
                        let upper = c.w0 * src[top + c.lo] + c.w1 * src[top + c.hi]
                        let lower = c.w0 * src[bottom + c.lo] + c.w1 * src[bottom + c.hi]
                        out[outBase + i * width + j] = r.w0 * upper + r.w1 * lower
                    }
                }
            }
        }
        return Tensor(shape: [x.shape[0], x.shape[1], height, width], data: out)
    }

    /// Per output index: the two source indices and their weights.
    private static func taps(input: Int, output: Int) -> [(lo: Int, hi: Int, w0: Float, w1: Float)] {
        let scale: Float = output > 1 ? Float(input - 1) / Float(output - 1) : 0
        return (0..<output).map { d in
            let real = scale * Float(d)
            let lo = min(Int(real.rounded(.down)), input - 1)
            let lambda = min(max(real - Float(lo), 0), 1)
            let hi = lo + (lo < input - 1 ? 1 : 0)
            return (lo, hi, 1 - lambda, lambda)
        }
    }
}
