"""XML namespaces and schema locations used by the provider, the serializers and the harvester."""

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC = "http://purl.org/dc/elements/1.1/"
LOM = "http://ltsc.ieee.org/xsd/LOM"
LOM_SCHEMA = "http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"

XSI_SCHEMA_LOCATION = f"{{{XSI}}}schemaLocation"
XML_LANG = f"{{{XML}}}lang"


def qname(namespace: str, local: str) -> str:
    """Return the Clark notation ``{namespace}local`` lxml uses for element names."""
    return f"{{{namespace}}}{local}"
