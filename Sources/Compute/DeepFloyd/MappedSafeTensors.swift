import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A safetensors file memory-mapped read-only: the header is parsed at open, tensor bytes stay in the page cache
/// until `tensor(_:)` widens one to Float. This is what lets an 8.6 GB fp16 checkpoint run in far less RAM than
/// its 17 GB fp32 form: only the layer being run exists as Float.
public final class MappedSafeTensors: @unchecked Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var dtype: SafeTensorsDType
        public var shape: [Int]
        /// Absolute byte offset of the data in the file.
        var offset: Int
        var byteCount: Int
    }

    public let path: String
    public let entries: [String: Entry]
    private let base: UnsafeRawPointer
    private let length: Int

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw IFError.missingFile(path: path, what: "safetensors weights") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw IFError.io(path: path, reason: "cannot stat") }
        let size = Int(st.st_size)
        guard size >= 8 else { throw SafeTensorsError.truncated(source: path, byteCount: size) }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            throw IFError.io(path: path, reason: "mmap failed (errno \(errno))")
        }
        base = UnsafeRawPointer(map)
        length = size
        do {
            let header = try SafeTensorsHeader.parse(UnsafeRawBufferPointer(start: base, count: size), source: path)
            entries = Dictionary(uniqueKeysWithValues: header.slots.map { slot in
                (slot.name, Entry(name: slot.name, dtype: slot.dtype, shape: slot.shape, offset: header.dataStart + slot.begin,
                                  byteCount: slot.end - slot.begin))
            })
        } catch {
            munmap(map, size)
            throw error
        }
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }

    public var names: [String] { entries.keys.sorted() }

    /// The tensor widened to Float32 (F32, F16, BF16, I64 stored).
    public func tensor(_ name: String) throws -> Tensor {
        var fresh: [Float] = []
        return try tensor(name, reusing: &fresh)
    }

    /// Widens into `storage`'s memory when it is big enough (see `IFBufferPool`).
    public func tensor(_ name: String, reusing storage: inout [Float]) throws -> Tensor {
        guard let e = entries[name] else { throw IFError.missingTensor(name: name, source: path) }
        return Self.widen(base + e.offset, e, reusing: &storage)
    }

    /// Rows `indices` of the 2-D tensor `name`, widened to Float `[indices.count, width]`: an embedding lookup
    /// that leaves the rest of the table (0.5 GB for T5-XXL in fp32) unread.
    public func rows(_ name: String, _ indices: [Int]) throws -> Tensor {
        guard let e = entries[name] else { throw IFError.missingTensor(name: name, source: path) }
        guard e.shape.count == 2 else { throw IFError.badInput(what: "\(path): '\(name)'", reason: "rows of a \(e.shape.count)-D tensor") }
        let width = e.shape[1], rowBytes = width * e.dtype.byteSize
        var data: [Float] = []
        data.reserveCapacity(indices.count * width)
        for r in indices {
            guard (0..<e.shape[0]).contains(r) else {
                throw IFError.badInput(what: "\(path): '\(name)'", reason: "row \(r) of \(e.shape[0])")
            }
            let row = Entry(name: name, dtype: e.dtype, shape: [width], offset: e.offset + r * rowBytes, byteCount: rowBytes)
            var buffer: [Float] = []
            data += Self.widen(base + row.offset, row, reusing: &buffer).data
        }
        return Tensor(shape: [indices.count, width], data: data)
    }

    /// Rows `rows` of the 2-D tensor `name` widened into `out` on the calling thread (`rows.count * width`
    /// floats): lets a projection widen one cache-sized block of a weight at a time right before multiplying it.
    public func widenRows(_ name: String, _ rows: Range<Int>, into out: UnsafeMutablePointer<Float>) throws {
        guard let e = entries[name] else { throw IFError.missingTensor(name: name, source: path) }
        guard e.shape.count == 2, rows.lowerBound >= 0, rows.upperBound <= e.shape[0] else {
            throw IFError.badInput(what: "\(path): '\(name)'", reason: "rows \(rows) of shape \(e.shape)")
        }
        let width = e.shape[1]
        Self.convert(base + e.offset + rows.lowerBound * width * e.dtype.byteSize, e.dtype, 0 ..< rows.count * width, into: out)
    }

    static func widen(_ p: UnsafeRawPointer, _ e: Entry, reusing storage: inout [Float]) -> Tensor {
        let count = e.shape.reduce(1, *)
        let data = ifReuse(&storage, count: count) { out in
            parallelRanges(count, costPerItem: 2) { range in convert(p, e.dtype, range, into: out) }
        }
        return Tensor(shape: e.shape, data: data)
    }

    /// Elements `range` of the stored values at `p` as Float into `out[range]`.
    @inline(__always)
    static func convert(_ p: UnsafeRawPointer, _ dtype: SafeTensorsDType, _ range: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        switch dtype {
        case .f32:
            for i in range { out[i] = Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        case .f16:
            for i in range { out[i] = floatFromHalfBits(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .bf16:
            for i in range { out[i] = Float(bitPattern: UInt32(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16) }
        case .i64:
            for i in range { out[i] = Float(Int64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
        }
    }
}
