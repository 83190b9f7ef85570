// Run keys: a hash of the resolved configuration. A changed field changes it; key order, name,
// description and spelling out a default do not.
import Testing
@testable import ReciteLab

@Suite struct RunKeyTests {
    @Test func keyIsSixteenHexDigits() throws {
        let key = try tinyRun().key
        #expect(key.count == 16)
        #expect(key.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func keyOrderInTheFileDoesNotMatter() throws {
        let a = try loadRuns("""
            seed: 3
            model: {width: 8, context: 2}
            data: {unique_tokens: 500, recitations: 4}
            """)
        let b = try loadRuns("""
            data: {recitations: 4, unique_tokens: 500}
            model:
              context: 2
              width: 8
            seed: 3
            """)
        #expect(a[0].key == b[0].key)
    }

    @Test func nameAndDescriptionDoNotChangeTheKey() throws {
        let base = try tinyRun().key
        #expect(try tinyRun(["name=renamed"]).key == base)
        #expect(try tinyRun(["description=some words about the run"]).key == base)
    }

    @Test func spellingOutADefaultDoesNotChangeTheKey() throws {
        let base = try tinyRun().key
        #expect(try tinyRun(["model.combine=sum", "optimizer.momentum=0", "data.schedule=spaced"]).key == base)
    }

    @Test func everyChangedFieldChangesTheKey() throws {
        let changes = [
            "seed=2", "model.width=16", "model.context=2", "model.combine=concat", "optimizer.learning_rate=0.25",
            "optimizer.kind=adamw", "data.recitations=3", "data.unique_tokens=999", "data.schedule=massed",
            "world.background.vocabulary=32", "world.seed=5", "training.batch_size=16", "training.checkpoints=2",
            "evals.metrics=[loss]", "evals.held_out_tokens=128",
        ]
        let base = try tinyRun().key
        var keys: Set<String> = [base]
        for c in changes {
            let k = try tinyRun([c]).key
            #expect(k != base, "\(c) did not change the key")
            keys.insert(k)
        }
        #expect(keys.count == changes.count + 1, "two different changes gave the same key")
    }

    @Test func canonicalJSONIgnoresMappingOrder() {
        let a = ConfigValue.map(["b": .int(1), "a": .list([.double(0.5), .string("x")])])
        let b = ConfigValue.map(["a": .list([.double(0.5), .string("x")]), "b": .int(1)])
        #expect(a.canonicalJSON == "{\"a\":[0.5,\"x\"],\"b\":1}")
        #expect(a.stableKey == b.stableKey)
        #expect(a.stableKey != ConfigValue.map(["a": .list([.string("x"), .double(0.5)]), "b": .int(1)]).stableKey)
    }
}
