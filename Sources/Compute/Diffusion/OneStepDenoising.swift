extension Denoiser {
    /// Part A 1.3: estimate ε at t once and invert the forward process, x̂₀ = (x_t − √(1−ᾱ_t) ε̂)/√ᾱ_t.
    /// (For the optimal ε this is the posterior mean E[x₀ | x_t], hence the blur at high t.)
    public func oneStepDenoise(_ xt: Tensor, t: Int, guidance: Guidance) throws -> Tensor {
        let n = try BatchMath.batchSize(xt)
        let eps = try epsilon(xt, t: t, guidance: guidance).epsilon
        return try schedule.estimateX0(xt, timesteps: Array(repeating: t, count: n), epsilon: eps)
    }
}
