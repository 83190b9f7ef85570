// Row-major Float matrices over contiguous storage: the one tensor type of ReciteCore.

/// A dense row-major `rows × cols` matrix of `Float`. Element `(i, j)` lives at `i * cols + j`.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    public var storage: [Float]

    /// A matrix filled with `value`.
    public init(rows: Int, cols: Int, value: Float = 0) {
        precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows; self.cols = cols
        storage = [Float](repeating: value, count: rows * cols)
    }

    /// A matrix over existing row-major storage (`storage.count == rows * cols`).
    public init(rows: Int, cols: Int, storage: [Float]) {
        precondition(storage.count == rows * cols, "storage has \(storage.count) elements, expected \(rows * cols)")
        self.rows = rows; self.cols = cols; self.storage = storage
    }

    /// Entries drawn i.i.d. from N(0, std²) with the given generator.
    public static func gaussian(rows: Int, cols: Int, std: Float, rng: inout Xoshiro256) -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for i in 0..<m.storage.count { m.storage[i] = Float(rng.nextGaussian()) * std }
        return m
    }

    public var count: Int { storage.count }

    @inline(__always)
    public subscript(i: Int, j: Int) -> Float {
        get { storage[i * cols + j] }
        set { storage[i * cols + j] = newValue }
    }

    /// The transpose, materialised (for tests and small set-up work, not hot loops).
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for i in 0..<rows { for j in 0..<cols { t[j, i] = self[i, j] } }
        return t
    }

    /// Largest absolute elementwise difference to `other` (same shape).
    public func maxAbsDifference(_ other: Matrix) -> Float {
        precondition(rows == other.rows && cols == other.cols, "shape mismatch")
        var m: Float = 0
        for i in 0..<storage.count { m = Swift.max(m, abs(storage[i] - other.storage[i])) }
        return m
    }
}
