import Foundation
import Testing
@testable import Compute

/// Builds a safetensors file by hand, so decoder tests do not depend on our own encoder.
private func handMade(header: String, data: [UInt8]) -> [UInt8] {
    let h = Array(header.utf8)
    var out: [UInt8] = (0 ..< 8).map { UInt8((UInt64(h.count) >> (8 * UInt64($0))) & 0xFF) }
    out += h
    out += data
    return out
}

private func expectError(_ bytes: [UInt8], mentioning words: [String]) {
    do {
        _ = try SafeTensors.decode(bytes, source: "bad.safetensors")
        Issue.record("expected an error mentioning \(words)")
    } catch {
        let text = String(describing: error)
        for w in words { #expect(text.contains(w), "'\(text)' should mention '\(w)'") }
    }
}

@Suite struct SafeTensorsTests {
    let a = Tensor(shape: [2, 3], data: [1, -2, 3.5, 0, .pi, -1e-7])
    let b = Tensor(shape: [4], data: [10, 20, 30, 40])

    @Test func roundTripKeepsNamesShapesValuesAndMetadata() throws {
        let bytes = SafeTensors.encode([("zeta", b), ("alpha.weight", a)], metadata: ["format": "pt", "step": "3"])
        let file = try SafeTensors.decode(bytes, source: "mem")
        #expect(file.names.sorted() == ["alpha.weight", "zeta"])
        #expect(file["alpha.weight"] == a)
        #expect(file["zeta"] == b)
        #expect(file.metadata == ["format": "pt", "step": "3"])
        #expect(file["missing"] == nil)
        #expect(throws: SafeTensorsError.self) { try file.tensor("missing") }
    }

    @Test func sameTensorsGiveSameBytesWhateverTheInputOrder() {
        let one = SafeTensors.encode([("a", a), ("b", b)], metadata: ["x": "1", "y": "2"])
        let two = SafeTensors.encode([("b", b), ("a", a)], metadata: ["y": "2", "x": "1"])
        #expect(one == two)
        let headerLength = Int(one[0]) | Int(one[1]) << 8
        #expect((8 + headerLength) % 8 == 0, "data section is 8-byte aligned")
        let header = String(decoding: one[8 ..< 8 + headerLength], as: UTF8.self)
        #expect(header.trimmingCharacters(in: .whitespaces)
            == #"{"__metadata__":{"x":"1","y":"2"},"a":{"data_offsets":[0,24],"dtype":"F32","shape":[2,3]},"b":{"data_offsets":[24,40],"dtype":"F32","shape":[4]}}"#)
    }

    @Test func int64BuffersAreWrittenAsI64() throws {
        let count = Tensor(shape: [], data: [7])
        let file = try SafeTensors.decode(SafeTensors.encode([("n", count)], dtypes: ["n": .i64]), source: "mem")
        #expect(file.entries[0].dtype == .i64)
        #expect(file["n"] == count)
    }

    @Test func halfAndBFloat16WidenToKnownFloats() throws {
        // F16: 1.0 = 0x3C00, -2.0 = 0xC000, 65504 = 0x7BFF, smallest subnormal 2^-24 = 0x0001
        // BF16: 1.0 = 0x3F80, -0.5 = 0xBF00, 3.140625 = 0x4049
        let f16: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001]
        let bf16: [UInt16] = [0x3F80, 0xBF00, 0x4049]
        let data = (f16 + bf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let header = #"{"h":{"dtype":"F16","shape":[4],"data_offsets":[0,8]},"b":{"dtype":"BF16","shape":[3],"data_offsets":[8,14]}}"#
        let file = try SafeTensors.decode(handMade(header: header, data: data), source: "mem")
        #expect(file["h"]?.data == [1, -2, 65504, Float(sign: .plus, exponent: -24, significand: 1)])
        #expect(file["b"]?.data == [1, -0.5, 3.140625])
        #expect(file.names == ["h", "b"], "tensors are listed in file order")
    }

    @Test func fileWriteIsAtomicAndReadable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.safetensors").path
        try SafeTensors.write([("a", a)], to: path)
        try SafeTensors.write([("b", b)], to: path)  // replaces
        let file = try SafeTensors.read(path: path)
        #expect(file.names == ["b"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["m.safetensors"], "no temp files left")
        #expect(throws: SafeTensorsError.self) { try SafeTensors.read(path: folder.appendingPathComponent("nope").path) }
    }

    @Test func truncatedFileIsAnError() {
        expectError([1, 0, 0], mentioning: ["bad.safetensors", "truncated"])
    }

    @Test func headerLongerThanFileIsAnError() {
        var bytes = handMade(header: "{}", data: [])
        bytes[0] = 200
        expectError(bytes, mentioning: ["bad.safetensors", "200", "past the end"])
    }

    @Test func hugeHeaderLengthIsRefusedBeforeAllocating() {
        let bytes: [UInt8] = [0, 0, 0, 0, 1, 0, 0, 0] + [UInt8](repeating: 0x20, count: 16)
        expectError(bytes, mentioning: ["bad.safetensors", "limit"])
    }

    @Test func invalidJSONIsAnError() {
        expectError(handMade(header: "{\"a\": [", data: []), mentioning: ["bad.safetensors", "JSON"])
    }

    @Test func offsetsOutsideTheDataAreAnError() {
        let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        expectError(handMade(header: header, data: [0, 0, 0, 0]), mentioning: ["bad.safetensors", "'w'", "outside"])
    }

    @Test func overlappingTensorsAreAnError() {
        let header = #"{"p":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"q":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        expectError(handMade(header: header, data: [UInt8](repeating: 0, count: 12)), mentioning: ["'p'", "'q'", "overlapping"])
    }

    @Test func shapeThatDisagreesWithTheByteCountIsAnError() {
        let header = #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
        expectError(handMade(header: header, data: [UInt8](repeating: 0, count: 8)), mentioning: ["bad.safetensors", "'w'", "12", "8"])
    }

    @Test func unknownDtypeIsAnError() {
        let header = #"{"w":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#
        expectError(handMade(header: header, data: [UInt8](repeating: 0, count: 8)), mentioning: ["'w'", "C64"])
    }

    @Test func nonStringMetadataIsAnError() {
        expectError(handMade(header: #"{"__metadata__":{"k":1}}"#, data: []), mentioning: ["__metadata__", "k"])
    }
}
