"""Identify: the repository's description, over GET and POST."""

from __future__ import annotations

from oai_pmh import Provider
from oai_pmh.namespaces import OAI_IDENTIFIER

from .conftest import NS, call, error_code, request_attributes, verb
from .factories import BASE_URL, NOW, SECRET, identifier, repository_info, sample_repository

ID_NS = f"{{{OAI_IDENTIFIER}}}"


def test_identify_describes_the_repository(oai):
    root = oai("Identify")
    identify = root.find(NS + "Identify")
    assert identify.findtext(NS + "repositoryName") == "dclic test catalogue"
    assert identify.findtext(NS + "baseURL") == BASE_URL
    assert identify.findtext(NS + "protocolVersion") == "2.0"
    assert identify.findtext(NS + "adminEmail") == "oai@dclic.example.org"
    assert identify.findtext(NS + "earliestDatestamp") == "2024-01-01T00:00:00Z"
    assert identify.findtext(NS + "deletedRecord") == "persistent"
    assert identify.findtext(NS + "granularity") == "YYYY-MM-DDThh:mm:ssZ"


def test_identify_carries_an_oai_identifier_description(oai):
    description = oai("Identify").find(f"{NS}Identify/{NS}description/{ID_NS}oai-identifier")
    assert description.findtext(ID_NS + "scheme") == "oai"
    assert description.findtext(ID_NS + "repositoryIdentifier") == "dclic.example.org"
    assert description.findtext(ID_NS + "delimiter") == ":"
    assert description.findtext(ID_NS + "sampleIdentifier") == identifier(1)


def test_identify_without_repository_identifier_has_no_description():
    repository = sample_repository()
    repository._info = repository_info(repository_identifier="", sample_identifier="")
    root = call(Provider(repository, token_secret=SECRET), *verb("Identify"))
    assert root.find(f"{NS}Identify/{NS}description") is None


def test_response_header_has_utc_response_date_and_echoes_the_request(oai):
    root = oai("Identify")
    assert root.findtext(NS + "responseDate") == "2025-03-01T12:00:00Z"
    assert root.findtext(NS + "request") == BASE_URL
    assert request_attributes(root) == {"verb": "Identify"}


def test_identify_answers_post_like_get(provider):
    get = provider.handle("GET", verb("Identify"), now=NOW)
    post = provider.handle("POST", verb("Identify"), now=NOW)
    assert get == post


def test_identify_refuses_any_argument(oai):
    root = oai("Identify", identifier=identifier(1))
    assert error_code(root) == "badArgument"
    assert request_attributes(root) == {}


def test_response_date_defaults_to_the_current_utc_time(provider):
    body = provider.handle("GET", verb("Identify"))
    assert b"<responseDate>20" in body and b"Z</responseDate>" in body


def test_other_http_methods_are_refused(provider):
    import pytest

    with pytest.raises(ValueError, match="GET and POST"):
        provider.handle("PUT", verb("Identify"))
