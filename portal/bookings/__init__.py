"""Booking sign-language interpreters: a person's yearly hours, free times, booking and cancelling,
the calendar file, reminders, and the release of bookings no interpreter accepted."""
