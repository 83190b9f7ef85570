// The pointer-chasing task: tables are forests of R equal chains, depths are uniform, the
// statistics one application could read off a table are the same for every root.
import Testing
import ReciteCore
@testable import ReciteWorlds

@Suite struct PointerChaseTests {
    @Test func tablesAreForestsOfEqualChains() throws {
        let task = try PointerChase(spec: PointerChaseSpec(roots: 4, depth: 3))
        var rng = Xoshiro256(seed: 4)
        for _ in 0..<200 {
            let t = task.table(&rng)
            #expect(t.pointers.count == 16 && t.roots.count == 4)
            for r in t.roots { #expect(t.pointers[Int(r) - 1] == r) }
            // Every root has exactly one child, every chain exactly 3 non-roots at depths 1, 2, 3.
            for r in t.roots {
                let members = (1...16).filter { t.rootOf[$0 - 1] == r }
                #expect(members.map { t.depth[$0 - 1] }.sorted() == [0, 1, 2, 3])
                #expect((1...16).filter { t.pointers[$0 - 1] == r && Int32($0) != r }.count == 1)
            }
        }
    }

    @Test func startDepthIsUniformAndAnswersAreRoots() throws {
        let task = try PointerChase(spec: PointerChaseSpec(roots: 4, depth: 4))
        var rng = Xoshiro256(seed: 9)
        let (contexts, targets, depths) = task.examples(count: 8000, rng: &rng)
        var counts = [Int](repeating: 0, count: 5)
        for d in depths { counts[d] += 1 }
        #expect(counts[0] == 0)
        for d in 1...4 { #expect(abs(counts[d] - 2000) < 150, "depth counts \(counts)") }  // ≈ 5.5 sd
        let k = task.contextLength
        for i in 0..<100 {
            let answer = targets[i]
            #expect(contexts[i * k + Int(answer)] == answer, "the answer points to itself")
            #expect(contexts[i * k] != answer, "the start is not a root")
        }
    }

    @Test func questionsOfferFourRootsOnce() throws {
        let task = try PointerChase(spec: PointerChaseSpec(roots: 5, depth: 2))
        var rng = Xoshiro256(seed: 1)
        var answerSlots = [Int](repeating: 0, count: 4)
        for _ in 0..<2000 {
            let q = task.question(&rng)
            #expect(Set(q.options).count == 4)
            for o in q.options { #expect(q.context[Int(o)] == o) }  // every option is a root
            answerSlots[q.answer] += 1
        }
        for c in answerSlots { #expect(abs(c - 500) < 110, "answer positions \(answerSlots)") }
    }

    @Test func badSpecsNameTheField() {
        #expect(throws: WorldError.self) { try PointerChase(spec: PointerChaseSpec(roots: 3, depth: 2)) }
        #expect(throws: WorldError.self) { try PointerChase(spec: PointerChaseSpec(roots: 4, depth: 16)) }
        #expect(throws: WorldError.self) { try PointerChase(spec: PointerChaseSpec(roots: 4, depth: 0)) }
        #expect((try? PointerChase(spec: PointerChaseSpec(roots: 4, depth: 15))) != nil)  // 64 nodes
    }
}
