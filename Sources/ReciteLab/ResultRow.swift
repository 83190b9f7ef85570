// One row of `runs.csv`: one (run, checkpoint, eval) in tidy long format, so any tool can read it.
import Foundation

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
    public var schedule: String
    public var regime: String
    public var budgetFlops: Double
    public var tokensTrained: Int
    public var flops: Double
    public var step: Int
    public var eval: String
    public var value: Double
    /// The world's entropy rate (the floor of `loss`), nats/token.
    public var entropyFloor: Double
    /// `ok`, or `diverged` when the run produced NaN/∞ (its value is then NaN).
    public var status: String
    /// Test-time recurrences `r` of a recurrent-depth model for this value; 0 for other models.
    public var recurrences: Int = 0

    public static let columns = [
        "run", "experiment", "seed", "world", "params", "width", "context", "unique_tokens", "recitations",
        "schedule", "regime", "budget_flops", "tokens_trained", "flops", "step", "eval", "value",
        "entropy_floor", "status", "recurrences",
    ]

    var fields: [String] {
        [run, experiment, String(seed), world, String(params), String(width), String(context), String(uniqueTokens),
         String(recitations), schedule, regime, ResultRow.number(budgetFlops), String(tokensTrained),
         ResultRow.number(flops), String(step), eval, ResultRow.number(value), ResultRow.number(entropyFloor), status,
         String(recurrences)]
    }

    /// Shortest text that reads back to the same Double (`%.17g` is exact; Swift's description is shortest).
    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    init?(fields f: [String]) {
        guard f.count == ResultRow.columns.count else { return nil }
        func int(_ s: String) -> Int? { Int(s) }
        func dbl(_ s: String) -> Double? { s == "nan" ? .nan : s == "inf" ? .infinity : s == "-inf" ? -.infinity : Double(s) }
        guard let seed = int(f[2]), let params = int(f[4]), let width = int(f[5]), let context = int(f[6]),
              let u = int(f[7]), let r = int(f[8]), let bf = dbl(f[11]), let d = int(f[12]), let fl = dbl(f[13]),
              let step = int(f[14]), let value = dbl(f[16]), let floor = dbl(f[17]), let rec = int(f[19]) else { return nil }
        self.init(run: f[0], experiment: f[1], seed: seed, world: f[3], params: params, width: width, context: context,
                  uniqueTokens: u, recitations: r, schedule: f[9], regime: f[10], budgetFlops: bf, tokensTrained: d,
                  flops: fl, step: step, eval: f[15], value: value, entropyFloor: floor, status: f[18], recurrences: rec)
    }

    public init(run: String, experiment: String, seed: Int, world: String, params: Int, width: Int, context: Int,
                uniqueTokens: Int, recitations: Int, schedule: String, regime: String, budgetFlops: Double,
                tokensTrained: Int, flops: Double, step: Int, eval: String, value: Double, entropyFloor: Double,
                status: String, recurrences: Int = 0) {
        self.run = run; self.experiment = experiment; self.seed = seed; self.world = world; self.params = params
        self.width = width; self.context = context; self.uniqueTokens = uniqueTokens; self.recitations = recitations
        self.schedule = schedule; self.regime = regime; self.budgetFlops = budgetFlops; self.tokensTrained = tokensTrained
        self.flops = flops; self.step = step; self.eval = eval; self.value = value; self.entropyFloor = entropyFloor
        self.status = status; self.recurrences = recurrences
    }
}

/// CSV for result rows (no field of ours holds a comma, quote or newline; names are checked).
public enum ResultsCSV {
    public static func render(_ rows: [ResultRow]) -> String {
        var out = ResultRow.columns.joined(separator: ",") + "\n"
        for r in rows { out += r.fields.joined(separator: ",") + "\n" }
        return out
    }

    public static func parse(_ text: String, path: String) throws -> [ResultRow] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let header = lines.first else { return [] }
        guard header == ResultRow.columns.joined(separator: ",") else {
            throw LabError.results(path: path, reason: "unexpected header; expected \(ResultRow.columns.joined(separator: ","))")
        }
        lines.removeFirst()
        return try lines.enumerated().map { i, line in
            guard let row = ResultRow(fields: line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) else {
                throw LabError.results(path: path, reason: "line \(i + 2) is malformed: \(line)")
            }
            return row
        }
    }

    public static func read(_ path: String) throws -> [ResultRow] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LabError.results(path: path, reason: "cannot read results")
        }
        return try parse(text, path: path)
    }
}
