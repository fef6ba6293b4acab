/// An uninitialised Float buffer for the life of one op; avoids the zero-fill of `[Float]`.
struct Scratch {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    init(_ count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
    }
    func free() { pointer.deallocate() }
}

/// Runs `body` with an uninitialised scratch buffer of `count` floats.
@inline(__always)
func withScratch<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
    let s = Scratch(count)
    defer { s.free() }
    return body(s.pointer)
}
