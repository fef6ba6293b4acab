/// glibc returns every freed block above its (dynamic) mmap threshold to the kernel and trims the heap top, so
/// each step's fresh activations, gradients and Winograd buffers (tens of MB) are page-faulted and zeroed again.
/// In a long training run this grows: the kernel took 15 % of the samples of a full-profile run at epoch 4
/// (7 % in a fresh process); with this setting, 3.4 %. Pinning the threshold at its maximum and never trimming
/// keeps freed memory for reuse (blocks above 32 MiB are still mapped afresh).
/// Process-wide, and it changes no arithmetic, so every command that computes calls it first.
public enum HeapReuse {
    public static func keepFreedMemory() {
        #if os(Linux)
        _ = glibcMallopt(-3, 32 << 20)      // M_MMAP_THRESHOLD (glibc's maximum, 32 MiB on 64-bit)
        _ = glibcMallopt(-1, Int32.max)     // M_TRIM_THRESHOLD
        #endif
    }
}

#if os(Linux)
/// `mallopt` from <malloc.h>, which the Glibc module does not export.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
