import Foundation
import Testing
@testable import Compute

/// The memory-mapped reader widens F16, BF16 and F32 tensors mixed in one file (as transformers writes T5).
@Suite struct DeepFloydMappedSafeTensorsTests {
    @Test func mixedDtypesWidenExactly() throws {
        let header = #"{"a":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[6,10]},"c":{"dtype":"F32","shape":[1],"data_offsets":[10,14]}}"#
        var bytes: [UInt8] = (0..<8).map { UInt8((UInt64(header.utf8.count) >> (8 * UInt64($0))) & 0xFF) }
        bytes += Array(header.utf8)
        // F16 1.0 = 0x3C00, -2.0 = 0xC000, 65504 = 0x7BFF; BF16 1.5 = 0x3FC0, -0.25 = 0xBE80; F32 3.25
        bytes += [0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B, 0xC0, 0x3F, 0x80, 0xBE]
        withUnsafeBytes(of: Float(3.25).bitPattern.littleEndian) { bytes += $0 }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mixed-\(UUID().uuidString).safetensors").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try MappedSafeTensors(path: path)
        #expect(try file.tensor("a").data == [1, -2, 65504])
        #expect(try file.tensor("b").data == [1.5, -0.25])
        #expect(try file.tensor("c").data == [3.25])
        #expect(file.entries["b"]?.dtype == .bf16)
    }

    /// The mapped reader shares `SafeTensors.decode`'s header checks, so it refuses what the in-memory one refuses.
    @Test(arguments: [
        (#"{"p":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"q":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, 12, "overlapping"),
        (#"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, 8, "truncated"),
        (#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, 8, "needs 12 bytes"),
    ])
    func damagedHeadersAreRefusedLikeTheInMemoryReader(header: String, dataBytes: Int, words: String) throws {
        var bytes: [UInt8] = (0..<8).map { UInt8((UInt64(header.utf8.count) >> (8 * UInt64($0))) & 0xFF) }
        bytes += Array(header.utf8) + [UInt8](repeating: 0, count: dataBytes)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("damaged-\(UUID().uuidString).safetensors").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var mapped = "", inMemory = ""
        do { _ = try MappedSafeTensors(path: path); Issue.record("mapped reader accepted \(header)") } catch { mapped = "\(error)" }
        do { _ = try SafeTensors.decode(bytes, source: path); Issue.record("decode accepted \(header)") } catch { inMemory = "\(error)" }
        #expect(mapped.contains(words) && mapped.contains(path))
        #expect(mapped == inMemory)
    }

    @Test func halfWideningEqualsTheStandardLibraryForEveryBitPattern() {
        var mismatches = 0
        for bits in UInt16(0)...UInt16.max {
            let a = floatFromHalfBits(bits), b = Float(Float16(bitPattern: bits))
            if a.bitPattern != b.bitPattern && !(a.isNaN && b.isNaN) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func halfRoundingRoundTripsEveryHalf() {
        var mismatches = 0
        for bits in UInt16(0)...UInt16.max where (bits & 0x7C00) != 0x7C00 {    // skip inf/NaN
            if halfBitsFromFloat(floatFromHalfBits(bits)) != bits { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(halfBitsFromFloat(1 + 1.0 / 4096) == 0x3C00)     // ties to even
        #expect(halfBitsFromFloat(1e6) == 0x7C00)                // overflow to infinity
    }
}
