// Xoshiro256 reference values and the alias table's empirical frequencies.
import Testing
@testable import ReciteCore

@Suite struct RandomTests {
    /// First outputs of xoshiro256** seeded through SplitMix64, computed once with an independent
    /// Python implementation of the reference C code (seed 0 matches the published test vector).
    @Test func xoshiroReferenceValues() {
        let pinned: [(UInt64, UInt64, [UInt64])] = [
            (0, 0, [0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0, 0x6aa5_94f1_262d_2d2c]),
            (42, 0, [0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1]),
            (42, 1, [0x0030_425e_2a3d_c334, 0x057e_19f0_156c_8a6b, 0x8c5c_18f3_7d24_dfd8, 0x0878_8a1a_2c75_e2c4]),
        ]
        for (seed, stream, expected) in pinned {
            var g = Xoshiro256(seed: seed, stream: stream)
            let got = (0..<expected.count).map { _ in g.next() }
            #expect(got == expected, "seed \(seed) stream \(stream)")
        }
    }

    @Test func streamsAndSeedsDiffer() {
        var a = Xoshiro256(seed: 7, stream: 0), b = Xoshiro256(seed: 7, stream: 1), c = Xoshiro256(seed: 8, stream: 0)
        let xa = (0..<64).map { _ in a.next() }, xb = (0..<64).map { _ in b.next() }, xc = (0..<64).map { _ in c.next() }
        let sameAB = zip(xa, xb).filter { $0 == $1 }.count, sameAC = zip(xa, xc).filter { $0 == $1 }.count
        #expect(sameAB == 0 && sameAC == 0)
        var d = Xoshiro256(seed: 7, stream: 0)
        #expect((0..<64).map { _ in d.next() } == xa, "same seed and stream must repeat")
    }

    @Test func uniformRangesAndIntBounds() {
        var g = Xoshiro256(seed: 3)
        var counts = [Int](repeating: 0, count: 5)
        for _ in 0..<50_000 {
            let f = g.nextFloat(), d = g.nextDouble()
            #expect(f >= 0 && f < 1 && d >= 0 && d < 1)
            counts[g.nextInt(5)] += 1
        }
        // Each bin: mean 10 000, σ ≈ 89; 5σ bound.
        #expect(counts.allSatisfy { abs($0 - 10_000) < 450 }, "\(counts)")
    }

    @Test func gaussianMoments() {
        var g = Xoshiro256(seed: 11)
        let n = 200_000
        var s = 0.0, s2 = 0.0
        for _ in 0..<n { let x = g.nextGaussian(); s += x; s2 += x * x }
        let mean = s / Double(n), variance = s2 / Double(n) - mean * mean
        print("gaussian: mean \(mean), variance \(variance)")
        #expect(abs(mean) < 0.012 && abs(variance - 1) < 0.015)  // ≈ 5σ of the estimators
    }

    @Test func aliasTableFrequencies() {
        let weights: [Double] = [1, 2, 3, 4, 0, 10]
        let table = AliasTable(weights: weights)
        var g = Xoshiro256(seed: 5)
        let n = 400_000
        var counts = [Int](repeating: 0, count: weights.count)
        for _ in 0..<n { counts[table.sample(&g)] += 1 }
        let total = weights.reduce(0, +)
        var maxZ = 0.0
        for i in 0..<weights.count {
            let p = weights[i] / total
            let sigma = (Double(n) * p * (1 - p)).squareRoot()
            if p == 0 { #expect(counts[i] == 0, "zero weight drawn \(counts[i]) times"); continue }
            maxZ = max(maxZ, abs(Double(counts[i]) - Double(n) * p) / sigma)
        }
        print("alias table: max |z| = \(maxZ)")
        #expect(maxZ < 5)
    }

    @Test func zipfAliasTable() {
        let table = AliasTable(weights: AliasTable.zipfWeights(count: 100, exponent: 1.1))
        var g = Xoshiro256(seed: 9)
        let n = 200_000
        var first = 0
        for _ in 0..<n where table.sample(&g) == 0 { first += 1 }
        let p = table.probabilities[0]
        let z = abs(Double(first) - Double(n) * p) / (Double(n) * p * (1 - p)).squareRoot()
        #expect(z < 5, "token 0 frequency \(Double(first) / Double(n)) vs \(p)")
        #expect(abs(table.probabilities.reduce(0, +) - 1) < 1e-12)
    }
}
