"""The interpreters' own area: their sign-in and the bookings offered to them, to accept or decline,
and to record once the time has come."""
