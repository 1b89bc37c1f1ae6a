"""Visits: someone used the library, the office or the incubator's desk (a one-line log)."""
