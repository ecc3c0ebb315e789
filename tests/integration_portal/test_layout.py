import pytest

pytestmark = pytest.mark.django_db


def test_start_page_is_public_and_swedish(client):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in body
    assert "Integration i länet" in body


def test_skip_link_comes_before_everything_else(client):
    body = client.get("/").content.decode()
    body_start = body.index("<body>")
    first_link = body.index("<a ", body_start)
    assert 'class="skip-link" href="#main"' in body[first_link : first_link + 60]
    assert 'id="main"' in body


def test_footer_links_to_accessibility_statement_and_contact_page(client):
    body = client.get("/").content.decode()
    assert 'href="/tillganglighet/"' in body
    assert 'href="/kontakt/"' in body


def test_accessibility_statement_has_every_element_the_law_requires(client):
    body = client.get("/tillganglighet/").content.decode()
    for needed in [
        "delvis förenlig",  # compliance status
        "Innehåll som inte är tillgängligt",  # known gaps
        "Hur vi testat webbplatsen",  # method
        'datetime="2026-12-01"',  # assessment date
        "Rapportera brister",  # how to report
        "https://www.digg.se/tdosanmalan",  # supervisory authority
    ]:
        assert needed in body


def test_language_switch_to_english_and_back(client):
    page = client.get("/kontakt/?kommun=0181").content.decode()
    assert 'href="/sprak/en/?next=/kontakt/%3Fkommun%3D0181"' in page
    response = client.get("/sprak/en/", {"next": "/kontakt/?kommun=0181"})
    assert response.status_code == 302
    assert response["Location"] == "/kontakt/?kommun=0181"
    body = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in body
    assert "Skip to main content" in body
    assert 'href="/sprak/sv/?next=/kontakt/%3Fkommun%3D0181"' in body
    response = client.get("/sprak/sv/", {"next": "/"}, follow=True)
    assert '<html lang="sv">' in response.content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://example.org/", "//example.org/", "javascript:alert(1)", ""]
)
def test_language_switch_only_goes_back_to_this_site(client, next_url):
    response = client.get("/sprak/en/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_language_switch_refuses_unknown_languages_and_posts(client):
    assert client.get("/sprak/de/").status_code == 404
    assert "django_language" not in client.cookies
    assert client.post("/sprak/en/").status_code == 405


def test_public_pages_carry_no_csrf_token_or_cookie(client):
    for url in ("/", "/kontakt/", "/oppna-data/"):
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "csrftoken" not in response.cookies


def test_404_page_uses_the_portal_layout(client):
    response = client.get("/det-har-finns-inte/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Sidan finns inte" in body
    assert "skip-link" in body


def test_500_page_renders_in_the_layout(rf):
    from integration_portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Något gick fel hos oss" in response.content.decode()


def test_navigation_depends_on_role(client, staff, reporter_a):
    anonymous = client.get("/").content.decode()
    assert "Mina sidor" not in anonymous
    client.force_login(staff)
    staff_page = client.get("/konto/").content.decode()
    assert "Bjud in en kommunrapportör" in staff_page
    client.force_login(reporter_a)
    reporter_page = client.get("/konto/").content.decode()
    assert "Mina sidor" in reporter_page
    assert "Bjud in en kommunrapportör" not in reporter_page
    assert "Södertälje" in reporter_page


def test_browser_language_does_not_switch_the_portal_to_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in response.content.decode()
    assert response["Content-Language"] == "sv"


def test_every_breadcrumb_trail_is_drawn_by_the_one_partial():
    """One accessible name for the trail everywhere: no template writes its own."""
    from pathlib import Path

    from django.conf import settings

    templates = Path(settings.BASE_DIR) / "templates"
    own_trails = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if 'class="breadcrumb"' in path.read_text() and path.name != "breadcrumbs.html"
    ]
    assert own_trails == []


@pytest.mark.parametrize(("language", "label"), [("sv", "Brödsmulor"), ("en", "Breadcrumbs")])
def test_breadcrumb_trail_has_one_label_in_each_language(language, label):
    from django.template import Context, Template
    from django.utils import translation

    template = Template(
        '{% load portal %}{% breadcrumbs %}<li class="breadcrumb-item">A</li>{% endbreadcrumbs %}'
    )
    with translation.override(language):
        html = template.render(Context())
    assert html == (
        f'<nav aria-label="{label}"><ol class="breadcrumb">'
        '<li class="breadcrumb-item">A</li></ol></nav>\n'
    )


def _title(response) -> str:
    import re

    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_page_title_starts_with_fel_when_a_form_on_the_page_has_errors(client, staff):
    login = "/konto/logga-in/"
    assert not _title(client.get(login)).startswith("Fel")
    failed = client.post(login, {"username": staff.email, "password": "wrong"})
    assert _title(failed).startswith("Fel: Logga in")
    empty = client.post(login, {})
    assert _title(empty).startswith("Fel: ")


def test_unbound_forms_are_not_validated_for_the_title(client, staff):
    client.force_login(staff)
    response = client.get("/granska/")
    assert not _title(response).startswith("Fel")


def test_every_page_has_the_portals_favicon_and_the_mark_in_the_header(client):
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and "img/favicon.svg" in page and "img/favicon.ico" in page
    assert "img/wordmark.svg" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.ico")
