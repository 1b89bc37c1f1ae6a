"""A programme's public face: its page of upcoming open events and news, an iCalendar feed and an Atom feed."""
