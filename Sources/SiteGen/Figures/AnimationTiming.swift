import Foundation
import Plotting

/// How the site's animations play: each frame for `frameDelay`, the last one held for `holdDelay` so the result
/// can be looked at before the loop starts again, forever. Timing is drawing, not computation, so like a grid's
/// scale it is not in any cache key.
struct AnimationTiming: Sendable {
    /// Hundredths of a second (GIF's unit).
    var frameDelay = 10
    var holdDelay = 200

    func animation(_ frames: [PixelImage]) -> Animation {
        Animation(frames: frames, delays: Array(repeating: frameDelay, count: max(0, frames.count - 1)) + [holdDelay],
                  loopCount: 0)
    }

    /// "31 frames, 0.1 s each, the last one held for 2 s, looping"
    func describe(frames: Int) -> String {
        "\(frames) frames, \(Self.seconds(frameDelay)) s each, the last one held for \(Self.seconds(holdDelay)) s, looping"
    }

    private static func seconds(_ cs: Int) -> String {
        cs % 100 == 0 ? "\(cs / 100)" : String(format: "%.2g", Double(cs) / 100)
    }
}
