import Testing
@testable import Compute

@Suite struct ImageOpsTests {
    func ramp(_ shape: [Int]) -> Tensor { Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map(Float.init)) }

    @Test func centreCropKeepsTheMiddleSquareWithTorchvisionRounding() throws {
        let wide = try ImageOps.centerCropSquare(ramp([1, 1, 3, 5]))      // offset (5−3)/2 = 1
        #expect(wide.shape == [1, 1, 3, 3])
        #expect(wide.data == [1, 2, 3, 6, 7, 8, 11, 12, 13])
        let odd = try ImageOps.centerCropSquare(ramp([1, 1, 2, 5]))       // (5−2)/2 = 1.5 rounds half to even: 2
        #expect(odd.data == [2, 3, 7, 8])
        let tall = try ImageOps.centerCropSquare(ramp([1, 1, 4, 2]))      // rows 1..<3
        #expect(tall.data == [2, 3, 4, 5])
    }

    @Test func downscalingAveragesTheCoveredArea() throws {
        let blocks = try ImageOps.resize(ramp([1, 1, 4, 4]), height: 2, width: 2)
        #expect(blocks.data == [2.5, 4.5, 10.5, 12.5])
        // 3 → 2: output 0 covers input 0 and half of input 1.
        let fractional = try ImageOps.resize(Tensor(shape: [1, 1, 1, 3], data: [0, 3, 6]), height: 1, width: 2)
        #expect(abs(fractional.data[0] - 1) < 1e-6 && abs(fractional.data[1] - 5) < 1e-6)
    }

    @Test func upscalingIsBilinearWithHalfPixelCentres() throws {
        // torch.nn.functional.interpolate([0, 1], size=4, mode="linear", align_corners=False) = [0, .25, .75, 1]
        let up = try ImageOps.resize(Tensor(shape: [1, 1, 1, 2], data: [0, 1]), height: 1, width: 4)
        #expect(up.data == [0, 0.25, 0.75, 1])
        let same = ramp([2, 3, 4, 5])
        #expect(try ImageOps.resize(same, height: 4, width: 5) == same)
        #expect(throws: ImageError.self) { try ImageOps.resize(same, height: 0, width: 5) }
    }

    @Test func greyUsesBT601Luma() throws {
        let rgb = Tensor(shape: [1, 3, 1, 2], data: [1, 0, 0, 1, 0, 1])   // planes R, G, B: pixel 0 = red, pixel 1 = green+blue
        let grey = try ImageOps.greyscale(rgb)
        #expect(grey.shape == [1, 1, 1, 2])
        #expect(abs(grey.data[0] - 0.299) < 1e-6 && abs(grey.data[1] - 0.701) < 1e-6)
        #expect(throws: ImageError.self) { try ImageOps.greyscale(Tensor(zeros: [1, 2, 1, 1])) }
    }

    @Test func flipReversesRowsAndRotationReversesBoth() throws {
        let x = ramp([1, 2, 2, 3])
        #expect(try ImageOps.flipVertical(x).data == [3, 4, 5, 0, 1, 2, 9, 10, 11, 6, 7, 8])
        #expect(try ImageOps.rotate180(x).data == [5, 4, 3, 2, 1, 0, 11, 10, 9, 8, 7, 6])
        #expect(try ImageOps.flipVertical(ImageOps.flipVertical(x)) == x)
    }

    @Test func rangesConvertAndClamp() {
        let x = Tensor(shape: [4], data: [0, 0.25, 1, 0.5])
        #expect(ImageOps.toSignedRange(x).data == [-1, -0.5, 1, 0])
        #expect(ImageOps.toUnitRange(ImageOps.toSignedRange(x)) == x)
        #expect(ImageOps.clamp(Tensor(shape: [3], data: [-0.5, 0.5, 1.5])).data == [0, 0.5, 1])
    }
}

@Suite struct BoxMaskTests {
    @Test func boxMaskMarksExactlyTheBox() throws {
        let m = try ImageOps.boxMask(height: 64, width: 64, rows: 2..<20, cols: 24..<42)
        #expect(m.shape == [1, 1, 64, 64])
        #expect(m.data.reduce(0, +) == 18 * 18)
        #expect(m.data[2 * 64 + 24] == 1 && m.data[19 * 64 + 41] == 1)
        #expect(m.data[1 * 64 + 24] == 0 && m.data[2 * 64 + 42] == 0)
        #expect(throws: ImageError.self) { try ImageOps.boxMask(height: 28, width: 28, rows: 2..<20, cols: 24..<42) }
    }
}
