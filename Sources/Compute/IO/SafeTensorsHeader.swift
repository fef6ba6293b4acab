import Foundation

/// The validated header of a safetensors file: its metadata and where each tensor's bytes lie. One parser for
/// the in-memory reader (`SafeTensors.decode`) and the memory-mapped one (`MappedSafeTensors`), so both refuse
/// the same damaged files with the same messages (oversized header, bad JSON, overlapping or out-of-range
/// offsets, byte counts that disagree with dtype and shape).
struct SafeTensorsHeader {
    struct Slot {
        var name: String
        var dtype: SafeTensorsDType
        var shape: [Int]
        /// Byte range within the data section, which starts at `dataStart`.
        var begin: Int
        var end: Int
    }

    var dataStart: Int
    /// Sorted by offset.
    var slots: [Slot]
    var metadata: [String: String]

    /// `file` is the whole file (or as much of it as exists); `source` names it in errors.
    static func parse(_ file: UnsafeRawBufferPointer, source: String) throws -> SafeTensorsHeader {
        guard file.count >= 8, let base = file.baseAddress else { throw SafeTensorsError.truncated(source: source, byteCount: file.count) }
        let headerLength = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(SafeTensors.maxHeaderLength) else {
            throw SafeTensorsError.headerTooLarge(source: source, headerLength: headerLength, limit: SafeTensors.maxHeaderLength)
        }
        guard headerLength <= UInt64(file.count - 8) else {
            throw SafeTensorsError.headerBeyondFile(source: source, headerLength: headerLength, fileLength: file.count)
        }
        let dataStart = 8 + Int(headerLength)
        let dataLength = file.count - dataStart

        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes: base + 8, count: dataStart - 8), options: [])
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
            guard let shape = SafeTensors.integers(info["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw bad("shape is not a list of non-negative integers")
            }
            guard let offsets = SafeTensors.integers(info["data_offsets"]), offsets.count == 2 else {
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
        return SafeTensorsHeader(dataStart: dataStart, slots: slots, metadata: metadata)
    }
}
