#!/usr/bin/python3
"""Writes the small .mat fixtures that DbStructReaderTest reads.

Run from this folder with the Debian python (scipy, h5py, numpy):  /usr/bin/python3 make_mat_fixtures.py

- scipy_dbstruct.mat: scipy.io.savemat of a dbStruct with the 10 NetVLAD fields in order,
  N x 1 cells and 2 x N UTM, as in the published netvlad_v100_datasets files.
- scipy_python_names.mat: the same data the way a Python user would naturally save it: the field
  names of the PyTorch loaders (dbImage, utmDb, numDb, ...), 1 x N cells (scipy's default for 1-D
  arrays), N x 2 UTM, integer counts, compressed. Only the positions match the NetVLAD order.
- v73_dbstruct.mat: a MAT v7.3 (HDF5) file laid out the way MATLAB's save -v7.3 does it
  (512-byte user block with the MATLAB header, char as uint16, cells as object references into
  #refs#, MATLAB_class / MATLAB_fields attributes, dimensions reversed).
"""
import h5py
import numpy as np
import scipy.io

WHICH_SET = "test"
DB = ["000/000000_pitch1_yaw1.jpg", "000/000000_pitch1_yaw2.jpg", "001/001234_pitch2_yaw12.jpg"]
Q = ["000/000009_pitch1_yaw3.jpg", "001/001111_pitch2_yaw5.jpg"]
UTM_DB = np.array([[584951.5, 584952.25, 585010.0], [4477186.5, 4477187.0, 4477300.75]])  # 2 x N
UTM_Q = np.array([[584955.0, 585012.5], [4477190.0, 4477301.0]])  # 2 x M


def column_cell(names):
    cell = np.empty((len(names), 1), dtype=object)
    for i, n in enumerate(names):
        cell[i, 0] = n
    return cell


def row_cell(names):
    cell = np.empty((len(names),), dtype=object)
    for i, n in enumerate(names):
        cell[i] = n
    return cell


def netvlad_fields():
    return {
        "whichSet": WHICH_SET,
        "dbImageFns": column_cell(DB),
        "utmDb": UTM_DB,
        "qImageFns": column_cell(Q),
        "utmQ": UTM_Q,
        "numImages": float(len(DB)),
        "numQueries": float(len(Q)),
        "posDistThr": 25.0,
        "posDistSqThr": 625.0,
        "nonTrivPosDistSqThr": 100.0,
    }


def python_named_fields():
    return {
        "whichSet": WHICH_SET,
        "dbImage": row_cell(DB),
        "utmDb": UTM_DB.T.copy(),
        "qImage": row_cell(Q),
        "utmQ": UTM_Q.T.copy(),
        "numDb": np.int32(len(DB)),
        "numQ": np.int32(len(Q)),
        "posDistThr": 25.0,
        "posDistSqThr": 625.0,
        "nonTrivPosDistSqThr": 100.0,
    }


def matlab_header():
    text = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 ."
    return text.ljust(116, b" ") + b"\0" * 8 + b"\x00\x02" + b"IM"


def write_v73(path, fields):
    with h5py.File(path, "w", userblock_size=512, libver="earliest") as f:
        refs = f.create_group("#refs#")
        counter = iter(range(10**6))

        def char_dataset(group, name, text):
            data = np.array([ord(c) for c in text], dtype=np.uint16).reshape(len(text), 1)  # MATLAB 1 x L
            ds = group.create_dataset(name, data=data)
            ds.attrs["MATLAB_class"] = np.bytes_("char")
            ds.attrs["MATLAB_int_decode"] = np.int32(2)
            return ds

        struct = f.create_group("dbStruct")
        struct.attrs["MATLAB_class"] = np.bytes_("struct")
        names = np.empty(len(fields), dtype=object)
        for i, key in enumerate(fields):
            names[i] = np.array(list(key), dtype="S1")
        struct.attrs.create("MATLAB_fields", names, dtype=h5py.vlen_dtype(np.dtype("S1")))
        for key, value in fields.items():
            if isinstance(value, str):
                char_dataset(struct, key, value)
            elif isinstance(value, np.ndarray) and value.dtype == object:
                items = [char_dataset(refs, "r%d" % next(counter), s).ref for s in value.ravel()]
                ds = struct.create_dataset(key, data=np.array(items, dtype=h5py.ref_dtype).reshape(1, len(items)))
                ds.attrs["MATLAB_class"] = np.bytes_("cell")
            else:
                matrix = np.atleast_2d(np.asarray(value, dtype=np.float64))
                ds = struct.create_dataset(key, data=matrix.T)  # HDF5 holds MATLAB arrays transposed
                ds.attrs["MATLAB_class"] = np.bytes_("double")
    with open(path, "r+b") as f:
        f.write(matlab_header())


if __name__ == "__main__":
    scipy.io.savemat("scipy_dbstruct.mat", {"dbStruct": netvlad_fields()}, format="5")
    scipy.io.savemat("scipy_python_names.mat", {"dbStruct": python_named_fields()}, format="5",
                     do_compression=True)
    write_v73("v73_dbstruct.mat", netvlad_fields())
