"""Notifications: what a person is told, in the app (the bell) and by e-mail where SMTP is
configured, and the reminder ladder before and after the review deadline.

:mod:`.events` is called by the workflow services at each change worth telling (one call each);
:mod:`.delivery` sends the one e-mail of a notification after the change is committed;
:mod:`.reminders` holds :func:`~.reminders.run_reminders`, run periodically with the clock as
its argument.
"""
