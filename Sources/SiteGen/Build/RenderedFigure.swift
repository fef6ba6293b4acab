import Plotting

/// A figure's files drawn from its data: the PNG always, and the file the page shows instead when the recipe
/// makes one (an animation's GIF, a diagram's SVG). The build and `verify` draw through this one value, so they
/// write and compare the same files.
struct RenderedFigure {
    struct Shown {
        var format: FigureFormat
        var bytes: [UInt8]
    }

    var png: [UInt8]
    var shown: Shown?

    init(_ recipe: any FigureRecipe, _ data: FigureData) throws {
        png = try PNG.encode(try recipe.draw(data))
        if let animation = try recipe.animate(data) {
            shown = Shown(format: .gif, bytes: try GIF.encode(animation))
        } else if let svg = try recipe.vector(data) {
            shown = Shown(format: .svg, bytes: svg)
        } else {
            shown = nil
        }
    }

    /// The format the page shows.
    var format: FigureFormat { shown?.format ?? .png }
}
