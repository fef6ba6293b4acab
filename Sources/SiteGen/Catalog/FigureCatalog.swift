/// Every figure the site can show, by id. Content places figures by these ids.
public struct FigureCatalog: Sendable {
    public var recipes: [any FigureRecipe]

    public init(recipes: [any FigureRecipe]) {
        self.recipes = recipes.sorted { $0.id < $1.id }
    }

    /// The project's figures for a profile: the profile decides the training settings of the models the figures
    /// are computed from, so it is part of each recipe (and of its cache key).
    /// `contentDirectory` holds the pictures and drawings some Part A figures read. With `deepfloyd` Part A runs
    /// on that IF snapshot with the seed's parameters instead of the digit model.
    public static func standard(models: ModelSet, contentDirectory: String = "content",
                                deepfloyd: DeepFloydOptions? = nil) -> FigureCatalog {
        let partA = deepfloyd.map { IFPartARecipes.all(options: $0, contentDirectory: contentDirectory) }
            ?? PartARecipes.all(model: PartAModel(models.final(.classConditioned)), contentDirectory: contentDirectory)
        return FigureCatalog(recipes: [NoisingGrid()] + PartBRecipes.all(models: models) + partA)
    }

    /// The catalog of `profile` with every model trained in the run store.
    public static func standard(profile: Profile, contentDirectory: String = "content",
                                deepfloyd: DeepFloydOptions? = nil) -> FigureCatalog {
        standard(models: .trained(profile), contentDirectory: contentDirectory, deepfloyd: deepfloyd)
    }

    public func recipe(_ id: String) -> (any FigureRecipe)? {
        recipes.first { $0.id == id }
    }

    public var ids: [String] { recipes.map(\.id) }
}
