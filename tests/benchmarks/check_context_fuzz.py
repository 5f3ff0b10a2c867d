"""Check: this checkout's `desktop/core/context.py` gives what another checkout's gives, on made-up notes of
random Markdown (links inside stamps, periods inside links, admonitions, tables, comments, odd spaces and line
breaks, NULs): passage texts, link and stamp contexts, block spans.

    python tests/benchmarks/check_context_fuzz.py --base /path/to/other/checkout [--seed S] [--count N]
        [--tokens T]

A speed-up of the context code must leave every one equal (`check_parse_identity.py` checks real vaults).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

import desktop.core.context as new_context  # noqa: E402
from bench_context_ab import load_context  # noqa: E402
from desktop.core.links import code_spans, parse_links  # noqa: E402
from desktop.core.stamps import find_stamps  # noqa: E402

_TOKENS = [
    "word", "Word", " ", "  ", "\n", "\n\n", "\r\n", "\t", ". ", ".", "!", "?", "…", '"', "'", ")", "]", "(", "[",
    "- ", "* ", "+ ", "1. ", "2) ", "# ", "## ", "> ", "| a | b |", "|---|", "```\n", "```ad-note\n", "title: T\n",
    "~~~", "`code`", "**", "*", "_", "__", "==", "~~", "%%", "&amp;", "&nbsp;", "<br/>", "<b>", "^abc", "[!note]",
    "[^1]", "\\", "/", "../x", "[[a]]", "[[a.b|c. d]]", "[[x_y#h]]", "![[p.png]]", "[t](n.md)",
    '[[a <a class="yt-timestamp" data-t="1">1.</a> b]]', '<a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>',
    "[00:02:03]", "[[02:15:01]]", "\xa0", "\u2003", "\0", "Dr. ", "e.g. ", ".) ", ".] ", "3.5", "\u2028", "\x0b",
]


def contexts_of(module, body: str, stamps: list[tuple[int, int]], links: list[tuple[int, int]]) -> tuple:
    """Everything the parse and the pages ask of `module` about one body."""
    finder = module.ContextFinder(body, stamps)
    passages, link_contexts = finder.passage_texts(), finder.link_contexts(links)
    fresh = module.ContextFinder(body, stamps)
    blocks = module.block_spans(body)
    return (passages, link_contexts, fresh.stamp_contexts(), blocks, [fresh.link_context(*link) for link in links],
            module.passage_texts(body, blocks, stamps))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, required=True, help="the checkout whose context.py is compared")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--tokens", type=int, default=80, help="at most this many tokens a note")
    args = parser.parse_args()
    old_context = load_context(args.base)
    rng = random.Random(args.seed)
    differ = 0
    for _ in range(args.count):
        body = "".join(rng.choice(_TOKENS) for _ in range(rng.randint(0, args.tokens)))
        skip = code_spans(body)
        stamps = [(ref.start, ref.end) for ref in find_stamps(body, skip)]
        links = [(ref.start, ref.end) for ref in parse_links(body, skip)]
        if contexts_of(old_context, body, stamps, links) != contexts_of(new_context, body, stamps, links):
            differ += 1
            if differ <= 5:
                print(f"differs: {body!r}")
    print(f"{args.count} notes; {differ} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
