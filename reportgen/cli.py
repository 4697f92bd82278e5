"""The ``reportgen`` command: a thin click layer over ``reportgen.api``.

Exit codes: 0 success, 2 problems in the inputs (each printed on its own line), 1 anything else.
An officer never sees a traceback: a failure that is not an input problem or an output problem
is a bug, reported in one line that says so (``REPORTGEN_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from reportgen import api
from reportgen.errors import InputError
from reportgen.output import OutputError

INPUT_PROBLEMS = 2


def _folders(paths: tuple[Path, ...]) -> list[Path]:
    return [Path(p) for p in paths]


def _internal_error(folder: Path, exc: Exception) -> None:
    """Say in one line that reportgen itself failed; the traceback only when debugging."""
    if os.environ.get("REPORTGEN_DEBUG"):
        raise exc
    click.echo(f"error: {folder}: reportgen failed ({type(exc).__name__}: {exc}); this is a bug "
               "in reportgen, not in your workbooks: please report it with the input folder "
               "(set REPORTGEN_DEBUG=1 for the details); the previous output files are unchanged",
               err=True)


@click.group()
@click.version_option(package_name="reportgen")
def main() -> None:
    """Build council Cabinet reports (Word and PDF) from officers' Excel inputs."""


@main.command()
@click.argument("input_dirs", nargs=-1, required=True,
                type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output-dir", default=Path("output"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the .docx and .pdf files.")
@click.option("--depfile", is_flag=True,
              help="Also write OUTPUT_DIR/.<INPUT_DIR>.d listing the input files read (for make).")
def build(input_dirs: tuple[Path, ...], output_dir: Path, depfile: bool) -> None:
    """Build INPUT_DIR/report.xlsx into OUTPUT_DIR/<INPUT_DIR>.docx and .pdf.

    Reports whose inputs have problems are not built; the problems are listed, one per line,
    and the command exits with status 2. Existing output files are never left half-written.
    """
    problems: list[str] = []
    failed = False
    for folder in _folders(input_dirs):
        try:
            built = api.build(folder, output_dir, depfile=depfile)
        except InputError as exc:
            problems.extend(str(p) for p in exc.problems)
            continue
        except OutputError as exc:
            click.echo(f"error: {exc}", err=True)
            failed = True
            continue
        except Exception as exc:
            _internal_error(folder, exc)
            failed = True
            continue
        click.echo(f"built {built.docx} and {built.pdf}")
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(INPUT_PROBLEMS)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("input_dirs", nargs=-1, required=True,
                type=click.Path(file_okay=False, path_type=Path))
def validate(input_dirs: tuple[Path, ...]) -> None:
    """Check the inputs of each INPUT_DIR without writing anything."""
    try:
        problems = api.validate(_folders(input_dirs))
    except Exception as exc:
        _internal_error(Path(", ".join(map(str, input_dirs))), exc)
        sys.exit(1)
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(INPUT_PROBLEMS)
    click.echo(f"{len(input_dirs)} report folder(s): inputs are good")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """List the accessibility problems in each DOCX or PDF FILE, ours or anyone's.

    One line per problem, as FILE: WHERE: WHAT, then a summary. Exit status 0 when every file
    is clean, 1 when any problem is found; a file that cannot be opened is such a problem.
    """
    from reportgen.check import check as check_file  # pikepdf only when checking

    findings = [finding for path in files for finding in check_file(path)]
    for finding in findings:
        click.echo(str(finding))
    if findings:
        with_problems = len({finding.file for finding in findings})
        click.echo(f"{len(findings)} accessibility problem(s) in {with_problems} of "
                   f"{len(files)} file(s)")
        sys.exit(1)
    click.echo(f"{len(files)} file(s) checked: no accessibility problems found")
