// The vector tanh of the recurrent block, included once per instruction-set level by kernels.c
// after kernels_body.h (whose exp it uses), with SUFFIX defined. No include guard.
//
// Why it exists: the block s ← tanh(s·A + u) called the C library's scalar tanhf per element, about
// 8 ns each, which was two thirds of one application at the committed shape (README, Performance).
//
// The formula, on a = |x| with the sign put back at the end (so tanh(−x) = −tanh(x) bit for bit,
// tanh(−0) = −0 and a NaN keeps its sign and payload class):
//   a < 0.625:  a + a·z·P(z), z = a², Cephes' degree-4 minimax polynomial for tanhf (no
//               cancellation: the correction is at most 12% of a);
//   a ≥ 0.625:  t = e^(−2a) ∈ (0, 0.287], tanh a = (1 − t)/(1 + t). The exponent is never
//               positive, so nothing overflows; ±∞ clamps to t = the smallest normal and gives ±1.
// Both branches are computed for every lane and one is selected (no lane-dependent control flow),
// so an element's bits do not depend on its position in the buffer or on the buffer's length.

/// tanh of 16 lanes.
AI vf K(tanh_lanes)(vf x) {
    const vi sign_bit = (vi){0} + (int32_t)0x80000000;
    vi sign = (vi)x & sign_bit;
    vf a = (vf)((vi)x & ~sign_bit);
    // Small: Cephes tanhf, relative error about 1 ulp on [0, 0.625].
    vf z = a * a;
    vf p = K(splat)(-5.70498872745e-3f);
    p = p * z + 2.06390887954e-2f;
    p = p * z - 5.37397155531e-2f;
    p = p * z + 1.33314422036e-1f;
    p = p * z - 3.33332819422e-1f;
    vf small = (p * z) * a + a;
    // Large: from e^(−2a) (a NaN stays NaN through exp_nonpositive and the division).
    vf t = K(exp_nonpositive)(a * -2.0f);
    vf large = (1.0f - t) / (1.0f + t);
    vf y = K(vselect)(a < K(splat)(0.625f), large, small);
    return (vf)((vi)y | sign);
}

/// out[i] = tanh(x[i]); `out` may be `x`. The tail goes through the same lanes (padded with 0).
static void K(tanh)(const float *x, float *out, int64_t n) {
    int64_t i = 0;
    for (; i + LANES <= n; i += LANES) K(vstore)(out + i, K(tanh_lanes)(K(vload)(x + i)));
    if (i < n) {
        float buf[LANES] = {0};
        for (int64_t l = 0; l < n - i; l++) buf[l] = x[i + l];
        K(vstore)(buf, K(tanh_lanes)(K(vload)(buf)));
        for (int64_t l = 0; l < n - i; l++) out[i + l] = buf[l];
    }
}
