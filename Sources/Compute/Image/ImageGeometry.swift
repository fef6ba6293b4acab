extension ImageOps {
    /// The largest centred square, as torchvision's `CenterCrop(min(H, W))`: offset = round((H − side)/2) with
    /// Python's round-half-to-even.
    public static func centerCropSquare(_ x: Tensor) throws -> Tensor {
        let (n, c, h, w) = try dims(x)
        let side = min(h, w)
        let top = Int((Double(h - side) / 2).rounded(.toNearestOrEven))
        let left = Int((Double(w - side) / 2).rounded(.toNearestOrEven))
        var data = [Float]()
        data.reserveCapacity(n * c * side * side)
        for p in 0..<(n * c) {
            for y in top..<(top + side) {
                let row = p * h * w + y * w
                data += x.data[(row + left)..<(row + left + side)]
            }
        }
        return Tensor(shape: [n, c, side, side], data: data)
    }

    /// Resize to height × width, each axis on its own: shrinking averages the covered area exactly (box filter with
    /// fractional coverage, so 64→28 does not alias the way nearest/bilinear sampling does); enlarging is bilinear
    /// with half-pixel centres (`align_corners=False`, edge clamped); equal size copies.
    public static func resize(_ x: Tensor, height: Int, width: Int) throws -> Tensor {
        let (n, c, h, w) = try dims(x)
        guard height > 0, width > 0 else {
            throw ImageError.invalidParameter("resize target must be positive, got \(height)x\(width)")
        }
        let wy = axisWeights(from: h, to: height)
        let wx = axisWeights(from: w, to: width)
        var out = [Float](repeating: 0, count: n * c * height * width)
        var rowsDone = [Float](repeating: 0, count: height * w)
        for p in 0..<(n * c) {
            let src = p * h * w
            for oy in 0..<height {
                for xi in 0..<w {
                    var s: Float = 0
                    for (iy, weight) in wy[oy] { s += weight * x.data[src + iy * w + xi] }
                    rowsDone[oy * w + xi] = s
                }
            }
            let dst = p * height * width
            for oy in 0..<height {
                for ox in 0..<width {
                    var s: Float = 0
                    for (ix, weight) in wx[ox] { s += weight * rowsDone[oy * w + ix] }
                    out[dst + oy * width + ox] = s
                }
            }
        }
        return Tensor(shape: [n, c, height, width], data: out)
    }

    /// For every output index, the (input index, weight) pairs of one axis.
    static func axisWeights(from inSize: Int, to outSize: Int) -> [[(Int, Float)]] {
        if inSize == outSize { return (0..<outSize).map { [($0, Float(1))] } }
        let scale = Double(inSize) / Double(outSize)
        if outSize < inSize {
            return (0..<outSize).map { j in
                let a = Double(j) * scale, b = Double(j + 1) * scale
                var pairs: [(Int, Float)] = []
                for i in Int(a.rounded(.down))..<min(inSize, Int(b.rounded(.up))) {
                    let overlap = min(b, Double(i + 1)) - max(a, Double(i))
                    if overlap > 0 { pairs.append((i, Float(overlap / scale))) }
                }
                return pairs
            }
        }
        return (0..<outSize).map { j in
            let src = max(0, (Double(j) + 0.5) * scale - 0.5)
            let i0 = min(Int(src.rounded(.down)), inSize - 1)
            let i1 = min(i0 + 1, inSize - 1)
            let f = Float(src - Double(i0))
            return i0 == i1 ? [(i0, Float(1))] : [(i0, 1 - f), (i1, f)]
        }
    }

    /// Upside down: reverse the rows (`torch.flip(x, dims=[2])`), the anagram's flip.
    public static func flipVertical(_ x: Tensor) throws -> Tensor {
        let (n, c, h, w) = try dims(x)
        var data = [Float](repeating: 0, count: x.count)
        for p in 0..<(n * c) {
            for y in 0..<h {
                let from = p * h * w + (h - 1 - y) * w, to = p * h * w + y * w
                data.replaceSubrange(to..<(to + w), with: x.data[from..<(from + w)])
            }
        }
        return Tensor(shape: x.shape, data: data)
    }

    /// Rotation by 180° (rows and columns reversed): how an anagram is shown "turned around".
    public static func rotate180(_ x: Tensor) throws -> Tensor {
        let (n, c, h, w) = try dims(x)
        var data = [Float](repeating: 0, count: x.count)
        let plane = h * w
        for p in 0..<(n * c) {
            for i in 0..<plane { data[p * plane + i] = x.data[p * plane + plane - 1 - i] }
        }
        return Tensor(shape: x.shape, data: data)
    }
}
