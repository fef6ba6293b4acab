import CCairo

/// A white-backed RGB drawing surface over a Cairo image surface, or over a Cairo SVG surface (`vector`).
///
/// Everything that could make output depend on the machine's desktop settings is pinned: the font is
/// "DejaVu Sans" chosen by name, glyphs are grey-antialiased, unhinted, with unhinted metrics, so the same
/// calls give the same pixels on every run. Coordinates are pixels, origin top-left, y down; a 1-pixel
/// line is crisp when its centre sits on a half pixel (use `crisp`).
///
/// `density` is image pixels per coordinate unit: a canvas of 300 × 200 at density 2 is a 600 × 400 image of
/// the same drawing, so a figure drawn at 2 and shown at 300 × 200 CSS pixels stays sharp on a high-density
/// screen. Callers draw in units and never see the density, except that an `ImageCell` pixel becomes a
/// `scale · density` square. Unhinted text and half-unit crisp lines look the same at every density.
public final class Canvas {
    public enum HorizontalAlignment: Sendable { case left, center, right }
    public enum VerticalAlignment: Sendable {
        /// `y` is the text baseline.
        case baseline
        /// `y` is the middle between the font's ascent and descent.
        case middle
        /// `y` is the top of the font's ascent.
        case top
    }

    /// Size in coordinate units.
    public let width: Int
    public let height: Int
    /// Image pixels per unit (1 for a vector canvas, whose units are the SVG's pixels).
    public let density: Int
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    /// Where a vector canvas's SVG bytes arrive; nil for a raster canvas.
    private let svgSink: SVGSink?

    public static let fontFamily = "DejaVu Sans"

    public init(width: Int, height: Int, background: Color = .white, density: Int = 1) {
        precondition(width > 0 && height > 0, "Canvas must not be empty, got \(width)x\(height)")
        precondition(density >= 1, "Canvas density must be at least 1, got \(density)")
        self.width = width
        self.height = height
        self.density = density
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width * density), Int32(height * density))
        cr = cairo_create(surface)
        svgSink = nil
        cairo_scale(cr, Double(density), Double(density))
        configure(background: background)
    }

    /// A canvas that records an SVG document of `width` × `height` pixels instead of an image; `svg()` ends
    /// it. Text becomes outlines of DejaVu Sans, so the file shows the same on machines without that font.
    public init(vectorWidth width: Int, height: Int, background: Color = .white) {
        precondition(width > 0 && height > 0, "Canvas must not be empty, got \(width)x\(height)")
        self.width = width
        self.height = height
        density = 1
        let sink = SVGSink()
        svgSink = sink
        surface = cairo_svg_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<SVGSink>.fromOpaque(closure).takeUnretainedValue().bytes
                .append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque(), Double(width), Double(height))
        cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX)
        cr = cairo_create(surface)
        configure(background: background)
    }

    private func configure(background: Color) {
        let options = cairo_font_options_create()
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
        fill(background)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Rounds to the nearest half pixel, where a 1-pixel line covers exactly one pixel row or column.
    public static func crisp(_ v: Double) -> Double { (v - 0.5).rounded() + 0.5 }

    // MARK: Shapes

    public func fill(_ color: Color) {
        setColor(color)
        cairo_paint(cr)
    }

    public func fillRect(x: Double, y: Double, width: Double, height: Double, color: Color) {
        setColor(color)
        cairo_rectangle(cr, x, y, width, height)
        cairo_fill(cr)
    }

    public func strokeRect(x: Double, y: Double, width: Double, height: Double, color: Color, lineWidth: Double = 1) {
        setColor(color)
        cairo_set_line_width(cr, lineWidth)
        cairo_rectangle(cr, x, y, width, height)
        cairo_stroke(cr)
    }

    public func line(from a: (Double, Double), to b: (Double, Double), color: Color, width: Double = 1) {
        setColor(color)
        cairo_set_line_width(cr, width)
        cairo_move_to(cr, a.0, a.1)
        cairo_line_to(cr, b.0, b.1)
        cairo_stroke(cr)
    }

    /// A line ending in a filled arrowhead at `b`; `dashed` for links that are not the main flow.
    public func arrow(from a: (Double, Double), to b: (Double, Double), color: Color, width: Double = 1.5,
                      dashed: Bool = false, head: Double = 8) {
        let dx = b.0 - a.0, dy = b.1 - a.1, length = max((dx * dx + dy * dy).squareRoot(), 1e-9)
        let ux = dx / length, uy = dy / length
        let base = (b.0 - ux * head, b.1 - uy * head)
        setColor(color)
        cairo_set_line_width(cr, width)
        if dashed {
            let pattern: [Double] = [5, 4]
            cairo_set_dash(cr, pattern, 2, 0)
        }
        cairo_move_to(cr, a.0, a.1)
        cairo_line_to(cr, base.0, base.1)
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
        cairo_move_to(cr, b.0, b.1)
        cairo_line_to(cr, base.0 - uy * head * 0.45, base.1 + ux * head * 0.45)
        cairo_line_to(cr, base.0 + uy * head * 0.45, base.1 - ux * head * 0.45)
        cairo_close_path(cr)
        cairo_fill(cr)
    }

    /// Strokes connected runs of points; a `nil` point breaks the line (a gap for a missing value).
    public func polyline(_ points: [(Double, Double)?], color: Color, width: Double = 1) {
        setColor(color)
        cairo_set_line_width(cr, width)
        var penDown = false
        for point in points {
            guard let (x, y) = point else {
                penDown = false
                continue
            }
            if penDown {
                cairo_line_to(cr, x, y)
            } else {
                cairo_move_to(cr, x, y)
                // A zero-length segment makes a lone point visible with round caps; harmless otherwise.
                cairo_line_to(cr, x, y)
                penDown = true
            }
        }
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        cairo_stroke(cr)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
    }

    /// Restricts drawing to a rectangle until `resetClip`, e.g. to keep series inside the plot area.
    public func clip(x: Double, y: Double, width: Double, height: Double) {
        cairo_reset_clip(cr)
        cairo_rectangle(cr, x, y, width, height)
        cairo_clip(cr)
    }

    public func resetClip() { cairo_reset_clip(cr) }

    // MARK: Text

    /// Width in pixels of `text` at `size` (its advance, so right/centre alignment lines up).
    public func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        selectFont(size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    /// Ascent and descent in pixels at `size` (font-wide, not per string, so rows of labels align).
    public func fontMetrics(size: Double, bold: Bool = false) -> (ascent: Double, descent: Double) {
        selectFont(size: size, bold: bold)
        var extents = cairo_font_extents_t()
        cairo_font_extents(cr, &extents)
        return (extents.ascent, extents.descent)
    }

    /// Draws one line of text anchored at (x, y). `rotated` turns it a quarter counter-clockwise about the
    /// anchor (for a y-axis label); alignment then applies along the rotated text.
    public func text(_ text: String, x: Double, y: Double, size: Double, color: Color = .text,
                     align: HorizontalAlignment = .left, vertical: VerticalAlignment = .baseline,
                     bold: Bool = false, rotated: Bool = false) {
        guard !text.isEmpty else { return }
        let advance = textWidth(text, size: size, bold: bold)
        let (ascent, descent) = fontMetrics(size: size, bold: bold)
        let dx: Double
        switch align {
        case .left: dx = 0
        case .center: dx = -advance / 2
        case .right: dx = -advance
        }
        let dy: Double
        switch vertical {
        case .baseline: dy = 0
        case .middle: dy = (ascent - descent) / 2
        case .top: dy = ascent
        }
        cairo_save(cr)
        cairo_translate(cr, x, y)
        if rotated { cairo_rotate(cr, -Double.pi / 2) }
        setColor(color)
        cairo_move_to(cr, dx, dy)
        cairo_show_text(cr, text)
        cairo_new_path(cr)
        cairo_restore(cr)
    }

    // MARK: Images

    /// Draws `cell` with its top-left at (x, y), each source pixel becoming a `scale` x `scale` square of one
    /// colour (nearest neighbour: small digits must stay crisp, not blurred). Parts outside the canvas are cut
    /// off. A raster canvas writes the pixels directly, so a cell's pixels are exact at every density.
    public func draw(_ cell: ImageCell, x: Int, y: Int, scale: Int = 1) {
        precondition(scale >= 1, "scale must be at least 1, got \(scale)")
        guard svgSink == nil else { return drawVector(cell, x: x, y: y, scale: scale) }
        blit(cell, x: x * density, y: y * density, scale: scale * density)
    }

    /// Places an image that is already at this canvas's density (one of its pixels per canvas pixel, e.g. a
    /// grid rendered with the same `density`) with its top-left at (x, y) units.
    public func drawPixels(_ image: PixelImage, x: Int, y: Int) {
        precondition(svgSink == nil, "drawPixels needs a raster canvas")
        blit(ImageCell(image), x: x * density, y: y * density, scale: 1)
    }

    /// Writes `cell` into the image surface at pixel (x, y), each cell pixel a `scale`-pixel square.
    private func blit(_ cell: ImageCell, x: Int, y: Int, scale: Int) {
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let x0 = max(x, 0), x1 = min(x + cell.width * scale, pixelWidth)
        let y0 = max(y, 0), y1 = min(y + cell.height * scale, pixelHeight)
        guard x0 < x1, y0 < y1 else { return }
        for py in y0..<y1 {
            let row = UnsafeMutableRawPointer(data + py * stride).assumingMemoryBound(to: UInt32.self)
            let sy = (py - y) / scale
            for px in x0..<x1 {
                let (r, g, b) = cell.rgb(x: (px - x) / scale, y: sy)
                // RGB24 stores one native-endian 32-bit word per pixel, 0x00RRGGBB.
                row[px] = UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
            }
        }
        cairo_surface_mark_dirty(surface)
    }

    /// The cell as an embedded image, scaled without smoothing.
    private func drawVector(_ cell: ImageCell, x: Int, y: Int, scale: Int) {
        let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(cell.width), Int32(cell.height))!
        defer { cairo_surface_destroy(image) }
        let stride = Int(cairo_image_surface_get_stride(image))
        if let data = cairo_image_surface_get_data(image) {
            for sy in 0..<cell.height {
                let row = UnsafeMutableRawPointer(data + sy * stride).assumingMemoryBound(to: UInt32.self)
                for sx in 0..<cell.width {
                    let (r, g, b) = cell.rgb(x: sx, y: sy)
                    row[sx] = UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
                }
            }
            cairo_surface_mark_dirty(image)
        }
        cairo_save(cr)
        cairo_translate(cr, Double(x), Double(y))
        cairo_scale(cr, Double(scale), Double(scale))
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_rectangle(cr, 0, 0, Double(cell.width), Double(cell.height))
        cairo_fill(cr)
        cairo_restore(cr)
    }

    /// Size of `image()` in pixels.
    public var pixelWidth: Int { width * density }
    public var pixelHeight: Int { height * density }

    /// The canvas as 3-channel RGB, `pixelWidth` × `pixelHeight`.
    public func image() -> PixelImage {
        precondition(svgSink == nil, "a vector canvas has no pixels; call svg()")
        let width = pixelWidth, height = pixelHeight
        cairo_surface_flush(surface)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        guard let data = cairo_image_surface_get_data(surface) else {
            return PixelImage(width: width, height: height, channels: 3, pixels: pixels)
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        pixels.withUnsafeMutableBufferPointer { out in
            for y in 0..<height {
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<width {
                    let word = row[x]
                    let o = (y * width + x) * 3
                    out[o] = UInt8((word >> 16) & 0xFF)
                    out[o + 1] = UInt8((word >> 8) & 0xFF)
                    out[o + 2] = UInt8(word & 0xFF)
                }
            }
        }
        return PixelImage(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// Ends a vector canvas's document and returns its SVG bytes; the canvas takes no more drawing.
    public func svg() throws -> [UInt8] {
        guard let svgSink else { preconditionFailure("svg() needs a canvas made with init(vectorWidth:height:)") }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlottingError.svgEncode(message: String(cString: cairo_status_to_string(status)))
        }
        return Self.renumberingCairoIDs(svgSink.bytes)
    }

    /// Cairo names an SVG's surfaces and embedded images from a process-wide counter (`surface6` in the second
    /// document a process writes), so the same drawing would give other bytes; renumbering them in order of first
    /// appearance makes the document depend only on the drawing.
    static func renumberingCairoIDs(_ svg: [UInt8]) -> [UInt8] {
        let text = String(decoding: svg, as: UTF8.self)
        var numbers: [String: Int] = [:], counts: [String: Int] = [:]
        let renumbered = text.replacing(#/(id="|#)(surface|image)([0-9]+)(?=["\)])/#) { match -> String in
            let kind = String(match.output.2), key = kind + match.output.3
            if numbers[key] == nil {
                counts[kind, default: 0] += 1
                numbers[key] = counts[kind]
            }
            return "\(match.output.1)\(kind)\(numbers[key]!)"
        }
        return Array(renumbered.utf8)
    }

    // MARK: Private

    private func setColor(_ c: Color) {
        cairo_set_source_rgb(cr, Double(c.r) / 255, Double(c.g) / 255, Double(c.b) / 255)
    }

    private func selectFont(size: Double, bold: Bool) {
        cairo_select_font_face(cr, Canvas.fontFamily, CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }
}

/// Collects what Cairo's SVG surface writes.
private final class SVGSink {
    var bytes: [UInt8] = []
}
