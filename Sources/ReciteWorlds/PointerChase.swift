import ReciteCore

// A task where iterated computation helps: follow pointers to the root of a forest given in the
// context. The answer (the root) is known exactly; every table is fresh, so nothing about a
// particular table can be memorised, and the answer must be computed from the context.
//
// A table over m = R·(L + 1) nodes (token ids 1…m; BOS = 0 never appears) is a forest of R
// chains of the same length L: root ← c₁ ← c₂ ← … ← c_L, each root pointing to itself. Node labels
// are a random permutation, so neither a position nor a token says where a node sits. All trees
// have the same shape on purpose: with unequal trees, one application can read shortcuts off the
// table (a root with no incoming pointer cannot be the answer; a root with more direct children
// is more often the answer), which the first version of this task had (docs/calibration.md).
//
//   context (k = m + 1 tokens, most recent first): [start, ptr(1), ptr(2), …, ptr(m)]
//   target: root(start)        (`starts: all`: start is a non-root, uniform, so its depth is
//                               uniform in 1…L; `starts: deepest`: start is at depth L, uniform
//                               among the R such nodes, so every question needs L hops)
//
// What one application can and cannot do. After one application the state is
// s₁ = φ(s₀·A + e·U + c): a single layer of D units over the concatenated embeddings (the random
// s₀ carries nothing about the table), read by a linear coda. A unit thresholds a sum of
// per-position terms, so telling that a start at depth h has root y needs a conjunction over
// h + 1 positions (start = i, ptr(i) = j, …, ptr(·) = y): of the order of m^(h+1) units for all
// paths, and by symmetry every statistic linear in the table's one-hot tokens is the same for the
// four roots offered. So depth 1 (m² units) is within one application's reach when D ≥ m², and
// depth ≥ 2 is not at the widths used here (m³ = 1,728 for R = 4, L = 2, against D ≤ 256).
// Iterating the block can compose hops. Measured (docs/calibration.md, "recurrent depth"): at
// depth 1 a model trained at r = 1 reaches mc 100%; a model trained with the paper's sampler
// (r ≈ 33) stays at chance when read at r = 1. Depth 2 learns only with a narrower block and
// many more tokens (D = 128: mc 60% after 1M tokens, probe 13; every claim after 3M, probes
// 21-24), which is the committed quick scale since 2026-12-02; with `starts: deepest` it did not
// learn in 3M (probe 18).
//
// Chance. `mc` offers the start's root and three other roots: a model that cannot follow the
// pointers scores exactly 25% (all roots are alike), whatever `starts` says. `exact` asks for the
// root of every node a question may start from, by greedy decoding over the whole vocabulary:
// with `all` every non-root of one table, (1/R)^(R·L) by guessing among roots; with `deepest`
// the R nodes at depth L, (1/R)^R.
//
// Why `deepest`: at L ≥ 2 with `all`, the starts at depth 1 (a share 1/L) need one hop, which one
// application can solve (docs/calibration.md, probe 6); with `deepest` none can be answered in
// fewer than L hops.

/// Which nodes the questions start from (`pointer_chase.starts`).
public enum PointerChaseStarts: String, Codable, CaseIterable, Hashable, Sendable {
    /// Every non-root, uniformly: the start's depth is uniform in 1…L (the default).
    case all
    /// Only the nodes at depth L (one per chain), uniformly: every question needs L hops.
    case deepest
}

/// The pointer-chasing task, as it appears in an experiment file (`pointer_chase`).
public struct PointerChaseSpec: Codable, Hashable, Sendable {
    /// Roots R, one per chain (integer in 4…16; `mc` offers four of them). Default 4.
    public var roots: Int = 4
    /// Chain length L: non-roots per chain, so depths run 1…L (integer ≥ 1, with R·(L+1) ≤ 64). Default 4.
    public var depth: Int = 4
    /// Which nodes questions start from: `all` non-roots or only the `deepest`. Default `all`.
    public var starts: PointerChaseStarts = .all

    public init(roots: Int = 4, depth: Int = 4, starts: PointerChaseStarts = .all) {
        self.roots = roots; self.depth = depth; self.starts = starts
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = PointerChaseSpec()
        roots = try c.decodeIfPresent(Int.self, forKey: .roots) ?? d.roots
        depth = try c.decodeIfPresent(Int.self, forKey: .depth) ?? d.depth
        starts = try c.decodeIfPresent(PointerChaseStarts.self, forKey: .starts) ?? d.starts
    }

    /// Nodes m = R·(L + 1).
    public var nodes: Int { roots * (depth + 1) }

    /// Checks every field, naming the first bad one.
    public func validate() throws {
        let s = "pointer_chase"
        try require(roots >= 4 && roots <= 16, spec: s, field: "roots", expected: "an integer in 4...16", found: "\(roots)")
        try require(depth >= 1 && roots * (depth + 1) <= 64, spec: s, field: "depth",
                    expected: "an integer in 1...\(64 / roots - 1) (roots·(depth + 1) ≤ 64 nodes)", found: "\(depth)")
    }
}

/// One table of the task: the pointers and each node's root and depth.
public struct PointerTable: Sendable {
    /// `pointers[i]` is the token node i + 1 points to.
    public let pointers: [Int32]
    /// `roots[i]`: the root token of node i + 1.
    public let rootOf: [Int32]
    /// `depth[i]`: hops from node i + 1 to its root (0 for a root).
    public let depth: [Int]
    /// The root tokens.
    public let roots: [Int32]
}

/// The pointer-chasing task built from its spec.
public struct PointerChase: Sendable {
    public let spec: PointerChaseSpec
    public init(spec: PointerChaseSpec) throws { try spec.validate(); self.spec = spec }

    /// Vocabulary: BOS plus the m node tokens.
    public var vocabularySize: Int { spec.nodes + 1 }
    /// Context length: the start plus one pointer per node.
    public var contextLength: Int { spec.nodes + 1 }

    /// A fresh random table.
    public func table(_ rng: inout Xoshiro256) -> PointerTable {
        let m = spec.nodes
        var order = (1...m).map { Int32($0) }
        rng.shuffle(&order)
        // Chain c is order[c·(L+1) ..< (c+1)·(L+1)]: its first node is the root, each next one
        // points to the one before.
        let width = spec.depth + 1
        let roots = (0..<spec.roots).map { order[$0 * width] }
        var pointer = [Int32](repeating: 0, count: m)
        for c in 0..<spec.roots {
            for i in 0..<width { pointer[Int(order[c * width + i]) - 1] = order[c * width + max(i - 1, 0)] }
        }
        var rootOf = [Int32](repeating: 0, count: m), depth = [Int](repeating: 0, count: m)
        for i in 0..<m {
            var x = Int32(i + 1), h = 0
            while pointer[Int(x) - 1] != x { x = pointer[Int(x) - 1]; h += 1 }
            rootOf[i] = x; depth[i] = h
        }
        return PointerTable(pointers: pointer, rootOf: rootOf, depth: depth, roots: roots)
    }

    /// Writes one context row (`start` first, then the m pointers).
    public func writeContext(_ t: PointerTable, start: Int32, into row: UnsafeMutablePointer<Int32>) {
        row[0] = start
        for i in 0..<spec.nodes { row[1 + i] = t.pointers[i] }
    }

    /// A start as `spec.starts` says: `randomStart` or `deepestStart`.
    public func start(_ t: PointerTable, _ rng: inout Xoshiro256) -> Int32 {
        switch spec.starts {
        case .all: return randomStart(t, &rng)
        case .deepest: return deepestStart(t, &rng)
        }
    }

    /// Whether a question may start from a node at `depth` (the nodes `exact` asks for).
    public func isStart(depth: Int) -> Bool {
        switch spec.starts {
        case .all: return depth > 0
        case .deepest: return depth == spec.depth
        }
    }

    /// Nodes of one table a question may start from: R·L, or R with `deepest`.
    public var startsPerTable: Int { spec.starts == .all ? spec.roots * spec.depth : spec.roots }

    /// A uniformly random node at depth L of `t` (one draw: which of the R chains).
    public func deepestStart(_ t: PointerTable, _ rng: inout Xoshiro256) -> Int32 {
        var pick = rng.nextInt(spec.roots)
        for i in 0..<spec.nodes where t.depth[i] == spec.depth {
            if pick == 0 { return Int32(i + 1) }
            pick -= 1
        }
        preconditionFailure("every chain has one node at depth L")
    }

    /// A uniformly random non-root of `t`.
    public func randomStart(_ t: PointerTable, _ rng: inout Xoshiro256) -> Int32 {
        while true {
            let x = Int32(1 + rng.nextInt(spec.nodes))
            if t.depth[Int(x) - 1] > 0 { return x }
        }
    }

    /// Fills `n` training examples (a fresh table each): contexts `n × k`, targets `n`.
    public func fill(contexts: UnsafeMutablePointer<Int32>, targets: UnsafeMutablePointer<Int32>, count n: Int,
                     rng: inout Xoshiro256) {
        let k = contextLength
        for i in 0..<n {
            let t = table(&rng), s = start(t, &rng)
            writeContext(t, start: s, into: contexts + i * k)
            targets[i] = t.rootOf[Int(s) - 1]
        }
    }

    /// `n` examples as arrays, with the start's depth (for held-out loss/top1 and per-depth reports).
    public func examples(count n: Int, rng: inout Xoshiro256) -> (contexts: [Int32], targets: [Int32], depths: [Int]) {
        var contexts = [Int32](repeating: 0, count: n * contextLength), targets = [Int32](repeating: 0, count: n)
        var depths = [Int](repeating: 0, count: n)
        let k = contextLength
        contexts.withUnsafeMutableBufferPointer { c in
            for i in 0..<n {
                let t = table(&rng), s = start(t, &rng)
                writeContext(t, start: s, into: c.baseAddress! + i * k)
                targets[i] = t.rootOf[Int(s) - 1]; depths[i] = t.depth[Int(s) - 1]
            }
        }
        return (contexts, targets, depths)
    }

    /// A four-way question: the start's root and three other roots, in random order.
    public func question(_ rng: inout Xoshiro256) -> (context: [Int32], options: [Int32], answer: Int, depth: Int) {
        let t = table(&rng), s = start(t, &rng), truth = t.rootOf[Int(s) - 1]
        var others = t.roots.filter { $0 != truth }
        rng.shuffle(&others)
        var options = [truth] + others.prefix(3)
        rng.shuffle(&options)
        var ctx = [Int32](repeating: 0, count: contextLength)
        ctx.withUnsafeMutableBufferPointer { writeContext(t, start: s, into: $0.baseAddress!) }
        return (ctx, options, options.firstIndex(of: truth)!, t.depth[Int(s) - 1])
    }
}
