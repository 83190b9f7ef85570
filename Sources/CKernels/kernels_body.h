// The body of the row kernels, included once per instruction-set level by kernels.c with SUFFIX
// defined and (for x86 levels) a `#pragma clang attribute` target in force; K(name) appends the
// suffix, so every level has its own copies of the inlined helpers (clang refuses to pass 512-bit
// vectors to a function compiled for another target, even an always-inline one).
// No include guard: this file is meant to be included several times.

// MARK: - Lane-wise helpers

AI vf K(splat)(float x) { return (vf){0} * 0.0f + x; }
AI vf K(vload)(const float *p) { vf v; memcpy(&v, p, sizeof v); return v; }
AI void K(vstore)(float *p, vf v) { memcpy(p, &v, sizeof v); }
/// m ? b : a, lane by lane (m is all ones or all zeros per lane).
AI vf K(vselect)(vi m, vf a, vf b) { return (vf)(((vi)a & ~m) | ((vi)b & m)); }
/// b where b > a, else a: a NaN in `a` survives, a NaN in `b` is ignored (as in the Swift vmax).
AI vf K(vmax)(vf a, vf b) { return K(vselect)(b > a, a, b); }
AI vi K(lane_index)(void) { return (vi){0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}; }

/// Horizontal sum and maximum in a fixed order (lane 0 first).
AI float K(hsum)(vf v) { float s = v[0]; for (int l = 1; l < LANES; l++) s += v[l]; return s; }
AI float K(hmax)(vf v) { float m = v[0]; for (int l = 1; l < LANES; l++) if (v[l] > m) m = v[l]; return m; }

// MARK: - Vector exp

/// e^r by Cephes' degree-6 polynomial on x = n·ln2 + r, |r| ≤ ln2/2 (Cody–Waite split of ln2).
/// n is rounded by adding 1.5·2²³ (its low mantissa bits are then the integer) and read back as an
/// int32 difference of bit patterns.
AI vf K(exp_reduced)(vf xc, vi *n) {
    const float magic = 0x1.8p23f;
    vf t = xc * 1.44269504f + magic;
    vf fx = t - magic;
    *n = (vi)t - (vi)K(splat)(magic);
    vf r = xc - fx * 0.693359375f;
    r = r + fx * 2.12194440e-4f;
    vf y = K(splat)(1.9875691500e-4f);
    y = y * r + 1.3981999507e-3f;
    y = y * r + 8.3334519073e-3f;
    y = y * r + 4.1665795894e-2f;
    y = y * r + 1.6666665459e-1f;
    y = y * r + 5.0000001201e-1f;
    vf r2 = r * r;
    y = y * r2 + r;
    return y + 1.0f;
}

/// e^x for x ≤ 0 (after the max shift): n ∈ [−126, 0] fits one exponent field. Below −87.3365
/// the result is the smallest normal (≈ 1.2e-38) instead of a subnormal; NaN stays NaN.
AI vf K(exp_nonpositive)(vf x) {
    vf xc = K(vmax)(x, K(splat)(-87.33654f));
    vi n;
    vf y = K(exp_reduced)(xc, &n);
    return y * (vf)((n + 127) << 23);
}

/// e^x on the whole range: 2ⁿ as 2^⌊n/2⌋·2^⌈n/2⌉ (n = 128 near ln FLT_MAX); +∞ above 89.
AI vf K(exp_full)(vf x) {
    vf xc = K(vmax)(x, K(splat)(-87.33654f));
    xc = K(vselect)(x > K(splat)(89.0f), xc, K(splat)(89.0f));
    vi n;
    vf y = K(exp_reduced)(xc, &n);
    vi n1 = n >> 1, n2 = n - n1;
    return y * (vf)((n1 + 127) << 23) * (vf)((n2 + 127) << 23);
}

// MARK: - Row passes

/// Adds `bias` (if any) to `row[0..<n]` and returns the row maximum.
AI float K(add_bias_and_max)(float *row, const float *bias, int64_t n) {
    vf m = K(splat)(-INFINITY);
    int64_t i = 0;
    if (bias) {
        for (; i + LANES <= n; i += LANES) {
            vf v = K(vload)(row + i) + K(vload)(bias + i);
            K(vstore)(row + i, v);
            m = K(vmax)(m, v);
        }
    } else {
        for (; i + LANES <= n; i += LANES) m = K(vmax)(m, K(vload)(row + i));
    }
    float mx = K(hmax)(m);
    for (; i < n; i++) {
        if (bias) row[i] += bias[i];
        if (row[i] > mx) mx = row[i];
    }
    return mx;
}

/// Σ e^(row − shift), replacing the row by the exponentials when `store`. The tail goes through
/// the same vector exp (padded, masked), so every element is rounded the same way.
AI float K(exp_shift_sum)(float *row, float shift, int64_t n, int store) {
    vf s = K(splat)(0), sh = K(splat)(shift);
    int64_t i = 0;
    for (; i + LANES <= n; i += LANES) {
        vf e = K(exp_nonpositive)(K(vload)(row + i) - sh);
        if (store) K(vstore)(row + i, e);
        s += e;
    }
    int64_t rem = n - i;
    if (rem > 0) {
        float buf[LANES];
        for (int l = 0; l < LANES; l++) buf[l] = l < rem ? row[i + l] : shift;
        vf e = K(exp_nonpositive)(K(vload)(buf) - sh);
        e = K(vselect)(K(lane_index)() < (int32_t)rem, K(splat)(0), e);
        K(vstore)(buf, e);
        if (store) for (int64_t l = 0; l < rem; l++) row[i + l] = buf[l];
        s += e;
    }
    return K(hsum)(s);
}

/// `row *= c`, and `column_sum += row` (after scaling) when given.
AI void K(scale_accumulate)(float *row, float c, int64_t n, float *column_sum) {
    vf cv = K(splat)(c);
    int64_t i = 0;
    if (column_sum) {
        for (; i + LANES <= n; i += LANES) {
            vf v = K(vload)(row + i) * cv;
            K(vstore)(row + i, v);
            K(vstore)(column_sum + i, K(vload)(column_sum + i) + v);
        }
        for (; i < n; i++) { row[i] *= c; column_sum[i] += row[i]; }
    } else {
        for (; i + LANES <= n; i += LANES) K(vstore)(row + i, K(vload)(row + i) * cv);
        for (; i < n; i++) row[i] *= c;
    }
}

/// One row of the fused cross-entropy; returns −log p(y) in double.
AI double K(cross_entropy_row)(float *row, int64_t n, const float *bias, int64_t y, float grad_scale,
                            float *column_sum) {
    float m = K(add_bias_and_max)(row, bias, n);
    float zy = row[y];
    float s = K(exp_shift_sum)(row, m, n, 1);
    // (m − z_y) first: it can be huge (1e4) and is exact-ish; log s ∈ [0, log V] added after.
    double loss = ((double)m - (double)zy) + log((double)s);
    row[y] -= s;  // the one-hot, before the column sum sees the row
    K(scale_accumulate)(row, grad_scale / s, n, column_sum);
    return loss;
}

AI void K(log_softmax_row)(float *row, int64_t n, const float *bias) {
    float m = K(add_bias_and_max)(row, bias, n);
    float s = K(exp_shift_sum)(row, m, n, 0);
    float lse = m + (float)log((double)s);
    for (int64_t i = 0; i < n; i++) row[i] -= lse;
}

/// Evaluation of one row without writing it back: the bias is added in place, then
/// *lp_target = z_y − lse and *argmax = the first index of the largest z_c − lse, with
/// lse = m + (float)log(Σ e^(z − m)) exactly as log_softmax_row computes it (so the same bits as
/// a log-softmax followed by a scan), one exp pass and no store of the log-probabilities.
AI void K(eval_row)(float *row, int64_t n, const float *bias, int64_t y, float *lp_target, int32_t *argmax) {
    float m = K(add_bias_and_max)(row, bias, n);
    float s = K(exp_shift_sum)(row, m, n, 0);
    float lse = m + (float)log((double)s);
    *lp_target = row[y] - lse;
    // The scan's rule: start at index 0, take an index only when strictly larger (a NaN never
    // wins, and a NaN at index 0 keeps 0).
    float best = row[0] - lse;
    int64_t at = 0;
    if (best == best) {
        vf bv = K(splat)(-INFINITY), lv = K(splat)(lse);
        vi bi = (vi){0} + (int32_t)n, idx = K(lane_index)();
        int64_t i = 0;
        for (; i + LANES <= n; i += LANES) {
            vf v = K(vload)(row + i) - lv;
            vi gt = v > bv;
            bv = K(vselect)(gt, bv, v);
            bi = (bi & ~gt) | (idx & gt);
            idx = idx + LANES;
        }
        for (int l = 0; l < LANES; l++)
            if (bv[l] > best || (bv[l] == best && bi[l] < at)) { best = bv[l]; at = bi[l]; }
        for (; i < n; i++) {
            float v = row[i] - lse;
            if (v > best) { best = v; at = i; }
        }
    }
    *argmax = (int32_t)at;
}

// MARK: - Entry points of this level

static double K(ce_rows)(float *logits, int64_t rows, int64_t n, const float *bias, const int32_t *targets,
                         float grad_scale, float *row_loss, float *column_sum) {
    double total = 0;
    for (int64_t r = 0; r < rows; r++) {
        double loss = K(cross_entropy_row)(logits + r * n, n, bias, targets[r], grad_scale, column_sum);
        total += loss;
        if (row_loss) row_loss[r] = (float)loss;
    }
    return total;
}

static void K(eval_rows)(float *logits, int64_t rows, int64_t n, const float *bias, const int32_t *targets,
                         float *lp_target, int32_t *argmax) {
    for (int64_t r = 0; r < rows; r++) K(eval_row)(logits + r * n, n, bias, targets[r], lp_target + r, argmax + r);
}

static void K(log_softmax_rows)(float *logits, int64_t rows, int64_t n, const float *bias) {
    for (int64_t r = 0; r < rows; r++) K(log_softmax_row)(logits + r * n, n, bias);
}

/// Σ e^x[i] for x ≤ 0 through the softmax's own exp pass (the shifted-exp sum, nothing stored):
/// what the roofline times as the softmax's exp rate.
static float K(exp_sum)(const float *x, int64_t n) { return K(exp_shift_sum)((float *)x, 0.0f, n, 0); }

static void K(exp)(const float *x, float *out, int64_t n) {
    int64_t i = 0;
    for (; i + LANES <= n; i += LANES) K(vstore)(out + i, K(exp_full)(K(vload)(x + i)));
    if (i < n) {
        float buf[LANES] = {0};
        for (int64_t l = 0; l < n - i; l++) buf[l] = x[i + l];
        K(vstore)(buf, K(exp_full)(K(vload)(buf)));
        for (int64_t l = 0; l < n - i; l++) out[i + l] = buf[l];
    }
}
