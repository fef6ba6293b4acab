/// The one conversion between our 0-based timestep index and the UNet's scalar time input, shared by
/// training and sampling so the two can never disagree.
///
/// The course draws t from {1, …, T} and feeds t/T ∈ (0, 1]; its t is our index t + 1 (see `NoiseSchedule`),
/// so index t enters the network as (t + 1)/T: index T−1 (pure noise) is 1.0.
public enum DigitTime {
    public static func normalized(_ t: Int, T: Int) -> Float {
        Float(t + 1) / Float(T)
    }

    /// [N, 1] column of normalised times.
    public static func column(_ timesteps: [Int], T: Int) -> Tensor {
        Tensor(shape: [timesteps.count, 1], data: timesteps.map { normalized($0, T: T) })
    }

    /// [N, classes] one-hot rows; nil labels give the zero row (the unconditional branch).
    public static func oneHot(_ labels: [Int?], classes: Int = 10) -> Tensor {
        var c = Tensor(zeros: [labels.count, classes])
        for (i, label) in labels.enumerated() {
            if let label { c.data[i * classes + label] = 1 }
        }
        return c
    }
}
