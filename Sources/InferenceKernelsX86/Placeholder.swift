// The AVX-512 kernels land here (compiled with -target-cpu icelake-server; called only after a CPU check).
