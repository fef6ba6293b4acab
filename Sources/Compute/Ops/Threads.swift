import CBLAS
import Dispatch

/// Worker threads used by OpenBLAS and by the element-wise loops of the ops.
///
/// Set explicitly so results and speed do not depend on the machine's core count (OpenBLAS would
/// otherwise pick one thread per core). Every parallel loop splits its output into disjoint
/// contiguous ranges and reduces in a fixed order, so results do not depend on thread timing.
nonisolated(unsafe) private var workerThreads = 0

/// Sets the number of threads for the ops' loops. Default 2. OpenBLAS itself runs single-threaded:
/// the convolutions split the batch into chunks and give each thread its own chunks and GEMMs, which
/// needs no synchronisation inside a GEMM (small conv GEMMs scale poorly, worst on a busy machine).
public func configureThreads(_ count: Int) {
    let n = max(1, count)
    OpenBLASCore.chooseKernelsOnce()
    workerThreads = n
    openblas_set_num_threads(1)
}

/// The configured thread count, configuring the default (2) on first use.
var computeThreads: Int {
    if workerThreads == 0 { configureThreads(2) }
    return workerThreads
}

/// Runs `body(range)` over `count` items split into at most `computeThreads` contiguous ranges.
/// Small jobs (`count * costPerItem` below ~32k) run inline to skip dispatch overhead.
@inline(__always)
func parallelRanges(_ count: Int, costPerItem: Int = 1, threads: Int? = nil, _ body: (Range<Int>) -> Void) {
    let threads = min(threads ?? computeThreads, count)
    if threads <= 1 || count * costPerItem < 32_768 {
        if count > 0 { body(0..<count) }
        return
    }
    withoutActuallyEscaping(body) { body in
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let lo = count * t / threads, hi = count * (t + 1) / threads
            if lo < hi { body(lo..<hi) }
        }
    }
}

/// Splits 0..<count into one contiguous range per worker (at most `computeThreads`) and runs
/// body(worker, range) for all workers in parallel. Worker w always gets the same range, so per-worker
/// partial results combined in worker order are deterministic.
func parallelWorkers(_ count: Int, _ body: (Int, Range<Int>) -> Void) {
    let workers = min(computeThreads, count)
    if workers <= 1 {
        if count > 0 { body(0, 0..<count) }
        return
    }
    withoutActuallyEscaping(body) { body in
        DispatchQueue.concurrentPerform(iterations: workers) { t in
            body(t, count * t / workers..<count * (t + 1) / workers)
        }
    }
}
