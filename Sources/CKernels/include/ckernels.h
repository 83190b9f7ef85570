// Fused softmax row kernels for ReciteCore, compiled three times (AVX-512F, AVX2+FMA, baseline
// x86-64 or any other CPU) and dispatched once at run time. Swift cannot reach these instruction
// sets without unsafeFlags; a C target can, per function, with target attributes.
//
// ReciteCore/Softmax.swift imports this module for the kernels, HelperThread.swift for the
// spin-wait atomics at the end of this header.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction-set levels, lowest first. Every level computes the same formulas with 16-lane
/// vectors and the same reduction order; AVX2 and AVX-512 both contract a·b + c into FMA and so
/// agree bit for bit, the generic level rounds the products separately.
enum {
    CK_LEVEL_GENERIC = 0,
    CK_LEVEL_AVX2 = 1,
    CK_LEVEL_AVX512 = 2,
    CK_LEVEL_COUNT = 3
};

/// The highest level this CPU (and OS) supports; the dispatched entry points use it.
int ck_best_level(void);

/// Whether `level` can run on this CPU.
int ck_level_supported(int level);

/// Fused softmax + cross-entropy + gradient over `rows` rows of width `n` (row stride `n`), in
/// place: adds `bias` (if not NULL), then leaves g = (softmax − onehot(target))·grad_scale in each
/// row and adds g to `column_sum[0..<n]` (if not NULL). Writes −log p(target) per row to
/// `row_loss` (if not NULL) and returns their sum, accumulated in double in row order.
double ck_cross_entropy_rows(float *logits, int64_t rows, int64_t n, const float *bias,
                             const int32_t *targets, float grad_scale, float *row_loss,
                             float *column_sum);

/// Held-out evaluation of `rows` rows (bias added in place, nothing else written to `logits`):
/// lp_target[r] = log p(targets[r]) and argmax[r] = the first index of the largest log-probability,
/// bit for bit as ck_log_softmax_rows followed by a strict-greater scan from index 0. `level` < 0
/// (or unsupported) runs the best level.
void ck_eval_rows(int level, float *logits, int64_t rows, int64_t n, const float *bias, const int32_t *targets,
                  float *lp_target, int32_t *argmax);

/// Log-softmax of each row in place (bias added first).
void ck_log_softmax_rows(float *logits, int64_t rows, int64_t n, const float *bias);

// MARK: - Test hooks: one explicit level (must be supported; see ck_level_supported)

double ck_cross_entropy_rows_at(int level, float *logits, int64_t rows, int64_t n,
                                const float *bias, const int32_t *targets, float grad_scale,
                                float *row_loss, float *column_sum);
void ck_log_softmax_rows_at(int level, float *logits, int64_t rows, int64_t n, const float *bias);
/// out[i] = e^x[i] on the whole float range (the same polynomial as the row kernels).
void ck_exp_at(int level, const float *x, float *out, int64_t n);
/// Σ e^x[i] for x ≤ 0 (x[i] ≤ 0 required) through the softmax's exp pass: its shifted-exp sum, no store.
float ck_exp_sum_at(int level, const float *x, int64_t n);

/// out[i] = tanh(x[i]) for the recurrent block (tanh_body.h); `out` may be `x`. Within 2 ulp of the
/// true tanh on the whole float range (1.51 measured on every float of [0, 20] at every level);
/// odd, so tanh(−0) = −0; ±∞ → ±1; NaN → NaN. `level` < 0 (or unsupported) runs the best level.
void ck_tanh(int level, const float *x, float *out, int64_t n);

/// One dense AdamW update of `n` parameters in place (optimizer.c): m ← b1·m + (1−b1)·g,
/// v ← b2·v + (1−b2)·g·g, w ← w·decay − lr·(m·c1)/(√(v·c2) + eps), each operation rounded once
/// (no FMA), so every level gives the Swift loop's bits. `level` < 0 (or unsupported) runs the best.
void ck_adamw(int level, float *w, const float *g, float *m, float *v, int64_t n, float b1, float b2, float c1,
              float c2, float lr, float eps, float decay);

// MARK: - Narrow-width training step (narrow_body.h)

/// The widest hidden layer the narrow-width step takes.
#define CK_NARROW_MAX_WIDTH 11

/// Rows of one chunk of the narrow-width training step, one row at a time: logits = h·W (+ bias),
/// softmax cross-entropy, g = (softmax − onehot)·grad_scale, and without storing g:
/// column_sum += g (if not NULL), dh[r] = g·Wᵀ, dW_acc += hᵀg (dW_acc is H × n, accumulated: the
/// caller zeroes it). h is rows × H, W is H × n row-major, row is min(rows, 4)·n floats of scratch
/// (four or two rows are made and consumed together where H allows; same bits as one at a time). Returns the
/// summed −log p(target) in double, in row order; NaN when H is outside 1…CK_NARROW_MAX_WIDTH.
/// `level` < 0 (or unsupported) runs the best level.
double ck_narrow_rows(int level, const float *h, int64_t rows, int64_t H, const float *W, int64_t n, const float *bias,
                      const int32_t *targets, float grad_scale, float *row, float *dh, float *dW_acc, float *column_sum);

/// Evaluation rows of the narrow-width model without an sgemm: per row the product h·W into
/// `row` (min(rows, 4)·n floats of scratch), then what ck_eval_rows does to a row of logits (the
/// bias, the target's log-probability, the first index of the largest). lp_target and argmax get
/// NaN and 0 when H is outside 1…CK_NARROW_MAX_WIDTH.
void ck_narrow_eval_rows(int level, const float *h, int64_t rows, int64_t H, const float *W, int64_t n, const float *bias,
                         const int32_t *targets, float *row, float *lp_target, int32_t *argmax);

/// The widest hidden layer the column-blocked step takes.
#define CK_BLOCKED_MAX_WIDTH 16
/// The most floats of a block of W (H × block) the column-blocked step takes.
#define CK_BLOCKED_PACK 4096

/// Rows of one chunk of the column-blocked narrow-width step (blocked_body.h): the same results as
/// ck_narrow_rows (to rounding: the sums run in another order), computed one block of `block`
/// columns at a time for every row, so that W and dW_acc are read once per chunk rather than once
/// per row. `scratch` is rows × n floats, used block-major (its contents are not the logits in row
/// order afterwards), `stats` rows × (2·⌈n/block⌉ + 1) floats;
/// dh is overwritten. NaN when H is outside 1…CK_BLOCKED_MAX_WIDTH, block < 1 or
/// H·block > CK_BLOCKED_PACK.
double ck_blocked_rows(int level, const float *h, int64_t rows, int64_t H, const float *W, int64_t n, const float *bias,
                       const int32_t *targets, float grad_scale, float *scratch, float *dh, float *dW_acc, float *column_sum,
                       float *stats, int64_t block);

/// Columns j0..<j1 of Σ_c acc[c] (chunks accumulators of H × n, summed in chunk order): into dW
/// when it is not NULL, else W ← decay·W − lr·Σ (decayed W first, then one fused multiply-add).
void ck_narrow_columns(int level, const float *acc, int64_t chunks, int64_t H, int64_t n, int64_t j0, int64_t j1,
                       float lr, float decay, float *W, float *dW);

/// Atomics for the helper thread's spin-waits (Swift's own need the Synchronization module's
/// noncopyable types; these are plain functions on a `long` cell). Sequentially consistent.
static inline long ck_atomic_load(const long *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
static inline void ck_atomic_store(long *p, long v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }
static inline long ck_atomic_add(long *p, long v) { return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST); }
/// A spin-loop hint (x86 `pause`).
static inline void ck_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

#ifdef __cplusplus
}
#endif

#endif
