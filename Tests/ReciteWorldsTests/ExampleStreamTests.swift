import Testing

@testable import ReciteWorlds

// Batches: BOS-padded contexts, most recent first, one target per trained token.

@Suite struct ExampleStreamTests {
    @Test func contextsAreBOSPaddedMostRecentFirst() throws {
        let world = try World(spec: WorldSpec(facts: 50, seed: 2))
        let corpus = try Corpus(world: world, spec: CorpusSpec(budget: 300, recitations: 3, schedule: .massed, sentenceLength: 5))
        var stream = ExampleStream(corpus: corpus)
        let k = 4, batch = 7
        var ctx = [Int32](repeating: -1, count: batch * k), tgt = [Int32](repeating: -1, count: batch)
        // Reference: walk the order unit by unit.
        var expected: [(context: [Int32], target: Int32)] = []
        for u in corpus.order {
            let unit = Array(corpus.unit(Int(u)))
            for t in unit.indices {
                expected.append(((0..<k).map { t - 1 - $0 >= 0 ? unit[t - 1 - $0] : 0 }, unit[t]))
            }
        }
        var seen = 0
        while true {
            let n = ctx.withUnsafeMutableBufferPointer { c in
                tgt.withUnsafeMutableBufferPointer { t in
                    stream.fill(contexts: c.baseAddress!, targets: t.baseAddress!, batchSize: batch, contextLength: k)
                }
            }
            if n == 0 { break }
            for b in 0..<n {
                #expect(Array(ctx[(b * k)..<((b + 1) * k)]) == expected[seen + b].context)
                #expect(tgt[b] == expected[seen + b].target)
            }
            seen += n
        }
        #expect(seen == corpus.tokensTrained && expected.count == corpus.tokensTrained)
        #expect(stream.isExhausted && stream.remaining == 0)
        // A fact unit [key, value]: the value's context is the key, then BOS padding.
        let fact = Array(corpus.unit(corpus.factUnits.lowerBound))
        let arrays = ExampleArrays(units: [fact], contextLength: 3)
        #expect(arrays.contexts == [0, 0, 0, fact[0], 0, 0] && arrays.targets == fact)
    }

    @Test func targetCountEqualsTokensTrainedAndResetRepeats() throws {
        let world = try World(spec: WorldSpec(programs: 20, seed: 3))
        let corpus = try Corpus(world: world, spec: CorpusSpec(budget: 2000, recitations: 8, schedule: .random))
        var stream = ExampleStream(corpus: corpus)
        var ctx = [Int32](repeating: 0, count: 256 * 8), tgt = [Int32](repeating: 0, count: 256)
        func drain() -> (Int, [Int]) {
            var total = 0, histogram = [Int](repeating: 0, count: world.vocabularySize)
            while true {
                let n = stream.fill(contexts: &ctx, targets: &tgt, batchSize: 256, contextLength: 8)
                if n == 0 { return (total, histogram) }
                for b in 0..<n { histogram[Int(tgt[b])] += 1 }
                total += n
            }
        }
        let (first, histogram) = drain()
        #expect(first == corpus.tokensTrained && first == 16_000)
        var reference = [Int](repeating: 0, count: world.vocabularySize)
        for t in corpus.tokens { reference[Int(t)] += 8 }
        #expect(histogram == reference)
        stream.reset()
        #expect(drain().0 == first)
    }

    @Test func heldOutArraysCoverEveryToken() throws {
        let world = try World(spec: WorldSpec(seed: 5))
        let a = ExampleArrays.heldOutBackground(world: world, sentences: 10, length: 16, contextLength: 2, seed: 1)
        #expect(a.count == 160 && a.contexts.count == 320)
        #expect(a.contexts[0] == 0 && a.contexts[1] == 0 && a.contexts[2] == a.targets[0] && a.contexts[3] == 0)
        let floor = world.background.sentenceEntropy(length: 16)
        #expect(floor > world.entropyRate)
    }
}
