"""The territorial departments people are sent to: the operators' file of their contact details,
the cards the pages show, and staff keeping their region's details up to date (issue #23, point 4)."""
