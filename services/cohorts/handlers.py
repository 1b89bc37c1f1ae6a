"""Events cohorts consumes (consultations' and fairs' figures for the dashboard).

None is applied yet: they are recorded in the inbox and acknowledged.
"""
HANDLERS: dict = {}
