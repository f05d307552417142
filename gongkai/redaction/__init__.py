"""Redaction for 部分公开 (条例第三十七条): the withheld parts of a document are removed, not
covered, before the document is released.

A clerk opens a PDF the agency holds for a request (uploaded to the case, kept private as one of
its attachments), marks areas on its page images and phrases found on every page, and gives each
mark its ground (条例第十四条、第十五条、第十六条, from the outcome registry's ``withheld.*``
rows). Releasing writes a new PDF in which PyMuPDF's redaction has deleted the text, images and
drawings under each mark (a black box is drawn where they were), strips the metadata, and files
it as a new attachment of the request; the grounds are listed for the reply letter. Every mark,
removal and release is an audit event. DOCX and XLSX are converted to PDF first when LibreOffice
is installed, and refused with a clear message when it is not.
"""
