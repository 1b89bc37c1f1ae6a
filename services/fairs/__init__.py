"""Fairs: the public project fair, jury scores, audience vote, pledges, results."""
