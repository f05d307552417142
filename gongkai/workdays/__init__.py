"""The working-day calendar and the statutory clock.

- ``gongkai.workdays.clock`` — plain Python (no Django): ``Calendar``, ``Pause``,
  ``add_working_days(calendar, received, days, pauses)`` → ``DueDate`` (``.due``,
  ``.provisional``, ``.uncovered_years``), ``working_days_between(calendar, start, end, pauses)``
  → ``WorkingDayCount``, and ``chinesecalendar_calendar()``.
- ``gongkai.workdays.models`` — ``HolidayYear`` (a year whose schedule is known) and
  ``CalendarDay`` (a holiday on a weekday, or a make-up working day 调休 on a weekend), editable
  in the admin: the State Council announces next year's schedule each November/December.
- ``gongkai.workdays.selectors.platform_calendar()`` — the ``Calendar`` built from the database;
  workflows compute every deadline with it.
- ``gongkai.workdays.services.calendar_import_chinesecalendar(*, actor)`` — loads the years the
  ``chinesecalendar`` package covers and the database lacks (never overwrites an admin's year).
"""
