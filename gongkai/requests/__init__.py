"""依申请公开: disclosure requests on the statutory clock.

Every rule comes from ``shared/spec/requests-workflow.md`` (条例 = 国务院令第711号; 办法 =
国办函〔2020〕109号) and the code that implements one cites its article.

- ``models`` — ``Application`` (申请) with its stored, indexed ``due_on``; consultations,
  attachments, and the per-agency-per-year tracking-number counter.
- ``services`` — every state change is one function (``application_register``,
  ``application_request_correction``, … ``application_deem_abandoned``): one transaction,
  permission check, ``full_clean``, one audit event, the due date recomputed.
- ``deadlines`` — the due date as a pure function of the case (workdays clock).
- ``selectors`` — dashboard queries; ``stats`` — table 三 in one aggregate query.
- ``fees`` — the 办法's 按件/按量 calculators (pure functions).
- ``letters`` — 答复告知书 text per outcome, DOCX and PDF.
- ``views`` (staff, under /requests/); the public /apply/ and /status/ pages are ``gongkai.portal.applications``.
"""
