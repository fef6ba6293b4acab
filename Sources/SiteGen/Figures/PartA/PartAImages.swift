import Compute
import Plotting

/// Batch plumbing the Part A recipes share (Compute keeps its own internal; these are a few lines each).
enum Batch {
    /// Image `index` of an [N,C,H,W] tensor as [1,C,H,W].
    static func item(_ x: Tensor, _ index: Int) -> Tensor {
        let per = x.count / x.shape[0]
        return Tensor(shape: [1] + x.shape.dropFirst(), data: Array(x.data[(index * per)..<((index + 1) * per)]))
    }

    /// The first `n` images of an [N,C,H,W] tensor.
    static func first(_ x: Tensor, _ n: Int) -> Tensor {
        let per = x.count / max(x.shape[0], 1), m = min(n, x.shape[0])
        return Tensor(shape: [m] + x.shape.dropFirst(), data: Array(x.data[0..<(m * per)]))
    }

    /// Stacks batches with equal image shapes along N.
    static func concat(_ parts: [Tensor]) -> Tensor {
        precondition(!parts.isEmpty, "Batch.concat needs at least one tensor")
        let tail = Array(parts[0].shape.dropFirst())
        var data: [Float] = []
        for p in parts {
            precondition(Array(p.shape.dropFirst()) == tail, "Batch.concat: \(p.shape) vs \(parts[0].shape)")
            data += p.data
        }
        return Tensor(shape: [parts.reduce(0) { $0 + $1.shape[0] }] + tail, data: data)
    }

    /// `x` repeated `times` along N (the same start noise for guided and unguided runs).
    static func repeated(_ x: Tensor, times: Int) -> Tensor { concat(Array(repeating: x, count: times)) }

    /// Values as a 1-D tensor (labels, timesteps, PSNRs kept beside the images in the figure data).
    static func vector<T: BinaryInteger>(_ values: [T]) -> Tensor {
        Tensor(shape: [values.count], data: values.map { Float($0) })
    }

    static func vector(_ values: [Double]) -> Tensor { Tensor(shape: [values.count], data: values.map { Float($0) }) }

    /// Grey [N,1,H,W] images in the channel count a model expects (grey repeated for RGB models).
    static func channels(_ grey: Tensor, _ c: Int) -> Tensor {
        guard c != grey.shape[1], grey.shape[1] == 1 else { return grey }
        let (n, h, w) = (grey.shape[0], grey.shape[2], grey.shape[3])
        var data: [Float] = []
        for i in 0..<n {
            let plane = Array(grey.data[(i * h * w)..<((i + 1) * h * w)])
            for _ in 0..<c { data += plane }
        }
        return Tensor(shape: [n, c, h, w], data: data)
    }

    /// PSNR against `reference` per image, in dB (values in [0, 1], so the peak is 1; outputs are clamped first,
    /// as they are displayed).
    static func psnr(_ x: Tensor, _ reference: Tensor) throws -> [Double] {
        try (0..<x.shape[0]).map { i in
            try ImageOps.psnr(ImageOps.clamp(item(x, i)), item(reference, i.clamped(below: reference.shape[0])))
        }
    }
}

extension Int {
    /// `self` if a valid index below `n`, else the last one (a single reference image for a whole batch).
    func clamped(below n: Int) -> Int { Swift.min(self, n - 1) }
}

extension ImageCell {
    /// Image `index` of an [N,1|3,H,W] tensor.
    init(batch tensor: Tensor, index: Int) {
        let c = tensor.shape[1], h = tensor.shape[2], w = tensor.shape[3]
        let start = index * c * h * w
        self.init(width: w, height: h, channels: c, values: Array(tensor.data[start..<start + c * h * w]))
    }
}

extension Batch {
    /// Images start..<start+count of an [N,…] tensor.
    static func slice(_ x: Tensor, _ start: Int, _ count: Int) -> Tensor {
        let per = x.count / x.shape[0]
        return Tensor(shape: [count] + x.shape.dropFirst(), data: Array(x.data[(start * per)..<((start + count) * per)]))
    }
}
