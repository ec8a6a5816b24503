"""NetVLAD pooling, version 1 (1x1 conv soft-assignment without bias), as in docs/model.md."""

import torch
import torch.nn.functional as F
from torch import nn


class NetVLAD(nn.Module):
    """Soft-assignment VLAD over L2-normalised local features; output is cluster-major and unit norm.

    State: ``centroids`` [K, D] (raw k-means centres) and ``conv.weight`` [K, D, 1, 1].
    ``alpha`` is only used to initialise ``conv.weight`` and is not stored, like the reference.
    """

    def __init__(self, clusters: int = 64, dim: int = 512):
        super().__init__()
        self.clusters = clusters
        self.dim = dim
        self.conv = nn.Conv2d(dim, clusters, kernel_size=1, bias=False)
        self.centroids = nn.Parameter(torch.rand(clusters, dim))

    @torch.no_grad()
    def init_from_centroids(self, centroids: torch.Tensor, alpha: float) -> None:
        """v1 initialisation: conv.weight = alpha * row-normalised centroids; centroids kept raw."""
        self.centroids.copy_(centroids)
        self.conv.weight.copy_((alpha * F.normalize(centroids, p=2, dim=1)).view(self.clusters, self.dim, 1, 1))

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        x = F.normalize(features, p=2, dim=1)
        assignment = F.softmax(self.conv(x).flatten(2), dim=1)         # [N, K, HW]
        x = x.flatten(2)                                                # [N, D, HW]
        # sum_i a_ki (x_i - c_k) = sum_i a_ki x_i - (sum_i a_ki) c_k: the reference's per-cluster loop, vectorised.
        weighted_sum = torch.bmm(assignment, x.transpose(1, 2))         # [N, K, D]
        vlad = weighted_sum - assignment.sum(dim=2).unsqueeze(2) * self.centroids.unsqueeze(0)
        vlad = F.normalize(vlad, p=2, dim=2)                            # intra-normalisation
        vlad = vlad.flatten(1)                                          # index = k * D + d
        return F.normalize(vlad, p=2, dim=1)
