#!/usr/bin/python3
"""The faiss side of `vpr4j bench --what scale`: IndexFlatL2 and IndexHNSWFlat on the same vectors.

usage: bench_scale_faiss.py DB.f32 QUERIES.f32 K M EF_CONSTRUCTION EF[,EF...] THREADS DIM DIM
The files are vpr4j descriptor files (a 32-byte header, then little-endian float32 rows); they are
memory-mapped. Prints one JSON object: build seconds, queries per second, recall of the exact
top-K and the peak RSS of this process after each stage (ru_maxrss, a running maximum).
"""
import json
import resource
import struct
import sys
import time

import faiss
import numpy as np


def load(path, dim):
    """The rows of a vpr4j descriptor file (header: magic, version, dim, rows), memory-mapped."""
    with open(path, "rb") as f:
        header = f.read(32)
    if header[:8] != b"VPR4JDSC" or struct.unpack("<i", header[12:16])[0] != dim:
        raise SystemExit(f"{path} is not a vpr4j descriptor file of dimension {dim}")
    return np.memmap(path, dtype="<f4", mode="r", offset=32).reshape(-1, dim)


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(argv):
    db_path, q_path = argv[0], argv[1]
    k, m, efc = map(int, argv[2:5])
    efs = [int(e) for e in argv[5].split(",")]
    threads, db_dim, q_dim = map(int, argv[6:9])
    faiss.omp_set_num_threads(threads)
    db = np.ascontiguousarray(load(db_path, db_dim))
    q = np.ascontiguousarray(load(q_path, q_dim))
    out = {"rows": int(db.shape[0]), "dim": int(db.shape[1]), "queries": int(q.shape[0])}
    t = time.perf_counter()
    flat = faiss.IndexFlatL2(db.shape[1])
    flat.add(db)
    out["flat_build_s"] = time.perf_counter() - t
    t = time.perf_counter()
    _, exact = flat.search(q, k)
    out["flat_search_s"] = time.perf_counter() - t
    out["flat_rss_mb"] = rss_mb()
    del flat
    t = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(db.shape[1], m)
    hnsw.hnsw.efConstruction = efc
    hnsw.add(db)
    out["hnsw_build_s"] = time.perf_counter() - t
    out["hnsw_rss_mb"] = rss_mb()
    out["hnsw"] = []
    for ef in efs:
        hnsw.hnsw.efSearch = max(ef, k)
        t = time.perf_counter()
        _, found = hnsw.search(q, k)
        seconds = time.perf_counter() - t
        hits = sum(len(set(found[i]) & set(exact[i])) for i in range(q.shape[0]))
        out["hnsw"].append({"ef": ef, "search_s": seconds, "recall": hits / float(q.shape[0] * k)})
    out["hnsw_rss_mb"] = max(out["hnsw_rss_mb"], rss_mb())
    out["faiss_version"] = faiss.__version__
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
