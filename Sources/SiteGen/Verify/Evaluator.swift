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

    /// `models` (default all three) limits the evaluation to those generative models, training only what they need.
    public func evaluate(models: [ModelKind]? = nil) throws -> [(String, String)] {
        var recipe = EvaluationFigure(profile: options.profile)
        if let models {
            recipe.models = EvaluationFigure.allModels.filter(models.contains)
        }
        let cache = FigureCache(directory: options.cacheDirectory)
        if case .hit(let data) = cache.load(recipe) { return recipe.rows(data) }
        let context = FigureContext(profile: options.profile, log: console.write, loadMNIST: loadMNIST,
                                    models: ModelStore(profile: options.profile, runsDirectory: options.runsDirectory,
                                                       console: console, mnist: loadMNIST))
        let data = try recipe.compute(context)
        try cache.store(recipe, data)
        return recipe.rows(data)
    }
}
