import CKernels

/// The tile transforms of `Winograd3x3`, four tiles per vector: with eight (two SSE registers each) the sixteen
/// live vectors spilled to the stack and a D = 64 step was 3–7 % slower.
///
/// A plane is first staged with its even and odd columns apart, so tile tx reads columns 2tx…2tx+3 as
/// even[tx], odd[tx], even[tx+1], odd[tx+1]: every transform becomes whole-vector arithmetic on contiguous
/// runs instead of a 4x4 gather per tile, which had made the transforms cost more than the GEMMs.
extension Winograd3x3 {
    typealias Vec = SIMD4<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vec { UnsafeRawPointer(p).loadUnaligned(as: Vec.self) }

    /// Stores the lanes of a group that are real tiles. A partial group may spill a whole vector into the tiles
    /// that follow it in its ξ plane, which are written later (each plane fills in increasing order); only a
    /// group whose vector would cross into the next ξ plane, already written, stores lane by lane. At 14x14
    /// (seven tiles a row) lane-by-lane stores had been almost half of all stores.
    @inline(__always)
    static func store(_ v: Vec, _ p: UnsafeMutablePointer<Float>, count: Int, spillFits: Bool) {
        if count >= Vec.scalarCount || spillFits {
            put(v, p)
        } else {
            for k in 0..<count { p[k] = v[k] }
        }
    }

    @inline(__always)
    static func put(_ v: Vec, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vec.self) }

    typealias Pair = SIMD8<Float>

    /// evens[k] = s[2k] for k < (width + 1) / 2 and odds[k] = s[2k + 1] for k < width / 2: a row split into its
    /// even and odd columns, eight floats at a time (pure data movement), the rest one by one.
    @inline(__always)
    static func deinterleave(_ s: UnsafePointer<Float>, width: Int, evens: UnsafeMutablePointer<Float>,
                             odds: UnsafeMutablePointer<Float>) {
        var k = 0
        while 2 * k + Pair.scalarCount <= width {
            let v = UnsafeRawPointer(s + 2 * k).loadUnaligned(as: Pair.self)
            put(v.evenHalf, evens + k); put(v.oddHalf, odds + k)
            k += Vec.scalarCount
        }
        for q in k..<(width + 1) / 2 { evens[q] = s[2 * q] }
        for q in k..<max(k, width / 2) { odds[q] = s[2 * q + 1] }
    }

    /// V[ξ][c][tile] = (Bᵀ d B)[ξ] for every 4x4 input tile d (zero outside the image): on AVX-512 or AVX2 in
    /// WinogradTiles.c where the plane fits its vectors, else `transformInputPortable`, with the same bits.
    static func transformInput(_ x: UnsafePointer<Float>, images: Int, channels: Int, _ t: Tiling, columns: Int,
                               _ work: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>) {
        if sitegen_winograd_input(x, images, channels, t.height, t.width, columns, v) == 1 { return }
        transformInputPortable(x, images: images, channels: channels, t, columns: columns, work, v)
    }

    static func transformInputPortable(_ x: UnsafePointer<Float>, images: Int, channels: Int, _ t: Tiling,
                                       columns: Int, _ work: UnsafeMutablePointer<Float>,
                                       _ v: UnsafeMutablePointer<Float>) {
        let half = t.half, row = 2 * half, xiStride = channels * columns, tw = t.tilesW
        work.update(repeating: 0, count: (2 * t.tilesH + 2) * row)
        for c in 0..<channels {
            for img in 0..<images {
                let src = x + (img * channels + c) * t.height * t.width
                // Padded row r + 1 holds image row r; padded column q = x + 1 goes to even[q/2] or odd[q/2], so
                // the image's even columns land in the odd half-row and its odd columns one place on in the even.
                for r in 0..<t.height {
                    let even = work + (r + 1) * row, odd = even + half
                    deinterleave(src + r * t.width, width: t.width, evens: odd, odds: even + 1)
                }
                let out = v + c * columns + img * t.tiles
                for ty in 0..<t.tilesH {
                    let r0 = work + 2 * ty * row, r1 = r0 + row, r2 = r1 + row, r3 = r2 + row
                    let o = out + ty * tw, inPlane = c * columns + img * t.tiles + ty * tw
                    for g in stride(from: 0, to: tw, by: Vec.scalarCount) {
                        let n = tw - g, fits = inPlane + g + Vec.scalarCount <= xiStride
                        // Bᵀ d for the four tile columns: (d0 - d2, d1 + d2, d2 - d1, d1 - d3).
                        @inline(__always) func rows(_ off: Int) -> (Vec, Vec, Vec, Vec) {
                            let a = load(r0 + off), b = load(r1 + off), c = load(r2 + off), d = load(r3 + off)
                            return (a - c, b + c, c - b, b - d)
                        }
                        let e0 = rows(g), o0 = rows(g + half), e1 = rows(g + 1), o1 = rows(g + half + 1)
                        // (Bᵀ d) B along each row: (col0 - col2, col1 + col2, col2 - col1, col1 - col3).
                        @inline(__always) func emit(_ r: Int, _ c0: Vec, _ c1: Vec, _ c2: Vec, _ c3: Vec) {
                            let base = o + r * 4 * xiStride + g
                            store(c0 - c2, base, count: n, spillFits: fits)
                            store(c1 + c2, base + xiStride, count: n, spillFits: fits)
                            store(c2 - c1, base + 2 * xiStride, count: n, spillFits: fits)
                            store(c1 - c3, base + 3 * xiStride, count: n, spillFits: fits)
                        }
                        emit(0, e0.0, o0.0, e1.0, o1.0)
                        emit(1, e0.1, o0.1, e1.1, o1.1)
                        emit(2, e0.2, o0.2, e1.2, o1.2)
                        emit(3, e0.3, o0.3, e1.3, o1.3)
                    }
                }
            }
        }
    }

    /// y = Aᵀ m A for every tile, cropped to the image, plus bias (or added into y): in C where it can, as
    /// `transformInput`.
    static func transformOutput(_ m: UnsafePointer<Float>, images: Int, channels: Int, _ t: Tiling, columns: Int,
                                bias: UnsafePointer<Float>?, accumulate: Bool, _ work: UnsafeMutablePointer<Float>,
                                _ y: UnsafeMutablePointer<Float>) {
        if sitegen_winograd_output(m, images, channels, t.height, t.width, columns, bias, accumulate ? 1 : 0, y) == 1 {
            return
        }
        transformOutputPortable(m, images: images, channels: channels, t, columns: columns, bias: bias,
                                accumulate: accumulate, work, y)
    }

    static func transformOutputPortable(_ m: UnsafePointer<Float>, images: Int, channels: Int, _ t: Tiling,
                                        columns: Int, bias: UnsafePointer<Float>?, accumulate: Bool,
                                        _ work: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        let half = t.half, row = 2 * half, xiStride = channels * columns, tw = t.tilesW
        for c in 0..<channels {
            let b = bias?[c] ?? 0
            for img in 0..<images {
                let src = m + c * columns + img * t.tiles
                for ty in 0..<t.tilesH {
                    let s = src + ty * tw, top = work + 2 * ty * row, bottom = top + row
                    for g in stride(from: 0, to: tw, by: Vec.scalarCount) {
                        // Aᵀ m for tile column k: (m0 + m1 + m2, m1 - m2 - m3).
                        @inline(__always) func column(_ k: Int) -> (Vec, Vec) {
                            let m0 = load(s + k * xiStride + g), m1 = load(s + (4 + k) * xiStride + g)
                            let m2 = load(s + (8 + k) * xiStride + g), m3 = load(s + (12 + k) * xiStride + g)
                            return (m0 + m1 + m2, m1 - m2 - m3)
                        }
                        let c0 = column(0), c1 = column(1), c2 = column(2), c3 = column(3)
                        // Lanes beyond the last tile land in the half-row's spare room.
                        put(c0.0 + c1.0 + c2.0, top + g)
                        put(c1.0 - c2.0 - c3.0, top + half + g)
                        put(c0.1 + c1.1 + c2.1, bottom + g)
                        put(c1.1 - c2.1 - c3.1, bottom + half + g)
                    }
                }
                let dst = y + (img * channels + c) * t.height * t.width
                for r in 0..<t.height {
                    let even = work + r * row, odd = even + half, d = dst + r * t.width
                    let pairs = t.width / 2
                    var k = 0
                    while k + Vec.scalarCount <= pairs {
                        let e = load(even + k) + b, o = load(odd + k) + b
                        let woven = Pair(lowHalf: Vec(e[0], o[0], e[1], o[1]), highHalf: Vec(e[2], o[2], e[3], o[3]))
                        let p = UnsafeMutableRawPointer(d + 2 * k)
                        if accumulate {
                            p.storeBytes(of: p.loadUnaligned(as: Pair.self) + woven, as: Pair.self)
                        } else {
                            p.storeBytes(of: woven, as: Pair.self)
                        }
                        k += Vec.scalarCount
                    }
                    if accumulate {
                        for q in k..<pairs { d[2 * q] += even[q] + b; d[2 * q + 1] += odd[q] + b }
                        if t.width % 2 == 1 { d[t.width - 1] += even[pairs] + b }
                    } else {
                        for q in k..<pairs { d[2 * q] = even[q] + b; d[2 * q + 1] = odd[q] + b }
                        if t.width % 2 == 1 { d[t.width - 1] = even[pairs] + b }
                    }
                }
            }
        }
    }

    /// gM[ξ][c][tile] = (A gY Aᵀ)[ξ] for every 2x2 tile of gY (zero beyond the image): the adjoint of
    /// `transformOutput`; in C where it can, as `transformInput`.
    static func transformOutputAdjoint(_ gy: UnsafePointer<Float>, images: Int, channels: Int, _ t: Tiling,
                                       columns: Int, _ work: UnsafeMutablePointer<Float>,
                                       _ gm: UnsafeMutablePointer<Float>) {
        if sitegen_winograd_output_adjoint(gy, images, channels, t.height, t.width, columns, gm) == 1 { return }
        transformOutputAdjointPortable(gy, images: images, channels: channels, t, columns: columns, work, gm)
    }

    static func transformOutputAdjointPortable(_ gy: UnsafePointer<Float>, images: Int, channels: Int, _ t: Tiling,
                                               columns: Int, _ work: UnsafeMutablePointer<Float>,
                                               _ gm: UnsafeMutablePointer<Float>) {
        let half = t.half, row = 2 * half, xiStride = channels * columns, tw = t.tilesW
        work.update(repeating: 0, count: 2 * t.tilesH * row)
        for c in 0..<channels {
            for img in 0..<images {
                let src = gy + (img * channels + c) * t.height * t.width
                for r in 0..<t.height {
                    let even = work + r * row
                    deinterleave(src + r * t.width, width: t.width, evens: even, odds: even + half)
                }
                let out = gm + c * columns + img * t.tiles
                for ty in 0..<t.tilesH {
                    let top = work + 2 * ty * row, bottom = top + row, o = out + ty * tw
                    let inPlane = c * columns + img * t.tiles + ty * tw
                    for g in stride(from: 0, to: tw, by: Vec.scalarCount) {
                        let n = tw - g, fits = inPlane + g + Vec.scalarCount <= xiStride
                        let a = load(top + g), b = load(top + half + g), c2 = load(bottom + g), d = load(bottom + half + g)
                        // A gY: rows (y0, y0 + y1, y0 - y1, -y1); then each row (e, f) -> (e, e + f, e - f, -f).
                        @inline(__always) func emit(_ r: Int, _ e: Vec, _ f: Vec) {
                            let base = o + r * 4 * xiStride + g
                            store(e, base, count: n, spillFits: fits)
                            store(e + f, base + xiStride, count: n, spillFits: fits)
                            store(e - f, base + 2 * xiStride, count: n, spillFits: fits)
                            store(-f, base + 3 * xiStride, count: n, spillFits: fits)
                        }
                        emit(0, a, b)
                        emit(1, a + c2, b + d)
                        emit(2, a - c2, b - d)
                        emit(3, -c2, -d)
                    }
                }
            }
        }
    }
}
