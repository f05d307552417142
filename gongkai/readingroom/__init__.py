"""The public reading room (条例第二十四条、第二十五条): a daily register and its yearly totals.

One ``RegisterDay`` per agency and day: visitors, archive files consulted (physical and
electronic), current documents consulted (visits and items), copies made, certificates issued —
the figures an annual report's 总体情况 states (e.g. 沈阳市档案局 2017). Only an agency with a
reading room (``Agency.reading_room``) keeps one. Write: ``services.register_day_save``.
Read: ``selectors.year_totals`` and ``selectors.overview_sentence``.
"""
