"""The back office of the territorial departments: staff sign-in, the queue, processing requests."""
