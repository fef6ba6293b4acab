/// An opaque 8-bit colour; plots are for screens, so nothing finer is needed.
public struct Color: Equatable, Hashable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(UInt8((hex >> 16) & 0xFF), UInt8((hex >> 8) & 0xFF), UInt8(hex & 0xFF))
    }

    public static let white = Color(255, 255, 255)
    public static let black = Color(0, 0, 0)
    /// Text and axes: near-black reads softer than pure black next to images.
    public static let text = Color(hex: 0x222222)
    public static let grid = Color(hex: 0xE6E6E6)
    public static let frame = Color(hex: 0x888888)
}

/// Series colours, in the order series get them (matplotlib's "tab10", familiar to anyone reading loss curves).
public enum Colors {
    public static let palette: [Color] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD,
        0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    ].map { Color(hex: $0) }

    /// The colour of series `index`, cycling when there are more series than colours.
    public static func series(_ index: Int) -> Color {
        palette[((index % palette.count) + palette.count) % palette.count]
    }
}
