"""Statutory documents an agency sends about a disclosure request (受理回执, 补正告知书,
延期告知书, 征求意见函, 收费通知, 答复告知书): each with a 文号 from a gapless per-agency,
per-year, per-kind sequence, a draft → review → approved → sent life with an audit event per
step, and DOCX/PDF in the 公文 layout. The remedy paragraph of every letter is
``remedies.remedy_paragraphs``; the text of each kind is a Django template an agency may
override (``templates/documents/kinds/``)."""
