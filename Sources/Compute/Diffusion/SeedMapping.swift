/// The one place where the seed's numbers (DeepFloyd IF: T = 1000, 64×64 images) are translated to a model with
/// another T and image size (our digit UNet: T = 300, 28×28), so captions can print both.
///
/// - Timesteps scale by targetT/sourceT, rounded to nearest (halves up): 250/500/750 → 75/150/225, and
///   the strided list 990, 960, …, 0 → 297, 288, …, 0 (same 34 entries, so i_start keeps its meaning).
/// - Lengths scale by targetSize/sourceSize, rounded to nearest (halves away from zero).
/// - Blur kernel sizes scale the same way, then go to the nearest odd size, at least 3 (33 → 14.4 → 15).
/// - Boxes (inpainting masks) keep their centre and rounded size, clamped inside the image.
public struct SeedMapping: Equatable, Sendable {
    public var sourceT: Int
    public var sourceSize: Int
    public var targetT: Int
    public var targetSize: Int

    public init(sourceT: Int = 1000, sourceSize: Int = 64, targetT: Int, targetSize: Int) {
        self.sourceT = sourceT
        self.sourceSize = sourceSize
        self.targetT = targetT
        self.targetSize = targetSize
    }

    /// IF's own numbers: maps everything to itself.
    public static let identity = SeedMapping(targetT: 1000, targetSize: 64)
    /// Our digit model.
    public static let digits = SeedMapping(targetT: 300, targetSize: 28)

    /// The seed's strided timesteps: 990 down to 0 by 30 (Part A from 1.4 on).
    public static let seedStridedTimesteps: [Int] = Array(stride(from: 990, through: 0, by: -30))
    /// The seed's forward-process figure timesteps (Part A 1.2-1.4).
    public static let seedNoiseLevels: [Int] = [250, 500, 750]

    /// t → round(t · targetT/sourceT), at most targetT − 1 (999 would round to 300); −1 (the clean image) stays −1.
    public func timestep(_ t: Int) -> Int {
        t < 0 ? t : min(targetT - 1, (2 * t * targetT + sourceT) / (2 * sourceT))
    }

    public func timesteps(_ ts: [Int]) -> [Int] { ts.map(timestep) }

    /// `seedStridedTimesteps` mapped (297, 288, …, 0 for the digit model).
    public var stridedTimesteps: [Int] { timesteps(Self.seedStridedTimesteps) }

    public var scale: Double { Double(targetSize) / Double(sourceSize) }

    public func length(_ pixels: Int) -> Int {
        Int((Double(pixels) * scale).rounded(.toNearestOrAwayFromZero))
    }

    public func kernelSize(_ k: Int) -> Int {
        let scaled = Double(k) * scale
        let odd = 2 * Int(((scaled - 1) / 2).rounded(.toNearestOrAwayFromZero)) + 1
        return max(3, odd)
    }

    public func sigma(_ s: Double) -> Double { s * scale }

    public func blur(_ b: BlurParameters) -> BlurParameters {
        BlurParameters(kernelSize: kernelSize(b.kernelSize), sigma: sigma(b.sigma))
    }

    /// A half-open pixel range (a mask's rows or columns): centre scaled, size rounded (≥ 1), kept inside the image.
    /// The Campanile mask rows 2..<20, cols 24..<42 become rows 1..<9, cols 10..<18 at 28×28.
    public func range(_ r: Range<Int>) -> Range<Int> {
        let size = min(targetSize, max(1, length(r.count)))
        let centre = Double(r.lowerBound + r.upperBound) / 2 * scale
        let start = Int((centre - Double(size) / 2).rounded(.toNearestOrAwayFromZero))
        let clamped = min(max(0, start), targetSize - size)
        return clamped..<(clamped + size)
    }
}
