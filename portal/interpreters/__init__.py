"""Sign-language interpreters: the yearly quota, free times, bookings and the interpreters' own pages."""
