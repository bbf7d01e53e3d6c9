"""Keep the app within the Qt API of the PySide6 that the Linux bundle pins (installer/bundle-pins.txt).

The development set-up runs the newest PySide6; the bundle ships an older one (the last with glibc-2.28
wheels). A method, class or enum member that only the newer one has passes every test here and then
fails on the user's machine. This check is static and cheap (a second or two, no second Qt install):

- ``write-manifest PYSIDE6_DIR OUT``: list every class (with its bases) and member that the PySide6
  type stubs (*.pyi) declare for the modules the app may use; the pinned version's list is committed
  (installer/qt-api-6.9.3.txt.gz).
- ``check PATH...``: in every Python file that imports PySide6, each imported Qt name and each
  attribute chain on it (``QHeaderView.ResizeMode.Stretch``, ``QFont.setFamilies``) must exist in the
  pinned manifest, inherited members included; and no attribute anywhere in those files may carry a
  name that only the installed, newer PySide6 has and the app does not define itself (catches
  methods called on instances).
  A line that runs only on the newer Qt (behind a hasattr or version test) is marked
  ``# qt-api: guarded``. Not caught: a new overload (other arguments) of an existing method.
"""

from __future__ import annotations

import argparse
import ast
import enum
import gzip
import importlib.util
import sys
from pathlib import Path

MODULES = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtCharts", "QtSvg", "QtSvgWidgets")
DEFAULT_MANIFEST = Path(__file__).with_name("qt-api-6.9.3.txt.gz")
# Attributes every Qt object or enum has from Python itself, not from Qt.
PYTHON_NAMES = set(dir(object)) | set(dir(enum.Flag)) | {"name", "value", "staticMetaObject"}


class Manifest:
    """Qualified names (``QtWidgets.QHeaderView.ResizeMode``) -> bases of classes; other members."""

    def __init__(self, classes: dict[str, tuple[str, ...]], members: set[str]):
        self.classes, self.members = classes, members

    @classmethod
    def from_stubs(cls, pyside_dir: Path) -> "Manifest":
        classes: dict[str, tuple[str, ...]] = {}
        members: set[str] = set()

        def base_name(node: ast.expr, module: str) -> str:
            text = ast.unparse(node)
            if text.startswith("PySide6."):
                return text.removeprefix("PySide6.")
            return f"{module}.{text}" if "." not in text else text

        def walk(body: list[ast.stmt], prefix: str, module: str) -> None:
            for node in body:
                if isinstance(node, ast.ClassDef):
                    name = f"{prefix}.{node.name}"
                    classes[name] = tuple(base_name(b, module) for b in node.bases)
                    walk(node.body, name, module)
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    members.add(f"{prefix}.{node.name}")
                elif isinstance(node, ast.Assign):
                    members.update(f"{prefix}.{t.id}" for t in node.targets if isinstance(t, ast.Name))
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    members.add(f"{prefix}.{node.target.id}")

        for module in MODULES:
            stub = pyside_dir / f"{module}.pyi"
            if stub.exists():
                walk(ast.parse(stub.read_text(encoding="utf-8")).body, module, module)
        return cls(classes, members)

    @classmethod
    def read(cls, path: Path) -> "Manifest":
        classes: dict[str, tuple[str, ...]] = {}
        members: set[str] = set()
        for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            name, sep, bases = line.partition(" < ")
            if sep:
                classes[name] = tuple(b for b in bases.split(",") if b)
            else:
                members.add(name)
        return cls(classes, members)

    def write(self, path: Path, header: str) -> None:
        lines = [f"# {header}"]
        lines += sorted([f"{name} < {','.join(bases)}" for name, bases in self.classes.items()] + list(self.members))
        # mtime=0: the same API writes the same bytes.
        path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))

    def short_names(self) -> set[str]:
        return {name.rsplit(".", 1)[1] for name in (*self.classes, *self.members)}

    def lookup(self, qualname: str, attr: str) -> str | None:
        """The qualified name ``attr`` resolves to on class ``qualname`` (bases searched), else None.

        Returns "" when the class derives from something outside Qt's stubs that may supply it."""
        seen, queue = set(), [qualname]
        while queue:
            current = queue.pop(0)
            if current in seen:
                continue
            seen.add(current)
            candidate = f"{current}.{attr}"
            if candidate in self.classes or candidate in self.members:
                return candidate
            queue += [b for b in self.classes.get(current, ()) if b in self.classes]
        return "" if attr in PYTHON_NAMES else None


def installed_pyside_dir() -> Path | None:
    spec = importlib.util.find_spec("PySide6")   # finds the folder without loading Qt
    return Path(next(iter(spec.submodule_search_locations))) if spec and spec.submodule_search_locations else None


def check_file(path: Path, pinned: Manifest, newer_only: set[str]) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    # A line marked "# qt-api: guarded" runs only where the newer Qt is there (a hasattr/version test).
    guarded = {number for number, line in enumerate(source.splitlines(), 1) if "# qt-api: guarded" in line}
    local: dict[str, str] = {}                  # local name -> qualified Qt name (module or class)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6"):
            module = node.module.removeprefix("PySide6").lstrip(".")
            for alias in node.names:
                if not module:                   # from PySide6 import QtCore
                    if alias.name not in MODULES:
                        problems.append(f"{path}:{node.lineno}: PySide6.{alias.name} is not in the checked modules")
                    local[alias.asname or alias.name] = alias.name
                    continue
                if module not in MODULES:
                    problems.append(f"{path}:{node.lineno}: PySide6.{module} is not in the checked modules "
                                    f"(add it to installer/qt_api.py MODULES and write the manifest again)")
                    break
                qualname = f"{module}.{alias.name}"
                if qualname not in pinned.classes and qualname not in pinned.members:
                    problems.append(f"{path}:{node.lineno}: {qualname} does not exist in the pinned PySide6")
                local[alias.asname or alias.name] = qualname
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("PySide6.") and alias.asname:
                    local[alias.asname] = alias.name.removeprefix("PySide6.")
    if not local:
        return []

    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or node.lineno in guarded:
            continue
        if node.attr in newer_only:
            problems.append(f"{path}:{node.lineno}: .{node.attr} exists only in PySide6 newer than the pin")
            continue
        chain, root = [], node
        while isinstance(root, ast.Attribute):
            chain.insert(0, root.attr)
            root = root.value
        # Only the outermost attribute of a chain is checked (inner ones are its sub-chains).
        if not isinstance(root, ast.Name) or root.id not in local or _is_inner(node, tree):
            continue
        current = local[root.id]
        for attr in chain:
            if current in MODULES:
                name = f"{current}.{attr}"
                found = name if name in pinned.classes or name in pinned.members else None
            else:
                found = pinned.lookup(current, attr) if current in pinned.classes else ""
            if found is None:
                problems.append(f"{path}:{node.lineno}: {current}.{attr} does not exist in the pinned PySide6")
                break
            if not found or found not in pinned.classes:
                break                           # a method or value: what follows is Python, not Qt
            current = found
    return problems


def _is_inner(node: ast.Attribute, tree: ast.AST) -> bool:
    parents = getattr(tree, "_attribute_values", None)
    if parents is None:
        parents = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        tree._attribute_values = parents       # type: ignore[attr-defined]
    return id(node) in parents


def python_files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def own_names(files: list[Path]) -> set[str]:
    """Names the checked code defines itself (functions, classes, attributes, signals): an
    attribute with such a name is ours, whatever a newer Qt also calls something."""
    names = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Attribute):
                            names.add(sub.attr)
                        elif isinstance(sub, ast.Name):
                            names.add(sub.id)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write-manifest", help="list the API of a PySide6 folder (its *.pyi stubs)")
    write.add_argument("pyside_dir", type=Path)
    write.add_argument("out", type=Path)
    write.add_argument("--version", required=True, help="the PySide6 version, for the header line")
    check = sub.add_parser("check", help="check Python files against the pinned manifest")
    check.add_argument("paths", nargs="+", type=Path)
    check.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST)
    check.add_argument("--current", type=Path, help="the newer PySide6 folder (default: the installed one)")
    args = parser.parse_args(argv)

    if args.command == "write-manifest":
        manifest = Manifest.from_stubs(args.pyside_dir)
        if not manifest.classes:
            parser.error(f"no PySide6 stubs (*.pyi) in {args.pyside_dir}")
        manifest.write(args.out, f"PySide6 {args.version} API ({', '.join(MODULES)}), from its type stubs; "
                                 "written by installer/qt_api.py write-manifest")
        print(f"{args.out}: {len(manifest.classes)} classes, {len(manifest.members)} members")
        return 0

    pinned = Manifest.read(args.manifest)
    current_dir = args.current or installed_pyside_dir()
    newer_only = set()
    if current_dir and (current_dir / "QtCore.pyi").exists():
        newer_only = Manifest.from_stubs(current_dir).short_names() - pinned.short_names()
    every_file = python_files(args.paths)
    newer_only -= own_names(every_file)
    files = [f for f in every_file if "PySide6" in f.read_text(encoding="utf-8")]
    problems = [p for f in files for p in check_file(f, pinned, newer_only)]
    print(f"qt_api: {len(files)} files checked against {args.manifest.name}; "
          f"{len(newer_only)} names exist only in the installed PySide6")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
