"""The agency's own deadlines in a review or a suit — pure functions over the working-day clock.

- 行政复议法（2023）第四十八条: "被申请人应当自收到行政复议申请书副本或者行政复议申请笔录复印件
  之日起十日内，提出书面答复". 第八十八条第二款: the law's "三日、五日、七日、十日" are working
  days, not counting statutory holidays — so 10 working days after receipt of the copy.
- 行政诉讼法第六十七条: "被告应当在收到起诉状副本之日起十五日内…提出答辩状" — 15 calendar
  days; by 民事诉讼法第八十五条 (applied through 行政诉讼法第一百零一条) the day of receipt is not
  counted and a period whose last day is a 法定休假日 ends on the first working day after it.
  Only the first instance (一审) has this defence; an appeal's answer is left to the court's
  summons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.workdays.clock import Calendar, add_working_days

REVIEW_ANSWER_WORKING_DAYS = 10  # 行政复议法第四十八条、第八十八条第二款
DEFENCE_DAYS = 15  # 行政诉讼法第六十七条


@dataclass(frozen=True)
class AnswerDue:
    on: date
    provisional: bool
    basis: str


def review_answer_due(calendar: Calendar, copy_received: date) -> AnswerDue:
    result = add_working_days(calendar, copy_received, REVIEW_ANSWER_WORKING_DAYS)
    return AnswerDue(result.due, result.provisional, "行政复议法第四十八条：书面答复")


def defence_due(calendar: Calendar, complaint_received: date) -> AnswerDue:
    day = complaint_received + timedelta(days=DEFENCE_DAYS)
    provisional = not calendar.covers(day.year)
    while not calendar.is_working_day(day):  # 民事诉讼法第八十五条第三款
        day += timedelta(days=1)
        provisional = provisional or not calendar.covers(day.year)
    return AnswerDue(day, provisional, "行政诉讼法第六十七条：答辩状")
