import Foundation
import Testing
@testable import Compute

@Suite struct NoiseScheduleTests {
    @Test func linearScheduleHasPartBsEndpointsAndLength() throws {
        let s = try NoiseSchedule.linear(T: 300, betaStart: 1e-4, betaEnd: 0.02)
        #expect(s.T == 300)
        #expect(s.betas[0] == Float(1e-4))
        #expect(abs(s.betas[299] - 0.02) < 1e-9)
        #expect(abs(Double(s.alphas[150]) - (1 - Double(s.betas[150]))) < 1e-7)
    }

    @Test func linearAlphaBarIsTheProductOfAlphas() throws {
        let s = try NoiseSchedule.linear(T: 300)
        // Independently: exp(Σ log(1 − β_i)) with β_i evenly spaced.
        let logSum = (0..<300).reduce(0.0) { $0 + log(1 - (1e-4 + Double($1) * (0.02 - 1e-4) / 299)) }
        #expect(abs(s.alphaBarDouble[299] - exp(logSum)) < 1e-12)
        // Values printed by torch.cumprod(1 - torch.linspace(1e-4, 0.02, 300)) (float32).
        #expect(abs(s.alphaBar[74] - 0.8248815536) < 2e-6)
        #expect(abs(s.alphaBar[149] - 0.4670546651) < 2e-6)
        #expect(abs(s.alphaBar[299] - 0.0480584279) < 2e-6)
    }

    @Test func cosineScheduleMatchesTheDiffusersFormula() throws {
        let s = try NoiseSchedule.squaredCosCapV2(T: 1000)
        func f(_ t: Double) -> Double { pow(cos((t + 0.008) / 1.008 * Double.pi / 2), 2) }
        for i in [0, 1, 250, 500, 998] {
            let expected = min(1 - f(Double(i + 1) / 1000) / f(Double(i) / 1000), 0.999)
            #expect(abs(Double(s.betas[i]) - expected) < 1e-7 * max(1, expected * 1e3), "beta[\(i)]")
        }
        #expect(s.betas[999] == Float(0.999))   // capped
        // ᾱ printed by torch for IF's scheduler values (float32 cumprod of the same betas).
        let reference: [(Int, Float)] = [(0, 0.9999586940), (250, 0.8458880186), (500, 0.4922850430),
                                         (750, 0.1431786567), (990, 0.0001967173)]
        for (t, value) in reference {
            #expect(abs(s.alphaBar[t] - value) < 2e-6, "alphaBar[\(t)]")
        }
    }

    @Test func theStepBeforeZeroIsTheCleanImage() throws {
        let s = try NoiseSchedule.linear(T: 300)
        #expect(try s.alphaBar(at: -1) == 1)
        #expect(try s.alphaBar(at: 0) == s.alphaBarDouble[0])
        #expect(throws: DiffusionError.timestepOutOfRange(t: 300, T: 300)) { try s.alphaBar(at: 300) }
        #expect(throws: DiffusionError.timestepOutOfRange(t: -2, T: 300)) { try s.alphaBar(at: -2) }
    }

    @Test func badBetasAreRejectedWithTheirIndex() {
        #expect(throws: DiffusionError.invalidSchedule("beta[1] = 1.0 is not in (0, 1)")) {
            try NoiseSchedule(betas: [0.1, 1.0])
        }
        #expect(throws: DiffusionError.self) { try NoiseSchedule(betas: []) }
    }

    @Test func timestepListsHaveTheSpecsEntries() throws {
        let strided = try Timesteps.strided(start: 990, stride: 30)
        #expect(strided.count == 34)
        #expect(strided.first == 990 && strided.last == 0)
        #expect(strided[10] == 690 && strided[20] == 390 && strided[30] == 90)
        let ddpm = Timesteps.ddpm(T: 300)
        #expect(ddpm.count == 301 && ddpm.first == 299 && ddpm.last == -1)
    }
}
