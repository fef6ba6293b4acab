import Foundation

extension ImageOps {
    /// Peak signal-to-noise ratio in dB, 10·log10(peak² / MSE), over all elements. `peak` is 1 for images in
    /// [0, 1] and 2 for [−1, 1]. Identical images give +infinity.
    public static func psnr(_ a: Tensor, _ b: Tensor, peak: Double = 1) throws -> Double {
        guard a.shape == b.shape else { throw ImageError.shapeMismatch(what: "PSNR operands", expected: a.shape, got: b.shape) }
        guard a.count > 0 else { throw ImageError.invalidParameter("PSNR of empty tensors") }
        guard peak > 0 else { throw ImageError.invalidParameter("PSNR peak must be positive, got \(peak)") }
        var sum = 0.0
        for i in 0..<a.count {
            let d = Double(a.data[i]) - Double(b.data[i])
            sum += d * d
        }
        let mse = sum / Double(a.count)
        return mse == 0 ? .infinity : 10 * log10(peak * peak / mse)
    }
}
