/// Bad input to a diffusion technique. Each case names the value at fault and what was expected, so a
/// caption/config mistake surfaces as a readable message rather than a crash deep in a sampling loop.
public enum DiffusionError: Error, Equatable, CustomStringConvertible {
    case invalidSchedule(String)
    case timestepOutOfRange(t: Int, T: Int)
    case timestepsNotDecreasing([Int])
    case startIndexOutOfRange(iStart: Int, count: Int)
    case batchMismatch(what: String, expected: Int, got: Int)
    case shapeMismatch(what: String, expected: [Int], got: [Int])
    case notAnImageBatch(shape: [Int])
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .invalidSchedule(let why):
            return "NoiseSchedule: \(why)"
        case .timestepOutOfRange(let t, let T):
            return "timestep \(t) is outside -1..<\(T) (0-based index into alphaBar; -1 = clean image)"
        case .timestepsNotDecreasing(let ts):
            return "timesteps must be strictly decreasing, got \(ts.prefix(8))\(ts.count > 8 ? "..." : "")"
        case .startIndexOutOfRange(let iStart, let count):
            return "i_start \(iStart) is outside 0..<\(count) (number of timesteps)"
        case .batchMismatch(let what, let expected, let got):
            return "\(what): expected \(expected) entries (one per batch sample), got \(got)"
        case .shapeMismatch(let what, let expected, let got):
            return "\(what): expected shape \(expected), got \(got)"
        case .notAnImageBatch(let shape):
            return "expected an NCHW image batch [N,C,H,W], got shape \(shape)"
        case .invalidParameter(let why):
            return why
        }
    }
}
