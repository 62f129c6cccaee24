"""How Dyad's modules import one another: no cycles, and nothing heavy for a verb that does not need
it (so `dyad --help` and the store's queries answer at once)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from store_kit import world, write

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "pandas", "pyarrow", "fastapi", "duckdb", "dask", "torch", "lingua", "pydantic", "rich")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each dyad module -> the dyad modules it imports anywhere in it (lazily or not), leaving out
    its own packages, which Python imports before any of their modules anyway."""
    modules = {module_name(p): p for p in (ROOT / "dyad").rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name and not name.startswith(t + ".")}
    return graph


def cycle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    path, seen = [start], set()

    def walk(node: str) -> list[str] | None:
        for nxt in sorted(graph[node]):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                path.append(nxt)
                found = walk(nxt)
                if found:
                    return found
                path.pop()
        return None

    return walk(start)




def test_no_module_imports_itself_back():
    graph = imports()
    assert graph["dyad.actors.mentions"] and graph["dyad.geo.shared"]  # the graph is read at all
    cycles = [c for c in (cycle_through(graph, name) for name in sorted(graph)) if c]
    assert cycles == []


def imported_after(argv: list[str], cwd: Path) -> list[str]:
    """The heavy packages a fresh process has imported once `dyad ARGV` is done."""
    code = ("import sys\nfrom dyad.cli import main\ntry:\n    main(" + repr(argv) + ")\nexcept SystemExit:\n    pass\n"
            "print(__import__('json').dumps(sorted({m.split('.')[0] for m in sys.modules} & set("
            + repr(HEAVY) + "))))")
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("imports") / "store.duckdb"
    write(path, world())
    return path


@pytest.mark.parametrize("argv, allowed", [
    (["--help"], []),
    (["code", "--help"], ["pydantic"]),
    (["ingest", "--help"], ["duckdb", "lingua", "pyarrow", "pydantic", "rich", "spacy"]),
    (["events", "--db", "{db}", "--format", "csv"], ["duckdb"]),
    (["events", "--db", "{db}", "--actor", "Mali"], ["duckdb", "rich"]),
    (["timeline", "RUS", "MLI", "--db", "{db}"], ["duckdb", "rich"]),
    (["pledges", "--db", "{db}"], ["duckdb", "rich"]),
    (["actors", "--db", "{db}", "--format", "jsonl"], ["duckdb"]),
])
def test_a_verb_imports_only_what_it_needs(store, tmp_path, argv, allowed):
    argv = [a.replace("{db}", str(store)) for a in argv]
    assert set(imported_after(argv, tmp_path)) <= set(allowed)


@pytest.mark.parametrize(("given", "kept"), [(None, "1"), ("3", "3")])
def test_importing_dyad_keeps_blas_to_one_thread_unless_the_user_chose(given, kept):
    """Dyad's small matrix products cost twice the CPU with OpenBLAS's thread pool; a user's own
    setting stands."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    probe = "import dyad, os, numpy; print(os.environ['OPENBLAS_NUM_THREADS'])"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    assert out.stdout.strip() == kept
