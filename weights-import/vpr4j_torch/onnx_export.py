"""torch -> ONNX export whose initializers carry the checkpoint's own key names.

torch.onnx in EVAL mode folds a BatchNorm that directly follows a conv into that conv and renames the result
``onnx::Conv_N``; PRESERVE mode on a model in eval() keeps every BatchNormalization node and every name. The
exporter also merges initializers with identical values into one, aliased through Identity nodes; we undo
that so every parameter used in forward is an initializer under its own name.
"""

import io
import warnings
from typing import Dict, Iterable, List, Sequence

import onnx
import torch
from onnx import numpy_helper

OPSET = 13

# Harmless messages torch 1.13 prints for reflect padding (a Slice with step -1 in its Pad lowering).
_KNOWN_EXPORT_WARNINGS = (
    "Constant folding - Only steps=1 can be constant folded",
    "The shape inference of prim::Constant type is missing",
)


class ExportCheckError(Exception):
    """The exported graph does not hold the expected initializers (a converter bug, not a user error)."""


def export_to_proto(model: torch.nn.Module, example: torch.Tensor, output_names: Sequence[str],
                    dynamic_axes: Dict[str, Dict[int, str]]) -> onnx.ModelProto:
    """Traces ``model`` (put in eval mode) on ``example`` and returns the ONNX model (input named 'image')."""
    model.eval()
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        for message in _KNOWN_EXPORT_WARNINGS:
            warnings.filterwarnings("ignore", message=message)
        with torch.no_grad():
            torch.onnx.export(
                model, example, buffer,
                opset_version=OPSET,
                input_names=["image"],
                output_names=list(output_names),
                dynamic_axes=dynamic_axes,
                do_constant_folding=False,
                training=torch.onnx.TrainingMode.PRESERVE,  # keeps BN unfused; eval() gives inference BN
                export_params=True,
                keep_initializers_as_inputs=False,
            )
    return onnx.load_from_string(buffer.getvalue())


def materialise_aliases(model: onnx.ModelProto) -> List[str]:
    """Replaces each Identity node that aliases an initializer by a copy of that initializer.

    Returns the names materialised. Graph semantics are unchanged: consumers already refer to the
    Identity's output name, which now is an initializer itself.
    """
    graph = model.graph
    initializers = {init.name: init for init in graph.initializer}
    aliases = [n for n in graph.node if n.op_type == "Identity" and n.input[0] in initializers]
    graph_outputs = {o.name for o in graph.output}
    created = []
    for node in aliases:
        if node.output[0] in graph_outputs:
            continue  # an output must stay produced by a node
        copy = onnx.TensorProto()
        copy.CopyFrom(initializers[node.input[0]])
        copy.name = node.output[0]
        graph.initializer.append(copy)
        graph.node.remove(node)
        created.append(copy.name)
    return created


def declare_output_shapes(model: onnx.ModelProto, shapes: Dict[str, list]) -> None:
    """Replaces the exporter's inferred output shapes (often opaque names such as 'Divdescriptor_dim_1')
    by the known ones: ints for fixed sizes, names for dynamic ones."""
    for output in model.graph.output:
        dims = output.type.tensor_type.shape.dim
        del dims[:]
        for size in shapes[output.name]:
            dim = dims.add()
            if isinstance(size, str):
                dim.dim_param = size
            else:
                dim.dim_value = size


def check_initializers(model: onnx.ModelProto, expected: Dict[str, torch.Tensor]) -> None:
    """Initializer names must be exactly ``expected``'s keys, with the same shapes and values."""
    initializers = {init.name: init for init in model.graph.initializer}
    missing = sorted(set(expected) - set(initializers))
    extra = sorted(set(initializers) - set(expected))
    if missing or extra:
        raise ExportCheckError(f"ONNX initializers differ from the checkpoint keys: missing {missing[:5]}, "
                               f"unexpected {extra[:5]}")
    for name, tensor in expected.items():
        value = numpy_helper.to_array(initializers[name])
        if tuple(value.shape) != tuple(tensor.shape) or not (value == tensor.detach().cpu().numpy()).all():
            raise ExportCheckError(f"ONNX initializer {name} differs from the checkpoint tensor")


def used_parameters(model: torch.nn.Module, ignored: Iterable[str]) -> Dict[str, torch.Tensor]:
    """The model's state_dict without the keys forward never reads."""
    skip = set(ignored)
    return {k: v for k, v in model.state_dict().items() if k not in skip}


def serialise(model: onnx.ModelProto) -> bytes:
    onnx.checker.check_model(model)
    return model.SerializeToString()
