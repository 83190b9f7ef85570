// Short vector loops inlined into the gather and scatter: for rows of d = 16…256 Floats a call
// into BLAS (argument checks, dispatch) costs about as much as the arithmetic itself.

/// Inline SIMD loops over contiguous Floats.
enum Vector {
    /// `y[0..<n] += α·x[0..<n]`.
    @inline(__always)
    static func axpy(_ n: Int, _ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        var i = 0
        let xr = UnsafeRawPointer(x), yr = UnsafeMutableRawPointer(y), a = SIMD8<Float>(repeating: alpha)
        while i + 8 <= n {
            let v = yr.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) + a * xr.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            yr.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { y[i] += alpha * x[i]; i += 1 }
    }

    /// `y[0..<n] += x[0..<n]`.
    @inline(__always)
    static func add(_ n: Int, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        var i = 0
        let xr = UnsafeRawPointer(x), yr = UnsafeMutableRawPointer(y)
        while i + 8 <= n {
            let v = yr.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) + xr.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            yr.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { y[i] += x[i]; i += 1 }
    }
}
