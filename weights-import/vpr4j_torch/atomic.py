"""Writing output files all-or-nothing: a temp sibling, fsync, then os.replace."""

import io
import os
import tempfile
from typing import Dict

import torch

from .errors import UserError


def check_output_dir(path: str, option: str) -> None:
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise UserError(f"{option} {path}: folder {parent} does not exist")
    if os.path.isdir(path):
        raise UserError(f"{option} {path}: is a folder, expected a file name")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _write_temp(path: str, data: bytes) -> str:
    parent = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=parent, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual permissions of a new file
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def write_files_atomically(files: Dict[str, bytes]) -> None:
    """Writes every file to a temp sibling first; only when all are complete are they renamed into place."""
    temps = {}
    try:
        for path, data in files.items():
            temps[path] = _write_temp(path, data)
    except BaseException:
        for tmp in temps.values():
            os.unlink(tmp)
        raise
    for path, tmp in temps.items():
        os.replace(tmp, path)


def save_torch_atomically(obj, path: str, legacy: bool = False) -> None:
    """torch.save through a temp sibling; ``legacy`` selects the pre-1.6 (non-zip) serialisation."""
    buffer = io.BytesIO()
    torch.save(obj, buffer, _use_new_zipfile_serialization=not legacy)
    write_files_atomically({path: buffer.getvalue()})
