"""A fair itself: its model (the fair, its criteria, its lineup, its history), its rules and how it is read. The packages of the fair day stand on this one."""
