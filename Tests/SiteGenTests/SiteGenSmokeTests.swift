import Testing
@testable import SiteGen

@Test func SiteGenModuleLoads() { #expect(Bool(true)) }
