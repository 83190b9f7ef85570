// The column-blocked narrow-width training step, included once per instruction-set level by
// kernels.c after kernels_body.h and narrow_body.h (whose helpers it uses), with SUFFIX defined.
// No include guard.
//
// Why it exists: at a large vocabulary (vocab-accuracy's V = 40,961) the row kernel of
// narrow_body.h streams all of W (H × V) and the H × V accumulator through L3 once per row of the
// batch: 64 rows × 2 × 0.8 MB a step at H = 5, four times what the logits themselves cost. Here a
// chunk of rows is swept one block of columns at a time instead, so a block of W and of the
// accumulator is read from L3 once per chunk and reused by every row of it in L1. The softmax
// needs each row's maximum and sum over all columns before any gradient, so the sweep is done twice:
//   pass 1, per block and row: z = h·W + b into the scratch, the block's own maximum m_b,
//           e = exp(z − m_b) in place and its sum s_b (one exp per logit, as ever);
//   between: per row M = max_b m_b, S = Σ_b s_b·exp(m_b − M), the loss (M − z_y) + log S, and per
//           block the factor c_b = grad_scale·exp(m_b − M)/S, which turns e into p·grad_scale;
//   pass 2, per block: per row g = e·c_b (minus grad_scale at the target) in place and
//           dh += g·W_blockᵀ (the H dot products in registers); then per 16 columns, over the
//           rows, Σ g into the bias gradient and acc_block += hᵀg (the H sums in registers).
// The scratch is block-major (block b's rows one after another, `width` floats apart), so a block
// is contiguous: the rows of a V-wide layout lie 4·V bytes apart, which at V = 40,961 maps one
// column of every row into the same L1 set. For the same reason the block of W is copied into a
// contiguous buffer first. Each logit is written once and read twice from the scratch, which
// stays in L1/L2 for its block; each W element is read from L3 twice per chunk.

/// One chunk of rows of the column-blocked step at a compile-time width H (always inlined into
/// `blocked_rows`' switch, so the H dot products and sums stay in registers). `stats` holds
/// rows × (2·nb + 1) floats: per row the nb block maxima (later the factors c_b), the nb block
/// sums, then z_y.
AI double K(blocked_rows_at)(const float *h, int64_t rows, const int64_t H, const float *W, int64_t n, const float *bias,
                             const int32_t *targets, float grad_scale, float *scratch, float *dh, float *dW_acc,
                             float *column_sum, float *stats, int64_t block) {
    float Wb[CK_BLOCKED_PACK];
    const int64_t nb = (n + block - 1) / block, stride = 2 * nb + 1;
    // Pass 1: logits, block maxima, exponentials and block sums.
    for (int64_t b = 0; b < nb; b++) {
        const int64_t c0 = b * block, c1 = c0 + block < n ? c0 + block : n, width = c1 - c0;
        for (int64_t j = 0; j < H; j++) memcpy(Wb + j * width, W + j * n + c0, (size_t)width * sizeof(float));
        const float *bb = bias ? bias + c0 : NULL;
        float *blk = scratch + c0 * rows;
        for (int64_t r = 0; r < rows; r++) {
            const float *hr = h + r * H;
            float *seg = blk + r * width, *st = stats + r * stride;
            const float m = K(narrow_logits_span)(hr, H, Wb, width, width, bb, seg);
            const int64_t y = targets[r];
            if (y >= c0 && y < c1) st[2 * nb] = seg[y - c0];
            st[b] = m;
            st[nb + b] = K(exp_shift_sum)(seg, m, width, 1);
        }
    }
    // Per row: the row's maximum and sum from its blocks', the loss, and each block's factor.
    double total = 0;
    for (int64_t r = 0; r < rows; r++) {
        float *st = stats + r * stride;
        float M = st[0];
        for (int64_t b = 1; b < nb; b++) if (st[b] > M) M = st[b];
        (void)K(exp_shift_sum)(st, M, nb, 1);  // st[b] = exp(m_b − M) ≤ 1
        double S = 0;
        for (int64_t b = 0; b < nb; b++) S += (double)st[nb + b] * (double)st[b];
        total += ((double)M - (double)st[2 * nb]) + log(S);
        const float c = (float)((double)grad_scale / S);
        for (int64_t b = 0; b < nb; b++) st[b] *= c;
    }
    for (int64_t k = 0; k < rows * H; k++) dh[k] = 0;
    // Pass 2, block by block.
    for (int64_t b = 0; b < nb; b++) {
        const int64_t c0 = b * block, c1 = c0 + block < n ? c0 + block : n, width = c1 - c0;
        for (int64_t j = 0; j < H; j++) memcpy(Wb + j * width, W + j * n + c0, (size_t)width * sizeof(float));
        float *blk = scratch + c0 * rows;
        // Per row: g = e·c_b in place, the one-hot, and dh_j += Σ g·W[j, :].
        for (int64_t r = 0; r < rows; r++) {
            float *seg = blk + r * width;
            const vf c = K(splat)(stats[r * stride + b]);
            vf dot[CK_BLOCKED_MAX_WIDTH];
            for (int64_t j = 0; j < H; j++) dot[j] = K(splat)(0);
            int64_t i = 0;
            for (; i + LANES <= width; i += LANES) {
                const vf g = K(vload)(seg + i) * c;
                K(vstore)(seg + i, g);
                for (int64_t j = 0; j < H; j++) dot[j] = g * K(vload)(Wb + j * width + i) + dot[j];
            }
            if (i < width) {
                const vf g = K(load_tail)(seg + i, width - i, 0) * c;
                K(store_tail)(seg + i, g, width - i);
                for (int64_t j = 0; j < H; j++) dot[j] = g * K(load_tail)(Wb + j * width + i, width - i, 0) + dot[j];
            }
            const int64_t y = targets[r];
            for (int64_t j = 0; j < H; j++) {
                float d = K(hsum)(dot[j]);
                if (y >= c0 && y < c1) d -= grad_scale * Wb[j * width + (y - c0)];  // the one-hot's share
                dh[r * H + j] += d;
            }
            if (y >= c0 && y < c1) seg[y - c0] -= grad_scale;  // the one-hot
        }
        // Per 16 columns, over the rows: Σ g (bias gradient) and acc[j, :] += Σ_r h_rj·g_r.
        for (int64_t i = 0; i < width; i += LANES) {
            const int64_t rem = width - i < LANES ? width - i : LANES;
            vf acc[CK_BLOCKED_MAX_WIDTH], cs = K(splat)(0);
            for (int64_t j = 0; j < H; j++) acc[j] = K(splat)(0);
            for (int64_t r = 0; r < rows; r++) {
                const vf g = rem == LANES ? K(vload)(blk + r * width + i) : K(load_tail)(blk + r * width + i, rem, 0);
                cs += g;
                for (int64_t j = 0; j < H; j++) acc[j] = h[r * H + j] * g + acc[j];
            }
            for (int64_t j = 0; j < H; j++) {
                float *out = dW_acc + j * n + c0 + i;
                const vf a = (rem == LANES ? K(vload)(out) : K(load_tail)(out, rem, 0)) + acc[j];
                if (rem == LANES) K(vstore)(out, a); else K(store_tail)(out, a, rem);
            }
            if (column_sum) {
                float *out = column_sum + c0 + i;
                const vf a = (rem == LANES ? K(vload)(out) : K(load_tail)(out, rem, 0)) + cs;
                if (rem == LANES) K(vstore)(out, a); else K(store_tail)(out, a, rem);
            }
        }
    }
    return total;
}

/// One chunk of rows of the column-blocked step (see ck_blocked_rows in ckernels.h).
static double K(blocked_rows)(const float *h, int64_t rows, int64_t H, const float *W, int64_t n, const float *bias,
                              const int32_t *targets, float grad_scale, float *scratch, float *dh, float *dW_acc,
                              float *column_sum, float *stats, int64_t block) {
#define K_BLOCKED_CASE(w) case w: return K(blocked_rows_at)(h, rows, w, W, n, bias, targets, grad_scale, scratch, dh, dW_acc, column_sum, stats, block);
    switch (H) {
        K_BLOCKED_CASE(1) K_BLOCKED_CASE(2) K_BLOCKED_CASE(3) K_BLOCKED_CASE(4)
        K_BLOCKED_CASE(5) K_BLOCKED_CASE(6) K_BLOCKED_CASE(7) K_BLOCKED_CASE(8)
        K_BLOCKED_CASE(9) K_BLOCKED_CASE(10) K_BLOCKED_CASE(11) K_BLOCKED_CASE(12)
        K_BLOCKED_CASE(13) K_BLOCKED_CASE(14) K_BLOCKED_CASE(15) K_BLOCKED_CASE(16)
        default: return NAN;
    }
#undef K_BLOCKED_CASE
}
