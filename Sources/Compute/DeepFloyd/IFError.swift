/// Why a DeepFloyd IF snapshot could not be loaded or run. Every case names the file, key or tensor at fault and
/// what was expected, so a user with a multi-gigabyte snapshot can fix it without a debugger.
public enum IFError: Error, CustomStringConvertible, Equatable {
    case missingFile(path: String, what: String)
    case invalidConfig(file: String, reason: String)
    case missingConfigKey(file: String, key: String)
    case unsupportedConfig(file: String, key: String, value: String, supported: String)
    case invalidIndex(file: String, reason: String)
    case missingTensor(name: String, source: String)
    case wrongShape(name: String, source: String, expected: [Int], actual: [Int])
    case badInput(what: String, reason: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missingFile(path, what):
            return "\(path): no such file (\(what))"
        case let .invalidConfig(file, reason):
            return "\(file): invalid UNet config: \(reason)"
        case let .missingConfigKey(file, key):
            return "\(file): missing required key '\(key)'"
        case let .unsupportedConfig(file, key, value, supported):
            return "\(file): '\(key)' = \(value) is not supported (supported: \(supported))"
        case let .invalidIndex(file, reason):
            return "\(file): invalid shard index: \(reason)"
        case let .missingTensor(name, source):
            return "\(source): missing tensor '\(name)' that the UNet config requires"
        case let .wrongShape(name, source, expected, actual):
            return "\(source): tensor '\(name)' has shape \(actual), the UNet config implies \(expected)"
        case let .badInput(what, reason):
            return "\(what): \(reason)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        }
    }
}
