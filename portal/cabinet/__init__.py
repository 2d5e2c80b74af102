"""The signed-in person's own pages: entitlements, status, programme, statements and messages."""
