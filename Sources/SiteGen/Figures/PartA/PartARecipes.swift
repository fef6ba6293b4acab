/// The figures of Part A, each run on `model` through the `Denoiser` the build's `FigureContext` provides.
enum PartARecipes {
    static func all(model: PartAModel) -> [any FigureRecipe] {
        []
    }
}
