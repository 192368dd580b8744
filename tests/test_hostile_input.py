"""What a user points gapcli at or types, however odd, gets its line and its exit status.

Special files, entries of a scenario folder that cannot be read, YAML values that resolve to
odd types or huge numbers, and command-line values: each case sets up ./sc (the valid
scenario of ``conftest.BASE_FILES``), runs one command and lists the exact lines expected on
stderr (errors and warnings), worked out by hand. Usage errors (exit 2) are checked by
click's ``Error:`` line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ONE_FILE, assert_no_crash, run, write_files

Setup = Callable[[Path], object]  # gets the folder holding ./sc


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    expected: tuple[str, ...]
    setup: Setup | None = None
    status: int = 1


def link(name: str, to: str) -> Setup:
    return lambda root: os.symlink(to, root / name)


def fifo(name: str) -> Setup:
    return lambda root: os.mkfifo(root / name)


def folder(name: str) -> Setup:
    return lambda root: (root / name).mkdir(parents=True)


def files(named: dict[str, str]) -> Setup:
    return lambda root: write_files(root, named)


def edit(file: str, old: str, new: str) -> Setup:
    def change(root: Path) -> None:
        path = root / "sc" / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def both(*steps: Setup) -> Setup:
    def setup(root: Path) -> None:
        for step in steps:
            step(root)

    return setup


def remove_parties(root: Path) -> None:
    for party in (root / "sc/parties").iterdir():
        party.unlink()


def move(old: str, new: str) -> Setup:
    return lambda root: (root / old).rename(root / new)


GOV, OPP = "parties/gov.yaml", "parties/opp.yaml"
BIG = "1" + "0" * 400
FIFO = "is a named pipe (FIFO), not a regular file"
NO_PARTIES = (
    "no parties to analyse (add parties/NAME.yaml files, 'parties:' in the scenario, or rows "
    "to stances.csv)"
)
LONG = "a" * 300
TOO_SMALL = " is too small (a number other than 0 must be at least 1e-12 in size)"

CASES = [
    # -- special files named on the command line -----------------------------------------
    Case("dev-zero", ("validate", "/dev/zero"), ("/dev/zero: is a device, not a regular file",)),
    Case(
        "dev-urandom", ("gaps", "/dev/urandom"), ("/dev/urandom: is a device, not a regular file",)
    ),
    Case("fifo-scenario", ("validate", "x.yaml"), (f"x.yaml: {FIFO}",), fifo("x.yaml")),
    Case(
        "broken-link-scenario",
        ("validate", "x.yaml"),
        ("x.yaml: is a broken symbolic link (to 'nowhere.yaml', which does not exist)",),
        link("x.yaml", "nowhere.yaml"),
    ),
    Case(
        "link-loop-scenario",
        ("validate", "x.yaml"),
        ("x.yaml: is a symbolic link that loops (it never reaches a file)",),
        both(link("x.yaml", "y.yaml"), link("y.yaml", "x.yaml")),
    ),
    Case(
        "diff-device", ("diff", "/dev/zero", "sc"), ("/dev/zero: is a device, not a regular file",)
    ),
    Case(
        "timeline-fifo",
        ("timeline", "x.yaml", "sc"),
        (f"x.yaml: {FIFO}",),
        fifo("x.yaml"),
    ),
    Case("name-too-long", ("validate", LONG), (f"{LONG}: file name too long",)),
    Case(
        "not-a-folder-in-path",
        ("validate", "sc/scenario.yaml/x"),
        ("sc/scenario.yaml/x: no such file (a part of the path is not a folder)",),
    ),
    # -- what a scenario folder holds -----------------------------------------------------
    Case(
        "party-broken-link",
        ("validate", "sc"),
        ("sc/parties/e.yaml: is a broken symbolic link (to 'nowhere.yaml', which does not exist)",),
        link("sc/parties/e.yaml", "nowhere.yaml"),
    ),
    Case(
        "party-link-loop",
        ("validate", "sc"),
        (
            "sc/parties/l1.yaml: is a symbolic link that loops (it never reaches a file)",
            "sc/parties/l2.yaml: is a symbolic link that loops (it never reaches a file)",
        ),
        both(link("sc/parties/l1.yaml", "l2.yaml"), link("sc/parties/l2.yaml", "l1.yaml")),
    ),
    Case(
        "party-directory",
        ("validate", "sc"),
        ("sc/parties/e.yaml: is a directory, not a file",),
        folder("sc/parties/e.yaml"),
    ),
    Case("party-fifo", ("gaps", "sc"), (f"sc/parties/f.yaml: {FIFO}",), fifo("sc/parties/f.yaml")),
    Case(
        "party-upper-case-suffix",
        ("validate", "sc"),
        ("sc/parties/opp.YAML: not read: party files end in lower case (rename it opp.yaml)",),
        move("sc/parties/opp.yaml", "sc/parties/opp.YAML"),
    ),
    Case(
        "party-yml-upper",
        ("deadlocks", "sc"),
        ("sc/parties/gov.Yml: not read: party files end in lower case (rename it gov.yml)",),
        move("sc/parties/gov.yaml", "sc/parties/gov.Yml"),
    ),
    Case(
        "party-file-not-yaml",
        ("validate", "sc", "--json"),
        ("sc/parties/notes.txt: warning: not read (gapcli reads *.yaml and *.yml files here)",),
        files({"sc/parties/notes.txt": "who is who\n"}),
        status=0,
    ),
    Case(
        "party-backup-file",
        ("validate", "sc", "--json"),
        ("sc/parties/gov.yaml~: warning: not read (gapcli reads *.yaml and *.yml files here)",),
        lambda root: (root / "sc/parties/gov.yaml~").write_text("old\n"),
        status=0,
    ),
    Case(
        "hidden-files-are-passed-over",
        ("validate", "sc", "--json"),
        (),
        files({"sc/parties/.gov.yaml": "junk: [\n", "sc/.notes": "x\n"}),
        status=0,
    ),
    Case(
        "unknown-file-beside-scenario",
        ("validate", "sc", "--json"),
        (
            "sc/notes.csv: warning: not read (gapcli reads scenario.yaml, parties/, stances.csv "
            "or stances.parquet, issues.csv here)",
        ),
        files({"sc/notes.csv": "a,b\n"}),
        status=0,
    ),
    Case(
        "stances-table-directory",
        ("validate", "sc"),
        ("sc/stances.csv: is a directory, not a file",),
        folder("sc/stances.csv"),
    ),
    Case(
        "stances-table-broken-link",
        ("gaps", "sc"),
        ("sc/stances.csv: is a broken symbolic link (to 'gone.csv', which does not exist)",),
        link("sc/stances.csv", "gone.csv"),
    ),
    Case(
        "stances-table-fifo",
        ("validate", "sc"),
        (f"sc/stances.csv: {FIFO}",),
        fifo("sc/stances.csv"),
    ),
    Case(
        "issues-table-directory",
        ("validate", "sc"),
        ("sc/issues.csv: is a directory, not a file",),
        folder("sc/issues.csv"),
    ),
    Case(
        "issues-table-broken-link",
        ("validate", "sc"),
        ("sc/issues.csv: is a broken symbolic link (to 'nowhere', which does not exist)",),
        link("sc/issues.csv", "nowhere"),
    ),
    Case(
        "scenario-file-directory",
        ("validate", "sc"),
        ("sc/scenario.yaml: is a directory, not a file",),
        both(lambda root: (root / "sc/scenario.yaml").unlink(), folder("sc/scenario.yaml")),
    ),
    Case(
        "scenario-file-broken-link",
        ("validate", "sc"),
        ("sc/scenario.yaml: is a broken symbolic link (to 'old.yaml', which does not exist)",),
        both(
            lambda root: (root / "sc/scenario.yaml").unlink(), link("sc/scenario.yaml", "old.yaml")
        ),
    ),
    Case(
        "scenario-file-upper-case",
        ("validate", "sc"),
        ("sc/Scenario.yaml: not read: the name must be scenario.yaml, in lower case",),
        move("sc/scenario.yaml", "sc/Scenario.yaml"),
    ),
    Case(
        "two-scenario-files",
        ("validate", "sc"),
        ("sc/scenario.yml: a second scenario file beside scenario.yaml (keep one of them)",),
        lambda root: (root / "sc/scenario.yml").write_text("title: again\n"),
    ),
    Case(
        "parties-is-a-file",
        ("validate", "sc"),
        ("sc/parties: is not a folder (expected parties/*.yaml)",),
        both(
            remove_parties,
            lambda root: (root / "sc/parties").rmdir(),
            lambda root: (root / "sc/parties").write_text("gov, opp\n"),
        ),
    ),
    Case(
        "no-parties-validate",
        ("validate", "sc"),
        (f"sc: {NO_PARTIES}",),
        remove_parties,
    ),
    Case(
        "no-parties-one-file",
        ("validate", "one.yaml"),
        (f"one.yaml: {NO_PARTIES}",),
        files({"one.yaml": ONE_FILE.split("parties:")[0]}),
    ),
    # -- a folder of scenarios: what is not a scenario is named -------------------------
    Case(
        "folder-of-scenarios-passes-over-with-a-word",
        ("validate", "pos", "--json"),
        (
            "gapcli: using pos/sc (as of 2017-05-16); passed over in pos: broken.yaml (invalid "
            "YAML: did not find expected node content (while parsing a flow node at line 2)), "
            "drafts/ (no scenario.yaml), gone (is a broken symbolic link (to 'nowhere', which "
            "does not exist)), notes.md (not a scenario), pipe.yaml (is a named pipe (FIFO), not "
            "a regular file)",
        ),
        both(
            lambda root: (root / "pos").mkdir(),
            move("sc", "pos/sc"),
            files({"pos/broken.yaml": "title: [\n", "pos/notes.md": "# notes\n"}),
            folder("pos/drafts"),
            link("pos/gone", "nowhere"),
            fifo("pos/pipe.yaml"),
        ),
        status=0,
    ),
    Case(
        "folder-of-scenarios-many-passed-over",
        ("gaps", "pos", "--json"),
        (
            "gapcli: using pos/sc (as of 2017-05-16); passed over in pos: a.txt (not a "
            "scenario), b.txt (not a scenario), c.txt (not a scenario), d.txt (not a scenario), "
            "e.txt (not a scenario), 2 more",
        ),
        both(
            lambda root: (root / "pos").mkdir(),
            move("sc", "pos/sc"),
            files({f"pos/{c}.txt": "x\n" for c in "abcdefg"}),
        ),
        status=0,
    ),
    # -- YAML values ----------------------------------------------------------------------
    Case(
        "yaml-equals-sign",
        ("validate", "sc"),
        ("sc/parties/gov.yaml:2:13: capability: expected a number > 0, not the text '='",),
        edit(GOV, "capability: 0.8", "capability: ="),
    ),
    Case(
        "yaml-merge-key",
        ("validate", "sc"),
        (
            "sc/parties/gov.yaml:2:1: unknown key '<<' in party 'gov'; expected id, name, "
            "description, capability, observer or stances",
        ),
        edit(GOV, "capability: 0.8", "<<: {capability: 2}"),
    ),
    Case(
        "yaml-merge-value",
        ("validate", "sc"),
        ("sc/parties/gov.yaml:2:13: capability: expected a number > 0, not the text '<<'",),
        edit(GOV, "capability: 0.8", "capability: <<"),
    ),
    Case(
        "yaml-integer-beyond-float",
        ("validate", "sc"),
        (
            "sc/parties/gov.yaml:2:13: capability: expected a finite number, not "
            "10000000000000000000…00000000 (401 characters)",
        ),
        edit(GOV, "capability: 0.8", f"capability: {BIG}"),
    ),
    Case(
        "yaml-integer-beyond-float-position",
        ("gaps", "sc"),
        (
            "sc/parties/opp.yaml:3:22: position: expected a finite number, not "
            "-1000000000000000000…00000000 (402 characters)",
        ),
        edit(OPP, "position: 0,", f"position: -{BIG},"),
    ),
    Case(
        "yaml-capability-too-large",
        ("validate", "sc"),
        (
            "sc/parties/gov.yaml:2:13: capability: 1.0e+13 is out of range (no number in "
            "gapcli's files may exceed 1e12 in size)",
        ),
        edit(GOV, "capability: 0.8", "capability: 1.0e+13"),
    ),
    Case(
        "yaml-range-too-large",
        ("validate", "sc"),
        (
            "sc/scenario.yaml:10:16: range: 10000000000000 is out of range (expected a number "
            "from -1000000000000 to 1000000000000)",
        ),
        edit("scenario.yaml", "range: [0, 100]", "range: [0, 10000000000000]"),
    ),
    Case(
        "yaml-infinite-salience",
        ("validate", "sc"),
        ("sc/parties/opp.yaml:3:53: salience: expected a finite number, not .inf",),
        edit(OPP, "salience: 1, source: art}", "salience: .inf, source: art}"),
    ),
    Case(
        "yaml-nan-position",
        ("validate", "sc"),
        ("sc/parties/opp.yaml:3:22: position: expected a finite number, not .nan",),
        edit(OPP, "position: 0,", "position: .nan,"),
    ),
    Case(
        "yaml-bool-tag-on-a-non-boolean",
        ("validate", "sc"),
        ("sc/parties/gov.yaml:2:13: 'maybe' is not a valid bool",),
        edit(GOV, "capability: 0.8", "capability: !!bool maybe"),
    ),
    Case(
        "yaml-map-tag-on-a-scalar",
        ("validate", "sc"),
        ("sc/parties/gov.yaml:1:7: 'x' is not a valid map",),
        edit(GOV, "name: Government", "name: !!map x"),
    ),
    Case(
        "yaml-timestamp-tag-on-text",
        ("validate", "sc"),
        ("sc/scenario.yaml:2:8: 'soon' is not a valid timestamp",),
        edit("scenario.yaml", "as_of: 2017-05-16", "as_of: !!timestamp soon"),
    ),
    Case(
        "yaml-hexadecimal-is-not-a-number",
        ("validate", "sc"),
        (
            "sc/parties/opp.yaml:3:22: position: expected a number from 0 to 100, not the text "
            "'0x10'",
        ),
        edit(OPP, "position: 0,", "position: 0x10,"),
    ),
    Case(
        "yaml-sexagesimal-is-not-a-number",
        ("validate", "sc"),
        (
            "sc/parties/opp.yaml:3:22: position: expected a number from 0 to 100, not the text "
            "'1:30'",
        ),
        edit(OPP, "position: 0,", "position: 1:30,"),
    ),
    Case(
        "yaml-exponent-is-a-number",
        ("validate", "sc", "--json"),
        (),
        edit(GOV, "capability: 0.8", "capability: 8e-1"),
        status=0,
    ),
    Case(
        "yaml-number-too-small",
        ("validate", "sc"),
        ("sc/parties/gov.yaml:2:13: capability: 1e-200" + TOO_SMALL,),
        edit(GOV, "capability: 0.8", "capability: 1e-200"),
    ),
    Case(
        "table-number-too-small",
        ("gaps", "sc"),
        ("sc/stances.csv:2: salience: 5e-324" + TOO_SMALL,),
        files({"sc/stances.csv": "party,issue,position,salience\nc,tenure,50,5e-324\n"}),
    ),
    Case(
        "import-number-too-small",
        ("import", "eu", "tiny.csv", "-o", "out"),
        ("tiny.csv:2: capability: 1e-13" + TOO_SMALL,),
        files({"tiny.csv": "Actor,Capability,Position,Salience\nA,1e-13,10,0.5\nB,1,20,0.5\n"}),
    ),
    # -- --set values ---------------------------------------------------------------------
    Case(
        "set-merge-key",
        ("validate", "sc", "--set", "gov.capability=<<"),
        ("--set 'gov.capability=<<': capability: expected a number > 0, not the text '<<'",),
    ),
    Case(
        "set-equals-sign",
        ("gaps", "sc", "--set", "gov.capability=="),
        ("--set 'gov.capability==': capability: expected a number > 0, not the text '='",),
    ),
    Case(
        "set-integer-beyond-float",
        ("validate", "sc", "--set", f"gov.tenure.position={BIG}"),
        (
            f"--set 'gov.tenure.position={BIG}': position: expected a finite number, not "
            "10000000000000000000…00000000 (401 characters)",
        ),
    ),
    Case(
        "set-too-large",
        ("validate", "sc", "--set", "opp.capability=2.0e+12"),
        (
            "--set 'opp.capability=2.0e+12': capability: 2.0e+12 is out of range (no number "
            "in gapcli's files may exceed 1e12 in size)",
        ),
    ),
    Case(
        "set-too-small",
        ("issue", "tenure", "sc", "--set", "gov.capability=5e-324"),
        ("--set 'gov.capability=5e-324': capability: 5e-324" + TOO_SMALL,),
    ),
    # -- command-line values (usage errors, exit 2) ---------------------------------------
    Case(
        "empty-path",
        ("validate", ""),
        (
            "Error: Invalid value for '[PATH]': an empty path names nothing (use . for the current "
            "folder)",
        ),
        status=2,
    ),
    Case(
        "empty-output",
        ("report", "sc", "-o", ""),
        (
            "Error: Invalid value for '--output' / '-o': an empty path names nothing (use . for "
            "the current folder)",
        ),
        status=2,
    ),
    Case(
        "empty-init-folder",
        ("init", ""),
        (
            "Error: Invalid value for 'DIR': an empty path names nothing (use . for the "
            "current folder)",
        ),
        status=2,
    ),
    Case(
        "empty-import-file",
        ("import", "csv", "", "-o", "out"),
        (
            "Error: Invalid value for 'FILE': an empty path names nothing (use . for the current "
            "folder)",
        ),
        status=2,
    ),
    Case(
        "threshold-nan",
        ("blocs", "sc", "--threshold", "nan"),
        ("Error: Invalid value for '--threshold' / '-t': expected a number, not nan",),
        status=2,
    ),
    Case(
        "threshold-nan-json",
        ("blocs", "sc", "--threshold", "nan", "--json"),
        ("Error: Invalid value for '--threshold' / '-t': expected a number, not nan",),
        status=2,
    ),
    Case(
        "threshold-infinite",
        ("blocs", "sc", "--threshold", "inf"),
        ("Error: Invalid value for '--threshold' / '-t': inf is not in the range 0.0<=x<=1.0.",),
        status=2,
    ),
    Case(
        "rounds-too-many",
        ("trades", "sc", "--rounds", "10" + "0" * 25),
        (
            f"Error: Invalid value for '--rounds' / '-r': 1{'0' * 26} is not in the range "
            "0<=x<=100.",
        ),
        status=2,
    ),
    Case(
        "rounds-just-too-many",
        ("trades", "sc", "--rounds", "101"),
        ("Error: Invalid value for '--rounds' / '-r': 101 is not in the range 0<=x<=100.",),
        status=2,
    ),
    Case(
        "markdown-to-stdout",
        ("report", "sc", "-f", "markdown", "-o", "-"),
        ("-: a Markdown report needs a file: its pictures are written beside it",),
    ),
    # -- commands that write: targets that may not be written -----------------------------
    Case(
        "init-onto-a-file",
        ("init", "afile"),
        ("afile: is a file, not a folder",),
        files({"afile": "mine\n"}),
    ),
    Case(
        "init-below-a-file",
        ("init", "afile/talks"),
        ("afile: is a file, not a folder",),
        files({"afile": "mine\n"}),
    ),
    Case(
        "init-where-no-folder-may-be-made",
        ("init", "/proc/gapcli-talks"),
        ("/proc/gapcli-talks: cannot create the folder: No such file or directory",),
    ),
    Case(
        "report-onto-a-folder",
        ("report", "sc", "-o", "out"),
        ("out: is a directory (name a file)",),
        folder("out"),
    ),
    Case(
        "report-into-missing-folder",
        ("report", "sc", "-o", "no/such/r.html"),
        ("no/such/r.html: cannot write: the folder 'no/such' does not exist",),
    ),
    Case(
        "report-onto-a-device",
        ("report", "sc", "-o", "/dev/null"),
        ("/dev/null: is not a regular file; gapcli writes only regular files",),
    ),
    Case(
        "report-name-too-long",
        ("report", "sc", "-o", LONG + ".html"),
        (f"{LONG}.html: file name too long",),
    ),
    Case(
        "export-onto-a-folder",
        ("export", "csv", "sc", "-o", "sc/parties"),
        ("sc/parties: is inside the scenario being read (sc); write the output elsewhere",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(in_tmp: Path, base: Path, case: Case) -> None:
    if case.setup is not None:
        case.setup(in_tmp)
    result = run(*case.args)
    assert_no_crash(result)
    assert result.exit_code == case.status, result.output
    if case.status == 2:
        assert result.stderr.splitlines()[-1:] == list(case.expected)
        return
    if case.status != 0:
        assert result.stdout == ""
    assert tuple(result.stderr.splitlines()) == case.expected


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)


def test_tables_read_numbers_as_yaml_does(base: Path) -> None:
    """1_000 and digits of other scripts are numbers to Python's float(), not to gapcli."""
    write_files(
        base,
        {
            "stances.csv": "party,issue,position,salience\n"
            "c,tenure,1_0,1\nd,tenure,３,1\ne,tenure, 5 ,1e-1\n"
        },
    )
    result = run("validate", "sc")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "sc/stances.csv:2: position: '1_0' is not a number",
        "sc/stances.csv:3: position: '３' is not a number",
    ]
