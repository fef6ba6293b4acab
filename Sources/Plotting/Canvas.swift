import CCairo

/// A white-backed RGB drawing surface over a Cairo image surface.
///
/// Everything that could make output depend on the machine's desktop settings is pinned: the font is
/// "DejaVu Sans" chosen by name, glyphs are grey-antialiased, unhinted, with unhinted metrics, so the same
/// calls give the same pixels on every run. Coordinates are pixels, origin top-left, y down; a 1-pixel
/// line is crisp when its centre sits on a half pixel (use `crisp`).
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

    public let width: Int
    public let height: Int
    private let surface: OpaquePointer
    private let cr: OpaquePointer

    public static let fontFamily = "DejaVu Sans"

    public init(width: Int, height: Int, background: Color = .white) {
        precondition(width > 0 && height > 0, "Canvas must not be empty, got \(width)x\(height)")
        self.width = width
        self.height = height
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        cr = cairo_create(surface)
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

    /// Draws `cell` with its top-left at pixel (x, y), each source pixel becoming a `scale` x `scale` block
    /// of one colour (nearest neighbour: small digits must stay crisp, not blurred). Parts outside the
    /// canvas are cut off.
    public func draw(_ cell: ImageCell, x: Int, y: Int, scale: Int = 1) {
        precondition(scale >= 1, "scale must be at least 1, got \(scale)")
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let x0 = max(x, 0), x1 = min(x + cell.width * scale, width)
        let y0 = max(y, 0), y1 = min(y + cell.height * scale, height)
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

    /// The canvas as 3-channel RGB.
    public func image() -> PixelImage {
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
