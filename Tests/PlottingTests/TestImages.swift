@testable import Plotting

/// Deterministic "random-looking" bytes (a linear congruential generator), so failures reproduce.
func scrambledBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
}

func isDark(_ rgb: [UInt8]) -> Bool { rgb.allSatisfy { $0 < 128 } }

/// True when `rgb` is within `tolerance` of `color` in every channel.
func isClose(_ rgb: [UInt8], _ color: Color, tolerance: Int = 8) -> Bool {
    zip(rgb, [color.r, color.g, color.b]).allSatisfy { abs(Int($0) - Int($1)) <= tolerance }
}

func uniformCell(_ value: Float, width: Int = 4, height: Int = 4, channels: Int = 1) -> ImageCell {
    ImageCell(width: width, height: height, channels: channels,
              values: [Float](repeating: value, count: width * height * channels))
}

/// True when `color` appears within one pixel of `point` (an antialiased sloped line fully covers only
/// some of the pixels it passes through).
func hasColour(_ image: PixelImage, near point: (Int, Int), _ color: Color) -> Bool {
    for dy in -1...1 {
        for dx in -1...1 {
            let x = point.0 + dx, y = point.1 + dy
            if x >= 0, x < image.width, y >= 0, y < image.height, isClose(image.pixel(x: x, y: y), color) { return true }
        }
    }
    return false
}

/// Columns and rows that hold dark pixels, as (minX, maxX, minY, maxY).
func inkBox(_ image: PixelImage) -> (Int, Int, Int, Int)? {
    var box: (Int, Int, Int, Int)?
    for y in 0..<image.height {
        for x in 0..<image.width where isDark(image.pixel(x: x, y: y)) {
            box = box.map { (min($0.0, x), max($0.1, x), min($0.2, y), max($0.3, y)) } ?? (x, x, y, y)
        }
    }
    return box
}
