import Testing
import Foundation
import Compute

/// Not a timed test: prints throughput when asked (`SITEGEN_BENCH=1 swift test -c release --filter kernelBenchmark`).
@Test(.enabled(if: ProcessInfo.processInfo.environment["SITEGEN_BENCH"] != nil))
func kernelBenchmarkPrintsThroughput() {
    let env = ProcessInfo.processInfo.environment
    let batch = Int(env["SITEGEN_BENCH_BATCH"] ?? "") ?? 128
    let runs = Int(env["SITEGEN_BENCH_RUNS"] ?? "") ?? 5
    configureThreads(Int(env["SITEGEN_BENCH_THREADS"] ?? "") ?? 2)
    if env["SITEGEN_BENCH_GEMM"] != nil {
        for (m, n, k) in [(64, 4096, 576), (64, 100_352, 576), (576, 4096, 64), (64, 576, 4096), (64, 4096, 1152), (128, 6272, 576)] {
            print("sgemm m\(m) n\(n) k\(k): \(KernelBenchmark.gemmGFLOPs(m: m, n: n, k: k)) GFLOP/s")
        }
    }
    let rows = KernelBenchmark.layers(batch: batch, width: Int(env["SITEGEN_BENCH_WIDTH"] ?? "") ?? 64, runs: runs, only: env["SITEGEN_BENCH_ONLY"],
                                       chunkColumns: Int(env["SITEGEN_BENCH_CHUNK"] ?? ""))
    for row in rows { print(row) }
    let step = KernelBenchmark.estimatedStepSeconds(rows)
    print("estimated UNet step (batch \(batch)): \(step) s = \(Double(batch) / step) img/s, \(1.61 * Double(batch) / step) GFLOP/s")
    #expect(rows.allSatisfy { $0.medianSeconds > 0 })
}
