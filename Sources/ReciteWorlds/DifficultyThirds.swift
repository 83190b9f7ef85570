// Three equal difficulty classes for the exposure-response figure, shared by facts and programs.

enum DifficultyThirds {
    /// Class of each item (0, 1, 2): items sorted by `key` (ties by index) and cut into three equal
    /// thirds, so the classes stay balanced however skewed the key is.
    static func classes(byKey key: [Int32]) -> [Int] {
        let n = key.count
        let sorted = (0..<n).sorted { (key[$0], $0) < (key[$1], $1) }
        var of = [Int](repeating: 0, count: n)
        for (position, item) in sorted.enumerated() { of[item] = min(position * 3 / max(n, 1), 2) }
        return of
    }
}
