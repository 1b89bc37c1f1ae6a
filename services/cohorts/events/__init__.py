"""Events of the centre (open days, seminars, round tables, conferences …): registration, tickets, the door."""
