import Compute

/// `sitegen eval`: the evaluation figure's numbers, from the figure cache when the site was built with the
/// same models, otherwise computed (training what is missing).
public struct Evaluator {
    public var options: BuildOptions
    public var console: Console
    public var loadMNIST: () throws -> MNIST

    public init(options: BuildOptions, console: Console, loadMNIST: @escaping () throws -> MNIST) {
        self.options = options
        self.console = console
        self.loadMNIST = loadMNIST
    }

    /// `kinds` (default all four) limits the evaluation to those generative models, training only what they need.
    public func evaluate(models kinds: [ModelKind]? = nil) throws -> [(String, String)] {
        let store = try options.modelStore(console: console, mnist: loadMNIST)
        var recipe = EvaluationFigure(models: store.set)
        if let kinds {
            recipe.kinds = EvaluationFigure.allKinds.filter(kinds.contains)
        }
        try store.requireModels(of: [recipe])
        let cache = FigureCache(directory: options.cacheDirectory)
        if case .hit(let data) = cache.load(recipe) { return recipe.rows(data) }
        let context = FigureContext(profile: options.profile, log: console.write, loadMNIST: loadMNIST, models: store)
        let data = try recipe.compute(context)
        try cache.store(recipe, data)
        return recipe.rows(data)
    }
}
