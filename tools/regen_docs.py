"""Rerun every console example of README.md and docs/*.md and write its output in place.

    python tools/regen_docs.py [--check] [PAGE...]

Each `$ losstrack ...` line of a ```console block runs as tests/test_docs.py runs it (the
same function: tests/docs_examples.py), on the bundled data; its output in the page becomes
what it prints now. An abbreviated example (an output line `...`) is left as written.
`--check` writes nothing and exits 1 when a page would change. A failing example exits 1 and
leaves its page as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout's tests/ helpers

from tests.docs_examples import ExampleError, blocks, examples, pages, rerun


def regenerate(path: Path) -> tuple[str, str, list[str]]:
    """The page's text, the text with every console example rerun, and the examples left as written."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    for block in reversed(blocks(path, text)):  # from the end, so earlier line numbers hold
        if block.lang != "console":
            continue
        body = rerun(block.body)
        kept += [f"{block.name} {e.command}" for e in examples(block.body) if e.abbreviated]
        start = block.line  # the opening fence is line block.line, its body the lines after it
        lines[start : start + len(block.body.splitlines())] = [body]
    return text, "".join(lines), sorted(kept)


def main(argv: list[str] | None = None) -> int:
    """Regenerate the pages given (default: all); 1 on a failing example or, with --check, a change."""
    parser = argparse.ArgumentParser(prog="python tools/regen_docs.py", description=__doc__)
    parser.add_argument("--check", action="store_true", help="report what differs; write nothing")
    parser.add_argument("pages", nargs="*", type=Path, help="default: README.md and docs/*.md")
    args = parser.parse_args(argv)
    status = 0
    for path in [p.resolve() for p in args.pages] or pages():
        try:
            old, new, kept = regenerate(path)
        except (ExampleError, OSError) as exc:
            print(f"{path.name}: {exc}", file=sys.stderr)
            status = 1
            continue
        for where in kept:
            print(f"left as written (abbreviated): {where}", file=sys.stderr)
        if new == old:
            continue
        if args.check:
            print(f"{path}: its console examples differ from the real output", file=sys.stderr)
            status = 1
        else:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {path}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
