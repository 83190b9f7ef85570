// One row of `runs.csv`: one (run, checkpoint, eval) in tidy long format, so any tool can read it.
// Reading is strict: a schedule, regime, eval or status the code does not know is an error naming
// the file, line and column, never a silently relabelled row.
import Foundation
import ReciteReport
import ReciteWorlds

/// How a run ended, at one checkpoint.
public enum RunStatus: String, Codable, CaseIterable, Hashable, Sendable {
    /// The model stayed finite; `value` is a measurement.
    case ok
    /// The run produced NaN/∞; `value` is NaN and the run is left out of every mean.
    case diverged
}

/// A measurement at one checkpoint of one run.
public struct ResultRow: Hashable, Sendable {
    public var run: String
    public var experiment: String
    public var seed: Int
    public var world: String
    public var params: Int
    public var width: Int
    public var context: Int
    public var uniqueTokens: Int
    public var recitations: Int
    public var schedule: Schedule
    public var regime: Regime
    public var budgetFlops: Double
    public var tokensTrained: Int
    public var flops: Double
    public var step: Int
    public var eval: EvalKind
    public var value: Double
    /// The world's entropy rate (the floor of `loss`), nats/token.
    public var entropyFloor: Double
    public var status: RunStatus
    /// Test-time recurrences `r` of a recurrent-depth model for this value; 0 for other models.
    public var recurrences: Int = 0

    public static let columns = [
        "run", "experiment", "seed", "world", "params", "width", "context", "unique_tokens", "recitations",
        "schedule", "regime", "budget_flops", "tokens_trained", "flops", "step", "eval", "value",
        "entropy_floor", "status", "recurrences",
    ]

    var fields: [String] {
        [run, experiment, String(seed), world, String(params), String(width), String(context), String(uniqueTokens),
         String(recitations), schedule.rawValue, regime.rawValue, ResultRow.number(budgetFlops), String(tokensTrained),
         ResultRow.number(flops), String(step), eval.rawValue, ResultRow.number(value), ResultRow.number(entropyFloor), status.rawValue,
         String(recurrences)]
    }

    /// Shortest text that reads back to the same Double (`%.17g` is exact; Swift's description is shortest).
    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// Parses one record of `runs.csv` (fields in `columns` order); `where` names the file and line.
    init(fields f: [String], where place: String) throws {
        guard f.count == ResultRow.columns.count else {
            throw LabError.results(path: place, reason: "expected \(ResultRow.columns.count) fields, found \(f.count)")
        }
        func fail(_ i: Int, _ expected: String) -> LabError {
            LabError.results(path: place, reason: "column \(ResultRow.columns[i]): expected \(expected), found '\(f[i])'")
        }
        func int(_ i: Int) throws -> Int { guard let v = Int(f[i]) else { throw fail(i, "an integer") }; return v }
        func dbl(_ i: Int) throws -> Double {
            switch f[i] {
            case "nan": return .nan
            case "inf": return .infinity
            case "-inf": return -.infinity
            default: guard let v = Double(f[i]) else { throw fail(i, "a number") }; return v
            }
        }
        func choice<E: RawRepresentable & CaseIterable>(_ i: Int, _: E.Type) throws -> E where E.RawValue == String {
            guard let v = E(rawValue: f[i]) else { throw fail(i, "one of " + E.allCases.map(\.rawValue).joined(separator: ", ")) }
            return v
        }
        self.init(run: f[0], experiment: f[1], seed: try int(2), world: f[3], params: try int(4), width: try int(5),
                  context: try int(6), uniqueTokens: try int(7), recitations: try int(8), schedule: try choice(9, Schedule.self),
                  regime: try choice(10, Regime.self), budgetFlops: try dbl(11), tokensTrained: try int(12), flops: try dbl(13),
                  step: try int(14), eval: try choice(15, EvalKind.self), value: try dbl(16), entropyFloor: try dbl(17),
                  status: try choice(18, RunStatus.self), recurrences: try int(19))
    }

    public init(run: String, experiment: String, seed: Int, world: String, params: Int, width: Int, context: Int,
                uniqueTokens: Int, recitations: Int, schedule: Schedule, regime: Regime, budgetFlops: Double,
                tokensTrained: Int, flops: Double, step: Int, eval: EvalKind, value: Double, entropyFloor: Double,
                status: RunStatus, recurrences: Int = 0) {
        self.run = run; self.experiment = experiment; self.seed = seed; self.world = world; self.params = params
        self.width = width; self.context = context; self.uniqueTokens = uniqueTokens; self.recitations = recitations
        self.schedule = schedule; self.regime = regime; self.budgetFlops = budgetFlops; self.tokensTrained = tokensTrained
        self.flops = flops; self.step = step; self.eval = eval; self.value = value; self.entropyFloor = entropyFloor
        self.status = status; self.recurrences = recurrences
    }
}

/// CSV for result rows (written unquoted: no field of ours holds a comma, quote or newline; names are checked).
public enum ResultsCSV {
    public static func render(_ rows: [ResultRow]) -> String {
        var out = ResultRow.columns.joined(separator: ",") + "\n"
        for r in rows { out += r.fields.joined(separator: ",") + "\n" }
        return out
    }

    /// Parses `runs.csv` text (the RFC 4180 reader of ReciteReport; the header must be `columns`).
    public static func parse(_ text: String, path: String) throws -> [ResultRow] {
        let records: [CSV.Record]
        do { records = try CSV.parse(text, file: path) } catch { throw LabError.results(path: path, reason: "\(error)") }
        guard let header = records.first else { return [] }
        guard header.fields == ResultRow.columns else {
            throw LabError.results(path: path, reason: "unexpected header; expected \(ResultRow.columns.joined(separator: ","))")
        }
        return try records.dropFirst().map { try ResultRow(fields: $0.fields, where: "\(path), line \($0.line)") }
    }

    public static func read(_ path: String) throws -> [ResultRow] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LabError.results(path: path, reason: "cannot read results")
        }
        return try parse(text, path: path)
    }
}
