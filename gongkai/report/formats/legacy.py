"""Reports on 2018 and earlier: free text under the 2008 条例, with no fixed tables.

Their figures are kept as ``legacy_figures`` (each with its sentence); no table rule applies.
"""

from __future__ import annotations

from gongkai.report.formats.base import Template

TEMPLATE = Template(
    key="legacy",
    name="2019 年以前的自由文本",
    basis="《政府信息公开条例》（2008）第三十二条",
    first_year=None,
    last_year=2018,
)
