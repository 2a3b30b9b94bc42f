"""Monitoring (رصد): sources polled, new items stored, stories grouped, watched items alerted, the brief.

- ``sources``   what ``rasd watch`` polls (feeds, article URLs, folders, growing JSONL) and their items
- ``fetch``     polite HTTP through trafilatura (timeouts, retries, per-host spacing, robots.txt)
- ``dedup``     near-duplicate stories (MinHash LSH, datasketch)
- ``state``     the monitor's tables: sources' offsets, items seen, alerts (crash-safe order)
- ``watchlists`` what is watched and which facts touch it
- ``alerts``    alert records, their fact keys, and where they go (stdout, JSONL, webhook)
- ``contradictions`` the contradictions new articles bring
- ``poll``      one poll of every source (``Watcher``)
- ``places``, ``svg``, ``brief``, ``render``  the morning brief: data, map and chart, Markdown/HTML/PDF

See docs/monitoring.md.
"""
