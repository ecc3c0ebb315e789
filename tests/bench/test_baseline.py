"""The benchmark's baseline view: routed only when BENCHMARK_BASELINE is on, and trivial."""

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from integration_portal.views import benchmark_baseline


def test_baseline_is_not_routed_unless_the_benchmark_turns_it_on(settings):
    assert settings.BENCHMARK_BASELINE is False
    with pytest.raises(NoReverseMatch):
        reverse("benchmark_baseline")


@pytest.mark.django_db
def test_baseline_answers_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = benchmark_baseline(RequestFactory().get("/__bench__/baseline/"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
