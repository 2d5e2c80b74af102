"""The statement and the programme extract as PDF (issue #23, point 5): each is its page's own
template rendered by WeasyPrint, opened here with pypdf as a reader would open it: its text in the
page's language with the issuer, the language tag, the tagged structure that screen readers
follow (PDF/UA-1), the title, the embedded font, and for the statement the reference and the
QR code's target, /verify with the reference, also a link and printed in full."""

from __future__ import annotations

import io

import pytest
import segno
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from portal import documents
from portal import vocabulary as v
from portal.registry import registry
from tests.conftest import csrf_token, items_of, persona, signed_in
from tests.pagecheck import main_text, translated

LANGS = ["kk", "ru"]
ISSUER = "Issued by the Qoljetimdi portal, from the central database of persons with disabilities."
TITLE = "%(page)s – %(service)s"


@pytest.fixture
def wheelchair_user(demo):
    return persona(demo, lambda p: "personal_assistant" in items_of(p))


def made_statement(client) -> str:
    """The reference of a statement the signed-in client makes, as the status page's button does."""
    made = client.post("/kk/cabinet/statements", data={"csrf_token": csrf_token(client, "/kk/cabinet/status")})
    assert made.status_code == 302
    return made.headers["Location"].rsplit("/", 1)[1]


def opened(response) -> PdfReader:
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    return PdfReader(io.BytesIO(response.data))


def text_of(reader: PdfReader) -> str:
    """The PDF's text with every run of white space one space, as pages run on."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def links_of(reader: PdfReader) -> list[str]:
    return [annotation.get_object()["/A"]["/URI"] for page in reader.pages
            for annotation in page.get("/Annots", []) if annotation.get_object()["/Subtype"] == "/Link"]


def structure(reader: PdfReader) -> list[tuple[str, str | None]]:
    """(type, /Alt) of every element of the structure tree, in reading order."""
    found = []

    def walk(element):
        element = element.get_object()
        if isinstance(element, list):
            for child in element:
                walk(child)
        elif hasattr(element, "get") and "/S" in element:
            found.append((element["/S"], element.get("/Alt")))
            if "/K" in element:
                walk(element["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def fonts_of(reader: PdfReader) -> set[str]:
    """The names of the fonts embedded in the pages (a font with a FontFile is carried inside)."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            for descendant in font.get_object().get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"]
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(descendant.get_object()["/BaseFont"]).split("+")[-1])
    return names


def assert_accessible(reader: PdfReader, lang: str, heading: str) -> None:
    """Tagged (PDF/UA-1): language, structure tree, marked content, the title shown as the window's."""
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    kinds = [kind for kind, _ in structure(reader)]
    assert kinds.count("/H1") == 1 and "/P" in kinds
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == translated(lang, TITLE, page=heading, service=translated(lang, "Qoljetimdi"))
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()  # PDF/UA-1 says it is
    assert fonts_of(reader) == {"DejaVu-Sans", "DejaVu-Sans-Bold"}


# The statement ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_statement_as_pdf_says_what_the_page_says_with_the_issuer_and_the_reference(
        app, client, wheelchair_user, lang):
    reference = made_statement(signed_in(client, wheelchair_user))
    response = client.get(f"/{lang}/cabinet/statements/{reference}.pdf")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{reference}.pdf"'
    reader = opened(response)
    heading = translated(lang, "Statement of disability status")
    assert_accessible(reader, lang, heading)

    text = text_of(reader)
    person = registry().find_person(wheelchair_user)
    for said in (translated(lang, "Qoljetimdi"), translated(lang, ISSUER), heading, person.full_name, person.iin,
                 translated(lang, "Reference"), reference):
        assert said in text, said
    if lang == "kk":  # the Kazakh letters are text, not boxes: the font has them and they are extracted
        assert "Мүгедектік туралы анықтама" in text and "«Қолжетімді» порталы" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_statements_qr_code_and_link_lead_to_its_check(app, client, wheelchair_user, monkeypatch, lang):
    """The QR code's content is caught where segno encodes it; the PDF carries the same address as
    a link, printed in full, next to the code, whose alternative text says what it is for."""
    encoded = []
    make = segno.make

    def encoding(content, **options):
        encoded.append(content)
        return make(content, **options)

    monkeypatch.setattr(segno, "make", encoding)
    reference = made_statement(signed_in(client, wheelchair_user))
    reader = opened(client.get(f"/{lang}/cabinet/statements/{reference}.pdf"))

    check = f"{app.config['PUBLIC_BASE_URL']}/{lang}/verify?reference={reference}"
    assert encoded == [check]
    assert set(links_of(reader)) == {check}
    assert check in "".join(text_of(reader).split())  # the address may wrap at the page's edge
    assert ("/Figure", translated(lang, "QR code to check this statement")) in structure(reader)
    # The address checks this very statement, and finds it genuine.
    checked = client.get(check.removeprefix(app.config["PUBLIC_BASE_URL"]))
    assert translated(lang, "This statement is genuine") in main_text(checked)


@pytest.mark.parametrize("lang", LANGS)
def test_the_statement_page_offers_its_pdf(app, client, wheelchair_user, lang):
    reference = made_statement(signed_in(client, wheelchair_user))
    page = client.get(f"/{lang}/cabinet/statements/{reference}")
    links = {a.get("href"): "".join(a.itertext()) for a in page.doc.iterfind(".//main//a")}
    assert links[f"/{lang}/cabinet/statements/{reference}.pdf"] == translated(lang, "Download the statement as PDF")


def test_someone_elses_statement_has_no_pdf(app, client, demo, wheelchair_user):
    reference = made_statement(signed_in(app.test_client(), wheelchair_user))
    other = persona(demo, lambda p: p["decisions"] and p["iin"] != wheelchair_user)
    assert signed_in(client, other).get(f"/kk/cabinet/statements/{reference}.pdf").status_code == 404


# The programme extract ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_programme_extract_lists_every_item_with_the_issuer(app, client, demo, wheelchair_user, lang):
    response = signed_in(client, wheelchair_user).get(f"/{lang}/cabinet/programme.pdf")
    programme = registry().person_file(wheelchair_user).latest_programme
    assert response.headers["Content-Disposition"] == f'attachment; filename="{programme.number}.pdf"'
    reader = opened(response)
    heading = translated(lang, "Extract from the individual habilitation and rehabilitation programme")
    assert_accessible(reader, lang, heading)

    text = text_of(reader)
    person = registry().find_person(wheelchair_user)
    for said in (translated(lang, ISSUER), heading, person.full_name, person.iin, translated(lang, "Generated on")):
        assert said in text, said
    assert programme.number in "".join(text.split())  # a number may wrap at a hyphen
    with app.test_request_context(f"/{lang}/"):
        for item in programme.items:
            assert " ".join(v.irp_kind_label(item.kind).split()) in text, item.kind
    # What is for the screen stays there: the filter, what to do next, links to ask for an item.
    assert translated(lang, "What happens next:") not in text
    assert translated(lang, "Show items") not in text
    assert links_of(reader) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_programme_page_offers_its_extract(app, client, wheelchair_user, lang):
    page = signed_in(client, wheelchair_user).get(f"/{lang}/cabinet/programme")
    links = {a.get("href"): "".join(a.itertext()) for a in page.doc.iterfind(".//main//a")}
    assert links[f"/{lang}/cabinet/programme.pdf"] == translated(lang, "Download the programme extract as PDF")


def test_without_a_programme_the_extract_leads_to_the_page_that_says_so(app, client, demo):
    without = persona(demo, lambda p: not p["programmes"])
    response = signed_in(client, without).get("/ru/cabinet/programme.pdf")
    assert (response.status_code, response.headers["Location"]) == (302, "/ru/cabinet/programme")


# Rendering ----------------------------------------------------------------------------------------

def test_a_document_fetches_nothing_from_anywhere():
    fetcher = documents.NothingFetched()
    for address in ("https://example.org/logo.png", "http://127.0.0.1:5000/static/css/portal.css",
                    "file:///etc/passwd"):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(address)
    drawn = fetcher.fetch(documents.qr_code("https://qoljetimdi.kz/kk/verify?reference=QJ-2222-3333"))
    try:
        assert drawn.content_type == "image/svg+xml" and b"<svg" in drawn.read()
    finally:
        drawn.close()


def test_a_file_name_has_only_letters_digits_and_hyphens():
    assert documents.file_name("QJ-ABCD-2345") == "QJ-ABCD-2345.pdf"
    assert documents.file_name('ИПР 12/3"; x') == "12-3-x.pdf"
    assert documents.file_name("№") == "document.pdf"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_person_downloads_only_so_many_pdfs_in_an_hour(app, client, wheelchair_user, lang):
    """A long extract costs the portal seconds of work: a script cannot keep its workers busy."""
    app.config["DOCUMENT_LIMIT"] = "2 per hour"
    signed_in(client, wheelchair_user)
    statement = made_statement(client)
    assert client.get(f"/{lang}/cabinet/programme.pdf").status_code == 200
    assert client.get(f"/{lang}/cabinet/statements/{statement}.pdf").status_code == 200
    paused = client.get(f"/{lang}/cabinet/programme.pdf")
    assert paused.status_code == 429
    assert translated(lang, "Making a PDF takes the portal a while, so one person can download only a limited "
                            "number of them in an hour.") in main_text(paused)
