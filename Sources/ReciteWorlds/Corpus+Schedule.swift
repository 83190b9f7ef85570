import ReciteCore

// The three recitation schedules as orders of unit indices.

extension Corpus {
    // MARK: - Schedules

    /// Unit index per presentation: `unitCount·R` entries, each unit exactly `R` times.
    ///
    /// - `spaced`: `R` consecutive passes, each an independent shuffle of all units, so the gap
    ///   between two presentations of a unit is about one pass.
    /// - `massed`: one shuffle; each unit then appears `R` times in a row (gap 0).
    /// - `random`: all copies shuffled together (gaps geometric, some copies adjacent).
    public static func presentationOrder(
        unitCount n: Int, recitations r: Int, schedule: Schedule, rng: inout Xoshiro256
    ) -> [Int32] {
        precondition(n >= 0 && r >= 1, "need unitCount ≥ 0 and recitations ≥ 1")
        var order = [Int32](repeating: 0, count: n * r)
        switch schedule {
        case .spaced:
            var pass = (0..<Int32(n)).map { $0 }
            for p in 0..<r {
                rng.shuffle(&pass)
                order.replaceSubrange((p * n)..<((p + 1) * n), with: pass)
            }
        case .massed:
            var units = (0..<Int32(n)).map { $0 }
            rng.shuffle(&units)
            for (i, u) in units.enumerated() {
                for c in 0..<r { order[i * r + c] = u }
            }
        case .random:
            for i in 0..<(n * r) { order[i] = Int32(i / r) }
            rng.shuffle(&order)
        }
        return order
    }
}
