import Plotting

/// The "web image" of SDEdit: a digit typeset in DejaVu Sans Bold, coloured on a pale background and wider than
/// tall, like a graphic from a web page. It goes through the same crop/resize/grey/invert path as a user's PNG,
/// so it is out of the model's distribution in shape, stroke and polarity.
struct WebDigit: Sendable {
    var text = "4"
    var width = 160
    var height = 120
    var fontSize: Double = 96
    var ink = Color(hex: 0x14213D)
    var paper = Color(hex: 0xF4EFE3)

    var parameters: [String: String] {
        ["web_text": text, "web_font": "\(Canvas.fontFamily) Bold \(fontSize) px",
         "web_canvas": "\(width)x\(height)", "web_colours": "ink #14213D on #F4EFE3"]
    }

    func render() -> PixelImage {
        let canvas = Canvas(width: width, height: height, background: paper)
        canvas.text(text, x: Double(width) / 2, y: Double(height) / 2, size: fontSize, color: ink,
                    align: .center, vertical: .middle, bold: true)
        return canvas.image()
    }
}
