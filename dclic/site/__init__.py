"""The site shell: home page, language switch, health probes and API status."""
