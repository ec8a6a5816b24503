#!/usr/bin/python3
"""Writes v73_missing_utmQ.mat for BadInputTest: a MAT v7.3 (HDF5) dbStruct laid out as MATLAB's
save -v7.3 does (the writer of ../data/make_mat_fixtures.py), with the utmQ field left out.

Run from this folder with the Debian python (h5py, numpy):  /usr/bin/python3 make_v73_missing_field.py
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
from make_mat_fixtures import netvlad_fields, write_v73  # noqa: E402

if __name__ == "__main__":
    fields = netvlad_fields()
    del fields["utmQ"]
    write_v73("v73_missing_utmQ.mat", fields)
