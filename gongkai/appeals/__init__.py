"""行政复议 and 行政诉讼 cases about the agency's disclosure answers, and table 四 from them.

A ``Case`` is one review (复议机关) or one suit (court), linked to the disclosure request it
concerns (``application``, a ``requests.Application`` of the same agency; or, for a request
handled outside the platform, its 受理编号 as text in ``request_number``), and for a suit after
review, to the review case. Writes: ``services.case_create``, ``case_update``,
``case_decide``. Table 四 for any year: ``tables.appeals_table(agency, year)``.
"""
