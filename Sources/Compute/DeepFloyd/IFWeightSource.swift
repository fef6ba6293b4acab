/// Where a UNet's weights come from. The UNet asks for a layer's tensors only while that layer runs, so a source
/// can keep them in their stored form (mmapped fp16, say) and widen on demand.
public protocol IFWeightSource: Sendable {
    /// The stored shape of `name`, or nil if the source has no such tensor.
    func shape(of name: String) -> [Int]?
    /// `name` widened to Float32.
    func tensor(_ name: String) throws -> Tensor
    /// `name` widened into `storage`'s memory when it is large enough (see `IFBufferPool`), else into new memory.
    func tensor(_ name: String, reusing storage: inout [Float]) throws -> Tensor
    /// Rows `indices` of the 2-D tensor `name` widened to Float, `[indices.count, width]` (embedding lookups).
    func rows(_ name: String, _ indices: [Int]) throws -> Tensor
    /// Rows `rows` of the 2-D tensor `name` widened into `out` on the calling thread (blockwise projections).
    func widenRows(_ name: String, _ rows: Range<Int>, into out: UnsafeMutablePointer<Float>) throws
    /// Names every stored tensor, sorted.
    var names: [String] { get }
    /// Names the files (or origin) in error messages.
    var origin: String { get }
}

extension IFWeightSource {
    public func tensor(_ name: String, reusing storage: inout [Float]) throws -> Tensor { try tensor(name) }

    public func rows(_ name: String, _ indices: [Int]) throws -> Tensor { try gatherRows(name, indices) }

    /// Through `rows` (sources that store weights compactly implement this themselves).
    public func widenRows(_ name: String, _ rows: Range<Int>, into out: UnsafeMutablePointer<Float>) throws {
        let t = try self.rows(name, Array(rows))
        t.data.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: $0.count) }
    }

    /// Widens the whole tensor and gathers; sources that can read single rows implement `rows` themselves.
    func gatherRows(_ name: String, _ indices: [Int]) throws -> Tensor {
        let t = try tensor(name)
        guard t.shape.count == 2 else { throw IFError.badInput(what: "\(origin): '\(name)'", reason: "rows of a \(t.shape.count)-D tensor") }
        let width = t.shape[1]
        var data: [Float] = []
        for r in indices {
            guard (0..<t.shape[0]).contains(r) else { throw IFError.badInput(what: "\(origin): '\(name)'", reason: "row \(r) of \(t.shape[0])") }
            data += t.data[r * width ..< (r + 1) * width]
        }
        return Tensor(shape: [indices.count, width], data: data)
    }
}

/// `count` floats in `storage`'s buffer if it is big enough (no allocation, no page faults), else a new buffer;
/// `fill` writes every element.
func ifReuse(_ storage: inout [Float], count: Int, _ fill: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
    var data: [Float] = []
    swap(&data, &storage)       // sole owner now, so shrinking and writing do not copy
    if data.count >= count {
        data.removeLast(data.count - count)
    } else {
        data = [Float](unsafeUninitializedCapacity: count) { _, n in n = count }
    }
    data.withUnsafeMutableBufferPointer { fill($0.baseAddress!) }
    return data
}

/// Weights held in memory, either as Float or rounded to fp16 (as a real fp16 snapshot would be, so the benchmark's
/// memory and widening cost match a user's run).
public final class IFMemoryWeights: IFWeightSource, @unchecked Sendable {
    private var floats: [String: Tensor] = [:]
    private var halves: [String: (shape: [Int], bits: [UInt16])] = [:]
    public let origin: String

    public init(_ tensors: [String: Tensor], asHalf: Bool, origin: String = "in-memory weights") {
        self.origin = origin
        for (name, t) in tensors {
            if asHalf { halves[name] = (t.shape, t.data.map(halfBitsFromFloat)) } else { floats[name] = t }
        }
    }

    /// Adds one tensor (the benchmark builds a big model tensor by tensor to bound peak memory).
    public func insert(_ name: String, _ t: Tensor, asHalf: Bool) {
        if asHalf { halves[name] = (t.shape, t.data.map(halfBitsFromFloat)) } else { floats[name] = t }
    }

    public var names: [String] { (Array(floats.keys) + Array(halves.keys)).sorted() }

    public func shape(of name: String) -> [Int]? { floats[name]?.shape ?? halves[name]?.shape }

    public func tensor(_ name: String) throws -> Tensor {
        var fresh: [Float] = []
        return try tensor(name, reusing: &fresh)
    }

    public func rows(_ name: String, _ indices: [Int]) throws -> Tensor {
        guard let h = halves[name], h.shape.count == 2 else {
            return try (self as any IFWeightSource).gatherRows(name, indices)
        }
        let width = h.shape[1]
        var data: [Float] = []
        data.reserveCapacity(indices.count * width)
        for r in indices {
            guard (0..<h.shape[0]).contains(r) else { throw IFError.badInput(what: "\(origin): '\(name)'", reason: "row \(r) of \(h.shape[0])") }
            data += h.bits[r * width ..< (r + 1) * width].map(floatFromHalfBits)
        }
        return Tensor(shape: [indices.count, width], data: data)
    }

    public func widenRows(_ name: String, _ rows: Range<Int>, into out: UnsafeMutablePointer<Float>) throws {
        guard let h = halves[name], h.shape.count == 2, rows.upperBound <= h.shape[0] else {
            let t = try gatherRows(name, Array(rows))
            t.data.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: $0.count) }
            return
        }
        let width = h.shape[1]
        h.bits.withUnsafeBufferPointer { src in
            let base = rows.lowerBound * width
            for i in 0 ..< rows.count * width { out[i] = floatFromHalfBits(src[base + i]) }
        }
    }

    public func tensor(_ name: String, reusing storage: inout [Float]) throws -> Tensor {
        if let t = floats[name] { return t }
        guard let h = halves[name] else { throw IFError.missingTensor(name: name, source: origin) }
        let data = h.bits.withUnsafeBufferPointer { src in
            ifReuse(&storage, count: src.count) { out in
                parallelRanges(src.count, costPerItem: 2) { r in for i in r { out[i] = floatFromHalfBits(src[i]) } }
            }
        }
        return Tensor(shape: h.shape, data: data)
    }
}

/// Float -> IEEE half bits, round to nearest even (overflow to infinity, underflow through subnormals).
func halfBitsFromFloat(_ f: Float) -> UInt16 {
    let x = f.bitPattern
    let sign = UInt16((x >> 16) & 0x8000)
    let exp = Int((x >> 23) & 0xFF)
    var mant = x & 0x7F_FFFF
    if exp == 0xFF { return sign | 0x7C00 | (mant != 0 ? 0x200 : 0) }
    var e = exp - 127 + 15
    if e >= 31 { return sign | 0x7C00 }
    if e <= 0 {
        if e < -10 { return sign }
        mant |= 0x80_0000
        let shift = UInt32(14 - e)
        var h = mant >> shift
        let rem = mant & ((1 << shift) - 1), half = UInt32(1) << (shift - 1)
        if rem > half || (rem == half && (h & 1) == 1) { h += 1 }
        return sign | UInt16(h)
    }
    var h = mant >> 13
    let rem = mant & 0x1FFF
    if rem > 0x1000 || (rem == 0x1000 && (h & 1) == 1) {
        h += 1
        if h == 0x400 { h = 0; e += 1; if e >= 31 { return sign | 0x7C00 } }
    }
    return sign | UInt16(e << 10) | UInt16(h)
}
