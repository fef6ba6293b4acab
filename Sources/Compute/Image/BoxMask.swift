extension ImageOps {
    /// A `[1,1,H,W]` inpainting mask: 1 inside rows × cols (the region to regenerate), 0 elsewhere, like the course's
    /// `mask[:, :, 2:20, 24:42] = 1`. Broadcasts over batch and channels in `inpaint`.
    public static func boxMask(height: Int, width: Int, rows: Range<Int>, cols: Range<Int>) throws -> Tensor {
        guard height > 0, width > 0, rows.lowerBound >= 0, rows.upperBound <= height,
              cols.lowerBound >= 0, cols.upperBound <= width else {
            throw ImageError.invalidParameter("mask box rows \(rows), cols \(cols) must lie inside \(height)x\(width)")
        }
        var data = [Float](repeating: 0, count: height * width)
        for r in rows { for c in cols { data[r * width + c] = 1 } }
        return Tensor(shape: [1, 1, height, width], data: data)
    }
}
