"""Typed errors: the protocol's error conditions (provider side) and harvesting failures.

``OAIError`` subclasses carry the exact ``code`` of OAI-PMH 2.0 section 3.6; the provider
turns them into ``<error code="…">`` elements answered with HTTP 200. ``HarvestError``
subclasses are what a harvest raises when a remote repository cannot be harvested.
"""

from __future__ import annotations


class OAIError(Exception):
    """An OAI-PMH error condition; ``code`` is the protocol's error code."""

    code = ""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def hides_request_arguments(self) -> bool:
        """Spec 3.2: after badVerb or badArgument the request element has no attributes."""
        return self.code in {"badVerb", "badArgument"}


class BadVerb(OAIError):
    """The verb is missing, repeated or not one of the six."""

    code = "badVerb"


class BadArgument(OAIError):
    """An argument is illegal, missing, repeated or has an illegal syntax."""

    code = "badArgument"


class BadResumptionToken(OAIError):
    """The resumption token is invalid (tampered, malformed, for another verb) or expired."""

    code = "badResumptionToken"


class CannotDisseminateFormat(OAIError):
    """The metadata format is not supported by the repository or by the item."""

    code = "cannotDisseminateFormat"


class IdDoesNotExist(OAIError):
    """The identifier is unknown or illegal in this repository."""

    code = "idDoesNotExist"


class NoRecordsMatch(OAIError):
    """The from/until/set/metadataPrefix combination selects nothing."""

    code = "noRecordsMatch"


class NoMetadataFormats(OAIError):
    """The item exists but can be disseminated in no format."""

    code = "noMetadataFormats"


class NoSetHierarchy(OAIError):
    """The repository does not support sets."""

    code = "noSetHierarchy"


OAI_ERRORS: dict[str, type[OAIError]] = {
    cls.code: cls
    for cls in (
        BadVerb,
        BadArgument,
        BadResumptionToken,
        CannotDisseminateFormat,
        IdDoesNotExist,
        NoRecordsMatch,
        NoMetadataFormats,
        NoSetHierarchy,
    )
}


# --- harvesting ---------------------------------------------------------------------------


class HarvestError(Exception):
    """A remote repository could not be harvested; the message says which URL and why."""


class HarvestHTTPError(HarvestError):
    """The server answered an HTTP error status (after any allowed retries)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class HarvestNetworkError(HarvestError):
    """The server could not be reached (DNS, refused connection, TLS…) after retries."""


class HarvestTimeout(HarvestNetworkError):
    """The server did not answer within the time-out, after retries."""


class ResponseTooLarge(HarvestError):
    """A response exceeded the harvester's byte limit; it was not read any further."""


class MalformedResponse(HarvestError):
    """A response is not well-formed XML, or not an OAI-PMH response."""


class UnsafeXML(MalformedResponse):
    """A response carries a DOCTYPE (entity declarations, external DTDs): refused unread."""


class RemoteOAIError(HarvestError):
    """The repository answered an OAI-PMH error other than ``noRecordsMatch``."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code
