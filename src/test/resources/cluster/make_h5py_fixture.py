#!/usr/bin/env python3
"""Writes h5py_centroids.hdf5, the fixture CentroidFileTest reads to prove that files made the way
the paper's PyTorch code makes them (h5py, datasets "centroids" and "descriptors") load in Java.

Every value is a multiple of 1/16 with a small magnitude, so it is exact in float32 and the test can
recompute it: centroids[i, j] = (8 i + j) / 4 - 3, descriptors[r, j] = (8 r + j) / 16 - 5.
"descriptors" is chunked and gzip-compressed, as large h5py datasets often are.

Run with Debian's h5py: /usr/bin/python3 make_h5py_fixture.py
"""
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    k, n, d = 4, 20, 8
    centroids = (np.arange(k * d, dtype=np.float64).reshape(k, d) / 4 - 3).astype(np.float32)
    descriptors = (np.arange(n * d, dtype=np.float64).reshape(n, d) / 16 - 5).astype(np.float32)
    with h5py.File(os.path.join(HERE, "h5py_centroids.hdf5"), "w") as f:
        f.create_dataset("centroids", data=centroids)
        f.create_dataset("descriptors", data=descriptors, chunks=(5, d), compression="gzip")


if __name__ == "__main__":
    main()
