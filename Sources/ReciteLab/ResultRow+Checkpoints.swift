// The final checkpoint of every run: what most figures plot (a run's earlier checkpoints are its
// training curve).

extension Array where Element == ResultRow {
    /// The rows at each run's last checkpoint (its largest `tokens_trained`, over all evals and
    /// statuses), in their original order.
    public var atFinalCheckpoint: [ResultRow] {
        var last: [String: Int] = [:]
        for r in self { last[r.run] = Swift.max(last[r.run] ?? 0, r.tokensTrained) }
        return filter { $0.tokensTrained == last[$0.run] }
    }
}
