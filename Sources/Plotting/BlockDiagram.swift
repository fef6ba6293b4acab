import Foundation

/// Boxes on a grid joined by arrows: the architecture figures. Knows nothing of networks; the caller places
/// each block (column, row) and says which arrows are the main flow and which are skip connections.
public struct BlockDiagram {
    public struct Node: Sendable {
        public var title: String
        public var detail: String
        public var column: Int
        public var row: Int
        /// Drawn in the accent colour, with `note` beside it (where conditioning enters).
        public var highlighted: Bool
        public var note: String?

        public init(title: String, detail: String, column: Int, row: Int, highlighted: Bool = false, note: String? = nil) {
            self.title = title
            self.detail = detail
            self.column = column
            self.row = row
            self.highlighted = highlighted
            self.note = note
        }
    }

    public struct Edge: Sendable {
        public var from: Int
        public var to: Int
        /// A skip connection: dashed, labelled.
        public var skip: Bool
        public init(from: Int, to: Int, skip: Bool = false) {
            self.from = from
            self.to = to
            self.skip = skip
        }
    }

    public var title: String?
    public var nodes: [Node]
    public var edges: [Edge]
    public var boxWidth = 168.0, boxHeight = 50.0
    public var columnGap = 44.0, rowGap = 34.0
    public var fontSize = 13.0

    public init(title: String? = nil, nodes: [Node], edges: [Edge]) {
        self.title = title
        self.nodes = nodes
        self.edges = edges
    }

    static let accent = Color(hex: 0xC0392B)
    static let fill = Color(hex: 0xEEF3FA)
    static let skipColor = Color(hex: 0x1F4E96)

    var top: Double { 16 + (title == nil ? 0 : fontSize * 2.2) }

    func origin(_ node: Node) -> (x: Double, y: Double) {
        (16 + Double(node.column) * (boxWidth + columnGap), top + Double(node.row) * (boxHeight + rowGap))
    }

    /// Width and height in pixels (SVG units).
    public var size: (width: Int, height: Int) {
        let columns = (nodes.map(\.column).max() ?? 0) + 1, rows = (nodes.map(\.row).max() ?? 0) + 1
        let width = Int(32 + Double(columns) * boxWidth + Double(columns - 1) * columnGap)
        let notesBelowLastRow = nodes.contains { $0.row == rows - 1 && $0.note != nil }
        let height = Int(top + 16 + Double(rows) * boxHeight + Double(rows - 1) * rowGap + (notesBelowLastRow ? rowGap * 0.8 : 0))
        return (width, height)
    }

    /// The diagram as an image of `density` pixels per unit (see `Canvas`).
    public func render(density: Int = 1) -> PixelImage {
        let canvas = Canvas(width: size.width, height: size.height, density: density)
        draw(on: canvas)
        return canvas.image()
    }

    /// The same drawing as an SVG document (text as outlines), for zooming without limit.
    public func svg() throws -> [UInt8] {
        let canvas = Canvas(vectorWidth: size.width, height: size.height)
        draw(on: canvas)
        return try canvas.svg()
    }

    func draw(on canvas: Canvas) {
        let width = canvas.width
        if let title {
            canvas.text(title, x: Double(width) / 2, y: 16 + fontSize * 0.8, size: fontSize * 1.2, align: .center,
                        vertical: .middle, bold: true)
        }
        for edge in edges {
            let a = origin(nodes[edge.from]), b = origin(nodes[edge.to])
            canvas.arrow(from: anchor(a, toward: b), to: anchor(b, toward: a), color: edge.skip ? Self.skipColor : .text,
                         width: edge.skip ? 1.2 : 1.5, dashed: edge.skip)
        }
        for node in nodes {
            let (x, y) = origin(node)
            canvas.fillRect(x: x, y: y, width: boxWidth, height: boxHeight, color: node.highlighted ? Color(hex: 0xFBEAE8) : Self.fill)
            canvas.strokeRect(x: Canvas.crisp(x), y: Canvas.crisp(y), width: boxWidth, height: boxHeight,
                              color: node.highlighted ? Self.accent : .frame, lineWidth: node.highlighted ? 2 : 1)
            canvas.text(node.title, x: x + boxWidth / 2, y: y + boxHeight * 0.33, size: fontSize, align: .center,
                        vertical: .middle, bold: true)
            canvas.text(node.detail, x: x + boxWidth / 2, y: y + boxHeight * 0.7, size: fontSize * 0.9, align: .center,
                        vertical: .middle)
            if let note = node.note {
                canvas.text(note, x: x + boxWidth / 2, y: y + boxHeight + rowGap * 0.4, size: fontSize * 0.85,
                            color: Self.accent, align: .center, vertical: .middle)
            }
        }
    }

    /// Where an arrow leaves or enters a box: the middle of the side that faces the other box.
    func anchor(_ box: (x: Double, y: Double), toward other: (x: Double, y: Double)) -> (Double, Double) {
        let dx = other.x - box.x, dy = other.y - box.y
        if abs(dx) >= abs(dy) * (boxWidth / boxHeight) * 0.5, dx != 0 {
            return (dx > 0 ? box.x + boxWidth : box.x, box.y + boxHeight / 2)
        }
        return (box.x + boxWidth / 2, dy > 0 ? box.y + boxHeight : box.y)
    }
}
