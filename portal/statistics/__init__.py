"""Open statistics of the data bank (issue #24): tables computed by a periodic job, published with
small counts hidden, shown to everyone and downloadable as open data."""
