/// Branch-free, call-free Float math the compiler can vectorise: glibc's `erff`/`expf` are scalar calls
/// and made BatchNorm+GELU slower than the convolutions around it.

/// e^x to ~1 ulp (Cephes expf polynomial after splitting off 2^k); arguments are clamped to [-87.3, 88.3].
@inline(__always)
func fastExp(_ x: Float) -> Float {
    let x = min(max(x, -87.3), 88.3)
    // round(x / ln 2) by the 1.5*2^23 trick: the sum's low mantissa bits hold k as an integer, so 2^k below
    // comes from integer bit arithmetic with no Float -> Int conversion (whose overflow trap blocks vectorising).
    let shifted = x * 1.44269504 + 12_582_912
    let k = shifted - 12_582_912
    let r = x - k * 0.693359375 + k * 2.12194440e-4          // ln 2 split in two for an exact reduction
    var p: Float = 1.9875691500e-4
    p = p * r + 1.3981999507e-3
    p = p * r + 8.3334519073e-3
    p = p * r + 4.1665795894e-2
    p = p * r + 1.6666665459e-1
    p = p * r + 5.0000001201e-1
    let y = p * r * r + r + 1
    return y * Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23)
}

/// erf(a) to ~1 ulp (N. Juffa's minimax fit: odd polynomial near 0, 1 - e^poly beyond 0.9277);
/// both branches are evaluated and one selected, so the loop stays vectorisable.
@inline(__always)
func fastErf(_ a: Float) -> Float {
    let t = abs(a), s = a * a
    var r: Float = -1.72853470e-5 * t + 3.83197126e-4
    let u: Float = -3.88396438e-3 * t + 2.42546219e-2
    r = r * s + u
    r = r * t - 1.06777877e-1
    r = r * t - 6.34846687e-1
    r = r * t - 1.28717512e-1
    r = r * t - t
    let far = 1 - fastExp(r)
    var q: Float = -5.96761703e-4
    q = q * s + 4.99119423e-3
    q = q * s - 2.67681349e-2
    q = q * s + 1.12819925e-1
    q = q * s - 3.76125336e-1
    q = q * s + 1.28379166e-1
    let near = q * a + a
    return t > 0.927734375 ? (a < 0 ? -far : far) : near
}

/// erf(x / sqrt 2), the one transcendental GELU and its derivative share: Phi(x) = (1 + erf(x / sqrt 2)) / 2.
@inline(__always)
func geluErf(_ x: Float) -> Float { fastErf(x * 0.70710678118654752) }

/// GELU(x) = x * Phi(x), Phi the standard normal CDF (exact erf form), given `e = geluErf(x)`.
@inline(__always)
func geluValue(_ x: Float, erf e: Float) -> Float { 0.5 * x * (1 + e) }

/// GELU'(x) = Phi(x) + x * phi(x), given `e = geluErf(x)`.
@inline(__always)
func geluDerivative(_ x: Float, erf e: Float) -> Float { 0.5 * (1 + e) + x * 0.39894228040143268 * fastExp(-0.5 * x * x) }

@inline(__always)
func geluValue(_ x: Float) -> Float { geluValue(x, erf: geluErf(x)) }

@inline(__always)
func geluDerivative(_ x: Float) -> Float { geluDerivative(x, erf: geluErf(x)) }
