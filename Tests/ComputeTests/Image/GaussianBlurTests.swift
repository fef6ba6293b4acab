import Foundation
import Testing
@testable import Compute

@Suite struct GaussianBlurTests {
    /// x[i] = sin(0.7 i) + 0.1 (i mod 3), shape [1,1,5,6].
    static let input = Tensor(shape: [1, 1, 5, 6],
                              data: (0..<30).map { Float(sin(0.7 * Double($0)) + 0.1 * Double($0 % 3)) })

    @Test func kernelIsTheNormalisedGaussianByHand() throws {
        let k = try ImageOps.gaussianKernel(size: 3, sigma: 1)
        let e = exp(-0.5)
        let sum = 1 + 2 * e
        #expect(abs(k[0] - e / sum) < 1e-12 && abs(k[1] - 1 / sum) < 1e-12 && abs(k[2] - e / sum) < 1e-12)
    }

    @Test func matchesTorchvisionGaussianBlur() throws {
        // Printed by /tmp/torch-ref (torch 2.13) running torchvision's _gaussian_blur code transcribed
        // (linspace kernel, outer product, F.pad reflect, conv2d), since torchvision itself is not installed there.
        let k5: [Float] = [-0.1005984, -0.0569225, 0.0568177, 0.1831318, 0.2854474, 0.3221723, -0.0235915, 0.0067145,
                           0.0842057, 0.1642921, 0.2279141, 0.2497818, 0.0820456, 0.0876024, 0.1024391, 0.1113519,
                           0.1222446, 0.125402, 0.0990557, 0.1275388, 0.1865795, 0.2166149, 0.2175467, 0.2106755,
                           0.1293178, 0.1695765, 0.248729, 0.2812168, 0.2660124, 0.2488631]
        let k3: [Float] = [-0.0613914, 0.3828011, 0.7770022, 0.6806588, 0.4833623, 0.2130654, -0.5897166, -0.5369862,
                           -0.2412422, 0.0428536, 0.5259659, 0.8050247, 0.5267527, 0.3068916, -0.0695637, -0.5384103,
                           -0.5348629, -0.2957061, 0.1367134, 0.5341244, 0.8103212, 0.5803031, 0.2965308, 0.0175365,
                           -0.6559452, -0.4938601, -0.0836605, 0.2407778, 0.6711457, 0.8575931]
        let a = try ImageOps.gaussianBlur(Self.input, kernelSize: 5, sigma: 1.3)
        let b = try ImageOps.gaussianBlur(Self.input, kernelSize: 3, sigma: 0.5)
        #expect(maxAbsDifference(a, Tensor(shape: [1, 1, 5, 6], data: k5)) < 1e-6)
        #expect(maxAbsDifference(b, Tensor(shape: [1, 1, 5, 6], data: k3)) < 1e-6)
    }

    @Test func paddingReflectsWithoutRepeatingTheEdge() throws {
        // Row [0, 1, 0, 0], k = 3: reflect pads x[-1] = x[1] = 1, so out[0] = 2·w0 (zero padding: w0; replicate: w0).
        let w = try ImageOps.gaussianKernel(size: 3, sigma: 0.8)
        let out = try ImageOps.gaussianBlur(Tensor(shape: [1, 1, 1, 4], data: [0, 1, 0, 0]), kernelSize: 3, sigma: 0.8)
        #expect(abs(Double(out.data[0]) - 2 * w[0]) < 1e-6)
        #expect(abs(Double(out.data[1]) - w[1]) < 1e-6)
        #expect(abs(Double(out.data[2]) - w[0]) < 1e-6)
        #expect(abs(out.data[3]) < 1e-7)
    }

    @Test func kernelsLargerThanTheImageStillReflect() throws {
        let flat = Tensor(shape: [1, 2, 4, 4], data: [Float](repeating: 0.3, count: 32))
        let out = try ImageOps.gaussianBlur(flat, kernelSize: 15, sigma: 0.875)
        #expect(maxAbsDifference(out, flat) < 1e-6)
    }

    @Test func badParametersThrow() {
        #expect(throws: ImageError.self) { try ImageOps.gaussianBlur(Self.input, kernelSize: 4, sigma: 1) }
        #expect(throws: ImageError.self) { try ImageOps.gaussianBlur(Self.input, kernelSize: 3, sigma: 0) }
        #expect(throws: ImageError.notAnImageBatch(shape: [5, 6])) {
            try ImageOps.gaussianBlur(Tensor(zeros: [5, 6]), kernelSize: 3, sigma: 1)
        }
    }
}

@Suite struct PSNRTests {
    @Test func psnrIsTenLogOfPeakSquaredOverMSE() throws {
        let a = Tensor(zeros: [1, 1, 2, 2])
        let b = Tensor(shape: [1, 1, 2, 2], data: [0.1, -0.1, 0.1, -0.1])
        #expect(abs(try ImageOps.psnr(a, b) - 20) < 1e-5)
        #expect(abs(try ImageOps.psnr(a, b, peak: 2) - 10 * log10(400)) < 1e-5)
        #expect(try ImageOps.psnr(a, a) == .infinity)
        #expect(throws: ImageError.self) { try ImageOps.psnr(a, Tensor(zeros: [1, 1, 2, 3])) }
    }

    @Test func bestBlurPicksTheHighestPSNROfTheGrid() throws {
        let noise = TestNoise(seed: 11)
        var smooth: [Float] = []
        for row in 0..<16 {
            for col in 0..<16 { smooth.append(Float(0.5 + 0.3 * sin(Double(col) / 3) * cos(Double(row) / 4))) }
        }
        let original = Tensor(shape: [1, 1, 16, 16], data: smooth)
        let noisy = Tensor(shape: original.shape,
                           data: zip(original.data, noise.normal(original.shape).data).map { $0 + 0.2 * $1 })
        let best = try ImageOps.bestBlur(noisy, original: original)
        for k in [3, 5, 7, 9, 11] {
            for s in [0.5, 1, 1.5, 2] {
                let score = try ImageOps.psnr(try ImageOps.gaussianBlur(noisy, kernelSize: k, sigma: s), original)
                #expect(best.psnr >= score)
            }
        }
        #expect(best.psnr > (try ImageOps.psnr(noisy, original)) + 3)
        #expect(abs(try ImageOps.psnr(best.image, original) - best.psnr) < 1e-9)
    }

    @Test func withAToleranceTheSmallestKernelWithinItWins() throws {
        let noise = TestNoise(seed: 12)
        let original = Tensor(shape: [1, 1, 24, 24], data: (0..<576).map { Float(($0 / 24 + $0 % 24) % 7) / 7 })
        let noisy = Tensor(shape: original.shape,
                           data: zip(original.data, noise.normal(original.shape).data).map { $0 + 0.3 * $1 })
        let kernels = [3, 5, 7, 9, 11, 13, 15], sigmas = [0.5, 1, 1.5]
        let exact = try ImageOps.bestBlur(noisy, original: original, kernelSizes: kernels, sigmas: sigmas)
        let tolerant = try ImageOps.bestBlur(noisy, original: original, kernelSizes: kernels, sigmas: sigmas, tolerance: 0.05)
        #expect(tolerant.psnr >= exact.psnr - 0.05)
        #expect(tolerant.kernelSize <= exact.kernelSize)
        // No smaller kernel (any σ) comes within the tolerance.
        for k in kernels where k < tolerant.kernelSize {
            for s in sigmas {
                let score = try ImageOps.psnr(try ImageOps.gaussianBlur(noisy, kernelSize: k, sigma: s), original)
                #expect(score < exact.psnr - 0.05, "k \(k) σ \(s) was within the tolerance")
            }
        }
        #expect(throws: ImageError.self) { try ImageOps.bestBlur(noisy, original: original, tolerance: -1) }
    }
}
