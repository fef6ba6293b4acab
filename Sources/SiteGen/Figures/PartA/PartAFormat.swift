import Compute
import Foundation

/// Short number formats for captions and grid labels.
enum PartAFormat {
    static func list(_ values: [Int]) -> String { values.map(String.init).joined(separator: ", ") }
    static func psnr(_ db: Float) -> String { db.isInfinite ? "∞ dB" : String(format: "%.1f dB", Double(db)) }
    static func sigma(_ s: Double) -> String { String(format: "%.2f", s) }
    static func gamma(_ g: Float) -> String { g == g.rounded() ? String(Int(g)) : String(format: "%.2f", Double(g)) }
}

/// A seeded standard-normal `NoiseSource` on one named Philox stream: every draw continues where the last stopped,
/// so one figure's noise is a pure function of (seed, stream name, order of draws).
final class SeededNoise {
    private var stream: RandomStream
    let name: String

    init(seed: UInt64, name: String) {
        self.name = name
        stream = RandomStream(seed: seed, streamNamed: name)
    }

    func draw(_ shape: [Int]) -> Tensor { stream.normalTensor(shape: shape) }
}
