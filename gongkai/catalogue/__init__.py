"""主动公开: the catalogue of proactively disclosed information (条例第十九条至第二十六条).

- ``Document``: one item, a draft until its 保密审查 passes and it is published
  (``publication``: 条例第十七条; ``DocumentReview`` records each review), with its 索引号 (from the agency's pattern, never duplicated:
  a unique constraint plus a locked counter), 文号, dates, 主题分类, type, status and body;
  ``Attachment`` its files. The 20-working-day publication clock of 条例第二十六条 is stored
  (``publication_due``) and late items are flagged.
- ``PowerItem``: the 权责清单 as structured data.
- ``YearFigures``: the table 二 figures that do not come from the catalogue (行政许可/处罚/强制
  decisions, 行政事业性收费, the 2019 extra cells), entered or imported from CSV/XLSX.

Writes: ``services`` (``document_create``, ``document_update``, ``document_set_status``,
``power_item_create``, ``year_figures_set``); ``publication`` (``document_review``,
``document_publish``); ``historical.document_register_historical`` (登记历史公开: a document
published before the platform, with its real 发布日期); ``imports.figures_import``.
Reads: ``selectors.document_search`` (SQLite FTS5 trigram / PostgreSQL pg_trgm behind one
function), ``tables.proactive_table`` (table 二 for any year, keys as in
``gongkai.report.formats``).
"""
