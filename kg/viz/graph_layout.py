"""Where things go in a picture of the graph: node positions (a deterministic stress layout, fitted to the
drawing area), parallel edges curved apart, and the overlap removal that moves nodes until no two boxes (markers,
node labels, edge labels) intersect. Pure numpy: the boxes are measured by :mod:`kg.viz.graph_render`, which draws.

All coordinates are inches on the canvas (isotropic, so that matplotlib's ``arc3`` curves can be computed here).

Examples
--------
>>> X = stress_layout(3, [(0, 1), (1, 2)])  # a path a-b-c: b in the middle, laid out horizontally
>>> X.shape, bool(abs(X[1, 0]) < abs(X[0, 0]) and abs(X[1, 0]) < abs(X[2, 0]))
((3, 2), True)
>>> rad, group_of = curves([(0, 1), (0, 1), (1, 2)])
>>> [round(float(r), 2) for r in rad], [int(g) for g in group_of]
([-0.16, 0.16, 0.0], [0, 0, 1])
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

#: an area of the canvas, or a box: x0, y0, x1, y1 (inches)
Box: TypeAlias = tuple[float, float, float, float]
#: a box to keep clear: its type ("marker", "label" or "edge"), its node or edge index, and x0, y0, x1, y1 relative
#: to its anchor (inches)
Item: TypeAlias = tuple[str, int, float, float, float, float]


def stress_layout(n: int, pairs: list[tuple[int, int]]) -> NDArray[np.float64]:
    """Deterministic 2-D layout: classical MDS of the shortest-path distances, refined by stress majorisation.
    Nodes of other components sit at half the longest distance plus one (around the edge of the picture)."""
    import numpy as np

    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    adj: list[set[int]] = [set() for _ in range(n)]
    for a, b in pairs:
        if a != b:
            adj[a].add(b)
            adj[b].add(a)
    D = np.full((n, n), np.inf)
    for s in range(n):
        D[s, s] = 0
        frontier, d = [s], 0
        while frontier:
            d += 1
            nxt = []
            for a in frontier:
                for b in sorted(adj[a]):
                    if D[s, b] == np.inf:
                        D[s, b] = d
                        nxt.append(b)
            frontier = nxt
    finite = D[np.isfinite(D)]
    far = math.ceil((finite.max() if finite.size else 0) / 2) + 1  # just outside the largest component
    D[~np.isfinite(D)] = far
    # classical MDS
    J = np.eye(n) - 1.0 / n
    B = -0.5 * J @ (D**2) @ J
    vals, vecs = np.linalg.eigh(B)
    order = np.argsort(-vals, kind="stable")[:2]
    X = vecs[:, order] * np.sqrt(np.maximum(vals[order], 1e-9))
    # a small deterministic spread, so that nodes at the same distances do not coincide
    X = X + 0.05 * np.column_stack([np.cos(np.arange(n) * 2.399963), np.sin(np.arange(n) * 2.399963)])
    W = np.where(D > 0, 1.0 / np.maximum(D, 1e-9) ** 2, 0.0)
    wsum = W.sum(axis=1)
    for _ in range(300):
        diff = X[:, None, :] - X[None, :, :]
        dist = np.sqrt((diff**2).sum(axis=2)) + 1e-9
        target = X[None, :, :] + (D / dist)[:, :, None] * diff
        X = (W[:, :, None] * target).sum(axis=1) / wsum[:, None]
    # principal axis horizontal, signs fixed
    X = X - X.mean(axis=0)
    _, _, vt = np.linalg.svd(X, full_matrices=False)
    X = X @ vt.T
    for j in range(2):
        col = X[:, j]
        if col[int(np.argmax(np.abs(col)))] < 0:
            X[:, j] = -col
    return X


def bezier(p0: NDArray[np.float64], p2: NDArray[np.float64], rad: float, t: float) -> tuple[float, float]:
    """The point at ``t`` of matplotlib's ``arc3,rad=rad`` curve from p0 to p2 (isotropic coordinates)."""
    dx, dy = p2[0] - p0[0], p2[1] - p0[1]
    cx, cy = (p0[0] + p2[0]) / 2 + rad * dy, (p0[1] + p2[1]) / 2 - rad * dx
    a, b, c = (1 - t) ** 2, 2 * t * (1 - t), t**2
    return a * p0[0] + b * cx + c * p2[0], a * p0[1] + b * cy + c * p2[1]


def fit(X: NDArray[np.float64], area: Box, n: int) -> NDArray[np.float64]:
    """Scale a layout into the drawing area (small graphs use the middle of it)."""
    import numpy as np

    x0, y0, x1, y1 = area
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    frac = min(1.0, 0.5 + 0.08 * math.sqrt(max(n, 1)))
    hw, hh = (x1 - x0) / 2 * frac * 0.85, (y1 - y0) / 2 * frac * 0.8
    pos = np.zeros((n, 2))
    if n == 0:
        return pos
    span = X.max(axis=0) - X.min(axis=0)
    mid = (X.max(axis=0) + X.min(axis=0)) / 2
    for j, (c, half) in enumerate(((cx, hw), (cy, hh))):
        pos[:, j] = c if span[j] < 1e-9 else c + (X[:, j] - mid[j]) / span[j] * 2 * half
    return pos


def curves(ends: list[tuple[int, int]]) -> tuple[NDArray[np.float64], NDArray[np.int_]]:
    """How much each edge bends (matplotlib's ``arc3`` rad), so that parallel edges between the same two nodes
    are curved apart in one sense, and the group of parallel edges each belongs to: (rad, group_of) arrays."""
    import numpy as np

    groups: dict[tuple[int, int], list[int]] = {}
    for j, (a, b) in enumerate(ends):
        groups.setdefault((min(a, b), max(a, b)), []).append(j)
    rad = np.zeros(len(ends))
    group_of = np.zeros(len(ends), dtype=int)
    for g, (pair, members) in enumerate(sorted(groups.items())):
        m = len(members)
        for i, j in enumerate(members):
            group_of[j] = g
            r = 0.0 if m == 1 else 0.32 * (i - (m - 1) / 2)
            # arc3 bends relative to the edge's direction: keep one sense for the pair
            rad[j] = r if ends[j][0] == pair[0] else -r
    return rad, group_of


def resolve(
    items: list[Item],
    pos: NDArray[np.float64],
    rad: NDArray[np.float64],
    tpar: NDArray[np.float64],
    ends: list[tuple[int, int]],
    radius: NDArray[np.float64],
    gap: float,
    area: Box,
    group_of: NDArray[np.int_],
    iterations: int = 2000,
) -> bool:
    """Move nodes (and curve parallel edges further) until no two boxes — node markers, node labels, edge
    labels — intersect and all lie in ``area``; True when done, False when it makes no more progress.

    ``items`` are (type, node or edge index, box x0, y0, x1, y1 relative to the anchor), type one of "marker",
    "label" or "edge"; ``pos`` the nodes' positions; ``rad`` and ``tpar`` each edge's bend and where its label
    sits along it; ``ends`` each edge's (start, end) nodes; ``radius`` each node marker's radius; ``gap`` between
    a marker and its label; ``group_of`` each edge's group of parallel edges (see :func:`curves`).
    Deterministic (Jacobi steps over sorted pairs). ``pos`` and ``rad`` are changed in place."""
    import numpy as np

    K = len(items)
    if K == 0:
        return True
    typ = [it[0] for it in items]
    ref = np.array([it[1] for it in items])
    rel = np.array([it[2:] for it in items], dtype=float)
    is_edge = np.array([t == "edge" for t in typ])
    x0, y0, x1, y1 = area
    # pairs that may touch: a node's marker and its own label
    node_item = np.where(~is_edge, ref, -1)
    same_node = (node_item[:, None] == node_item[None, :]) & (node_item[:, None] >= 0)
    upper = np.triu(np.ones((K, K), dtype=bool), 1)
    allowed = upper & ~same_node
    n = len(pos)
    # the label hangs under the node; the marker is centred on it
    label_dy = np.array([-(radius[r] + gap) if t == "label" else 0.0 for t, r in zip(typ, ref, strict=True)])
    node_rel = np.zeros((n, 4))  # the union of a node's marker and label boxes, relative to the node
    node_rel[:, :2], node_rel[:, 2:] = np.inf, -np.inf
    for k in range(K):
        if not is_edge[k]:
            r = ref[k]
            box = rel[k] + np.array([0, label_dy[k], 0, label_dy[k]])
            node_rel[r, :2] = np.minimum(node_rel[r, :2], box[:2])
            node_rel[r, 2:] = np.maximum(node_rel[r, 2:], box[2:])

    def coeffs(k: int) -> dict[int, float]:
        if is_edge[k]:
            a, b = ends[ref[k]]
            t = tpar[ref[k]]
            if a == b:
                return {a: 1.0}
            return {a: 1 - t, b: t}
        return {int(ref[k]): 1.0}

    def anchors() -> NDArray[np.float64]:
        A = np.zeros((K, 2))
        for k in range(K):
            if is_edge[k]:
                j = ref[k]
                a, b = ends[j]
                A[k] = bezier(pos[a], pos[b], rad[j], tpar[j])
            else:
                A[k] = pos[ref[k]]
                A[k, 1] += label_dy[k]
        return A

    def clamp() -> None:
        lo_x, hi_x = x0 - node_rel[:, 0], x1 - node_rel[:, 2]
        lo_y, hi_y = y0 - node_rel[:, 1], y1 - node_rel[:, 3]
        pos[:, 0] = np.where(lo_x <= hi_x, np.clip(pos[:, 0], lo_x, np.maximum(lo_x, hi_x)), (x0 + x1) / 2)
        pos[:, 1] = np.where(lo_y <= hi_y, np.clip(pos[:, 1], lo_y, np.maximum(lo_y, hi_y)), (y0 + y1) / 2)

    def _own_edge(a: int, b: int) -> tuple[int, int] | None:
        """(the end, the other end) when one item is an edge's label and the other belongs to one of its ends."""
        e, o = (a, b) if is_edge[a] else (b, a)
        p, q = ends[ref[e]]
        if p == q:
            return None
        if ref[o] == p:
            return p, q
        if ref[o] == q:
            return q, p
        return None

    seen: dict[tuple[int, int], int] = {}
    best = [math.inf, 0]
    clamp()
    step = 0.5
    max_move = 0.25
    for it in range(iterations):
        A = anchors()
        B = np.concatenate([A, A], axis=1) + rel
        ox = np.minimum(B[:, None, 2], B[None, :, 2]) - np.maximum(B[:, None, 0], B[None, :, 0])
        oy = np.minimum(B[:, None, 3], B[None, :, 3]) - np.maximum(B[:, None, 1], B[None, :, 1])
        hits = np.argwhere((ox > 0) & (oy > 0) & allowed)
        outside = [
            int(k) for k in np.flatnonzero(is_edge) if B[k, 0] < x0 or B[k, 2] > x1 or B[k, 1] < y0 or B[k, 3] > y1
        ]
        if not len(hits) and not outside:
            return True
        count = len(hits) + len(outside)
        if count < best[0]:
            best[:] = [count, it]
        elif it - best[1] > 300:  # no progress for a while: give up (the caller enlarges the canvas)
            return False
        disp = np.zeros((n, 2))
        for a, b in hits:
            ca, cb = A[a] + (rel[a, :2] + rel[a, 2:]) / 2, A[b] + (rel[b, :2] + rel[b, 2:]) / 2
            d = np.zeros(2)
            seen[(a, b)] = seen.get((a, b), 0) + 1
            axis = 0 if ox[a, b] < oy[a, b] else 1
            if seen[(a, b)] > 40 and (seen[(a, b)] // 20) % 2:  # a stubborn pair: try the other way
                axis = 1 - axis
            amount = (ox[a, b] if axis == 0 else oy[a, b]) + 0.01
            delta = ca[axis] - cb[axis]
            sign = 1.0 if delta > 1e-9 else -1.0 if delta < -1e-9 else (1.0 if (a + b + it) % 2 else -1.0)
            d[axis] = sign * amount
            own = _own_edge(a, b) if is_edge[a] != is_edge[b] else None
            if own is not None:
                # an edge's label on one of its own ends: lengthen the edge
                (near, far) = own
                along = pos[far] - pos[near]
                norm = float(np.hypot(*along))
                if norm > 1e-9:
                    along = along / norm
                    m = min(ox[a, b] / max(abs(along[0]), 1e-3), oy[a, b] / max(abs(along[1]), 1e-3)) + 0.01
                    m = min(m, 0.5)
                    disp[far] += along * m / 2
                    disp[near] -= along * m / 2
                    continue
            c = coeffs(a)
            for node, w in coeffs(b).items():
                c[node] = c.get(node, 0.0) - w
            s = sum(w * w for w in c.values())
            if s < 0.05 and is_edge[a] and is_edge[b]:
                # two labels of parallel edges: curve the pair's edges further apart and lengthen them
                for k in (a, b):
                    for j in np.flatnonzero(group_of == group_of[ref[k]]):
                        rad[j] = float(np.clip(rad[j] * 1.06, -0.9, 0.9))
                p, q = ends[ref[a]]
                along = pos[q] - pos[p]
                norm = float(np.hypot(*along)) or 1.0
                disp[q] += along / norm * 0.02
                disp[p] -= along / norm * 0.02
                continue
            if s < 1e-9:
                continue
            for node, w in c.items():
                disp[node] += w * d / s
        for k in outside:
            d = np.zeros(2)
            d[0] = max(x0 - B[k, 0], 0) - max(B[k, 2] - x1, 0)
            d[1] = max(y0 - B[k, 1], 0) - max(B[k, 3] - y1, 0)
            c = coeffs(k)
            s = sum(w * w for w in c.values())
            for node, w in c.items():
                disp[node] += w * (d + np.sign(d) * 0.01) / s
            j = ref[k]  # and straighten a curve that bulges out
            rad[j] *= 0.97
        disp *= step
        norms = np.hypot(disp[:, 0], disp[:, 1])
        too_far = norms > max_move
        disp[too_far] *= (max_move / norms[too_far])[:, None]
        pos += disp
        clamp()
    return False


__all__ = ["bezier", "curves", "fit", "resolve", "stress_layout"]


def pivot_layout(n: int, pairs: list[tuple[int, int]], pivots: int = 50) -> NDArray[np.float64]:
    """Deterministic 2-D layout of a large graph in time linear in its size: pivot MDS (the hop distances to
    ``pivots`` nodes picked far apart, the first the most connected, double-centred and projected on their two
    main axes), then a small spiral spread so that nodes at the same distances do not coincide. Nodes of other
    components sit just outside the largest (as in :func:`stress_layout`)."""
    import numpy as np

    if n <= 1:
        return np.zeros((n, 2))
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in pairs:
        if a != b:
            adj[a].append(b)
            adj[b].append(a)
    adj = [sorted(set(x)) for x in adj]

    def hops(s: int) -> NDArray[np.float64]:
        d = np.full(n, np.inf)
        d[s] = 0
        frontier, k = [s], 0
        while frontier:
            k += 1
            nxt = []
            for a in frontier:
                for b in adj[a]:
                    if d[b] == np.inf:
                        d[b] = k
                        nxt.append(b)
            frontier = nxt
        return d

    degree = np.array([len(x) for x in adj])
    chosen = [int(np.argmax(degree))]
    columns = [hops(chosen[0])]
    nearest = columns[0].copy()
    for _ in range(min(pivots, n) - 1):
        far = np.where(np.isfinite(nearest), nearest, -1.0)
        nxt = int(np.argmax(far))
        if far[nxt] <= 0:
            break
        chosen.append(nxt)
        columns.append(hops(nxt))
        nearest = np.minimum(nearest, columns[-1])
    D = np.column_stack(columns)
    finite = D[np.isfinite(D)]
    D[~np.isfinite(D)] = math.ceil((finite.max() if finite.size else 0) / 2) + 1
    D2 = D**2
    C = -0.5 * (D2 - D2.mean(axis=0)[None, :] - D2.mean(axis=1)[:, None] + D2.mean())
    U, S, _ = np.linalg.svd(C, full_matrices=False)
    X = U[:, :2] * S[:2] if U.shape[1] >= 2 else np.column_stack([U[:, 0] * S[0], np.zeros(n)])
    idx = np.arange(n)
    spread = 0.45 * np.sqrt((idx % 16 + 1) / 16)
    X = X + spread[:, None] * np.column_stack([np.cos(idx * 2.399963), np.sin(idx * 2.399963)])
    X = X - X.mean(axis=0)
    for j in range(2):
        col = X[:, j]
        if col[int(np.argmax(np.abs(col)))] < 0:
            X[:, j] = -col
    return X


class LabelGrid:
    """The boxes already on the canvas (placed labels, node markers), in a grid of square cells, so that a new
    label's box is checked only against the boxes in the cells it covers (not against every other box)."""

    def __init__(self, cell: float = 0.5) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.boxes: list[tuple[Box, int]] = []  # (box, owner node)

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        c = self.cell
        return [
            (i, j)
            for i in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1)
            for j in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1)
        ]

    def add(self, box: Box, owner: int) -> None:
        self.boxes.append((box, owner))
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(len(self.boxes) - 1)

    def free(self, box: Box, owner: int) -> bool:
        """No box of another owner intersects ``box`` (boxes that only touch do not intersect)."""
        for key in self._keys(box):
            for k in self.cells.get(key, ()):
                other, who = self.boxes[k]
                if who != owner and box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]:
                    return False
        return True


def label_spots(x: float, y: float, r: float, gap: float, rel: Box) -> list[tuple[float, float]]:
    """Where a label's anchor may go, best first: under the node, above it, right of it, left of it (``rel`` is
    the label's box relative to its anchor, ``r`` the marker's radius)."""
    mid = (rel[1] + rel[3]) / 2
    return [
        (x, y - r - gap - rel[3]),
        (x, y + r + gap - rel[1]),
        (x + r + gap - rel[0], y - mid),
        (x - r - gap - rel[2], y - mid),
    ]
