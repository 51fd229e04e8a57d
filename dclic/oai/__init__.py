"""OAI-PMH in dclic: the ``/oai`` data provider over the catalogue, and the harvester that
brings other catalogues' courses in (see docs/oai-pmh.md, *The dclic side*)."""
