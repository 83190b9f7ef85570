// The narrow-width training step's row kernel, included once per instruction-set level by kernels.c
// after kernels_body.h (whose helpers it uses), with SUFFIX defined. No include guard.
//
// Why it exists: at hidden width H ≤ CK_NARROW_MAX_WIDTH the three products of a step are each a
// few fused multiply-adds per logit, too small for sgemm's packing and tiling to pay, and the step
// is bound by passes over the B·V logits (the vocab-accuracy runs, V = 40,961: 10.5 MB a step,
// streamed five times through L3). Here each row of logits is made, soft-maxed and consumed while it
// sits in L1/L2: h·W and the row maximum in one pass, the exponentials in a second, and in a third
// the gradient row g, the bias gradient, dh = g·Wᵀ and the row's share of hᵀg, accumulated into a
// per-chunk H × V buffer. g is never stored.

/// dst[0..<LANES] = src[0..<rem], padded with `pad` (a tail as one vector).
AI vf K(load_tail)(const float *src, int64_t rem, float pad) {
    float buf[LANES];
    for (int l = 0; l < LANES; l++) buf[l] = l < rem ? src[l] : pad;
    return K(vload)(buf);
}

AI void K(store_tail)(float *dst, vf v, int64_t rem) {
    float buf[LANES];
    K(vstore)(buf, v);
    for (int64_t l = 0; l < rem; l++) dst[l] = buf[l];
}

/// z = h·W[:, i..<i+LANES] (+ bias): the product first, in j order, then the bias, as sgemm then
/// the softmax kernel's bias pass would order them.
AI vf K(narrow_logits)(const float *hr, int64_t H, const float *W, int64_t n, int64_t i, int64_t rem,
                       const float *bias) {
    vf z = rem == LANES ? hr[0] * K(vload)(W + i) : hr[0] * K(load_tail)(W + i, rem, 0);
    for (int64_t j = 1; j < H; j++) {
        vf w = rem == LANES ? K(vload)(W + j * n + i) : K(load_tail)(W + j * n + i, rem, 0);
        z = hr[j] * w + z;
    }
    if (bias) z = z + (rem == LANES ? K(vload)(bias + i) : K(load_tail)(bias + i, rem, 0));
    return z;
}

/// dst[0..<n] = h·W[:, 0..<n] (+ bias) for one row (W's rows `ld` floats apart); returns the maximum.
AI float K(narrow_logits_span)(const float *hr, int64_t H, const float *W, int64_t ld, int64_t n, const float *bias,
                               float *dst) {
    vf mv = K(splat)(-INFINITY);
    int64_t i = 0;
    for (; i + LANES <= n; i += LANES) {
        vf z = K(narrow_logits)(hr, H, W, ld, i, LANES, bias);
        K(vstore)(dst + i, z);
        mv = K(vmax)(mv, z);
    }
    float m = K(hmax)(mv);
    if (i < n) {
        vf z = K(narrow_logits)(hr, H, W, ld, i, n - i, bias);
        K(store_tail)(dst + i, z, n - i);
        for (int64_t l = 0; l < n - i; l++) if (z[l] > m) m = z[l];
    }
    return m;
}

/// Pass 1 of four rows at once (rows `h0 + q·H`, into `dst + q·n`): the same operations per
/// element as `narrow_logits_span` on each row, with each vector of W loaded once for the four.
/// Stores the four maxima in m[0..<4].
AI void K(narrow_logits_span4)(const float *h0, int64_t H, const float *W, int64_t n, const float *bias, float *dst,
                               float *m) {
    vf mv[4] = {K(splat)(-INFINITY), K(splat)(-INFINITY), K(splat)(-INFINITY), K(splat)(-INFINITY)};
    int64_t i = 0;
    for (; i + LANES <= n; i += LANES) {
        vf w = K(vload)(W + i);
        vf z[4];
        for (int q = 0; q < 4; q++) z[q] = h0[q * H] * w;
        for (int64_t j = 1; j < H; j++) {
            w = K(vload)(W + j * n + i);
            for (int q = 0; q < 4; q++) z[q] = h0[q * H + j] * w + z[q];
        }
        if (bias) { vf b = K(vload)(bias + i); for (int q = 0; q < 4; q++) z[q] = z[q] + b; }
        for (int q = 0; q < 4; q++) { K(vstore)(dst + q * n + i, z[q]); mv[q] = K(vmax)(mv[q], z[q]); }
    }
    for (int q = 0; q < 4; q++) {
        m[q] = K(hmax)(mv[q]);
        if (i < n) {
            vf z = K(narrow_logits)(h0 + q * H, H, W, n, i, n - i, bias);
            K(store_tail)(dst + q * n + i, z, n - i);
            for (int64_t l = 0; l < n - i; l++) if (z[l] > m[q]) m[q] = z[l];
        }
    }
}

/// Columns i..<i+rem of one row's pass 3: g = row·c; column_sum += g; dot[j] += g·W[j, :];
/// dW_acc[j, :] += h_j·g. Inlined with rem = LANES in the main loop (no tail branches there).
AI void K(narrow_backward)(const float *restrict row, const float *restrict hr, const int64_t H, const float *restrict W, int64_t n, int64_t i,
                           int64_t rem, vf c, vf *restrict dot, float *restrict dW_acc, float *restrict column_sum) {
    vf g = (rem == LANES ? K(vload)(row + i) : K(load_tail)(row + i, rem, 0)) * c;
    if (column_sum) {
        vf cs = (rem == LANES ? K(vload)(column_sum + i) : K(load_tail)(column_sum + i, rem, 0)) + g;
        if (rem == LANES) K(vstore)(column_sum + i, cs); else K(store_tail)(column_sum + i, cs, rem);
    }
    for (int64_t j = 0; j < H; j++) {
        float *acc = dW_acc + j * n + i;
        vf w = rem == LANES ? K(vload)(W + j * n + i) : K(load_tail)(W + j * n + i, rem, 0);
        dot[j] = g * w + dot[j];
        vf a = hr[j] * g + (rem == LANES ? K(vload)(acc) : K(load_tail)(acc, rem, 0));
        if (rem == LANES) K(vstore)(acc, a); else K(store_tail)(acc, a, rem);
    }
}

/// Pass 3 of two rows at once (rows a and b, in that order) over columns i..<i+rem: per element the
/// same operations in the same order as `narrow_backward` on row a and then on row b (the column
/// sum and the accumulator take a's term, then b's; the dot products are per row), so the bits are
/// those of the one-row loop, with the accumulator and the column sum loaded and stored once for
/// both rows instead of once per row.
AI void K(narrow_backward2)(const float *restrict ra, const float *restrict rb, const float *restrict ha,
                            const float *restrict hb, const int64_t H, const float *restrict W, int64_t n, int64_t i,
                            int64_t rem, vf ca, vf cb, vf *restrict dota, vf *restrict dotb, float *restrict dW_acc,
                            float *restrict column_sum) {
    vf ga = (rem == LANES ? K(vload)(ra + i) : K(load_tail)(ra + i, rem, 0)) * ca;
    vf gb = (rem == LANES ? K(vload)(rb + i) : K(load_tail)(rb + i, rem, 0)) * cb;
    if (column_sum) {
        vf cs = ((rem == LANES ? K(vload)(column_sum + i) : K(load_tail)(column_sum + i, rem, 0)) + ga) + gb;
        if (rem == LANES) K(vstore)(column_sum + i, cs); else K(store_tail)(column_sum + i, cs, rem);
    }
    for (int64_t j = 0; j < H; j++) {
        float *acc = dW_acc + j * n + i;
        vf w = rem == LANES ? K(vload)(W + j * n + i) : K(load_tail)(W + j * n + i, rem, 0);
        dota[j] = ga * w + dota[j];
        dotb[j] = gb * w + dotb[j];
        vf a = ha[j] * ga + (rem == LANES ? K(vload)(acc) : K(load_tail)(acc, rem, 0));
        a = hb[j] * gb + a;
        if (rem == LANES) K(vstore)(acc, a); else K(store_tail)(acc, a, rem);
    }
}

/// Pass 3 of four rows at once (rows 0-3, in that order) over columns i..<i+rem: per element the
/// same operations in the same order as `narrow_backward` on each row in turn, so the bits are
/// those of the one-row loop, with the accumulator and the column sum loaded and stored once for
/// four rows. The accumulator's traffic is what bounds pass 3 once H·V floats leave L1 (H ≥ 4 at
/// V = 1,025 on a 32 KB L1).
AI void K(narrow_backward4)(const float *restrict r0, const float *restrict h0, const int64_t H, const float *restrict W,
                            int64_t n, int64_t i, int64_t rem, const vf *restrict c, vf *restrict d0, vf *restrict d1,
                            vf *restrict d2, vf *restrict d3, float *restrict dW_acc, float *restrict column_sum) {
    vf g0 = (rem == LANES ? K(vload)(r0 + i) : K(load_tail)(r0 + i, rem, 0)) * c[0];
    vf g1 = (rem == LANES ? K(vload)(r0 + n + i) : K(load_tail)(r0 + n + i, rem, 0)) * c[1];
    vf g2 = (rem == LANES ? K(vload)(r0 + 2 * n + i) : K(load_tail)(r0 + 2 * n + i, rem, 0)) * c[2];
    vf g3 = (rem == LANES ? K(vload)(r0 + 3 * n + i) : K(load_tail)(r0 + 3 * n + i, rem, 0)) * c[3];
    if (column_sum) {
        vf cs = ((((rem == LANES ? K(vload)(column_sum + i) : K(load_tail)(column_sum + i, rem, 0)) + g0) + g1) + g2) + g3;
        if (rem == LANES) K(vstore)(column_sum + i, cs); else K(store_tail)(column_sum + i, cs, rem);
    }
    for (int64_t j = 0; j < H; j++) {
        float *acc = dW_acc + j * n + i;
        vf w = rem == LANES ? K(vload)(W + j * n + i) : K(load_tail)(W + j * n + i, rem, 0);
        d0[j] = g0 * w + d0[j];
        d1[j] = g1 * w + d1[j];
        d2[j] = g2 * w + d2[j];
        d3[j] = g3 * w + d3[j];
        vf a = h0[j] * g0 + (rem == LANES ? K(vload)(acc) : K(load_tail)(acc, rem, 0));
        a = h0[H + j] * g1 + a;
        a = h0[2 * H + j] * g2 + a;
        a = h0[3 * H + j] * g3 + a;
        if (rem == LANES) K(vstore)(acc, a); else K(store_tail)(acc, a, rem);
    }
}

/// Pass 3 of four rows at once (rows 0-3 of `r0`, each `n` floats), one row of W at a time: first
/// g = row·c into the rows in place and the column sum (a's term, then b's, c's, d's), then for
/// each j the four dot products dh[q, j] = Σ g_q·W[j, :] and the accumulator row
/// dW_acc[j, :] += h_q[j]·g_q in row order. Per element these are the operations of
/// `narrow_backward` on each row in turn, in the same order (each dot product still runs over the
/// columns in order, each accumulator element over the rows), so the bits are the one-row loop's.
/// Taking j outermost keeps four dot products in registers whatever H is (with every j at once,
/// 4·H 16-lane accumulators spill on AVX2 from H = 4), and the accumulator is loaded and stored once
/// for the four rows. (Making g in the j = 0 sweep instead of its own was no faster, and slower at
/// H = 1-2.)
AI void K(narrow_backward4_by_row_of_W)(float *restrict r0, const float *restrict h0, const int64_t H,
                                        const float *restrict W, int64_t n, const vf *restrict c,
                                        float *restrict dh, float *restrict dW_acc, float *restrict column_sum) {
    float *restrict r1 = r0 + n, *restrict r2 = r0 + 2 * n, *restrict r3 = r0 + 3 * n;
    int64_t i = 0;
    for (; i + LANES <= n; i += LANES) {
        vf g0 = K(vload)(r0 + i) * c[0], g1 = K(vload)(r1 + i) * c[1];
        vf g2 = K(vload)(r2 + i) * c[2], g3 = K(vload)(r3 + i) * c[3];
        K(vstore)(r0 + i, g0); K(vstore)(r1 + i, g1); K(vstore)(r2 + i, g2); K(vstore)(r3 + i, g3);
        if (column_sum) K(vstore)(column_sum + i, (((K(vload)(column_sum + i) + g0) + g1) + g2) + g3);
    }
    const int64_t rem = n - i;
    if (rem > 0) {
        vf g0 = K(load_tail)(r0 + i, rem, 0) * c[0], g1 = K(load_tail)(r1 + i, rem, 0) * c[1];
        vf g2 = K(load_tail)(r2 + i, rem, 0) * c[2], g3 = K(load_tail)(r3 + i, rem, 0) * c[3];
        K(store_tail)(r0 + i, g0, rem); K(store_tail)(r1 + i, g1, rem);
        K(store_tail)(r2 + i, g2, rem); K(store_tail)(r3 + i, g3, rem);
        if (column_sum) K(store_tail)(column_sum + i, (((K(load_tail)(column_sum + i, rem, 0) + g0) + g1) + g2) + g3, rem);
    }
    for (int64_t j = 0; j < H; j++) {
        const float *restrict wj = W + j * n;
        float *restrict acc = dW_acc + j * n;
        const float h0j = h0[j], h1j = h0[H + j], h2j = h0[2 * H + j], h3j = h0[3 * H + j];
        vf d0 = K(splat)(0), d1 = K(splat)(0), d2 = K(splat)(0), d3 = K(splat)(0);
        for (i = 0; i + LANES <= n; i += LANES) {
            vf w = K(vload)(wj + i);
            vf g0 = K(vload)(r0 + i), g1 = K(vload)(r1 + i), g2 = K(vload)(r2 + i), g3 = K(vload)(r3 + i);
            d0 = g0 * w + d0; d1 = g1 * w + d1; d2 = g2 * w + d2; d3 = g3 * w + d3;
            vf a = h0j * g0 + K(vload)(acc + i);
            a = h1j * g1 + a; a = h2j * g2 + a; a = h3j * g3 + a;
            K(vstore)(acc + i, a);
        }
        if (rem > 0) {
            // The tail as one padded vector, as `narrow_backward` takes it: there the padding lanes
            // are g = 0·c and w = 0, here g = 0 and w = 0, which add the same +0 to the dot products.
            vf w = K(load_tail)(wj + i, rem, 0);
            vf g0 = K(load_tail)(r0 + i, rem, 0), g1 = K(load_tail)(r1 + i, rem, 0);
            vf g2 = K(load_tail)(r2 + i, rem, 0), g3 = K(load_tail)(r3 + i, rem, 0);
            d0 = g0 * w + d0; d1 = g1 * w + d1; d2 = g2 * w + d2; d3 = g3 * w + d3;
            vf a = h0j * g0 + K(load_tail)(acc + i, rem, 0);
            a = h1j * g1 + a; a = h2j * g2 + a; a = h3j * g3 + a;
            K(store_tail)(acc + i, a, rem);
        }
        dh[j] = K(hsum)(d0); dh[H + j] = K(hsum)(d1); dh[2 * H + j] = K(hsum)(d2); dh[3 * H + j] = K(hsum)(d3);
    }
}

/// Passes 1 and 2 of one row: logits into `row`, exponentials in place, the one-hot subtracted;
/// returns −log p(y) (in double) and the row's sum in *s.
AI double K(narrow_forward_row)(const float *hr, int64_t H, const float *W, int64_t n, const float *bias, int64_t y,
                                float *row, float *s) {
    const float m = K(narrow_logits_span)(hr, H, W, n, n, bias, row);
    float zy = row[y];
    *s = K(exp_shift_sum)(row, m, n, 1);
    double loss = ((double)m - (double)zy) + log((double)*s);
    row[y] -= *s;  // the one-hot, before any sum sees the row
    return loss;
}

/// The rows at one width H; always inlined into `narrow_rows`' switch, so that each H gets its own
/// copy with the j loops unrolled and the H dot products in registers (a run-time H kept them on
/// the stack: 8× slower at H = 8).
AI double K(narrow_rows_at)(const float *h, int64_t rows, const int64_t H, const float *W, int64_t n,
                            const float *bias, const int32_t *targets, float grad_scale, float *row,
                            float *dh, float *dW_acc, float *column_sum) {
    double total = 0;
    int64_t r = 0;
    // Four rows at a time (NARROW_QUAD_MAX_WIDTH, set per level by kernels.c): pass 1 loads W once
    // for the four and pass 3 loads and stores the accumulator once for them (at H = 5-6 this beats
    // two pairs by 1.4-1.9× on a Zen 4, and one row at a time by 2-3× on a Zen 3 with AVX2). Pass 3
    // goes by rows of W where the level says so (NARROW_BY_ROW_OF_W_MAX_CLASSES), else in one sweep.
    // The bits are the one-row loop's either way.
    for (; H <= NARROW_QUAD_MAX_WIDTH && r + 3 < rows; r += 4) {
        const float *h0 = h + r * H;
        vf c[4];
        float m[4];
        K(narrow_logits_span4)(h0, H, W, n, bias, row, m);
        for (int q = 0; q < 4; q++) {
            float *rq = row + q * n;
            const float zy = rq[targets[r + q]];
            const float sq = K(exp_shift_sum)(rq, m[q], n, 1);
            total += ((double)m[q] - (double)zy) + log((double)sq);
            rq[targets[r + q]] -= sq;  // the one-hot, before any sum sees the row
            c[q] = K(splat)(grad_scale / sq);
        }
        if (n <= NARROW_BY_ROW_OF_W_MAX_CLASSES) {
            K(narrow_backward4_by_row_of_W)(row, h0, H, W, n, c, dh + r * H, dW_acc, column_sum);
        } else {
            // One sweep with every j at once: 4·H dot products (they spill where the registers run out).
            vf d0[CK_NARROW_MAX_WIDTH], d1[CK_NARROW_MAX_WIDTH], d2[CK_NARROW_MAX_WIDTH], d3[CK_NARROW_MAX_WIDTH];
            for (int64_t j = 0; j < H; j++) d0[j] = d1[j] = d2[j] = d3[j] = K(splat)(0);
            int64_t i;
            for (i = 0; i + LANES <= n; i += LANES) K(narrow_backward4)(row, h0, H, W, n, i, LANES, c, d0, d1, d2, d3, dW_acc, column_sum);
            if (i < n) K(narrow_backward4)(row, h0, H, W, n, i, n - i, c, d0, d1, d2, d3, dW_acc, column_sum);
            for (int64_t j = 0; j < H; j++) {
                dh[r * H + j] = K(hsum)(d0[j]); dh[(r + 1) * H + j] = K(hsum)(d1[j]);
                dh[(r + 2) * H + j] = K(hsum)(d2[j]); dh[(r + 3) * H + j] = K(hsum)(d3[j]);
            }
        }
    }
    // Two rows at a time where the width leaves registers for both rows' dot products
    // (NARROW_PAIR_MAX_WIDTH, set per level by kernels.c): the bits are the one-row loop's.
    for (; H <= NARROW_PAIR_MAX_WIDTH && r + 1 < rows; r += 2) {
        const float *ha = h + r * H, *hb = ha + H;
        float *ra = row, *rb = row + n;
        float sa, sb;
        total += K(narrow_forward_row)(ha, H, W, n, bias, targets[r], ra, &sa);
        total += K(narrow_forward_row)(hb, H, W, n, bias, targets[r + 1], rb, &sb);
        vf ca = K(splat)(grad_scale / sa), cb = K(splat)(grad_scale / sb);
        vf dota[CK_NARROW_MAX_WIDTH], dotb[CK_NARROW_MAX_WIDTH];
        for (int64_t j = 0; j < H; j++) dota[j] = dotb[j] = K(splat)(0);
        int64_t i;
        for (i = 0; i + LANES <= n; i += LANES)
            K(narrow_backward2)(ra, rb, ha, hb, H, W, n, i, LANES, ca, cb, dota, dotb, dW_acc, column_sum);
        if (i < n) K(narrow_backward2)(ra, rb, ha, hb, H, W, n, i, n - i, ca, cb, dota, dotb, dW_acc, column_sum);
        for (int64_t j = 0; j < H; j++) { dh[r * H + j] = K(hsum)(dota[j]); dh[(r + 1) * H + j] = K(hsum)(dotb[j]); }
    }
    for (; r < rows; r++) {
        const float *hr = h + r * H;
        // Passes 1 and 2: row = h·W + b, its maximum, the exponentials and their sum.
        float s;
        total += K(narrow_forward_row)(hr, H, W, n, bias, targets[r], row, &s);
        // Pass 3: g = row·(grad_scale / s); Σ g into the bias gradient; dh_j = Σ_v g_v·W[j, v];
        // dW_acc[j, :] += h_j·g.
        vf c = K(splat)(grad_scale / s);
        vf dot[CK_NARROW_MAX_WIDTH];
        for (int64_t j = 0; j < H; j++) dot[j] = K(splat)(0);
        int64_t i;
        for (i = 0; i + LANES <= n; i += LANES)
            K(narrow_backward)(row, hr, H, W, n, i, LANES, c, dot, dW_acc, column_sum);
        if (i < n) K(narrow_backward)(row, hr, H, W, n, i, n - i, c, dot, dW_acc, column_sum);
        for (int64_t j = 0; j < H; j++) dh[r * H + j] = K(hsum)(dot[j]);
    }
    return total;
}

static double K(narrow_rows)(const float *h, int64_t rows, int64_t H, const float *W, int64_t n,
                             const float *bias, const int32_t *targets, float grad_scale, float *row,
                             float *dh, float *dW_acc, float *column_sum) {
#define K_NARROW_CASE(w) case w: return K(narrow_rows_at)(h, rows, w, W, n, bias, targets, grad_scale, row, dh, dW_acc, column_sum);
    switch (H) {
        K_NARROW_CASE(1) K_NARROW_CASE(2) K_NARROW_CASE(3) K_NARROW_CASE(4)
        K_NARROW_CASE(5) K_NARROW_CASE(6) K_NARROW_CASE(7) K_NARROW_CASE(8)
        K_NARROW_CASE(9) K_NARROW_CASE(10) K_NARROW_CASE(11)
        default: return NAN;
    }
#undef K_NARROW_CASE
}

/// Evaluation rows at one width H (always inlined into `narrow_eval_rows`' switch): per row the
/// product h·W into `row` (four rows at a time, W loaded once for them), then `eval_row`, which adds
/// the bias and computes the target's log-probability and the arg-max, as after an sgemm.
AI void K(narrow_eval_rows_at)(const float *h, int64_t rows, const int64_t H, const float *W, int64_t n,
                               const float *bias, const int32_t *targets, float *row, float *lp, int32_t *argmax) {
    int64_t r = 0;
    for (; r + 3 < rows; r += 4) {
        float m[4];
        K(narrow_logits_span4)(h + r * H, H, W, n, NULL, row, m);
        for (int q = 0; q < 4; q++) K(eval_row)(row + q * n, n, bias, targets[r + q], lp + r + q, argmax + r + q);
    }
    for (; r < rows; r++) {
        (void)K(narrow_logits_span)(h + r * H, H, W, n, n, NULL, row);
        K(eval_row)(row, n, bias, targets[r], lp + r, argmax + r);
    }
}

static void K(narrow_eval_rows)(const float *h, int64_t rows, int64_t H, const float *W, int64_t n, const float *bias,
                                const int32_t *targets, float *row, float *lp, int32_t *argmax) {
#define K_NARROW_EVAL_CASE(w) case w: K(narrow_eval_rows_at)(h, rows, w, W, n, bias, targets, row, lp, argmax); return;
    switch (H) {
        K_NARROW_EVAL_CASE(1) K_NARROW_EVAL_CASE(2) K_NARROW_EVAL_CASE(3) K_NARROW_EVAL_CASE(4)
        K_NARROW_EVAL_CASE(5) K_NARROW_EVAL_CASE(6) K_NARROW_EVAL_CASE(7) K_NARROW_EVAL_CASE(8)
        K_NARROW_EVAL_CASE(9) K_NARROW_EVAL_CASE(10) K_NARROW_EVAL_CASE(11)
        default: return;
    }
#undef K_NARROW_EVAL_CASE
}

/// Columns j0..<j1 of the output layer's gradient, Σ over `chunks` accumulators in chunk order:
/// into W as plain SGD (W ← decay·W − lr·Σ, the sgemm update's order: the decayed W first) when
/// `dW` is NULL, else into dW.
static void K(narrow_columns)(const float *acc, int64_t chunks, int64_t H, int64_t n, int64_t j0, int64_t j1,
                              float lr, float decay, float *W, float *dW) {
    vf nlr = K(splat)(-lr), dv = K(splat)(decay);
    for (int64_t j = 0; j < H; j++) {
        for (int64_t v = j0; v < j1; v += LANES) {
            int64_t rem = j1 - v < LANES ? j1 - v : LANES;
            int64_t at = j * n + v;
            vf s = rem == LANES ? K(vload)(acc + at) : K(load_tail)(acc + at, rem, 0);
            for (int64_t c = 1; c < chunks; c++)
                s = s + (rem == LANES ? K(vload)(acc + c * H * n + at) : K(load_tail)(acc + c * H * n + at, rem, 0));
            float *out = dW ? dW + at : W + at;
            if (!dW) {
                vf w = (rem == LANES ? K(vload)(W + at) : K(load_tail)(W + at, rem, 0)) * dv;
                s = nlr * s + w;
            }
            if (rem == LANES) K(vstore)(out, s); else K(store_tail)(out, s, rem);
        }
    }
}
