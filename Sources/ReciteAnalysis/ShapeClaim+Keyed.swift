// One place that builds a claim with a stable key, so the claim type's initialiser can change
// (the figures library gives every claim an id `<figure>.<key>`) without touching every claim.

extension ShapeClaim {
    /// A claim whose stable id is `<figure>.<key>`.
    static func keyed(figure: String, key: String, claim: String, measured: String, expected: String, passed: Bool) -> ShapeClaim {
        ShapeClaim(figure: figure, key: key, claim: claim, measured: measured, expected: expected, passed: passed)
    }
}
