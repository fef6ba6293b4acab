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
        guard size >= 8 else { throw IFError.truncatedFile(path: path, fileBytes: size, neededBytes: 8) }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            throw IFError.io(path: path, reason: "mmap failed (errno \(errno))")
        }
        base = UnsafeRawPointer(map)
        length = size
        do {
            entries = try Self.parseHeader(base, size: size, path: path)
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

    static func widen(_ p: UnsafeRawPointer, _ e: Entry, reusing storage: inout [Float]) -> Tensor {
        let count = e.shape.reduce(1, *)
        let data = ifReuse(&storage, count: count) { out in
            parallelRanges(count, costPerItem: 2) { range in
                switch e.dtype {
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
        return Tensor(shape: e.shape, data: data)
    }

    private static func parseHeader(_ base: UnsafeRawPointer, size: Int, path: String) throws -> [String: Entry] {
        let headerLength = Int(UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)))
        guard headerLength >= 0, headerLength <= SafeTensors.maxHeaderLength else {
            throw IFError.io(path: path, reason: "not a safetensors file (header length \(headerLength))")
        }
        guard 8 + headerLength <= size else {
            throw IFError.truncatedFile(path: path, fileBytes: size, neededBytes: 8 + headerLength)
        }
        let header = Data(bytes: base + 8, count: headerLength)
        guard let root = (try? JSONSerialization.jsonObject(with: header)) as? [String: Any] else {
            throw IFError.io(path: path, reason: "safetensors header is not a JSON object")
        }
        var entries: [String: Entry] = [:]
        var dataEnd = 0
        for name in root.keys.sorted() where name != "__metadata__" {
            func bad(_ why: String) -> IFError { .io(path: path, reason: "tensor '\(name)': \(why)") }
            guard let info = root[name] as? [String: Any], let dtypeName = info["dtype"] as? String,
                  let shapeRaw = info["shape"] as? [NSNumber], let offs = info["data_offsets"] as? [NSNumber], offs.count == 2
            else { throw bad("malformed header entry") }
            guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
                throw bad("unsupported dtype \(dtypeName) (expected F32, F16, BF16 or I64)")
            }
            let shape = shapeRaw.map(\.intValue)
            let begin = offs[0].intValue, end = offs[1].intValue
            guard shape.allSatisfy({ $0 >= 0 }), begin >= 0, end >= begin,
                  shape.reduce(1, *) * dtype.byteSize == end - begin
            else { throw bad("shape \(shape) of \(dtypeName) does not match data_offsets [\(begin), \(end)]") }
            entries[name] = Entry(name: name, dtype: dtype, shape: shape, offset: 8 + headerLength + begin, byteCount: end - begin)
            dataEnd = max(dataEnd, end)
        }
        guard 8 + headerLength + dataEnd <= size else {
            throw IFError.truncatedFile(path: path, fileBytes: size, neededBytes: 8 + headerLength + dataEnd)
        }
        return entries
    }
}
