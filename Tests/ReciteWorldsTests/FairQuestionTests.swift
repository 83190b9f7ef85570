import ReciteCore
import Testing

@testable import ReciteWorlds

// A value prior under which fair four-way questions cannot exist (the most common value above
// 1/4) is refused when the world is built, instead of drawing distractors forever.
@Suite struct FairQuestionTests {
    func spec(exponent: Double, values: Int = 256) -> WorldSpec {
        var s = WorldSpec(background: LanguageSpec(vocabulary: 256), facts: 64, valueCount: values, valuePriorExponent: exponent)
        s.seed = 1
        return s
    }

    @Test func aPriorWhoseTopValueExceedsAQuarterIsRefusedWithTheField() {
        // Zipf 1.2 over 256 values: the top value has probability 0.254.
                var text = ""
        do { _ = try World(spec: spec(exponent: 1.2)) } catch { text = "\(error)" }
        #expect(text.contains("valuePriorExponent") && text.contains("1/4") && text.contains("0.254"), "\(text)")
    }

    @Test func feasibilityFollowsTheTopShare() {
        let steep = KnowledgeBase.fairQuestionFeasibility(prior: AliasTable.zipfWeights(count: 256, exponent: 1.2))
        #expect(steep.topShare > 0.25 && steep.acceptance == 0)
        let committed = KnowledgeBase.fairQuestionFeasibility(prior: AliasTable.zipfWeights(count: 256, exponent: 1.0))
        #expect(committed.topShare < 0.2 && committed.acceptance == 1)
        // Near the bound the tilted law exists but keeps few draws: 4 values at 0.24, 0.24, 0.24, 0.28 → refused;
        // 0.22 at the top of five values → kept often enough.
        #expect(KnowledgeBase.fairQuestionFeasibility(prior: [0.28, 0.24, 0.24, 0.24]).acceptance == 0)
        let near = KnowledgeBase.fairQuestionFeasibility(prior: [0.22, 0.2, 0.2, 0.19, 0.19])
        #expect(near.topShare >= 0.2 && near.acceptance > 1e-5 && near.acceptance < 1)
        // Zipf 1.0 over 32 values (0.246 at the top) is slow to draw but fair: kept.
        let slow = KnowledgeBase.fairQuestionFeasibility(prior: AliasTable.zipfWeights(count: 32, exponent: 1.0))
        #expect(slow.topShare < 0.25 && slow.acceptance > 1e-5)
    }

    @Test func theCommittedPriorStillBuildsAndAsksQuestions() throws {
        let world = try World(spec: spec(exponent: 1.0))
        var rng = Xoshiro256(seed: 3, stream: 1)
        let qs = world.knowledge!.questions(count: 100, rng: &rng)
        #expect(qs.count == 100 && qs.allSatisfy { Set($0.options).count == 4 })
    }
}
