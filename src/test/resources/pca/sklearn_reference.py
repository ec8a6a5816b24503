"""Compares a vpr4j PCA file with scikit-learn's exact PCA on the same data.

usage: sklearn_reference.py DATA.f32 ROWS DIM PCA.hdf5
Prints one JSON object: the largest difference between components (up to sign) and the largest
relative difference between explained variances, plus what h5py read from the file.
"""
import json
import sys

import h5py
import numpy as np
from sklearn.decomposition import PCA


def main(argv):
    data, rows, dim, pca_file = argv[0], int(argv[1]), int(argv[2]), argv[3]
    x = np.fromfile(data, dtype="<f4").reshape(rows, dim).astype(np.float64)
    with h5py.File(pca_file, "r") as f:
        mean = f["mean"][()]
        comps = f["components"][()].astype(np.float64)
        eig = f["eigenvalues"][()]
        ratio = f["explained_variance_ratio"][()]
        k = int(f.attrs["dim"])
    ref = PCA(n_components=k, svd_solver="full").fit(x)
    signs = np.sign(np.sum(comps * ref.components_, axis=1))
    comp_diff = np.max(np.abs(comps * signs[:, None] - ref.components_))
    var_rel = np.max(np.abs(eig - ref.explained_variance_) / ref.explained_variance_)
    ratio_rel = np.max(np.abs(ratio - ref.explained_variance_ratio_) / ref.explained_variance_ratio_)
    mean_diff = np.max(np.abs(mean - ref.mean_))
    print(json.dumps({"components": float(comp_diff), "variance": float(var_rel), "ratio": float(ratio_rel),
                      "mean": float(mean_diff), "dim": k, "shape": list(comps.shape)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
