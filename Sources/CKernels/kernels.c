// Fused softmax row kernels: one body (kernels_body.h), written once with clang/GCC vector extensions (16 float
// lanes, as the Swift reference in Softmax+Reference.swift), instantiated in three functions that
// differ only in their target attribute. Inside `target("avx512f")` a 16-lane vector is one zmm
// register, inside `target("avx2,fma")` two ymm, in the generic build four xmm; wherever the
// target has FMA, clang contracts each `a * b + c` expression (-ffp-contract=on, the default) into
// one fused multiply-add, which is both faster and at least as accurate.
//
// What this is not: a general math library. exp here is the Cephes-style polynomial of the Swift
// reference (relative error ≤ 1 ulp on the reduced range), clamped below at the smallest normal.
//
// Determinism: each level fixes its lane layout and reduction order, and the level is chosen once
// per process from the CPU, so the same inputs give bit-identical outputs whatever the thread count.
#include "ckernels.h"

#include <math.h>
#include <string.h>

// 64-byte vectors in always-inline helpers of the generic level: no ABI is involved.
#pragma clang diagnostic ignored "-Wpsabi"

typedef float vf __attribute__((vector_size(64)));
typedef int32_t vi __attribute__((vector_size(64)));
#define LANES 16
#define AI static inline __attribute__((always_inline))

// MARK: - Instantiations

#define K_CAT2(a, b) a##_##b
#define K_CAT(a, b) K_CAT2(a, b)
#define K(name) K_CAT(name, SUFFIX)

#define SUFFIX generic
#define NARROW_PAIR_MAX_WIDTH 3
#define NARROW_QUAD_MAX_WIDTH 0
#define NARROW_BY_ROW_OF_W_MAX_CLASSES 0
#include "kernels_body.h"
#include "narrow_body.h"
#include "blocked_body.h"
#include "tanh_body.h"
#undef SUFFIX
#undef NARROW_PAIR_MAX_WIDTH
#undef NARROW_QUAD_MAX_WIDTH
#undef NARROW_BY_ROW_OF_W_MAX_CLASSES

#if defined(__x86_64__) || defined(__i386__)
#define CK_X86 1
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define SUFFIX avx2
// Four rows at a time up to the widest row-kernel width. Pass 3 takes one row of W at a time
// (`narrow_backward4_by_row_of_W`), so its four dot products stay in registers at any H; the
// one-sweep form with every j at once (4·H two-ymm accumulators) spilled from H = 4, and still
// beat one row at a time there. Measured 2026-12-04 on a Zen 3 (`recite bench --cpu-time`,
// tokens/s at V = 1024, one row at a time or pairs → fours by rows of W): H = 4 766k → 945k,
// H = 5 376k → 855k, H = 6 243k → 787k, H = 1-3 +1-3%; and H = 8 673k, H = 11 551k, against 473k
// and 364k for the sgemm step, which is why the AVX2 level takes the row kernel up to H = 11
// (NarrowStep.path). Up to NARROW_BY_ROW_OF_W_MAX_CLASSES classes, where four rows of 4·V bytes stay
// in L1/L2 across the H sweeps; beyond it one sweep with every j at once (V = 40,961, H = 1: 34k
// tokens/s against 31k by rows of W). Both forms give the same bits.
#define NARROW_PAIR_MAX_WIDTH 6
#define NARROW_QUAD_MAX_WIDTH CK_NARROW_MAX_WIDTH
#define NARROW_BY_ROW_OF_W_MAX_CLASSES 8192
#include "kernels_body.h"
#include "narrow_body.h"
#include "blocked_body.h"
#include "tanh_body.h"
#undef SUFFIX
#undef NARROW_PAIR_MAX_WIDTH
#undef NARROW_QUAD_MAX_WIDTH
#undef NARROW_BY_ROW_OF_W_MAX_CLASSES
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx512f"))), apply_to = function)
#define SUFFIX avx512
// The one-sweep pass 3 as measured on a Zen 4 (its 32 zmm hold 4·6 dot products); the by-rows-of-W
// form gives the same bits and was not timed there.
#define NARROW_PAIR_MAX_WIDTH 6
#define NARROW_QUAD_MAX_WIDTH CK_NARROW_MAX_WIDTH
#define NARROW_BY_ROW_OF_W_MAX_CLASSES 0
#include "kernels_body.h"
#include "narrow_body.h"
#include "blocked_body.h"
#include "tanh_body.h"
#undef SUFFIX
#undef NARROW_PAIR_MAX_WIDTH
#undef NARROW_QUAD_MAX_WIDTH
#undef NARROW_BY_ROW_OF_W_MAX_CLASSES
#pragma clang attribute pop
#endif

// MARK: - Dispatch

typedef double (*ce_rows_fn)(float *, int64_t, int64_t, const float *, const int32_t *, float, float *, float *);
typedef void (*log_softmax_rows_fn)(float *, int64_t, int64_t, const float *);
typedef void (*eval_rows_fn)(float *, int64_t, int64_t, const float *, const int32_t *, float *, int32_t *);
typedef void (*exp_fn)(const float *, float *, int64_t);
typedef float (*exp_sum_fn)(const float *, int64_t);
typedef void (*tanh_fn)(const float *, float *, int64_t);
typedef double (*narrow_rows_fn)(const float *, int64_t, int64_t, const float *, int64_t, const float *, const int32_t *,
                                 float, float *, float *, float *, float *);
typedef double (*blocked_rows_fn)(const float *, int64_t, int64_t, const float *, int64_t, const float *, const int32_t *,
                                  float, float *, float *, float *, float *, float *, int64_t);
typedef void (*narrow_eval_rows_fn)(const float *, int64_t, int64_t, const float *, int64_t, const float *,
                                    const int32_t *, float *, float *, int32_t *);
typedef void (*narrow_columns_fn)(const float *, int64_t, int64_t, int64_t, int64_t, int64_t, float, float, float *,
                                  float *);

static const struct {
    ce_rows_fn ce_rows;
    log_softmax_rows_fn log_softmax_rows;
    exp_fn exp;
    eval_rows_fn eval_rows;
    narrow_rows_fn narrow_rows;
    narrow_columns_fn narrow_columns;
    tanh_fn tanh;
    blocked_rows_fn blocked_rows;
    narrow_eval_rows_fn narrow_eval_rows;
    exp_sum_fn exp_sum;
} table[CK_LEVEL_COUNT] = {
    {ce_rows_generic, log_softmax_rows_generic, exp_generic, eval_rows_generic, narrow_rows_generic, narrow_columns_generic, tanh_generic, blocked_rows_generic, narrow_eval_rows_generic, exp_sum_generic},
#ifdef CK_X86
    {ce_rows_avx2, log_softmax_rows_avx2, exp_avx2, eval_rows_avx2, narrow_rows_avx2, narrow_columns_avx2, tanh_avx2, blocked_rows_avx2, narrow_eval_rows_avx2, exp_sum_avx2},
    {ce_rows_avx512, log_softmax_rows_avx512, exp_avx512, eval_rows_avx512, narrow_rows_avx512, narrow_columns_avx512, tanh_avx512, blocked_rows_avx512, narrow_eval_rows_avx512, exp_sum_avx512},
#endif
};

int ck_level_supported(int level) {
    switch (level) {
    case CK_LEVEL_GENERIC: return 1;
#ifdef CK_X86
    case CK_LEVEL_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case CK_LEVEL_AVX512: return __builtin_cpu_supports("avx512f");
#endif
    default: return 0;
    }
}

int ck_best_level(void) {
    static int cached = -1;  // a benign race: every thread computes the same value
    int level = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (level < 0) {
#ifdef CK_X86
        __builtin_cpu_init();
#endif
        level = CK_LEVEL_GENERIC;
        for (int l = CK_LEVEL_COUNT - 1; l > CK_LEVEL_GENERIC; l--)
            if (ck_level_supported(l)) { level = l; break; }
        __atomic_store_n(&cached, level, __ATOMIC_RELAXED);
    }
    return level;
}

/// The chosen kernels, cached on first use.
static ce_rows_fn ce_rows_best(void) {
    static ce_rows_fn cached = 0;
    ce_rows_fn f = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (!f) { f = table[ck_best_level()].ce_rows; __atomic_store_n(&cached, f, __ATOMIC_RELAXED); }
    return f;
}

static log_softmax_rows_fn log_softmax_rows_best(void) {
    static log_softmax_rows_fn cached = 0;
    log_softmax_rows_fn f = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (!f) { f = table[ck_best_level()].log_softmax_rows; __atomic_store_n(&cached, f, __ATOMIC_RELAXED); }
    return f;
}

double ck_cross_entropy_rows(float *logits, int64_t rows, int64_t n, const float *bias,
                             const int32_t *targets, float grad_scale, float *row_loss,
                             float *column_sum) {
    return ce_rows_best()(logits, rows, n, bias, targets, grad_scale, row_loss, column_sum);
}

void ck_log_softmax_rows(float *logits, int64_t rows, int64_t n, const float *bias) {
    log_softmax_rows_best()(logits, rows, n, bias);
}

// MARK: - Test hooks

/// An unsupported level falls back to the best supported one rather than faulting.
static int checked(int level) { return level >= 0 && level < CK_LEVEL_COUNT && ck_level_supported(level) ? level : ck_best_level(); }

double ck_cross_entropy_rows_at(int level, float *logits, int64_t rows, int64_t n,
                                const float *bias, const int32_t *targets, float grad_scale,
                                float *row_loss, float *column_sum) {
    return table[checked(level)].ce_rows(logits, rows, n, bias, targets, grad_scale, row_loss, column_sum);
}

void ck_log_softmax_rows_at(int level, float *logits, int64_t rows, int64_t n, const float *bias) {
    table[checked(level)].log_softmax_rows(logits, rows, n, bias);
}

void ck_exp_at(int level, const float *x, float *out, int64_t n) { table[checked(level)].exp(x, out, n); }

float ck_exp_sum_at(int level, const float *x, int64_t n) { return table[checked(level)].exp_sum(x, n); }

void ck_eval_rows(int level, float *logits, int64_t rows, int64_t n, const float *bias, const int32_t *targets,
                  float *lp_target, int32_t *argmax) {
    int l = level >= 0 && level < CK_LEVEL_COUNT && ck_level_supported(level) ? level : ck_best_level();
    table[l].eval_rows(logits, rows, n, bias, targets, lp_target, argmax);
}

double ck_narrow_rows(int level, const float *h, int64_t rows, int64_t H, const float *W, int64_t n, const float *bias,
                      const int32_t *targets, float grad_scale, float *row, float *dh, float *dW_acc, float *column_sum) {
    if (H < 1 || H > CK_NARROW_MAX_WIDTH) return NAN;
    return table[checked(level)].narrow_rows(h, rows, H, W, n, bias, targets, grad_scale, row, dh, dW_acc, column_sum);
}

void ck_narrow_eval_rows(int level, const float *h, int64_t rows, int64_t H, const float *W, int64_t n, const float *bias,
                         const int32_t *targets, float *row, float *lp_target, int32_t *argmax) {
    if (H < 1 || H > CK_NARROW_MAX_WIDTH) {
        for (int64_t r = 0; r < rows; r++) { lp_target[r] = NAN; argmax[r] = 0; }
        return;
    }
    table[checked(level)].narrow_eval_rows(h, rows, H, W, n, bias, targets, row, lp_target, argmax);
}

double ck_blocked_rows(int level, const float *h, int64_t rows, int64_t H, const float *W, int64_t n, const float *bias,
                       const int32_t *targets, float grad_scale, float *scratch, float *dh, float *dW_acc, float *column_sum,
                       float *stats, int64_t block) {
    if (H < 1 || H > CK_BLOCKED_MAX_WIDTH || block < 1 || H * block > CK_BLOCKED_PACK) return NAN;
    return table[checked(level)].blocked_rows(h, rows, H, W, n, bias, targets, grad_scale, scratch, dh, dW_acc, column_sum,
                                              stats, block);
}

void ck_narrow_columns(int level, const float *acc, int64_t chunks, int64_t H, int64_t n, int64_t j0, int64_t j1,
                       float lr, float decay, float *W, float *dW) {
    table[checked(level)].narrow_columns(acc, chunks, H, n, j0, j1, lr, decay, W, dW);
}

void ck_tanh(int level, const float *x, float *out, int64_t n) { table[checked(level)].tanh(x, out, n); }
