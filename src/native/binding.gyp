# node-gyp build of the optional OpenBLAS addon (src/native/build.js runs it
# only when OpenBLAS headers and libraries are present). Output:
# src/native/build/Release/ple_blas.node, loaded by src/ops/native-blas.ts.
# PLE_BLAS_LDFLAGS (set by build.js) points the link and the run-time search
# path at Debian's pthread OpenBLAS when present: the OpenMP one is 3-4x slower
# with 2 threads inside Node (its idle threads spin against V8's).
{
  "targets": [
    {
      "target_name": "ple_blas",
      "sources": ["ple_blas.c"],
      "cflags": ["-O3", "-fno-math-errno", "-fno-trapping-math", "-std=c11", "-Wall", "-Wextra"],
      "include_dirs": ["/usr/include/openblas"],
      "libraries": ["-lopenblas"],
      "ldflags": ["<!@(node -p \"process.env.PLE_BLAS_LDFLAGS || ''\")"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
