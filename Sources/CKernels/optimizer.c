// The dense AdamW update as a C loop, compiled three times like the softmax kernels (AVX-512F,
// AVX2, baseline) and dispatched once per process. Every element goes through exactly the
// operations of the Swift loop it replaces (Optimizer.swift's reference `adamwReference`), in the
// same order, each rounded once: multiply, add, divide and square root are correctly rounded IEEE
// operations whatever the vector width, so any level gives the same bits as the Swift loop as long
// as nothing is fused. Contraction into FMA is therefore switched off for this whole file (the
// softmax kernels allow it; this kernel must not).
#include "ckernels.h"

#include <string.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)
#pragma clang diagnostic ignored "-Wpsabi"

typedef float vf16 __attribute__((vector_size(64)));

#define ADAMW_BODY                                                                                            \
    {                                                                                                         \
        const float ob1 = 1 - b1, ob2 = 1 - b2;                                                              \
        int64_t i = 0;                                                                                        \
        for (; i + 16 <= n; i += 16) {                                                                        \
            vf16 gi, mo, vo, wo;                                                                              \
            memcpy(&gi, g + i, 64); memcpy(&mo, m + i, 64); memcpy(&vo, v + i, 64); memcpy(&wo, w + i, 64);   \
            vf16 mi = b1 * mo + ob1 * gi;                                                                     \
            vf16 vi = b2 * vo + ob2 * gi * gi;                                                                \
            vf16 wi = wo * decay - lr * (mi * c1) / (__builtin_elementwise_sqrt(vi * c2) + eps);             \
            memcpy(m + i, &mi, 64); memcpy(v + i, &vi, 64); memcpy(w + i, &wi, 64);                           \
        }                                                                                                     \
        for (; i < n; i++) {                                                                                  \
            float gi = g[i];                                                                                  \
            float mi = b1 * m[i] + ob1 * gi;                                                                  \
            float vi = b2 * v[i] + ob2 * gi * gi;                                                             \
            m[i] = mi; v[i] = vi;                                                                             \
            w[i] = w[i] * decay - lr * (mi * c1) / (__builtin_elementwise_sqrt(vi * c2) + eps);              \
        }                                                                                                     \
    }

#define ADAMW_ARGS                                                                                            \
    (float *restrict w, const float *restrict g, float *restrict m, float *restrict v, int64_t n, float b1,   \
     float b2, float c1, float c2, float lr, float eps, float decay)

static void adamw_generic ADAMW_ARGS ADAMW_BODY

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) static void adamw_avx2 ADAMW_ARGS ADAMW_BODY
__attribute__((target("avx512f"))) static void adamw_avx512 ADAMW_ARGS ADAMW_BODY
#endif

typedef void (*adamw_fn) ADAMW_ARGS;

void ck_adamw(int level, float *w, const float *g, float *m, float *v, int64_t n, float b1, float b2, float c1,
              float c2, float lr, float eps, float decay) {
    if (level < 0 || level >= CK_LEVEL_COUNT || !ck_level_supported(level)) level = ck_best_level();
    adamw_fn f = adamw_generic;
#if defined(__x86_64__) || defined(__i386__)
    if (level == CK_LEVEL_AVX2) f = adamw_avx2;
    if (level == CK_LEVEL_AVX512) f = adamw_avx512;
#endif
    f(w, g, m, v, n, b1, b2, c1, c2, lr, eps, decay);
}
