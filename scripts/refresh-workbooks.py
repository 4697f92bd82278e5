"""Give existing workbooks the drop-downs, input messages, frozen header rows, column widths
and Instructions sheet that ``reportgen init`` gives new ones (reportgen.start.workbooks),
in place; cell values are untouched. Run after changing reportgen/inputs/schema.py:

    .venv/bin/python scripts/refresh-workbooks.py inputs/*/report.xlsx \\
        inputs/cabinet-2013-01-17-partnership-update/community-safety-delivery-plan-2013.xlsx
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportgen.start.workbooks import refresh

if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for name in sys.argv[1:]:
        print(f"{name}: refreshed as a {refresh(Path(name))} workbook")
