// TicksTests.swift: nice linear ticks, log decades, and the log scale mapping.

import Foundation
import Testing
@testable import ReciteReport

@Suite("Axis ticks and scales")
struct TicksTests {
    // MARK: - Linear

    @Test("nice steps are 1, 2 or 5 times a power of ten")
    func niceSteps() {
        #expect(Ticks.niceStep(span: 700, target: 7) == 100)
        #expect(Ticks.niceStep(span: 0.08, target: 4) == 0.02)
        #expect(Ticks.niceStep(span: 40, target: 6) == 5)
        for span in [0.003, 1.7, 42.0, 913.0, 12_345.0] {
            let step = Ticks.niceStep(span: span, target: 6)
            let mantissa = step / pow(10, log10(step).rounded(.down))
            #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-9 }, "span \(span) → step \(step)")
        }
    }

    @Test("linear axis widens to ticks that cover the data, with even steps")
    func linearCoversRange() {
        let axis = Axis(label: "accuracy", tickTarget: 5)
        let resolved = axis.resolve(dataMin: 0.450, dataMax: 0.527)
        let values = resolved.ticks.map(\.value)
        #expect(values.count >= 3)
        #expect(resolved.low <= 0.450 && resolved.high >= 0.527)
        #expect(abs(values.first! - resolved.low) < 1e-12 && abs(values.last! - resolved.high) < 1e-12)
        let steps = zip(values.dropFirst(), values).map { $0 - $1 }
        #expect(steps.allSatisfy { abs($0 - steps[0]) < 1e-12 })
        #expect(resolved.ticks.map(\.label).contains("0.48"))
        #expect(resolved.ticks.first?.label == "0.44" && resolved.ticks.last?.label == "0.54")
        // With steps of 0.01 the domain is 0.45…0.53, not 0.44 from 0.45/0.01 = 44.99….
        let fine = Axis(label: "", tickTarget: 6).resolve(dataMin: 0.450, dataMax: 0.527)
        #expect(fine.low == 0.45 && fine.high == 0.53)
        #expect(fine.ticks.first?.label == "0.45" && fine.ticks.last?.label == "0.53")
    }

    @Test("linear ticks on the published token axis are 100…800")
    func tokenAxis() {
        let resolved = Axis(label: "tokens", tickTarget: 7).resolve(dataMin: 100, dataMax: 800)
        #expect(resolved.ticks.map(\.label) == ["100", "200", "300", "400", "500", "600", "700", "800"])
    }

    @Test("round thousands are labelled 20k, huge values 3e19")
    func labels() {
        #expect(Ticks.linear(min: 0, max: 100_000, target: 5).map(\.label) == ["0", "20k", "40k", "60k", "80k", "100k"])
        #expect(Ticks.linear(min: 2000, max: 16000, target: 7).map(\.label)
                == ["2k", "4k", "6k", "8k", "10k", "12k", "14k", "16k"])
        #expect(Ticks.format(3e19, step: 1e19, largest: 5e19) == "3e19")
        #expect(Ticks.format(0.5, step: 0.1, largest: 1) == "0.5")
    }

    @Test("a constant series still gets a non-empty range")
    func degenerate() {
        let resolved = Axis(label: "").resolve(dataMin: 0, dataMax: 0)
        #expect(resolved.low < 0 && resolved.high > 0)
        #expect(resolved.ticks.count >= 2)
    }

    // MARK: - Log

    @Test("log axis ticks at decades with 10^k labels")
    func logDecades() {
        let resolved = Axis(label: "FLOPs", scale: .log10).resolve(dataMin: 3e17, dataMax: 2e21)
        #expect(resolved.low == 1e17 && resolved.high == 1e22)
        #expect(resolved.ticks.map(\.value) == [1e17, 1e18, 1e19, 1e20, 1e21, 1e22])
        #expect(resolved.ticks.map(\.label) == ["10¹⁷", "10¹⁸", "10¹⁹", "10²⁰", "10²¹", "10²²"])
        #expect(resolved.minorTicks.contains(2e19) && !resolved.minorTicks.contains(1e19))
    }

    @Test("log labels in exponent style read 1e19")
    func exponentLabels() {
        let ticks = Ticks.log10(min: 1e18, max: 1e20, style: .exponent)
        #expect(ticks.map(\.label) == ["1e18", "1e19", "1e20"])
        #expect(Ticks.decadeLabel(-3, style: .superscript) == "10⁻³")
    }

    @Test("many decades are thinned so labels do not crowd")
    func thinning() {
        let ticks = Ticks.log10(min: 1e5, max: 1e25)
        #expect(ticks.count <= 11 && ticks.count >= 6)
        #expect(ticks.first?.value == 1e5)
    }

    @Test("log scale maps equal ratios to equal distances")
    func logMapping() {
        let resolved = Axis(label: "", scale: .log10).resolve(dataMin: 1e19, dataMax: 1e21)
        #expect(abs(resolved.fraction(1e20)! - 0.5) < 1e-12)
        #expect(abs(resolved.position(1e19, from: 0, to: 400)! - 0) < 1e-9)
        #expect(abs(resolved.position(1e21, from: 0, to: 400)! - 400) < 1e-9)
        // Linear would put 1e20 at ~4.5 % of the way; log puts it at half.
        #expect(resolved.fraction(0) == nil)
        #expect(resolved.fraction(-5) == nil)
    }
}
