/// A few Float buffers handed from one layer's weights to the next, so widening a 100 MB conv weight writes into
/// memory already mapped instead of page-faulting fresh pages every layer (a whole model's worth per forward).
final class IFBufferPool {
    private var free: [[Float]] = []
    private let keep = 2

    /// Small tensors come from the ordinary heap, which already reuses memory.
    private let smallest = 1 << 18

    /// The smallest free buffer holding `count` floats (contents garbage), or an empty array.
    func take(atLeast count: Int) -> [Float] {
        guard count >= smallest else { return [] }
        let fitting = free.indices.filter { free[$0].capacity >= count }
        guard let i = fitting.min(by: { free[$0].capacity < free[$1].capacity }) else { return [] }
        return free.remove(at: i)
    }

    func give(_ buffer: [Float]) {
        guard buffer.capacity >= smallest else { return }
        free.append(buffer)
        if free.count > keep, let i = free.indices.min(by: { free[$0].capacity < free[$1].capacity }) {
            free.remove(at: i)
        }
    }
}
