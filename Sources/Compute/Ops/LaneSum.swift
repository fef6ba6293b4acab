import CKernels

/// sum of term(q) for q in 0..<count with eight independent accumulators combined in a fixed tree.
/// A plain `s += ...` loop is one serial chain of float adds (the compiler may not reorder it), ~8x
/// slower; this order is fixed, so results stay deterministic.
@inline(__always)
func laneSum(_ count: Int, _ term: (Int) -> Float) -> Float {
    var a0: Float = 0, a1: Float = 0, a2: Float = 0, a3: Float = 0
    var a4: Float = 0, a5: Float = 0, a6: Float = 0, a7: Float = 0
    var q = 0
    while q + 8 <= count {
        a0 += term(q); a1 += term(q + 1); a2 += term(q + 2); a3 += term(q + 3)
        a4 += term(q + 4); a5 += term(q + 5); a6 += term(q + 6); a7 += term(q + 7)
        q += 8
    }
    var s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
    while q < count { s += term(q); q += 1 }
    return s
}

/// laneSum of p[0 ..< count], with the same bits, on AVX2 where the CPU has it (BatchNormSweeps.c).
func laneSum(_ p: UnsafePointer<Float>, count: Int) -> Float {
    var sum: Float = 0
    if sitegen_bn_statistic_sum(p, count, 0, 0, &sum) == 1 { return sum }
    return laneSum(count) { p[$0] }
}
