import Foundation
import ReciteCore
import Testing

@testable import ReciteWorlds

// Program aliases (`world.program_aliases`): the same body under several names, presented under
// each in turn, evaluated under the first. The draws, the rotation through the training stream,
// validation, and the default unchanged.

@Suite struct ProgramAliasTests {
    private func spec(aliases: Int, exponent: Double = 1, promptLength: Int = 2, pool: Int = 32) -> WorldSpec {
        var s = WorldSpec(background: LanguageSpec(vocabulary: 64), programs: 60, programLength: 3,
                          programPromptLength: promptLength, programPromptPool: pool, seed: 9)
        s.programAliases = aliases
        s.programAliasExponent = exponent
        return s
    }

    @Test func firstNamesAndBodiesAreTheWorldWithoutAliases() throws {
        let one = try World(spec: spec(aliases: 1)).programs!, four = try World(spec: spec(aliases: 4)).programs!
        #expect(one.aliasCounts.isEmpty && one.aliasPrompts.isEmpty && one.aliases(of: 0) == 1)
        #expect(four.prompts == one.prompts && four.bodies == one.bodies && four.coverageOrder == one.coverageOrder)
    }

    @Test func aliasCountsFollowTheLawAndEveryNameIsDistinct() throws {
        let ps = try World(spec: spec(aliases: 4)).programs!
        #expect(ps.aliasCounts.count == ps.count && ps.aliasCounts.allSatisfy { (1...4).contains($0) })
        // P(a) ∝ 1/a over 1...4: one name is the commonest, and some programs have several.
        let ones = ps.aliasCounts.filter { $0 == 1 }.count, many = ps.aliasCounts.filter { $0 >= 3 }.count
        #expect(ones > ps.count / 4 && many > 0)
        var names = Set<[Int32]>()
        for i in 0..<ps.count {
            names.insert(Array(ps.prompt(of: i)))
            for a in 1..<ps.aliases(of: i) {
                let start = ps.aliasPromptStart(of: i, alias: a)
                let name = Array(ps.aliasPrompts[start..<(start + ps.promptLength)])
                #expect(name.allSatisfy { $0 >= ps.promptOffset && $0 < ps.promptOffset + Int32(ps.promptTokenCount) })
                names.insert(name)
            }
        }
        #expect(names.count == ps.aliasCounts.reduce(0, +), "two names coincide")
    }

    @Test func presentationsTakeTheNamesInTurnAndTheStreamUsesThem() throws {
        let w = try World(spec: spec(aliases: 4))
        let ps = w.programs!, m = ps.promptLength
        let cs = CorpusSpec(budget: 400, recitations: 6, schedule: .spaced, backgroundFraction: 0.5, sentenceLength: 8, seed: 3)
        let corpus = try Corpus(world: w, spec: cs)
        #expect(corpus.presentationPrompt.count == corpus.order.count && corpus.tokensTrained == corpus.uniqueTokens * 6)
        // Expected tokens of every presentation: program units under the name its turn gives.
        var shown = [Int: Int](), expected: [Int32] = []
        for (p, unit) in corpus.order.map(Int.init).enumerated() {
            var tokens = Array(corpus.unit(unit))
            var alias: Int32 = -1
            if corpus.programUnits.contains(unit) {
                let program = corpus.coveredPrograms[unit - corpus.programUnits.lowerBound]
                let name = shown[unit, default: 0] % ps.aliases(of: program)
                shown[unit, default: 0] += 1
                if name > 0 {
                    let start = ps.aliasPromptStart(of: program, alias: name)
                    tokens.replaceSubrange(0..<m, with: ps.aliasPrompts[start..<(start + m)])
                    alias = Int32(start)
                }
            }
            #expect(corpus.presentationPrompt[p] == alias)
            expected += tokens
        }
        #expect(corpus.coveredPrograms.contains { ps.aliases(of: $0) > 1 }, "the corpus needs a program with aliases")
        // The stream's targets are exactly those tokens, and each context is the unit's own past.
        var stream = ExampleStream(corpus: corpus)
        let k = 3, n = corpus.tokensTrained
        var ctx = [Int32](repeating: -1, count: n * k), tgt = [Int32](repeating: -1, count: n)
        var filled = 0
        while filled < n {
            let got = ctx.withUnsafeMutableBufferPointer { c in
                tgt.withUnsafeMutableBufferPointer { t in
                    stream.fill(contexts: c.baseAddress! + filled * k, targets: t.baseAddress! + filled,
                                batchSize: min(37, n - filled), contextLength: k)
                }
            }
            #expect(got > 0)
            filled += got
        }
        #expect(tgt == expected)
        // First token of every unit: BOS context; second: the first token.
        var at = 0
        for unit in corpus.order.map(Int.init) {
            let len = corpus.unit(unit).count
            #expect(ctx[at * k] == 0)
            if len > 1 { #expect(ctx[(at + 1) * k] == expected[at]) }
            at += len
        }
    }

    @Test func theEvaluationAsksWithTheFirstName() throws {
        let ps = try World(spec: spec(aliases: 4)).programs!
        for i in 0..<ps.count { #expect(ps.item(of: i).prompt == Array(ps.prompt(of: i))) }
        #expect(ps.difficultyClasses.names[2].contains("most names"))
    }

    @Test func needsSharedPromptsWithRoomForEveryName() {
        // One dedicated token per program has no pool to draw more names from.
        #expect(throws: WorldError.self) { try World(spec: self.spec(aliases: 2, promptLength: 1, pool: 0)) }
        // 60 programs × 8 names need 960 distinct pairs: a pool of 16 gives 256.
        #expect(throws: WorldError.self) { try World(spec: self.spec(aliases: 8, pool: 16)) }
        #expect(throws: WorldError.self) { try World(spec: self.spec(aliases: 0)) }
        #expect(throws: WorldError.self) { try World(spec: self.spec(aliases: 2, exponent: -1)) }
        #expect((try? World(spec: spec(aliases: 8, pool: 32))) != nil)
    }

    @Test func writtenOnlyWithAliases() throws {
        let off = String(decoding: try JSONEncoder().encode(spec(aliases: 1)), as: UTF8.self)
        let on = try JSONEncoder().encode(spec(aliases: 3, exponent: 0.5))
        #expect(!off.contains("programAliases") && !off.contains("programAliasExponent"))
        let back = try JSONDecoder().decode(WorldSpec.self, from: on)
        #expect(back.programAliases == 3 && back.programAliasExponent == 0.5)
    }
}
