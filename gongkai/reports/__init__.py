"""The annual report inside the platform (条例第四十九条、第五十条).

``ReportVersion`` is one version of an agency's report on one year: tables 二/三/四 built from the
platform's records (``build.report_from_platform``), the narrative drafted with the year's
figures, numbers overridden only with a recorded reason, warnings acknowledged with a reason.
Writes are the service functions in ``services``: ``report_build``, ``report_update``,
``report_override``, ``report_acknowledge``, ``report_submit``, ``report_return``,
``report_publish``, ``report_correct``, ``report_import``. A published version is locked; a
correction is a new version. The supervising office's dashboard and the 汇总 summary are in
``supervision``.
"""
