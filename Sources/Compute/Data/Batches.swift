/// Cuts an index order (e.g. an epoch's `Philox.epochPermutation`) into consecutive batches.
/// The last, shorter batch is kept unless `dropLast`: training usually drops it so every step sees the
/// same batch size; evaluation keeps it so every item is seen once.
public func batches(of order: [Int], size: Int, dropLast: Bool = false) -> [[Int]] {
    precondition(size > 0, "batches: size must be positive, got \(size)")
    return stride(from: 0, to: order.count, by: size).compactMap { start in
        let end = min(start + size, order.count)
        return dropLast && end - start < size ? nil : Array(order[start..<end])
    }
}
