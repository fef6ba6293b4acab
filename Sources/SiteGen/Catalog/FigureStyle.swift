/// How the site's figures are drawn, the same for every figure so the page can size them all one way.
public enum FigureStyle {
    /// Image pixels per CSS pixel: figures are drawn at twice the size they are shown, so their labels stay sharp on
    /// high-density screens and when zoomed; the page sets each image's size to its pixel size over this.
    public static let density = 2
}

/// The kind of file a page shows for a figure.
public enum FigureFormat: String, Sendable, Equatable {
    /// A still image: every figure has one.
    case png
    /// An animation, which plays in any browser without JavaScript; its PNG shows the frames as one still.
    case gif
    /// A diagram that scales without limit; its PNG is the same drawing in pixels.
    case svg
}
