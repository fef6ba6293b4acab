import Testing
@testable import Plotting

@Test func PlottingModuleLoads() { #expect(Bool(true)) }
