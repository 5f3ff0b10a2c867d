"""Benchmark: the CPU a worker's parse spends on a note's stamps (`stamps.find_stamps` and `read_note_stamps`),
this checkout's code beside another revision's, in one process; and a check that both give the same.

    python tests/benchmarks/bench_stamps.py [--vault PATH] [--sample N] [--rounds R] [--base REV]
    python tests/benchmarks/bench_stamps.py --check VAULT... [--base REV]

The first form times, per note of `--sample` notes of the vault (process CPU, the collector paused), the
whole worker parse (`loader._parse_for_store`) with the stamp functions of `--base` (a git revision of this
repository: its `desktop/core/stamps.py`) and with this checkout's, alternating, `--rounds` times after a
round 0 that starts with both value caches empty (as a worker's first notes) and fills them; then the two
functions alone on the same notes' bodies. The second form
says which notes' refs, readings, timestamp_format or warnings differ between the two (every note, as its
frontmatter says and read as "hms", "msf" and an unknown format): 0 must differ.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

import desktop.core.index as index_module  # noqa: E402
import desktop.core.stamps as new  # noqa: E402
from desktop.core.frontmatter import split_frontmatter, timestamp_override  # noqa: E402
from desktop.core.links import code_spans  # noqa: E402
from desktop.core.loader import _parse_for_store  # noqa: E402
from desktop.core.memory import paused_gc  # noqa: E402
from desktop.core.vault import scan_vault  # noqa: E402


def load_base(revision: str):
    """`desktop/core/stamps.py` as it is at `revision`, as a module of its own beside this checkout's."""
    source = subprocess.run(["git", "-C", str(REPO), "show", f"{revision}:desktop/core/stamps.py"],
                            check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "stamps_base.py"
    path.write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location("desktop.core.stamps_base", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (a dataclass looks its module up while it is made)
    spec.loader.exec_module(module)
    return module


def bodies_of(files) -> list[tuple[str, list, str, bool, str | None]]:
    """(body, code spans, case-folded body, names YouTube, frontmatter's timestamp_format) of each note (an
    unreadable one as empty)."""
    found = []
    for file in files:
        text, _ = index_module.read_text(file)
        if text is None:
            text = ""
        meta, body, _offset, _warnings = split_frontmatter(text)
        folded = body.casefold()
        found.append((body, code_spans(body), folded, new.mentions_youtube(body, folded), timestamp_override(meta)))
    return found


def use(module) -> None:
    """Make the parse call `module`'s stamp functions."""
    index_module.find_stamps, index_module.read_note_stamps = module.find_stamps, module.read_note_stamps


def time_parse(files, module) -> float:
    use(module)
    with paused_gc():
        started = time.process_time()
        _parse_for_store(files, None)
        return time.process_time() - started


def time_functions(bodies, module) -> tuple[float, float]:
    find, read = module.find_stamps, module.read_note_stamps
    with paused_gc():
        started = time.process_time()
        all_refs = [find(body, skip, folded, youtube) for body, skip, folded, youtube, _ in bodies]
        found = time.process_time()
        for refs, (_, _, _, _, override) in zip(all_refs, bodies):
            read(refs, override)
        return found - started, time.process_time() - found


def bench(vault: Path, sample: int, rounds: int, base) -> None:
    files = [f for f in scan_vault(vault.resolve())[0] if f.is_note]
    random.seed(1)
    files = random.sample(files, min(sample, len(files)))
    n = len(files)
    us = 1e6 / n
    print(f"_parse_for_store on {n} notes of {vault}, µs a note (process CPU; the two alternate every 100 notes):")
    spent = {"base": [], "new": []}
    for module in (base, new):  # round 0 starts with each module's value caches empty, as a worker's first notes
        module.parse_stamp_value.cache_clear()
        getattr(module, "_THREE_PART", {}).clear()
    for i in range(-1, rounds):  # round 0 fills the caches: left out of the best
        totals = {"base": 0.0, "new": 0.0}
        for j in range(0, n, 100):  # side by side over short stretches: the machine's load drifts
            order = [("base", base), ("new", new)] if (i + j // 100) % 2 == 0 else [("new", new), ("base", base)]
            for name, module in order:
                totals[name] += time_parse(files[j:j + 100], module)
        for name, total in totals.items():
            spent[name].append(total * us)
        print(f"  round {i + 1}{' (caches empty at first)' if i < 0 else ''}: base {spent['base'][-1]:.1f}  "
              f"new {spent['new'][-1]:.1f}  saved {spent['base'][-1] - spent['new'][-1]:.1f}")
    use(new)
    best = {name: min(values[1:]) for name, values in spent.items()}
    print(f"  best: base {best['base']:.1f}  new {best['new']:.1f}  saved {best['base'] - best['new']:.1f}")
    bodies = bodies_of(files)
    print("find_stamps / read_note_stamps alone, µs a note:")
    for i in range(rounds):
        b_find, b_read = time_functions(bodies, base)
        n_find, n_read = time_functions(bodies, new)
        print(f"  round {i + 1}: find {b_find * us:.1f} -> {n_find * us:.1f}   "
              f"read {b_read * us:.1f} -> {n_read * us:.1f}")


def ref_fields(refs) -> list[tuple]:
    return [dataclasses.astuple(ref) + (type(ref),) for ref in refs]


def check(vaults: list[Path], base) -> int:
    """How many notes' stamps the two revisions read differently (printing the first few)."""
    differ = total = 0
    for vault in vaults:
        files = [f for f in scan_vault(vault.resolve())[0] if f.is_note]
        for file, (body, skip, folded, youtube, override) in zip(files, bodies_of(files)):
            total += 1
            calls = [((body, skip, folded, youtube), {}), ((body,), {}), ((body, skip), {})]
            refs = [(module.find_stamps(*args, **kwargs)) for args, kwargs in calls for module in (base, new)]
            same = all(ref_fields(refs[i]) == ref_fields(refs[i + 1]) for i in range(0, len(refs), 2))
            for reading in (override, "hms", "msf", "ymd"):
                same = same and base.read_note_stamps(refs[0], reading) == new.read_note_stamps(refs[1], reading)
            if not same:
                differ += 1
                if differ <= 20:
                    print(f"differs: {vault} {file.path}")
    print(f"{total} notes; {differ} differ")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vault", type=Path, default=Path("/tmp/real-bench"))
    parser.add_argument("--sample", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--base", default="main", help="git revision whose stamps.py is the baseline")
    parser.add_argument("--check", nargs="+", type=Path, metavar="VAULT")
    args = parser.parse_args()
    base = load_base(args.base)
    if args.check:
        sys.exit(check(args.check, base))
    bench(args.vault, args.sample, args.rounds, base)


if __name__ == "__main__":
    main()
