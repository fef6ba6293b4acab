/// Why the T5 text encoder or its tokenizer could not be loaded: each case names the file or tensor at fault and
/// what was expected. (Missing files, shard indexes and I/O reuse `IFError`, whose cases are not UNet-specific.)
public enum T5Error: Error, CustomStringConvertible, Equatable {
    case badTokenizer(file: String, reason: String)
    case invalidConfig(file: String, reason: String)
    case unsupportedConfig(file: String, key: String, value: String, supported: String)
    case missingTensor(name: String, source: String, config: String)
    case wrongShape(name: String, source: String, expected: [Int], actual: [Int], config: String)

    public var description: String {
        switch self {
        case let .badTokenizer(file, reason):
            return "\(file): \(reason)"
        case let .invalidConfig(file, reason):
            return "\(file): invalid T5 encoder config: \(reason)"
        case let .unsupportedConfig(file, key, value, supported):
            return "\(file): '\(key)' = \(value) is not supported (supported: \(supported))"
        case let .missingTensor(name, source, config):
            return "\(source): missing tensor '\(name)' that \(config) requires"
        case let .wrongShape(name, source, expected, actual, config):
            return "\(source): tensor '\(name)' has shape \(actual), \(config) implies \(expected)"
        }
    }
}
