/// A training checkpoint: the model's state dict at `path` (loadable by PyTorch's `load_state_dict`), and the
/// optimizer state beside it at `<path without .safetensors>.optim.safetensors`. Each file is written atomically;
/// the model file is written last, so a model file never points at an older optimizer file.
public enum Checkpoint {
    public static func optimizerPath(for path: String) -> String {
        let base = path.hasSuffix(".safetensors") ? String(path.dropLast(".safetensors".count)) : path
        return base + ".optim.safetensors"
    }

    /// `metadata` (e.g. epoch, seed, config hash) goes into the model file's `__metadata__`.
    public static func save(model: Module, optimizer: Adam? = nil, scheduler: ExponentialLR? = nil,
                            metadata: [String: String] = [:], to path: String) throws {
        if let optimizer {
            var meta = optimizer.stateMetadata()
            if let scheduler { meta["scheduler_epoch"] = String(scheduler.epoch) }
            try SafeTensors.write(optimizer.stateTensors(), metadata: meta, to: optimizerPath(for: path))
        }
        try model.saveStateDict(to: path, metadata: metadata)
    }

    /// Loads the model state; also the optimizer (and scheduler position) if given. Returns the model file's metadata.
    @discardableResult
    public static func load(into model: Module, optimizer: Adam? = nil, scheduler: ExponentialLR? = nil,
                            from path: String) throws -> [String: String] {
        let file = try SafeTensors.read(path: path)
        if let optimizer {
            let state = try SafeTensors.read(path: optimizerPath(for: path))
            try optimizer.loadState(state)
            if let scheduler {
                guard let text = state.metadata["scheduler_epoch"], let epoch = Int(text) else {
                    throw StateDictError(source: state.source, problem: "metadata 'scheduler_epoch' missing")
                }
                scheduler.restore(epoch: epoch)
            }
        }
        try model.loadStateDict(file.tensors, source: path)
        return file.metadata
    }
}
