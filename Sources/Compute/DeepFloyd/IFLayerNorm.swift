/// `torch.nn.LayerNorm` over the last dimension (affine), statistics in Double.
enum IFLayerNorm {
    static func forward(_ x: Tensor, eps: Float = 1e-5, weight: Tensor, bias: Tensor) -> Tensor {
        let d = x.shape[x.shape.count - 1], rows = x.count / d
        precondition(weight.count == d && bias.count == d, "IFLayerNorm: width \(d), weight \(weight.shape)")
        var y = Tensor(uninitialized: x.shape)
        x.withPointer { xp in weight.withPointer { wp in bias.withPointer { bp in y.withMutablePointer { yp in
            parallelRanges(rows, costPerItem: d * 4) { range in
                for r in range {
                    let row = xp + r * d, out = yp + r * d
                    var sum = 0.0
                    for i in 0..<d { sum += Double(row[i]) }
                    let mean = sum / Double(d)
                    var sq = 0.0
                    for i in 0..<d { let v = Double(row[i]) - mean; sq += v * v }
                    let inv = Float(1 / (sq / Double(d) + Double(eps)).squareRoot()), m = Float(mean)
                    for i in 0..<d { out[i] = (row[i] - m) * inv * wp[i] + bp[i] }
                }
            }
        }}}}
        return y
    }
}
