/// Saving and restoring Adam's moments so that a resumed run takes exactly the steps an uninterrupted one would.
/// Layout: tensors `exp_avg.<param>` and `exp_avg_sq.<param>`; metadata `step`, `lr` (exact decimal of the
/// Double), `beta1`, `beta2`, `eps`.
extension Adam {
    public func stateTensors() -> [(name: String, tensor: Tensor)] {
        parameters.indices.flatMap { i in
            [("exp_avg." + parameters[i].name, expAvg[i]), ("exp_avg_sq." + parameters[i].name, expAvgSq[i])]
        }
    }

    public func stateMetadata() -> [String: String] {
        ["step": String(step), "lr": "\(lr)", "beta1": "\(beta1)", "beta2": "\(beta2)", "eps": "\(eps)"]
    }

    /// Restores moments, step and lr; every parameter must have both moments with its shape.
    public func loadState(_ file: SafeTensorsFile) throws {
        func fail(_ problem: String) -> StateDictError { StateDictError(source: file.source, problem: problem) }
        guard let stepText = file.metadata["step"], let savedStep = Int(stepText), savedStep >= 0 else {
            throw fail("optimizer metadata 'step' is missing or not a non-negative integer")
        }
        guard let lrText = file.metadata["lr"], let savedLR = Double(lrText) else {
            throw fail("optimizer metadata 'lr' is missing or not a number")
        }
        var m: [Tensor] = [], v: [Tensor] = []
        for (name, p) in parameters {
            for (prefix, list) in [("exp_avg.", 0), ("exp_avg_sq.", 1)] {
                guard let t = file[prefix + name] else { throw fail("missing optimizer tensor '\(prefix + name)'") }
                guard t.shape == p.value.shape else {
                    throw fail("'\(prefix + name)' has shape \(t.shape), the parameter has \(p.value.shape)")
                }
                if list == 0 { m.append(t) } else { v.append(t) }
            }
        }
        let known = Set(parameters.flatMap { ["exp_avg." + $0.name, "exp_avg_sq." + $0.name] })
        if let extra = file.names.first(where: { !known.contains($0) }) {
            throw fail("unexpected optimizer tensor '\(extra)'")
        }
        expAvg = m
        expAvgSq = v
        step = savedStep
        lr = savedLR
    }
}
