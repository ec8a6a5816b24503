"""The networks vpr4j builds and imports, read from the data file the Java side reads too
(src/main/resources/org/vpr4j/variants.json), so that both sides agree on the attention order,
the variants and the width rule."""

import json
import os

VARIANTS_FILE = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "main", "resources", "org", "vpr4j", "variants.json"))

with open(VARIANTS_FILE, encoding="utf-8") as _f:
    _TABLE = json.load(_f)

# First-layer channels at width 1.0; width * this must be a whole number.
FIRST_CONV_CHANNELS = _TABLE["width"]["firstConvChannels"]

_ROOT_OF = {a["name"]: a["checkpointRoot"] for a in _TABLE["attentionOrder"]}

# vpr4j variant name -> the attention submodules (checkpoint key roots) it contains, for the rows of
# the paper's table (the variants with a place descriptor).
VARIANT_MODULES = {
    v["id"]: tuple(_ROOT_OF[name] for name in v["attentions"])
    for v in _TABLE["variants"] if v["kind"] == "vpr"
}

# Attention submodule names in the reference's registration (= state_dict = forward) order, those
# that some variant uses.
ATTENTION_ORDER = tuple(
    a["checkpointRoot"] for a in _TABLE["attentionOrder"]
    if any(a["checkpointRoot"] in parts for parts in VARIANT_MODULES.values()))
