"""No import cycle between the portal's modules (issue #19): each area imports what lies below it
(auth, the models, the extensions), never the other way round, so a module can be read, tested and
moved with only what it names. Every import counts, at module level or inside a function: one put
in a function to dodge a cycle still ties the two modules together.

The source is read with `ast`, nothing is imported."""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Collection
from pathlib import Path

PORTAL = Path(__file__).resolve().parent.parent / "portal"


def module_name(path: Path) -> str:
    """portal/auth/session.py is portal.auth.session; portal/auth/__init__.py is portal.auth."""
    parts = path.relative_to(PORTAL.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def portal_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PORTAL.rglob("*.py"))}


def imported_modules(module: str, path: Path, modules: Collection[str]) -> set[str]:
    """The portal modules `module` names in any import statement. `from portal.x import name`
    imports portal.x.name when that is a module, else portal.x. The parent packages Python imports
    on the way (portal, portal.x) are left out: only a module that names its package counts."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def known(name: str) -> str | None:
        """`name`, or its longest prefix that is a portal module (a name imported from it)."""
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(known(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: one dot is this module's package, each further dot one up
                base = package.rsplit(".", node.level - 1)[0]
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module
            found.update(known(f"{base}.{alias.name}") for alias in node.names)
    return {name for name in found if name is not None and name != module}


def import_graph() -> dict[str, set[str]]:
    modules = portal_modules()
    return {module: imported_modules(module, path, modules) for module, path in modules.items()}


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every module `start` imports, directly or through others."""
    seen, stack = set(), list(graph[start])
    while stack:
        module = stack.pop()
        if module not in seen:
            seen.add(module)
            stack.extend(graph[module])
    return seen


def shortest_cycle(graph: dict[str, set[str]], start: str) -> list[str]:
    """The shortest chain of imports from `start` back to it, both ends included."""
    came_from, queue = {}, deque([start])
    while queue:
        module = queue.popleft()
        for imported in sorted(graph[module]):
            if imported == start:
                chain = [module]
                while chain[-1] != start:
                    chain.append(came_from[chain[-1]])
                return [*reversed(chain), start]
            if imported not in came_from:
                came_from[imported] = module
                queue.append(imported)
    return []


def cycle_groups(graph: dict[str, set[str]]) -> list[list[str]]:
    """The modules that import each other, directly or not, in groups (strongly connected components)."""
    reach = {module: reachable(graph, module) for module in graph}
    groups = {frozenset(other for other in reach[module] if module in reach[other])
              for module in graph if module in reach[module]}
    return sorted(sorted(group) for group in groups)


def test_the_walker_finds_the_imports_at_module_level_and_in_functions():
    graph = import_graph()
    assert len(graph) > 100
    assert "portal.auth.session" in graph["portal.cabinet.routes"]  # from portal.auth.session import ...
    assert "portal.extensions" in graph["portal.auth.session"]
    assert "portal.models" in graph["portal"]  # from portal import models, inside create_app
    assert "portal.auth.forms" in graph["portal.auth.roles"]  # inside sign_in_page
    assert "portal" not in graph["portal.auth.session"]  # only on the way to portal.auth.session's own


def test_relative_imports_and_imports_in_functions_count(tmp_path):
    source = tmp_path / "routes.py"
    source.write_text("from . import forms\nfrom ..auth.session import current_iin\n\n\n"
                      "def view():\n    import portal.models.drafts\n    from portal.cabinet import routes\n")
    modules = dict.fromkeys(["portal.cabinet", "portal.cabinet.routes", "portal.cabinet.forms",
                             "portal.auth.session", "portal.models", "portal.models.drafts"])
    assert imported_modules("portal.cabinet.routes", source, modules) == {
        "portal.cabinet.forms", "portal.auth.session", "portal.models.drafts"}


def test_no_import_cycle():
    graph = import_graph()
    cycles = [" -> ".join(shortest_cycle(graph, group[0])) + f"  (all of: {', '.join(group)})"
              for group in cycle_groups(graph)]
    assert not cycles, "Modules that import each other:\n" + "\n".join(cycles)


def test_a_cycle_through_three_modules_is_found_and_shown_as_a_chain():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert cycle_groups(graph) == [["a", "b", "c"]]
    assert shortest_cycle(graph, "a") == ["a", "b", "c", "a"]
