/// Timestep lists for the sampling loops. All are strictly decreasing, 0-based (see `NoiseSchedule`).
public enum Timesteps {
    /// Part A's `strided_timesteps`: start, start − stride, …, down to the last value ≥ 0
    /// (990 by 30 → 34 entries ending at 0; 297 by 9 for the digit model).
    public static func strided(start: Int, stride: Int) throws -> [Int] {
        guard start >= 0, stride > 0 else {
            throw DiffusionError.invalidParameter("strided timesteps need start >= 0 and stride > 0, got \(start), \(stride)")
        }
        return Array(Swift.stride(from: start, through: 0, by: -stride))
    }

    /// Algorithm B.2's loop over all T steps: T−1, …, 0, then −1 (the clean image), so the last step is 0 → −1.
    public static func ddpm(T: Int) -> [Int] {
        Array(Swift.stride(from: T - 1, through: -1, by: -1))
    }

    static func validate(_ ts: [Int], schedule: NoiseSchedule) throws {
        for t in ts { try schedule.checkTimestep(t) }
        for i in ts.indices.dropFirst() where ts[i] >= ts[i - 1] {
            throw DiffusionError.timestepsNotDecreasing(ts)
        }
    }
}
