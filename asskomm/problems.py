"""Input problems: collected, never raised one at a time, so an editor sees every mistake in one run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one input file, printed as `path:line: field: message`."""

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class Problems:
    """Accumulates problems; paths are shown relative to the project root so messages stay short."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int | None, field_name: str, message: str) -> None:
        self.items.append(Problem(self.display(path), line, field_name, message))

    def display(self, path: Path | str) -> str:
        p = Path(path)
        try:
            # The folder resolved, the name as it is: a symbolic link is named, not its target.
            return (p.parent.resolve() / p.name).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return p.as_posix()

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def report(self) -> str:
        lines = [str(p) for p in sorted(set(self.items), key=lambda p: (p.path, p.line or 0, p.field, p.message))]
        # "Fehler" is singular and plural alike: "1 Fehler", "3 Fehler".
        return f"{len(lines)} Fehler in den Eingabedateien:\n" + "\n".join(lines)


class InputError(Exception):
    """Raised once after loading when any problem was found; carries all of them."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(problems.report())
