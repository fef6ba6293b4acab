import CBLAS
import Dispatch

/// Times forward+backward of every layer shape of the D=64, batch-128 time-conditioned UNet, so kernel
/// work can be steered by numbers (median and best of several runs after a warm-up), not by timed tests.
public enum KernelBenchmark {
    public struct Row: Sendable, CustomStringConvertible {
        public var name: String
        /// How many times the UNet runs this layer per training step.
        public var countInUNet: Int
        public var medianSeconds: Double
        public var bestSeconds: Double
        public var flops: Double
        public var gflops: Double { flops / medianSeconds / 1e9 }
        public var description: String {
            let pad = { (s: String, n: Int) in s + String(repeating: " ", count: max(0, n - s.count)) }
            return pad(name, 34) + pad("x\(countInUNet)", 4)
                + " median \(format(medianSeconds * 1e3)) ms  best \(format(bestSeconds * 1e3)) ms  "
                + (flops > 0 ? "\(format(gflops)) GFLOP/s (best \(format(flops / bestSeconds / 1e9)))" : "")
        }
    }

    /// One row per distinct layer shape; `runs` timed repetitions after one warm-up.
    /// `only`: run just the rows whose name contains it (for profiling one layer).
    /// `chunkColumns` overrides the GEMM width per chunk (tuning only).
    public static func layers(batch n: Int = 128, width d: Int = 64, runs: Int = 5, only: String? = nil,
                              chunkColumns: Int? = nil) -> [Row] {
        let keep = gemmTargetColumns
        if let chunkColumns { gemmTargetColumns = chunkColumns }
        defer { gemmTargetColumns = keep }
        var rows: [Row] = []
        func wanted(_ name: String) -> Bool { only.map { name.contains($0) } ?? true }
        func conv(_ name: String, _ count: Int, ci: Int, co: Int, size: Int, stride: Int, inputGrad: Bool = true) {
            guard wanted(name) else { return }
            var rng = BenchRandom(seed: UInt64(rows.count + 1))
            let x = rng.tensor([n, ci, size, size]), w = rng.tensor([co, ci, 3, 3], scale: 0.1), b = rng.tensor([co])
            let y = Conv2d.forward(x, weight: w, bias: b, stride: stride, padding: 1)
            let gy = rng.tensor(y.shape)
            let fl = 2.0 * Double(y.count * ci * 9) * (inputGrad ? 3 : 2)
            var gx = Tensor(zeros: x.shape), gw = Tensor(zeros: w.shape), gb = Tensor(zeros: [co])
            rows.append(time(name, count, flops: fl, runs: runs) {
                _ = Conv2d.forward(x, weight: w, bias: b, stride: stride, padding: 1)
                Conv2d.backward(x, weight: w, gradOutput: gy, stride: stride, padding: 1, gradInput: &gx,
                                gradWeight: &gw, gradBias: &gb, computeInput: inputGrad)
            })
        }
        func convT(_ name: String, _ count: Int, ci: Int, co: Int, size: Int, k: Int, stride: Int, padding: Int) {
            guard wanted(name) else { return }
            var rng = BenchRandom(seed: UInt64(rows.count + 1))
            let x = rng.tensor([n, ci, size, size]), w = rng.tensor([ci, co, k, k], scale: 0.1), b = rng.tensor([co])
            let y = ConvTranspose2d.forward(x, weight: w, bias: b, stride: stride, padding: padding)
            let gy = rng.tensor(y.shape)
            let fl = 2.0 * Double(x.count * co * k * k) * 3
            var gx = Tensor(zeros: x.shape), gw = Tensor(zeros: w.shape), gb = Tensor(zeros: [co])
            rows.append(time(name, count, flops: fl, runs: runs) {
                _ = ConvTranspose2d.forward(x, weight: w, bias: b, stride: stride, padding: padding)
                ConvTranspose2d.backward(x, weight: w, gradOutput: gy, stride: stride, padding: padding, gradInput: &gx,
                                         gradWeight: &gw, gradBias: &gb, computeInput: true)
            })
        }
        func bnGELU(_ name: String, _ count: Int, c: Int, size: Int) {
            guard wanted(name) else { return }
            var rng = BenchRandom(seed: UInt64(rows.count + 1))
            let x = rng.tensor([n, c, size, size]), gy = rng.tensor([n, c, size, size])
            let gamma = Tensor(shape: [c], repeating: 1), beta = Tensor(zeros: [c])
            var rm = Tensor(zeros: [c]), rv = Tensor(shape: [c], repeating: 1)
            var gx = Tensor(zeros: x.shape), gg = Tensor(zeros: [c]), gbeta = Tensor(zeros: [c])
            rows.append(time(name, count, flops: 0, runs: runs) {
                let (_, saved) = BatchNormGELU.forward(x, gamma: gamma, beta: beta, runningMean: &rm, runningVar: &rv,
                                                       training: true)
                BatchNormGELU.backward(x, gamma: gamma, beta: beta, saved: saved, gradOutput: gy, training: true,
                                       gradInput: &gx, gradGamma: &gg, gradBeta: &gbeta)
            })
        }
        conv("conv3x3 1->\(d) @28", 1, ci: 1, co: d, size: 28, stride: 1, inputGrad: false)
        conv("conv3x3 \(d)->\(d) @28", 5, ci: d, co: d, size: 28, stride: 1)
        conv("conv3x3 \(2 * d)->\(d) @28", 1, ci: 2 * d, co: d, size: 28, stride: 1)
        conv("conv3x3 \(d)->1 @28 (head)", 1, ci: d, co: 1, size: 28, stride: 1)
        conv("conv3x3 s2 \(d)->\(d) 28->14", 1, ci: d, co: d, size: 28, stride: 2)
        conv("conv3x3 \(d)->\(d) @14", 4, ci: d, co: d, size: 14, stride: 1)
        conv("conv3x3 s2 \(d)->\(2 * d) 14->7", 1, ci: d, co: 2 * d, size: 14, stride: 2)
        conv("conv3x3 \(2 * d)->\(2 * d) @7", 2, ci: 2 * d, co: 2 * d, size: 7, stride: 1)
        convT("convT4x4 s2 \(4 * d)->\(d) 7->14", 1, ci: 4 * d, co: d, size: 7, k: 4, stride: 2, padding: 1)
        convT("convT4x4 s2 \(2 * d)->\(d) 14->28", 1, ci: 2 * d, co: d, size: 14, k: 4, stride: 2, padding: 1)
        convT("convT7x7 s7 \(2 * d)->\(2 * d) 1->7", 1, ci: 2 * d, co: 2 * d, size: 1, k: 7, stride: 7, padding: 0)
        bnGELU("BN+GELU \(d)x28x28", 7, c: d, size: 28)
        bnGELU("BN+GELU \(d)x14x14", 6, c: d, size: 14)
        bnGELU("BN+GELU \(2 * d)x7x7", 4, c: 2 * d, size: 7)
        return rows
    }

    /// Sum over layers of count x median: the UNet training step minus small ops (concat, pool, linear, loss).
    public static func estimatedStepSeconds(_ rows: [Row]) -> Double {
        rows.reduce(0) { $0 + Double($1.countInUNet) * $1.medianSeconds }
    }

    /// Raw cblas_sgemm GFLOP/s (median of `runs`) for C[m,n] = A[m,k] B[k,n]: the ceiling for a conv GEMM.
    public static func gemmGFLOPs(m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false, runs: Int = 5) -> Double {
        var rng = BenchRandom(seed: 99)
        let a = rng.tensor([m * k]), b = rng.tensor([k * n])
        var c = Tensor(zeros: [m * n])
        let row = time("gemm", 1, flops: 2.0 * Double(m * n * k), runs: runs) {
            a.withPointer { ap in b.withPointer { bp in c.withMutablePointer { cp in
                sgemm(transA: transA, transB: transB, m: m, n: n, k: k, a: ap, lda: transA ? m : k,
                      b: bp, ldb: transB ? k : n, beta: 0, c: cp, ldc: n)
            }}}
        }
        return row.gflops
    }

    static func time(_ name: String, _ count: Int, flops: Double, runs: Int, _ body: () -> Void) -> Row {
        body()   // warm-up: page faults, OpenBLAS thread start
        var samples: [Double] = []
        for _ in 0..<max(1, runs) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        samples.sort()
        return Row(name: name, countInUNet: count, medianSeconds: samples[samples.count / 2],
                   bestSeconds: samples[0], flops: flops)
    }
}

private func format(_ v: Double) -> String {
    let r = (v * 10).rounded() / 10
    return String(r)
}

/// Inputs for the benchmark (values only need to be ordinary, finite and reproducible).
private struct BenchRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Float {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
    }
    mutating func tensor(_ shape: [Int], scale: Float = 1) -> Tensor {
        Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in next() * scale })
    }
}
