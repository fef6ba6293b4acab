import Foundation

/// A line chart of one or more series (loss histories, metrics per step), optionally with a log y axis.
///
/// Points whose x or y is not finite (or whose y is not positive on a log axis) are left out and break the
/// line, so one NaN loss does not hide a whole curve. Long series are thinned per pixel column, keeping
/// each column's first, lowest, highest and last point, which draws the same band as all points would.
public struct LinePlot {
    public struct Series: Sendable {
        public var name: String?
        public var xs: [Double]
        public var ys: [Double]
        /// Overrides the palette colour the series would get from its position.
        public var color: Color?

        public init(name: String? = nil, xs: [Double], ys: [Double], color: Color? = nil) {
            precondition(xs.count == ys.count, "Series '\(name ?? "")' has \(xs.count) xs but \(ys.count) ys")
            self.name = name
            self.xs = xs
            self.ys = ys
            self.color = color
        }

        /// y against its index 0, 1, 2, ... (a history per step).
        public init(name: String? = nil, ys: [Double], color: Color? = nil) {
            self.init(name: name, xs: ys.indices.map(Double.init), ys: ys, color: color)
        }
    }

    /// A vertical line at `x` across the plot, labelled at its top (an epoch boundary on a loss curve).
    public struct Mark: Sendable {
        public var x: Double
        public var label: String
        public init(x: Double, label: String) {
            self.x = x
            self.label = label
        }
    }

    /// The plot-area corner the legend sits in; pick the one the curves leave empty.
    public enum LegendPosition: Sendable { case topRight, topLeft, bottomRight, bottomLeft }

    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var logY: Bool
    public var series: [Series]
    public var width: Int
    public var height: Int
    public var lineWidth: Double
    public var fontSize: Double
    public var legendPosition: LegendPosition
    public var marks: [Mark] = []

    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, logY: Bool = false,
                series: [Series], width: Int = 800, height: Int = 500, lineWidth: Double = 2,
                fontSize: Double = 13, legendPosition: LegendPosition = .topRight) {
        precondition(width >= 200 && height >= 150, "LinePlot needs at least 200x150 pixels, got \(width)x\(height)")
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
        self.series = series
        self.width = width
        self.height = height
        self.lineWidth = lineWidth
        self.fontSize = fontSize
        self.legendPosition = legendPosition
    }

    /// The colour series `index` is drawn in.
    public func color(ofSeries index: Int) -> Color { series[index].color ?? Colors.series(index) }

    /// A legend is drawn when it can tell curves apart or name the only one.
    public var showsLegend: Bool { series.count > 1 || series.contains { $0.name != nil } }

    /// The plot area, the data ranges it shows and the ticks; maps data to pixels.
    public struct Layout: Sendable {
        /// The plot area in pixels (the frame is drawn on its edge).
        public var plotX: Double, plotY: Double, plotWidth: Double, plotHeight: Double
        public var xRange: (Double, Double)
        public var yRange: (Double, Double)
        public var logY: Bool
        public var xTicks: [Double]
        public var yTicks: [Double]
        public var yMinorTicks: [Double]

        public func pixelX(_ x: Double) -> Double {
            plotX + (x - xRange.0) / (xRange.1 - xRange.0) * plotWidth
        }

        /// nil where y cannot be shown (not finite, or not positive on a log axis).
        public func pixelY(_ y: Double) -> Double? {
            guard y.isFinite else { return nil }
            let t: Double
            if logY {
                guard y > 0 else { return nil }
                t = (log10(y) - log10(yRange.0)) / (log10(yRange.1) - log10(yRange.0))
            } else {
                t = (y - yRange.0) / (yRange.1 - yRange.0)
            }
            return plotY + plotHeight - t * plotHeight
        }
    }

    static let tickLength = 5.0
    static let margin = 12.0

    public func layout() -> Layout { layout(measurer: Canvas(width: 1, height: 1)) }

    func layout(measurer: Canvas) -> Layout {
        let band = (fontSize * 1.5).rounded(.up)
        let (xData, yData) = dataRanges()

        let top = Self.margin + (title == nil ? 0 : (fontSize * 1.3 * 1.5).rounded(.up))
        let bottom = Self.margin + Self.tickLength + band + (xLabel == nil ? 0 : band)
        let plotHeight = Double(height) - top - bottom

        // y ticks: as many as fit with a text line of room between labels.
        var yRange = yData, yTicks: [Double] = [], yMinor: [Double] = []
        if logY {
            let lo = log10(yData.0), hi = log10(yData.1)
            let pad = (hi - lo) * 0.05
            yRange = (pow(10, lo - pad), pow(10, hi + pad))
            let fit = max(2, Int(plotHeight / (band * 1.6)))
            yTicks = Ticks.log(yRange.0, yRange.1, maxTicks: fit)
            let pixelsPerDecade = plotHeight / max(log10(yRange.1) - log10(yRange.0), 1e-9)
            yMinor = Ticks.logMinor(yRange.0, yRange.1, majors: yTicks, multiples: pixelsPerDecade >= 40)
        } else {
            var target = 6
            repeat {
                yRange = Ticks.niceRange(yData.0, yData.1, target: target)
                yTicks = Ticks.linear(yRange.0, yRange.1, target: target)
                target -= 1
            } while target > 2 && Double(yTicks.count) * band * 1.6 > plotHeight
        }
        let yLabels = logY ? yTicks.map(Ticks.logLabel) : Ticks.linearLabels(yTicks)
        let yLabelWidth = yLabels.map { measurer.textWidth($0, size: fontSize) }.max() ?? 0

        let left = (Self.margin + (yLabel == nil ? 0 : band) + yLabelWidth + Self.tickLength + 4).rounded(.up)
        var right = (Self.margin * 2).rounded(.up)
        var plotWidth = Double(width) - left - right

        // x ticks: as many as fit with labels at least 2 text heights apart.
        var xTicks: [Double] = []
        var target = 8
        let integral = series.allSatisfy { $0.xs.allSatisfy { !$0.isFinite || $0 == $0.rounded() } }
        repeat {
            xTicks = Ticks.linear(xData.0, xData.1, target: target, minStep: integral ? 1 : 0)
            let labels = Ticks.linearLabels(xTicks)
            let widest = labels.map { measurer.textWidth($0, size: fontSize) }.max() ?? 0
            let spacing = xTicks.count > 1 ? plotWidth / (xData.1 - xData.0) * abs(xTicks[1] - xTicks[0]) : plotWidth
            if spacing >= widest + 2 * band { break }
            target -= 1
        } while target >= 2
        // The last x label is centred on its tick; if that sits near the right edge, make room for its half.
        if let last = xTicks.last, let label = Ticks.linearLabels(xTicks).last {
            let overhang = measurer.textWidth(label, size: fontSize) / 2
                - (xData.1 - last) / (xData.1 - xData.0) * plotWidth
            let needed = (overhang + Self.margin / 2).rounded(.up)
            if needed > right {
                right = needed
                plotWidth = Double(width) - left - right
            }
        }

        return Layout(plotX: left, plotY: top, plotWidth: plotWidth, plotHeight: plotHeight,
                      xRange: xData, yRange: yRange, logY: logY, xTicks: xTicks, yTicks: yTicks, yMinorTicks: yMinor)
    }

    /// The drawable points' bounding box, widened when it is degenerate (one point, a constant series).
    func dataRanges() -> ((Double, Double), (Double, Double)) {
        var x0 = Double.infinity, x1 = -Double.infinity, y0 = Double.infinity, y1 = -Double.infinity
        for s in series {
            for (x, y) in zip(s.xs, s.ys) where x.isFinite && y.isFinite && (!logY || y > 0) {
                x0 = min(x0, x); x1 = max(x1, x)
                y0 = min(y0, y); y1 = max(y1, y)
            }
        }
        if x0 > x1 { (x0, x1) = (0, 1) }
        if y0 > y1 { (y0, y1) = logY ? (0.1, 1) : (0, 1) }
        if x0 == x1 { (x0, x1) = (x0 - 1, x1 + 1) }
        if y0 == y1 {
            if logY {
                (y0, y1) = (y0 / 2, y1 * 2)
            } else {
                let d = y0 == 0 ? 1 : abs(y0) * 0.1
                (y0, y1) = (y0 - d, y1 + d)
            }
        }
        return ((x0, x1), (y0, y1))
    }

    /// The plot as an image of `density` pixels per unit of `width` and `height` (see `Canvas`).
    public func render(density: Int = 1) -> PixelImage {
        let canvas = Canvas(width: width, height: height, background: .white, density: density)
        let l = layout(measurer: canvas)
        let band = (fontSize * 1.5).rounded(.up)
        let crisp = Canvas.crisp
        let left = l.plotX, top = l.plotY, right = l.plotX + l.plotWidth, bottom = l.plotY + l.plotHeight

        // Grid first so data and frame draw over it.
        for t in l.yTicks {
            if let y = l.pixelY(t) { canvas.line(from: (left, crisp(y)), to: (right, crisp(y)), color: .grid) }
        }
        for t in l.xTicks {
            let x = crisp(l.pixelX(t))
            canvas.line(from: (x, top), to: (x, bottom), color: .grid)
        }

        canvas.clip(x: left, y: top, width: l.plotWidth, height: l.plotHeight)
        for (index, s) in series.enumerated() {
            let points = zip(s.xs, s.ys).map { x, y -> (Double, Double)? in
                guard x.isFinite, let py = l.pixelY(y) else { return nil }
                return (l.pixelX(x), py)
            }
            canvas.polyline(Self.thinned(points), color: color(ofSeries: index), width: lineWidth)
        }
        // Labels sit beside their line (left of it when there is room), low in the plot where loss curves have
        // flattened out; a label that would overlap an earlier one moves up a row.
        var rows: [[ClosedRange<Double>]] = []
        for mark in marks where mark.x >= l.xRange.0 && mark.x <= l.xRange.1 {
            let x = crisp(l.pixelX(mark.x))
            canvas.line(from: (x, top), to: (x, bottom), color: .frame, width: 1)
            let size = fontSize * 0.85
            let width = canvas.textWidth(mark.label, size: size)
            let fitsLeft = x - 4 - width >= left + 2
            let span = fitsLeft ? (x - 4 - width)...(x - 4) : (x + 4)...(x + 4 + width)
            let row = rows.firstIndex { $0.allSatisfy { !$0.overlaps(span.lowerBound - 6...span.upperBound + 6) } } ?? rows.count
            if row == rows.count { rows.append([]) }
            rows[row].append(span)
            canvas.text(mark.label, x: fitsLeft ? x - 4 : x + 4, y: bottom - band * (0.8 + Double(row)), size: size,
                        align: fitsLeft ? .right : .left, vertical: .middle)
        }
        canvas.resetClip()

        // Frame, ticks and their labels.
        canvas.strokeRect(x: crisp(left), y: crisp(top), width: (right - left).rounded(), height: (bottom - top).rounded(),
                          color: .text)
        let yLabels = logY ? l.yTicks.map(Ticks.logLabel) : Ticks.linearLabels(l.yTicks)
        for (t, label) in zip(l.yTicks, yLabels) {
            guard let y = l.pixelY(t) else { continue }
            canvas.line(from: (left - Self.tickLength, crisp(y)), to: (left, crisp(y)), color: .text)
            canvas.text(label, x: left - Self.tickLength - 3, y: y, size: fontSize, align: .right, vertical: .middle)
        }
        for t in l.yMinorTicks {
            guard let y = l.pixelY(t) else { continue }
            canvas.line(from: (left - Self.tickLength / 2, crisp(y)), to: (left, crisp(y)), color: .text)
        }
        for (t, label) in zip(l.xTicks, Ticks.linearLabels(l.xTicks)) {
            let x = crisp(l.pixelX(t))
            canvas.line(from: (x, bottom), to: (x, bottom + Self.tickLength), color: .text)
            canvas.text(label, x: x, y: bottom + Self.tickLength + band / 2, size: fontSize,
                        align: .center, vertical: .middle)
        }

        if let title {
            canvas.text(title, x: left + l.plotWidth / 2, y: top / 2,
                        size: fontSize * 1.3, align: .center, vertical: .middle, bold: true)
        }
        if let xLabel {
            canvas.text(xLabel, x: left + l.plotWidth / 2, y: bottom + Self.tickLength + band * 1.5,
                        size: fontSize, align: .center, vertical: .middle)
        }
        if let yLabel {
            canvas.text(yLabel, x: Self.margin + band / 2, y: top + l.plotHeight / 2, size: fontSize,
                        align: .center, vertical: .middle, rotated: true)
        }
        if showsLegend { drawLegend(on: canvas, layout: l) }
        return canvas.image()
    }

    /// Names in a framed box in one corner of the plot, each after a short stroke of its colour.
    private func drawLegend(on canvas: Canvas, layout l: Layout) {
        let names = series.indices.map { series[$0].name ?? "series \($0 + 1)" }
        let row = (fontSize * 1.5).rounded(.up)
        let swatch = 24.0, gap = 6.0, inset = 8.0
        let textWidth = names.map { canvas.textWidth($0, size: fontSize) }.max() ?? 0
        let boxWidth = (inset + swatch + gap + textWidth + inset).rounded(.up)
        let boxHeight = (inset + row * Double(names.count) + inset).rounded(.up)
        let inside = 10.0
        let onRight = legendPosition == .topRight || legendPosition == .bottomRight
        let onTop = legendPosition == .topRight || legendPosition == .topLeft
        let x = (onRight ? l.plotX + l.plotWidth - inside - boxWidth : l.plotX + inside).rounded()
        let y = (onTop ? l.plotY + inside : l.plotY + l.plotHeight - inside - boxHeight).rounded()
        canvas.fillRect(x: x, y: y, width: boxWidth, height: boxHeight, color: .white)
        canvas.strokeRect(x: x + 0.5, y: y + 0.5, width: boxWidth - 1, height: boxHeight - 1, color: .frame)
        for (i, name) in names.enumerated() {
            let cy = y + inset + row * (Double(i) + 0.5)
            canvas.line(from: (x + inset, cy), to: (x + inset + swatch, cy), color: color(ofSeries: i), width: max(lineWidth, 2))
            canvas.text(name, x: x + inset + swatch + gap, y: cy, size: fontSize, vertical: .middle)
        }
    }

    /// Keeps, per run of consecutive points in one pixel column, the first, lowest, highest and last
    /// point in their original order; short series pass through untouched.
    static func thinned(_ points: [(Double, Double)?]) -> [(Double, Double)?] {
        guard points.count > 4000 else { return points }
        var out: [(Double, Double)?] = []
        out.reserveCapacity(4000)
        var run: [Int] = []   // indices into points of the current column's run
        var column = Int.min
        func flush() {
            guard let first = run.first, let last = run.last else { return }
            var lo = first, hi = first
            for i in run {
                if let p = points[i], let pl = points[lo], let ph = points[hi] {
                    if p.1 < pl.1 { lo = i }
                    if p.1 > ph.1 { hi = i }
                }
            }
            for i in Array(Set([first, lo, hi, last])).sorted() { out.append(points[i]) }
            run.removeAll(keepingCapacity: true)
        }
        for (i, point) in points.enumerated() {
            guard let p = point else {
                flush()
                out.append(nil)
                column = Int.min
                continue
            }
            let c = Int(p.0.rounded(.down))
            if c != column {
                flush()
                column = c
            }
            run.append(i)
        }
        flush()
        return out
    }
}
