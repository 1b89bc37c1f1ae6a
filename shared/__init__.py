"""Plumbing shared by the Rostok services: configuration, database, events, web helpers.

Nothing here knows a domain rule; the event contracts are the one exception by design,
because they are the interface between the services.
"""
