"""Benchmark: a worker's parse (`loader._parse_for_store`) with this checkout's `desktop/core/context.py` beside
the one of another checkout, A/B in one process (CPU time, the collector paused).

    python tests/benchmarks/bench_context_ab.py --base /path/to/other/checkout [--vault PATH] [--sample N]
        [--rounds R] [--parts] [--hostile]

The other checkout's `context.py` is loaded as a module of its own and swapped into `desktop.core.index` for
its turns; the two alternate, R rounds of N sampled notes each, and the CPU µs a note of each turn is printed,
with the difference. `--parts` also times the context calls alone (`ContextFinder()`, `passage_texts`,
`link_contexts`) on the same notes, old beside new. `--hostile` times `passage_texts` and `link_contexts` of
made-up notes dense with links, periods and stamps at two sizes ten times apart (the time should grow ten
times), and checks old and new give the same contexts.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

import desktop.core.context as new_context  # noqa: E402
import desktop.core.index as index_module  # noqa: E402
import desktop.core.loader as loader  # noqa: E402
from desktop.core.memory import paused_gc  # noqa: E402
from desktop.core.vault import scan_vault  # noqa: E402

_SWAPPED = ("ContextFinder", "block_spans", "passage_texts")


def load_context(checkout: Path):
    """`desktop/core/context.py` of another checkout, as a module of its own (its imports from this one)."""
    spec = importlib.util.spec_from_file_location("base_context", checkout / "desktop" / "core" / "context.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def use(module) -> None:
    for name in _SWAPPED:
        setattr(index_module, name, getattr(module, name))


def parse_cpu(files) -> float:
    with paused_gc():
        started = time.process_time()
        loader._parse_for_store(files, None)
        return time.process_time() - started


def parts_cpu(module, inputs) -> dict[str, float]:
    """CPU seconds of the context calls of `_parse` alone, over pre-parsed inputs (body, stamp spans, link
    spans)."""
    times = {"ContextFinder()": 0.0, "passage_texts": 0.0, "link_contexts": 0.0}
    clock = time.process_time
    with paused_gc():
        for body, stamps, links in inputs:
            t0 = clock()
            finder = module.ContextFinder(body, stamps)
            t1 = clock()
            finder.passage_texts()
            t2 = clock()
            finder.link_contexts(links)
            t3 = clock()
            times["ContextFinder()"] += t1 - t0
            times["passage_texts"] += t2 - t1
            times["link_contexts"] += t3 - t2
    return times


_STAMP = '<a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>'
_HOSTILE = {
    "short sentences": lambda n: "".join(f"A [[t{i}]]. " for i in range(n)),
    "one long sentence": lambda n: "".join(f"and [[t{i}]] " for i in range(n)) + "end.",
    "stamps on one line": lambda n: "".join(f"Say [[t{i}|x. y]] so. {_STAMP}. " for i in range(n)),
    "periods, then a link": lambda n: "a. " * (n * 5) + "[[x]] end",
    "unclosed links": lambda n: "[[a. " * n + "[[x]]",
}


def hostile(old_context) -> None:
    """CPU ms of `passage_texts` + `link_contexts` of each made-up note at two sizes, old beside new."""
    import re

    from desktop.core.links import parse_links

    for name, make in _HOSTILE.items():
        for count in (2000, 20000):
            body = make(count)
            stamps = [m.span() for m in re.finditer(re.escape(_STAMP), body)]
            links = [(ref.start, ref.end) for ref in parse_links(body)]
            times, contexts = [], []
            for module in (old_context, new_context):
                finder = module.ContextFinder(body, stamps)
                started = time.process_time()
                finder.passage_texts()
                contexts.append(finder.link_contexts(links))
                times.append(time.process_time() - started)
            print(f"{name:22s} {len(body):9,d} characters: old {times[0] * 1e3:7.1f} ms, new {times[1] * 1e3:7.1f} ms"
                  f"{'' if contexts[0] == contexts[1] else '  CONTEXTS DIFFER'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, required=True, help="the checkout whose context.py is A")
    parser.add_argument("--vault", type=Path, default=Path("/tmp/real-bench"))
    parser.add_argument("--sample", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--parts", action="store_true")
    parser.add_argument("--hostile", action="store_true")
    args = parser.parse_args()
    old_context = load_context(args.base)
    if args.hostile:
        hostile(old_context)
        return
    files = [f for f in scan_vault(args.vault.resolve())[0] if f.is_note]
    random.seed(1)
    sample = random.sample(files, min(args.sample, len(files)))
    count = len(sample)
    use(new_context)
    parse_cpu(sample[:200])  # warm: imports, regex caches
    totals = {"old": 0.0, "new": 0.0}
    for round_number in range(args.rounds):
        for name, module in (("old", old_context), ("new", new_context)) if round_number % 2 == 0 else (
                ("new", new_context), ("old", old_context)):
            use(module)
            cpu = parse_cpu(sample)
            totals[name] += cpu
            print(f"round {round_number + 1} {name}: {cpu / count * 1e6:7.1f} µs a note")
    use(new_context)
    old, new = (totals[k] / (count * args.rounds) * 1e6 for k in ("old", "new"))
    print(f"_parse_for_store, {count} notes x {args.rounds}: old {old:.1f}, new {new:.1f} µs a note "
          f"({old - new:+.1f} off)")
    if args.parts:
        from desktop.core.index import read_text, split_frontmatter
        from desktop.core.links import code_spans, parse_links
        from desktop.core.stamps import find_stamps

        inputs = []
        for file in sample:
            text, _ = read_text(file)
            if text is None:
                continue
            _, body, _, _ = split_frontmatter(text)
            skip = code_spans(body)
            stamps = [(ref.start, ref.end) for ref in find_stamps(body, skip)]
            links = [(ref.start, ref.end) for ref in parse_links(body, skip)]
            inputs.append((body, stamps, links))
        sums = {"old": {}, "new": {}}
        for round_number in range(args.rounds):
            for name, module in (("old", old_context), ("new", new_context)) if round_number % 2 == 0 else (
                    ("new", new_context), ("old", old_context)):
                for part, cpu in parts_cpu(module, inputs).items():
                    sums[name][part] = sums[name].get(part, 0.0) + cpu
        scale = 1e6 / (len(inputs) * args.rounds)
        for part in sums["old"]:
            old, new = sums["old"][part] * scale, sums["new"][part] * scale
            print(f"{part:16s} old {old:6.1f}  new {new:6.1f} µs a note ({old - new:+.1f} off)")


if __name__ == "__main__":
    main()
