extension ImageOps {
    /// The outcome of `bestBlur`: chosen parameters, their PSNR against the original, and the blurred image.
    public struct BlurSearchResult: Sendable {
        public var kernelSize: Int
        public var sigma: Double
        public var psnr: Double
        public var image: Tensor
    }

    /// Part A 1.3 (classical denoising): blur `noisy` with every (k, σ) of the grid and keep the one with the highest
    /// PSNR against `original`. Ties keep the earliest in grid order (k outer, σ inner), so the choice is deterministic.
    public static func bestBlur(_ noisy: Tensor, original: Tensor,
                                kernelSizes: [Int] = [3, 5, 7, 9, 11], sigmas: [Double] = [0.5, 1, 1.5, 2],
                                peak: Double = 1) throws -> BlurSearchResult {
        guard !kernelSizes.isEmpty, !sigmas.isEmpty else {
            throw ImageError.invalidParameter("bestBlur needs at least one kernel size and one sigma")
        }
        let first = try gaussianBlur(noisy, kernelSize: kernelSizes[0], sigma: sigmas[0])
        var best = BlurSearchResult(kernelSize: kernelSizes[0], sigma: sigmas[0],
                                    psnr: try psnr(first, original, peak: peak), image: first)
        for k in kernelSizes {
            for s in sigmas {
                let image = try gaussianBlur(noisy, kernelSize: k, sigma: s)
                let score = try psnr(image, original, peak: peak)
                if score > best.psnr {
                    best = BlurSearchResult(kernelSize: k, sigma: s, psnr: score, image: image)
                }
            }
        }
        return best
    }
}
