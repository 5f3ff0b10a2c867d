"""Benchmark: the real-world fault cases of issue #12 — link-dense notes, big-note snippets, many stamps, a huge note.

    python tests/benchmarks/bench_faults.py [--case NAME ...] [--timeout SECONDS]
    BENCH_READ_LIMIT_MB=50 python tests/benchmarks/bench_faults.py ...   # notes read up to 50 MB, as before

Each case runs in a fresh process (so its peak memory is its own) and prints wall time in seconds and the
peak RSS; a case still running after --timeout is reported as such. Cases:
  links-1k    index a 14 KB note with 1,000 links          links-5k    70 KB with 5,000 links
  links-100k  a note with 100,000 links                     links-1m    a note with 1,000,000 links
  snippet-4mb a query matching a 4 MB note                  snippet-50mb  the same, 50 MB
  stamps-100k a query matching a note with 100k stamps
  md-links-unclosed-40k / -300k  the search text of 120 KB / 900 KB of unclosed `[` then `](`
  huge-200mb  a 200 MB note: read, completed and rendered as the window shows it
  render-*    a hostile note rendered as the window and the export render it (`render_note_page`): the QA's
              bracket bombs (`[[`x4000, `[[`x8000, `[`x8000+`]`x8000, the 160 KB `link_bomb.md`) and other shapes
              of unclosed or nested markup, each about 160 KB (`--case render-wiki-4k` ...; all: `--render`);
              `render-wiki-ok-224k`: 224 KB of wiki-links that all lead to notes
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAMP = '<a class="yt-timestamp" data-t="00:{:02d}:{:02d}"></a>'


def link_dense(links: int) -> str:
    """About 14 bytes a link: `A [[t12]]. ` sentences in one paragraph, as a dense generated note gives."""
    return "---\ntitle: Dense\n---\n" + "".join(f"A [[t{i % 997}]]. " for i in range(links)) + "\n"


def case_links(links: int) -> dict:
    from desktop.core.index import parse_note

    text = link_dense(links)
    start = time.perf_counter()
    note = parse_note("dense.md", text)
    return {"seconds": time.perf_counter() - start, "kb": len(text) // 1024, "links": len(note.links)}


def case_unclosed_anchors(repeats: int) -> dict:
    """A note of `repeats` unclosed `<a class="yt-timestamp" ` indexed (1,000 took 17 s before the tag bound)."""
    from desktop.core.index import parse_note

    text = '<a class="yt-timestamp" ' * repeats
    start = time.perf_counter()
    note = parse_note("anchors.md", text)
    return {"seconds": round(time.perf_counter() - start, 3), "kb": len(text) // 1024, "stamps": len(note.stamps)}


def case_unclosed_md_links(repeats: int) -> dict:
    """The search text of a note of `repeats` unclosed `[` then as many `](` (QA: 120 KB took 50 s, quadratic,
    before the Markdown link patterns were bounded)."""
    from desktop.core.index import read_note
    from desktop.core.vault import VaultFile

    text = "---\ntitle: X\n---\nw " + "[" * repeats + "](" * repeats + "\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.md"
        path.write_text(text, encoding="utf-8")
        file = VaultFile("x.md", str(path), len(text), path.stat().st_mtime_ns, True)
        start = time.perf_counter()
        read_note(file, passages=True)
        return {"seconds": round(time.perf_counter() - start, 3), "kb": len(text) // 1024}


def _search_case(note_text: str, query: str) -> dict:
    from desktop.core.loader import load_vault, open_store
    from desktop.core.search import search

    with tempfile.TemporaryDirectory() as tmp:
        vault, cache = Path(tmp) / "vault", Path(tmp) / "cache"
        vault.mkdir()
        (vault / "big.md").write_text(note_text, encoding="utf-8")
        (vault / "small.md").write_text("---\ntitle: Small\n---\nA small note about demography.\n", encoding="utf-8")
        load_vault(vault, cache=cache, workers=1)
        store = open_store(vault.resolve(), cache)
        try:
            start = time.perf_counter()
            results = search(store, query)
            took = time.perf_counter() - start
        finally:
            store.close()
    return {"seconds": took, "mb": round(len(note_text) / 1e6, 1), "results": len(results)}


def case_snippet(size: int) -> dict:
    para = "Demography shapes the economy of every nation over the decades that follow. " * 8
    text = "---\ntitle: Big\n---\n" + "".join(f"{para}{STAMP.format(i // 60 % 60, i % 60)}\n\n"
                                            for i in range(size // (len(para) + 50)))
    return _search_case(text, "demography")


def case_stamps_100k() -> dict:
    text = "---\ntitle: Stamps\n---\n" + "".join(f"Claim about demography {STAMP.format(i // 60 % 60, i % 60)} "
                                                for i in range(100_000)) + "\n"
    return _search_case(text, "demography")


def case_huge() -> dict:
    from desktop.core.loader import complete_note, open_names
    from desktop.render.linker import AppLinker
    from desktop.render.pages import render_note_page

    with tempfile.TemporaryDirectory() as tmp:
        vault, cache = Path(tmp) / "vault", Path(tmp) / "cache"
        vault.mkdir()
        line = f"A long claim about [[some topic]] and more words here {STAMP.format(1, 0)}.\n\n"
        with open(vault / "huge.md", "w", encoding="utf-8") as out:
            out.write("---\ntitle: Huge\n---\n")
            chunk = line * (1_000_000 // len(line))
            for _ in range(200):
                out.write(chunk)
        start = time.perf_counter()
        index = open_names(vault, cache)
        note = complete_note(index, "huge.md", cache)
        page = render_note_page(index, "huge.md", AppLinker(), note=note)
        return {"seconds": time.perf_counter() - start, "html_mb": round(len(page.html) / 1e6, 1)}


# Hostile note bodies for `render-*`: what an unclosed or nested piece of markup repeated gives.
RENDER_BOMBS = {
    "wiki-4k": lambda: "[[" * 4000, "wiki-8k": lambda: "[[" * 8000, "wiki-12k": lambda: "[[" * 12000,
    "nested-8k": lambda: "[" * 8000 + "]" * 8000,
    "link-bomb": lambda: "\n" + "[" * 50000 + "]" * 50000 + "\n" + "[" * 60000 + "\n",  # QA's link_bomb.md, 160 KB
    "open-160k": lambda: "[" * 160_000, "embed-160k": lambda: "![[" * 53_000, "image-160k": lambda: "![" * 80_000,
    "wikipipe-160k": lambda: "[[a|" * 40_000, "footnote-160k": lambda: "[^" * 80_000,
    "reference-160k": lambda: "[a][" * 40_000, "bracket-stamp-160k": lambda: "[00:01:0" * 20_000,
    "destination-160k": lambda: "[a](" * 40_000, "title-160k": lambda: '[a]("x)' * 23_000,
    "anchor-160k": lambda: "<a " * 53_000, "comment-160k": lambda: "%% a " * 32_000,
    "highlight-160k": lambda: "== a " * 32_000, "stars-160k": lambda: "*" * 160_000,
    "unders-160k": lambda: "_" * 160_000, "backtick-160k": lambda: "`a " * 53_000,
    "autolink-160k": lambda: "<http://a " * 16_000, "div-160k": lambda: "<div>" * 32_000,
}


# Not hostile, only big: a note whose links all lead somewhere (the `t0` … `t996` notes exist), 224 KB.
RENDER_LINKED = {"wiki-ok-224k": lambda: "".join(f"A [[t{i % 997}]] claim. " for i in range(14_000))}


def case_render(name: str) -> dict:
    from desktop.core.index import VaultIndex
    from desktop.render.linker import AppLinker
    from desktop.render.pages import render_note_page

    body = {**RENDER_BOMBS, **RENDER_LINKED}[name]()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "bomb.md").write_text(f"---\ntitle: Bomb\n---\n{body}\n", encoding="utf-8")
        if name in RENDER_LINKED:
            for i in range(997):
                (Path(tmp) / f"t{i}.md").write_text(f"---\ntitle: Target {i}\n---\nA target note.\n",
                                                    encoding="utf-8")
        index = VaultIndex.build(tmp, workers=1)
        start = time.perf_counter()
        page = render_note_page(index, "bomb.md", AppLinker())
        return {"seconds": round(time.perf_counter() - start, 3), "kb": len(body) // 1024,
                "html_kb": len(page.html) // 1024}


CASES = {
    "links-1k": lambda: case_links(1_000), "links-5k": lambda: case_links(5_000),
    "links-100k": lambda: case_links(100_000), "links-1m": lambda: case_links(1_000_000),
    "anchors-unclosed-1k": lambda: case_unclosed_anchors(1_000),
    "anchors-unclosed-50k": lambda: case_unclosed_anchors(50_000),
    "md-links-unclosed-40k": lambda: case_unclosed_md_links(40_000),
    "md-links-unclosed-300k": lambda: case_unclosed_md_links(300_000),
    "snippet-4mb": lambda: case_snippet(4_000_000), "snippet-50mb": lambda: case_snippet(50_000_000), "stamps-100k": case_stamps_100k, "huge-200mb": case_huge,
    **{f"render-{name}": (lambda name=name: case_render(name)) for name in (*RENDER_BOMBS, *RENDER_LINKED)},
}


def run_one(name: str) -> None:
    if os.environ.get("BENCH_READ_LIMIT_MB"):  # read more of a note than the app does, to time the rest alone
        from desktop.core import vault

        vault.read_vault_file.__defaults__ = (int(os.environ["BENCH_READ_LIMIT_MB"]) * 1024 * 1024,)
    result = CASES[name]()
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", action="append", choices=sorted(CASES))
    parser.add_argument("--render", action="store_true", help="every render-* case")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one)
        return
    names = args.case or ([name for name in CASES if name.startswith("render-")] if args.render else list(CASES))
    for name in names:
        try:
            done = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True, text=True,
                                  timeout=args.timeout, env={**os.environ, "PYTHONPATH": os.getcwd()})
            print(f"{name:24} {done.stdout.strip() or done.stderr.strip()[-300:]}", flush=True)
        except subprocess.TimeoutExpired:
            print(f"{name:24} still running after {args.timeout:.0f} s: stopped", flush=True)


if __name__ == "__main__":
    main()
