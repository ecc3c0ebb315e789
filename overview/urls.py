from django.urls import path

from .views import county, dashboard, kolada, opendata, review_queue

app_name = "overview"

urlpatterns = [
    path("arbete/", dashboard.dashboard, name="dashboard"),
    path("granska/", review_queue.review_queue, name="review_queue"),
    path("uppfoljning/<int:year>/", county.county_overview, name="county"),
    path(
        "uppfoljning/<int:year>/export/<slug:table>.<slug:fmt>",
        county.county_overview_export,
        name="county_export",
    ),
    path("kommun/<str:code>/uppfoljning/", county.municipality_overview, name="municipality"),
    path(
        "kommun/<str:code>/uppfoljning/export/<slug:table>.<slug:fmt>",
        county.municipality_overview_export,
        name="municipality_export",
    ),
    path("kolada/nyckeltal/", kolada.kpi_list, name="kolada_kpis"),
    path("kolada/nyckeltal/valj/", kolada.kpi_choose, name="kolada_choose"),
    path("kolada/nyckeltal/<int:pk>/ta-bort/", kolada.kpi_remove, name="kolada_remove"),
    # Open data: public, no sign-in.
    path("oppna-data/", opendata.index, name="opendata"),
    path("oppna-data/katalog.rdf", opendata.catalogue, name="opendata_catalogue"),
    path("oppna-data/<int:year>/", opendata.year_table, name="opendata_year"),
    path("oppna-data/<int:year>.csv", opendata.year_csv, name="opendata_csv"),
    path("oppna-data/<int:year>.json", opendata.year_json, name="opendata_json"),
    path("oppna-data/<int:year>/versioner/", opendata.changelog, name="opendata_versions"),
    path(
        "oppna-data/<int:year>/version-<int:number>.csv",
        opendata.year_csv,
        name="opendata_version_csv",
    ),
    path(
        "oppna-data/<int:year>/version-<int:number>.json",
        opendata.year_json,
        name="opendata_version_json",
    ),
]
