/// A decoded safetensors file: tensors in file (data offset) order, widened to Float, plus the string metadata.
public struct SafeTensorsFile: Sendable {
    public struct Entry: Sendable {
        public var name: String
        /// The dtype stored in the file (the tensor itself is always Float).
        public var dtype: SafeTensorsDType
        public var tensor: Tensor
    }

    /// Where the bytes came from, for error messages.
    public var source: String
    public var entries: [Entry]
    public var metadata: [String: String]

    public var tensors: [(name: String, tensor: Tensor)] { entries.map { ($0.name, $0.tensor) } }
    public var names: [String] { entries.map(\.name) }

    public subscript(name: String) -> Tensor? {
        entries.first { $0.name == name }?.tensor
    }

    /// Like the subscript, but a missing name is an error that names the file.
    public func tensor(_ name: String) throws -> Tensor {
        guard let t = self[name] else { throw SafeTensorsError.missingTensor(source: source, tensor: name) }
        return t
    }
}
