extension ImageOps {
    /// RGB → grey with ITU-R BT.601 luma weights (0.299, 0.587, 0.114), as PIL's `convert("L")` before rounding:
    /// `[N,3,H,W]` → `[N,1,H,W]`. A 1-channel image is returned unchanged.
    public static func greyscale(_ x: Tensor) throws -> Tensor {
        let (n, c, h, w) = try dims(x)
        if c == 1 { return x }
        guard c == 3 else { throw ImageError.shapeMismatch(what: "RGB image", expected: [n, 3, h, w], got: x.shape) }
        let plane = h * w
        var data = [Float](repeating: 0, count: n * plane)
        for i in 0..<n {
            let base = i * 3 * plane
            for p in 0..<plane {
                data[i * plane + p] = 0.299 * x.data[base + p] + 0.587 * x.data[base + plane + p]
                    + 0.114 * x.data[base + 2 * plane + p]
            }
        }
        return Tensor(shape: [n, 1, h, w], data: data)
    }

    /// Clamp every value to [lower, upper] (default [0, 1], before writing a PNG).
    public static func clamp(_ x: Tensor, lower: Float = 0, upper: Float = 1) -> Tensor {
        Tensor(shape: x.shape, data: x.data.map { min(max($0, lower), upper) })
    }

    /// [0, 1] → [−1, 1] (the models' range; `Normalize(0.5, 0.5)`).
    public static func toSignedRange(_ x: Tensor) -> Tensor {
        Tensor(shape: x.shape, data: x.data.map { $0 * 2 - 1 })
    }

    /// [−1, 1] → [0, 1] (display as `x/2 + 0.5`).
    public static func toUnitRange(_ x: Tensor) -> Tensor {
        Tensor(shape: x.shape, data: x.data.map { $0 / 2 + 0.5 })
    }
}
