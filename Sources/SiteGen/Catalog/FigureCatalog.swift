/// Every figure the site can show, by id. Content places figures by these ids.
public struct FigureCatalog: Sendable {
    public var recipes: [any FigureRecipe]

    public init(recipes: [any FigureRecipe]) {
        self.recipes = recipes.sorted { $0.id < $1.id }
    }

    /// The project's figures: Part B's from `models` (the profile decides their training settings, so it is part
    /// of each recipe and of its cache key), Part A's on `partA`, the build's backend. `contentDirectory` holds the pictures some Part A figures read.
    static func standard(models: ModelSet, contentDirectory: String = "content",
                         partA: any PartABackend) -> FigureCatalog {
        FigureCatalog(recipes: [NoisingGrid()] + PartBRecipes.all(models: models)
            + PartARecipes.all(backend: partA, contentDirectory: contentDirectory))
    }

    /// The catalog of a build: its models and its Part A backend.
    public static func standard(models: ModelSet, contentDirectory: String = "content",
                                backend: PartABackendChoice) throws -> FigureCatalog {
        standard(models: models, contentDirectory: contentDirectory,
                 partA: try backend.partA(models: models, contentDirectory: contentDirectory))
    }

    /// The catalog of `profile` with every model trained in the run store.
    public static func standard(profile: Profile, contentDirectory: String = "content",
                                backend: PartABackendChoice = .digits) throws -> FigureCatalog {
        try standard(models: .trained(profile), contentDirectory: contentDirectory, backend: backend)
    }

    public func recipe(_ id: String) -> (any FigureRecipe)? {
        recipes.first { $0.id == id }
    }

    public var ids: [String] { recipes.map(\.id) }
}
