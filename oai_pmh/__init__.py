"""An OAI-PMH 2.0 data provider library, independent of any web framework or database.

The protocol engine, its IEEE LOM and Dublin Core serializers and the small repository
interface an application implements arrive with the OAI-PMH issue; this package already
exists so the dependency rule (it imports nothing of dclic, Flask or SQLAlchemy) is enforced
from the start.
"""

__all__: list[str] = []
