"""The public site of each agency at ``/portal/<机关代码>/``: home, the catalogue (list, search,
detail, attachments), the 权责清单, the annual reports, links to the request form and status
page, and an Atom feed of new documents. No login, no JavaScript; every page reads on a phone.
Only published documents (发布日期 on or before today) are shown.
"""
