/// glibc returns every freed block above its (dynamic) mmap threshold to the kernel and trims the heap top, so
/// each step's fresh activations, gradients and Winograd buffers (tens of MB) are page-faulted and zeroed again.
/// In a long training run this grows: the kernel took 15 % of the samples of a full-profile run at epoch 4
/// (7 % in a fresh process); never trimming, with the threshold at its 32 MiB maximum, left 3.4 %, all from the
/// blocks above 32 MiB (the 128-channel 28x28 tensors of a D = 64 batch), still mapped afresh each step
/// (30,000-69,000 page faults a step). Never mapping blocks and keeping one arena (so the worker threads'
/// blocks, too, come from the one heap that is never trimmed) takes that to 4 a step; peak memory fell (1.4
/// against 2.2 GB), as freed blocks are no longer spread over per-thread arenas. The step got faster in 5 of 7
/// alternating rounds (median 3 %), within the noise of the VM it was measured on.
/// Process-wide, and it changes no arithmetic. It must run before any other thread allocates (a thread keeps
/// the arena it first got), so `sitegen` calls it first thing in `main`.
public enum HeapReuse {
    public static func keepFreedMemory() {
        #if os(Linux)
        _ = glibcMallopt(-8, 1)             // M_ARENA_MAX
        _ = glibcMallopt(-4, 0)             // M_MMAP_MAX: no block is mapped on its own
        _ = glibcMallopt(-1, Int32.max)     // M_TRIM_THRESHOLD: the heap top is never given back
        #endif
    }
}

#if os(Linux)
/// `mallopt` from <malloc.h>, which the Glibc module does not export.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
