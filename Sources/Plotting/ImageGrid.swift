/// A figure of model images in rows and columns (samples per step, per class, per noise level...), with
/// optional titles, drawn on white with nearest-neighbour upscaling so small images stay sharp.
///
/// Layout rule, all in pixels, with p = `padding`, s = `scale`, T = `textBand` = ceil(1.5 x `fontSize`):
/// - column j is as wide as its widest cell x s, or its column title or widest caption if those are wider;
///   row i is as tall as its tallest cell x s. A column or row with no cells takes the largest cell size.
/// - bands: title ceil(1.5 x `titleFontSize`) if `title` is set; column titles T if `columnTitles` is set;
///   captions T under every row if `captions` is set; row titles (`rowTitleWidth`, else the widest
///   row title measured) + p if `rowTitles` is set; otherwise 0.
/// - width  = p + rowTitleBand + sum(columnWidths) + (columns - 1) p + p
/// - height = p + titleBand + columnTitleBand + sum(rowHeights + captionBand) + (rows - 1) p + p
/// - a cell is centred in its slot; the slot of (i, j) starts at x = p + rowTitleBand + sum_{k<j}(w_k + p),
///   y = p + titleBand + columnTitleBand + sum_{k<i}(h_k + captionBand + p).
/// `layout()` computes all of this, so callers never need to redo the arithmetic.
public struct ImageGrid {
    public var rows: [[ImageCell?]]
    /// One per row, drawn left of the row, vertically centred.
    public var rowTitles: [String]?
    /// One per column, drawn above the first row.
    public var columnTitles: [String]?
    /// Same shape as `rows`; drawn centred under each cell.
    public var captions: [[String?]]?
    public var title: String?
    /// Each image pixel becomes a scale x scale block.
    public var scale: Int
    public var padding: Int
    public var fontSize: Double
    /// Fixes the row-title band's width instead of measuring the titles.
    public var rowTitleWidth: Int?

    public init(rows: [[ImageCell?]], rowTitles: [String]? = nil, columnTitles: [String]? = nil,
                captions: [[String?]]? = nil, title: String? = nil, scale: Int = 3, padding: Int = 8,
                fontSize: Double = 14, rowTitleWidth: Int? = nil) {
        precondition(scale >= 1, "ImageGrid scale must be at least 1, got \(scale)")
        precondition(padding >= 0, "ImageGrid padding must not be negative, got \(padding)")
        self.rows = rows
        self.rowTitles = rowTitles
        self.columnTitles = columnTitles
        self.captions = captions
        self.title = title
        self.scale = scale
        self.padding = padding
        self.fontSize = fontSize
        self.rowTitleWidth = rowTitleWidth
    }

    public var titleFontSize: Double { fontSize * 1.25 }
    public var textBand: Int { Int((fontSize * 1.5).rounded(.up)) }

    /// Where everything goes; see the type's documentation for the rule.
    public struct Layout: Equatable, Sendable {
        public var width: Int
        public var height: Int
        public var titleBand: Int
        public var columnTitleBand: Int
        public var captionBand: Int
        public var rowTitleBand: Int
        public var columnX: [Int]
        public var columnWidths: [Int]
        public var rowY: [Int]
        public var rowHeights: [Int]
        /// Top-left corner and size of the cell at (row, column) after centring; nil where there is no cell.
        public var cells: [[CellRect?]]
    }

    public struct CellRect: Equatable, Sendable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
    }

    public var columnCount: Int { max(rows.map(\.count).max() ?? 0, columnTitles?.count ?? 0) }

    public func layout() -> Layout {
        let measurer = Canvas(width: 1, height: 1)
        func measure(_ s: String?, size: Double) -> Int {
            guard let s, !s.isEmpty else { return 0 }
            return Int(measurer.textWidth(s, size: size).rounded(.up))
        }
        let p = padding, s = scale
        let columns = columnCount
        let allCells = rows.flatMap { $0 }.compactMap { $0 }
        let defaultWidth = (allCells.map(\.width).max() ?? 1) * s
        let defaultHeight = (allCells.map(\.height).max() ?? 1) * s

        var columnWidths = [Int](repeating: 0, count: columns)
        for j in 0..<columns {
            let cellWidths = rows.compactMap { j < $0.count ? $0[j] : nil }.map { $0.width * s }
            var w = cellWidths.max() ?? defaultWidth
            w = max(w, measure(columnTitles.flatMap { j < $0.count ? $0[j] : nil }, size: fontSize))
            for row in captions ?? [] where j < row.count {
                w = max(w, measure(row[j], size: fontSize))
            }
            columnWidths[j] = w
        }
        let rowHeights = rows.map { row in row.compactMap { $0 }.map { $0.height * s }.max() ?? defaultHeight }

        let titleBand = title == nil ? 0 : Int((titleFontSize * 1.5).rounded(.up))
        let columnTitleBand = columnTitles == nil ? 0 : textBand
        let captionBand = captions == nil ? 0 : textBand
        let rowTitleBand: Int
        if let rowTitles {
            rowTitleBand = (rowTitleWidth ?? rowTitles.map { measure($0, size: fontSize) }.max() ?? 0) + p
        } else {
            rowTitleBand = 0
        }

        var columnX: [Int] = []
        var x = p + rowTitleBand
        for w in columnWidths {
            columnX.append(x)
            x += w + p
        }
        var rowY: [Int] = []
        var y = p + titleBand + columnTitleBand
        for h in rowHeights {
            rowY.append(y)
            y += h + captionBand + p
        }
        let width = p + rowTitleBand + columnWidths.reduce(0, +) + max(columns - 1, 0) * p + p
        let height = p + titleBand + columnTitleBand + rowHeights.reduce(0) { $0 + $1 + captionBand }
            + max(rows.count - 1, 0) * p + p

        let cells: [[CellRect?]] = rows.enumerated().map { i, row in
            row.enumerated().map { j, cell in
                cell.map { c in
                    CellRect(x: columnX[j] + (columnWidths[j] - c.width * s) / 2,
                             y: rowY[i] + (rowHeights[i] - c.height * s) / 2,
                             width: c.width * s, height: c.height * s)
                }
            }
        }
        return Layout(width: width, height: height, titleBand: titleBand, columnTitleBand: columnTitleBand,
                      captionBand: captionBand, rowTitleBand: rowTitleBand, columnX: columnX,
                      columnWidths: columnWidths, rowY: rowY, rowHeights: rowHeights, cells: cells)
    }

    /// The grid as an image of `density` pixels per layout unit (see `Canvas`).
    public func render(density: Int = 1) -> PixelImage {
        let l = layout()
        let canvas = Canvas(width: max(l.width, 1), height: max(l.height, 1), background: .white, density: density)
        let p = Double(padding)

        if let title {
            canvas.text(title, x: Double(l.width) / 2, y: p + Double(l.titleBand) / 2, size: titleFontSize,
                        align: .center, vertical: .middle, bold: true)
        }
        if let columnTitles {
            let y = p + Double(l.titleBand) + Double(l.columnTitleBand) / 2
            for (j, t) in columnTitles.enumerated() where j < l.columnX.count {
                canvas.text(t, x: Double(l.columnX[j]) + Double(l.columnWidths[j]) / 2, y: y, size: fontSize,
                            align: .center, vertical: .middle)
            }
        }
        for (i, row) in rows.enumerated() {
            if let rowTitles, i < rowTitles.count {
                canvas.text(rowTitles[i], x: p, y: Double(l.rowY[i]) + Double(l.rowHeights[i]) / 2,
                            size: fontSize, align: .left, vertical: .middle)
            }
            for (j, cell) in row.enumerated() {
                if let cell, let rect = l.cells[i][j] {
                    canvas.draw(cell, x: rect.x, y: rect.y, scale: scale)
                }
                if let captions, i < captions.count, j < captions[i].count, let caption = captions[i][j] {
                    let y = Double(l.rowY[i] + l.rowHeights[i]) + Double(l.captionBand) / 2
                    canvas.text(caption, x: Double(l.columnX[j]) + Double(l.columnWidths[j]) / 2, y: y,
                                size: fontSize, align: .center, vertical: .middle)
                }
            }
        }
        return canvas.image()
    }
}
