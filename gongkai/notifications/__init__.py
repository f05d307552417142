"""The outbox: every message to an applicant or to staff is a row here, written in the same
transaction as the event it tells of, and sent later by ``gongkai notify`` (with retries).

- ``models``: ``Notification`` (one message to one recipient), ``ApplicantChoice`` (the
  channels the applicant chose on the public form).
- ``events``: the one map from a request's audit action to the applicant's message.
- ``services``: enqueueing (applicant messages, staff reminders, the recovery link).
- ``delivery``: claiming a batch, sending it (e-mail, SMS), retrying with backoff.
- ``sms``: the SMS backend interface and its console backend.
- ``views``: the outbox page (an agency's messages, recipients masked) for its administrator
  and supervising office, and the retry of a failed message (``services.notification_retry``).
"""
