// Fixed-size, 64-byte-aligned Float storage for hot loops: allocated once, never copied, no
// exclusivity checks on access. Parameters, gradients and optimizer state live in these.

/// A heap buffer of `count` Floats, aligned to 64 bytes (one cache line, one AVX-512 vector).
public final class FloatBuffer: @unchecked Sendable {
    public let count: Int
    public let base: UnsafeMutablePointer<Float>

    /// A buffer filled with `value`.
    public init(count: Int, value: Float = 0) {
        precondition(count >= 0, "FloatBuffer count must be non-negative")
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        base.initialize(repeating: value, count: max(count, 1))
    }

    /// A buffer holding a copy of `values`.
    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { if let p = $0.baseAddress { base.update(from: p, count: values.count) } }
    }

    deinit { base.deallocate() }

    @inline(__always)
    public subscript(i: Int) -> Float {
        get { base[i] }
        set { base[i] = newValue }
    }

    /// Sets every element to `value`.
    public func fill(_ value: Float) { base.update(repeating: value, count: count) }

    /// Copies `other` (same count) into this buffer.
    public func copy(from other: FloatBuffer) {
        precondition(other.count == count, "FloatBuffer copy: \(other.count) vs \(count)")
        base.update(from: other.base, count: count)
    }

    /// The contents as an array (allocates; not for hot loops).
    public var array: [Float] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
