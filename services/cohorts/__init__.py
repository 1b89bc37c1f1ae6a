"""Cohorts: programmes, cohorts, territories, teams, people, accounts and sign-in."""
