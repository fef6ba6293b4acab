import CBLAS
import Foundation

/// Which OpenBLAS kernels run the GEMMs, and the fix for CPUs OpenBLAS does not know.
///
/// A DYNAMIC_ARCH OpenBLAS picks its kernels by CPU model when it loads. A model newer than the library
/// (Debian 12's 0.3.21 on an Intel Xeon of model 207, Emerald Rapids) falls back to "Prescott", SSE3 code, even
/// when the CPU has AVX-512. Measured there with `sitegen bench --config class:64:128`: 28.3 img/s on Prescott,
/// 83.4 img/s on SkylakeX, the same CPU. OpenBLAS reads `OPENBLAS_CORETYPE` only while it loads, before `main`,
/// so sitegen sets it and runs OpenBLAS's own (exported) selection again, before the first GEMM.
public enum OpenBLASCore {
    /// The kernel set OpenBLAS uses now, as OpenBLAS names it ("SkylakeX", "Haswell", "Zen", "Prescott", …).
    public static var current: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// What sitegen changed, if anything: (from, to), e.g. ("Prescott", "SkylakeX").
    public private(set) nonisolated(unsafe) static var replaced: (from: String, to: String)?

    /// The kernel set to force instead of `current`, or nil to leave OpenBLAS's choice alone: only the generic
    /// fallback is replaced, by the best set the CPU's flags (as /proc/cpuinfo lists them) support. The flags are
    /// only read for the fallback, so a CPU OpenBLAS knows costs no file read at start-up.
    static func replacement(current: String, cpuFlags readFlags: @autoclosure () -> Set<String>) -> String? {
        guard current.caseInsensitiveCompare("Prescott") == .orderedSame else { return nil }
        let cpuFlags = readFlags()
        if ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(cpuFlags.contains) { return "SkylakeX" }
        if ["avx2", "fma"].allSatisfy(cpuFlags.contains) { return "Haswell" }
        if cpuFlags.contains("avx") { return "Sandybridge" }
        return nil
    }

    /// This machine's CPU flags, as /proc/cpuinfo lists them; empty where there is none (not Linux).
    static var machineFlags: Set<String> {
        cpuFlags(cpuinfo: try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))
    }

    /// The flags of the first processor in a /proc/cpuinfo text.
    static func cpuFlags(cpuinfo: String?) -> Set<String> {
        guard let line = cpuinfo?.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    /// Runs `useNativeKernels` once per process (a static's initialiser runs exactly once, even when threads race).
    static func chooseKernelsOnce() { _ = chosen }
    private static let chosen: Void = useNativeKernels()

    /// Replaces the fallback kernels, before any GEMM; leaves a user's `OPENBLAS_CORETYPE` alone.
    private static func useNativeKernels() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil else { return }
        let before = current
        guard let wanted = replacement(current: before, cpuFlags: machineFlags),
              let quit = symbol("gotoblas_dynamic_quit"), let initialise = symbol("gotoblas_dynamic_init") else { return }
        setenv("OPENBLAS_CORETYPE", wanted, 1)
        quit()
        initialise()
        // Left set, OpenBLAS in a child process (the tests' tools, say) chooses the same kernels.
        if current != before { replaced = (before, current) }
    }

    /// An OpenBLAS function looked up at run time: only DYNAMIC_ARCH builds have the selection functions.
    private static func symbol(_ name: String) -> (@convention(c) () -> Void)? {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: (@convention(c) () -> Void).self)
    }
}
