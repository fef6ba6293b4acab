import Foundation

extension ImageOps {
    /// torchvision's 1-D Gaussian kernel: x = linspace(−(k−1)/2, (k−1)/2, k), w ∝ exp(−x²/(2σ²)), Σw = 1.
    public static func gaussianKernel(size k: Int, sigma: Double) throws -> [Double] {
        guard k > 0, k % 2 == 1 else {
            throw ImageError.invalidParameter("Gaussian blur kernel size must be odd and positive, got \(k)")
        }
        guard sigma > 0, sigma.isFinite else {
            throw ImageError.invalidParameter("Gaussian blur sigma must be positive, got \(sigma)")
        }
        let half = Double(k - 1) / 2
        let pdf = (0..<k).map { i -> Double in
            let x = Double(i) - half
            return exp(-0.5 * (x / sigma) * (x / sigma))
        }
        let sum = pdf.reduce(0, +)
        return pdf.map { $0 / sum }
    }

    /// Matches `torchvision.transforms.functional.gaussian_blur(img, [k, k], [σ, σ])`: a k×k Gaussian applied with
    /// REFLECT padding of k/2 (edge pixel not repeated). Applied separably (rows, then columns), which equals
    /// torchvision's 2-D convolution up to float rounding. Where k/2 ≥ the image side torch refuses; we keep
    /// reflecting (period 2(n−1)) so small 28×28 images still work with large kernels.
    public static func gaussianBlur(_ x: Tensor, kernelSize k: Int, sigma: Double) throws -> Tensor {
        let (n, c, h, w) = try dims(x)
        let kernel = try gaussianKernel(size: k, sigma: sigma).map(Float.init)
        let r = k / 2
        let rowIndex = (-r..<(w + r)).map { reflect($0, w) }
        let colIndex = (-r..<(h + r)).map { reflect($0, h) }
        var tmp = [Float](repeating: 0, count: x.count)
        var out = [Float](repeating: 0, count: x.count)
        x.data.withUnsafeBufferPointer { src in
            tmp.withUnsafeMutableBufferPointer { mid in
                for p in 0..<(n * c) {
                    let base = p * h * w
                    for y in 0..<h {
                        let row = base + y * w
                        for xo in 0..<w {
                            var s: Float = 0
                            for j in 0..<k { s += kernel[j] * src[row + rowIndex[xo + j]] }
                            mid[row + xo] = s
                        }
                    }
                }
            }
        }
        tmp.withUnsafeBufferPointer { mid in
            out.withUnsafeMutableBufferPointer { dst in
                for p in 0..<(n * c) {
                    let base = p * h * w
                    for y in 0..<h {
                        for xo in 0..<w {
                            var s: Float = 0
                            for j in 0..<k { s += kernel[j] * mid[base + colIndex[y + j] * w + xo] }
                            dst[base + y * w + xo] = s
                        }
                    }
                }
            }
        }
        return Tensor(shape: x.shape, data: out)
    }

    /// Reflect index i into 0..<n without repeating the edge (numpy/torch "reflect").
    static func reflect(_ i: Int, _ n: Int) -> Int {
        if n == 1 { return 0 }
        let period = 2 * (n - 1)
        var m = i % period
        if m < 0 { m += period }
        return m < n ? m : period - m
    }
}
