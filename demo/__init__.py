"""A demonstration programme, loaded into a running Rostok through its public HTTP API (``make demo``)."""
