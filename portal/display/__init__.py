"""Display settings for people with low vision: text size, colours and spacing, kept in one cookie
and applied by the server to every page, so they work without JavaScript."""
