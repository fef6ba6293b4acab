import Testing
import Foundation
@testable import Compute

/// OpenBLAS's generic fallback is replaced by the best kernels the CPU supports; its own choices are kept.
@Suite struct OpenBLASCoreTests {
    static let skylakeFlags: Set<String> = ["sse3", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    @Test func theFallbackOnAnAVX512CPUBecomesSkylakeX() {
        #expect(OpenBLASCore.replacement(current: "Prescott", cpuFlags: Self.skylakeFlags) == "SkylakeX")
    }

    @Test func theFallbackOnAnAVX2CPUBecomesHaswellAndOnAnAVXOneSandybridge() {
        #expect(OpenBLASCore.replacement(current: "Prescott", cpuFlags: ["avx", "avx2", "fma", "avx512f"]) == "Haswell")
        #expect(OpenBLASCore.replacement(current: "Prescott", cpuFlags: ["sse3", "avx"]) == "Sandybridge")
        #expect(OpenBLASCore.replacement(current: "Prescott", cpuFlags: ["sse3"]) == nil)
    }

    @Test func aCoreOpenBLASRecognisedIsLeftAlone() {
        for core in ["Zen", "Haswell", "SkylakeX", "Cooperlake"] {
            #expect(OpenBLASCore.replacement(current: core, cpuFlags: Self.skylakeFlags) == nil)
        }
    }

    @Test func flagsAreReadFromTheFirstProcessorOfProcCpuinfo() {
        let info = "processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: fpu sse3 avx2 fma\n\nprocessor\t: 1\nflags\t\t: other\n"
        #expect(OpenBLASCore.cpuFlags(cpuinfo: info) == ["fpu", "sse3", "avx2", "fma"])
        #expect(OpenBLASCore.cpuFlags(cpuinfo: nil).isEmpty)
    }

    /// On this machine: once the ops have started, OpenBLAS never runs its SSE3 fallback on a CPU with AVX.
    @Test func theRunningProcessUsesNativeKernels() {
        configureThreads(2)
        let flags = OpenBLASCore.machineFlags
        if flags.contains("avx") {
            #expect(OpenBLASCore.current != "Prescott")
        }
    }
}
