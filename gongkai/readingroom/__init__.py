"""The public reading room (条例第二十四条、第二十五条): a register of visits and its totals.

One ``Visit`` per person and visit: who (shown masked), why, what was consulted (current
documents, archive files physical and electronic), copies made, certificates issued — the
figures an annual report's 总体情况 states (e.g. 沈阳市档案局 2017). A second visit on the same
day is another row; the day and year totals are computed from the visits. ``RegisterDay`` keeps
the day totals entered before visits were registered one by one (and the demo's): they are
counted beside the visits, shown as such, and can be corrected but no new day is opened on the
staff pages. No future day, bounded counts. Only an agency with a reading room
(``Agency.reading_room``) keeps a register. Write: ``services.visit_record``,
``services.visit_correct``, ``services.register_day_save``. Read: ``selectors.day_totals``,
``selectors.year_totals``, ``selectors.overview_sentence``.
"""
