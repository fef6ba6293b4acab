/// Why a state dict does not fit a model; names the file and the tensor.
public struct StateDictError: Error, CustomStringConvertible, Equatable {
    public var source: String
    public var problem: String
    public var description: String { "\(source): \(problem)" }
}

extension Module {
    /// Parameters and buffers under their PyTorch names (PyTorch's `state_dict()` keys).
    public func stateDict() -> [(name: String, tensor: Tensor)] {
        namedParameters().map { ($0.name, $0.parameter.value) } + namedBuffers().map { ($0.name, $0.buffer.value) }
    }

    /// Names to store as I64 (num_batches_tracked), so PyTorch reloads them with their original dtype.
    public func stateDictDTypes() -> [String: SafeTensorsDType] {
        Dictionary(uniqueKeysWithValues: namedBuffers().filter { $0.buffer.isInteger }.map { ($0.name, .i64) })
    }

    /// Copies tensors into parameters and buffers. Strict, like `load_state_dict(strict=True)`: every key must
    /// be present, none extra, shapes equal. Nothing is changed unless everything fits.
    public func loadStateDict(_ tensors: [(name: String, tensor: Tensor)], source: String) throws {
        var byName: [String: Tensor] = [:]
        for (name, tensor) in tensors { byName[name] = tensor }
        let params = namedParameters(), buffers = namedBuffers()
        let expected = params.map { ($0.name, $0.parameter.value.shape) } + buffers.map { ($0.name, $0.buffer.value.shape) }
        let missing = expected.map(\.0).filter { byName[$0] == nil }
        if !missing.isEmpty {
            throw StateDictError(source: source, problem: "missing keys: \(missing.joined(separator: ", "))")
        }
        let known = Set(expected.map(\.0))
        let unexpected = tensors.map(\.name).filter { !known.contains($0) }.sorted()
        if !unexpected.isEmpty {
            throw StateDictError(source: source, problem: "unexpected keys: \(unexpected.joined(separator: ", "))")
        }
        for (name, shape) in expected where byName[name]!.shape != shape {
            throw StateDictError(source: source, problem: "'\(name)' has shape \(byName[name]!.shape), the model expects \(shape)")
        }
        for (name, p) in params { p.value = byName[name]! }
        for (name, b) in buffers { b.value = byName[name]! }
    }

    public func saveStateDict(to path: String, metadata: [String: String] = [:]) throws {
        try SafeTensors.write(stateDict(), metadata: metadata, dtypes: stateDictDTypes(), to: path)
    }

    public func loadStateDict(from path: String) throws {
        let file = try SafeTensors.read(path: path)
        try loadStateDict(file.tensors, source: path)
    }
}
