extension Denoiser {
    /// Part A 1.10 (RePaint-style inpainting): start from pure noise at i = 0 and after every step t → t'
    /// apply A.5, x_t' ← m ⊙ x_t' + (1 − m) ⊙ forward(x_orig, t'), so only the masked region (m = 1) is generated.
    /// `mask` is `[H,W]`-broadcastable: shape `[1|N, 1|C, H, W]` of `original`.
    public func inpaint(_ original: Tensor, mask: Tensor, timesteps: [Int], guidance: Guidance,
                        options: SamplingOptions = SamplingOptions(), noise: NoiseSource) throws -> DenoiseResult {
        let (n, c, h, w) = try BatchMath.imageShape(original)
        let m = try Self.expandMask(mask, to: (n, c, h, w))
        let start = noise(original.shape)
        return try iterativeDenoise(
            start, timesteps: timesteps, iStart: 0, guidance: guidance, options: options, noise: noise,
            afterStep: { x, tPrev in
                let known = try self.schedule.addNoise(original, t: tPrev, noise: noise)
                x = BatchMath.blend(x, known, mask: m)
            })
    }

    static func expandMask(_ mask: Tensor, to s: (n: Int, c: Int, h: Int, w: Int)) throws -> Tensor {
        let full = [s.n, s.c, s.h, s.w]
        if mask.shape == full { return mask }
        guard mask.shape.count == 4, mask.shape[2] == s.h, mask.shape[3] == s.w,
              mask.shape[0] == 1 || mask.shape[0] == s.n, mask.shape[1] == 1 || mask.shape[1] == s.c else {
            throw DiffusionError.shapeMismatch(what: "inpainting mask (broadcastable)", expected: full, got: mask.shape)
        }
        let plane = s.h * s.w
        var data = [Float](repeating: 0, count: s.n * s.c * plane)
        for i in 0..<s.n {
            for ch in 0..<s.c {
                let src = ((mask.shape[0] == 1 ? 0 : i) * mask.shape[1] + (mask.shape[1] == 1 ? 0 : ch)) * plane
                let dst = (i * s.c + ch) * plane
                data.replaceSubrange(dst..<(dst + plane), with: mask.data[src..<(src + plane)])
            }
        }
        return Tensor(shape: full, data: data)
    }
}
