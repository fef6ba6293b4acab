/// Every figure the site can show, by id. Content places figures by these ids.
public struct FigureCatalog: Sendable {
    public var recipes: [any FigureRecipe]

    public init(recipes: [any FigureRecipe]) {
        self.recipes = recipes.sorted { $0.id < $1.id }
    }

    public static let standard = FigureCatalog(recipes: [
        NoisingGrid(),
    ])

    public func recipe(_ id: String) -> (any FigureRecipe)? {
        recipes.first { $0.id == id }
    }

    public var ids: [String] { recipes.map(\.id) }
}
