"""``dj-tui bench`` and the benchmarks' shared parts.

``command`` is the command; ``synthetic`` builds the reports it measures on;
``measure`` runs a command in a fresh process and measures it; ``probes``
(headless) and ``dashboard_probes`` are what those processes run. Nothing is
imported here: a probe's process pays only for the imports it measures.
"""
