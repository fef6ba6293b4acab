extension ImageOps {
    /// The outcome of `bestBlur`: chosen parameters, their PSNR against the original, and the blurred image.
    public struct BlurSearchResult: Sendable {
        public var kernelSize: Int
        public var sigma: Double
        public var psnr: Double
        public var image: Tensor
    }

    /// Part A 1.3 (classical denoising): blur `noisy` with every (k, σ) of the grid and keep the one with the highest
    /// PSNR against `original`. Among choices within `tolerance` dB of the best, the earliest in grid order (k outer,
    /// σ inner) wins: once a kernel spans ±3σ a longer one changes the PSNR by a few thousandths of a dB, so without a
    /// tolerance the largest kernel of the grid wins by rounding, not by merit. Deterministic either way.
    public static func bestBlur(_ noisy: Tensor, original: Tensor,
                                kernelSizes: [Int] = [3, 5, 7, 9, 11], sigmas: [Double] = [0.5, 1, 1.5, 2],
                                tolerance: Double = 0, peak: Double = 1) throws -> BlurSearchResult {
        guard !kernelSizes.isEmpty, !sigmas.isEmpty, tolerance >= 0 else {
            throw ImageError.invalidParameter("bestBlur needs at least one kernel size and one sigma, and a tolerance >= 0")
        }
        var all: [BlurSearchResult] = []
        for k in kernelSizes {
            for s in sigmas {
                let image = try gaussianBlur(noisy, kernelSize: k, sigma: s)
                all.append(BlurSearchResult(kernelSize: k, sigma: s, psnr: try psnr(image, original, peak: peak), image: image))
            }
        }
        let top = all.map(\.psnr).max()!
        return all.first { $0.psnr >= top - tolerance }!
    }
}
