"""The two ways a table is read agree: Arrow's reader (one record a line) and the csv
module's (any table, every record with its line). Whatever Arrow reads, it reads as the csv
module does; whatever it cannot, it leaves to the csv module."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapcli.errors import InputError
from gapcli.io.tabular import columnar
from gapcli.io.tabular.columnar import ColumnTable
from gapcli.io.tabular.common import read_rows

from conftest import ANALYSES, assert_no_crash, run, write_files
from test_tabular_fuzz import FILES, mutated

# the fuzzing base with every stance on one line, so that Arrow's path is the one taken
ONE_LINE = dict(FILES, **{"stances.csv": FILES["stances.csv"].replace("a note\non", "a note on")})


def cells(table: ColumnTable) -> tuple[list[str], list[int], list[list[str]]]:
    """The header, each row's line and each row's cells, as plain lists."""
    rows = [[c.cell(n) for c in table.columns] for n in range(len(table))]
    return table.header, table.lines.tolist(), rows


def by_rows(path: Path) -> ColumnTable | None:
    try:
        read = read_rows(path, "t.csv")
    except InputError:
        return None
    if any(len(r) != len(read.header) for r in read.rows):
        return None
    return ColumnTable.of_rows(read.header, read.header_line, read.rows, read.lines)


def test_a_table_of_one_record_a_line_is_read_by_arrow_with_its_lines() -> None:
    data = b'party,issue,salience\nus, rc1 ,1\n,,\n"ca","rc,2",0.5\r\nfr,rc1,\n'
    table = columnar.parse(data)
    assert table is not None
    assert cells(table) == (
        ["party", "issue", "salience"],
        [2, 4, 5],  # the blank row on line 3 is left out, as the csv module's path does
        [["us", " rc1 ", "1"], ["ca", "rc,2", "0.5"], ["fr", "rc1", ""]],
    )
    party = table.column("party")  # the blank row's cell stays listed, held by no row
    assert (party.distinct, party.first_rows().tolist()) == (["us", "", "ca", "fr"], [0, -1, 1, 2])
    assert table.column("note").absent()


def test_what_arrow_cannot_place_is_left_to_the_csv_module() -> None:
    assert columnar.parse(b'party,issue\n"a\nb",x\n') is None  # a record over two lines
    assert columnar.parse(b"party,issue\na,b\rc,d\n") is None  # a lone carriage return
    assert columnar.parse(b"party,issue\na,b,c\n") is None  # a row of the wrong width
    assert columnar.parse(b"\nparty,issue\na,b\n") is None  # the header not on line 1
    assert columnar.parse(b"party,issue") is None  # no row at all


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=',"\n\r ;ab1\t\u2028é', max_size=60))
def test_arrow_reads_what_the_csv_module_reads(text: str) -> None:
    data = ("party,issue,note\n" + text).encode()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_bytes(data)
        fast, slow = columnar.parse(data), by_rows(path)
    if fast is not None:
        assert slow is not None
        assert cells(fast) == cells(slow)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=mutated(ONE_LINE), command=st.sampled_from(ANALYSES))
def test_both_readers_give_the_same_results_and_messages(
    files: dict[str, bytes], command: tuple[str, ...]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sc"
        write_files(root, dict(files))
        fast = run(command[0], root, *command[1:], "--json")
        with mock.patch.object(columnar, "read", return_value=None):
            slow = run(command[0], root, *command[1:], "--json")
    assert_no_crash(fast)
    assert (fast.exit_code, fast.stdout, fast.stderr) == (
        slow.exit_code,
        slow.stdout,
        slow.stderr,
    )
