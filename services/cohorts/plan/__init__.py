"""A programme's plan of activities by month, and how it went."""
