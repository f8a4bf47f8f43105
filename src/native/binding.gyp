# node-gyp build of the optional native addon (src/native/build.js runs it).
# Output: src/native/build/Release/ple_blas.node, loaded by
# src/ops/native-blas.ts.
# PLE_BLAS (set by build.js) picks the matrix product: 'openblas' (the
# default) links the system's OpenBLAS; 'own' compiles in ple's own sgemm
# (sgemm.c, -DPLE_OWN_GEMM) and needs nothing but a C compiler.
# PLE_BLAS_LDFLAGS (set by build.js) points the link and the run-time search
# path at Debian's pthread OpenBLAS when present: the OpenMP one is 3-4x slower
# with 2 threads inside Node (its idle threads spin against V8's).
{
  "variables": {
    "ple_blas%": "<!(node -p \"process.env.PLE_BLAS || 'openblas'\")"
  },
  "targets": [
    {
      "target_name": "ple_blas",
      "sources": ["ple_blas.c", "peak.c"],
      "cflags": ["-O3", "-fno-math-errno", "-fno-trapping-math", "-std=c11", "-Wall", "-Wextra"],
      "defines": ["NAPI_VERSION=8"],
      "libraries": ["-lpthread"],
      "conditions": [
        ["ple_blas=='own'", {
          "sources": ["sgemm.c", "parallel.c"],
          "defines": ["PLE_OWN_GEMM"]
        }, {
          "include_dirs": ["/usr/include/openblas"],
          "libraries": ["-lopenblas"],
          "ldflags": ["<!@(node -p \"process.env.PLE_BLAS_LDFLAGS || ''\")"]
        }]
      ]
    }
  ]
}
