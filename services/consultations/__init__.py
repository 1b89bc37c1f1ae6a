"""Consultations: mentors' individual and group consultations, webinars, next steps."""
