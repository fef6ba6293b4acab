import Foundation

/// Tick positions and labels for plot axes. Kept free of drawing so they can be tested as plain numbers.
public enum Ticks {
    /// "Nice" linear ticks: multiples of 1, 2 or 5 x 10^k lying in [lo, hi], with the step chosen so there
    /// are about `target` of them. (0, 7.3) gives 0, 2, 4, 6.
    /// `minStep` keeps ticks on whole numbers where only those mean something (epochs: pass 1).
    public static func linear(_ lo: Double, _ hi: Double, target: Int = 5, minStep: Double = 0) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [] }
        let (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
        guard b > a else { return [a] }
        let step = max(linearStep(a, b, target: target), minStep)
        let first = (a / step - 1e-9).rounded(.up)
        let last = (b / step + 1e-9).rounded(.down)
        guard last >= first else { return [] }
        return stride(from: first, through: last, by: 1).map { cleaned($0 * step) }
    }

    /// The step `linear` uses: the smallest of 1, 2, 5 x 10^k at least (hi - lo) / target.
    public static func linearStep(_ lo: Double, _ hi: Double, target: Int = 5) -> Double {
        let span = abs(hi - lo)
        guard span > 0, span.isFinite else { return 1 }
        let rough = span / Double(max(target, 1))
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * magnitude >= rough * (1 - 1e-9) {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    /// Widens [lo, hi] outwards to multiples of the nice step, so the outermost ticks frame the data.
    public static func niceRange(_ lo: Double, _ hi: Double, target: Int = 5) -> (Double, Double) {
        guard hi > lo else { return (lo, hi) }
        let step = linearStep(lo, hi, target: target)
        return (cleaned((lo / step + 1e-9).rounded(.down) * step), cleaned((hi / step - 1e-9).rounded(.up) * step))
    }

    /// Major ticks on a log axis: the powers of ten in [lo, hi] (every second or third power when the range
    /// spans many decades). When that leaves fewer than two ticks, 2x and 5x multiples are added so a
    /// short range still reads. (3e-3, 0.5) gives 0.01, 0.1.
    public static func log(_ lo: Double, _ hi: Double, maxTicks: Int = 8) -> [Double] {
        guard lo > 0, hi > 0, lo.isFinite, hi.isFinite else { return [] }
        let (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
        let e0 = Int((log10(a) - 1e-9).rounded(.up))
        let e1 = Int((log10(b) + 1e-9).rounded(.down))
        if e1 - e0 + 1 >= 2 {
            let decades = e1 - e0 + 1
            let every = max(1, (decades + maxTicks - 1) / maxTicks)
            return stride(from: e0, through: e1, by: 1)
                .filter { ($0 - e0) % every == 0 }
                .map { pow(10, Double($0)) }
        }
        var ticks: [Double] = []
        for e in (e1 - 1)...(e0 + 1) {
            for m in [1.0, 2.0, 5.0] {
                let v = m * pow(10, Double(e))
                if v >= a * (1 - 1e-9), v <= b * (1 + 1e-9) { ticks.append(v) }
            }
        }
        return ticks
    }

    /// Unlabelled minor ticks on a log axis: 2..9 x 10^k inside [lo, hi], skipping the majors. With
    /// `multiples` false (decades too short to hold eight ticks) only the powers of ten the majors skip.
    public static func logMinor(_ lo: Double, _ hi: Double, majors: [Double], multiples: Bool = true) -> [Double] {
        guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else { return [] }
        let e0 = Int(log10(lo).rounded(.down)), e1 = Int(log10(hi).rounded(.up))
        guard e1 - e0 <= 12 else { return [] }   // too dense to be useful
        var ticks: [Double] = []
        for e in e0...e1 {
            for m in multiples ? Array(1...9) : [1] {
                let v = Double(m) * pow(10, Double(e))
                guard v >= lo, v <= hi else { continue }
                if !majors.contains(where: { abs($0 - v) <= v * 1e-9 }) { ticks.append(v) }
            }
        }
        return ticks
    }

    /// Labels for linear ticks with as many decimals as the step needs ("0.25", not "0.250000001").
    public static func linearLabels(_ ticks: [Double]) -> [String] {
        guard ticks.count >= 2 else { return ticks.map { format($0, decimals: decimals(forStep: abs($0) > 0 ? abs($0) : 1)) } }
        let step = zip(ticks, ticks.dropFirst()).map { abs($1 - $0) }.min() ?? 1
        let useExponent = ticks.contains { abs($0) >= 1e6 } || (step < 1e-4)
        if useExponent { return ticks.map { exponentLabel($0) } }
        let d = decimals(forStep: step)
        return ticks.map { format($0, decimals: d) }
    }

    /// Label of a log tick: "10⁻²" for a power of ten; plain "1", "10" and "100" read better than their
    /// powers, and so do multiples such as "0.02" or "500" (from short ranges); "2×10⁻⁶" only when tiny or huge.
    public static func logLabel(_ value: Double) -> String {
        guard value > 0, value.isFinite else { return "" }
        let exponent = Int((log10(value) + 1e-9).rounded(.down))
        let mantissa = (value / pow(10, Double(exponent)) * 1000).rounded() / 1000
        let m = mantissa == mantissa.rounded() ? String(Int(mantissa)) : String(mantissa)
        if (0...2).contains(exponent) || (m != "1" && (-4...4).contains(exponent)) {
            return format(value, decimals: max(0, -exponent + (m.contains(".") ? 1 : 0)))
        }
        let power = "10" + superscript(exponent)
        return m == "1" ? power : m + "×" + power
    }

    static func exponentLabel(_ value: Double) -> String {
        if value == 0 { return "0" }
        return String(format: "%.3g", value)
    }

    static func decimals(forStep step: Double) -> Int {
        max(0, Int((-log10(step) - 1e-9).rounded(.up)))
    }

    static func format(_ value: Double, decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", value)
        // "-0" and "-0.00" are artefacts of rounding, not information.
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(s.dropFirst()) }
        return s
    }

    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(abs(n)).map { digits[$0.wholeNumberValue ?? 0] }
        return (n < 0 ? "⁻" : "") + String(body)
    }

    /// Removes floating-point dust such as 0.30000000000000004 so ticks compare and print cleanly.
    static func cleaned(_ v: Double) -> Double {
        guard v != 0, v.isFinite else { return v == 0 ? 0 : v }
        let digits = 12 - Int(log10(abs(v)).rounded(.up))
        let scale = pow(10, Double(max(min(digits, 300), -300)))
        return (v * scale).rounded() / scale
    }
}
