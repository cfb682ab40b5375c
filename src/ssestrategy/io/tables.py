"""The tabular surface of a case: sheets, columns and cells, derived from the domain types.

A workbook (:mod:`ssestrategy.io.workbook`) and a CSV table are a second surface of the plain
data of a case (:func:`~ssestrategy.io.case_to_dict`): one sheet per section, one row per
record, and each column header is the path of a field within its record
(``capacities.financing``, ``target.kinds``, ``params.tie_intensity.value``). The columns are
derived from the attrs fields of the model classes (with their docstrings as help, their enum
members as lists of allowed values and their validators' bounds), so a new field or enum member
appears in the workbook without an edit here; a field of a shape that has no flat form (a list
of records inside a record, say) becomes a JSON cell rather than being dropped.

Reading builds the plain data, hands it to :func:`~ssestrategy.io.case_from_dict` (the one
validation), and maps the field path of every problem back to the cell it came from
(``actors[12].capacities.financing`` -> ``actors!D14``). Nothing here imports openpyxl: CSV
tables are read and written with the standard library.

Examples
--------
>>> sheets = {s.name: s for s in layout()}
>>> [c.key for c in sheets["actors"].columns][:5]
['id', 'name', 'kind', 'capacities.financing', 'capacities.networking']
>>> sheets["actors"].column("kind").choices[:3]
('cooperative', 'enterprise', 'artisan')
>>> sheets["interventions"].link, sheets["interventions"].parent
('strategy', 'strategies')
"""

from __future__ import annotations

from .csv_tables import write_csv
from .layout import layout, workbook_layout

__all__ = ["layout", "workbook_layout", "write_csv"]
