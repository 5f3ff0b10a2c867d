"""Check (QA of the Local Graph's names): lay out the local graph of many pages of a vault, one step and two, paint
each at the sizes the panel has (330×300 beside a 1920×1080 window's note, 150×150 in an 800×600 one), and count
the frames whose shown names meet one another, cover a named node, are cut by the view's edges, or leave the
page being read unnamed; with the names shown per frame.

    .venv/bin/python tests/benchmarks/check_local_graph_labels.py VAULT [--pages 60] [--cache DIR] [--shots DIR]

Offscreen; the vault is only read (its index goes to `--cache`, a folder of your own).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

SIZES = ((330, 300), (150, 150))


def survey(index, pages: list[str], depth: int, size: tuple[int, int], app, shots: Path | None) -> dict:
    from PySide6.QtCore import QRectF

    from desktop.ui.graph_panel import PANEL_LABEL_CHARS
    from desktop.ui.graph_view import GraphView
    from desktop.ui.graph_work import page_layout

    view = GraphView()
    view.label_chars = PANEL_LABEL_CHARS
    view.resize(*size)
    view.show()
    while not view.windowHandle().isExposed():
        app.processEvents()
    found = {"graphs": 0, "names meet": 0, "a name over a named node": 0, "cut by an edge": 0,
             "page unnamed": 0, "names": [], "nodes": []}
    for n, key in enumerate(pages):
        laid = page_layout(index, "note", key, depth)
        view.set_scene(laid.scene)
        view.set_centre("note", key)
        last = None
        for _ in range(40):  # a frame lays out a few new names: paint until a frame draws what the last did
            view.repaint()
            app.processEvents()
            if view.last_frame_labels == last:
                break
            last = list(view.last_frame_labels)
        drawn = dict(view.last_frame_labels)
        rects = list(drawn.values())
        whole = QRectF(0, 0, view.width(), view.height())
        scale = view.transform()[0]
        boxes = {i: QRectF(view.screen_pos(i).x() - r, view.screen_pos(i).y() - r, 2 * r, 2 * r)
                 for i in drawn for r in [drawn_radius(view, laid.scene, i, scale)]}
        found["graphs"] += 1
        found["names meet"] += any(a.intersects(b) for k, a in enumerate(rects) for b in rects[:k])
        found["a name over a named node"] += any(rect.intersects(boxes[j]) for i, rect in drawn.items()
                                                 for j in drawn if j != i)
        found["cut by an edge"] += any(not whole.contains(rect) for rect in rects)
        found["page unnamed"] += view.centre is not None and view.centre not in drawn
        found["names"].append(len(drawn))
        found["nodes"].append(laid.scene.node_count)
        if shots is not None and n < 6:
            shots.mkdir(parents=True, exist_ok=True)
            view.grab().save(str(shots / f"local-{depth}-{size[0]}x{size[1]}-{n}.png"))
    view.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "note-reader-check-labels")
    parser.add_argument("--shots", type=Path)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from desktop.core.loader import load_vault

    app = QApplication.instance() or QApplication(sys.argv[:1])
    index = load_vault(args.vault, cache=args.cache)
    pages = sorted(index.notes)
    random.Random(3).shuffle(pages)
    print(f"{args.vault}: {args.pages} pages of {len(pages):,}\n")
    print("| depth | view | graphs | nodes (median) | names (median) | names meet | a name over a named node | "
          "cut by an edge | page unnamed |")
    print("|---|---|---|---|---|---|---|---|---|")
    for depth in (1, 2):
        for size in SIZES:
            found = survey(index, pages[:args.pages], depth, size, app, args.shots)
            nodes = statistics.median(found["nodes"])
            print(f"| {depth} | {size[0]}×{size[1]} | {found['graphs']} | {nodes:.0f} | "
                  f"{statistics.median(found['names']):.0f} | {found['names meet']} | "
                  f"{found['a name over a named node']} | {found['cut by an edge']} | {found['page unnamed']} |")


def drawn_radius(view, scene, i: int, scale: float) -> float:
    """Node `i`'s radius as the view draws it (capped since the branch graph2; the layout's size before)."""
    shape_radius = getattr(view, "_shape_radius", None)
    return shape_radius(scene, i) if shape_radius is not None else max(scene.radius[i] * scale, 1.5)


if __name__ == "__main__":
    main()
