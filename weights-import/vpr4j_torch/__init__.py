"""Clean-room PyTorch definitions of the networks whose published weights vpr4j imports.

The modules reproduce the state_dict key names and shapes of the paper's checkpoints
(see docs/checkpoints.md and weights-import/tests/data/checkpoint-keys.txt) so that a checkpoint loads with
``strict=True`` and can be exported to ONNX with its own key names as initializer names.
"""

from .dims import Dims
from .errors import UserError

__all__ = ["Dims", "UserError"]
