"""The register of organisations: each NGO, initiative group, state or municipal body, business, school, medium
counted once (by INN, and warned of by name in a settlement)."""
