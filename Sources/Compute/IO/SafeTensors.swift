import Foundation

/// The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length,
/// a JSON header `{name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}`, then raw little-endian data.
///
/// The writer is deterministic — names sorted, keys sorted, no whitespace except the trailing spaces that pad the
/// header to a multiple of 8 bytes (as the reference writer does, so the data stays aligned) — so equal tensors
/// give equal bytes and checkpoints can be content-hashed.
public enum SafeTensors {
    /// Headers beyond this are refused rather than allocated: a corrupt length field must not exhaust memory.
    public static let maxHeaderLength = 100_000_000

    // MARK: writing

    /// Encodes `tensors` (sorted by name) as F32, except names listed in `dtypes` as `.i64` (values rounded).
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:],
                              dtypes: [String: SafeTensorsDType] = [:]) -> [UInt8] {
        let sorted = tensors.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            precondition(a.name != b.name, "SafeTensors.encode: duplicate tensor name '\(a.name)'")
        }
        precondition(!sorted.contains { $0.name == "__metadata__" }, "SafeTensors.encode: '__metadata__' is reserved")

        var headerEntries: [(key: String, json: String)] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                .map { jsonString($0) + ":" + jsonString(metadata[$0]!) }
            headerEntries.append(("__metadata__", "{" + pairs.joined(separator: ",") + "}"))
        }
        var offset = 0
        var layout: [(dtype: SafeTensorsDType, tensor: Tensor)] = []
        for (name, tensor) in sorted {
            let dtype = dtypes[name] ?? .f32
            precondition(dtype == .f32 || dtype == .i64, "SafeTensors.encode: writing \(dtype.rawValue) is not supported")
            let size = tensor.count * dtype.byteSize
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            headerEntries.append((name, "{\"data_offsets\":[\(offset),\(offset + size)],\"dtype\":\"\(dtype.rawValue)\",\"shape\":[\(shape)]}"))
            layout.append((dtype, tensor))
            offset += size
        }
        headerEntries.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var header = Array(("{" + headerEntries.map { jsonString($0.key) + ":" + $0.json }.joined(separator: ",") + "}").utf8)
        while (8 + header.count) % 8 != 0 { header.append(0x20) }

        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        appendLE(UInt64(header.count), to: &out)
        out += header
        for (dtype, tensor) in layout {
            switch dtype {
            case .i64:
                for v in tensor.data { appendLE(UInt64(bitPattern: Int64(v.rounded())), to: &out) }
            default:
                for v in tensor.data { appendLE(v.bitPattern, to: &out) }
            }
        }
        return out
    }

    /// Encodes and writes atomically (temporary file in the same folder, then rename).
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:],
                             dtypes: [String: SafeTensorsDType] = [:], to path: String) throws {
        try AtomicFile.write(encode(tensors, metadata: metadata, dtypes: dtypes), to: path)
    }

    // MARK: reading

    public static func read(path: String) throws -> SafeTensorsFile {
        try decode(AtomicFile.read(path), source: path)
    }

    /// Decodes and validates the whole file; `source` names it in errors.
    public static func decode(_ bytes: [UInt8], source: String) throws -> SafeTensorsFile {
        let header = try bytes.withUnsafeBytes { try SafeTensorsHeader.parse($0, source: source) }
        let (dataStart, slots, metadata) = (header.dataStart, header.slots, header.metadata)
        let entries = slots.map { slot in
            SafeTensorsFile.Entry(name: slot.name, dtype: slot.dtype,
                                  tensor: Tensor(shape: slot.shape,
                                                 data: widen(bytes, from: dataStart + slot.begin, count: (slot.end - slot.begin) / slot.dtype.byteSize, dtype: slot.dtype)))
        }
        return SafeTensorsFile(source: source, entries: entries, metadata: metadata)
    }

    // MARK: helpers

    private static func widen(_ bytes: [UInt8], from start: Int, count: Int, dtype: SafeTensorsDType) -> [Float] {
        bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress! + start
            switch dtype {
            case .f32:
                return (0 ..< count).map { Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
            case .f16:
                return (0 ..< count).map { floatFromHalfBits(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))) }
            case .bf16:
                return (0 ..< count).map { Float(bitPattern: UInt32(UInt16(littleEndian: base.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))) << 16) }
            case .i64:
                return (0 ..< count).map { Float(Int64(littleEndian: base.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self))) }
            }
        }
    }

    /// A JSON array of integers (NSNumber on Linux), rejecting fractions and huge values.
    static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var out: [Int] = []
        for element in array {
            guard let number = element as? NSNumber, let d = Double(exactly: number.doubleValue), d == d.rounded(), abs(d) < 9e15 else { return nil }
            out.append(Int(d))
        }
        return out
    }

    private static func appendLE<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { out.append(contentsOf: $0) }
    }

    /// JSON string literal with the escapes RFC 8259 requires.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
