import pytest

from tests.api.conftest import full_figures
from tests.api.helpers import ApiClient

pytestmark = pytest.mark.django_db


def test_a_reporter_token_saves_and_submits(write_token, period, agreement_a, municipality_a):
    token, secret = write_token
    client = ApiClient(secret)
    url = f"/api/v1/municipalities/0181/reports/{period.pk}"
    got = client.get(url)
    print(got.content)
    assert got.status_code == 200
    saved = client.put(url, {"version": 0, "figures": full_figures()})
    print(saved.content)
    assert saved.status_code == 200
    sent = client.post(url + "/submit", {"version": saved.json()["version"]})
    print(sent.content)
    assert sent.status_code == 200
