import Compute

/// The models a profile's figures are drawn from, each resolved to a `ModelRef`: the denoiser after epochs 1
/// and 5, the DDPMs after their early and final epochs, the classifier after its last. Resolved once, before any
/// figure is computed, so a missing published model is reported with all the others at the start of a build.
public struct ModelSet: Sendable, Equatable {
    public var profile: Profile
    public private(set) var refs: [ModelRef]

    /// (kind, epoch) of every model the standard figures read, in training order.
    public static func needed(_ profile: Profile) -> [(kind: ModelKind, epoch: Int)] {
        [ModelKind.classConditioned, .classifier, .time, .denoiser].flatMap { kind -> [(kind: ModelKind, epoch: Int)] in
            let epochs = profile.figureEpochs(for: kind)
            return Array(Set([epochs.early, epochs.final])).sorted().map { (kind, $0) }
        }
    }

    /// Every model trained in the run store.
    public static func trained(_ profile: Profile) -> ModelSet {
        ModelSet(profile: profile, refs: needed(profile).map {
            ModelRef(config: profile.config(for: $0.kind), epoch: $0.epoch, origin: .trained)
        })
    }

    init(profile: Profile, refs: [ModelRef]) {
        self.profile = profile
        self.refs = refs
    }

    /// The model of `kind` after `epoch`; a figure asking for a model outside the set is a programming error
    /// caught by the catalog tests, reported here rather than trapping.
    public func ref(_ kind: ModelKind, epoch: Int) throws -> ModelRef {
        guard let ref = refs.first(where: { $0.kind == kind && $0.epoch == epoch }) else {
            throw FigureError(figure: "-", "no \(kind.rawValue) model after epoch \(epoch) in the \(profile.rawValue) profile's set "
                + "(it has \(refs.map { "\($0.kind.rawValue)@\($0.epoch)" }.joined(separator: ", ")))")
        }
        return ref
    }

    public func early(_ kind: ModelKind) -> ModelRef { (try? ref(kind, epoch: profile.figureEpochs(for: kind).early))! }
    public func final(_ kind: ModelKind) -> ModelRef { (try? ref(kind, epoch: profile.figureEpochs(for: kind).final))! }
}
