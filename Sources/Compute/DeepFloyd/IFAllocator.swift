/// glibc returns every freed block above its mmap threshold to the kernel, so each UNet layer's fresh activation
/// and im2col buffers (tens of MB) are page-faulted and zeroed again (one A/B at 32x32 on the project machine: ~13% of a forward).
/// Raising the threshold to its maximum and never trimming keeps freed memory for reuse. Process-wide, so only
/// commands that run big models call it.
public enum IFAllocator {
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
