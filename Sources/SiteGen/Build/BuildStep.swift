/// An error tagged with the build step that failed (as in Publish), e.g. `[load content] content/x.md:3: ...`.
public struct BuildError: Error, CustomStringConvertible {
    public var step: String
    public var underlying: any Error

    public var description: String { "[\(step)] \(underlying)" }
}

/// Runs one named step of the build, tagging any error with the step's name.
func step<T>(_ name: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as BuildError {
        throw error
    } catch {
        throw BuildError(step: name, underlying: error)
    }
}
