"""gapcli import refuses every kind of bad input with exactly its line, exit status 1, no
traceback, and leaves nothing behind: no output directory, no hidden temporary directory, no
folder made for the output, and whatever existed before untouched.

Each case writes ``in.txt`` (unless it names another file) in an empty folder and imports it
into ``out``. The expected lines were worked out by hand from the input: a problem the loader
finds in the written scenario is shown at the input line that produced the value.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import gapcli.io.loader
from gapcli.io.loader import Loaded

from conftest import assert_no_crash, run

RULE = "expected letters, digits, '-' and '_', starting with a letter or digit"
EU = "Actor,Capability,Position,Salience\n"
KTAB = "S,D,1,1\nActor,Description,Influence,Position E,Salience E\n"
LONG = "party,issue,position,salience\n"
QUOTE_HINT = 'a \'"\' inside a quoted field is written ""'
NEVER = "already exists; import never overwrites (name a new directory)"
TOO_BIG = "is out of range (no number in gapcli's files may exceed 1e12 in size)"
DECIDE_OK = "#A;a;A\n#P;x;X\n"

Setup = Callable[[Path, pytest.MonkeyPatch], None]


@dataclass(frozen=True)
class Case:
    id: str
    fmt: str
    text: str | bytes | None
    expected: tuple[str, ...]
    file: str = "in.txt"
    output: str = "out"
    setup: Setup | None = None


def c(id: str, fmt: str, text: str | bytes | None, *expected: str, **kw: object) -> Case:
    return Case(id, fmt, text, expected, **kw)  # type: ignore[arg-type]


# -- set-ups: special files and targets -----------------------------------------------------


def fifo(root: Path, _: pytest.MonkeyPatch) -> None:
    os.mkfifo(root / "fifo")


def folder(root: Path, _: pytest.MonkeyPatch) -> None:
    (root / "dir").mkdir()


def dangling(root: Path, _: pytest.MonkeyPatch) -> None:
    (root / "dangling").symlink_to("nowhere")


def loop(root: Path, _: pytest.MonkeyPatch) -> None:
    (root / "loop1").symlink_to("loop2")
    (root / "loop2").symlink_to("loop1")


def full_target(root: Path, _: pytest.MonkeyPatch) -> None:
    (root / "out").mkdir()
    (root / "out" / "keep.txt").write_text("mine")


def file_target(root: Path, _: pytest.MonkeyPatch) -> None:
    (root / "out").write_text("mine")


def link_target(root: Path, _: pytest.MonkeyPatch) -> None:
    (root / "elsewhere").mkdir()
    (root / "out").symlink_to("elsewhere")


def file_parent(root: Path, _: pytest.MonkeyPatch) -> None:
    (root / "f").write_text("a file")


def no_temporary(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)


def no_folder(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.mkdir

    def refuse(path: str | os.PathLike[str], *args: int, **kwargs: int) -> None:
        if Path(path).name == "b":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", refuse)


def disk_full(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "rename", refuse)


def taken_meanwhile(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program fills the target while the import checks its copy."""
    real = gapcli.io.loader.load_scenario

    def load(path: Path) -> Loaded:
        (root / "out" / "sub").mkdir(parents=True)
        return real(path)

    monkeypatch.setattr(gapcli.io.loader, "load_scenario", load)


FIFTY = tuple(f"in.txt:{n}: party: 'a b' is not a valid id ({RULE})" for n in range(2, 52))

CASES = [
    # -- what is read: special files, encodings ------------------------------------------
    c("dev-zero", "csv", None, "/dev/zero: is a device, not a regular file", file="/dev/zero"),
    c(
        "dev-urandom",
        "eu",
        None,
        "/dev/urandom: is a device, not a regular file",
        file="/dev/urandom",
    ),
    c(
        "fifo",
        "ktab",
        None,
        "fifo: is a named pipe (FIFO), not a regular file",
        file="fifo",
        setup=fifo,
    ),
    c("directory", "decide", None, "dir: is a directory, not a file", file="dir", setup=folder),
    c(
        "dangling-link",
        "csv",
        None,
        "dangling: is a broken symbolic link (to 'nowhere', which does not exist)",
        file="dangling",
        setup=dangling,
    ),
    c(
        "looping-link",
        "eu",
        None,
        "loop1: is a symbolic link that loops (it never reaches a file)",
        file="loop1",
        setup=loop,
    ),
    c("missing-file", "ktab", None, "missing.csv: no such file or directory", file="missing.csv"),
    c(
        "bad-utf8",
        "csv",
        LONG.encode() + b"a,x,1,0.5\nb,\xff,1,0.5\n",
        "in.txt:3:3: file is not valid UTF-8 (byte 0xFF; save it as UTF-8)",
    ),
    c(
        "latin1-accent",
        "ktab",
        b"Sc\xe9nario,D,1,1\n",
        "in.txt:1:3: file is not valid UTF-8 (byte 0xE9; save it as UTF-8)",
    ),
    c(
        "utf16",
        "decide",
        "#A;a;A\n".encode("utf-16"),
        "in.txt:1:1: file is UTF-16 encoded (save it as UTF-8)",
    ),
    c(
        "nul-byte",
        "eu",
        EU.encode() + b"A,\x001,1,0.5\n",
        "in.txt:2:3: binary file, not text (found a NUL byte)",
    ),
    # -- empty and header-only files ---------------------------------------------------------
    c(
        "csv-empty",
        "csv",
        "",
        "in.txt:1: file is empty (expected the header party,issue,position,salience)",
    ),
    c(
        "csv-blank-lines",
        "csv",
        "\n\n  \n\r\n",
        "in.txt:1: file is empty (expected the header party,issue,position,salience)",
    ),
    c(
        "csv-header-only",
        "csv",
        LONG,
        "in.txt:1: no rows after the header (expected one row per stance)",
    ),
    c(
        "csv-header-and-empty-rows",
        "csv",
        LONG + ",,,\n\n",
        "in.txt:1: no rows after the header (expected one row per stance)",
    ),
    c(
        "eu-header-only",
        "eu",
        EU,
        "in.txt:1: no rows after the header (expected one row per actor)",
    ),
    c(
        "eu-header-after-blank-lines",
        "eu",
        "\n\n" + EU,
        "in.txt:3: no rows after the header (expected one row per actor)",
    ),
    c(
        "eu-empty",
        "eu",
        "",
        "in.txt:1: file is empty (expected the header Actor,Capability,Position,Salience)",
    ),
    c(
        "ktab-empty",
        "ktab",
        "\n",
        "in.txt:1: file is empty (expected line 1: name, description, actors, dimensions)",
    ),
    c(
        "ktab-line-1-only",
        "ktab",
        "S,D,1,1\n",
        "in.txt:1: no header after this line (expected Actor, Description, Influence and 1 pair "
        "of Position and Salience columns, 5 in all)",
    ),
    c(
        "ktab-header-only",
        "ktab",
        KTAB,
        "in.txt:2: no rows after the header (expected one row per actor)",
    ),
    c(
        "decide-empty",
        "decide",
        "\n\n",
        "in.txt:1: file is empty (expected #A, #P, #M and #D rows)",
    ),
    c(
        "decide-comments-only",
        "decide",
        "#/ nothing yet\n",
        "in.txt:1: no rows, only comments (expected #A, #P, #M and #D rows)",
    ),
    c(
        "decide-no-stances",
        "decide",
        DECIDE_OK,
        "in.txt:1: no #D rows (expected at least one stance)",
    ),
    # -- nothing dropped or overwritten without a word ---------------------------------------
    c(
        "csv-duplicate-column",
        "csv",
        "party,issue,position,salience,salience\na,x,1,0.5,0.6\n",
        "in.txt:1: column 'salience' appears twice (columns 4 and 5; keep one, else one of them "
        "would be ignored)",
    ),
    c(
        "csv-unnamed-column",
        "csv",
        "party,issue,position,salience,\na,x,1,0.5,\n",
        "in.txt:1: column 5 has no name (a ',' at the end of the header adds an unnamed column)",
    ),
    c(
        "eu-duplicate-column",
        "eu",
        "Actor,Capability,Position,Salience,position\nA,1,2,0.5,3\n",
        "in.txt:1: column 'position' appears twice (columns 3 and 5; keep one, else one of them "
        "would be ignored)",
    ),
    c(
        "eu-unknown-column",
        "eu",
        "Actor,Capability,Position,Salience,Note\nA,1,2,0.5,hi\n",
        "in.txt:1: unknown column 'Note' (the eu format has Actor, Capability, Position, Salience)",
    ),
    c(
        "ktab-duplicate-dimension",
        "ktab",
        "S,D,1,2\nActor,Description,Influence,Position E,Salience E,Position E,Salience E\n"
        "A,,1,2,3,4,5\n",
        "in.txt:2: column 6 'Position E': a second dimension 'e' (first in column 4)",
    ),
    c(
        "ktab-dimensions-with-one-id",
        "ktab",
        "S,D,1,2\nActor,Description,Influence,Pos Foo Bar,Sal,Pos foo-bar,Sal\nA,,1,2,3,4,5\n",
        "in.txt:2: column 6 'Pos foo-bar': a second dimension 'foo-bar' (first in column 4)",
    ),
    c(
        "ktab-more-columns-than-dimensions",
        "ktab",
        "S,D,1,1\nActor,Description,Influence,Position E,Salience E,Position F\nA,,1,2,3\n",
        "in.txt:2: 6 columns, expected 5 (line 1 announces 1 dimension)",
    ),
    c(
        "ktab-duplicate-actor",
        "ktab",
        KTAB + "A,,1,20,30\nA,,1,40,50\n",
        "in.txt:4: a second row for actor 'A' (first at line 3)",
    ),
    c(
        "decide-second-A-row",
        "decide",
        "#A;a;Alpha\n#A;a;Another\n#P;x;X\n#D;a;x;50;0.5;1\n",
        "in.txt:2: a second #A row for actor 'a' (first at line 1)",
    ),
    c(
        "decide-actors-with-one-id",
        "decide",
        "#A;NL;Netherlands\n#A;nl;Nederland\n#P;x;X\n#D;NL;x;50;0.5;1\n",
        "in.txt:2: actor 'nl' has the same id 'nl' as actor 'NL' (line 1); rename one",
    ),
    c(
        "decide-second-P-row",
        "decide",
        "#A;a;A\n#P;x;X\n#P;x;Again\n#D;a;x;50;0.5;1\n",
        "in.txt:3: a second #P row for issue 'x' (first at line 2)",
    ),
    c(
        "decide-second-D-row",
        "decide",
        DECIDE_OK + "#D;a;x;50;0.5;1\n#D;a;x;60;0.5;1\n",
        "in.txt:4: a second #D row for actor 'a' on issue 'x' (first at line 3)",
    ),
    c(
        "decide-second-M-row-at-a-point",
        "decide",
        DECIDE_OK + "#M;x;0;none\n#M;x;0;nothing\n#D;a;x;0;0.5;1\n",
        "in.txt:4: a second #M row for issue 'x' at 0 (first at line 3)",
    ),
    c(
        "decide-M-row-of-no-issue",
        "decide",
        DECIDE_OK + "#M;y;0;none\n#D;a;x;0;0.5;1\n",
        "in.txt:3: issue 'y' has no #P row",
    ),
    c(
        "csv-second-stance",
        "csv",
        LONG + "a,x,1,0.5\nb,x,2,0.5\na,x,3,0.5\n",
        "in.txt:4: a second stance of 'a' on 'x' (first at line 2)",
    ),
    c(
        "eu-second-row-for-an-actor",
        "eu",
        EU + "A,1,1,0.5\nA,1,2,0.5\n",
        "in.txt:3: a second row for actor 'A' (first at line 2)",
    ),
    c(
        "eu-actors-with-one-id",
        "eu",
        EU + "United Kingdom,1,1,0.5\nunited-kingdom,1,2,0.5\n",
        "in.txt:3: actor 'united-kingdom' has the same id 'united-kingdom' as actor 'United "
        "Kingdom' (line 2); rename one",
    ),
    c(
        "eu-names-in-another-script-collide-with-fallback",
        "eu",
        EU + "Ελλάδα,1,1,0.5\nactor 1,1,2,0.5\n",
        "in.txt:3: actor 'actor 1' has the same id 'actor-1' as actor 'Ελλάδα' (line 2); "
        "rename one",
    ),
    # -- numbers -----------------------------------------------------------------------------
    c(
        "eu-1e999",
        "eu",
        EU + "A,1,1e999,0.5\n",
        "in.txt:2: position: '1e999' is not a finite number",
    ),
    c("eu-nan", "eu", EU + "A,nan,1,0.5\n", "in.txt:2: capability: 'nan' is not a finite number"),
    c(
        "csv-10-to-the-400",
        "csv",
        LONG + "a,x,1" + "0" * 400 + ",0.5\n",
        "in.txt:2: position: '10000000000000000000…00000000 (401 characters)' is not a finite "
        "number",
    ),
    c("csv-too-large", "csv", LONG + "a,x,1,1e13\n", f"in.txt:2: salience: 1e13 {TOO_BIG}"),
    c(
        "decide-text-salience",
        "decide",
        DECIDE_OK + "#D;a;x;50;high;1\n",
        "in.txt:3: salience: 'high' is not a number",
    ),
    c(
        "decide-power-zero",
        "decide",
        DECIDE_OK + "#D;a;x;50;0.5;0\n",
        "in.txt:3: power: 0 is out of range (expected a number > 0)",
    ),
    c(
        "ktab-half-a-dimension",
        "ktab",
        "S,D,1,1.5\nActor,Description,Influence,P,S\nA,,1,2,3\n",
        "in.txt:1: number of dimensions: '1.5' is not a whole number of 1 or more",
    ),
    c(
        "ktab-negative-actors",
        "ktab",
        "S,D,-1,1\nActor,Description,Influence,P,S\nA,,1,2,3\n",
        "in.txt:1: number of actors: '-1' is not a whole number of 0 or more",
    ),
    c(
        "ktab-huge-dimensions",
        "ktab",
        "S,D,1,1e300\nActor,Description,Influence,P,S\n",
        f"in.txt:1: number of dimensions: 1e300 {TOO_BIG}",
    ),
    c(
        "ktab-negative-influence",
        "ktab",
        KTAB + "A,,-5,20,30\n",
        "in.txt:3: influence: -5 is out of range (expected a number > 0)",
    ),
    c(
        "ktab-position-over-100",
        "ktab",
        KTAB + "A,,1,150,30\n",
        "in.txt:3: Position E: 150 is out of range (expected a number from 0 to 100)",
    ),
    c(
        "ktab-salience-over-100",
        "ktab",
        KTAB + "A,,1,50,101\n",
        "in.txt:3: Salience E: 101 is out of range (expected a number from 0 to 100)",
    ),
    c(
        "eu-salience-over-100",
        "eu",
        EU + "A,1,5,5\nB,1,3,500\n",
        "in.txt:3: salience: 500 is out of range (expected 0 to 1, or 0 to 100 in every row)",
    ),
    c(
        "eu-empty-cells",
        "eu",
        EU + "A,,,0.5\n",
        "in.txt:2: capability: missing (expected a number)",
        "in.txt:2: position: missing (expected a number)",
    ),
    # -- values the loader refuses, shown at the input's lines ------------------------------
    c(
        "csv-salience-out-of-range",
        "csv",
        LONG + "a,x,1,0.5\nb,x,2,5\n",
        "in.txt:3: salience: out of range (expected 0 to 1)",
    ),
    c(
        "csv-row-after-a-multi-line-note",
        "csv",
        'party,issue,position,salience,note\na,x,1,0.5,"two\nlines"\nb,x,2,-1,\n',
        "in.txt:4: salience: out of range (expected 0 to 1)",
    ),
    c(
        "decide-position-outside-the-M-points",
        "decide",
        "#A;a;A\n#P;x;X\n#M;x;0;lo\n#M;x;10;hi\n#D;a;x;50;0.5;1\n",
        "in.txt:5: position: outside the issue's range",
    ),
    c(
        "decide-salience-out-of-range",
        "decide",
        "#A;a;A\n#A;b;B\n#P;x;X\n#D;a;x;50;0.5;1\n#D;b;x;50;1.5;1\n",
        "in.txt:5: salience: out of range (expected 0 to 1)",
    ),
    c(
        "decide-rows-in-any-order",
        "decide",
        "#D;a;x;50;2;1\n#P;x;X\n#A;a;A\n",
        "in.txt:1: salience: out of range (expected 0 to 1)",
    ),
    # -- ids ---------------------------------------------------------------------------------
    c(
        "csv-bad-party-id",
        "csv",
        LONG + "a b,x,1,0.5\n",
        f"in.txt:2: party: 'a b' is not a valid id ({RULE})",
    ),
    c(
        "csv-unicode-issue-id",
        "csv",
        LONG + "a,ñ,1,0.5\n",
        f"in.txt:2: issue: 'ñ' is not a valid id ({RULE})",
    ),
    c("csv-empty-party", "csv", LONG + " ,x,1,0.5\n", "in.txt:2: party: missing (expected an id)"),
    c(
        "csv-bad-option-id",
        "csv",
        "party,issue,prefers,salience\na,x,yes please,0.5\n",
        f"in.txt:2: prefers: 'yes please' is not a valid option id ({RULE})",
    ),
    c(
        "csv-bad-source-key",
        "csv",
        "party,issue,position,salience,source\na,x,1,0.5,my source\n",
        f"in.txt:2: source: 'my source' is not a valid source key ({RULE})",
    ),
    c(
        "csv-65-options",
        "csv",
        "party,issue,prefers,salience\n" + "".join(f"p{k},x,o{k},0.5\n" for k in range(65)),
        "in.txt:66: prefers: 'o64' would be option 65 of issue 'x' (a table holds at most 64 "
        "options per issue)",
    ),
    c("eu-no-name", "eu", EU + " ,1,2,0.5\n", "in.txt:2: actor: missing (expected a name)"),
    c(
        "decide-unknown-actor",
        "decide",
        DECIDE_OK + "#D;zz;x;1;0.5;1\n",
        "in.txt:3: actor 'zz' has no #A row",
    ),
    c(
        "csv-unknown-column",
        "csv",
        "party,issue,postion,salience\na,x,1,0.5\n",
        "in.txt:1: unknown column 'postion'; did you mean 'position'?",
    ),
    c(
        "csv-missing-column",
        "csv",
        "party,position,salience\na,1,0.5\n",
        "in.txt:1: missing column 'issue' (expected party, issue, position, salience)",
    ),
    c(
        "eu-wrong-header",
        "eu",
        "Actor,Power,Position,Salience\nA,1,2,0.5\n",
        "in.txt:1: expected the header Actor,Capability,Position,Salience",
    ),
    c(
        "ktab-wrong-header",
        "ktab",
        "S,D,1,1\nName,Description,Influence,P,S\nA,,1,2,3\n",
        "in.txt:2: expected the header Actor, Description, Influence and 1 pair of Position and "
        "Salience columns, 5 in all",
    ),
    c(
        "ktab-short-line-1",
        "ktab",
        "S,D,1\n",
        "in.txt:1: expected line 1: name, description, actors, dimensions",
    ),
    c(
        "many-problems",
        "csv",
        LONG + "a b,x,1,0.5\n" * 60,
        *FIFTY,
        "in.txt: 10 more problems in this file (the first 50 shown)",
    ),
    # -- field counts and quoting ------------------------------------------------------------
    c(
        "csv-short-row",
        "csv",
        LONG + "a,x,1\n",
        "in.txt:2: 3 fields, expected 4 (as in the header)",
    ),
    c("eu-short-row", "eu", EU + "A,1,2\n", "in.txt:2: 3 fields, expected 4"),
    c("eu-long-row", "eu", EU + "A,1,2,0.5,extra\n", "in.txt:2: 5 fields, expected 4"),
    c("ktab-long-row", "ktab", KTAB + "A,,1,2,3,4\n", "in.txt:3: 6 fields, expected 5"),
    c(
        "decide-long-A-row",
        "decide",
        "#A;a;A;about;more\n",
        "in.txt:1: #A row: 5 fields, expected 3 or 4",
    ),
    c(
        "decide-short-D-row",
        "decide",
        DECIDE_OK + "#D;a;x;1;0.5\n",
        "in.txt:3: #D row: 5 fields, expected 6",
    ),
    c(
        "decide-unknown-row-type",
        "decide",
        "#A;a;A\nhello\n",
        "in.txt:2: unknown row type 'hello' (expected #O, #A, #P, #M, #D or #/ for a comment)",
    ),
    c(
        "csv-text-after-a-closing-quote",
        "csv",
        LONG + 'a,x,"1"2,0.5\n',
        "in.txt:2: invalid CSV: ',' expected after '\"' (only a comma or the end of the line may "
        f"follow a closing quote; {QUOTE_HINT})",
    ),
    c(
        "eu-quote-never-closed",
        "eu",
        EU + 'A,1,2,0.5\n"B,1,3,0.5\nC,1,4,0.5\n',
        f"in.txt:3: a quoted field is never closed (the file ends inside it; {QUOTE_HINT})",
    ),
    # -- targets -----------------------------------------------------------------------------
    c("target-not-empty", "eu", EU + "A,1,2,0.5\n", f"out: {NEVER}", setup=full_target),
    c(
        "target-a-file",
        "eu",
        EU + "A,1,2,0.5\n",
        "out: already exists (a file); import never overwrites (name a new directory)",
        setup=file_target,
    ),
    c(
        "target-a-link",
        "csv",
        LONG + "a,x,1,0.5\n",
        "out: already exists (a symbolic link); import never overwrites (name a new directory)",
        setup=link_target,
    ),
    c("target-the-current-folder", "csv", LONG + "a,x,1,0.5\n", f".: {NEVER}", output="."),
    c(
        "target-parent-a-file",
        "decide",
        DECIDE_OK + "#D;a;x;1;0.5;1\n",
        "f/out: cannot write: 'f' is not a folder",
        output="f/out",
        setup=file_parent,
    ),
    c(
        "target-name-too-long",
        "eu",
        EU + "A,1,2,0.5\n",
        "x" * 300 + ": cannot write: File name too long",
        output="x" * 300,
    ),
    c(
        "target-folder-unwritable",
        "ktab",
        KTAB + "A,,1,20,30\n",
        "out: cannot write in the folder '.': Permission denied",
        setup=no_temporary,
    ),
    c(
        "target-parent-cannot-be-made",
        "eu",
        EU + "A,1,2,0.5\n",
        "a/b/out: cannot create the folder 'a/b': Permission denied",
        output="a/b/out",
        setup=no_folder,
    ),
    c(
        "target-disk-full",
        "csv",
        LONG + "a,x,1,0.5\n",
        "out: cannot write: No space left on device",
        setup=disk_full,
    ),
    c(
        "bad-value-below-missing-folders",
        "csv",
        LONG + "a,x,1,2\n",
        "in.txt:2: salience: out of range (expected 0 to 1)",
        output="a/b/out",
    ),
]


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every path under ``root``: a regular file's bytes, else what it is."""
    out: dict[str, bytes | str] = {}
    for path in [root, *root.rglob("*")]:
        mode = path.lstat().st_mode
        name = path.relative_to(root).as_posix()
        if stat.S_ISREG(mode):
            out[name] = path.read_bytes()
        elif stat.S_ISLNK(mode):
            out[name] = f"link to {os.readlink(path)}"
        else:
            out[name] = "directory" if stat.S_ISDIR(mode) else "special"
    return out


def test_the_corpus_is_large_and_its_ids_unique() -> None:
    assert len(CASES) >= 50
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_refused_at_its_line_and_leaves_nothing(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    if case.text is not None:
        data = case.text.encode() if isinstance(case.text, str) else case.text
        (in_tmp / case.file).write_bytes(data)
    if case.setup is not None:
        case.setup(in_tmp, monkeypatch)
    before = snapshot(in_tmp)
    result = run("import", case.fmt, case.file, "-o", case.output)
    monkeypatch.undo()
    assert_no_crash(result)
    assert (result.exit_code, result.stdout) == (1, "")
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == list(case.expected)
    assert snapshot(in_tmp) == before  # no output, no temporary folder, nothing changed


def test_a_target_filled_meanwhile_is_left_alone(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (in_tmp / "in.txt").write_text(EU + "A,1,2,0.5\n")
    taken_meanwhile(in_tmp, monkeypatch)
    result = run("import", "eu", "in.txt", "-o", "out")
    assert_no_crash(result)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [f"out: {NEVER}"]
    assert sorted(p.relative_to(in_tmp).as_posix() for p in in_tmp.rglob("*")) == [
        "in.txt",
        "out",
        "out/sub",
    ]


def test_an_interrupt_leaves_nothing_behind(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(path: Path) -> Loaded:
        assert path.name.startswith(".out.tmp") and (path / "stances.csv").is_file()
        raise KeyboardInterrupt

    (in_tmp / "in.txt").write_text(EU + "A,1,2,0.5\n")
    monkeypatch.setattr(gapcli.io.loader, "load_scenario", interrupted)
    result = run("import", "eu", "in.txt", "-o", "new/out")
    assert_no_crash(result)
    assert result.exit_code == 130
    assert sorted(p.name for p in in_tmp.iterdir()) == ["in.txt"]


def test_a_fifo_and_dev_zero_do_not_hang(in_tmp: Path) -> None:
    """Reading stops at once: a FIFO is refused before it is opened, /dev/zero unread."""
    import time

    os.mkfifo(in_tmp / "pipe")
    start = time.monotonic()
    for fmt, name in (("csv", "pipe"), ("decide", "pipe"), ("ktab", "/dev/zero")):
        result = run("import", fmt, name, "-o", "out")
        assert result.exit_code == 1
    assert time.monotonic() - start < 5
