/*===- hopgemm-c/hopgemm.h - the C API of hopgemm -----------------*- C -*-===*\
|*                                                                            *|
|* Part of the hopgemm project, under the Apache License v2.0 with LLVM       *|
|* Exceptions. See LICENSE for license information.                           *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* Plain C over opaque handles, for Python (ctypes) and other languages.     *|
|*                                                                            *|
|* Two libraries export it:                                                   *|
|*   libhopgemm_runtime.so  the runtime part (load and launch kernels); no   *|
|*                          LLVM/MLIR inside, so it runs on GPU machines     *|
|*                          without an LLVM installation;                    *|
|*   libhopgemm.so          the runtime part plus the compiler part.          *|
|*                                                                            *|
|* Errors: every fallible function returns a hopgemm_status and, when        *|
|* `error` is not NULL, stores a message in *error that the caller frees     *|
|* with hopgemm_string_free (and NULL on success). Strings returned by       *|
|* getters belong to their handle and live until it is destroyed.            *|
|*                                                                            *|
|* Threading: handles may be used from any thread. Calls on one compiler     *|
|* or one kernel are serialized internally.                                  *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef HOPGEMM_C_HOPGEMM_H
#define HOPGEMM_C_HOPGEMM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Incremented with every change to a declaration of this header, so that
   bindings that mirror it (the Python package) can refuse a library they do
   not match instead of calling it with the wrong arguments. */
#define HOPGEMM_C_API_VERSION 6

typedef enum hopgemm_status {
  HOPGEMM_OK = 0,
  /* Bad input: a spec that does not compile, bad launch arguments, a file
     that cannot be read. */
  HOPGEMM_ERROR_INVALID = 1,
  /* No CUDA driver, or no such device. */
  HOPGEMM_ERROR_NO_DEVICE = 2,
  /* A CUDA call failed (e.g. the PTX does not JIT, out of memory). */
  HOPGEMM_ERROR_CUDA = 3,
} hopgemm_status;

/* HOPGEMM_VERSION, e.g. "0.1.0". */
const char *hopgemm_version(void);
/* HOPGEMM_C_API_VERSION of the library. */
int hopgemm_c_api_version(void);
/* Frees a message returned through an `error` argument. NULL is ignored. */
void hopgemm_string_free(char *message);

/*===--------------------------------------------------------------------===*
 * Compiler (libhopgemm.so only)
 *===--------------------------------------------------------------------===*/

typedef struct hopgemm_compiler_s *hopgemm_compiler;
/* The kernels compiled from one spec text. */
typedef struct hopgemm_compiled_s *hopgemm_compiled;

typedef struct hopgemm_compiler_options {
  const char *chip;     /* NULL: "sm_90a" */
  const char *features; /* NULL: "+ptx80" */
  int64_t num_sms;      /* 0: 132 */
  int32_t opt_level;    /* negative: 3 */
  int32_t memory_cache; /* nonzero: on */
  int32_t disk_cache;   /* nonzero: on */
  /* NULL or "": $HOPGEMM_CACHE_DIR, else $XDG_CACHE_HOME/hopgemm, else
     ~/.cache/hopgemm. */
  const char *cache_dir;
} hopgemm_compiler_options;

/* The defaults: sm_90a, both caches on. */
void hopgemm_compiler_options_init(hopgemm_compiler_options *options);

/* `options` may be NULL for the defaults. */
hopgemm_status hopgemm_compiler_create(const hopgemm_compiler_options *options,
                                       hopgemm_compiler *compiler,
                                       char **error);
void hopgemm_compiler_destroy(hopgemm_compiler compiler);
/* The cache directory in use; "" when the disk cache is off. */
const char *hopgemm_compiler_cache_dir(hopgemm_compiler compiler);
/* Cache counters since the compiler was created. */
void hopgemm_compiler_stats(hopgemm_compiler compiler, int64_t *misses,
                            int64_t *memory_hits, int64_t *disk_hits,
                            int64_t *disk_errors);

/* Compiles every gemm.matmul of `spec` (NUL-terminated MLIR text). On error
   the message holds the compiler's diagnostics, which name the text
   `source_name` (NULL: "spec"), e.g. "k.mlir:3:7: error: ...". */
hopgemm_status hopgemm_compile(hopgemm_compiler compiler, const char *spec,
                               const char *source_name,
                               hopgemm_compiled *compiled, char **error);
/* The config each gemm.matmul of `spec` would be compiled with (the fields
   the spec sets, the rest from the heuristic), as "#gemm.config<...>"
   text, one line per kernel, in *configs (malloc'ed; free it with
   hopgemm_string_free); nothing is compiled. E.g. the tile a dynamic-M
   spec picks at a given expected_m, to compile each distinct tile once. */
hopgemm_status hopgemm_select_configs(hopgemm_compiler compiler,
                                      const char *spec, const char *source_name,
                                      char **configs, char **error);
void hopgemm_compiled_destroy(hopgemm_compiled compiled);
size_t hopgemm_compiled_count(hopgemm_compiled compiled);
/* Index `i` < hopgemm_compiled_count; NULL when out of range. */
const char *hopgemm_compiled_name(hopgemm_compiled compiled, size_t i);
const char *hopgemm_compiled_ptx(hopgemm_compiled compiled, size_t i);
const char *hopgemm_compiled_metadata(hopgemm_compiled compiled, size_t i);
/* Wall time of the hopgemm_compile call, cache lookup included. */
double hopgemm_compiled_ms(hopgemm_compiled compiled);
/* "miss" (compiled now), "memory" or "disk" (cache hits). */
const char *hopgemm_compiled_cache(hopgemm_compiled compiled);

/*===--------------------------------------------------------------------===*
 * Runtime (both libraries)
 *===--------------------------------------------------------------------===*/

typedef struct hopgemm_device_s *hopgemm_device;
typedef struct hopgemm_kernel_s *hopgemm_kernel;

/* Loads the CUDA driver (libcuda.so.1, or $HOPGEMM_LIBCUDA) and retains the
   primary context of device `ordinal`, as the CUDA runtime (and PyTorch)
   does, so kernels share memory and streams with them. */
hopgemm_status hopgemm_device_open(int ordinal, hopgemm_device *device,
                                   char **error);
/* Kernels keep their device alive: destroy in any order. */
void hopgemm_device_destroy(hopgemm_device device);
/* The device's name, SM count and compute capability (e.g. 90). */
const char *hopgemm_device_name(hopgemm_device device);
int hopgemm_device_sm_count(hopgemm_device device);
int hopgemm_device_compute_capability(hopgemm_device device);

/* Tile M and tile N of the kernel the config heuristic compiles for the
   DeepSeek recipe (1x128 A and 128x128 B block scales, ungrouped, without
   C) at M = m > 128 rows and N = n on a GPU of `num_sms` SMs: 128 x 192
   or 256 x 128 where their tiles fill the SMs in enough fewer rounds, else
   128 x 128 (tile N to be capped at N). Any tile serves a dynamic-M
   kernel, so a runtime without the compiler can pick among precompiled
   kernels with the compiler's rule (include/hopgemm/Runtime/WideTile.h).
   hopgemm_fp8_tile_n since version 5, hopgemm_fp8_tile_m since version 6
   (in version 5 tile M was always 128). */
int hopgemm_fp8_tile_m(int64_t m, int64_t n, int num_sms);
int hopgemm_fp8_tile_n(int64_t m, int64_t n, int num_sms);

/* Loads a kernel: `image` is PTX or a cubin of `image_size` bytes,
   `metadata` the NUL-terminated launch metadata JSON. */
hopgemm_status hopgemm_kernel_load(hopgemm_device device, const void *image,
                                   size_t image_size, const char *metadata,
                                   hopgemm_kernel *kernel, char **error);
/* The same from files; `metadata_path` NULL means `image_path` with a .json
   extension. */
hopgemm_status hopgemm_kernel_load_files(hopgemm_device device,
                                         const char *image_path,
                                         const char *metadata_path,
                                         hopgemm_kernel *kernel, char **error);
void hopgemm_kernel_destroy(hopgemm_kernel kernel);
const char *hopgemm_kernel_name(hopgemm_kernel kernel);

/* One tensor of a launch; see include/hopgemm/Runtime/GemmTypes.h for the
   2-D view of each tensor. Zero fields mean "default" or "unknown". */
typedef struct hopgemm_tensor {
  uint64_t ptr;   /* device address; 0 for a tensor the kernel does not use */
  int64_t ld;     /* row stride in elements; 0: the dense default */
  int64_t rows;   /* the view's shape; when given, checked against the */
  int64_t cols;   /* kernel's expectation */
  uint64_t bytes; /* size of the allocation behind ptr; when given, checked */
} hopgemm_tensor;

/* D = (A * SA) @ (B * SB)^T (+ C). For a grouped kernel (docs/runtime.md):
   `groups` is G >= 1 (0 for other kernels) and the kernel's int32 index
   tensor is `m_indices`, `masked_m` or `ks`:
   - M-grouped: `m` is the rows of all groups (m_contiguous, m_indices of M
     elements) or each group's max_m (m_masked, masked_m of G elements);
   - K-grouped (k_contiguous): `m` is each group's M, `k` the sum of the
     groups' K, and `ks` (G elements) each group's K, a multiple of the
     kernel's k_alignment (0 allowed); d and c are G stacked M x N blocks.
   Index values are device data and are not checked.
   Fields are only ever appended: `groups`, `m_indices` and `masked_m` came
   in version 2, `ks` in version 3. */
typedef struct hopgemm_gemm_args {
  int64_t m, n, k;
  hopgemm_tensor a, sa, b, sb, d, c;
  int64_t groups;
  hopgemm_tensor m_indices, masked_m;
  hopgemm_tensor ks;
} hopgemm_gemm_args;

/* Validates `args` and launches on `stream` (a CUstream; NULL is the legacy
   default stream, e.g. torch's default stream). Asynchronous: the kernel's
   own descriptor upload is ordered on `stream` before the launch, so any
   stream is fine, including a non-blocking one. When a kernel moves to
   another stream, the previous stream is synchronized first, so that stream
   must still exist. Makes the device's primary context current on the
   calling thread. */
hopgemm_status hopgemm_kernel_launch(hopgemm_kernel kernel,
                                     const hopgemm_gemm_args *args,
                                     void *stream, char **error);

#ifdef __cplusplus
}
#endif

#endif /* HOPGEMM_C_HOPGEMM_H */
