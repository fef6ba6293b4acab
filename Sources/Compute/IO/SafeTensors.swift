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
        guard bytes.count >= 8 else { throw SafeTensorsError.truncated(source: source, byteCount: bytes.count) }
        var headerLength: UInt64 = 0
        for i in 0 ..< 8 { headerLength |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard headerLength <= UInt64(maxHeaderLength) else {
            throw SafeTensorsError.headerTooLarge(source: source, headerLength: headerLength, limit: maxHeaderLength)
        }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw SafeTensorsError.headerBeyondFile(source: source, headerLength: headerLength, fileLength: bytes.count)
        }
        let dataStart = 8 + Int(headerLength)
        let dataLength = bytes.count - dataStart

        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes[8 ..< dataStart]), options: [])
        } catch {
            throw SafeTensorsError.invalidHeader(source: source, reason: "not valid JSON (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any] else {
            throw SafeTensorsError.invalidHeader(source: source, reason: "top level is not a JSON object")
        }

        var metadata: [String: String] = [:]
        if let raw = root["__metadata__"] {
            guard let map = raw as? [String: Any] else {
                throw SafeTensorsError.invalidHeader(source: source, reason: "__metadata__ is not an object")
            }
            for (key, value) in map {
                guard let s = value as? String else {
                    throw SafeTensorsError.invalidHeader(source: source, reason: "__metadata__['\(key)'] is not a string")
                }
                metadata[key] = s
            }
        }

        struct Slot { var name: String; var dtype: SafeTensorsDType; var shape: [Int]; var begin: Int; var end: Int }
        var slots: [Slot] = []
        for name in root.keys.sorted() where name != "__metadata__" {
            func bad(_ reason: String) -> SafeTensorsError {
                .invalidEntry(source: source, tensor: name, reason: reason)
            }
            guard let info = root[name] as? [String: Any] else { throw bad("entry is not a JSON object") }
            guard let dtypeName = info["dtype"] as? String else { throw bad("missing dtype") }
            guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
                throw bad("unsupported dtype \(dtypeName) (expected one of F32, F16, BF16, I64)")
            }
            guard let shape = integers(info["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw bad("shape is not a list of non-negative integers")
            }
            guard let offsets = integers(info["data_offsets"]), offsets.count == 2 else {
                throw bad("data_offsets is not a pair of integers")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataLength else {
                throw SafeTensorsError.offsetsOutOfRange(source: source, tensor: name, begin: begin, end: end,
                                                         dataLength: dataLength)
            }
            let (elements, overflow) = shape.reduce((1, false)) { acc, d in
                let (p, o) = acc.0.multipliedReportingOverflow(by: d)
                return (p, acc.1 || o)
            }
            let expected = elements.multipliedReportingOverflow(by: dtype.byteSize)
            guard !overflow, !expected.overflow, expected.partialValue == end - begin else {
                throw SafeTensorsError.byteCountMismatch(source: source, tensor: name, dtype: dtype.rawValue, shape: shape,
                                                         expected: overflow || expected.overflow ? -1 : expected.partialValue,
                                                         actual: end - begin)
            }
            slots.append(Slot(name: name, dtype: dtype, shape: shape, begin: begin, end: end))
        }
        slots.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        for (a, b) in zip(slots, slots.dropFirst()) where b.begin < a.end && a.begin < a.end && b.begin < b.end {
            throw SafeTensorsError.overlapping(source: source, first: a.name, second: b.name)
        }

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
    private static func integers(_ value: Any?) -> [Int]? {
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
