/// The element types we read (F32, F16, BF16, I64 widen to Float) and write (F32, and I64 for integer
/// buffers such as BatchNorm's `num_batches_tracked`, which PyTorch's `load_state_dict(strict=True)` expects as int64).
public enum SafeTensorsDType: String, Sendable, CaseIterable {
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"
    case i64 = "I64"

    public var byteSize: Int {
        switch self {
        case .f32: return 4
        case .f16, .bf16: return 2
        case .i64: return 8
        }
    }
}

/// IEEE half -> Float by bit manipulation, so it does not depend on the platform's `Float16` availability.
/// Branch-free so loops over fp16 weights vectorise: the 15 magnitude bits shifted into place and scaled by
/// 2^112 rebias the exponent (subnormals included, exactly); Inf/NaN get the all-ones exponent.
@inlinable
func floatFromHalfBits(_ h: UInt16) -> Float {
    let magnitude = UInt32(h & 0x7FFF) << 13
    let scaled = (Float(bitPattern: magnitude) * 0x1p112).bitPattern
    let special = magnitude >= 0x0F80_0000 ? (magnitude | 0x7F80_0000) : scaled
    return Float(bitPattern: special | (UInt32(h & 0x8000) << 16))
}
