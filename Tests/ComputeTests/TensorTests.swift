import Testing
@testable import Compute

@Test func zerosHasTheShapesElementCount() {
    let t = Tensor(zeros: [2, 3, 4])
    #expect(t.count == 24)
    #expect(t.data.allSatisfy { $0 == 0 })
}
