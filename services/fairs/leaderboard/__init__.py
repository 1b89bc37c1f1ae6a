"""The fair's leaderboard: ranking rules in plain Python, and the pages and API that show them."""
