"""Reach: how many different people and organisations took part in anything, for a period, a programme or the
whole centre, each counted once; the people met but never named stand beside them, never added in."""
